"""XLIFF round trips: exports valid against the OASIS schemas and read by
translate-toolkit; targets edited elsewhere come back as draft edits with history,
a unit changed since the export is a conflict, and nothing edited changes nothing."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from lxml import etree

from workbench.cli import main
from workbench.formats.xliff import read_xliff
from workbench.pipeline import build_project
from workbench.store import Store

SCHEMAS = {"1.2": ROOT / "tests" / "data" / "xliff_schemas" / "1.2" / "xliff-core-1.2-strict.xsd",
           "2.1": ROOT / "tests" / "data" / "xliff_schemas" / "2.0" / "xliff_core_2.0.xsd"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("xliffproject")
    shutil.copytree(ROOT / "corpus", d / "corpus")
    shutil.copytree(ROOT / "glossary", d / "glossary")
    with Store.open(d) as store:
        build_project(store, d)
    return d


@pytest.fixture
def project(built, tmp_path):
    """A copy of the built project a test may change."""
    d = tmp_path / "p"
    shutil.copytree(built, d)
    return d


def _export(project, out, *opts) -> None:
    assert main(["export", "xliff", "--project", str(project), "--out", str(out), *opts]) == 0


def _import(project, path, capsys) -> str:
    assert main(["import", "xliff", str(path), "--project", str(project), "--who", "cat-tool"]) == 0
    return capsys.readouterr().err


@pytest.mark.parametrize("version", ["1.2", "2.1"])
@pytest.mark.parametrize("queue", ["titles", "sentences"])
def test_valid_against_the_oasis_schema(built, tmp_path, version, queue):
    out = tmp_path / "x.xlf"
    _export(built, out, "--version", version, "--queue", queue)
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS[version])))
    doc = etree.parse(str(out))
    assert schema.validate(doc), schema.error_log.last_error
    units = read_xliff(out)
    with Store.open(built) as store:
        expected = store.units(queue=queue)
    assert len(units) == len(expected) > 100
    assert {u.key for u in units} == {u.key for u in expected}


def test_translate_toolkit_reads_both_versions(built, tmp_path):
    from translate.storage import xliff, xliff2

    with Store.open(built) as store:
        first = store.units(queue="titles")[0]
    for version, reader in (("1.2", xliff.xlifffile), ("2.1", xliff2.Xliff2File)):
        out = tmp_path / f"{version}.xlf"
        _export(built, out, "--version", version)
        st = reader.parsefile(str(out))
        unit = next(u for u in st.units if u.source == first.source)
        assert unit.target == first.text
        assert st.getsourcelanguage() == "ru" and st.gettargetlanguage() == "fr"


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_nothing_edited_changes_nothing_and_exports_the_same_bytes(project, tmp_path, capsys, version):
    a, b = tmp_path / "a.xlf", tmp_path / "b.xlf"
    _export(project, a, "--version", version)
    with Store.open(project) as store:
        before = [(u.key, u.text, u.status, u.version) for u in store.units()]
    err = _import(project, a, capsys)
    assert "0 saved as draft edits" in err and "0 conflicts" in err
    with Store.open(project) as store:
        assert [(u.key, u.text, u.status, u.version) for u in store.units()] == before
    _export(project, b, "--version", version)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_edits_made_in_a_cat_tool_become_drafts_with_history(project, tmp_path, capsys, version):
    from translate.storage import xliff, xliff2

    out = tmp_path / "batch.xlf"
    _export(project, out, "--version", version, "--status", "new")
    reader = xliff.xlifffile if version == "1.2" else xliff2.Xliff2File
    st = reader.parsefile(str(out))
    edited = {}
    for u in st.units[:3]:  # a translator corrects three targets, as a CAT tool saves them
        u.target = u.target + " (révisé)"
        edited[u.source] = u.target
    st.savefile(str(out))
    err = _import(project, out, capsys)
    assert "3 saved as draft edits" in err and "0 conflicts" in err
    with Store.open(project) as store:
        changed = [u for u in store.units(queue="titles") if u.source in edited]
        assert len(changed) == 3
        for u in changed:
            assert (u.text, u.status, u.origin) == (edited[u.source], "draft", "reviewer")
            h = store.history(u.key)[-1]
            assert (h.who, h.action, h.new_text) == ("cat-tool", "edit", edited[u.source])
        untouched = [u for u in store.units(queue="titles") if u.source not in edited]
        assert all(u.version == 1 and u.status == "new" for u in untouched)


def test_a_unit_changed_since_the_export_is_a_conflict_not_overwritten(project, tmp_path, capsys):
    out = tmp_path / "batch.xlf"
    _export(project, out)
    data = out.read_text(encoding="utf-8")
    with Store.open(project) as store:
        u = store.units(queue="titles")[0]
        store.edit(u.key, u.text + " — corrigé dans le projet", who="reviewer", expected_version=u.version)
        other = store.units(queue="titles")[1]
    data = data.replace(f">{u.text}</target>", f">{u.text} — corrigé dans l'outil</target>", 1)
    data = data.replace(f">{other.text}</target>", f">{other.text} (outil)</target>", 1)
    out.write_text(data, encoding="utf-8")
    err = _import(project, out, capsys)
    assert f"conflict: {u.key}: changed in the project since the export" in err
    assert "1 saved as draft edits" in err and "1 conflicts" in err
    with Store.open(project) as store:
        assert store.unit(u.key).text == u.text + " — corrigé dans le projet"  # the project's text kept
        assert store.unit(other.key).text == other.text + " (outil)"


def test_bad_xliff_input_is_one_line(project, tmp_path, capsys):
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff version='1.2'><file>", encoding="utf-8")
    assert main(["import", "xliff", str(bad), "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert "not well-formed" in err and err.count("\n") == 1
    tmx = ROOT / "tests" / "data" / "tmx_compkit" / "ImportTest1A.tmx"
    assert main(["import", "xliff", str(tmx), "--project", str(project)]) == 2
    assert "not an XLIFF file" in capsys.readouterr().err
    assert main(["export", "xliff", "--project", str(project), "--status", "done"]) == 2
    assert "unknown status done" in capsys.readouterr().err
