"""Footnote entries, body markers and sources against the gold sets and real excerpts."""

from __future__ import annotations

import functools

import pytest
from conftest import BOOKS, GOLD, book_text

from workbench.biblio import article_id, bibliography_links, cluster_sources, url_key
from workbench.evaluate import (
    marker_accuracy,
    overall_f1,
    read_gold_entries,
    read_gold_markers,
    score_entries,
)
from workbench.footnotes import normalise_url, parse_fields, split_number
from workbench.pipeline import analyse_text

# book -> highest footnote number covered by its gold set (None: all)
GOLD_BOOKS = {"000": None, "002": None, "003": None, "004": None}


@functools.cache
def analysis(key: str):
    return analyse_text(book_text(key), BOOKS[key])


def entries(key: str, kind: str = "footnote"):
    return [e for e in analysis(key)[1] if e.kind == kind]


def entry(key: str, number: int):
    found = [e for e in entries(key) if e.number == number]
    assert len(found) == 1, (key, number, len(found))
    return found[0]


def markers(key: str):
    return analysis(key)[2]


# ------------------------------------------------------------------ gold sets


@pytest.mark.parametrize("key", sorted(GOLD_BOOKS))
def test_footnote_field_f1(key):
    limit = GOLD_BOOKS[key]
    gold = read_gold_entries(GOLD / f"footnotes_{key}.jsonl")
    pred = [e.to_dict() for e in entries(key) if limit is None or (e.number or 0) <= limit]
    scores = score_entries(pred, gold)
    f1 = overall_f1(scores)
    worst = sorted((s.f1, f) for f, s in scores.items())[:3]
    errors = [e for s in scores.values() for e in s.errors][:5]
    assert f1 >= 0.99, f"{key}: field F1 {f1:.4f}; worst fields {worst}; e.g. {errors}"
    # every field, not only the average
    for f, s in scores.items():
        assert s.f1 >= 0.9, (key, f, s.errors[:3])


@pytest.mark.parametrize("key", sorted(GOLD_BOOKS))
def test_marker_link_accuracy(key):
    gold = read_gold_markers(GOLD / f"markers_{key}.tsv")
    pred = [(m.number, m.line) for m in markers(key)]
    acc, wrong = marker_accuracy(pred, gold, GOLD_BOOKS[key])
    assert acc >= 0.99, f"{key}: marker accuracy {acc:.3f}; {wrong[:8]}"
    # and no invented marker inside the gold range
    numbers = {int(r["number"]) for r in gold}
    extra = [p for p in pred if p[0] in numbers and (str(p[0]), str(p[1])) not in {(r["number"], r["line"]) for r in gold}]
    assert not extra, extra[:5]


@pytest.mark.parametrize("key", sorted(GOLD_BOOKS))
def test_no_body_in_footnotes_no_footnotes_in_body(key):
    seg = analysis(key)[0]
    kind_of = {n: s.kind for s in seg.segments for n in s.lines}
    limit = GOLD_BOOKS[key]
    for g in read_gold_entries(GOLD / f"footnotes_{key}.jsonl"):
        if limit and (g["number"] or 0) > limit:
            continue
        for n in g["lines"]:
            assert kind_of.get(n) == "footnote", (key, g["number"], n, kind_of.get(n))
    for r in read_gold_markers(GOLD / f"markers_{key}.tsv"):
        if limit and int(r["number"]) > limit:
            continue
        assert kind_of.get(int(r["line"])) == "body", (key, r)


def test_bibliography_links_002():
    import csv

    all_entries = [e for key in BOOKS for e in analysis(key)[1]]
    links = bibliography_links(cluster_sources(all_entries))
    with (GOLD / "biblio_links_002.tsv").open(encoding="utf-8") as f:
        gold = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    right = 0
    for r in gold:
        want = [int(x) for x in r["footnote_numbers"].split(",") if x]
        right += links.get((BOOKS["002"], int(r["bib_number"]))) == want
    assert right / len(gold) >= 0.95, f"{right}/{len(gold)}"


def test_sources_span_books():
    all_entries = [e for key in BOOKS for e in analysis(key)[1]]
    sources = cluster_sources(all_entries)
    shared = [s for s in sources if len({m.file for m in s.members}) > 1]
    assert len(shared) >= 30
    # 002 bibliography 89 = 002 footnote 88 = 004 footnote 238 (belta id 443204)
    s = next(s for s in sources if any(m.file == BOOKS["004"] and m.number == 238 for m in s.members))
    got = {(m.file[:3], m.kind, m.number) for m in s.members}
    assert {("002", "footnote", 88), ("002", "bibliography", 89), ("004", "footnote", 238)} <= got


