"""Load, decode and clean one book: the first pure stage of the pipeline.

`load_text` turns bytes into text (or a one-line `InputError`); `clean_lines`
classifies every original line (blank, page furniture, unreadable, text) and
strips Markdown residue while keeping its 1-based line number, so every later
stage can point back at the source.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workbench.errors import InputError  # callers catch it here too (text.InputError)

# ---------------------------------------------------------------- decoding

MAX_BYTES = 200 * 1024 * 1024


def decode(data: bytes, name: str) -> str:
    """Strict decoding: UTF-8 (BOM optional) or UTF-16 (BOM optional, the byte order
    then told from the text); NUL bytes anywhere make it binary; NFC-normalised."""
    if not data:
        raise InputError(f"{name}: file is empty")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: invalid UTF-16 at byte {e.start}") from None
        return _finish(text, name)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            at = data.index(b"\x00")
            raise InputError(f"{name}: binary file (NUL byte at offset {at}), not text")
        return _finish(utf16, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(
            f"{name}: not UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}, line {line})"
        ) from None
    return _finish(text, name)


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 data that lacks its byte-order mark (Windows tools write it),
    or None. Only data with NUL bytes gets here (UTF-8 text has none). The right byte
    order reads as letters of the scripts a book uses (Latin, Cyrillic, punctuation);
    the wrong one, and binary data, read as CJK, private-use or control characters."""
    if len(data) % 2:
        return None
    best, best_share = None, 0.0
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:32768]
        share = sum(1 for ch in sample if _textual(ch)) / max(1, len(sample))
        if share > best_share:
            best, best_share = text, share
    return best if best_share >= 0.95 else None


def _textual(ch: str) -> bool:
    o = ord(ch)
    return ((0x20 <= o < 0x0530 and o != 0x7F) or ch in "\n\r\t"  # Latin, Greek, Cyrillic
            or 0x2000 <= o < 0x2070 or 0x20A0 <= o < 0x20C0 or o in (0x2116, 0x2122))  # punctuation, currency, №, ™


def _finish(text: str, name: str) -> str:
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise InputError(f"{name}: binary file (NUL character at offset {text.index(chr(0))}), not text")
    bad = len(_CONTROL.findall(text, 0, 65536))
    if bad > max(8, len(text[:65536]) // 100):
        raise InputError(f"{name}: binary file ({bad} control characters), not text")
    if not text.strip():
        raise InputError(f"{name}: file has no text (only whitespace)")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def check_size(path: str | Path, limit: int = MAX_BYTES) -> int:
    """The file's size, or InputError when it is missing, not a file, unreadable or
    over the limit: checked before any work starts."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror})") from None
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a text file")
    if st.st_size > limit:
        raise InputError(f"{p}: file too large ({st.st_size} bytes, limit {limit})")
    return st.st_size


def read_limited(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, never more than `limit` (a file growing meanwhile is refused too)."""
    p = Path(path)
    check_size(p, limit)
    try:
        with p.open("rb") as f:
            data = f.read(limit + 1)
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a text file") from None
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror})") from None
    if len(data) > limit:
        raise InputError(f"{p}: file too large (over {limit} bytes)")
    return data


def load_text(path: str | Path) -> str:
    p = Path(path)
    return decode(read_limited(p), str(p))


# ---------------------------------------------------------------- line cleaning

BLANK, SEPARATOR, PAGE_NUMBER, FURNITURE, UNREADABLE, TEXT = (
    "blank",
    "separator",
    "page_number",
    "furniture",
    "unreadable",
    "text",
)


@dataclass(frozen=True, slots=True)
class Line:
    no: int  # 1-based line number in the original file
    raw: str
    text: str  # cleaned, stripped
    kind: str
    indented: bool = False  # the extraction starts page-initial lines and headings with a space

    @property
    def is_content(self) -> bool:
        return self.kind in (TEXT, UNREADABLE)


_FURNITURE = re.compile(
    r"^(FOR AUTHOR USE ONLY|\*\*\s*|yes)$"  # publisher stamps and emphasis debris
)
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MD_STRAY_BOLD = re.compile(r"\*\*")
_MD_SUP = re.compile(r"(\d)\^\{?([a-zà-ÿ]{1,4})\}?")  # 7^e, 1^{ère} -> 7e, 1ère
_MD_ESC = re.compile(r"\\([\[\]\$*_#()<>.\-])")  # \[ -> [
_MD_LINK = re.compile(r"\[(\S+?)\]\((?:#|https?://[^)\s]*)\)")  # [text](#) -> text
_ANGLE_URL = re.compile(r"<((?:https?://|www\.)[^<>\s]*(?:\s[^<>\s]+)*)>?")
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_REPLACEMENT = "\ufffd"


_MD_CHARS = re.compile(r"[*^\\<\[]")


def strip_markdown(s: str) -> str:
    if not _MD_CHARS.search(s):
        return s
    s = _MD_BOLD.sub(r"\1", s)
    s = _MD_STRAY_BOLD.sub("", s)
    s = _MD_SUP.sub(r"\1\2", s)
    s = _MD_LINK.sub(r"\1", s)
    s = _MD_ESC.sub(r"\1", s)
    s = _ANGLE_URL.sub(r"\1", s)
    return s.replace("<https://", "https://").replace("<http://", "http://")


_BAD_CHAR = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff]")


def unreadable_ratio(s: str) -> float:
    """Share of the non-space characters that are replacement, control or private-use characters."""
    bad = len(_BAD_CHAR.findall(s))
    if not bad:
        return 0.0
    visible = len(s) - sum(1 for c in s if c.isspace())
    return bad / visible if visible else 0.0


