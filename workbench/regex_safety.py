"""Regular expressions written by users (the glossary's slug stems): refused when a
backtracking engine could take exponential time on them, and run with a timeout.

The test is the exponential-degree-of-ambiguity criterion for backtracking matchers
(Weideman, van der Merwe, Berglund, Watson, "Analyzing matching time behavior of
backtracking regular expression matchers by using ambiguity of NFA", CIAA 2016): a
pattern backtracks exponentially on some failing input when its automaton has a state
with two different paths back to itself that read the same word. The automaton is the
position (Glushkov) automaton with each transition counted once per way the pattern
derives it, so `(a*)*` and `(a|a)*` keep their two paths; ambiguity is then a strongly
connected part of the automaton's product with itself that holds a pair of equal
states and a pair of different ones (or a doubled transition). Lookarounds and anchors
read nothing and count as empty, which can only add paths: the test errs on the side
of refusing.

Pure: no I/O. `compile_user_pattern` is the entry point; `TIMEOUT` bounds every search
made with the compiled pattern by the callers (the `regex` module's `timeout=`).
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]  # private, but Python's own regex parser
from re import _parser as sre_parse  # type: ignore[attr-defined]

import regex

TIMEOUT = 0.25  # seconds for one search over one slug: thousands of times what a sane stem needs
MAX_POSITIONS = 400  # characters of a pattern, bounded repeats unrolled: a stem is a few words
_UNROLL = 8  # a bounded repeat {m,n} up to this is unrolled, beyond it is treated as unbounded


class UnsafePattern(ValueError):
    """The pattern is invalid, or a backtracking engine could take exponential time on it."""


def check_user_pattern(pattern: str) -> None:
    """UnsafePattern with a one-line reason when the pattern is invalid, matches the
    empty string or can backtrack catastrophically."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as e:
        raise UnsafePattern(str(e)) from None
    automaton = _Automaton(parsed, pattern)
    if automaton.nullable:
        raise UnsafePattern("it can match the empty string, so it matches every slug")
    if automaton.exponentially_ambiguous():
        raise UnsafePattern(
            "it can backtrack catastrophically (a repetition whose body can match the same"
            " text in more than one way, e.g. nested `+`/`*` or overlapping alternatives)")


def compile_user_pattern(pattern: str) -> regex.Pattern:
    """The pattern checked, then compiled with the `regex` engine (search it with
    `timeout=TIMEOUT`); UnsafePattern with a one-line reason otherwise."""
    check_user_pattern(pattern)
    try:
        return regex.compile(pattern)
    except regex.error as e:  # the two parsers disagree on some corner: still one line
        raise UnsafePattern(str(e)) from None


# ------------------------------------------------------------------ character labels

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}


def _alphabet(pattern: str) -> str:
    """Characters enough to tell the pattern's character classes apart: ASCII, every
    character the pattern names, and a few outside ASCII (accented, Cyrillic, spaces)."""
    chars = {chr(c) for c in range(32, 127)} | set(pattern) | set("\n\t\u00a0éàçœёжшщ")
    return "".join(sorted(chars))


def _matches(op, av, ch: str, flags: int) -> bool:
    if op is sre.LITERAL:
        return ch == chr(av)
    if op is sre.NOT_LITERAL:
        return ch != chr(av)
    if op is sre.ANY:
        return bool(flags & re.DOTALL) or ch != "\n"
    if op is sre.IN:
        items = list(av)
        negate = bool(items) and items[0][0] is sre.NEGATE
        hit = False
        for iop, iav in items[negate:]:
            if iop is sre.RANGE:
                hit = iav[0] <= ord(ch) <= iav[1]
            elif iop is sre.CATEGORY:
                rx = _CATEGORIES.get(iav)
                hit = rx is None or re.fullmatch(rx, ch) is not None
            else:
                hit = _matches(iop, iav, ch, flags)
            if hit:
                break
        return hit != negate
    return True  # anything else that reads one character: assume it may read this one


_LABELS: dict[tuple, frozenset[str]] = {}


def _label(op, key: str, av, alphabet: str, flags: int) -> frozenset[str]:
    """The characters of `alphabet` one pattern item reads (cached by the item's repr:
    a glossary repeats the same letters and classes in hundreds of stems)."""
    k = (op, key, alphabet, flags)
    if k not in _LABELS:
        if len(_LABELS) > 20_000:
            _LABELS.clear()
        fold = bool(flags & re.IGNORECASE)
        _LABELS[k] = frozenset(
            ch for ch in alphabet
            if _matches(op, av, ch, flags)
            or (fold and (_matches(op, av, ch.lower(), flags) or _matches(op, av, ch.upper(), flags))))
    return _LABELS[k]


# ------------------------------------------------------------------ the automaton


# Derivation counts are kept in plain dicts {position: count}, capped at 2: they only
# matter as one way or more than one.