# ------------------------------------------------------------------ printed forms of entry numbers


@pytest.mark.parametrize(
    "key,line,number",
    [
        ("002", 1058, 214),  # "214 Sur l'ouverture…": plain
        ("000", 990, 32),  # "32Le Belarus a présenté…": glued
        ("000", 2497, 87),  # "87 . Nikolai Snopkov": number, space, period
        ("000", 2397, 83),  # " 83 Le directeur général": indented
        ("002", 127, 3),  # "³ \" Gomselmash prévoit…": superscript
        ("002", 157, 10),  # "¹⁰ …": superscript, two digits
        ("002", 1321, 264),  # "²⁶⁴Le BUTB": superscript glued
        ("002", 163, 12),  # "12_Le BUTB": underscore
        ("002", 888, 174),  # "174. Xiaoyun": period
        ("004", 1130, 70),  # "70" alone on its line, text on the next lines
    ],
)
def test_entry_number_forms(key, line, number):
    e = entry(key, number)
    assert e.line_start == line


def test_entry_without_number_003():
    # 003 lines 2229-2231: " Great Stone [Ressource électronique]. - – 2021. - URL : …farmzavoda-426540-2021/",
    # the tail of an entry whose start was lost; not glued onto entry 79 above it
    e79 = entry("003", 79)
    assert e79.url.endswith("za-vremja-") and 2229 not in e79.lines
    tail = [e for e in entries("003") if e.number is None and e.line_start == 2229]
    assert tail and tail[0].url.endswith("farmzavoda-426540-2021/")


def test_number_alone_on_its_line_004():
    e = entry("004", 70)
    assert e.lines[:2] == (1130, 1132)
    assert e.title.startswith("Golovchenko et Aripov ont discuté de l'augmentation du chiffre d'affaires")


def test_split_number():
    assert split_number("²⁶⁴Le BUTB") == (264, "Le BUTB", "²⁶⁴")
    assert split_number("87 . Nikolai") == (87, "Nikolai", "87 .")
    assert split_number("12_Le BUTB")[:2] == (12, "Le BUTB")
    assert split_number("01/07/c_138685700.htm")[0] is None  # a URL piece, not entry 1
    assert split_number("Great Stone")[0] is None


# ------------------------------------------------------------------ fields


def test_fragment_of_an_entry_cut_by_a_page_break_004():
    # entry 4 ends its line 165 on "…sozdat- sovmestnye-"; the URL goes on at line 197,
    # at the top of the next page's footnotes
    e = entry("004", 4)
    assert 197 in e.lines and (197,) in e.fragments
    assert e.url.endswith("sozdat-sovmestnye-predprijatiia-v-farmatsevtike-mashinostroenii-i-apk-317534-2018/")


@pytest.mark.parametrize(
    "key,number,url",
    [
        # broken after a hyphen (000 lines 55-56)
        ("000", 2, "http://president.gov.by/ru/news_ru/view/ofitsialnyj-vizit-prezidenta-turtsii-redzhepa-tajipa-erdogana-14820/"),
        # spaces inserted after dots, trailing period (001 lines 49-51)
        ("001", 1, "https://www.belta.by/economics/view/sovet-respubliki-odobril-zakonoproekt-o-svobodnyh-ekonomicheskih-zonah-476194-2021/"),
        # `podnjat- uroven`, `-1 -mlrd`, `utm source` (004 lines 151-155)
        ("004", 1, "https://www.belta.by/president/view/lukashenko-i-mirzieev-schitajut-vozmozhnym-podnjat-uroven-tovarooborota-do-1-mlrd-317697-2018/?utm_source=belta&utm_medium=news&utm_campaign=accent"),
        # `news ru` (004 lines 156-158)
        ("004", 2, "http://president.gov.by/ru/news_ru/view/peregovory-s-prezidentom-Ouzbékistan-shavkatom-mirzieevym-19489"),
        # angle brackets (002 line 117)
        ("002", 1, "http://www.government.by/ru/content/9807"),
        # a slug number that slipped before "URL :" goes back (004 line 374)
        ("004", 18, "https://belta.by/society/view/belarus-i-uzbekistan-realizujut-15-sovmestnyh-nauchno-tehnicheskih-proektov-343295-2019/"),
    ],
)
def test_urls(key, number, url):
    assert entry(key, number).url == url


