"""Machine translation: the service around any engine (masking, hypotheses, pivots,
batching, resuming, stopping, term-loss findings, the review screen's f8) with the
word-table translator of `workbench.mt.fake`, on a core install; archive checks
with crafted archives; and the real Argos install and translate path with a tiny
package built offline (`tiny_argos.py`), which needs the `mt` extra.

Networking is off: in this process an autouse fixture makes every socket
connection fail, and subprocesses get a sitecustomize that does the same.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import BOOKS, CORPUS, ROOT
from tiny_argos import build_package, expected_output, train_sentencepiece

from workbench.mt.backend import Hypothesis, MTError
from workbench.mt.fake import FakeBackend, WordTable

BOOK = BOOKS["003"]  # about 90 aligned titles, builds in a few seconds
PLACEHOLDERS = [f"ZZ{c}" for c in "ABCDEF"]
GLOSSARY = (
    "fr\tru\tcomment\tid\ttype\tslug_stems\tvariants\tforbidden\tnote\n"
    "Belaruskali\tБеларуськалий\tpotash\tbelaruskali\tcompany\tbelaruskal\t\t\t\n"
    "Migao\tМигао\tChinese partner\tmigao\tcompany\tmigao\t\t\t\n"
    "Chine\tКитай\tcountry\tchina\tplace\t\t\t\t\n"
)
# title units carry the restored headline (translit.casing)
BELARUSKALI = "Беларуськалий и китайский Мигао запустили предприятие по производству нитрата калия"
MINSK = "Минская область и китайская провинция Гуандун подписали дорожную карту сотрудничества"
NO_NETWORK = '''import socket
def _refuse(*args, **kwargs):
    raise OSError("networking is off in the workbench tests")
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
'''


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("networking is off in the workbench tests")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """A project with one book, built once; tests work on copies."""
    root = tmp_path_factory.mktemp("template")
    (root / "corpus").mkdir()
    shutil.copy(CORPUS / BOOK, root / "corpus" / BOOK)
    from workbench.pipeline import build_project
    from workbench.store import Store

    with Store.open(root) as store:
        build_project(store, root)
    return root


def needs_argos() -> None:
    pytest.importorskip("argostranslate", reason="the MT extra is not installed")
    pytest.importorskip("ctranslate2", reason="the MT extra is not installed")


@pytest.fixture(scope="session")
def packages(tmp_path_factory, template) -> dict[str, Path]:
    """Tiny packages sharing one tokenizer trained on the book's titles."""
    needs_argos()
    from workbench.store import Store

    out = tmp_path_factory.mktemp("packages")
    with Store.open(template, create=False) as store:
        titles = [u.source for u in store.units(queue="titles")]
    lines = titles + [" ".join(PLACEHOLDERS)] * 5 + ["и and et"] * 30
    sp = train_sentencepiece(lines, out, symbols=PLACEHOLDERS)
    built = {name: build_package(out / f"{name}.argosmodel", [], sp_model=sp, remap=REMAPS.get(name), **kw)
             for name, kw in SPECS.items()}
    built["sentencepiece"] = sp
    return built


SPECS = {
    "ru_fr": {"from_code": "ru", "to_code": "fr"},
    "ru_fr_v2": {"from_code": "ru", "to_code": "fr", "version": "2.0", "folder": "tiny_ru_fr_v2"},
    "ru_fr_lossy": {"from_code": "ru", "to_code": "fr", "folder": "tiny_ru_fr_lossy"},
    "ru_en": {"from_code": "ru", "to_code": "en"},
    "en_fr": {"from_code": "en", "to_code": "fr"},
    "fr_fr": {"from_code": "fr", "to_code": "fr"},
}
# the copy models "translate" a little: и -> et, or и -> a -> et through English
REMAPS = {"ru_fr": {"и": "et"}, "ru_en": {"и": "a"}, "en_fr": {"a": "et"}, "ru_fr_lossy": {"ZZB": "и"}}


@pytest.fixture(scope="session")
def argos_home(tmp_path_factory) -> Path:
    # argostranslate makes its data, config and cache directories when imported
    needs_argos()
    home = tmp_path_factory.mktemp("argos_home")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    (home / "site").mkdir()
    (home / "site" / "sitecustomize.py").write_text(NO_NETWORK)
    return home


@pytest.fixture
def argos(argos_home, tmp_path, monkeypatch) -> Path:
    """An empty package directory of this test's own (ARGOS_PACKAGES_DIR)."""
    d = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(d))
    return d


def titles_of(project: Path) -> list:
    from workbench.store import Store

    with Store.open(project, create=False) as store:
        return store.units(queue="titles")


@pytest.fixture
def project(template, tmp_path) -> Path:
    p = tmp_path / "project"
    shutil.copytree(template, p)
    return p


def run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("WORKBENCH_DEBUG", None)
    site = [str(Path(os.environ["XDG_DATA_HOME"]).parent / "site")] if "XDG_DATA_HOME" in os.environ else []
    env["PYTHONPATH"] = os.pathsep.join([*site, str(ROOT)])
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def assert_one_line_error(p: subprocess.CompletedProcess, *needles: str) -> None:
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert "Traceback" not in p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def install(*names: str, packages: dict) -> None:
    from workbench.mt import argos

    for n in names:
        argos.install(packages[n])


def argos_translator(from_code: str = "ru", to_code: str = "fr"):
    from workbench.mt.argos import ArgosBackend

    return ArgosBackend().translator(from_code, to_code)


