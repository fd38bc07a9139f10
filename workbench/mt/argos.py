"""Argos Translate packages (the optional extra `mt`) behind the Backend protocol.

The only module that touches argostranslate, CTranslate2 or SentencePiece, and
only inside the functions that need them: importing it costs nothing and needs
no extra. Nothing here touches the network: the workbench already has its
sentences, so argostranslate's own sentence splitter (stanza / spacy /
MiniSBD, which may download a model) is never built; the package's CTranslate2
model and tokenizer are driven directly.

An archive is checked before argostranslate unpacks anything: one top-level
folder, the files a translation package needs, no absolute path, no '..', no
link, and sizes within limits over the whole archive (member count, total
unpacked size, overall and per-member compression ratio, the central
directory itself), so that no split of a zip bomb into many small members
gets through.
"""

from __future__ import annotations

import importlib.util
import json
import re
import stat
import struct
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from workbench.mt.backend import Hypothesis, MTError
from workbench.mt.chain import Chain, choose_chain

EXTRA_HINT = "install the MT extra: pip install -e '.[mt]'"
INSTALL_HINT = "install one with `workbench mt install FILE.argosmodel`"

# Archive limits. Real Argos packages are 50-300 MB unpacked in a few dozen
# files, and their weights (CTranslate2, mostly int8) barely compress: about
# 1.1:1 overall.
MAX_ARCHIVE_BYTES = 1 << 30
MAX_UNPACKED_BYTES = 1 << 30
MAX_MEMBERS = 500
MAX_RATIO = 10  # total unpacked / archive size, once the total is over RATIO_FLOOR
RATIO_FLOOR = 16 << 20  # below this a high ratio (a small text file) does no harm
MAX_MEMBER_RATIO = 200  # one member over 1 MiB: names the culprit
# zipfile reads the whole central directory into memory before any check can
# run: its size is bounded first (a real entry takes about 150 bytes).
DIRECTORY_BYTES_PER_MEMBER = 1024

MAX_BATCH = 32  # examples per CTranslate2 batch (CTranslate2 sorts them by length)
LENGTH_PENALTY = 0.2  # as argostranslate


def available() -> bool:
    """Whether the MT extra (argostranslate, ctranslate2, sentencepiece) is installed."""
    try:
        return all(importlib.util.find_spec(m) is not None
                   for m in ("argostranslate", "ctranslate2", "sentencepiece"))
    except (ImportError, ValueError):  # a module set to None in sys.modules, a broken install
        return False


def require() -> None:
    if not available():
        raise MTError(EXTRA_HINT)


# ------------------------------------------------------------------ archives


@dataclass(frozen=True)
class ArchiveInfo:
    folder: str
    metadata: dict[str, Any]
    members: int
    unpacked_bytes: int

    @property
    def from_code(self) -> str:
        return str(self.metadata["from_code"])

    @property
    def to_code(self) -> str:
        return str(self.metadata["to_code"])


_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?")
_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")


def _unsafe_name(name: str) -> str | None:
    n = name.replace("\\", "/")
    if n.startswith("/") or re.match(r"[A-Za-z]:", n):
        return "absolute path"
    if ".." in PurePosixPath(n).parts:
        return "'..' in path"
    if "\x00" in n:
        return "NUL in path"
    return None