def clean_lines(text: str) -> list[Line]:
    """Classify every line; the result has exactly one `Line` per original line."""
    out: list[Line] = []
    for no, raw in enumerate(text.split("\n"), 1):
        raw = raw.replace("\t", " ").replace("\u00a0", " ").replace("\u00ad", "")
        stripped = raw.strip()
        if not stripped:
            # Lines of many spaces separate the body from the page's footnotes.
            kind = SEPARATOR if len(raw) >= 20 else BLANK
            out.append(Line(no, raw, "", kind))
            continue
        if unreadable_ratio(stripped) >= 0.3:
            out.append(Line(no, raw, stripped, UNREADABLE))
            continue
        if _FURNITURE.match(stripped):
            out.append(Line(no, raw, "", FURNITURE))
            continue
        cleaned = " ".join(strip_markdown(stripped).split())
        if not cleaned:
            out.append(Line(no, raw, "", FURNITURE))
            continue
        kind = PAGE_NUMBER if _BARE_NUMBER.match(cleaned) else TEXT
        out.append(Line(no, raw, cleaned, kind, indented=raw.startswith(" ")))
    return _absorb_debris(out)


_WORDLIKE = re.compile(r"[^\W\d_]{3,}")


def _absorb_debris(lines: list[Line]) -> list[Line]:
    """A wordless scrap between two unreadable lines (`)++$('%`) is part of the
    unreadable region, not text."""
    content = [i for i, ln in enumerate(lines) if ln.kind in (TEXT, UNREADABLE)]
    for k in range(1, len(content) - 1):
        i = content[k]
        ln = lines[i]
        if (
            ln.kind == TEXT
            and lines[content[k - 1]].kind == UNREADABLE
            and lines[content[k + 1]].kind == UNREADABLE
            and not _WORDLIKE.search(ln.text)
        ):
            lines[i] = Line(ln.no, ln.raw, ln.raw.strip(), UNREADABLE)
    return lines


# ---------------------------------------------------------------- joining lines

_WORD_END = re.compile(r"(\w+)-$")
_WORD_START = re.compile(r"^(\w+)")
# A URL broken after a hyphen keeps it: `://` or a domain inside the word, or `www.` at its start.
_URL_INSIDE = re.compile(r"://|\.(by|ru|com|org|net|kz|uz|cn)/")
_URL_START = "www."


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "fr")


def keep_hyphen(left: str, right: str) -> bool:
    """Decide whether `left-` + `right` at a line break is a real hyphen.

    The break is a hyphenation (drop the hyphen) only when the joined word is a
    French word clearly more frequent than the weaker of the two parts:
    `dé-`+`veloppement` joins, `agro-`+`industrielles` and `quelques-`+`uns` stay.
    """
    if not right or not right[0].islower() or left.isdigit() or right.isdigit():
        return True
    joined = _zipf((left + right).lower())
    if joined < 2.5:
        return True
    parts = min(_zipf(left.lower()), _zipf(right.lower()))
    return joined < parts + 0.5


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines of one paragraph, de-hyphenating line-end breaks."""
    return join_lines_mapped([(0, s) for s in lines])[0]


def join_lines_mapped(lines: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """Like `join_lines` for (line number, text) pairs; also returns, per line
    that contributed, (offset of its first character in the result, line number)."""
    parts: list[str] = []
    size = 0
    word = _LastWord()
    starts: list[tuple[int, int]] = []
    for no, s in lines:
        s = s.strip()
        if not s:
            continue
        if parts:
            m = _WORD_END.search(word.tail, max(0, len(word.tail) - 60)) if word.tail.endswith("-") else None
            if m:
                n = _WORD_START.match(s)
                if not (word.looks_like_url() or n is None or keep_hyphen(m.group(1), n.group(1))):
                    parts[-1] = parts[-1][:-1]  # a hyphenation: drop the hyphen
                    size -= 1
                    word.drop_last()
                # (otherwise a real hyphen, or a URL broken after one: kept) and no space
                starts.append((size, no))
                parts.append(s)
                size += len(s)
                word.glue(s)
                continue
            parts.append(" ")
            size += 1
        starts.append((size, no))
        parts.append(s)
        size += len(s)
        word.start(s)
    return "".join(parts), starts


class _LastWord:
    """What the joining decisions read of the output's last word (its text after
    the last space): its first characters, its last 64 and whether a URL shape
    occurs in it. Kept up to date per line, so a word glued over many lines
    costs no more than its length in all."""

    __slots__ = ("head", "length", "tail", "url_inside")

    def __init__(self) -> None:
        self.head, self.tail, self.length, self.url_inside = "", "", 0, False

    def start(self, s: str) -> None:
        """The output now ends with `s` after a space."""
        w = s.rpartition(" ")[2]
        self.head, self.tail, self.length = w[:8], w[-64:], len(w)
        self.url_inside = bool(_URL_INSIDE.search(w))

    def glue(self, s: str) -> None:
        """`s` is appended to the last word without a space."""
        if " " in s:
            self.start(s)
            return
        self.url_inside = self.url_inside or bool(_URL_INSIDE.search(self.tail[-8:] + s))
        if self.length < 8:
            self.head = (self.head + s)[:8]
        self.tail = (self.tail + s)[-64:]
        self.length += len(s)

    def drop_last(self) -> None:
        """The word's last character (a hyphen) is removed."""
        if self.length <= 8:
            self.head = self.head[:-1]
        self.tail = self.tail[:-1]
        self.length -= 1

    def looks_like_url(self) -> bool:
        return self.url_inside or self.head.startswith(_URL_START)