def _add(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = min(out.get(k, 0) + v, 2)
    return out


def _times(a: dict, n: int) -> dict:
    return {k: min(v * n, 2) for k, v in a.items()} if n else {}


class _Automaton:
    """Position automaton with derivation counts: `labels[p]` the characters position p
    reads, `follow[p]` the positions that may come next (with their counts), `first`
    the positions a match may start with."""

    def __init__(self, parsed, pattern: str) -> None:
        self.alphabet = _alphabet(pattern)
        self.flags = parsed.state.flags
        self.labels: list[frozenset[str]] = []
        self.follow: list[dict] = []
        empty, self.first, _ = self._seq(list(parsed))
        self.nullable = empty > 0

    def _position(self, op, av) -> int:
        if len(self.labels) >= MAX_POSITIONS:
            raise UnsafePattern(f"too long or too repetitive for a slug stem (over {MAX_POSITIONS} positions)")
        self.labels.append(_label(op, repr(av), av, self.alphabet, self.flags))
        self.follow.append({})
        return len(self.labels) - 1

    def _link(self, last: dict, first: dict) -> None:
        for x, m in last.items():
            fx = self.follow[x]
            for y, n in first.items():
                fx[y] = min(fx.get(y, 0) + m * n, 2)

    # Each builder returns (empty, first, last) for its part of the pattern: in how many
    # ways (0, 1, 2 = more) it matches the empty string, and the positions it may start
    # and end with, each counted once per derivation. `a|a` parses as `a(?:|)`, whose two
    # empty branches are two ways through: counting them keeps that ambiguity.

    def _concat(self, parts: list[tuple[int, dict, dict]]) -> tuple[int, dict, dict]:
        empty, first, last = 1, dict[int, set](), dict[int, set]()
        for e, f, tail in parts:
            self._link(last, f)
            first = _add(first, _times(f, empty))
            last = _add(_times(last, e), tail)
            empty = min(empty * e, 2)
        return empty, first, last

    def _seq(self, items) -> tuple[int, dict, dict]:
        return self._concat([self._item(op, av) for op, av in items])

    def _item(self, op, av) -> tuple[int, dict, dict]:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            p = self._position(op, av)
            return 0, {p: 1}, {p: 1}
        if op is sre.SUBPATTERN:
            return self._seq(av[-1])
        if op is getattr(sre, "ATOMIC_GROUP", None):
            return self._seq(av)
        if op is sre.BRANCH:
            return self._alternatives([list(b) for b in av[1]])
        if op is sre.GROUPREF_EXISTS:
            return self._alternatives([list(av[1]), list(av[2]) if av[2] else []])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            return self._repeat(*av)
        if op is sre.GROUPREF:  # a backreference: any text, empty included
            p = self._position(sre.ANY, None)
            self._link({p: 1}, {p: 1})
            return 1, {p: 1}, {p: 1}
        return 1, {}, {}  # anchors, lookarounds: zero width

    def _alternatives(self, branches) -> tuple[int, dict, dict]:
        empty, first, last = 0, dict[int, set](), dict[int, set]()
        for b in branches:
            e, f, tail = self._seq(b)
            empty, first, last = min(empty + e, 2), _add(first, f), _add(last, tail)
        return empty, first, last

    def _repeat(self, lo: int, hi: int, body) -> tuple[int, dict, dict]:
        unbounded = hi == sre.MAXREPEAT or hi > _UNROLL
        once = self._seq(list(body))
        if once[0] and once[1] and (lo if hi == sre.MAXREPEAT else hi) >= 3:
            # `(a?){30}`: no loop, but the copies can share a text in C(30, n) ways
            raise UnsafePattern("it can backtrack catastrophically (a counted repetition of"
                                " something that may also be empty, e.g. `(a?){30}`)")
        copies = min(lo, 2) if unbounded else lo
        parts = ([once] if copies else []) + [self._seq(list(body)) for _ in range(copies - 1)]
        if unbounded:
            parts.append(self._star(body))
        elif hi > lo:
            parts.append(self._nested_optional(body, hi - lo))
        return self._concat(parts)

    def _star(self, body) -> tuple[int, dict, dict]:
        _, f, tail = self._seq(list(body))
        self._link(tail, f)  # another round of the body
        return 1, f, tail  # an iteration that reads nothing ends the loop (as in the engines)

    def _nested_optional(self, body, k: int) -> tuple[int, dict, dict]:
        """(body(body(...)?)?)? k deep: `a{0,3}` reads 'aa' one way only."""
        inner = self._seq(list(body))
        if k > 1:
            e, f, tail = self._nested_optional(body, k - 1)
            inner = self._concat([inner, (e, f, tail)])
        e, f, tail = inner
        return min(e + 1, 2), f, tail

    def exponentially_ambiguous(self) -> bool:
        """True when a state of the automaton has two different paths back to itself
        that read the same word: a strongly connected part of the product automaton
        holding an equal pair and a different pair of states (or a doubled edge)."""
        labels, follow = self.labels, self.follow
        edges: dict[tuple[int, int], list[tuple[tuple[int, int], bool]]] = {}
        todo = [(x, y) for x in self.first for y in self.first if labels[x] & labels[y]]
        seen = set(todo)
        while todo:
            node = todo.pop()
            x, y = node
            out = []
            for x2, m in follow[x].items():
                for y2, _n in follow[y].items():
                    if not labels[x2] & labels[y2]:
                        continue
                    doubled = x == y and x2 == y2 and m > 1
                    out.append(((x2, y2), doubled))
                    if (x2, y2) not in seen:
                        seen.add((x2, y2))
                        todo.append((x2, y2))
            edges[node] = out
        component = _components(edges)
        by_component: dict[int, list[tuple[int, int]]] = {}
        for node, c in component.items():
            by_component.setdefault(c, []).append(node)
        for c, nodes in by_component.items():
            if not any(x == y for x, y in nodes):
                continue
            if any(x != y for x, y in nodes) and len(nodes) > 1:
                return True
            for node in nodes:
                if any(doubled and component[to] == c for to, doubled in edges[node]):
                    return True
        return False


def _components(edges: dict) -> dict:
    """Tarjan's strongly connected components, iterative (a node -> component id)."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    comp: dict = {}
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, i = work[-1]
            succ = edges[node]
            if i < len(succ):
                work[-1] = (node, i + 1)
                to = succ[i][0]
                if to not in index:
                    index[to] = low[to] = counter
                    counter += 1
                    stack.append(to)
                    on_stack.add(to)
                    work.append((to, 0))
                elif to in on_stack:
                    low[node] = min(low[node], index[to])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp[w] = index[node]
                    if w == node:
                        break
    return comp
