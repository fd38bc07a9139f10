"""TMX import as CAT tools do it: inline codes as placeholders, languages by primary
subtag, every variant, safe and streamed; on the LISA compliance kit and real files."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED
from lxml import etree

from workbench.cli import main
from workbench.formats.inline import build_seg, codes_from_json, parse_seg, tagged
from workbench.formats.tmx_import import ImportStats, TmxError, iter_tmx
from workbench.store import MIGRATIONS, Store
from workbench.tm import export_memory, import_tmx, search

KIT = ROOT / "tests" / "data" / "tmx_compkit"
THIRD_PARTY = SHARED / "validators" / "thirdparty-tmx"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def project(tmp_path):
    with Store.open(tmp_path):
        pass
    return tmp_path


def _run(capsys, *argv) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_the_big_black_cat_is_found_at_100_percent(project, capsys):
    rc, _, err = _run(capsys, "import", "tmx", str(KIT / "ImportTest2A.tmx"), "--project", str(project))
    assert rc == 0, err
    assert "7 units read" in err
    rc, out, _ = _run(capsys, "tm", "search", "The big black cat sleeps.", "--format", "jsonl",
                      "--project", str(project))
    hits = [json.loads(line) for line in out.splitlines()]
    assert rc == 0 and hits[0]["score"] == 100.0
    best = hits[0]
    assert best["source"] == "The big black cat sleeps." and best["target"] == "Le gros chat noir dors."
    assert best["target_tagged"] == "Le gros <b2>chat</b2> <b1>noir</b1> dors."
    # the codes come back where they stood when the match is used in a TMX segment
    seg = etree.fromstring(best["target_seg"])
    assert [e.tag for e in seg] == ["bpt", "ept", "bpt", "ept"]
    assert "".join(seg.itertext()) == "Le gros <u>chat</u> <b>noir</b> dors."
    assert (best["source_lang"], best["target_lang"]) == ("en-us", "fr-ca")


@pytest.mark.parametrize("name", ["ImportTest2A.tmx", "ImportTest2B.tmx"])
def test_stored_text_has_no_markup_and_every_code_is_kept(project, name):
    with Store.open(project) as store:
        stats, new = import_tmx(store, KIT / name)
        rows = store.tm_rows()
    assert stats.units == 7 and new == 7
    for r in rows:
        for text in (r.source, r.target):
            assert not any(m in text for m in ("<b>", "{\\b", "{\\ul", "&lt;", "<bpt", "<ph")), text
    coded = [r for r in rows if r.source_codes and r.target_codes]
    assert len(coded) == 7
    # the same number of codes on both sides of every unit, as the kit writes them
    for r in coded:
        assert len(codes_from_json(r.source_codes)) == len(codes_from_json(r.target_codes))
    hi = next(r for r in rows if r.source == "Some text with a part highlighted.")
    assert tagged(hi.source, codes_from_json(hi.source_codes)) == "Some text with <h1>a part highlighted</h1>."


def test_inline_codes_round_trip_through_placeholders():
    xml = ('<seg>  Nested = <bpt i="1" x="1">&lt;b&gt;</bpt><bpt i="2">&lt;i&gt;</bpt>B+I<ept i="2">&lt;/i&gt;</ept>,'
           ' B<ept i="1">&lt;/b&gt;</ept>.\t<ph x="3">&lt;br/&gt;</ph><hi type="x">high <it pos="begin">&lt;u&gt;</it>lit</hi>'
           '<ut>{\\f1}</ut>  </seg>')
    text, codes = parse_seg(etree.fromstring(xml))
    assert text == "Nested = B+I, B. high lit"
    again = etree.tostring(build_seg(text, codes), encoding="unicode")
    assert again == ('<seg>Nested = <bpt i="1" x="1">&lt;b&gt;</bpt><bpt i="2">&lt;i&gt;</bpt>B+I<ept i="2">&lt;/i&gt;</ept>,'
                     ' B<ept i="1">&lt;/b&gt;</ept>. <ph x="3">&lt;br/&gt;</ph><hi type="x">high <it pos="begin">'
                     '&lt;u&gt;</it>lit</hi><ut>{\\f1}</ut></seg>')
    assert parse_seg(etree.fromstring(again)) == (text, codes)


def test_languages_by_primary_subtag_and_header_defaults(project, capsys):
    f = KIT / "ImportTest2A.tmx"
    # the file's own spellings, any case: en-US ~ en-us ~ En-uS, fr ~ FR-CA
    for src, tgt in (("en-US", "FR"), ("EN", "fr-ca"), ("en_us", "Fr-Fr")):
        assert len(list(iter_tmx(f, src, tgt))) == 7
    rc, _, err = _run(capsys, "import", "tmx", str(f), "--srclang", "en-US", "--tgtlang", "ru-RU",
                      "--project", str(project))
    assert rc == 2 and err.count("\n") == 1
    assert "the file holds en-us (6), fr-ca (5), FR-CA (2), En-uS (1)" in err
    with Store.open(project) as store:
        assert store.tm_rows() == []  # nothing stored
    # without --srclang the header's srclang is the source, every other language a target
    stats = ImportStats()
    entries = list(iter_tmx(KIT / "ImportTest1C.tmx", stats=stats))
    assert stats.header_srclang == "en-us"
    assert {e.source_lang for e in entries} == {"en-us"}
    assert {e.target_lang for e in entries} == {"en-gb", "ja-jp", "fr-ca", "es-es"}


def test_every_variant_is_kept(tmp_path, project):
    f = tmp_path / "variants.tmx"
    f.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="ru-RU"/><body>'
                 '<tu tuid="1"><tuv xml:lang="ru-RU"><seg>Минский тракторный завод</seg></tuv>'
                 '<tuv xml:lang="fr-FR"><seg>Usine de tracteurs de Minsk</seg></tuv>'
                 '<tuv xml:lang="fr-BE"><seg>Usine de tracteurs de Minsk (MTZ)</seg></tuv>'
                 '<tuv xml:lang="fr-FR"><seg>Usine de tracteurs de Minsk (MTZ)</seg></tuv>'
                 '<tuv xml:lang="en-GB"><seg>Minsk Tractor Works</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with Store.open(project) as store:
        stats, new = import_tmx(store, f, tgtlang="fr")
        assert (stats.entries, new) == (3, 3)
        assert import_tmx(store, f, tgtlang="fr")[1] == 0  # importing twice adds nothing
        found = search(store, "Минский тракторный завод", tgtlang="fr")
    assert sorted((m.target, m.target_lang) for m in found) == [
        ("Usine de tracteurs de Minsk", "fr-FR"), ("Usine de tracteurs de Minsk (MTZ)", "fr-BE"),
        ("Usine de tracteurs de Minsk (MTZ)", "fr-FR")]
    assert all(m.score == 100.0 for m in found)


ENTITIES = ('<?xml version="1.0" encoding="{enc}"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<tmx version="1.4"><header srclang="en"/><body>'
            '<tu><tuv xml:lang="en"><seg>&b;</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>')


@pytest.mark.parametrize("enc", ["UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "ISO-8859-1"])
def test_entity_declarations_are_refused_in_every_encoding(tmp_path, enc):
    f = tmp_path / "evil.tmx"
    f.write_bytes(ENTITIES.format(enc=enc).encode(enc.lower().replace("utf-16le", "utf-16-le")
                                                   .replace("utf-16be", "utf-16-be")))
    with pytest.raises(TmxError, match="declares XML entities"):
        list(iter_tmx(f))


def test_entities_are_refused_even_past_the_prolog_check(tmp_path, monkeypatch):
    """The second line of defence: the DTD libxml2 read, checked before any unit."""
    from workbench.formats import tmx_import

    f = tmp_path / "evil.tmx"
    f.write_bytes(ENTITIES.format(enc="UTF-16").encode("utf-16"))
    monkeypatch.setattr(tmx_import, "check_prolog", lambda p: None)
    with pytest.raises(TmxError, match="declares XML entities"):
        list(iter_tmx(f))


def test_a_namespaced_root_and_tmx_11_are_read(tmp_path):
    f = tmp_path / "ns.tmx"
    f.write_text('<?xml version="1.0"?><tmx xmlns="http://www.lisa.org/tmx14" version="1.4">'
                 '<header srclang="en-US"/><body><tu tuid="a"><tuv xml:lang="en-US"><seg>Hello '
                 '<ph x="1">&lt;br/&gt;</ph>world</seg></tuv><tuv xml:lang="fr-FR"><seg>Bonjour '
                 '<ph x="1">&lt;br/&gt;</ph>monde</seg></tuv></tu></body></tmx>', encoding="utf-8")
    (e,) = iter_tmx(f)
    assert (e.source, e.target, e.tuid) == ("Hello world", "Bonjour monde", "a")
    assert etree.tostring(build_seg(e.target, e.target_codes), encoding="unicode") == \
        '<seg>Bonjour <ph x="1">&lt;br/&gt;</ph>monde</seg>'
    old = tmp_path / "old.tmx"  # TMX 1.1: lang= instead of xml:lang, <ut> codes
    old.write_text('<?xml version="1.0"?><tmx version="1.1"><header srclang="EN-US"/><body><tu>'
                   '<tuv lang="EN-US"><seg><ut>{\\b </ut>Bold<ut>}</ut> text</seg></tuv>'
                   '<tuv lang="FR-FR"><seg>Texte <ut>{\\b </ut>gras<ut>}</ut></seg></tuv></tu></body></tmx>',
                   encoding="utf-8")
    (e,) = iter_tmx(old)
    assert (e.source, e.target, len(e.target_codes)) == ("Bold text", "Texte gras", 2)


def test_not_a_tmx_and_broken_files_give_one_line(tmp_path, project, capsys):
    f = tmp_path / "x.xlf"
    f.write_text('<xliff version="1.2"><file/></xliff>', encoding="utf-8")
    with pytest.raises(TmxError, match="not a TMX file"):
        list(iter_tmx(f))
    bad = tmp_path / "bad.tmx"
    bad.write_text('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv>'
                   '<tuv xml:lang="fr"><seg>b</seg></tuv></tu><tu>', encoding="utf-8")
    rc, _, err = _run(capsys, "import", "tmx", str(bad), "--project", str(project))
    assert rc == 2 and "not well-formed" in err and err.count("\n") == 1
    with Store.open(project) as store:
        assert store.tm_rows() == []  # a file broken half-way stores nothing


def test_memory_exported_again_keeps_the_codes(tmp_path, project):
    with Store.open(project) as store:
        import_tmx(store, KIT / "ImportTest2A.tmx")
        rows = store.tm_rows()
        out = tmp_path / "again.tmx"
        assert export_memory(store, out) == 7
    again = tmp_path / "p2"
    again.mkdir()
    with Store.open(again) as store:
        import_tmx(store, out)
        back = store.tm_rows()
    key = ("source", "target", "source_lang", "target_lang", "source_codes", "target_codes", "tuid")
    assert [tuple(getattr(r, k) for k in key) for r in back] == [tuple(getattr(r, k) for k in key) for r in rows]
    dtd_check = SHARED / "validators" / "tmx_dtd_check.py"
    if dtd_check.exists():
        p = subprocess.run([sys.executable, str(dtd_check), str(out)], capture_output=True, text=True)
        assert p.returncode == 0, p.stdout + p.stderr


def test_a_version_6_memory_is_migrated_and_searchable(tmp_path):
    (tmp_path / ".workbench").mkdir()
    conn = sqlite3.connect(tmp_path / ".workbench" / "workbench.db")
    for m in MIGRATIONS[:6]:
        m(conn)
    conn.execute("INSERT INTO tm (source, target, origin, tuid, imported_at) VALUES"
                 " ('гомсельмаш планирует утроить поставки', 'Gomselmash prévoit de tripler ses livraisons',"
                 " 'old.tmx', 't1', '2024-01-01')")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    with Store.open(tmp_path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.tm_entries("ru", "fr") == [("гомсельмаш планирует утроить поставки",
                                                 "Gomselmash prévoit de tripler ses livraisons", "old.tmx")]
        found = search(store, "гомсельмаш планирует утроить поставки техники")
    assert found and 70 <= found[0].score < 100


@pytest.mark.skipif(not THIRD_PARTY.is_dir(), reason="../shared/validators/thirdparty-tmx is absent")
def test_third_party_files_import_with_codes_as_placeholders(tmp_path):
    files = sorted(p for p in THIRD_PARTY.iterdir() if p.suffix.lower() == ".tmx")
    assert len(files) >= 10
    coded = 0
    with Store.open(tmp_path) as store:
        for f in files:
            stats, _ = import_tmx(store, f)
            assert stats.entries, f.name
        rows = store.tm_rows()
    for r in rows:
        for side in ("source", "target"):
            codes = codes_from_json(getattr(r, f"{side}_codes"))
            coded += bool(codes)
            for c in codes:
                if c.kind in ("bpt", "ept", "ph", "it", "ut"):
                    native = "".join(etree.fromstring(c.xml).itertext())
                    assert not native.strip() or native not in getattr(r, side), (getattr(r, side), c.xml)
    assert coded > 50
    ru = [r for r in rows if r.origin == "belarus-osmand_project_save.tmx"]
    assert len(ru) > 700 and {r.target_lang.lower() for r in ru} == {"be"}


def test_fuzzy_search_finds_near_sentences_whatever_their_words(project):
    """Candidates come from the concordance index: a word missing from the memory,
    accents, Cyrillic and a memory full of common words do not hide a near match."""
    with Store.open(project) as store:
        filler = [(f"The cat and the dog of the house number {i}", f"Le chat {i}", None) for i in range(300)]
        store.add_tm([*filler, ("Минский тракторный завод увеличил выпуск", "MTZ a augmenté sa production", None), ("Évolution du marché européen", "Evolution of the European market", None), ("The big black cat sleeps.", "Le gros chat noir dort.", None)], "memory.tmx")
        best = {q: search(store, q, cutoff=75)[:1] for q in (
            "Минский тракторный завод увеличил выпуск тракторов", "Evolution du marche europeen",
            "The big black dog sleeps.", "The cat and the dog of the house number 250")}
    assert [(q, m[0].source) for q, m in best.items()] == [
        ("Минский тракторный завод увеличил выпуск тракторов", "Минский тракторный завод увеличил выпуск"),
        ("Evolution du marche europeen", "Évolution du marché européen"),
        ("The big black dog sleeps.", "The big black cat sleeps."),
        ("The cat and the dog of the house number 250", "The cat and the dog of the house number 250")]
    assert best["The cat and the dog of the house number 250"][0].score == 100.0