def _glossary(tmp_path):
    from workbench.terms import load_glossary

    (tmp_path / "g.tsv").write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(tmp_path / "g.tsv")


def translate(project: Path, translator, queue: str = "titles", **kw):
    from workbench.mt.service import QUEUE_LANGS, translate_units
    from workbench.store import Store

    with Store.open(project, create=False) as store:
        return translate_units(store, translator, queue, *QUEUE_LANGS[queue], **kw)


def stored(project: Path, **kw) -> list:
    from workbench.store import Store

    with Store.open(project, create=False) as store:
        return store.suggestions(**kw)


# ------------------------------------------------------------------ import and extra


def test_importing_mt_pulls_in_neither_argostranslate_nor_torch():
    code = ("import sys, workbench.mt.backend, workbench.mt.chain, workbench.mt.service, workbench.mt.fake,"
            " workbench.mt.argos, workbench.scores, workbench.masking; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('argostranslate', 'torch', 'ctranslate2', 'sentencepiece', 'stanza')))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"


def test_only_the_argos_module_imports_the_engines():
    import ast

    engines = {"argostranslate", "ctranslate2", "sentencepiece", "stanza", "torch"}
    importers = set()
    for path in sorted((ROOT / "workbench").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            if any(n.split(".")[0] in engines for n in names):
                importers.add(path.relative_to(ROOT).as_posix())
    assert importers == {"workbench/mt/argos.py"}


def test_missing_extra_is_a_one_line_hint(tmp_path):
    code = ("import sys; sys.modules['argostranslate'] = None\n"
            "from workbench.mt import argos; from workbench.cli import main\n"
            "assert not argos.available() and argos.installed_pairs() == []\n"
            "assert argos.ArgosBackend().why_unavailable() == argos.EXTRA_HINT\n"
            "sys.exit(main(sys.argv[1:]))")
    for args in (["translate", "--project", str(tmp_path)], ["mt", "list"], ["mt", "install", "x.argosmodel"]):
        p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
        assert_one_line_error(p, "install the MT extra: pip install -e '.[mt]'")


def test_no_model_installed_is_other_advice_than_a_missing_extra(argos, packages):
    from workbench.mt import argos as engine
    from workbench.review import panes

    why = engine.ArgosBackend().why_unavailable()  # the extra is here, the package folder empty
    assert why == f"no translation model installed: {engine.INSTALL_HINT}" and why != engine.EXTRA_HINT
    assert panes.suggestions_pane([], "", why).plain.split("\n") == ["No suggestion.", f"MT: {why}"]
    engine.install(str(packages["ru_fr"]))
    assert engine.ArgosBackend().why_unavailable() is None


# ------------------------------------------------------------------ archive checks


def _zip(path: Path, members: dict[str, bytes], links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16)  # a symbolic link
            z.writestr(info, "/etc/passwd")
    return path


def _craft(path: Path, members: dict[str, bytes], copies: dict[str, tuple[bytes, int]] = (),
           zip64: bool = False) -> Path:
    """A zip written by hand: `members` deflated each, then for every name of
    `copies` the same payload deflated once (zipfile would deflate 1 MiB of zeros
    again for each of 1,900 members); with `zip64`, ZIP64 end records as for more
    than 65,535 members."""
    def deflate(data: bytes) -> tuple[bytes, int, int]:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(), zlib.crc32(data), len(data)

    entries = [(name, *deflate(data)) for name, data in members.items()]
    for name, (payload, n) in dict(copies).items():
        once = deflate(payload)
        entries += [(f"{name}{i:05}", *once) for i in range(n)]
    out, central = bytearray(), bytearray()
    for name, data, crc, size in entries:
        raw = name.encode()
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size,
                               len(raw), 0, 0, 0, 0, 0, len(out)) + raw
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(raw), 0)
        out += raw + data
    cd_at, n = len(out), len(entries)
    out += central
    if zip64:
        z64_at = len(out)
        out += struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, n, n, len(central), cd_at)
        out += struct.pack("<4sLQL", b"PK\x06\x07", 0, z64_at, 1)
        out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    else:
        out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(central), cd_at, 0)
    path.write_bytes(bytes(out))
    return path


META = json.dumps({"from_code": "ru", "to_code": "fr", "package_version": "1.0"}).encode()
GOOD = {"p/metadata.json": META, "p/model/model.bin": b"x", "p/model/config.json": b"{}",
        "p/sentencepiece.model": b"x"}
MIB = 1 << 20


