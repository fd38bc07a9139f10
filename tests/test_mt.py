"""Machine translation: archive checks, the real install and translate path with a
tiny Argos package built offline, pivots, resuming, stopping, glossary masks.

Networking is off: in this process an autouse fixture makes every socket
connection fail, and subprocesses get a sitecustomize that does the same.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import BOOKS, CORPUS, ROOT
from tiny_argos import build_package, expected_output, train_sentencepiece

pytest.importorskip("argostranslate")
pytest.importorskip("ctranslate2")

BOOK = BOOKS["003"]  # about 90 aligned titles, builds in a few seconds
PLACEHOLDERS = [f"ZZ{c}" for c in "ABCDEF"]
GLOSSARY = (
    "fr\tru\tcomment\tid\ttype\tslug_stems\tvariants\tforbidden\tnote\n"
    "Belaruskali\tБеларуськалий\tpotash\tbelaruskali\tcompany\tbelaruskal\t\t\t\n"
    "Migao\tМигао\tChinese partner\tmigao\tcompany\tmigao\t\t\t\n"
    "Chine\tКитай\tcountry\tchina\tplace\t\t\t\t\n"
)
BELARUSKALI = "беларуськалий и китайский мигао запустили предприятие по производству нитрата калия"
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


@pytest.fixture(scope="session")
def packages(tmp_path_factory, template) -> dict[str, Path]:
    """Tiny packages sharing one tokenizer trained on the book's titles."""
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
    "ru_fr": dict(from_code="ru", to_code="fr"),
    "ru_fr_v2": dict(from_code="ru", to_code="fr", version="2.0", folder="tiny_ru_fr_v2"),
    "ru_fr_lossy": dict(from_code="ru", to_code="fr", folder="tiny_ru_fr_lossy"),
    "ru_en": dict(from_code="ru", to_code="en"),
    "en_fr": dict(from_code="en", to_code="fr"),
    "fr_fr": dict(from_code="fr", to_code="fr"),
}
# the copy models "translate" a little: и -> et, or и -> a -> et through English
REMAPS = {"ru_fr": {"и": "et"}, "ru_en": {"и": "a"}, "en_fr": {"a": "et"}, "ru_fr_lossy": {"ZZB": "и"}}


@pytest.fixture(scope="session")
def argos_home(tmp_path_factory) -> Path:
    # argostranslate makes its data, config and cache directories when imported
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


def n_titles(project: Path) -> int:
    from workbench.store import Store

    with Store.open(project, create=False) as store:
        return len(store.units(queue="titles"))


@pytest.fixture
def project(template, tmp_path) -> Path:
    p = tmp_path / "project"
    shutil.copytree(template, p)
    return p


def run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("WORKBENCH_DEBUG", None)
    home = Path(os.environ["XDG_DATA_HOME"]).parent
    env["PYTHONPATH"] = os.pathsep.join([str(home / "site"), str(ROOT)])
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
    from workbench import mt

    for n in names:
        mt.install(packages[n])


# ------------------------------------------------------------------ import and extra


