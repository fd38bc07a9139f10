"""Structure and segmentation (workbench.segment) on the five bundled books."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import BOOKS, segment_at, segmentation

from workbench.model import SEGMENT_KINDS
from workbench.segment import is_citation, segment_text


@pytest.mark.parametrize("key", sorted(BOOKS))
def test_every_content_line_is_in_exactly_one_segment(key):
    seg = segmentation(key)
    seen = Counter(n for s in seg.segments for n in s.lines)
    content = {ln.no for ln in seg.lines if ln.is_content}
    assert {n for n, c in seen.items() if c > 1} == set()
    assert content - set(seen) == set(), "content lines silently dropped"
    # and nothing that is furniture was turned into a segment
    furniture = {ln.no for ln in seg.lines if not ln.is_content and ln.kind != "page_number"}
    assert set(seen) & furniture == set()


@pytest.mark.parametrize("key", sorted(BOOKS))
def test_segments_are_well_formed(key):
    seg = segmentation(key)
    for i, s in enumerate(seg.segments):
        assert s.index == i
        assert s.kind in SEGMENT_KINDS
        assert 1 <= s.line_start <= s.line_end <= len(seg.lines)
        assert s.line_start == min(s.lines) and s.line_end == max(s.lines)
        assert s.text.strip()
        if s.kind == "body":
            assert s.article is not None or key == "004"
            assert s.sentences
    starts = [s.line_start for s in seg.segments]
    assert starts == sorted(starts)


@pytest.mark.parametrize("key", sorted(BOOKS))
def test_articles_are_numbered_from_one(key):
    arts = [s.article for s in segmentation(key).segments if s.kind == "heading" and s.level == 2]
    assert arts == list(range(1, len(arts) + 1))
    assert len(arts) >= 7


def test_no_unreadable_text_in_body_004():
    seg = segmentation("004")
    unreadable = [s for s in seg.segments if s.kind == "unreadable"]
    assert [(s.line_start, s.line_end) for s in unreadable] == [(4, 92)]
    for s in seg.segments:
        if s.kind != "unreadable":
            assert "\ufffd\ufffd" not in s.text


def test_front_matter_toc_bibliography_back_matter_002():
    seg = segmentation("002")
    assert segment_at("002", 55).kind == "front_matter"  # imprint
    assert segment_at("002", 14).kind == "front_matter"  # author's bio
    toc = segment_at("002", 95)
    assert toc.kind == "toc" and toc.line_start == 93 and toc.line_end == 105
    assert segment_at("002", 1343).kind == "bibliography"  # "Littérature"
    assert segment_at("002", 1415).kind == "bibliography"  # entry 35
    assert segment_at("002", 1415).text.startswith("35. Ouverture d'une ferme laitière")
    back = [s for s in seg.segments if s.kind == "back_matter"]
    assert back and "morebooks" in back[0].text
    assert not [s for s in seg.segments if s.kind == "body" and "morebooks" in s.text]


def test_toc_004():
    toc = segment_at("004", 99)
    assert toc.kind == "toc"
    assert "CHAPITRE 5" in toc.text and "Littérature" in toc.text


def test_paragraph_cut_by_page_break_is_rejoined_002():
    # 002 line 115 stops mid-sentence; it continues at line 121, after the
    # footnotes of lines 117 and 119.
    s = segment_at("002", 115)
    assert s.kind == "body"
    assert s.lines == (115, 121)
    assert "d'exposition de la SARL" in s.text
    assert segment_at("002", 117).kind == "footnote"
    assert segment_at("002", 119).kind == "footnote"


def test_paragraph_continues_across_footnote_block_000():
    # 000: body line 49 "officielle en Turquie, au cours de laquelle il a identifié les domaines"
    # continues at line 59 " prioritaires de la coopération" after footnotes 1-3 (lines 52-58).
    s = segment_at("000", 49)
    assert s.kind == "body" and 59 in s.lines
    assert "il a identifié les domaines prioritaires de la coopération" in s.text
    for line in range(52, 59):
        assert segment_at("000", line).kind == "footnote", line
    f2 = segment_at("000", 54)
    assert f2.lines == (54, 55, 56)
    assert f2.text.startswith("2 Visite officielle du président de la Turquie")
    assert f2.text.endswith("ofitsialnyj-vizit-prezidenta-turtsii-redzhepa-tajipa-erdogana-14820/")


def test_headings_examples():
    h = segment_at("000", 2100)  # two lines: "Le partenariat stratégique entre dans une" / "nouvelle ère"
    assert h.kind == "heading" and h.text == "Le partenariat stratégique entre dans une nouvelle ère"
    assert h.lines == (2100, 2102)
    h = segment_at("001", 1)
    assert h.kind == "heading" and h.text == "Modifications de la loi comme incitation pour les investisseurs"
    h = segment_at("002", 109)
    assert h.kind == "heading" and h.lines == (109, 111)
    assert h.text == "Biélorussie - Russie : Orientation vers une coopération mutuellement bénéfique"
    h = segment_at("004", 120)
    assert h.kind == "heading" and h.text == "L'objectif est d'atteindre un milliard de dollars"
    # page-initial body text after footnotes is not a heading (000 line 177)
    assert segment_at("000", 177).kind == "body"


def test_body_sentences_have_line_spans_001():
    s = segment_at("001", 5)
    assert s.kind == "body"
    first = s.sentences[0]
    assert first.text.startswith("En décembre 2021, le Conseil de la République")
    assert first.line_start == 5
    assert all(s.line_start <= x.line_start <= x.line_end <= s.line_end for x in s.sentences)


def test_utf16_file_segments_like_utf8():
    text = "Un titre court\n\nEn 2021, le Belarus a exporté des tracteurs. Il a aussi exporté du lait.\n"
    a = segment_text(text, "a.txt")
    assert [s.kind for s in a.segments] == ["heading", "body"]
    assert [x.text for x in a.segments[1].sentences] == [
        "En 2021, le Belarus a exporté des tracteurs.",
        "Il a aussi exporté du lait.",
    ]


def test_footnote_pieces_without_separator_leave_the_body():
    # 000 line 2288: " [Ressource électronique]. - 2023. - URL : https://www.belta.by/...esche-dva-"
    # sits between two body lines of one paragraph (2287 and 2289).
    assert segment_at("000", 2288).kind == "footnote"
    para = segment_at("000", 2287)
    assert para.kind == "body" and 2289 in para.lines
    assert "attirer de nouveaux investisseurs, le travail devrait" in para.text
    # 004 lines 1890-1892: the end of an entry and its URL, then footnote 122 (1893)
    for line in (1890, 1891, 1892, 1893):
        assert segment_at("004", line).kind == "footnote", line
    # 002 line 197: a URL on its own line between paragraphs
    assert segment_at("002", 197).kind == "footnote"
    for key in BOOKS:
        for s in segmentation(key).segments:
            if s.kind == "body":
                assert "[Ressource électronique]" not in s.text and "URL :" not in s.text, (key, s.line_start)


def test_footnote_entries_003():
    # 003 lines 49-56: footnotes 1 and 2 after the separator of line 48
    f1 = segment_at("003", 49)
    assert f1.kind == "footnote" and f1.lines == (49, 50, 51, 52)
    assert f1.text.startswith("1 Grishkevich, A. Le développement de la Chine")
    assert f1.text.endswith("razvitie-kitaja-ne-mozhet-obojtis-bez-podderzhki-i-pomoschi-belarusi-tsuj-tsimin-367736-2019/")
    f2 = segment_at("003", 53)
    assert f2.text.startswith("2 La région de Minsk a plus que doublé ses exportations vers la Chine en janvier-septembre")
    # the body resumes at line 57 inside the paragraph begun before the footnotes
    body = segment_at("003", 57)
    assert body.kind == "body" and 45 in body.lines


def test_long_slugs_are_told_from_text():
    # a slug line of forty words, alone or in brackets, cites; followed by text it does not
    slug = "-".join(["sotrudnichestvo"] * 40)
    assert is_citation(slug) and is_citation("(" + slug + ").")
    assert not is_citation(slug + " Le texte") and not is_citation(slug + "/ X")