@pytest.mark.parametrize("members,needle", [
    ({**GOOD, "p/../../evil.txt": b"x"}, "'..' in path"),
    ({**GOOD, "/etc/cron.d/evil": b"x"}, "absolute path"),
    ({**GOOD, "p\\..\\..\\evil": b"x"}, "'..' in path"),
    ({**GOOD, "q/other.txt": b"x"}, "one top-level folder"),
    ({**GOOD, "README.md": b"x"}, "outside the package folder"),
    ({k: v for k, v in GOOD.items() if k != "p/metadata.json"}, "no p/metadata.json"),
    ({**GOOD, "p/metadata.json": b"{not json"}, "not valid JSON"),
    ({**GOOD, "p/metadata.json": b"[1, 2]"}, "not a JSON object"),
    ({**GOOD, "p/metadata.json": json.dumps({"from_code": "ru"}).encode()}, "no valid to_code"),
    ({**GOOD, "p/metadata.json": json.dumps({"from_code": "ru", "to_code": "fr", "type": "sbd"}).encode()},
     "not a translation package"),
    ({k: v for k, v in GOOD.items() if not k.startswith("p/model/")}, "no p/model/ folder"),
    ({k: v for k, v in GOOD.items() if k != "p/model/model.bin"}, "no p/model/model.bin"),
    ({k: v for k, v in GOOD.items() if k != "p/sentencepiece.model"}, "no tokenizer"),
    ({**GOOD, "p/model/big.bin": bytes(3 * MIB)}, "zip bomb"),
    ({**GOOD, "p/metadata.json": json.dumps({"from_code": "ru", "to_code": "fr",
                                             "pad": random.Random(0).randbytes(600_000).hex()}).encode()},
     "metadata.json is over 1 MiB"),
])
def test_check_archive_refuses(tmp_path, members, needle):
    from workbench.mt import argos

    argos.check_archive(_zip(tmp_path / "ok.argosmodel", GOOD))  # the baseline passes
    with pytest.raises(MTError) as e:
        argos.check_archive(_zip(tmp_path / "bad.argosmodel", members))
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_check_archive_limits_and_non_zips(tmp_path):
    from workbench.mt import argos

    path = _zip(tmp_path / "p.argosmodel", {**GOOD, "p/model/extra.bin": os.urandom(5000)})
    assert argos.check_archive(path).from_code == "ru"
    for kw, needle in (({"max_archive_bytes": 1000}, "archive too large"),
                       ({"max_unpacked_bytes": 2000}, "unpacks to more than"),
                       ({"max_members": 3}, "files in the archive")):
        with pytest.raises(MTError, match=needle):
            argos.check_archive(path, **kw)
    with pytest.raises(MTError, match="symbolic link"):
        argos.check_archive(_zip(tmp_path / "l.argosmodel", GOOD, links=("p/model/link",)))
    (tmp_path / "text.argosmodel").write_text("hello")
    with pytest.raises(MTError, match="not a zip archive"):
        argos.check_archive(tmp_path / "text.argosmodel")
    with pytest.raises(MTError, match="no such file"):
        argos.check_archive(tmp_path / "missing.argosmodel")


def test_a_zip_bomb_split_into_small_members_is_refused_before_unpacking(tmp_path):
    """No member is over 1 MiB, so no member's own ratio gives it away: the
    count, the total and the ratio over the whole archive do."""
    from workbench.mt import argos

    zeros = bytes(MIB)
    # the reported archive: 1,900 members of 1 MiB of zeros, 2.1 MB, 1.99 GB unpacked
    issue = _craft(tmp_path / "issue.argosmodel", GOOD, {"p/model/z": (zeros, 1900)})
    assert issue.stat().st_size < 2_500_000
    with pytest.raises(MTError, match=r"1904 files in the archive \(limit 500\)"):
        argos.check_archive(issue)
    # within the member count: 490 MiB of zeros from half a megabyte
    split = _craft(tmp_path / "split.argosmodel", GOOD, {"p/model/z": (zeros, 490)})
    total = 490 * MIB + sum(map(len, GOOD.values()))
    with pytest.raises(MTError, match=rf"unpacks to {total} bytes from \d+, \d+:1 over the whole archive"):
        argos.check_archive(split)
    # within the count and the ratio, over the total
    with pytest.raises(MTError, match="unpacks to more than 104857600 bytes"):
        argos.check_archive(split, max_unpacked_bytes=100 * MIB)
    # a small archive that compresses well harms no one (a text file of a real package)
    small = _craft(tmp_path / "small.argosmodel", GOOD, {"p/model/z": (zeros, 15)})
    assert argos.check_archive(small).unpacked_bytes == 15 * MIB + sum(map(len, GOOD.values()))


def test_the_central_directory_is_bounded_before_zipfile_reads_it(tmp_path):
    from workbench.mt import argos

    # 70,000 empty members: ZIP64 end records, refused from the end record alone
    many = _craft(tmp_path / "many.argosmodel", GOOD, {"p/e": (b"", 70_000)}, zip64=True)
    names = list(GOOD) + [f"p/e{i:05}" for i in range(70_000)]
    assert argos.central_directory(many) == (70_004, sum(46 + len(n) for n in names))
    with pytest.raises(MTError, match=r"70004 files in the archive \(limit 500\)"):
        argos.check_archive(many)
    # an end record that declares a huge directory
    path = _craft(tmp_path / "cd.argosmodel", GOOD)
    data = bytearray(path.read_bytes())
    data[-10:-6] = (600_000).to_bytes(4, "little")  # central directory size
    path.write_bytes(bytes(data))
    with pytest.raises(MTError, match="a central directory of 600000 bytes"):
        argos.check_archive(path)
    assert argos.check_archive(_craft(tmp_path / "ok.argosmodel", GOOD)).members == 4


