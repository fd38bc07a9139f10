"""TMX export: valid against the TMX 1.4 DTD, readable by real tools, deterministic, up to date."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED
from lxml import etree

from workbench import __version__
from workbench.formats.tmx import (
    TmxUnit,
    clean,
    export_project,
    split_languages,
    units_from_store,
    write_tmx,
)
from workbench.pipeline import build_project
from workbench.store import Store

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

VALIDATORS = SHARED / "validators"
needs_shared = pytest.mark.skipif(not VALIDATORS.is_dir(), reason="../shared/validators is absent")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the bundled project, built."""
    d = tmp_path_factory.mktemp("tmxproject")
    shutil.copytree(ROOT / "corpus", d / "corpus")
    shutil.copytree(ROOT / "glossary", d / "glossary")
    with Store.open(d) as store:
        build_project(store, d)
    return d


def test_the_repository_tmx_files_are_up_to_date(built):
    # `built` is a build of the corpus and glossary alone, as a fresh clone's; what
    # reviewers do in the repository never reaches alignments/ (see the next test)
    names = sorted(p.name for p in (built / "alignments").glob("*.tmx"))
    assert names == sorted(p.name for p in (ROOT / "alignments").glob("*.tmx")), \
        "alignments/ holds other files than a build writes: run `make run` and commit alignments/"
    for name in names:
        fresh = (built / "alignments" / name).read_bytes()
        kept = ROOT / "alignments" / name
        assert kept.read_bytes() == fresh, (f"alignments/{name} differs from a build of the corpus: the corpus,"
                                            " glossary or code changed; run `make run` and commit alignments/")


def test_reviewer_work_never_reaches_the_bundled_outputs(built, tmp_path):
    """Reviewing in a copy of the repository, then rebuilding as `make run` does:
    the tracked alignments/*.tmx keep their bytes; the reviewed text is exported
    by `workbench export tmx`."""
    d = tmp_path / "repo"
    shutil.copytree(built, d)
    shutil.copytree(ROOT / "alignments", d / "alignments", dirs_exist_ok=True)
    edited = "Gomselmash triplera ses livraisons aux régions de Russie en 2021"
    with Store.open(d) as store:
        titles = [u for u in store.units(queue="titles") if u.context.get("status") == "aligned"]
        u = next(x for x in titles if x.source.startswith("Гомсельмаш планирует утроить"))
        u = store.edit(u.key, edited, who="ana", expected_version=u.version)
        u = store.set_status(u.key, "confirmed", who="ana", expected_version=u.version)
        store.set_note(u.key, "vérifié", who="ana", expected_version=u.version)
        r = titles[5]
        store.set_status(r.key, "rejected", who="ana", expected_version=r.version)
        # an MT suggestion is alignment evidence in the store, not in the corpus
        suspect = [x for x in store.units(queue="titles") if x.context.get("status") == "suspect"][:20]
        store.add_suggestions([(x.key, x.mt, "fake", "1", None) for x in suspect])
    p = subprocess.run([sys.executable, "-m", "workbench", "build", "--project", str(d), "--quiet"],
                       capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stderr
    with Store.open(d, readonly=True) as store:
        # the build did see the reviewer's work (it is in the store, kept and re-evaluated)
        assert store.unit(u.key).text == edited and store.unit(u.key).status == "confirmed"
        rescored = [x for x in store.units(queue="titles") if x.key in {s.key for s in suspect}]
        assert any(x.context.get("score") != s.context.get("score") for x, s in zip(rescored, suspect, strict=True))
    for path in sorted((ROOT / "alignments").glob("*.tmx")):
        assert (d / "alignments" / path.name).read_bytes() == path.read_bytes(), path.name
    p = subprocess.run([sys.executable, "-m", "workbench", "export", "tmx", "--project", str(d)],
                       capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert edited.encode() in p.stdout and "vérifié".encode() in p.stdout
    assert edited.encode() not in (d / "alignments" / "corpus.tmx").read_bytes()


def test_export_is_deterministic_and_one_unit_per_pair(built, tmp_path):
    with Store.open(built) as store:
        a = export_project(store, tmp_path / "a")
        b = export_project(store, tmp_path / "b")
        units = units_from_store(store)
    assert a == b
    for name in a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    pairs = [(u.source, u.target) for u in units]
    assert len(pairs) == len(set(pairs)) > 400
    # a source cited in several places is one unit carrying every provenance
    multi = [u for u in units if sum(1 for k, _ in u.props if k == "x-file") > 1]
    assert multi


def test_header_and_units(built):
    tree = etree.parse(str(built / "alignments" / "corpus.tmx"))
    root = tree.getroot()
    assert root.get("version") == "1.4"
    h = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang",
                 "datatype", "creationdate"):
        assert h.get(attr), attr
    assert h.get("srclang") == "ru-RU" and h.get("datatype") == "plaintext"
    tus = root.findall("body/tu")
    assert len({tu.get("tuid") for tu in tus}) == len(tus)
    gomsel = [tu for tu in tus if tu.find("tuv/seg").text.startswith("Гомсельмаш планирует утроить")]
    assert gomsel
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in gomsel[0].findall("tuv")]
    assert langs == ["ru-RU", "fr-FR"]
    props = {p.get("type") for p in gomsel[0].findall("prop")}
    assert {"x-file", "x-entry", "x-url", "x-status", "x-alignment"} <= props
    assert b"CDATA" not in (built / "alignments" / "corpus.tmx").read_bytes()


