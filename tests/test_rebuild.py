"""Reviewer edits survive a rebuild after the text or the segmenter changes (end to end)."""

from __future__ import annotations

import re

from workbench.pipeline import build_project
from workbench.store import Store

BOOK = "001_d169d87f802cdce3.txt"


def _edit_some(store: Store) -> dict[str, tuple[str, str]]:
    """Edit and confirm a few sentences of 001; returns mt -> (new text, status)."""
    units = [u for u in store.units(queue="sentences") if u.file == BOOK]
    chosen = units[3:6] + units[100:102] + units[-2:]
    done = {}
    for n, u in enumerate(chosen):
        new = u.mt.replace("Belarus", "Bélarus") + " [révisé]"
        edited = store.edit(u.key, new, who="tester", expected_version=u.version)
        if n % 2 == 0:
            store.set_status(u.key, "confirmed", who="tester", expected_version=edited.version)
        done[u.mt] = (new, "confirmed" if n % 2 == 0 else "draft")
    return done


def _find(store: Store, text: str):
    hits = [u for u in store.units(queue="sentences") if u.text == text]
    assert len(hits) == 1, text
    return hits[0]


def test_edits_survive_shifted_lines_and_changed_quotes(project):
    with Store.open(project) as store:
        build_project(store, project)
        done = _edit_some(store)
        before = {t: _find(store, t).line_start for t, _ in done.values()}

    # The corpus file changes: three new lines on top (every line number moves)
    # and curly quotes instead of straight ones.
    path = project / "corpus" / BOOK
    text = path.read_text(encoding="utf-8")
    path.write_text("\n\n\n" + text.replace('"', "\u201d"), encoding="utf-8")

    with Store.open(project) as store:
        summary = build_project(store, project)
        assert not [k for r in summary.reports for k in r.orphaned]
        for new, status in done.values():
            u = _find(store, new)
            assert u.status == status
            assert u.line_start == before[new] + 3
            assert u.history_count >= 1


MARKER_AFTER_PUNCT = re.compile(r'(?<=[.!?"»])\s?\d{1,3}\b')


def test_edits_survive_a_segmenter_change(project, monkeypatch):
    """The segmenter improves: reference markers glued to the text (`libres.1`)
    leave the sentence text. Reviewer edits made on the old segmentation (markers
    in place) must follow their sentences to the new keys."""
    from workbench import pipeline
    from workbench.markers import Linking

    with monkeypatch.context() as m:  # the old segmenter: markers left in the text
        m.setattr(pipeline, "link_markers", lambda segs, entries, lines: Linking([], segs, []))
        old_segment = pipeline.segment_text
        m.setattr(pipeline, "segment_text", lambda text, name, sentences=True: old_segment(text, name))
        with Store.open(project) as store:
            build_project(store, project, use_cache=False)  # the old code's results are not to be kept
            units = [u for u in store.units(queue="sentences") if u.file == BOOK]
            marked = [u for u in units if MARKER_AFTER_PUNCT.search(u.mt)][:5]
            plain = [u for u in units if not re.search(r"\d", u.mt)][10:12]
            assert len(marked) == 5
            for u in marked + plain:
                edited = store.edit(u.key, u.mt + " [révisé]", who="tester", expected_version=u.version)
                store.set_status(u.key, "confirmed", who="tester", expected_version=edited.version)

    with Store.open(project) as store:  # the new one
        summary = build_project(store, project)
        reattached = dict(p for r in summary.reports for p in r.reattached)
        orphaned = [k for r in summary.reports for k in r.orphaned]
        assert orphaned == []
        for u in marked:
            assert u.key in reattached  # moved to the unit with the marker-free text
            now = store.unit(reattached[u.key])
            assert now.text == u.mt + " [révisé]" and now.status == "confirmed"
            assert now.mt == MARKER_AFTER_PUNCT.sub("", u.mt) or not MARKER_AFTER_PUNCT.search(now.mt)
            assert [h.action for h in store.history(now.key)][-1] == "reattach"
        for u in plain:
            assert u.key not in reattached
            assert store.unit(u.key).status == "confirmed"