def _forge_size(path: Path, claimed: int) -> None:
    """Patch the central directory so a member claims `claimed` uncompressed bytes."""
    data = bytearray(path.read_bytes())
    i = data.rfind(b"PK\x01\x02")
    data[i + 24:i + 28] = claimed.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def test_mt_install_refuses_bad_archives_in_one_line(tmp_path, argos):
    cases = [
        (_zip(tmp_path / "slip.argosmodel", {**GOOD, "p/../../../escaped.txt": b"pwned"}), "'..' in path"),
        (_zip(tmp_path / "abs.argosmodel", {**GOOD, str(tmp_path / "abs.txt"): b"pwned"}), "absolute path"),
        (_zip(tmp_path / "nometa.argosmodel", {k: v for k, v in GOOD.items() if "metadata" not in k}),
         "no p/metadata.json"),
        (_zip(tmp_path / "nomodel.argosmodel", {k: v for k, v in GOOD.items() if "model/" not in k}),
         "no p/model/ folder"),
        (_craft(tmp_path / "bomb.argosmodel", GOOD, {"p/model/z": (bytes(MIB), 1900)}), "files in the archive"),
        (_craft(tmp_path / "split.argosmodel", GOOD, {"p/model/z": (bytes(MIB), 400)}), "over the whole archive"),
    ]
    big = _zip(tmp_path / "big.argosmodel", {**GOOD, "p/model/zz.bin": b"x" * 100})
    _forge_size(big, 3_000_000_000)
    cases.append((big, "unpacks to more than"))
    for path, needle in cases:
        assert_one_line_error(run("mt", "install", str(path)), path.name, needle)
    assert not argos.exists() or not any(argos.iterdir())
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "abs.txt").exists()
    assert_one_line_error(run("mt", "install", str(tmp_path / "nothing.argosmodel")), "no such file")


# ------------------------------------------------------------------ pairs, pivots, the word table


def test_choose_chain_prefers_direct_then_pivots_through_english(tmp_path):
    from workbench.mt.argos import InstalledPackage, PackageTranslator
    from workbench.mt.chain import Chain, choose_chain

    def pkg(f, t, v="1.0"):
        return InstalledPackage(tmp_path / f"{f}{t}{v}", f, t, v)

    ru_en, en_fr, ru_fr = pkg("ru", "en"), pkg("en", "fr", "1.1"), pkg("ru", "fr")
    assert choose_chain([ru_en, en_fr, ru_fr], "ru", "fr") == [ru_fr]
    assert choose_chain([ru_en, en_fr], "ru", "fr") == [ru_en, en_fr]
    chain = Chain([PackageTranslator(ru_en), PackageTranslator(en_fr)])
    assert (chain.name, chain.version) == ("translate-ru_en+translate-en_fr", "1.0+1.1")
    assert choose_chain([ru_fr, pkg("ru", "fr", "1.10")], "ru", "fr")[0].version == "1.10"
    with pytest.raises(MTError, match=r"no ru -> fr model installed.*installed: ru->en"):
        choose_chain([ru_en], "ru", "fr")
    with pytest.raises(MTError, match="no fr -> fr"):
        choose_chain([pkg("fr", "en"), pkg("en", "fr")], "fr", "fr")  # no round trip


def test_word_table_translates_word_by_word_with_ranked_hypotheses():
    t = WordTable("ru", "fr", {"и": ["et", "puis"], "область": "région", "zzb": ""})
    assert t.translate(["Минская область и ZZA"]) == [[Hypothesis("Минская région et ZZA", 0.0)]]
    assert t.translate(["Область и ZZB мигао"], 3) == [[Hypothesis("Région et мигао", 0.0),
                                                        Hypothesis("Région puis мигао", -1.0)]]
    assert t.translate([]) == [] and t.calls == [1, 1, 0]


def test_a_pivot_keeps_the_best_hypotheses_by_summed_score():
    ru_en = WordTable("ru", "en", {"и": ["and", "plus"]})
    en_fr = WordTable("en", "fr", {"and": ["et", "puis"]}, version="1.1")
    backend = FakeBackend([ru_en, en_fr, WordTable("fr", "en", {})])
    chain = backend.translator("ru", "fr")
    assert (chain.name, chain.version) == ("table-ru_en+table-en_fr", "1.0+1.1")
    assert chain.translate(["a и b", "c"], 3) == [
        [Hypothesis("a et b", 0.0), Hypothesis("a puis b", -1.0), Hypothesis("a plus b", -1.0)],
        [Hypothesis("c", 0.0)]]
    assert ru_en.calls == [2] and en_fr.calls == [3]  # each stage once, for every text
    with pytest.raises(MTError, match="no fr -> fr model installed"):
        backend.translator("fr", "fr")
    with pytest.raises(MTError, match="extra missing"):
        FakeBackend(unavailable="extra missing").translator("ru", "fr")


# ------------------------------------------------------------------ the service, with the word table


def test_translate_units_batches_resumes_and_stores_each_unit(project):
    table = WordTable("ru", "fr", {"и": "et"})
    units = titles_of(project)
    r = translate(project, FakeBackend([table]).translator("ru", "fr"), limit=40, chunk_units=16)
    assert (r.model, r.model_version, r.chain, r.total, r.skipped, r.translated) == (
        "table-ru_fr", "1.0", ["table-ru_fr"], len(units), 0, 40)
    assert table.calls == [16, 16, 8]  # one engine call per chunk, not per unit
    r = translate(project, FakeBackend([table]).translator("ru", "fr"))
    assert (r.skipped, r.translated) == (40, len(units) - 40)
    r = translate(project, FakeBackend([table]).translator("ru", "fr"))
    assert (r.skipped, r.translated) == (len(units), 0)
    sugg = stored(project, kind="mt")
    by_key = {u.key: u for u in units}
    assert sorted(s.key for s in sugg) == sorted(by_key)
    for s in sugg:
        source = by_key[s.key].source
        assert s.text == " ".join("et" if w == "и" else w for w in source.split())
        assert s.detail == {"from": "ru", "to": "fr", "chain": ["table-ru_fr"], "score": 0.0}
    s = next(s for s in sugg if by_key[s.key].source == MINSK)
    assert s.text == "Минская область et китайская провинция Гуандун подписали дорожную карту сотрудничества"