def test_status_filter_min_score_and_reviewer_notes(built, tmp_path):
    with Store.open(built) as store:
        u = next(x for x in store.units(queue="titles") if x.source.startswith("Гомсельмаш планирует утроить"))
        u = store.edit(u.key, "Gomselmash prévoit de tripler ses livraisons aux régions russes en 2021", who="t",
                       expected_version=u.version)
        u = store.set_status(u.key, "confirmed", who="t", expected_version=u.version)
        store.set_note(u.key, "terme vérifié", who="t", expected_version=u.version)
        reviewed = units_from_store(store, {"confirmed", "approved"})
        assert [x.target for x in reviewed] == ["Gomselmash prévoit de tripler ses livraisons aux régions russes en 2021"]
        assert reviewed[0].notes == ["terme vérifié"]
        high = units_from_store(store, None, 0.99)
        assert high and len(high) < len(units_from_store(store))
        out = tmp_path / "c.tmx"
        write_tmx(reviewed, str(out))
        assert b"<note>terme v\xc3\xa9rifi\xc3\xa9</note>" in out.read_bytes()


def test_control_characters_are_stripped(tmp_path):
    out = tmp_path / "x.tmx"
    write_tmx([TmxUnit(clean("заголовок\x07  статьи"), clean("titre\x0b de l'article"))], str(out))
    root = etree.parse(str(out)).getroot()
    assert [s.text for s in root.iter("seg")] == ["заголовок статьи", "titre de l'article"]


@needs_shared
def test_valid_against_the_tmx14_dtd(built):
    for path in sorted((built / "alignments").glob("*.tmx")):
        p = subprocess.run([sys.executable, str(VALIDATORS / "tmx_dtd_check.py"), str(path), "--langs", "ru", "fr"],
                           capture_output=True, text=True)
        assert p.returncode == 0, p.stdout + p.stderr