def test_importing_mt_pulls_in_neither_argostranslate_nor_torch():
    code = ("import sys, workbench.mt, workbench.scores, workbench.masking; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('argostranslate', 'torch', 'ctranslate2', 'sentencepiece', 'stanza')))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"


def test_missing_extra_is_a_one_line_hint(tmp_path):
    code = ("import sys; sys.modules['argostranslate'] = None\n"
            "from workbench import mt; from workbench.cli import main\n"
            "assert not mt.available() and mt.installed_pairs() == []\n"
            "sys.exit(main(sys.argv[1:]))")
    for args in (["translate", "--project", str(tmp_path)], ["mt", "list"], ["mt", "install", "x.argosmodel"]):
        p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
        assert_one_line_error(p, "install the MT extra: pip install -e '.[mt]'")


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


META = json.dumps({"from_code": "ru", "to_code": "fr", "package_version": "1.0"}).encode()
GOOD = {"p/metadata.json": META, "p/model/model.bin": b"x", "p/model/config.json": b"{}",
        "p/sentencepiece.model": b"x"}


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
    ({**GOOD, "p/model/big.bin": bytes(3 << 20)}, "zip bomb"),
])
def test_check_archive_refuses(tmp_path, members, needle):
    from workbench import mt

    mt.check_archive(_zip(tmp_path / "ok.argosmodel", GOOD))  # the baseline passes
    with pytest.raises(mt.MTError, match=None) as e:
        mt.check_archive(_zip(tmp_path / "bad.argosmodel", members))
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_check_archive_limits_and_non_zips(tmp_path):
    from workbench import mt

    path = _zip(tmp_path / "p.argosmodel", {**GOOD, "p/model/extra.bin": os.urandom(5000)})
    assert mt.check_archive(path).from_code == "ru"
    for kw, needle in ((dict(max_archive_bytes=1000), "archive too large"),
                       (dict(max_unpacked_bytes=2000), "unpacks to more than"),
                       (dict(max_members=3), "files in the archive")):
        with pytest.raises(mt.MTError, match=needle):
            mt.check_archive(path, **kw)
    with pytest.raises(mt.MTError, match="symbolic link"):
        mt.check_archive(_zip(tmp_path / "l.argosmodel", GOOD, links=("p/model/link",)))
    (tmp_path / "text.argosmodel").write_text("hello")
    with pytest.raises(mt.MTError, match="not a zip archive"):
        mt.check_archive(tmp_path / "text.argosmodel")
    with pytest.raises(mt.MTError, match="no such file"):
        mt.check_archive(tmp_path / "missing.argosmodel")


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
    ]
    big = _zip(tmp_path / "big.argosmodel", {**GOOD, "p/model/zz.bin": b"x" * 100})
    _forge_size(big, 3_000_000_000)
    cases.append((big, "unpacks to more than"))
    for path, needle in cases:
        assert_one_line_error(run("mt", "install", str(path)), path.name, needle)
    assert not argos.exists() or not any(argos.iterdir())
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "abs.txt").exists()
    assert_one_line_error(run("mt", "install", str(tmp_path / "nothing.argosmodel")), "no such file")


# ------------------------------------------------------------------ install, list, translate (CLI)


def test_install_list_translate_resume_from_the_command_line(project, packages, argos):
    p = run("mt", "list")
    assert p.returncode == 0 and "no translation package installed" in p.stderr
    p = run("mt", "install", str(packages["ru_fr"]))
    assert p.returncode == 0, p.stderr
    assert "installed ru -> fr (translate-ru_fr 1.0)" in p.stderr
    assert (argos / "tiny_ru_fr" / "model" / "model.bin").is_file()
    listed = json.loads(run("mt", "list", "--format", "json").stdout)
    assert [(x["from"], x["to"], x["name"], x["version"]) for x in listed] == [("ru", "fr", "translate-ru_fr", "1.0")]

    n = n_titles(project)
    p = run("translate", "--project", str(project), "--from", "ru", "--to", "fr", "--limit", "40")
    assert p.returncode == 0, p.stderr
    assert "40 units translated" in p.stderr and "0 already done" in p.stderr
    p = run("translate", "--project", str(project))
    assert p.returncode == 0, p.stderr
    assert f"{n - 40} units translated" in p.stderr and "40 already done" in p.stderr
    p = run("translate", "--project", str(project))
    assert "0 units translated" in p.stderr and f"{n} already done" in p.stderr

    from workbench.store import Store

    with Store.open(project, create=False) as store:
        units = {u.key: u for u in store.units(queue="titles")}
        sugg = store.suggestions(kind="mt")
    assert len(sugg) == n and {s["key"] for s in sugg} == set(units)
    assert {(s["model"], s["model_version"]) for s in sugg} == {("translate-ru_fr", "1.0")}
    # the tiny model copies its input, turning the piece ▁и into ▁et
    for s in sugg:
        assert s["text"] == expected_output(packages["sentencepiece"], units[s["key"]].source, REMAPS["ru_fr"])
    s = next(s for s in sugg if units[s["key"]].source.startswith("минская область и китайская провинция"))
    assert s["text"] == "минская область et китайская провинция гуандун подписали дорожную карту сотрудничества"
    assert s["detail"]["chain"] == ["translate-ru_fr"] and s["detail"]["from"] == "ru"