def test_stop_and_ctrl_c_keep_the_committed_chunks(project):
    n = len(titles_of(project))
    backend = FakeBackend([WordTable("ru", "fr", {"и": "et"})])
    seen = []
    r = translate(project, backend.translator("ru", "fr"), chunk_units=8,
                  progress=lambda d, t: seen.append((d, t)), should_stop=lambda: len(seen) >= 2)
    assert r.stopped and r.translated == 16 and seen == [(8, n), (16, n)]
    assert len(stored(project)) == 16

    def ctrl_c(done, total):
        if done >= 24:
            raise KeyboardInterrupt

    r = translate(project, backend.translator("ru", "fr"), chunk_units=8, progress=ctrl_c)
    assert r.interrupted and r.skipped == 16 and r.translated == 24
    assert len(stored(project)) == 40
    r = translate(project, backend.translator("ru", "fr"), chunk_units=8)
    assert (r.skipped, r.translated, r.stopped, r.interrupted) == (40, n - 40, False, False)
    # a new version of the model translates everything again, next to the old suggestions
    v2 = FakeBackend([WordTable("ru", "fr", {"и": "et"}, version="2.0")])
    r = translate(project, v2.translator("ru", "fr"), limit=5)
    assert (r.model_version, r.skipped, r.translated) == ("2.0", 0, 5)
    assert len(stored(project)) == n + 5


def test_several_hypotheses_through_a_pivot_are_kept_as_alternatives(project):
    backend = FakeBackend([WordTable("ru", "en", {"и": ["and", "plus"]}),
                           WordTable("en", "fr", {"and": ["et", "puis"]})])
    r = translate(project, backend.translator("ru", "fr"), hypotheses=3)
    assert r.chain == ["table-ru_en", "table-en_fr"]
    s = next(s for s in stored(project) if s.text.startswith("Минская область et"))
    assert s.detail["score"] == 0.0
    assert s.detail["alternatives"] == [[s.text.replace(" et ", " puis "), -1.0],
                                           [s.text.replace(" et ", " plus "), -1.0]]
    without = [s for s in stored(project) if "и" not in s.text.split() and " et " not in s.text]
    assert without and all("alternatives" not in s.detail for s in without)  # one reading only


def test_glossary_terms_are_masked_and_restored(project, tmp_path):
    from workbench.store import Store

    g = _glossary(tmp_path)
    r = translate(project, FakeBackend([WordTable("ru", "fr", {"и": "et"})]).translator("ru", "fr"), glossary=g)
    assert r.lost_terms == 0
    with Store.open(project, create=False) as store:
        unit = next(u for u in store.units(queue="titles") if u.source == BELARUSKALI)
        [s] = store.suggestions(key=unit.key)
        assert s.text == "Belaruskali et китайский Migao запустили предприятие по производству нитрата калия"
        assert s.detail["masked"] == "ZZA и китайский ZZB запустили предприятие по производству нитрата калия"
        assert [t["concept"] for t in s.detail["terms"]] == ["belaruskali", "migao"]
        assert store.findings(kind="mt_term_lost") == []


def test_a_lost_placeholder_is_a_finding_and_the_hypothesis_is_kept(project, tmp_path):
    from workbench.mt.service import FINDING_KIND
    from workbench.pipeline import build_project
    from workbench.store import Store

    lossy = FakeBackend([WordTable("ru", "fr", {"и": "et", "zzb": "и"})])  # the engine turns ZZB into и
    r = translate(project, lossy.translator("ru", "fr"), glossary=_glossary(tmp_path))
    assert r.lost_terms == 1
    with Store.open(project, create=False) as store:
        unit = next(u for u in store.units(queue="titles") if u.source == BELARUSKALI)
        [s] = store.suggestions(key=unit.key)
        assert s.text == "Belaruskali et китайский и запустили предприятие по производству нитрата калия"
        assert [x["concept"] for x in s.detail["lost"]] == ["migao"]
        [f] = store.findings(kind=FINDING_KIND)
        assert (f.file, f.line, f.term, f.found, f.suggestion) == (
            BOOK, unit.line_start, "migao", "Мигао", "Migao")  # as the restored headline prints it
        assert unit.key in f.context and "table-ru_fr 1.0" in f.context
        # a rebuild derives the MT findings again from the stored suggestions
        build_project(store, project)
        assert [x.term for x in store.findings(kind=FINDING_KIND)] == ["migao"]


def test_sentences_queue_takes_a_french_post_editing_model(project):
    from workbench.mt.service import check_pair

    backend = FakeBackend([WordTable("fr", "fr", {"biélorussie": "Bélarus"})])
    r = translate(project, backend.translator("fr", "fr"), queue="sentences", limit=3)
    assert r.translated == 3 and r.model == "table-fr_fr"
    assert all("#s:" in s.key for s in stored(project))
    with pytest.raises(MTError, match="sentences queue's source is the French MT sentence itself"):
        check_pair("sentences", "ru", "fr")
    with pytest.raises(MTError, match=r"suggestions must be in the units' language \(fr\)"):
        check_pair("titles", "ru", "en")


