"""The command line as a user runs it: real subprocesses, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOOKS, ROOT, book_path


def run(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("WORKBENCH_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=input,
        env=env,
        timeout=120,
    )


def assert_one_line_error(p: subprocess.CompletedProcess, *needles: str) -> None:
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    for n in needles:
        assert n in lines[0]


def test_segments_jsonl_has_the_documented_fields():
    p = run("segments", str(book_path("001")), "--format", "jsonl")
    assert p.returncode == 0, p.stderr
    rows = [json.loads(x) for x in p.stdout.splitlines()]
    assert rows
    for r in rows:
        assert {"file", "index", "kind", "article", "text", "line_start", "line_end"} <= r.keys()
        assert r["file"] == BOOKS["001"]
    assert rows[0]["kind"] == "heading" and rows[0]["line_start"] == 1
    assert any(r["kind"] == "footnote" for r in rows)
    body = next(r for r in rows if r["kind"] == "body")
    assert body["sentences"][0]["line_start"] == 5


@pytest.mark.parametrize(
    "command",
    [[], ["segments"], ["build"], ["export"], ["export", "jsonl"], ["status"]],
)
def test_help_everywhere(command):
    p = run(*command, "--help")
    assert p.returncode == 0
    assert "usage:" in p.stdout


def test_missing_file(tmp_path):
    assert_one_line_error(run("segments", str(tmp_path / "nope.txt")), "nope.txt", "no such file")


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    assert_one_line_error(run("segments", str(f)), "empty.txt", "empty")


def test_binary_file(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    assert_one_line_error(run("segments", str(f)), "image.txt", "binary")


def test_latin1_file(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Le développement\n".encode("latin-1"))
    assert_one_line_error(run("segments", str(f)), "latin.txt", "not UTF-8")


def test_utf16_file_is_read(tmp_path):
    # the first 60 lines of 001, re-encoded as UTF-16 with BOM
    text = "\n".join(book_path("001").read_text(encoding="utf-8").split("\n")[:60])
    f = tmp_path / "utf16.txt"
    f.write_bytes(text.encode("utf-16"))
    p = run("segments", str(f))
    assert p.returncode == 0, p.stderr
    rows = [json.loads(x) for x in p.stdout.splitlines()]
    assert rows[0]["text"] == "Modifications de la loi comme incitation pour les investisseurs"


def test_garbled_file_is_reported_not_read_as_text(tmp_path):
    f = tmp_path / "garbled.txt"
    f.write_text("Un titre\n\n" + "\n".join("\ufffd\ufffd)+\ufffd \ufffd\ufffd\ufffd" for _ in range(30)) + "\nLa fin du texte.\n")
    p = run("segments", str(f))
    assert p.returncode == 0, p.stderr
    rows = [json.loads(x) for x in p.stdout.splitlines()]
    bad = [r for r in rows if r["kind"] == "unreadable"]
    assert len(bad) == 1 and (bad[0]["line_start"], bad[0]["line_end"]) == (3, 32)
    assert not any("\ufffd" in r["text"] for r in rows if r["kind"] != "unreadable")


def test_unknown_option():
    assert_one_line_error(run("segments", "--frobnicate", "x.txt"), "unrecognized arguments")
    assert_one_line_error(run("frobnicate"), "invalid choice")


def test_build_export_status(project):
    p = run("build", "--project", str(project))
    assert p.returncode == 0, p.stderr
    assert "Build summary" in p.stdout and "unreadable" in p.stdout
    assert (project / ".workbench" / "workbench.db").is_file()
    assert (project / "glossary").is_dir() and (project / "alignments").is_dir()

    out = project / "units.jsonl"
    p = run("export", "jsonl", "--project", str(project), "--out", str(out))
    assert p.returncode == 0, p.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 3000
    assert {r["file"] for r in rows} == set(BOOKS.values())
    assert {"key", "text", "status", "history_count"} <= rows[0].keys()
    assert all(r["status"] == "new" for r in rows)

    p = run("export", "jsonl", "--project", str(project), "--status", "confirmed")
    assert p.returncode == 0 and p.stdout == ""
    assert_one_line_error(run("export", "jsonl", "--project", str(project), "--status", "done"), "unknown status")

    p = run("status", "--project", str(project), "--format", "json")
    counts = json.loads(p.stdout)
    assert counts["documents"] == 5


def test_corrupt_database(project):
    db = project / ".workbench" / "workbench.db"
    db.parent.mkdir()
    db.write_bytes(b"this is not a database" * 100)
    assert_one_line_error(run("build", "--project", str(project)), "workbench.db")
    assert db.read_bytes() == b"this is not a database" * 100  # left as it was


def test_export_without_project(tmp_path):
    p = run("export", "jsonl", "--project", str(tmp_path))
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_build_without_corpus(tmp_path):
    assert_one_line_error(run("build", "--project", str(tmp_path)), "corpus")


def test_build_reports_a_bad_file_and_keeps_the_rest(project):
    (project / "corpus" / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    p = run("build", "--project", str(project), "--quiet")
    assert p.returncode == 2
    assert "broken.txt" in p.stderr and "binary" in p.stderr
    assert "Traceback" not in p.stderr
    p = run("status", "--project", str(project), "--format", "json")
    assert json.loads(p.stdout)["documents"] == 5


def test_footnotes_and_markers_commands():
    p = run("footnotes", str(book_path("003")))
    assert p.returncode == 0, p.stderr
    rows = [json.loads(x) for x in p.stdout.splitlines()]
    keys = {"file", "kind", "article", "number", "title", "title_lang", "authors", "year", "url", "pages",
            "line_start", "line_end", "raw", "marker_line"}
    assert rows and all(keys <= r.keys() for r in rows)
    first = rows[0]
    assert (first["number"], first["line_start"], first["marker_line"]) == (1, 49, 21)
    p = run("markers", str(book_path("003")), "--format", "table")
    assert p.returncode == 0 and "Harbin13" in p.stdout
    p = run("markers", str(book_path("003")))
    m = json.loads(p.stdout.splitlines()[0])
    assert {"file", "number", "line", "col", "text", "footnote_line", "sentence"} <= m.keys()
    p = run("footnotes", str(book_path("000")), "--diagnostics")
    assert "footnote 59 cited at line" in p.stdout
    for cmd in ("footnotes", "markers"):
        assert_one_line_error(run(cmd, "/nonexistent/book.txt"), "no such file")


def test_build_stores_footnotes_markers_sources(project):
    from workbench.store import Store

    assert run("build", "--project", str(project), "--quiet").returncode == 0
    with Store.open(project, create=False) as store:
        entries = store.entries(doc=BOOKS["002"], kind="bibliography")
        assert len(entries) >= 260
        assert store.markers(doc=BOOKS["002"])[0].number == 1
        assert any("has no entry" in m for _, m in store.diagnostics(doc=BOOKS["000"]))
        shared = [s for s in store.sources() if len({m.file for m in s.members}) > 1]
        assert len(shared) >= 30


def test_translit_command():
    url = "https://www.belta.by/economics/view/gomselmash-planiruet-utroit-postavki-tehniki-v-regiony-rossii-v-2021-godu-433109-2021/"
    p = run("translit", url, "belarus-i-kitaj")
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == [
        "гомсельмаш планирует утроить поставки техники в регионы россии в 2021 году",
        "беларусь и китай",
    ]
    p = run("translit", "--format", "jsonl", input=url + "\nhttp://www.government.by/ru/content/9807\n")
    rows = [json.loads(x) for x in p.stdout.splitlines()]
    assert rows[0]["slug"] == "gomselmash-planiruet-utroit-postavki-tehniki-v-regiony-rossii-v-2021-godu"
    assert {"input", "slug", "title_ru", "headline", "words"} <= rows[0].keys()
    # the headline as published: sentence case, the company and the country capitalised
    assert rows[0]["headline"] == "Гомсельмаш планирует утроить поставки техники в регионы России в 2021 году"
    assert rows[1]["status"] == "no_slug" and rows[1]["title_ru"] == "" and rows[1]["headline"] == ""
    assert_one_line_error(run("translit", input=""), "no URL or slug")


def test_align_command():
    p = run("align", str(book_path("002")), "--format", "jsonl")
    assert p.returncode == 0, p.stderr
    rows = [json.loads(x) for x in p.stdout.splitlines()]
    assert {"file", "number", "kind", "title_fr", "title_ru", "url", "score", "status", "evidence"} <= rows[0].keys()
    assert {r["kind"] for r in rows} == {"footnote", "bibliography"}
    assert sum(r["status"] == "aligned" for r in rows) > 300


def test_build_stores_title_units(project):
    from workbench.store import Store

    assert run("build", "--project", str(project), "--quiet").returncode == 0
    with Store.open(project, create=False) as store:
        titles = store.units(queue="titles")
        assert len(titles) > 500
        u = next(u for u in titles if u.source.startswith("Гомсельмаш планирует утроить"))
        assert u.mt.startswith("Gomselmash prévoit de tripler")
        assert u.context["url"].startswith("https://www.belta.by/") and u.context["number"] == 3
        assert u.context["sentence"]


GLOSSARY = (
    "fr\tru\tcomment\tid\ttype\tslug_stems\tvariants\tforbidden\tnote\n"
    "Gomselmash\tГомсельмаш\tcombine maker\tgomselmash\tcompany\tgomselmash\t\tGomselmashch\t\n"
    "BUTB\tБУТБ\tcommodity exchange\tbutb\torganisation\tbutb\t\tBOOTB\t\n"
)


def test_glossary_commands(project):
    g = project / "glossary"
    g.mkdir(exist_ok=True)
    (g / "glossary.tsv").write_text(GLOSSARY, encoding="utf-8")
    p = run("glossary", "validate", "--project", str(project))
    assert p.returncode == 0 and "2 concepts" in p.stdout
    p = run("glossary", "check", str(project / "corpus" / BOOKS["004"]), "--project", str(project),
            "--kind", "forbidden")
    rows = [json.loads(x) for x in p.stdout.splitlines()]
    assert rows and {"file", "line", "col", "found", "term", "kind", "suggestion", "context"} <= rows[0].keys()
    assert any(r["found"] == "Gomselmashch" and r["line"] == 201 for r in rows)

    assert run("build", "--project", str(project), "--quiet").returncode == 0
    p = run("glossary", "fix", "--project", str(project), "--dry-run")
    assert p.returncode == 0 and "Gomselmashch -> Gomselmash" in p.stdout and "would change" in p.stderr
    p = run("glossary", "fix", "--project", str(project))
    assert p.returncode == 0 and "changed" in p.stderr
    from workbench.store import Store

    with Store.open(project, create=False) as store:
        fixed = [u for u in store.units() if u.origin == "reviewer" and "Gomselmash" in u.text]
        assert fixed and all(u.status == "draft" for u in fixed)
        assert store.history(fixed[0].key)[-1].who == "glossary-fix"
        assert any(f.kind == "forbidden" for f in store.findings(doc=BOOKS["004"]))
    # and the corpus files are never touched
    assert (project / "corpus" / BOOKS["004"]).read_bytes() == book_path("004").read_bytes()


def test_malformed_glossary_is_one_line_error_and_loses_nothing(project):
    g = project / "glossary"
    g.mkdir(exist_ok=True)
    (g / "glossary.tsv").write_text(GLOSSARY, encoding="utf-8")
    assert run("build", "--project", str(project), "--quiet").returncode == 0
    before = json.loads(run("status", "--project", str(project), "--format", "json").stdout)
    (g / "glossary.tsv").write_text(GLOSSARY + "Minsk\tМинск\tcity\tbutb\tplace\t\t\t\t\n", encoding="utf-8")
    assert_one_line_error(run("glossary", "validate", "--project", str(project)), "glossary.tsv:4", "duplicate id")
    assert_one_line_error(run("build", "--project", str(project)), "glossary.tsv:4")
    after = json.loads(run("status", "--project", str(project), "--format", "json").stdout)
    assert after == before


def test_catastrophic_slug_stem_is_refused_by_validate_build_and_check(project):
    """A stem that backtracks exponentially (it hung `build` past 120 s) is refused with
    its file and line by every command that loads the glossary, before any work."""
    g = project / "glossary"
    g.mkdir(exist_ok=True)
    (g / "glossary.tsv").write_text(GLOSSARY + "Belshina\tБелшина\ttyres\tbelshina\tcompany\t([a-z-]+)+!\t\t\t\n",
                                    encoding="utf-8")
    for cmd in (["glossary", "validate"], ["build"], ["glossary", "check"]):
        assert_one_line_error(run(*cmd, "--project", str(project)), "glossary.tsv:4",
                              "backtrack catastrophically")
    assert not (project / ".workbench").exists()  # refused before a store was created


def test_export_tmx_command(project):
    assert run("build", "--project", str(project), "--quiet").returncode == 0
    assert (project / "alignments" / "corpus.tmx").is_file()
    out = project / "x.tmx"
    p = run("export", "tmx", "--project", str(project), "--out", str(out), "--min-score", "0.9")
    assert p.returncode == 0, p.stderr
    assert out.read_bytes().startswith(b"<?xml") and b'<tmx version="1.4">' in out.read_bytes()
    p = run("export", "tmx", "--project", str(project), "--status", "confirmed")
    assert p.returncode == 0 and "<tu " not in p.stdout
    assert_one_line_error(run("export", "tmx", "--project", str(project), "--status", "done"), "unknown status")
    assert_one_line_error(run("export", "tmx", "--project", str(project), "--min-score", "2"), "--min-score")


def test_import_tmx_command(project, tmp_path):
    assert run("build", "--project", str(project), "--quiet").returncode == 0
    p = run("import", "tmx", str(project / "alignments" / "corpus.tmx"), "--project", str(project))
    assert p.returncode == 0 and "new in the translation memory" in p.stderr
    evil = tmp_path / "evil.tmx"
    evil.write_text('<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "b">]><tmx><body/></tmx>', encoding="utf-8")
    assert_one_line_error(run("import", "tmx", str(evil), "--project", str(project)), "entities")


def test_export_markdown_edition(project):
    from workbench.store import Store

    assert run("build", "--project", str(project), "--quiet").returncode == 0
    with Store.open(project, create=False) as store:
        u = next(u for u in store.units(queue="sentences", doc=BOOKS["001"])
                 if u.mt.startswith("Il convient de rappeler que la loi"))
        store.edit(u.key, "Rappelons que la loi « sur les zones économiques libres » date de décembre 1998.", who="t",
                   expected_version=u.version)
    p = run("export", "markdown", "--project", str(project))
    assert p.returncode == 0, p.stderr
    md = (project / "edition" / (BOOKS["001"][:-4] + ".md")).read_text(encoding="utf-8")
    # the book has no title page: its first article's title is its title, printed once
    assert md.startswith("# Modifications de la loi comme incitation pour les investisseurs\n\n")
    assert md.count("Modifications de la loi comme incitation pour les investisseurs") == 1
    assert "zones économiques libres.[^1] Cette innovation" in md
    assert "\n[^1]: Le Conseil de la République a approuvé" in md  # the printed number is the [^1]
    assert "Rappelons que la loi « sur les zones économiques libres » date de décembre 1998." in md
    md4 = (project / "edition" / (BOOKS["004"][:-4] + ".md")).read_text(encoding="utf-8")
    assert "*[unreadable in the source: lines 4–92]*" in md4
    # URLs as rebuilt, not as the extraction broke them (`podnjat- uroven`, `utm source`)
    assert ("- URL : <https://www.belta.by/president/view/lukashenko-i-mirzieev-schitajut-vozmozhnym-podnjat-"
            "uroven-tovarooborota-do-1-mlrd-317697-2018/?utm_source=belta&utm_medium=news&utm_campaign=accent>") in md4
    for book in BOOKS.values():
        notes = [ln for ln in (project / "edition" / (book[:-4] + ".md")).read_text(encoding="utf-8").splitlines()
                 if ln.startswith("[^") and "]: " in ln]
        assert notes and not [ln for ln in notes if re.search(r"<https?://[^>]*\s", ln)]


def test_export_markdown_places_markers_in_reviewed_sentences(project):
    """A reviewer's correction of a sentence whose printed form had a marker: the
    marker follows the words it was printed against into the reviewed text."""
    from workbench.store import Store

    assert run("build", "--project", str(project), "--quiet").returncode == 0
    edits = {
        # marker 2 after the closing quote: the reviewer changed the quotes and words around it
        (BOOKS["001"], 'Pour eux, "une règle claire reste inchangée'):
            "Pour eux, « une règle claire demeure : les limites des zones franches ne peuvent être étendues "
            "que pour des projets d'investissement précis ».",
        # marker 8 after a quote the reviewer dropped: the word that followed it anchors it
        (BOOKS["001"], 'Au total, "environ 8 autres projets'):
            "Au total, quelque huit autres projets sont à l'étude ; ils attireraient au moins 160 millions "
            "de dollars dans l'économie de la région.",
        # 004 prints its markers before the sentence they cite
        (BOOKS["004"], "En septembre 2018, lors des discussions entre les chefs d'État"):
            "En septembre 2018, A. Loukachenko et Ch. Mirziyoïev ont noté que les deux pays pouvaient "
            "porter leurs échanges à 1 milliard de dollars.",
    }
    with Store.open(project, create=False) as store:
        for (doc, start), text in edits.items():
            u = next(u for u in store.units(queue="sentences", doc=doc) if u.mt.startswith(start))
            store.edit(u.key, text, who="t", expected_version=u.version)
    p = run("export", "markdown", "--project", str(project))
    assert p.returncode == 0, p.stderr
    md1 = (project / "edition" / (BOOKS["001"][:-4] + ".md")).read_text(encoding="utf-8")
    md4 = (project / "edition" / (BOOKS["004"][:-4] + ".md")).read_text(encoding="utf-8")
    assert "pour des projets d'investissement précis »[^2]. Il convient" in md1
    assert "dans l'économie de la région[^8]." in md1
    assert "[^1]En septembre 2018, A. Loukachenko et Ch. Mirziyoïev ont noté" in md4
    # the printed sentences are gone, and each marker is placed once, with its footnote
    assert 'spécifiques"[^2]' not in md1 and "Vitebsk\"[^8]" not in md1
    assert "discussions entre les chefs d'État" not in md4
    for md, numbers in ((md1, (2, 8)), (md4, (1,))):
        for n in numbers:
            assert md.count(f"[^{n}]") == 2 and f"\n[^{n}]: " in md


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # the word before the marker is still there, elsewhere in the sentence
        ("Les délégués ont visité Harbin[^] en mai 2019.", "En mai 2019, les délégués ont visité Harbin.",
         "En mai 2019, les délégués ont visité Harbin[^]."),
        # spelled differently: found among the words that replaced it
        ("Les délégués ont visité Harbin[^] en mai 2019.", "Les délégués se sont rendus à Kharbin en mai 2019.",
         "Les délégués se sont rendus à Kharbin[^] en mai 2019."),
        # replaced by another word: the word after the marker anchors it
        ("Les délégués ont visité Harbin[^] en mai 2019.", "Les délégués ont visité Moscou en mai 2019.",
         "Les délégués ont visité Moscou[^] en mai 2019."),
        # printed against the word after it
        ("Au cours de l'[^]année prochaine, la phase deux.", "L'année prochaine, la phase deux commencera.",
         "L'[^]année prochaine, la phase deux commencera."),
        # at the start and at the end of the sentence
        ("[^]Le commerce a doublé.", "Les échanges ont doublé.", "[^]Les échanges ont doublé."),
        ("Le commerce a doublé.[^]", "Les échanges ont doublé !", "Les échanges ont doublé ![^]"),
        # nothing around it is left: the end of the sentence, before its final punctuation
        ("Le commerce a doublé[^] en 2021.", "Les échanges sont deux fois plus importants !",
         "Les échanges sont deux fois plus importants[^] !"),
    ],
)
def test_marker_position_in_a_reviewed_sentence(old, new, expected):
    from workbench.formats.markdown import moved_offset

    at = old.index("[^]")
    j = moved_offset(old.replace("[^]", ""), new, at)
    assert new[:j] + "[^]" + new[j:] == expected


def test_size_limits_are_checked_before_any_work(project, tmp_path):
    """A book over the limit `segments` has stops `build` before a store exists (a sparse
    file: the size is checked, never read); translit refuses a line no URL can be."""
    from workbench.text import MAX_BYTES

    big = project / "corpus" / "999_huge.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    assert_one_line_error(run("build", "--project", str(project)), "999_huge.txt", "file too large")
    assert not (project / ".workbench").exists()
    assert_one_line_error(run("segments", str(big)), "999_huge.txt", "file too large")
    assert_one_line_error(run("translit", input="belarus-i-kitaj\n" + "kitaj-" * 1000 + "\n"),
                          "line 2 has 6000 characters", "limit 2048")
    p = subprocess.run([sys.executable, "-m", "workbench", "translit"], input=b"belarus-i-kitaj\n\xe9\n",
                       capture_output=True, timeout=120)
    assert p.returncode == 2 and b"standard input: not UTF-8" in p.stderr and p.stdout == b""


def test_dismissals_and_severity(tmp_path):
    # a reviewer dismisses a form everywhere; the file is plain TSV with who and why,
    # glossary check leaves the finding out (unless --all) and shows severities
    import shutil

    (tmp_path / "corpus").mkdir()
    shutil.copy(ROOT / "corpus" / "002_6350e2ab5efabf7e.txt", tmp_path / "corpus")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    (tmp_path / "glossary" / "dismissed.tsv").unlink(missing_ok=True)

    def check(*extra):
        r = run("glossary", "check", "--project", str(tmp_path), "--kind", "variant", *extra)
        assert r.returncode == 0, r.stderr
        return [json.loads(x) for x in r.stdout.splitlines()]

    before = check()
    assert "BUCÉ" in {f["found"] for f in before} and all(f["severity"] == "warning" for f in before)
    r = run("qa", "dismiss", "--project", str(tmp_path), "--kind", "variant", "--found", "BUCÉ",
                "--who", "ana", "--why", "the French acronym of the exchange")
    assert r.returncode == 0, r.stderr
    tsv = (tmp_path / "glossary" / "dismissed.tsv").read_text(encoding="utf-8").splitlines()
    assert tsv[0].split("\t")[:3] == ["kind", "term", "found"] and "\tana\t" in tsv[1]
    after = check()
    assert [f for f in before if f["found"] != "BUCÉ"] == after
    assert check("--all") == before
    assert check("--min-severity", "error") == []
    r = run("qa", "dismissed", "--project", str(tmp_path), "--format", "jsonl")
    assert json.loads(r.stdout.splitlines()[0])["who"] == "ana"
    r = run("qa", "dismiss", "--project", str(tmp_path), "--kind", "variant", "--found", "x", "--line", "3",
                "--why", "no file")
    assert_one_line_error(r, "--line needs --file")