def test_packages_installed_elsewhere_by_argospm_are_used(project, packages, argos):
    # argospm simply unzips into the package directory
    with zipfile.ZipFile(packages["ru_fr_v2"]) as z:
        z.extractall(argos)
    from workbench import mt
    from workbench.store import Store

    assert mt.installed_pairs() == [("ru", "fr", "translate-ru_fr", "2.0")]
    (argos / "not-a-package").mkdir()  # stray folders are skipped
    assert len(mt.installed_pairs()) == 1
    with Store.open(project, create=False) as store:
        r = mt.translate_units(store, "titles", "ru", "fr", limit=3)
    assert (r.model, r.model_version, r.translated) == ("translate-ru_fr", "2.0", 3)


def test_translate_errors_are_one_line(project, packages, argos, tmp_path):
    assert_one_line_error(run("translate", "--project", str(project)), "no ru -> fr model installed")
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


# ------------------------------------------------------------------ pairs and pivots


def test_choose_chain_prefers_direct_then_pivots_through_english(tmp_path):
    from workbench.mt import InstalledPackage, MTError, chain_name, choose_chain

    def pkg(f, t, v="1.0"):
        return InstalledPackage(tmp_path / f"{f}{t}{v}", f, t, v)

    ru_en, en_fr, ru_fr = pkg("ru", "en"), pkg("en", "fr", "1.1"), pkg("ru", "fr")
    assert choose_chain([ru_en, en_fr, ru_fr], "ru", "fr") == [ru_fr]
    assert choose_chain([ru_en, en_fr], "ru", "fr") == [ru_en, en_fr]
    assert chain_name([ru_en, en_fr]) == ("translate-ru_en+translate-en_fr", "1.0+1.1")
    assert choose_chain([ru_fr, pkg("ru", "fr", "1.10")], "ru", "fr")[0].version == "1.10"
    with pytest.raises(MTError, match=r"no ru -> fr model installed.*installed: ru->en"):
        choose_chain([ru_en], "ru", "fr")
    with pytest.raises(MTError, match="no fr -> fr"):
        choose_chain([pkg("fr", "en"), pkg("en", "fr")], "fr", "fr")  # no round trip


def test_pivot_through_english_translates_twice(project, packages, argos):
    from workbench import mt
    from workbench.store import Store

    install("ru_en", "en_fr", packages=packages)
    with Store.open(project, create=False) as store:
        r = mt.translate_units(store, "titles", "ru", "fr", limit=5)
        sugg = {s["key"]: s for s in store.suggestions()}
        units = {u.key: u for u in store.units(queue="titles")}
    assert (r.model, r.model_version) == ("translate-ru_en+translate-en_fr", "1.0+1.0")
    assert r.chain == ["translate-ru_en", "translate-en_fr"] and r.translated == 5
    # и -> a (ru->en), a -> et (en->fr): both stages ran
    assert len(sugg) == 5
    for key, s in sugg.items():
        assert s["text"] == expected_output(packages["sentencepiece"], units[key].source, REMAPS["ru_en"],
                                            REMAPS["en_fr"])
    assert any(" et " in s["text"] for s in sugg.values())


def test_batched_path_gives_argostranslate_s_own_output(packages, argos, template):
    """Same model, same decoding settings: our batched call and argostranslate's
    per-text apply_packaged_translation agree (its splitter is never built)."""
    from workbench import mt
    from workbench.store import Store

    install("ru_fr", packages=packages)
    with Store.open(template, create=False) as store:
        texts = [u.source for u in store.units(queue="titles")][:20]
    engines = [mt.Engine(p) for p in mt.choose_chain(mt.installed_packages(), "ru", "fr")]
    batched = [h[0][0] for h in mt.translate_texts(engines, texts)]
    assert batched == mt.translate_per_text(engines, texts)
    assert batched == [expected_output(packages["sentencepiece"], t, REMAPS["ru_fr"]) for t in texts]