@needs_shared
def test_translate_toolkit_reads_it(built):
    pytest.importorskip("translate.storage.tmx", reason="translate-toolkit is not installed (extra 'test')")
    p = subprocess.run([sys.executable, str(VALIDATORS / "tmx_tt_read.py"), str(built / "alignments" / "corpus.tmx"),
                        "ru", "fr"], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


@needs_shared
def test_omegat_applies_every_unit(built, tmp_path):
    if not Path("/usr/share/omegat/OmegaT.jar").exists():
        pytest.skip("OmegaT is not installed (.ci/run installs Debian's omegat)")
    # OmegaT's console mode on a sample keeps the test short; the sample is real data
    with Store.open(built) as store:
        units = units_from_store(store)[:150]
    tmx = tmp_path / "sample.tmx"
    write_tmx(units, str(tmx))
    p = subprocess.run(["bash", str(VALIDATORS / "omegat_check.sh"), str(tmx), "ru", "fr"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]


# ------------------------------------------------------------------ import

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tmx version="1.4"><header/><body><tu><tuv xml:lang="ru"><seg>&lol3;</seg></tuv>
<tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header/><body><tu><tuv xml:lang="ru"><seg>&xxe;</seg></tuv>
<tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>"""


@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL])
def test_hostile_tmx_is_refused(tmp_path, content):
    from workbench.formats.tmx import TmxError, read_tmx

    f = tmp_path / "evil.tmx"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(TmxError, match="entities"):
        read_tmx(f)


def test_broken_tmx_gives_one_line_error(tmp_path):
    from workbench.formats.tmx import TmxError, read_tmx

    f = tmp_path / "bad.tmx"
    f.write_text("<tmx><body><tu>", encoding="utf-8")
    with pytest.raises(TmxError, match="not well-formed"):
        read_tmx(f)
    with pytest.raises(TmxError, match="cannot read"):
        read_tmx(tmp_path / "missing.tmx")


def test_round_trip_export_import_export(built, tmp_path):
    from workbench.formats.tmx import read_tmx, tm_matches

    with Store.open(built) as store:
        units = units_from_store(store)
        first = tmp_path / "first.tmx"
        write_tmx(units, str(first))
        pairs = read_tmx(first)
        assert [(u.source, u.target) for u in units] == [(s, t) for s, t, _ in pairs]
        assert [u.tuid for u in units] == [tuid for _, _, tuid in pairs]
        assert store.add_tm(pairs, "corpus.tmx") == len(pairs)
        assert store.add_tm(pairs, "corpus.tmx") == 0  # importing twice adds nothing
        memory = store.tm_entries()
    # write the memory back: the same units
    out = tmp_path / "again.tmx"
    write_tmx([TmxUnit(s, t) for s, t, _ in memory], str(out))
    assert sorted((s, t) for s, t, _ in read_tmx(out)) == sorted((s, t) for s, t, _ in pairs)
    # exact and fuzzy matches from the memory
    s0 = pairs[0][0]
    assert tm_matches(s0, memory)[0][:3] == (100.0, s0, pairs[0][1])
    fuzzy = tm_matches(s0 + " сегодня", memory)
    assert fuzzy and 70 <= fuzzy[0][0] < 100


# ------------------------------------------------------------------ writer internals


def _reference_tmx(units: list[TmxUnit], date: str) -> bytes:
    """The same document built the plain way, one lxml tree for the whole file."""
    root = etree.Element("tmx", version="1.4")
    root.text = "\n"
    header = etree.SubElement(root, "header", creationtool="workbench", creationtoolversion=__version__,
                              segtype="sentence", adminlang="en-US", srclang="ru-RU", datatype="plaintext",
                              creationdate=date)
    header.set("o-tmf", "workbench-sqlite")
    header.tail = "\n"
    body = etree.SubElement(root, "body")
    body.text = "\n"
    for u in units:
        tu = etree.SubElement(body, "tu", tuid=u.tuid)
        tu.tail = "\n"
        for n in u.notes:
            etree.SubElement(tu, "note").text = n
        for k, v in u.props:
            etree.SubElement(tu, "prop", type=k).text = v
        for lang, seg in (("ru-RU", u.source), ("fr-FR", u.target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
            etree.SubElement(tuv, "seg").text = seg
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def _mixed_units(store_units: list[TmxUnit]) -> list[TmxUnit]:
    """Real units, then units whose shapes change from one to the next (reused
    elements must be reshaped) and whose values need escaping."""
    out = list(store_units)
    for i in range(97):
        u = TmxUnit(f"строка {i} <&> \"кавычки\" 'апостроф' ]]>", f"ligne {i} & <b>gras</b> « guillemets »")
        u.notes = [f"note {j} & <{i}>" for j in range(i % 3)]
        u.props = [(f"x-k{j % 2}", f"valeur {i} \"{j}\"" if j != 1 else "") for j in range(i % 5)]
        out.append(u)
    return out


def test_writer_bytes_equal_a_whole_tree_serialisation(built, tmp_path, monkeypatch):
    """Chunked serialisation with reused elements gives exactly the bytes of the
    plain one-tree serialisation."""
    from workbench.formats import tmx

    with Store.open(built) as store:
        units = _mixed_units(units_from_store(store))
    # small chunks: every path (reshaping, trimming, reusing spare elements) runs
    monkeypatch.setattr(tmx, "CHUNK", 13)
    out = tmp_path / "w.tmx"
    assert write_tmx(units, str(out), "20240102T030405Z") == len(units)
    assert out.read_bytes() == _reference_tmx(units, "20240102T030405Z")


def test_writer_streams_into_a_binary_file(tmp_path):
    import io

    units = _mixed_units([])
    buf = io.BytesIO()
    write_tmx(units, buf)
    path = tmp_path / "p.tmx"
    write_tmx(units, path)  # a Path, not only a str
    assert buf.getvalue() == path.read_bytes() == _reference_tmx(units, "20000101T000000Z")
    write_tmx([], path)
    assert etree.parse(str(path)).getroot().find("body") is not None



# ------------------------------------------------------------------ languages

GOLD_LANGS = ROOT / "tests" / "gold" / "title_languages.tsv"


def _gold_languages() -> dict[str, str]:
    rows = [line.split("\t") for line in GOLD_LANGS.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return {r[0]: r[1] for r in rows[1:]}


def test_non_french_titles_are_found_with_precision(built):
    """Every title the detector calls non-French, judged by hand: precision >= 0.9,
    and every English title of the gold set found."""
    from workbench.langid import judge

    gold = _gold_languages()
    with Store.open(built) as store:
        titles = sorted({u.text for u in store.units(queue="titles") if u.text.strip()})
    flagged = {t: judge(t, "fr") for t in titles}
    flagged = {t: v.lang for t, v in flagged.items() if v.foreign}
    unjudged = sorted(t for t in flagged if t not in gold)
    assert not unjudged, f"judge these by hand in {GOLD_LANGS.name}: {unjudged[:5]}"
    right = sum(gold[t] == lang for t, lang in flagged.items())
    assert right / len(flagged) >= 0.9, (right, len(flagged))
    english = {t for t, lang in gold.items() if lang == "en" and t in titles}
    assert english and english <= set(flagged), sorted(english - set(flagged))


def test_english_targets_are_left_out_of_the_tmx_and_counted(built, tmp_path):
    from collections import Counter

    gold = _gold_languages()
    other: Counter = Counter()
    with Store.open(built) as store:
        export_project(store, tmp_path, other=other)
        all_units = units_from_store(store)
    english = [u for u in all_units if gold.get(u.target) == "en"]
    assert 13 <= other["target en"] == len(english)
    root = etree.parse(str(tmp_path / "corpus.tmx")).getroot()
    targets = [tuv.find("seg").text for tuv in root.iter("tuv") if tuv.get(XML_LANG) == "fr-FR"]
    assert not [t for t in targets if gold.get(t) == "en"]
    left_out = [u for u in all_units if u not in split_languages(all_units)[0]]
    assert len(targets) == len(all_units) - len(left_out) and len(left_out) <= sum(other.values())


def test_keep_other_languages_exports_them_under_their_language(built, tmp_path):
    from workbench.cli import main

    out = tmp_path / "all.tmx"
    assert main(["export", "tmx", "--project", str(built), "--out", str(out), "--keep-other-languages"]) == 0
    root = etree.parse(str(out)).getroot()
    by_lang: dict[str, list[str]] = {}
    for tu in root.iter("tu"):
        src, tgt = tu.findall("tuv")
        assert src.get(XML_LANG) in ("ru-RU", "en") and tgt.get(XML_LANG) in ("fr-FR", "en")
        by_lang.setdefault(tgt.get(XML_LANG), []).append(tgt.find("seg").text)
    gold = _gold_languages()
    assert by_lang.get("en") and all(gold.get(t) == "en" for t in by_lang["en"])
    assert "An agro-town based on a Belarusian project erected on Sakhalin" in by_lang["en"]
    assert not [t for t in by_lang["fr-FR"] if gold.get(t) == "en"]
    default = tmp_path / "default.tmx"
    assert main(["export", "tmx", "--project", str(built), "--out", str(default)]) == 0
    assert len(root.findall("body/tu")) > len(etree.parse(str(default)).getroot().findall("body/tu"))
    if VALIDATORS.is_dir():
        p = subprocess.run([sys.executable, str(VALIDATORS / "tmx_dtd_check.py"), str(out)],
                           capture_output=True, text=True)
        assert p.returncode == 0, p.stdout + p.stderr