def test_a_translator_breaking_the_protocol_is_an_error_not_a_wrong_suggestion(project):
    class Short:
        name, version = "short", "1"

        def translate(self, texts, hypotheses=1):
            return [[Hypothesis("x", 0.0)]] * (len(texts) - 1)

    with pytest.raises(MTError, match="short 1: returned 63 results for 64 texts"):
        translate(project, Short())
    assert stored(project) == []
    with pytest.raises(MTError, match="--hypotheses must be at least 1"):
        translate(project, Short(), hypotheses=0)


def test_a_rebuild_uses_the_suggestions_as_alignment_evidence(project):
    from workbench.pipeline import build_project
    from workbench.store import Store

    # an echo: the suggestion is the Russian source, whose chrF against the French is low
    translate(project, FakeBackend([WordTable("ru", "fr", {})]).translator("ru", "fr"))
    with Store.open(project, create=False) as store:
        before = {u.key: u.context for u in store.units(queue="titles")}
        build_project(store, project)
        after = {u.key: u.context for u in store.units(queue="titles")}
    assert set(after) == set(before)
    assert all(any(e.startswith("mt chrF") for e in c["evidence"]) for c in after.values())
    # a low chrF changes no status
    assert {k: c["status"] for k, c in after.items()} == {k: c["status"] for k, c in before.items()}


# ------------------------------------------------------------------ glossary masks


def test_masking_finds_inflected_russian_terms_and_restores_them(tmp_path):
    from workbench.masking import mask, restore, term_spans

    g = _glossary(tmp_path)
    text = "беларуськалия и мигао поставят в китай"
    spans = term_spans(text, g, "ru")
    assert [(text[s.start:s.end], s.concept.id) for s in spans] == [("беларуськалия", "belaruskali"),
                                                                     ("мигао", "migao")]  # not the place
    masked, holders = mask(text, spans)
    assert masked == "ZZA и ZZB поставят в китай"
    assert restore("ZZA and zz b will supply China", holders) == ("Belaruskali and Migao will supply China", [])
    restored, lost = restore("ZZA and its partner", holders)
    assert restored == "Belaruskali and its partner" and [h.concept_id for h in lost] == ["migao"]
    # a placeholder already in the text is not reused
    assert mask("ZZA мигао", term_spans("ZZA мигао", g, "ru"))[0] == "ZZA ZZB"
    fr = "Belaruskali et Migao en Chine"
    assert mask(fr, term_spans(fr, g, "fr"))[0] == "ZZA et ZZB en Chine"
    assert term_spans(fr, g, "en") == [] and term_spans(fr, None, "fr") == []


def test_masking_stops_at_26_placeholders_and_leaves_the_rest(tmp_path):
    from workbench.masking import MAX_PLACEHOLDERS, mask, restore, term_spans

    g = _glossary(tmp_path)
    text = " ".join(["мигао"] * 30)
    masked, holders = mask(text, term_spans(text, g, "ru"))
    assert len(holders) == MAX_PLACEHOLDERS == 26
    assert masked.split() == [f"ZZ{chr(65 + i)}" for i in range(26)] + ["мигао"] * 4
    assert restore(masked, holders)[0] == " ".join(["Migao"] * 26 + ["мигао"] * 4)
    assert restore("ZZAB ZZA", holders[:1]) == ("ZZAB Migao", [])  # a longer word is not a placeholder


# ------------------------------------------------------------------ alignment evidence, help


def test_mt_chrf_is_one_more_piece_of_alignment_evidence():
    from workbench.align import score_pair

    fr = "La région de Minsk et la province chinoise du Guangdong ont signé une feuille de route"
    ru = "минская область и китайская провинция гуандун подписали дорожную карту"
    words = ru.split()
    base, ev = score_pair(fr, words, ru, False)
    good, gev = score_pair(fr, words, ru, False, mt_title="La région de Minsk et la province chinoise de"
                                                          " Guangdong ont signé une feuille de route")
    assert good > base and "mt chrF 9" in " ".join(gev)
    weak, wev = score_pair(fr, words, ru, False, mt_title="минская область и китайская провинция")
    assert weak == base and any(e.startswith("mt chrF ") for e in wev)  # a low chrF carries no weight
    assert not any(e.startswith("mt chrF") for e in ev)