def test_markdown_link_url_002():
    e = entry("002", 34)  # line 251: [https://sakhalin.gov.ru/index.php?…tx_ttnews\[tt_news\]=…](#)
    assert e.url.startswith("https://sakhalin.gov.ru/index.php?id=105&no_cache=1&tx_ttnews[tt_news]=")


def test_english_title_and_authors_003():
    e = entry("003", 39)
    assert e.authors == ["Nemankova, Y."]
    assert e.title == "Pilot project on 5G development will be implemented in Velikiy Kamen"
    assert e.title_lang == "en"
    assert entry("003", 1).title_lang == "fr"


def test_book_without_url_004():
    e = entry("004", 37)  # "Zalessky, B. Vecteur de l'intégration post-soviétique. Vue de la Biélorussie / Boris Zalessky. - Palmarium Academic Publishing, 2019. - C. 223."
    assert e.url is None
    assert e.authors == ["Zalessky, B."]
    assert e.title == "Vecteur de l'intégration post-soviétique. Vue de la Biélorussie"
    assert (e.year, e.pages, e.publisher) == (2019, "223", "Palmarium Academic Publishing")


def test_ibid_001():
    e = entry("001", 60)  # line 1938: "60  Ibid. �. 27."
    assert (e.title, e.pages, e.url) == ("Ibid.", "27", None)


def test_year_typo_001():
    e = entry("001", 26)  # line 833: "- 20231. -", the URL says 2021
    assert e.year == 2021


def test_responsibility_is_not_title():
    f = parse_fields(
        "Grishkevich, A. Le développement de la Chine ne peut se passer du soutien du Belarus - Cui Qimin "
        "// A. Grishkevich [Ressource électronique]. - – 2019. - URL : https://www.belta.by/x-367736-2019/"
    )
    assert f["authors"] == ["Grishkevich, A."]
    assert f["title"] == "Le développement de la Chine ne peut se passer du soutien du Belarus - Cui Qimin"
    assert f["year"] == 2019
    # " / " inside a title without a name after it stays (002 entry 57)
    assert entry("002", 57).title == "Région de Vladimir / Biélorussie - développement de la coopération"


def test_normalise_url():
    assert normalise_url("https://www. belta. by/economics/view/a-b-476194-2021/.") == (
        "https://www.belta.by/economics/view/a-b-476194-2021/"
    )
    assert normalise_url("<http://president.gov.by/ru/news ru/view/x-19489>") == (
        "http://president.gov.by/ru/news_ru/view/x-19489"
    )


def test_url_keys():
    assert url_key("https://www.belta.by/special/economics/view/x-317534-2018/") == url_key(
        "https://belta.by/economics/view/x-317534-2018"
    )
    assert article_id("https://www.belta.by/economics/view/bmz-uvlichivaet-433237-2021/") == "belta.by#433237"
    assert article_id("https://www.belta.by/economics/view/x-4-2019/") is None  # id cut short
    assert article_id("http://www.government.by/ru/content/9807") == "government.by#9807"


# ------------------------------------------------------------------ markers


def _marker(key: str, number: int):
    found = [m for m in markers(key) if m.number == number]
    assert len(found) == 1, (key, number)
    return found[0]


@pytest.mark.parametrize(
    "key,number,line,printed",
    [
        ("001", 1, 19, "libres.1 Cette"),
        ("001", 2, 33, 'spécifiques"2.'),
        ("002", 4, 129, "dernière⁴."),
        ("003", 13, 398, "Harbin13. Toutefois,"),
        ("003", 11, 352, '" . 11En'),
        ("003", 3, 107, "l'3année"),
        ("004", 3, 135, '" . 3Un'),
        ("004", 6, 173, "6Gomselmash"),
        ("003", 1, 21, '81,9%1...".'),  # after a percentage: the 1 is the marker, not "81,9%"
        ("001", 19, 512, "2012.19 Le"),  # after a year
        ("004", 34, 657, "343a"),  # marker 34 glued to "3a" (За), not 343
        ("000", 62, 1869, '2022" . 62 Pour'),  # after a quote, a space and a period
        ("000", 69, 2067, "biélorusses (69 )."),  # in parentheses with a space
    ],
)
def test_marker_forms(key, number, line, printed):
    m = _marker(key, number)
    assert m.line == line
    assert printed in m.text or m.text in printed
    raw = book_text(key).split("\n")[line - 1]
    digits = str(number)
    sup = digits.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    assert raw[m.col - 1 :].startswith((digits, sup))


def test_numbers_that_are_not_markers():
    ms = {(m.number, m.line) for m in markers("004")}
    assert (3, 655) not in ms  # "MM3" is MMZ
    assert (343, 657) not in ms
    # no marker on an ordinal or an amount: 004 line 131 "1 milliard de dollars"
    assert all(m.line != 131 for m in markers("004"))


