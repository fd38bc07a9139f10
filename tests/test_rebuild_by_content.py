"""Reviewer edits follow their sentence across corpus changes, through the real
`workbench build` run twice with a review edit in between (the short book of the series).

Each case changes the corpus as an extraction or a proof-reader would: a word fixed
in a source line, a paragraph inserted before, a sentence split in two, the file
renamed, the file re-extracted with another line wrapping (and another name)."""

from __future__ import annotations

import contextlib
import io
import json
import textwrap
from pathlib import Path

import pytest
from conftest import GOLD

from workbench.cli import main
from workbench.store import Store

BOOK = "900_3c9b0f5e2a71d4e8.txt"
SHORT = (GOLD / "short_book.txt").read_text(encoding="utf-8")


def build(project: Path) -> str:
    """`workbench build --project DIR` through the command's entry point; its report."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["build", "--project", str(project)]) == 0
    return out.getvalue()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / BOOK).write_text(SHORT, encoding="utf-8")
    build(tmp_path)
    return tmp_path


def edit(project: Path, starts: str, change, status: str = "confirmed") -> str:
    """The reviewer corrects the sentence beginning with `starts`; returns the new text."""
    with Store.open(project) as store:
        [u] = [u for u in store.units(queue="sentences") if u.mt.startswith(starts)]
        new = change(u.mt)
        assert new != u.mt
        e = store.edit(u.key, new, who="reviewer", expected_version=u.version)
        store.set_status(u.key, status, who="reviewer", expected_version=e.version)
    return new


def reviewed(project: Path) -> dict[str, tuple[str, str, bool]]:
    """text -> (status, file, orphaned) of every unit a reviewer worked on."""
    with Store.open(project) as store:
        return {u.text: (u.status, u.file, u.orphaned) for u in store.units(queue="sentences")
                if u.status != "new" or u.text != u.mt}


def history_actions(project: Path, text: str) -> list[str]:
    with Store.open(project) as store:
        [u] = [u for u in store.units(queue="sentences") if u.text == text]
        return [h.action for h in store.history(u.key)]


def rewrite(project: Path, old: str, new: str, name: str = BOOK, rename: str | None = None) -> None:
    path = project / "corpus" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    if rename:
        path.rename(project / "corpus" / rename)


def test_a_word_fixed_in_the_source_line(book: Path) -> None:
    long = edit(book, "Les parties ont convenu", lambda t: t.replace("créer", "fonder"))
    short = edit(book, "La coopération dans le domaine", lambda t: t.replace("également", "aussi"))
    rewrite(book, "convenu de créer des entreprises", "convenu de créer de nouvelles entreprises")
    # a short sentence reworded more than a fuzzy match accepts: its neighbours place it
    rewrite(book, "de l'éducation se développe", "de l'enseignement se renforce")
    out = build(book)
    units = reviewed(book)
    assert units[long] == ("confirmed", BOOK, False)
    assert units[short] == ("confirmed", BOOK, False)
    assert history_actions(book, short)[-1] == "reattach"
    assert "2 reviewer edits re-attached" in out and "neighbours 1" in out and "lowest match score" in out
    with Store.open(book) as store:
        [h] = [h for h in store.history(next(u.key for u in store.units() if u.text == short))
               if h.action == "reattach"]
        assert h.detail["how"] == "neighbours" and 60 <= h.detail["ratio"] < 90


def test_a_paragraph_inserted_before(book: Path) -> None:
    new = edit(book, "Le Belarus considère", lambda t: t.replace("fiable", "sûr"))
    rewrite(book, "Le Belarus considère", "Un paragraphe ajouté par l'éditeur précède désormais celui-ci.\n\n"
                  "Le Belarus considère")
    out = build(book)
    assert reviewed(book)[new] == ("confirmed", BOOK, False)
    assert "could not be re-attached" not in out


def test_a_sentence_split_in_two(book: Path) -> None:
    new = edit(book, "Les parties ont convenu", lambda t: t.replace("créer", "fonder"))
    rewrite(book, "entreprises \n\ncommunes dans le domaine", "entreprises \n\ncommunes. Elles travailleront dans le domaine")
    out = build(book)
    units = reviewed(book)
    assert "could not be re-attached" not in out
    first = "Les parties ont convenu de fonder des entreprises communes."
    assert units[first] == ("confirmed", BOOK, False)
    [second] = [t for t in units if t.startswith("Elles travailleront")]
    assert units[second][0] == "draft"  # words the reviewer never saw: to be checked again
    assert "split" in out
    with Store.open(book) as store:  # the first part keeps the reviewer's whole history
        [u] = [u for u in store.units() if u.text == first]
        assert [h.action for h in store.history(u.key)] == ["edit", "status", "reattach"]
        assert store.history(u.key)[-1].old_text == new


def test_a_file_renamed(book: Path) -> None:
    new = edit(book, "Le Belarus considère", lambda t: t.replace("fiable", "sûr"))
    draft = edit(book, "La coopération dans le domaine", lambda t: t + " (à vérifier)", status="draft")
    renamed = "900_77aa0e61c3b95f02.txt"
    (book / "corpus" / BOOK).rename(book / "corpus" / renamed)
    out = build(book)
    units = reviewed(book)
    assert units[new] == ("confirmed", renamed, False)
    assert units[draft] == ("draft", renamed, False)
    assert f"recognised by its content as {BOOK}" in out
    assert "could not be re-attached" not in out
    with Store.open(book) as store:
        assert {d.name for d in store.documents()} == {renamed}
        assert not store.units(orphaned=True)


def _rewrap(text: str, width: int) -> str:
    """Another extraction of the same pages: body lines wrapped at another width,
    long words hyphenated at a line's end, single-spaced (the body's lines end with a
    space in this extraction; footnotes and page furniture are kept as they are)."""
    out, run = [], []

    def flush() -> None:
        if run:
            joined = " ".join(x.strip() for x in run)
            lines = textwrap.wrap(joined, width)
            for k in range(len(lines) - 1):  # a long word cut at the line's end, as PDFs do
                first, _, rest = lines[k + 1].partition(" ")
                if len(first) >= 8 and first.isalpha():
                    lines[k] += " " + first[:4] + "-"
                    lines[k + 1] = first[4:] + (" " + rest if rest else "")
            out.extend(line + " " for line in lines)
            run.clear()

    for line in text.split("\n"):
        if line.endswith(" ") and line.strip() and not line.startswith(" "):
            run.append(line)
        elif not line and run:
            continue  # the empty lines between wrapped body lines of this extraction
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


def test_a_file_re_extracted_with_another_wrapping(book: Path) -> None:
    new = edit(book, "Le Belarus considère", lambda t: t.replace("fiable", "sûr"))
    other = edit(book, "Les parties ont convenu", lambda t: t.replace("créer", "fonder"))
    text = (book / "corpus" / BOOK).read_text(encoding="utf-8")
    (book / "corpus" / BOOK).unlink()
    again = "900_d41d8cd98f00b204.txt"
    rewrapped = _rewrap(text, 52)
    assert rewrapped != text
    (book / "corpus" / again).write_text(rewrapped, encoding="utf-8")
    out = build(book)
    units = reviewed(book)
    assert units[new] == ("confirmed", again, False)
    assert units[other] == ("confirmed", again, False)
    assert "could not be re-attached" not in out


def test_an_edit_with_no_home_is_listed_with_its_reason(book: Path) -> None:
    new = edit(book, "Le Belarus considère", lambda t: t.replace("fiable", "sûr"))
    rewrite(book, "Le Belarus considère l'Ouzbékistan comme un partenaire fiable en Asie \n\ncentrale.",
            "Tout autre propos, sans rapport avec le précédent.")
    out = build(book)
    assert reviewed(book)[new] == ("confirmed", BOOK, True)  # kept, flagged
    assert "1 reviewer edits could not be re-attached" in out
    assert "sentence not found in rebuild" in out
    with Store.open(book) as store:
        [u] = store.units(orphaned=True)
        assert json.dumps(store.history(u.key)[-1].detail).count("not found") == 1