@pytest.mark.parametrize("command", [["mt"], ["mt", "install"], ["mt", "list"], ["translate"], ["score"]])
def test_help(command):
    p = subprocess.run([sys.executable, "-m", "workbench", *command, "--help"], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert p.returncode == 0 and "usage:" in p.stdout


# ------------------------------------------------------------------ the review TUI


def _wait_for_mt(app, pilot):
    async def wait():
        for _ in range(600):
            if not app._mt_running:
                return
            await pilot.pause(0.05)
        raise AssertionError("the MT worker did not finish")
    return wait()


def test_review_f8_translates_in_a_worker_and_offers_the_hypotheses(project, tmp_path):
    import asyncio

    from review_helpers import review

    from workbench.store import Store

    backend = FakeBackend([WordTable("ru", "fr", {"и": "et", "область": "région"})])

    async def go():
        async with review(project, mt=backend) as (app, pilot):
            assert not any(s.kind == "mt" for s in app.suggestions)
            await pilot.press("f8")
            await _wait_for_mt(app, pilot)
            assert "new suggestions from table-ru_fr" in app.message
            mt_sugs = [s for s in app.suggestions if s.kind == "mt"]
            assert len(mt_sugs) == 1 and mt_sugs[0].origin == "table-ru_fr 1.0"
            assert mt_sugs[0].text in app.query_one("#suggestions").text.plain
            n = app.suggestions.index(mt_sugs[0]) + 1
            await pilot.press(f"alt+{n}", "ctrl+s")
            return app.row.key, mt_sugs[0].text

    key, hypothesis = asyncio.run(go())
    with Store.open(project, create=False) as s:
        unit = s.unit(key)
        assert unit.text == hypothesis == " ".join(
            {"и": "et", "область": "région"}.get(w, w) for w in unit.source.split())
        assert len(s.suggested_keys("table-ru_fr", "1.0")) == len(s.units(queue="titles"))


def test_review_f8_says_why_mt_cannot_run(project):
    import asyncio

    from review_helpers import review

    async def go():
        async with review(project, mt=FakeBackend(unavailable="install the MT extra")) as (app, pilot):
            assert "MT: install the MT extra" in app.query_one("#suggestions").text.plain
            await pilot.press("f8")
            assert app.message == "MT: install the MT extra" and not app._mt_running
        async with review(project, mt=FakeBackend([WordTable("en", "fr", {})])) as (app, pilot):
            assert "MT:" not in app.query_one("#suggestions").text.plain
            await pilot.press("f8")
            await _wait_for_mt(app, pilot)
            assert app.message.startswith("MT: no ru -> fr model installed")
        async with review(project) as (app, pilot):  # no backend at all
            await pilot.press("f8")
            assert app.message == "MT: no MT backend in this session"

    asyncio.run(go())
    assert stored(project) == []


def test_review_survives_an_engine_failure(project):
    import asyncio

    from review_helpers import review

    class Broken(WordTable):
        def translate(self, texts, hypotheses=1):
            raise RuntimeError("CUDA out of memory")

    async def go():
        async with review(project, mt=FakeBackend([Broken("ru", "fr", {})])) as (app, pilot):
            await pilot.press("f8")
            await _wait_for_mt(app, pilot)
            assert app.message == "MT failed: RuntimeError: CUDA out of memory"
            assert app.is_running

    asyncio.run(go())


# ------------------------------------------------------------------ Argos: install, list, translate (CLI)


def test_install_list_translate_resume_from_the_command_line(project, packages, argos):
    p = run("mt", "list")
    assert p.returncode == 0 and "no translation package installed" in p.stderr
    p = run("mt", "install", str(packages["ru_fr"]))
    assert p.returncode == 0, p.stderr
    assert "installed ru -> fr (translate-ru_fr 1.0)" in p.stderr
    assert (argos / "tiny_ru_fr" / "model" / "model.bin").is_file()
    listed = json.loads(run("mt", "list", "--format", "json").stdout)
    assert [(x["from"], x["to"], x["name"], x["version"]) for x in listed] == [("ru", "fr", "translate-ru_fr", "1.0")]

    n = len(titles_of(project))
    p = run("translate", "--project", str(project), "--from", "ru", "--to", "fr", "--limit", "40")
    assert p.returncode == 0, p.stderr
    assert "40 units translated" in p.stderr and "0 already done" in p.stderr
    p = run("translate", "--project", str(project))
    assert p.returncode == 0, p.stderr
    assert f"{n - 40} units translated" in p.stderr and "40 already done" in p.stderr
    p = run("translate", "--project", str(project))
    assert "0 units translated" in p.stderr and f"{n} already done" in p.stderr

    units = {u.key: u for u in titles_of(project)}
    sugg = stored(project, kind="mt")
    assert len(sugg) == n and {s.key for s in sugg} == set(units)
    assert {(s.model, s.model_version) for s in sugg} == {("translate-ru_fr", "1.0")}
    # the tiny model copies its input, turning the piece ▁и into ▁et
    for s in sugg:
        assert s.text == expected_output(packages["sentencepiece"], units[s.key].source, REMAPS["ru_fr"])
    s = next(s for s in sugg if units[s.key].source == MINSK)
    assert s.text == "Минская область et китайская провинция Гуандун подписали дорожную карту сотрудничества"
    assert s.detail["chain"] == ["translate-ru_fr"] and s.detail["from"] == "ru"


def test_packages_installed_elsewhere_by_argospm_are_used(project, packages, argos):
    # argospm simply unzips into the package directory
    with zipfile.ZipFile(packages["ru_fr_v2"]) as z:
        z.extractall(argos)
    from workbench.mt import argos as mt_argos

    assert mt_argos.installed_pairs() == [("ru", "fr", "translate-ru_fr", "2.0")]
    (argos / "not-a-package").mkdir()  # stray folders are skipped
    assert len(mt_argos.installed_pairs()) == 1
    r = translate(project, argos_translator(), limit=3)
    assert (r.model, r.model_version, r.translated) == ("translate-ru_fr", "2.0", 3)


def test_translate_errors_are_one_line(project, packages, argos, tmp_path):
    assert_one_line_error(run("translate", "--project", str(project)), "no ru -> fr model installed",
                          "workbench mt install FILE.argosmodel")
    install("ru_fr", packages=packages)
    assert_one_line_error(run("translate", "--project", str(project), "--queue", "sentences"),
                          "sentences queue's source is the French MT sentence itself", "--from ru does not fit")
    assert_one_line_error(run("translate", "--project", str(project), "--to", "en"),
                          "suggestions must be in the units' language (fr)")
    assert_one_line_error(run("translate", "--project", str(project), "--queue", "sentences", "--from", "fr"),
                          "no fr -> fr model installed")
    assert_one_line_error(run("translate", "--project", str(project), "--limit", "-1"), "--limit")
    assert_one_line_error(run("translate", "--project", str(tmp_path / "nowhere")), "nowhere")
    assert_one_line_error(run("mt", "frobnicate"), "invalid choice")


def test_pivot_through_english_translates_twice(project, packages, argos):
    install("ru_en", "en_fr", packages=packages)
    r = translate(project, argos_translator(), limit=5)
    assert (r.model, r.model_version) == ("translate-ru_en+translate-en_fr", "1.0+1.0")
    assert r.chain == ["translate-ru_en", "translate-en_fr"] and r.translated == 5
    units = {u.key: u for u in titles_of(project)}
    sugg = {s.key: s for s in stored(project)}
    # и -> a (ru->en), a -> et (en->fr): both stages ran
    assert len(sugg) == 5
    for key, s in sugg.items():
        assert s.text == expected_output(packages["sentencepiece"], units[key].source, REMAPS["ru_en"],
                                            REMAPS["en_fr"])
    assert any(" et " in s.text for s in sugg.values())


def test_batched_path_gives_argostranslate_s_own_output(packages, argos, template):
    """Same model, same decoding settings: our batched call and argostranslate's
    per-text apply_packaged_translation agree (its splitter is never built)."""
    from workbench.mt.argos import translate_per_text

    install("ru_fr", packages=packages)
    texts = [u.source for u in titles_of(template)][:20]
    chain = argos_translator()
    batched = [h[0].text for h in chain.translate(texts)]
    assert batched == translate_per_text(chain, texts)
    assert batched == [expected_output(packages["sentencepiece"], t, REMAPS["ru_fr"]) for t in texts]


def test_several_hypotheses_from_the_real_engines(project, packages, argos):
    install("ru_en", "en_fr", packages=packages)
    translate(project, argos_translator(), limit=2, hypotheses=3)
    for s in stored(project):
        alts = s.detail["alternatives"]
        assert len(alts) == 2 and all(a[1] <= s.detail["score"] for a in alts)


def test_network_is_really_off_while_translating(project, packages, argos):
    with pytest.raises(OSError, match="networking is off"):
        socket.create_connection(("example.org", 80))
    home = Path(os.environ["XDG_DATA_HOME"]).parent
    p = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('example.org', 80))"],
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(home / "site")})
    assert p.returncode != 0 and "networking is off" in p.stderr  # and so in every `run(...)` above
    install("ru_fr", packages=packages)
    assert translate(project, argos_translator()).translated == len(titles_of(project))


