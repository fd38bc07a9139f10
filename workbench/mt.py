"""Machine translation with Argos Translate packages (optional extra `mt`).

Argos Translate, CTranslate2 and SentencePiece are imported inside the
functions that need them, so `import workbench.mt` works without the extra and
never pulls in torch (the TUI imports this module). Nothing here touches the
network: the workbench already has its sentences, so argostranslate's own
sentence splitter (stanza / spacy / MiniSBD, which may download a model) is
never built; the package's CTranslate2 model and tokenizer are driven directly.

Stable API (used by the TUI):

    available() -> bool
        the extra is importable
    installed_pairs() -> list[tuple[str, str, str, str]]
        (from_code, to_code, name, version) of every installed translation package
        (empty without the extra); packages installed by `argospm` count too
    translate_units(store, queue, from_code, to_code, limit=None, glossary=None,
                    progress=None, should_stop=None, hypotheses=1) -> TranslateReport
        stores one MT suggestion per unit (`progress(done, total)` after each
        committed chunk; `should_stop()` checked before each chunk; Ctrl-C too
        ends the run, keeping what was committed). Units already suggested by the
        same model name and version are skipped, so a rerun resumes.

Queues and languages: a titles unit's source is the Russian title (ru), a
sentences unit's source is the French MT sentence itself (fr); suggestions are
always French. So `--queue titles` takes a ru -> fr model (direct, or through
English), and `--queue sentences` only a fr -> fr package (automatic
post-editing); any other pair is refused with a message saying why.
"""

from __future__ import annotations

import importlib.util
import json
import re
import stat
import time
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from workbench.text import InputError

EXTRA_HINT = "install the MT extra: pip install -e '.[mt]'"
QUEUE_LANGS = {"titles": ("ru", "fr"), "sentences": ("fr", "fr")}  # (source, target)
PIVOT = "en"
FINDING_KIND = "mt_term_lost"

# Archive limits: real Argos packages are 50-300 MB unpacked, a few dozen files.
MAX_ARCHIVE_BYTES = 1 << 30
MAX_UNPACKED_BYTES = 2 << 30
MAX_MEMBERS = 2000
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB (zip bombs)

CHUNK_UNITS = 64  # units per committed chunk: what a stop or Ctrl-C can lose at most
MAX_BATCH = 32  # examples per CTranslate2 batch (CTranslate2 sorts them by length)
LENGTH_PENALTY = 0.2  # as argostranslate


class MTError(InputError):
    """A bad package, a missing pair, a missing extra: one line for the user."""


def available() -> bool:
    """Whether the MT extra (argostranslate, ctranslate2, sentencepiece) is installed."""
    try:
        return all(importlib.util.find_spec(m) is not None
                   for m in ("argostranslate", "ctranslate2", "sentencepiece"))
    except (ImportError, ValueError):  # a module set to None in sys.modules, a broken install
        return False


def _require() -> None:
    if not available():
        raise MTError(EXTRA_HINT)


# ------------------------------------------------------------------ archives


@dataclass(frozen=True)
class ArchiveInfo:
    folder: str
    metadata: dict
    members: int
    unpacked_bytes: int

    @property
    def from_code(self) -> str:
        return self.metadata["from_code"]

    @property
    def to_code(self) -> str:
        return self.metadata["to_code"]


_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?")


