"""Inline codes of a TMX segment as placeholders, the way CAT tools hold them.

A `<seg>` mixes translatable text with native codes (`<bpt>`/`<ept>` around bold,
`<ph>` for an image, `<it>` for a tag whose partner is in another segment, TMX 1.1's
`<ut>`, `<hi>` around highlighted text). Matching must see the text alone — `The big
black cat sleeps.` — while the codes are kept, by offset in that text, so that they
can be put back when a match is used or the memory is written out again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lxml import etree

CODE_TAGS = ("bpt", "ept", "it", "ph", "ut")  # native codes: their content is not text
HI = "hi"                                     # a span of text the codes only mark
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Code:
    pos: int    # offset in the plain text where the code stands
    kind: str   # bpt, ept, it, ph, ut; "hi" opens a highlighted span and "/hi" closes it
    xml: str    # the element as written (for "hi" without its content; "" for "/hi")

    @property
    def ident(self) -> str:
        """The code's number in its segment: `i` pairs bpt/ept, `x` links source and target."""
        attrs = etree.fromstring(self.xml).attrib if self.xml else {}
        return attrs.get("i") or attrs.get("x") or ""


def localname(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def parse_seg(seg: etree._Element) -> tuple[str, tuple[Code, ...]]:
    """The plain text of a `<seg>` (single spaces, no control characters) and its codes."""
    raw: list[str] = []
    codes: list[tuple[int, str, str]] = []  # (offset in the raw text, kind, xml)
    size = 0

    def text(s: str | None) -> None:
        nonlocal size
        if s:
            s = _CONTROL.sub("", s)
            raw.append(s)
            size += len(s)

    def walk(el: etree._Element) -> None:
        text(el.text)
        for child in el:
            name = localname(child.tag)
            if name in CODE_TAGS:
                codes.append((size, name, _xml(child)))
            elif name == HI:
                shell = etree.Element("hi", dict(child.attrib))
                codes.append((size, "hi", etree.tostring(shell, encoding="unicode")))
                walk(child)
                codes.append((size, "/hi", ""))
            elif name:  # an element TMX does not define here: its text still counts
                walk(child)
            text(child.tail)

    walk(seg)
    whole = "".join(raw)
    plain = " ".join(whole.split())
    if not codes:
        return plain, ()
    return plain, tuple(Code(_plain_offset(whole, p, len(plain)), k, x) for p, k, x in codes)


def _plain_offset(raw: str, at: int, size: int) -> int:
    """Where raw offset `at` falls once whitespace runs are single spaces and the ends trimmed."""
    before = raw[:at]
    n = len(" ".join(before.split()))
    if n and before[-1].isspace():
        n += 1  # the space kept between the text before and the text after
    return min(n, size)


def _xml(el: etree._Element) -> str:
    """The element without its tail and without namespace declarations."""
    if not any(isinstance(e.tag, str) and e.tag.startswith("{") for e in el.iter()):
        return etree.tostring(el, encoding="unicode", with_tail=False)
    copy = etree.fromstring(etree.tostring(el, with_tail=False))
    for e in copy.iter():
        if isinstance(e.tag, str) and e.tag.startswith("{"):
            e.tag = localname(e.tag)
    etree.cleanup_namespaces(copy)
    return etree.tostring(copy, encoding="unicode", with_tail=False)


def build_seg(text: str, codes: tuple[Code, ...] | list[Code], tag: str = "seg") -> etree._Element:
    """The segment element again: the text with every code back at its offset."""
    seg = etree.Element(tag)
    stack = [seg]

    def add_text(s: str) -> None:
        parent = stack[-1]
        if not s:
            return
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + s
        else:
            parent.text = (parent.text or "") + s

    at = 0
    for c in sorted(codes, key=lambda c: c.pos):  # stable: codes at one offset keep their order
        add_text(text[at:c.pos])
        at = c.pos
        if c.kind == "/hi":
            if len(stack) > 1:
                stack.pop()
            continue
        el = etree.fromstring(c.xml)
        stack[-1].append(el)
        if c.kind == "hi":
            stack.append(el)
    add_text(text[at:])
    return seg


def tagged(text: str, codes: tuple[Code, ...] | list[Code]) -> str:
    """The text with short tags where the codes stand, as CAT editors show them:
    `The big <b1>black</b1> <b2>cat</b2> sleeps.`"""
    out, at, open_hi = [], 0, []
    for c in sorted(codes, key=lambda c: c.pos):
        out.append(text[at:c.pos])
        at = c.pos
        n = c.ident
        if c.kind == "hi":
            open_hi.append(n)
        elif c.kind == "/hi":
            n = open_hi.pop() if open_hi else ""
        out.append({"bpt": f"<b{n}>", "ept": f"</b{n}>", "hi": f"<h{n}>", "/hi": f"</h{n}>"}.get(
            c.kind, f"<{c.kind[0]}{n}/>"))
    out.append(text[at:])
    return "".join(out)


def codes_json(codes: tuple[Code, ...] | list[Code]) -> str:
    """Stored form: '' for no code, else a JSON list of [pos, kind, xml]."""
    return json.dumps([[c.pos, c.kind, c.xml] for c in codes], ensure_ascii=False) if codes else ""


def codes_from_json(s: str | None) -> tuple[Code, ...]:
    return tuple(Code(p, k, x) for p, k, x in json.loads(s)) if s else ()
