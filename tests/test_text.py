"""Loading, decoding and cleaning (workbench.text), on real lines of the corpus."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import book_text

from workbench.text import (
    BLANK,
    FURNITURE,
    PAGE_NUMBER,
    SEPARATOR,
    TEXT,
    UNREADABLE,
    InputError,
    clean_lines,
    decode,
    join_lines,
    join_lines_mapped,
    keep_hyphen,
    load_text,
    strip_markdown,
)

# ------------------------------------------------------------ decoding


def test_utf8_is_nfc_normalised():
    decomposed = "De\u0301veloppement".encode()  # e + combining acute
    assert decode(decomposed, "x.txt") == unicodedata.normalize("NFC", "Développement")
    assert decode(decomposed, "x.txt") == "Développement"


def test_utf8_bom_is_dropped():
    assert decode(b"\xef\xbb\xbfBonjour", "x.txt") == "Bonjour"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(codec):
    text = "Gomselmash prévoit de tripler les livraisons\n"
    data = text.encode(codec)
    if codec != "utf-16":  # explicit-endian codecs write no BOM: add it
        data = ("\ufeff" + text).encode(codec)
    assert decode(data, "x.txt") == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected_and_read(codec):
    """Windows tools write UTF-16 without a BOM: the byte order is told from the text
    (French and Russian alike), not mistaken for binary."""
    text = book_text("001")[:20000] + "\nГомсельмаш планирует утроить поставки № 5\n"
    assert decode(text.encode(codec), "x.txt") == text
    ru = "Гомсельмаш планирует утроить поставки в регионы России\n" * 30
    assert decode(ru.encode(codec), "ru.txt") == ru


def test_nul_bytes_anywhere_make_a_file_binary():
    head = book_text("001").encode("utf-8")[:100_000]
    for data in (head + b"\x00" + b"suite\n", b"\x00" + head, head[:70_001] + b"\x00\x00" + head[70_001:]):
        with pytest.raises(InputError, match="binary file \\(NUL byte at offset"):
            decode(data, "x.txt")
    with pytest.raises(InputError, match="binary file"):  # odd length, or not text in either byte order
        decode(bytes(range(256)) * 40, "x.txt")


def test_latin1_is_refused_with_position():
    with pytest.raises(InputError) as e:
        decode("Première ligne\ndéveloppement".encode("latin-1"), "book.txt")
    msg = str(e.value)
    assert msg.startswith("book.txt: not UTF-8")
    assert "0xe8" in msg and "line 1" in msg
    assert "\n" not in msg


def test_binary_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(InputError, match="binary file"):
        decode(png, "image.txt")


def test_empty_and_whitespace_files_are_refused():
    with pytest.raises(InputError, match="empty"):
        decode(b"", "e.txt")
    with pytest.raises(InputError, match="no text"):
        decode(b"  \n\n \n", "e.txt")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        load_text(tmp_path)


# ------------------------------------------------------------ furniture


def test_lines_keep_their_numbers():
    lines = clean_lines(book_text("000"))
    assert len(lines) == len(book_text("000").split("\n"))
    assert [ln.no for ln in lines[:5]] == [1, 2, 3, 4, 5]


def test_separator_and_page_numbers_000():
    lines = clean_lines(book_text("000"))
    # 000 line 51: a line of spaces before the page's footnotes
    assert lines[50].kind == SEPARATOR
    # 000 line 855: a bare page number "18 "
    assert lines[854].kind == PAGE_NUMBER and lines[854].text == "18"
    # 000 line 2: an ordinary blank line of the double-spaced layout
    assert lines[1].kind == BLANK and lines[2].kind == TEXT


def test_publisher_stamp_002():
    lines = clean_lines(book_text("002"))
    assert lines[38].raw == "FOR AUTHOR USE ONLY"  # 002 line 39
    assert lines[38].kind == FURNITURE


def test_markdown_residue_002():
    lines = clean_lines(book_text("002"))
    assert lines[18].text == "EDITIONS NOTRE SAVOIR"  # line 19: **SAVOIR**
    assert "La 7e réunion" in lines[210].text  # line 211: 7^e
    assert "1ère ferme avicole" in lines[455].text  # line 456: 1^{ère}
    # line 117: URL in angle brackets
    assert "URL : http://www.government.by/ru/" in lines[116].text
    assert "<http" not in lines[116].text
    # line 251: Markdown link with escaped brackets inside the URL
    assert "tx_ttnews[tt_news" in lines[250].text and "\\[" not in lines[250].text


def test_strip_markdown_keeps_plain_brackets():
    s = "Titre [Ressource électronique]. - URL : [https://a.ru/x\\[1\\]](#)"
    assert strip_markdown(s) == "Titre [Ressource électronique]. - URL : https://a.ru/x[1]"


def test_unreadable_region_004():
    lines = clean_lines(book_text("004"))
    bad = [ln.no for ln in lines if ln.kind == UNREADABLE]
    assert bad and min(bad) == 4 and max(bad) == 92
    # the wordless scrap ")++$('%" inside the region is not text (line 63)
    assert lines[62].kind == UNREADABLE
    # no text line in the first 95 lines
    assert not [ln for ln in lines[:95] if ln.kind == TEXT]
    # an isolated U+FFFD in a normal line keeps the line as text (000: "Erdo�an")
    l000 = clean_lines(book_text("000"))
    assert any(ln.kind == TEXT and "Erdo\ufffdan" in ln.text for ln in l000)


# ------------------------------------------------------------ hyphens


@pytest.mark.parametrize(
    "left,right,keep",
    [
        ("dé", "veloppement", False),
        ("coopé", "ration", False),
        ("agro", "industrielles", True),  # 000 line 242
        ("quelques", "uns", True),  # 004 line 3565
        ("biélorusse", "turque", True),
        ("moissonneuses", "batteuses", True),  # 000 line 1858
        ("plate", "forme", True),  # 001 line 1396: both spellings exist; keep the text's
        ("Chine", "Belarus", True),
        ("2020", "2021", True),
    ],
)
def test_keep_hyphen(left, right, keep):
    assert keep_hyphen(left, right) is keep


def test_join_lines_is_linear_and_same_as_plain_concatenation():
    """Thousands of hyphen-ended lines in one paragraph: the joined text equals the
    plain left-to-right joining it replaces (which copied the whole paragraph per line)."""
    words = book_text("001").split()[:6000]
    lines = [" ".join(words[i : i + 9]) + ("-" if i % 3 == 0 else "") for i in range(0, len(words), 9)]

    def naive(lines):
        out = ""
        for s in lines:
            s = s.strip()
            if not out:
                out = s
                continue
            if out.endswith("-"):
                import re

                m = re.search(r"(\w+)-$", out)
                n = re.match(r"^(\w+)", s)
                last = out.rsplit(" ", 1)[-1]
                if m and not (re.search(r"://|^www\.|\.(by|ru|com|org|net|kz|uz|cn)/", last) or n is None
                              or keep_hyphen(m.group(1), n.group(1))):
                    out = out[:-1] + s
                    continue
                if m:
                    out += s
                    continue
            out += " " + s
        return out

    assert join_lines(lines) == naive(lines)


def test_join_lines_dehyphenates_and_keeps_real_hyphens():
    assert join_lines(["le dé-", "veloppement durable"]) == "le développement durable"
    # 000 lines 242/244
    assert (
        join_lines(['dans des domaines prioritaires tels que "l\'énergie ; les technologies agro-', "industrielles"])
        == 'dans des domaines prioritaires tels que "l\'énergie ; les technologies agro-industrielles'
    )
    # a URL broken after a hyphen keeps it (000 lines 57/58)
    assert join_lines(
        ["- 2016. - URL : http://president.gov.by/ru/news_ru/view/ofitsialnyj-vizit-prezidenta-turtsii-", "redzhepa-tajipa-erdogana-14820/"]
    ).endswith("prezidenta-turtsii-redzhepa-tajipa-erdogana-14820/")


def test_join_lines_reads_the_whole_last_word_however_long():
    # the URL shape sits more than 64 characters before the line end: the hyphen stays
    url = "http://president.gov.by/ru/news_ru/view/" + "ofitsialnyj-vizit-prezidenta-turtsii-" * 3
    assert join_lines([url, "redzhepa"]) == url + "redzhepa"
    # a word glued over many lines is still one word: its URL shape, even far back, keeps the hyphens
    assert join_lines(["http://belta.by/a-", "b-", "c-", "d"]) == "http://belta.by/a-b-c-d"
    assert join_lines(["www." + "x" * 70 + "-", "dé-", "veloppement"]) == "www." + "x" * 70 + "-dé-veloppement"
    assert join_lines(["x" * 70 + "-", "dé-", "veloppement"]) == "x" * 70 + "-développement"
    # ... and a word after a space is judged on its own
    assert join_lines(["http://belta.by/a le dé-", "veloppement"]) == "http://belta.by/a le développement"


def test_join_lines_offsets_follow_dropped_hyphens():
    text, starts = join_lines_mapped([(1, "le dé-"), (2, "veloppement et"), (3, "la suite")])
    assert text == "le développement et la suite"
    assert starts == [(0, 1), (5, 2), (20, 3)]
    assert text[5:].startswith("veloppement") and text[20:].startswith("la suite")