def _unsafe_name(name: str) -> str | None:
    n = name.replace("\\", "/")
    if n.startswith("/") or re.match(r"[A-Za-z]:", n):
        return "absolute path"
    if ".." in PurePosixPath(n).parts:
        return "'..' in path"
    if "\x00" in n:
        return "NUL in path"
    return None


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
    if not zipfile.is_zipfile(p):
        raise MTError(f"{p}: not a zip archive (an .argosmodel is one)")
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
            if len(infos) > max_members:
                raise MTError(f"{p}: {len(infos)} files in the archive (limit {max_members})")
            total, tops, names = 0, set(), set()
            for i in infos:
                why = _unsafe_name(i.filename)
                if why:
                    raise MTError(f"{p}: unsafe member {i.filename!r} ({why})")
                if stat.S_ISLNK(i.external_attr >> 16):
                    raise MTError(f"{p}: member {i.filename!r} is a symbolic link")
                total += i.file_size
                if total > max_unpacked_bytes:
                    raise MTError(f"{p}: unpacks to more than {max_unpacked_bytes} bytes")
                if i.file_size > 1 << 20 and i.file_size > MAX_RATIO * max(1, i.compress_size):
                    raise MTError(f"{p}: member {i.filename!r} compressed {i.file_size // max(1, i.compress_size)}:1"
                                  " (a zip bomb?)")
                parts = PurePosixPath(i.filename.replace("\\", "/")).parts
                if not parts:
                    continue
                tops.add(parts[0])
                if len(parts) == 1 and not i.is_dir():
                    raise MTError(f"{p}: file {i.filename!r} outside the package folder")
                names.add("/".join(parts))
            if len(tops) != 1:
                raise MTError(f"{p}: expected one top-level folder, found {len(tops)}"
                              f" ({', '.join(sorted(tops)[:3])})")
            top = tops.pop()
            if f"{top}/metadata.json" not in names:
                raise MTError(f"{p}: no {top}/metadata.json")
            try:
                metadata = json.loads(z.read(f"{top}/metadata.json").decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                raise MTError(f"{p}: {top}/metadata.json is not valid JSON ({e})") from None
    except zipfile.BadZipFile as e:
        raise MTError(f"{p}: damaged zip archive ({e})") from None
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
    return ArchiveInfo(top, metadata, len(infos), total)


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
    _require()
    from argostranslate import settings

    main = Path(settings.get_setting("ARGOS_PACKAGES_DIR", default=settings.data_dir / "packages"))
    return [main] + [d for d in settings.package_dirs[1:] if d != main]


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
def _install_target(target: Path):
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
    _require()
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


def _version_key(v: str) -> tuple:
    return tuple(int(x) if x.isdigit() else 0 for x in re.split(r"[.\-_]", v))


def choose_chain(packages: list[InstalledPackage], from_code: str, to_code: str,
                 pivot: str = PIVOT) -> list[InstalledPackage]:
    """The direct package, or two through `pivot` (English) when there is none;
    the newest version of each pair."""
    best: dict[tuple[str, str], InstalledPackage] = {}
    for p in packages:
        k = (p.from_code, p.to_code)
        if k not in best or _version_key(p.version) > _version_key(best[k].version):
            best[k] = p
    if (from_code, to_code) in best:
        return [best[from_code, to_code]]
    if from_code != to_code and (from_code, pivot) in best and (pivot, to_code) in best:
        return [best[from_code, pivot], best[pivot, to_code]]
    have = ", ".join(f"{f}->{t}" for f, t in sorted(best)) or "none"
    raise MTError(f"no {from_code} -> {to_code} model installed, direct or through {pivot}"
                  f" (installed: {have}); install one with `workbench mt install FILE.argosmodel`")


def chain_name(chain: list[InstalledPackage]) -> tuple[str, str]:
    """(model name, model version) under which suggestions are stored."""
    return "+".join(p.name for p in chain), "+".join(p.version for p in chain)


# ------------------------------------------------------------------ translation


class Engine:
    """One package's CTranslate2 translator and tokenizer, loaded once."""

    def __init__(self, pkg: InstalledPackage, max_batch: int = MAX_BATCH) -> None:
        import ctranslate2
        from argostranslate import settings
        from argostranslate.package import Package

        self.pkg = pkg
        self.max_batch = max_batch
        self.beam_size = settings.beam_size
        try:
            self.apkg = Package(pkg.path)
            self.translator = ctranslate2.Translator(
                str(pkg.path / "model"), device=settings.device, inter_threads=settings.inter_threads,
                intra_threads=settings.intra_threads, compute_type=settings.compute_type)
        except (OSError, RuntimeError, ValueError) as e:
            raise MTError(f"{pkg.path}: cannot load the model ({e})") from None
        if not hasattr(self.apkg, "tokenizer"):
            raise MTError(f"{pkg.path}: no tokenizer (sentencepiece.model or bpe.model)")

    def _decode(self, tokens: list[str]) -> str:
        value = self.apkg.tokenizer.decode(tokens)
        prefix = self.apkg.target_prefix
        if prefix and value.startswith(prefix):
            value = value[len(prefix):]
        return value[1:] if value.startswith(" ") else value

    def translate(self, texts: list[str], hypotheses: int = 1) -> list[list[tuple[str, float]]]:
        """Every text in one translate_batch call (split into batches of
        `max_batch` by CTranslate2): per text, `hypotheses` (text, score) pairs."""
        if not texts:
            return []
        tokens = [self.apkg.tokenizer.encode(t) for t in texts]
        prefix = [[self.apkg.target_prefix]] * len(tokens) if self.apkg.target_prefix else None
        results = self.translator.translate_batch(
            tokens, target_prefix=prefix, replace_unknowns=True, max_batch_size=self.max_batch,
            batch_type="examples", beam_size=max(hypotheses, self.beam_size),
            num_hypotheses=hypotheses, length_penalty=LENGTH_PENALTY, return_scores=True)
        return [[(self._decode(h), float(s)) for h, s in zip(r.hypotheses, r.scores)] for r in results]


def translate_texts(engines: list[Engine], texts: list[str], hypotheses: int = 1
                    ) -> list[list[tuple[str, float]]]:
    """Texts through a chain of engines, batched at every stage. With several
    hypotheses, each one of a stage is translated by the next and the best
    `hypotheses` (summed scores) are kept per text."""
    beams: list[list[tuple[str, float]]] = [[(t, 0.0)] for t in texts]
    for engine in engines:
        flat = [(i, text, score) for i, hs in enumerate(beams) for text, score in hs]
        out = engine.translate([text for _, text, _ in flat], hypotheses)
        nxt: list[list[tuple[str, float]]] = [[] for _ in texts]
        for (i, _, score), hyps in zip(flat, out):
            nxt[i].extend((h, score + s) for h, s in hyps)
        beams = [sorted(hs, key=lambda x: -x[1])[:hypotheses] for hs in nxt]
    return beams


def translate_per_text(engines: list[Engine], texts: list[str]) -> list[str]:
    """The peer of the benchmark: argostranslate's own per-text path
    (`apply_packaged_translation`: tokenize, translate_batch, decode), one call
    per text and stage, with a splitter that keeps the text whole. Imports
    argostranslate.translate, hence stanza and torch."""
    from argostranslate.translate import apply_packaged_translation

    class Whole:  # the text is already one sentence: never build a real splitter
        @staticmethod
        def split_sentences(text: str) -> list[str]:
            return [text]

    out = []
    for text in texts:
        for e in engines:
            text = apply_packaged_translation(e.apkg, text, e.translator, Whole(), num_hypotheses=1)[0].value
        out.append(text)
    return out


@dataclass
class TranslateReport:
    model: str
    model_version: str
    chain: list[str]
    total: int = 0  # units of the queue considered
    skipped: int = 0  # already suggested by this model version
    translated: int = 0  # stored this run
    lost_terms: int = 0  # placeholders the model dropped (QA findings)
    stopped: bool = False  # should_stop() said so
    interrupted: bool = False  # Ctrl-C
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def check_pair(queue: str, from_code: str, to_code: str) -> None:
    if queue not in QUEUE_LANGS:
        raise MTError(f"unknown queue {queue!r} (titles or sentences)")
    src, tgt = QUEUE_LANGS[queue]
    what = "the Russian title" if queue == "titles" else "the French MT sentence itself"
    if from_code != src:
        raise MTError(f"the {queue} queue's source is {what} ({src}): --from {from_code} does not fit"
                      f" (use --from {src})")
    if to_code != tgt:
        raise MTError(f"suggestions must be in the units' language ({tgt}): --to {to_code} does not fit")


def _holders(detail: dict | None):
    from workbench.masking import Placeholder

    return [Placeholder(d["placeholder"], d["concept"], d["found"], d["target"])
            for d in (detail or {}).get("lost", [])]


def refresh_findings(store) -> int:
    """QA findings for every placeholder an MT model lost, from the stored
    suggestions (so they are whole again after any run, even an interrupted one)."""
    from workbench.qa import Finding

    lossy = [s for s in store.suggestions(kind="mt") if (s["detail"] or {}).get("lost")]
    units = {u.key: u for u in store.units()} if lossy else {}
    rows = []
    for s in lossy:
        u = units.get(s["key"])
        for h in _holders(s["detail"]):
            if u is None:
                continue
            rows.append(Finding(u.file, u.line_start or 0, 0, h.found, h.concept_id, FINDING_KIND, h.target,
                                f"{u.key} [{s['model']} {s['model_version']}]: {s['text']}"))
    return store.replace_findings_of_kind(FINDING_KIND, rows)


def translate_units(store, queue: str, from_code: str, to_code: str, limit: int | None = None,
                    glossary=None, progress: Callable[[int, int], None] | None = None,
                    should_stop: Callable[[], bool] | None = None, hypotheses: int = 1,
                    chunk_units: int = CHUNK_UNITS, max_batch: int = MAX_BATCH) -> TranslateReport:
    """MT suggestions for a queue's units, batched across units, stored chunk by
    chunk (each chunk one transaction). See the module docstring."""
    _require()
    from workbench.masking import mask, restore, term_spans

    check_pair(queue, from_code, to_code)
    if hypotheses < 1:
        raise MTError("--hypotheses must be at least 1")
    if limit is not None and limit < 0:
        raise MTError("--limit must not be negative")
    chain = choose_chain(installed_packages(), from_code, to_code)
    model, version = chain_name(chain)
    report = TranslateReport(model, version, [p.name for p in chain])
    start = time.perf_counter()
    units = [u for u in store.units(queue=queue) if not u.orphaned and u.source.strip()]
    done = store.suggested_keys(model, version)
    todo = [u for u in units if u.key not in done]
    report.total, report.skipped = len(units), len(units) - len(todo)
    if limit is not None:
        todo = todo[:limit]
    try:
        if todo:
            engines = [Engine(p, max_batch) for p in chain]
        for n in range(0, len(todo), chunk_units):
            if should_stop and should_stop():
                report.stopped = True
                break
            chunk = todo[n:n + chunk_units]
            masked = [mask(u.source, term_spans(u.source, glossary, from_code)) for u in chunk]
            hyps = translate_texts(engines, [m for m, _ in masked], hypotheses)
            rows = []
            for u, (m, holders), hs in zip(chunk, masked, hyps):
                text, lost = restore(hs[0][0], holders)
                detail = {"from": from_code, "to": to_code, "chain": report.chain, "score": round(hs[0][1], 4)}
                if holders:
                    detail["masked"] = m
                    detail["terms"] = [h.to_dict() for h in holders]
                if lost:
                    detail["lost"] = [h.to_dict() for h in lost]
                    report.lost_terms += len(lost)
                if len(hs) > 1:
                    detail["alternatives"] = [[restore(t, holders)[0], round(s, 4)] for t, s in hs[1:]]
                rows.append((u.key, text, model, version, detail))
            store.add_suggestions(rows, kind="mt")
            report.translated += len(rows)
            if progress:
                progress(report.translated, len(todo))
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        refresh_findings(store)
        report.seconds = time.perf_counter() - start
    return report
