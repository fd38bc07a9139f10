"""Post-editing scores: figures checked against edit distances counted by hand."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest
from conftest import BOOKS, CORPUS, ROOT
from lxml import etree

from workbench import scores


@dataclass
class U:  # the fields of a store UnitRow that scores read
    key: str
    file: str
    queue: str
    mt: str
    text: str
    status: str


def test_hter_counts_edits_per_reference_word():
    # 2 substitutions (est -> était, le -> un) over 6 reference words, 1 insertion over 4
    pairs = [("le chat est sur le tapis", "le chat était sur un tapis"), ("a b c", "a b c d")]
    h = scores.hter(pairs)
    assert (h["edits"], h["ref_words"], h["segments"]) == (3, 10, 2)
    assert h["score"] == 30.0  # corpus level: 3 / 10, not the mean of 33.3 and 25
    assert h["signature"].startswith("nrefs:1|case:mixed|tok:tercom") and "version:" in h["signature"]
    assert scores.unit_hters(pairs) == pytest.approx([100 * 2 / 6, 25.0])
    # case-sensitive: a capital is an edit
    assert scores.hter([("Le chat", "le chat")])["edits"] == 1
    # a shift is one edit (TER), where word error rate would count two
    assert scores.hter([("b a c d e f", "a c d e f b")])["edits"] == 1
    assert scores.hter([]) is None


def test_mt_quality_and_chrf_carry_signatures():
    q = scores.mt_quality([("le chat est sur le tapis", "le chat est sur le tapis")])
    assert q["chrf++"]["score"] == 100.0 and q["bleu"]["score"] == 100.0
    assert "nw:2" in q["chrf++"]["signature"] and "tok:13a" in q["bleu"]["signature"]
    q = scores.mt_quality([("le chien dort", "le chat est sur le tapis")])
    assert 0 < q["chrf++"]["score"] < 40 and q["bleu"]["score"] < 10
    c = scores.chrf([("Le Belarus et la Chine", "Le Bélarus et la Chine")])
    assert 50 < c["score"] < 100 and "nw:0" in c["signature"]
    assert scores.mt_quality([]) is None and scores.chrf([]) is None


def test_biblio_pairs_prefer_the_same_book():
    from workbench.storage.base import SourceMemberRow as M
    from workbench.storage.base import SourceRow

    sources = [
        SourceRow(1, "u", (
            M("a", "footnote", 1, 1, "Titre A"),
            M("b", "bibliography", None, 9, "Titre B"),
            M("a", "bibliography", None, 5, "Titre A bis"),
            M("c", "footnote", 2, 3, "Titre C"))),
        SourceRow(2, "v", (M("a", "footnote", 3, 7, "Seul"),)),
    ]
    assert scores.biblio_pairs(sources) == [("a", "Titre A", "Titre A bis"), ("c", "Titre C", "Titre B")]


def test_score_project_per_book_and_overall():
    units = [
        U("a1", "a.txt", "sentences", "le chat est sur le tapis", "le chat était sur un tapis", "confirmed"),
        U("a2", "a.txt", "sentences", "a b c", "a b c", "approved"),  # reviewed, unchanged: 0 edits
        U("a3", "a.txt", "sentences", "x y", "x y z", "draft"),  # unfinished: not counted
        U("b1", "b.txt", "titles", "Un titre", "Le titre", "confirmed"),
        U("b2", "b.txt", "titles", "Autre", "Autre", "new"),
    ]
    from workbench.storage.base import SuggestionRow as S

    sugg = [S("a1", "mt", "le chat était sur un tapis", "m", "1", None, ""),
            S("b1", "mt", "Un titre", "m", "1", None, ""),
            S("b2", "mt", "Autre", "m", "1", None, "")]
    r = scores.score_project(units, sugg, [])
    a, b, o = r["books"]["a.txt"], r["books"]["b.txt"], r["overall"]
    assert a["units"] == {"total": 3, "reviewed": 2, "by_status": {
        "new": 0, "draft": 1, "confirmed": 1, "approved": 1, "rejected": 0}}
    assert (a["hter"]["edits"], a["hter"]["ref_words"]) == (2, 9)
    assert (b["hter"]["edits"], b["hter"]["ref_words"]) == (1, 2)
    assert (o["hter"]["edits"], o["hter"]["ref_words"], o["hter"]["score"]) == (3, 11, round(300 / 11, 2))
    assert set(o["hter_by_queue"]) == {"sentences", "titles"}
    assert o["hter_by_queue"]["titles"]["score"] == 50.0
    # suggestions are scored on reviewed units only (b2 is new)
    assert a["mt"]["m 1"]["segments"] == 1 and a["mt"]["m 1"]["chrf++"]["score"] == 100.0
    assert o["mt"]["m 1"]["segments"] == 2
    assert o["footnote_vs_bibliography"] is None
    json.dumps(r)  # the --format json output


def test_nothing_reviewed_is_not_an_error():
    r = scores.score_project([U("a", "a.txt", "titles", "x", "x", "new")], [], [])
    assert r["overall"]["hter"] is None and r["overall"]["mt"] == {}
    assert scores.text_histogram([])[0].startswith("no reviewed units yet")


def test_histogram_bins_and_charts():
    values = [0, 0, 5, 10, 10.01, 55, 100, 150]
    h = dict(scores.histogram(values))
    assert (h["0"], h["0-10"], h["10-20"], h["50-60"], h["90-100"], h[">100"]) == (2, 2, 1, 1, 1, 1)
    assert sum(h.values()) == len(values)
    lines = scores.text_histogram(values, width=10)
    assert lines[1] == "      0 │██████████ 2" and lines[-1] == "   >100 │█████ 1"
    books = {"a.txt": {"units": {"total": 4, "reviewed": 2, "by_status": {
        "new": 2, "draft": 0, "confirmed": 1, "approved": 1, "rejected": 0}}}}
    prog = scores.progress_lines(books, width=8)
    assert prog[1] == "a.txt        │██▓▓····│  50.0% reviewed"
    units = [U("k1", "a.txt", "titles", "a b", "a c", "confirmed"), U("k2", "a.txt", "titles", "a", "a", "new")]
    chart = scores.terminal_chart(units, width=4)
    assert chart[0].startswith("HTER per unit (1 reviewed") and "  40-50 │████ 1" in chart
    assert chart[-1] == "a.txt        │▓▓··│  50.0% reviewed"
    svg = etree.fromstring(scores.svg_plot(values, books))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "HTER per unit (8 reviewed units)" in texts and "a.txt (2/4 reviewed)" in texts
    bars = [r for r in svg.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == "#0969da"]
    assert len(bars) == len(scores.BINS)
    # both axes labelled and ticked, a legend of every status, books named by their title
    assert {"reviewed units", "0", "2", "0%", "50%", "100%"} <= set(texts)
    assert any(t.startswith("HTER: % of the reference words edited") for t in texts)
    assert set(scores._COLOURS) <= set(texts)
    long = "Modifications de la loi comme incitation pour les investisseurs étrangers et les entreprises du pays"
    svg = etree.fromstring(scores.svg_plot(values, books, {"a.txt": long}))
    label = next(t for t in svg.iter("{http://www.w3.org/2000/svg}text") if t.text and t.text.endswith("(2/4 reviewed)"))
    assert label.text.startswith("Modifications de la loi") and "… (2/4 reviewed)" in label.text
    assert label.find("{http://www.w3.org/2000/svg}title").text == "a.txt"  # the file, on hover
    assert len(label.text) * scores.CHAR_W <= 400  # within the width of its bar


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("WORKBENCH_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_score_command(tmp_path):
    from workbench.store import Store

    (tmp_path / "corpus").mkdir()
    shutil.copy(CORPUS / BOOKS["002"], tmp_path / "corpus")
    assert run("build", "--project", str(tmp_path), "--quiet").returncode == 0
    p = run("score", "--project", str(tmp_path))
    assert p.returncode == 0, p.stderr
    assert "no reviewed units yet" in p.stdout and "Units by status" in p.stdout

    with Store.open(tmp_path, create=False) as store:
        u1, u2 = [u for u in store.units(queue="sentences") if len(u.mt.split()) > 5][:2]
        words = u1.mt.split()
        edited = store.edit(u1.key, " ".join(["Ainsi,", *words[1:]]), expected_version=u1.version)  # one substitution
        store.set_status(u1.key, "confirmed", expected_version=edited.version)
        store.set_status(u2.key, "approved", expected_version=u2.version)  # confirmed as it was: no edit
        ref_words = len(words) + len(u2.mt.split())
    p = run("score", "--project", str(tmp_path), "--format", "json", "--plot", str(tmp_path / "chart.svg"))
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    h = r["overall"]["hter"]
    assert (h["edits"], h["segments"]) == (1, 2)
    assert h["ref_words"] == ref_words  # tercom tokenisation splits on spaces, like str.split
    assert r["books"][BOOKS["002"]]["units"]["reviewed"] == 2
    fb = r["overall"]["footnote_vs_bibliography"]
    assert fb["segments"] > 50 and 0 < fb["score"] <= 100 and fb["signature"].startswith("nrefs:1")
    chart = etree.parse(str(tmp_path / "chart.svg")).getroot()
    assert chart.tag.endswith("svg")
    labels = [t.text for t in chart.iter("{http://www.w3.org/2000/svg}text") if t.text and "reviewed)" in t.text]
    assert len(labels) == 1 and labels[0].startswith("Biélorussie - Russie") and labels[0].endswith(" reviewed)")
    assert "6350e2ab" not in labels[0]  # the book's title, not its file name
    p = run("score", "--project", str(tmp_path))
    assert "TER signature: nrefs:1|case:mixed|tok:tercom" in p.stdout and "HTER per unit (2 reviewed" in p.stdout
    p = run("score", "--project", str(tmp_path), "--plot", str(tmp_path / "chart.png"))
    assert p.returncode == 2 and "SVG" in p.stderr and len(p.stderr.strip().splitlines()) == 1
    p = run("score", "--project", str(tmp_path / "none"))
    assert p.returncode == 2 and "Traceback" not in p.stderr