def test_markers_are_removed_from_the_body_text():
    seg = analysis("004")[0]
    body = next(s for s in seg.segments if s.kind == "body" and 173 in s.lines)
    assert "Gomselmash Holding envisage également" in body.text
    assert "6Gomselmash" not in body.text
    assert any(x.text.startswith("Gomselmash Holding envisage") for x in body.sentences)
    b001 = next(s for s in analysis("001")[0].segments if s.kind == "body" and 19 in s.lines)
    assert "libres. Cette innovation" in b001.text
    assert 'spécifiques". Il convient' in b001.text


def test_cited_sentence():
    # 001 marker 1 ends the quoted sentence it cites
    assert _marker("001", 1).sentence.endswith("des zones économiques libres.")
    # 004 prints markers before the sentence they cite
    assert _marker("004", 3).sentence.startswith("Un peu plus tard, en novembre 2018")
    assert entry("004", 3).marker_line == 135


def test_missing_entries_are_reported():
    diagnostics = analysis("000")[3]
    assert any(d.startswith("footnote 59 cited at line") and d.endswith("has no entry") for d in diagnostics)
    assert "footnote 74 cited at line" in " ".join(analysis("003")[3])
    assert analysis("002")[3] == []


# ------------------------------------------------------------------ damage classes (issue 18)


def _body_text(key: str) -> str:
    return "\n".join(s.text for s in analysis(key)[0].segments if s.kind == "body")


@pytest.mark.parametrize("key,number,line", [("000", 156, 4732), ("000", 162, 4996), ("004", 82, 1308)])
def test_one_line_entry_indented_like_body(key, number, line):
    """An entry cut to one line, printed with the leading space of a resumed page,
    right after the entry numbered before it: an entry, not body text."""
    e = entry(key, number)
    assert (e.line_start, e.line_end) == (line, line)
    words = e.raw.split(" ", 1)[1][:40]
    assert words not in _body_text(key)
    assert not any(f"footnote {number} cited" in d for d in analysis(key)[3])


@pytest.mark.parametrize("key,number,url_tail,lines", [
    ("000", 7, "do-2021-goda-344282-2019/", (230, 231)),
    ("000", 131, "prjamoe-vzaimodejstvie-566987-2023/", (3971, 3972)),
])
def test_url_label_continued_after_page_break(key, number, url_tail, lines):
    """`… - URL :` at the foot of a page, the URL after the next page's separator."""
    e = entry(key, number)
    assert e.url and e.url.endswith(url_tail), e.url
    assert set(lines) <= set(e.lines) and tuple(lines) in e.fragments
    assert not [x for x in entries(key) if x.number is None and x.line_start == lines[0]]
    assert e.line_end < lines[0]  # the page-break tail does not stretch the entry's own span


def test_line_end_covers_a_year_line_ending_the_url():
    """`…-602188-` then `2023` alone on the next line: the entry's last line, not a page number."""
    e = entry("000", 167)
    assert e.line_end == 5163 and e.url.endswith("602188-2023")


def test_spaced_marker_forms_leave_clean_text():
    body = _body_text("000")
    assert '163,3 % par rapport à 2022" . Pour en revenir' in body
    assert "forestières biélorusses. En outre" in body
    assert "(69 )" not in body and '" . 62' not in body


def test_mt_placeholders_are_damaged_markers():
    """`xml-ph-0000@dee` stands where the translation lost a marker: reported, out of the text."""
    body = _body_text("000")
    assert "xml-ph" not in body
    assert 'leur configuration", avait déjà' in body
    assert 'au Belarus".' in body
    damaged = [d for d in analysis("000")[3] if d.startswith("damaged marker")]
    assert [d.split(" (")[0] for d in damaged] == ["damaged marker at line 275", "damaged marker at line 2522"]
    assert all(m.number for m in markers("000"))  # a placeholder is no numbered marker
    assert not any("xml-ph" in x.text for s in analysis("000")[0].segments for x in s.sentences)


# ------------------------------------------------------------------ URL damage classes (004)

B = "https://www.belta.by/economics/view/"