def central_directory(path: Path) -> tuple[int, int] | None:
    """(entries, bytes) of the zip's central directory as its end record declares
    them (ZIP64 too), read before zipfile parses the directory into memory;
    None when there is no end record (not a zip)."""
    with path.open("rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - (_EOCD.size + 0xFFFF)))  # the record, then a comment of at most 64 KiB
        tail = f.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < _EOCD.size:
            return None
        *_, entries, cd_bytes, _offset, _comment = _EOCD.unpack_from(tail, at)
        if at >= _ZIP64_LOCATOR.size:
            sig, _disk, z64_at, _disks = _ZIP64_LOCATOR.unpack_from(tail, at - _ZIP64_LOCATOR.size)
            if sig == b"PK\x06\x07" and z64_at + _ZIP64_EOCD.size <= size:
                f.seek(z64_at)
                rec = f.read(_ZIP64_EOCD.size)
                if rec[:4] == b"PK\x06\x06":
                    *_, entries, cd_bytes, _offset = _ZIP64_EOCD.unpack(rec)
    return int(entries), int(cd_bytes)


def _sizes(p: Path, infos: list[zipfile.ZipInfo], archive_bytes: int, max_unpacked_bytes: int) -> int:
    """The total unpacked size, refused when it is too large or too compressed
    overall; a member over 1 MiB is refused on its own ratio."""
    total = sum(i.file_size for i in infos)
    if total > max_unpacked_bytes:
        raise MTError(f"{p}: unpacks to more than {max_unpacked_bytes} bytes ({total} in {len(infos)} files)")
    if total > RATIO_FLOOR and total > MAX_RATIO * archive_bytes:
        raise MTError(f"{p}: unpacks to {total} bytes from {archive_bytes}, {total // max(1, archive_bytes)}:1"
                      f" over the whole archive (limit {MAX_RATIO}:1; a zip bomb?)")
    for i in infos:
        if i.file_size > 1 << 20 and i.file_size > MAX_MEMBER_RATIO * max(1, i.compress_size):
            raise MTError(f"{p}: member {i.filename!r} compressed {i.file_size // max(1, i.compress_size)}:1"
                          " (a zip bomb?)")
    return total


def _layout(p: Path, infos: list[zipfile.ZipInfo]) -> tuple[str, dict[str, zipfile.ZipInfo]]:
    """The one top-level folder and the members by normalised name; refuses unsafe names and links."""
    tops: set[str] = set()
    names: dict[str, zipfile.ZipInfo] = {}
    for i in infos:
        why = _unsafe_name(i.filename)
        if why:
            raise MTError(f"{p}: unsafe member {i.filename!r} ({why})")
        if stat.S_ISLNK(i.external_attr >> 16):
            raise MTError(f"{p}: member {i.filename!r} is a symbolic link")
        parts = PurePosixPath(i.filename.replace("\\", "/")).parts
        if not parts:
            continue
        tops.add(parts[0])
        if len(parts) == 1 and not i.is_dir():
            raise MTError(f"{p}: file {i.filename!r} outside the package folder")
        names["/".join(parts)] = i
    if len(tops) != 1:
        raise MTError(f"{p}: expected one top-level folder, found {len(tops)} ({', '.join(sorted(tops)[:3])})")
    return tops.pop(), names


def _check_metadata(p: Path, top: str, metadata: object, names: dict[str, zipfile.ZipInfo]) -> dict[str, Any]:
    if not isinstance(metadata, dict):
        raise MTError(f"{p}: metadata.json is not a JSON object")
    for k in ("from_code", "to_code"):
        v = metadata.get(k)
        if not isinstance(v, str) or not _CODE.fullmatch(v):
            raise MTError(f"{p}: metadata.json has no valid {k} (got {v!r})")
    if metadata.get("type", "translate") != "translate":
        raise MTError(f"{p}: a {metadata.get('type')!r} package, not a translation package")
    if not any(n.startswith(f"{top}/model/") for n in names):
        raise MTError(f"{p}: no {top}/model/ folder (the CTranslate2 model)")
    if f"{top}/model/model.bin" not in names:
        raise MTError(f"{p}: no {top}/model/model.bin in the model folder")
    if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
        raise MTError(f"{p}: no tokenizer ({top}/sentencepiece.model or {top}/bpe.model)")
    return metadata


def check_archive(path: str | Path, max_archive_bytes: int = MAX_ARCHIVE_BYTES,
                  max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
                  max_members: int = MAX_MEMBERS) -> ArchiveInfo:
    """Validate an .argosmodel before anything is extracted: a zip of one
    top-level folder holding metadata.json (with from_code and to_code),
    model/model.bin and a tokenizer (sentencepiece.model or bpe.model); no
    absolute path, no '..', no link, sizes within limits. Raises MTError."""
    p = Path(path)
    if not p.is_file():
        raise MTError(f"{p}: {'not a file' if p.exists() else 'no such file'}")
    size = p.stat().st_size
    if size > max_archive_bytes:
        raise MTError(f"{p}: archive too large ({size} bytes, limit {max_archive_bytes})")
    directory = central_directory(p) if zipfile.is_zipfile(p) else None
    if directory is None:
        raise MTError(f"{p}: not a zip archive (an .argosmodel is one)")
    if directory[0] > max_members:
        raise MTError(f"{p}: {directory[0]} files in the archive (limit {max_members})")
    if directory[1] > max_members * DIRECTORY_BYTES_PER_MEMBER:
        raise MTError(f"{p}: a central directory of {directory[1]} bytes"
                      f" (limit {max_members * DIRECTORY_BYTES_PER_MEMBER})")
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
            if len(infos) > max_members:  # the end record may understate it
                raise MTError(f"{p}: {len(infos)} files in the archive (limit {max_members})")
            total = _sizes(p, infos, size, max_unpacked_bytes)
            top, names = _layout(p, infos)
            meta = names.get(f"{top}/metadata.json")
            if meta is None:
                raise MTError(f"{p}: no {top}/metadata.json")
            if meta.file_size > 1 << 20:
                raise MTError(f"{p}: {top}/metadata.json is over 1 MiB")
            try:
                metadata = json.loads(z.read(meta).decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                raise MTError(f"{p}: {top}/metadata.json is not valid JSON ({e})") from None
    except zipfile.BadZipFile as e:
        raise MTError(f"{p}: damaged zip archive ({e})") from None
    return ArchiveInfo(top, _check_metadata(p, top, metadata, names), len(infos), total)


# ------------------------------------------------------------------ installed packages


@dataclass(frozen=True)
class InstalledPackage:
    path: Path
    from_code: str
    to_code: str
    version: str

    @property
    def name(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}"  # argospm's name for it


def package_dirs() -> list[Path]:
    """Where argostranslate keeps packages: ARGOS_PACKAGES_DIR (read now, not at
    import, so a changed environment is seen), its settings.json, the default."""
    require()
    from argostranslate import settings

    main = Path(settings.get_setting("ARGOS_PACKAGES_DIR", default=settings.data_dir / "packages"))
    return [main] + [Path(d) for d in settings.package_dirs[1:] if Path(d) != main]


def installed_packages() -> list[InstalledPackage]:
    """Translation packages in every package directory (a folder without a
    readable metadata.json is skipped, as argospm leaves such things)."""
    out = []
    for d in package_dirs():
        if not d.is_dir():
            continue
        for sub in sorted(d.iterdir()):
            try:
                meta = json.loads((sub / "metadata.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
                continue
            f, t = meta.get("from_code"), meta.get("to_code")
            if isinstance(f, str) and isinstance(t, str) and (sub / "model").is_dir():
                out.append(InstalledPackage(sub, f, t, str(meta.get("package_version", ""))))
    return out


def installed_pairs() -> list[tuple[str, str, str, str]]:
    """(from_code, to_code, name, version) of the installed translation packages."""
    if not available():
        return []
    return [(p.from_code, p.to_code, p.name, p.version) for p in installed_packages()]


@contextmanager
def _install_target(target: Path) -> Iterator[None]:
    # argostranslate extracts into a directory it read at import time; point it
    # at the one the environment names now.
    from argostranslate import settings

    before = settings.package_data_dir
    settings.package_data_dir = target
    try:
        yield
    finally:
        settings.package_data_dir = before


def install(path: str | Path) -> InstalledPackage:
    """Validate the archive, then install it with argostranslate."""
    require()
    info = check_archive(path)
    from argostranslate import package

    target = package_dirs()[0]
    target.mkdir(parents=True, exist_ok=True)
    try:
        with _install_target(target):
            package.install_from_path(Path(path))
    except (OSError, zipfile.BadZipFile) as e:
        raise MTError(f"{path}: cannot install ({e})") from None
    return InstalledPackage(target / info.folder, info.from_code, info.to_code,
                            str(info.metadata.get("package_version", "")))


# ------------------------------------------------------------------ translation


class Engine:
    """One package's CTranslate2 translator and tokenizer, loaded once."""

    def __init__(self, pkg: InstalledPackage, max_batch: int = MAX_BATCH) -> None:
        import ctranslate2
        from argostranslate import settings
        from argostranslate.package import Package

        self.pkg = pkg
        self.max_batch = max_batch
        self.beam_size: int = settings.beam_size
        try:
            self.apkg: Any = Package(pkg.path)
            self.translator: Any = ctranslate2.Translator(
                str(pkg.path / "model"), device=settings.device, inter_threads=settings.inter_threads,
                intra_threads=settings.intra_threads, compute_type=settings.compute_type)
        except (OSError, RuntimeError, ValueError) as e:
            raise MTError(f"{pkg.path}: cannot load the model ({e})") from None
        if not hasattr(self.apkg, "tokenizer"):
            raise MTError(f"{pkg.path}: no tokenizer (sentencepiece.model or bpe.model)")

    def _decode(self, tokens: list[str]) -> str:
        value = str(self.apkg.tokenizer.decode(tokens))
        prefix = self.apkg.target_prefix
        if prefix and value.startswith(prefix):
            value = value[len(prefix):]
        return value[1:] if value.startswith(" ") else value

    def translate(self, texts: Sequence[str], hypotheses: int = 1) -> list[list[Hypothesis]]:
        """Every text in one translate_batch call (split into batches of
        `max_batch` by CTranslate2): per text, `hypotheses` hypotheses."""
        if not texts:
            return []
        tokens = [self.apkg.tokenizer.encode(t) for t in texts]
        prefix = [[self.apkg.target_prefix]] * len(tokens) if self.apkg.target_prefix else None
        results = self.translator.translate_batch(
            tokens, target_prefix=prefix, replace_unknowns=True, max_batch_size=self.max_batch,
            batch_type="examples", beam_size=max(hypotheses, self.beam_size),
            num_hypotheses=hypotheses, length_penalty=LENGTH_PENALTY, return_scores=True)
        return [[Hypothesis(self._decode(h), float(s)) for h, s in zip(r.hypotheses, r.scores, strict=True)]
                for r in results]


class PackageTranslator:
    """One installed package as a Translator; its model is loaded on the first
    call, so a run with nothing left to translate loads none."""

    def __init__(self, pkg: InstalledPackage, max_batch: int = MAX_BATCH) -> None:
        self.pkg = pkg
        self.max_batch = max_batch
        self._engine: Engine | None = None

    @property
    def name(self) -> str:
        return self.pkg.name

    @property
    def version(self) -> str:
        return self.pkg.version

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = Engine(self.pkg, self.max_batch)
        return self._engine

    def translate(self, texts: Sequence[str], hypotheses: int = 1) -> list[list[Hypothesis]]:
        return self.engine.translate(texts, hypotheses)


class ArgosBackend:
    """Installed Argos packages; a pair without a direct package goes through English."""

    name = "argos"

    def __init__(self, max_batch: int = MAX_BATCH) -> None:
        self.max_batch = max_batch

    def why_unavailable(self) -> str | None:
        """The extra missing and no model installed are two different pieces of advice."""
        if not available():
            return EXTRA_HINT
        try:
            if not installed_packages():
                return f"no translation model installed: {INSTALL_HINT}"
        except (OSError, ValueError):  # an unreadable settings file: `translator` says what is wrong
            return None
        return None

    def translator(self, from_code: str, to_code: str) -> Chain:
        require()
        packages = choose_chain(installed_packages(), from_code, to_code, install_hint=INSTALL_HINT)
        return Chain([PackageTranslator(p, self.max_batch) for p in packages])


def translate_per_text(chain: Chain, texts: Sequence[str]) -> list[str]:
    """The peer of the benchmark: argostranslate's own per-text path
    (`apply_packaged_translation`: tokenize, translate_batch, decode), one call
    per text and stage, with a splitter that keeps the text whole. Imports
    argostranslate.translate, hence stanza and torch."""
    from argostranslate.translate import apply_packaged_translation

    class Whole:  # the text is already one sentence: never build a real splitter
        @staticmethod
        def split_sentences(text: str) -> list[str]:
            return [text]

    engines = [s.engine for s in chain.stages if isinstance(s, PackageTranslator)]
    out = []
    for text in texts:
        for e in engines:
            text = str(apply_packaged_translation(e.apkg, text, e.translator, Whole(), num_hypotheses=1)[0].value)
        out.append(text)
    return out