def test_several_hypotheses_are_kept_as_alternatives(project, packages, argos):
    from workbench import mt
    from workbench.store import Store

    install("ru_en", "en_fr", packages=packages)
    with Store.open(project, create=False) as store:
        mt.translate_units(store, "titles", "ru", "fr", limit=2, hypotheses=3)
        sugg = store.suggestions()
    for s in sugg:
        alts = s["detail"]["alternatives"]
        assert len(alts) == 2 and all(a[1] <= s["detail"]["score"] for a in alts)


# ------------------------------------------------------------------ resuming, stopping


def test_stop_and_ctrl_c_keep_the_committed_chunks(project, packages, argos):
    from workbench import mt
    from workbench.store import Store

    install("ru_fr", packages=packages)
    n = n_titles(project)
    with Store.open(project, create=False) as store:
        seen = []
        r = mt.translate_units(store, "titles", "ru", "fr", chunk_units=8,
                               progress=lambda d, t: seen.append((d, t)), should_stop=lambda: len(seen) >= 2)
        assert r.stopped and r.translated == 16 and seen == [(8, n), (16, n)]
        assert len(store.suggestions()) == 16

        def ctrl_c(done, total):
            if done >= 24:
                raise KeyboardInterrupt

        r = mt.translate_units(store, "titles", "ru", "fr", chunk_units=8, progress=ctrl_c)
        assert r.interrupted and r.skipped == 16 and r.translated == 24
        assert len(store.suggestions()) == 40
        r = mt.translate_units(store, "titles", "ru", "fr", chunk_units=8)
        assert (r.skipped, r.translated, r.stopped, r.interrupted) == (40, n - 40, False, False)
        # a new version of the model translates everything again, next to the old suggestions
        mt.install(packages["ru_fr_v2"])
        r = mt.translate_units(store, "titles", "ru", "fr", limit=5)
        assert (r.model_version, r.skipped, r.translated) == ("2.0", 0, 5)
        assert len(store.suggestions()) == n + 5


def test_network_is_really_off_while_translating(project, packages, argos):
    from workbench import mt
    from workbench.store import Store

    with pytest.raises(OSError, match="networking is off"):
        socket.create_connection(("example.org", 80))
    home = Path(os.environ["XDG_DATA_HOME"]).parent
    p = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('example.org', 80))"],
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(home / "site")})
    assert p.returncode != 0 and "networking is off" in p.stderr  # and so in every `run(...)` above
    install("ru_fr", packages=packages)
    n = n_titles(project)
    with Store.open(project, create=False) as store:
        assert mt.translate_units(store, "titles", "ru", "fr").translated == n


# ------------------------------------------------------------------ glossary protection


def _glossary(tmp_path):
    from workbench.terms import load_glossary

    (tmp_path / "g.tsv").write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(tmp_path / "g.tsv")


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


def test_glossary_terms_restored_through_the_real_model(project, packages, argos, tmp_path):
    from workbench import mt
    from workbench.store import Store

    install("ru_fr", packages=packages)
    g = _glossary(tmp_path)
    with Store.open(project, create=False) as store:
        r = mt.translate_units(store, "titles", "ru", "fr", glossary=g)
        assert r.lost_terms == 0
        unit = next(u for u in store.units(queue="titles") if u.source == BELARUSKALI)
        s = store.suggestions(key=unit.key)[0]
        assert s["text"] == "Belaruskali et китайский Migao запустили предприятие по производству нитрата калия"
        assert s["detail"]["masked"].startswith("ZZA и китайский ZZB")
        assert store.findings(kind=mt.FINDING_KIND) == []


