"""Glossary exports: TBX v3, TBX 2008 and OmegaT's glossary, checked by the third-party validators."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, SHARED
from lxml import etree

from workbench.formats.tbx import omegat_glossary, tbx_v2, tbx_v3
from workbench.terms import load_glossary

VALIDATORS = SHARED / "validators"
needs_shared = pytest.mark.skipif(not VALIDATORS.is_dir(), reason="../shared/validators is absent")


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary")


def _check(path, *extra):
    return subprocess.run([sys.executable, str(VALIDATORS / "tbx_check.py"), str(path), *extra],
                          capture_output=True, text=True)


@needs_shared
def test_tbx_v3_is_valid(glossary, tmp_path):
    f = tmp_path / "g3.tbx"
    f.write_bytes(tbx_v3(glossary))
    # the Schematron step needs Python 3.12 (pyschematron); the RELAX NG core structure is checked here
    p = _check(f, "--no-sch", "--langs", "fr", "ru")
    assert p.returncode == 0, p.stdout + p.stderr
    root = etree.fromstring(f.read_bytes())
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    entry = root.find(".//t:conceptEntry[@id='gomselmash']", ns)
    terms = [(t.text, t.getnext().text if t.getnext() is not None else None) for t in entry.iterfind(".//t:term", ns)]
    assert ("Gomselmash", "preferredTerm-admn-sts") in terms
    assert ("Gomselmashch", "deprecatedTerm-admn-sts") in terms
    assert ("Гомсельмаш", None) in terms


@needs_shared
def test_tbx_v2_is_valid_and_translate_toolkit_reads_it(glossary, tmp_path):
    f = tmp_path / "g2.tbx"
    f.write_bytes(tbx_v2(glossary))
    p = _check(f, "--langs", "fr", "ru")
    assert p.returncode == 0, p.stdout + p.stderr
    pytest.importorskip("translate.storage.tbx", reason="translate-toolkit is not installed (extra 'test')")
    p = subprocess.run([sys.executable, str(VALIDATORS / "tbx_tt_read.py"), str(f), "fr", "ru"],
                       capture_output=True, text=True)
    assert p.returncode == 0 and f"units={len(glossary)}" in p.stdout, p.stdout + p.stderr


def test_omegat_glossary(glossary):
    rows = [line.split("\t") for line in omegat_glossary(glossary).splitlines()]
    assert len(rows) == len(glossary)
    assert all(len(r) == 3 for r in rows)
    assert rows[[r[1] for r in rows].index("Gomselmash")][:2] == ["Гомсельмаш", "Gomselmash"]
