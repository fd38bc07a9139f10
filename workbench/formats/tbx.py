"""Glossary exports: TBX v3 (TBX-Basic, ISO 30042:2019), TBX 2008 (martif),
and the OmegaT glossary (tab-separated: Russian term, French term, comment).

The canonical French form is the preferred term, accepted variants admitted
terms, forbidden variants deprecated terms.
"""

from __future__ import annotations

import csv
import io

from lxml import etree

from workbench.terms import Glossary

NS3 = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _french_terms(c):
    yield c.fr, "preferredTerm-admn-sts"
    for v in c.variants:
        yield v, "admittedTerm-admn-sts"
    for f in c.forbidden:
        yield f, "deprecatedTerm-admn-sts"


def tbx_v3(g: Glossary) -> bytes:
    root = etree.Element(f"{{{NS3}}}tbx", nsmap={None: NS3}, type="TBX-Basic", style="dca")
    root.set(XML_LANG, "fr")
    header = etree.SubElement(root, f"{{{NS3}}}tbxHeader")
    desc = etree.SubElement(etree.SubElement(header, f"{{{NS3}}}fileDesc"), f"{{{NS3}}}sourceDesc")
    etree.SubElement(desc, f"{{{NS3}}}p").text = "workbench glossary of proper names (French / Russian)"
    body = etree.SubElement(etree.SubElement(root, f"{{{NS3}}}text"), f"{{{NS3}}}body")
    for c in g.concepts:
        entry = etree.SubElement(body, f"{{{NS3}}}conceptEntry", id=c.id)
        if c.comment:
            etree.SubElement(entry, f"{{{NS3}}}descrip", type="definition").text = c.comment
        fr = etree.SubElement(entry, f"{{{NS3}}}langSec")
        fr.set(XML_LANG, "fr")
        for term, status in _french_terms(c):
            ts = etree.SubElement(fr, f"{{{NS3}}}termSec")
            etree.SubElement(ts, f"{{{NS3}}}term").text = term
            etree.SubElement(ts, f"{{{NS3}}}termNote", type="administrativeStatus").text = status
        if c.ru:
            ru = etree.SubElement(entry, f"{{{NS3}}}langSec")
            ru.set(XML_LANG, "ru")
            ts = etree.SubElement(ru, f"{{{NS3}}}termSec")
            etree.SubElement(ts, f"{{{NS3}}}term").text = c.ru
    pis = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
           b'<?xml-model href="TBXcoreStructV03.rng" type="application/xml" '
           b'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
           b'<?xml-model href="TBX-Basic_DCA.sch" type="application/xml" '
           b'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n')
    return pis + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def tbx_v2(g: Glossary) -> bytes:
    root = etree.Element("martif", type="TBX-Basic")
    root.set(XML_LANG, "fr")
    header = etree.SubElement(root, "martifHeader")
    desc = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(desc, "p").text = "workbench glossary of proper names (French / Russian)"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for c in g.concepts:
        entry = etree.SubElement(body, "termEntry", id=c.id)
        if c.comment:
            etree.SubElement(entry, "descrip", type="definition").text = c.comment
        fr = etree.SubElement(entry, "langSet")
        fr.set(XML_LANG, "fr")
        for term, status in _french_terms(c):
            tig = etree.SubElement(fr, "tig")
            etree.SubElement(tig, "term").text = term
            etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
        if c.ru:
            ru = etree.SubElement(entry, "langSet")
            ru.set(XML_LANG, "ru")
            etree.SubElement(etree.SubElement(ru, "tig"), "term").text = c.ru
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'
            + etree.tostring(root, encoding="UTF-8", pretty_print=True))


def omegat_glossary(g: Glossary) -> str:
    """OmegaT's glossary for a Russian -> French project: source term, target term, comment."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    for c in g.concepts:
        if c.ru:
            w.writerow([c.ru, c.fr, c.comment.replace("\t", " ")])
    return buf.getvalue()