def test_glossary_terms_restored_through_the_real_model(project, packages, argos, tmp_path):
    from workbench.store import Store

    install("ru_fr", packages=packages)
    r = translate(project, argos_translator(), glossary=_glossary(tmp_path))
    assert r.lost_terms == 0
    with Store.open(project, create=False) as store:
        unit = next(u for u in store.units(queue="titles") if u.source == BELARUSKALI)
        s = store.suggestions(key=unit.key)[0]
        assert s.text == "Belaruskali et китайский Migao запустили предприятие по производству нитрата калия"
        assert s.detail["masked"].startswith("ZZA и китайский ZZB")
        assert store.findings(kind="mt_term_lost") == []


def test_a_lost_placeholder_through_the_command_line(project, packages, argos, tmp_path):
    from workbench.store import Store

    install("ru_fr_lossy", packages=packages)  # this model turns ZZB into и
    p = tmp_path / "glossary.tsv"
    p.write_text(GLOSSARY, encoding="utf-8")
    cli = run("translate", "--project", str(project), "--glossary", str(p))
    assert cli.returncode == 0, cli.stderr
    assert "1 glossary terms lost (findings mt_term_lost)" in cli.stderr
    with Store.open(project, create=False) as store:
        unit = next(u for u in store.units(queue="titles") if u.source == BELARUSKALI)
        s = store.suggestions(key=unit.key)[0]
        raw = expected_output(packages["sentencepiece"], s.detail["masked"], REMAPS["ru_fr_lossy"])
        assert s.text == raw.replace("ZZA", "Belaruskali") and "ZZ" not in s.text
        assert s.text.startswith("Belaruskali и китайский ")
        assert [x["concept"] for x in s.detail["lost"]] == ["migao"]
        [f] = store.findings(kind="mt_term_lost")
        assert (f.term, f.found, f.line) == ("migao", "Мигао", unit.line_start)


def test_review_f8_with_the_argos_backend(project, packages, argos):
    import asyncio

    from review_helpers import review

    from workbench.mt.argos import ArgosBackend
    from workbench.store import Store

    install("ru_fr", packages=packages)

    async def go():
        async with review(project, mt=ArgosBackend()) as (app, pilot):
            await pilot.press("f8")
            await _wait_for_mt(app, pilot)
            assert "new suggestions from translate-ru_fr" in app.message
            mt_sugs = [s for s in app.suggestions if s.kind == "mt"]
            assert len(mt_sugs) == 1 and mt_sugs[0].origin == "translate-ru_fr 1.0"
            return app.row

    row = asyncio.run(go())
    with Store.open(project, create=False) as s:
        [sug] = s.suggestions(key=row.key)
        assert sug.text == expected_output(packages["sentencepiece"], row.source, REMAPS["ru_fr"])
        assert len(s.suggested_keys("translate-ru_fr", "1.0")) == len(s.units(queue="titles"))