def test_a_lost_placeholder_is_reported_and_the_hypothesis_kept(project, packages, argos, tmp_path):
    from workbench import mt
    from workbench.store import Store

    install("ru_fr_lossy", packages=packages)  # this model turns ZZB into и
    g = _glossary(tmp_path)
    p = tmp_path / "glossary.tsv"
    p.write_text(GLOSSARY, encoding="utf-8")
    cli = run("translate", "--project", str(project), "--glossary", str(p))
    assert cli.returncode == 0, cli.stderr
    assert "1 glossary terms lost" in cli.stderr
    with Store.open(project, create=False) as store:
        unit = next(u for u in store.units(queue="titles") if u.source == BELARUSKALI)
        s = store.suggestions(key=unit.key)[0]
        raw = expected_output(packages["sentencepiece"], s["detail"]["masked"], REMAPS["ru_fr_lossy"])
        assert s["text"] == raw.replace("ZZA", "Belaruskali") and "ZZ" not in s["text"]
        assert s["text"].startswith("Belaruskali и китайский ")
        assert [x["concept"] for x in s["detail"]["lost"]] == ["migao"]
        [f] = store.findings(kind=mt.FINDING_KIND)
        assert (f["file"], f["line"], f["term"], f["found"], f["suggestion"]) == (
            BOOK, unit.line_start, "migao", "мигао", "Migao")
        assert unit.key in f["context"]
        # a rebuild replaces the text's findings but keeps the MT ones
        from workbench.pipeline import build_project

        build_project(store, project)
        assert len(store.findings(kind=mt.FINDING_KIND)) == 1
    assert g  # the same glossary the command line loaded


def test_sentences_queue_takes_a_french_post_editing_package(project, packages, argos):
    from workbench import mt
    from workbench.store import Store

    install("fr_fr", packages=packages)
    with Store.open(project, create=False) as store:
        r = mt.translate_units(store, "sentences", "fr", "fr", limit=3)
        assert r.translated == 3 and r.model == "translate-fr_fr"
        keys = {s["key"] for s in store.suggestions()}
        assert all("#s:" in k for k in keys)


# ------------------------------------------------------------------ alignment evidence


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


def test_a_rebuild_uses_the_suggestions_as_alignment_evidence(project, packages, argos):
    from workbench import mt
    from workbench.pipeline import build_project
    from workbench.store import Store

    install("ru_fr", packages=packages)
    with Store.open(project, create=False) as store:
        before = {u.key: u.context for u in store.units(queue="titles")}
        mt.translate_units(store, "titles", "ru", "fr")
        build_project(store, project)
        after = {u.key: u.context for u in store.units(queue="titles")}
    assert set(after) == set(before)
    assert all(any(e.startswith("mt chrF") for e in c["evidence"]) for c in after.values())
    # the tiny model copies Russian: its chrF against French is low and changes no status
    assert {k: c["status"] for k, c in after.items()} == {k: c["status"] for k, c in before.items()}


@pytest.mark.parametrize("command", [["mt"], ["mt", "install"], ["mt", "list"], ["translate"], ["score"]])
def test_help(command):
    p = subprocess.run([sys.executable, "-m", "workbench", *command, "--help"], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert p.returncode == 0 and "usage:" in p.stdout


# ------------------------------------------------------------------ the review TUI

def test_review_translates_in_a_worker_and_offers_the_hypotheses(project, packages, argos):
    import asyncio

    from review_helpers import review

    from workbench.store import Store

    install("ru_fr", packages=packages)

    async def go():
        async with review(project) as (app, pilot):
            assert not any(s.kind == "mt" for s in app.suggestions)
            await pilot.press("f8")
            for _ in range(600):
                if not app._mt_running:
                    break
                await pilot.pause(0.05)
            assert "new suggestions from translate-ru_fr" in app.message
            mt_sugs = [s for s in app.suggestions if s.kind == "mt"]
            assert len(mt_sugs) == 1 and mt_sugs[0].origin == "translate-ru_fr 1.0"
            n = app.suggestions.index(mt_sugs[0]) + 1
            await pilot.press(f"alt+{n}", "ctrl+s")
            return app.row.key, mt_sugs[0].text

    key, hypothesis = asyncio.run(go())
    with Store.open(project, create=False) as s:
        assert s.unit(key).text == hypothesis
        assert len(s.suggested_keys("translate-ru_fr", "1.0")) == len(s.units(queue="titles"))