@pytest.mark.parametrize(("text", "url"), [
    # a year of the slug slipped before the label, its place a space between two words
    ("Titre [Ressource électronique]. - 2021. -2020-- URL : " + B + "eksport-v-uzbekistan-v godu-vyros-431838- 2021/",
     B + "eksport-v-uzbekistan-v-2020-godu-vyros-431838-2021/"),
    # two numbers, two slots (a gap, then `- -`), in reading order
    ("Titre [Ressource électronique]. - 2024. -2024-2025-1 - URL : " + B + "belarus-v godah-bolee- chem-na- -mlrd-613960-2024/",
     B + "belarus-v-2024-2025-godah-bolee-chem-na-1-mlrd-613960-2024/"),
    # a number, the `--` slot preferred to a space inside a word
    ("Titre [Ressource électronique]. - 2019. 15 - URL : " + B + "belarus- realizuj ut- -sovmestnyh-335-2019/",
     B + "belarus-realizujut-15-sovmestnyh-335-2019/"),
    # a path piece with its slash and dot
    ("Titre [Ressource électronique]. - 2012. /37076.- URL : http://www.turkmenistan.ru/ru/articles html",
     "http://www.turkmenistan.ru/ru/articles/37076.html"),
    # a slipped number with no slot left: the URL as printed
    ("Titre [Ressource électronique]. - 2010. 82516.- URL : http://president.gov.by/press ", "http://president.gov.by/press"),
    # hyphens printed as spaces throughout
    ("Titre [Ressource électronique]. - 2022. - URL : https://cis.minsk.by/news/24072/v ramkah go zasedanija komissii po torgovo- ekonomicheskomu",
     "https://cis.minsk.by/news/24072/v-ramkah-go-zasedanija-komissii-po-torgovo-ekonomicheskomu"),
    # French words the MT inserted inside the URL
    ("Titre [Ressource électronique]. - 2019. - URL : https://www.belta.by/special/view/pervyj-tehnopark avec la participation de la BITU.-335511-2019/",
     "https://www.belta.by/special/view/pervyj-tehnopark-335511-2019/"),
    # underscores printed as spaces are not hyphens
    ("Titre [Ressource électronique]. - 2018. - URL : https://www.belta.by/president/view/x-317697-2018/?utm source=belta&utm medium=news&utm campaign=accent",
     "https://www.belta.by/president/view/x-317697-2018/?utm_source=belta&utm_medium=news&utm_campaign=accent"),
    # a URL printed without its scheme, broken after a hyphen
    ("Accord [Ressource électronique]. - 2000. - URL : kazakhstan.news- city.info/docs/sistemsn/dok_oerajb.htm",
     "kazakhstan.news-city.info/docs/sistemsn/dok_oerajb.htm"),
])
def test_damaged_urls_are_rebuilt(text, url):
    assert parse_fields(text)["url"] == url


def test_the_end_of_a_lost_resource_tag_is_no_title():
    f = parse_fields("Accord entre le gouvernement du Belarus et le gouvernement du électronique].")
    assert f["title"] == "Accord entre le gouvernement du Belarus et le gouvernement du"


def test_a_url_tail_whose_head_is_lost_is_neither_title_nor_url():
    f = parse_fields("Le Belarus et l'Ouzbékistan créent une production de tracteurs"
                     " uzbekistan-sozdajut-sborochnoe-proizvodstvo-613951-2024/.")
    assert (f["title"], f["url"]) == ("Le Belarus et l'Ouzbékistan créent une production de tracteurs", None)


def test_entries_whose_number_is_lost_keep_their_head_and_stay_apart():
    """004 lines 1889 and 1934: an entry whose number the extraction lost begins
    with two spaces; the first follows the body with no separator, the second
    follows an entry that has its URL."""
    e = {x.line_start: x for x in entries("004")}
    assert e[1889].number is None and e[1889].title.startswith("Mirziyoyev : la Biélorussie")
    assert e[1889].url.endswith("-614250-2024/")
    assert e[1930].number == 123 and e[1930].lines == (1930, 1931, 1932, 1933)
    assert e[1934].number is None and e[1934].lines == (1934, 1935) and e[1934].url is None
    seg = analysis("004")[0]
    assert not [s for s in seg.segments if s.kind == "body" and 1889 in s.lines]


def test_a_second_resource_tag_is_another_entry_not_the_end_of_a_cut_one():
    """004: footnote 174 ends on `[Ressource`; the stray line 2657 carrying its own
    `[Ressource électronique]. - 2011.` is the tail of another entry."""
    e = {x.line_start: x for x in entries("004")}
    assert e[2622].lines == (2622,) and e[2622].year is None
    assert e[2657].number is None and e[2657].year == 2011


def test_a_marker_moved_before_a_dialogue_dash_is_read():
    """004 line 3025: `201- Nous voyons…` (the marker moved to the next sentence's start)."""
    assert (201, 3025) in {(m.number, m.line) for m in markers("004")}
