"""The team store: copy, dump and restore between backends, store selection, the
translation memory on both backends, bad URLs. (Every store contract test also runs on
PostgreSQL through the `backend` fixture.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import StoreBackend
from test_store import F, ingest, key_of, seg

from workbench.cli import main
from workbench.storage import open_store


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("WORKBENCH_STORE", "")  # restored after the test, whatever it runs
    monkeypatch.delenv("WORKBENCH_STORE")
    return monkeypatch


def _fill(s) -> str:
    ingest(s, [seg(0, [("Première phrase.", 1), ("Deuxième phrase.", 2)]), seg(1, [("Troisième phrase.", 4)])])
    k = key_of(s, "Deuxième phrase.")
    u = s.edit(k, "Seconde phrase.", who="ann", expected_version=1)
    s.set_status(k, "approved", who="bob", expected_version=u.version)
    s.add_suggestions([(k, "Second sentence.", "m", "1.0", {"score": -0.5})])
    s.add_tm_entries([("Deuxième phrase.", "Second sentence.", "t1", "fr", "en", "", "")], origin="a.tmx")
    s.set_setting("review.position", {"queue": "sentences", "key": k})
    return k


def _snapshot(s) -> tuple:
    return ([(u.id, u.key, u.text, u.status, u.version, u.history_count) for u in s.units()],
            [(h.id, h.who, h.action, h.new_text) for u in s.units() for h in s.history(u.key)],
            s.suggestions(), s.tm_rows(), s.setting("review.position"), s.counts())


def test_copy_sqlite_to_postgres_and_dump_restore_back(postgres_url: str, tmp_path: Path, clean_env, capsys) -> None:
    proj = tmp_path / "proj"
    (proj / "corpus").mkdir(parents=True)
    with open_store(proj) as s:
        k = _fill(s)
        before = _snapshot(s)
    assert main(["store", "copy", "--project", str(proj), "--to", postgres_url]) == 0
    out = capsys.readouterr()
    assert "counts and checksums verified" in out.err and "units\t3\t" in out.out
    with open_store(proj, url=postgres_url) as pg:
        assert _snapshot(pg) == before
        # ids continue after the copied ones, and history stays append-only there
        u = pg.edit(k, "Deuxième, revue.", who="cy", expected_version=pg.unit(k).version)
        assert u.history_count == 3
    # a second copy into the same (now full) store is refused, nothing written
    assert main(["store", "copy", "--project", str(proj), "--to", postgres_url]) == 2
    assert "already holds data" in capsys.readouterr().err

    dump = tmp_path / "backup.jsonl.gz"
    assert main(["--store", postgres_url, "store", "dump", "--project", str(proj), str(dump)]) == 0
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    capsys.readouterr()
    assert main(["store", "restore", "--project", str(fresh), str(dump)]) == 0
    with open_store(fresh, create=False) as s:
        assert [h.who for h in s.history(k)] == ["ann", "bob", "cy"]
        assert s.unit(k).text == "Deuxième, revue." and s.tm_candidates("Deuxième phrase.") == [1]


def test_restore_refuses_a_damaged_dump(tmp_path: Path, clean_env, capsys) -> None:
    proj = tmp_path / "p"
    proj.mkdir()
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"format": "something else"}\n')
    assert main(["store", "restore", "--project", str(proj), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a workbench store dump" in err


def test_the_project_settings_file_and_env_choose_the_store(postgres_url: str, tmp_path: Path, clean_env, capsys) -> None:
    proj = tmp_path / "team"
    (proj / "corpus").mkdir(parents=True)
    (proj / "workbench.toml").write_text(f'[store]\nurl = "{postgres_url}"\n')
    with open_store(proj) as s:  # the tracked file's server, not .workbench/
        _fill(s)
        assert s.path.startswith("postgresql://")
    assert not (proj / ".workbench" / "workbench.db").exists()
    assert main(["status", "--project", str(proj), "--format", "json"]) == 0
    assert '"total": 3' in capsys.readouterr().out
    # the environment wins over the file: an empty SQLite store elsewhere
    clean_env.setenv("WORKBENCH_STORE", f"sqlite://{tmp_path / 'solo'}")
    (tmp_path / "solo").mkdir()
    assert main(["status", "--project", str(proj)]) == 2
    assert "no workbench database" in capsys.readouterr().err


@pytest.mark.parametrize("url, says", [
    ("mysql://team/db", "is not a store URL"),
    ("postgresql://ann:secret@127.0.0.1:1/team", "cannot connect"),
])
def test_bad_store_url_is_one_line_and_exit_2(url: str, says: str, tmp_path: Path, clean_env, capsys) -> None:
    assert main(["--store", url, "status", "--project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err and "secret" not in err


def test_a_bad_settings_file_is_one_line(tmp_path: Path, clean_env, capsys) -> None:
    (tmp_path / "workbench.toml").write_text("[store\nurl = 1")
    assert main(["status", "--project", str(tmp_path)]) == 2
    assert "workbench.toml: not a valid settings file" in capsys.readouterr().err


def test_tm_search_on_both_backends(clean_env, backend: StoreBackend, tmp_path: Path) -> None:
    pairs = [("Le gouvernement a signé un accord commercial avec la Chine.", "Governo assinou.", None),
             ("Un accord commercial avec la Chine a été signé hier.", "Acordo assinado.", None),
             ("La météo sera belle demain à Minsk.", "Tempo bom.", None)]
    with backend.open(tmp_path) as s:
        assert s.add_tm(pairs, origin="t.tmx") == 3
        assert s.add_tm(pairs, origin="t.tmx") == 0  # duplicates skipped
        # ranked candidates: the exact source, then the one sharing most words
        assert s.tm_candidates(pairs[0][0])[:2] == [1, 2]
        assert s.tm_candidates("Le gouvernement a signé un accord commercial avec la Russie.")[0] == 1
        assert [r.source for r in s.tm_rows([3])] == [pairs[2][0]]


# What a reviewer role may do (README, team setup): edit units, append history, keep
# its place; never rewrite or delete history, nor drop the trigger that guards it.
REVIEWER_GRANTS = (
    "GRANT USAGE ON SCHEMA {s} TO {r}",
    "GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {r}",
    "GRANT INSERT ON {s}.history TO {r}",
    "GRANT UPDATE (text, status, origin, note, version, updated_at) ON {s}.units TO {r}",
    "GRANT INSERT, UPDATE ON {s}.settings TO {r}",
    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
)


def test_a_reviewer_role_edits_but_cannot_rewrite_history(postgres_server: str, tmp_path: Path) -> None:
    import uuid

    import pg_cluster
    import psycopg

    tag = uuid.uuid4().hex[:8]
    schema, owner, reviewer = f"book_{tag}", f"owner_{tag}", f"ann_{tag}"
    try:
        with psycopg.connect(postgres_server, autocommit=True) as c:
            c.execute(f"CREATE ROLE {owner} LOGIN")
            c.execute(f"CREATE ROLE {reviewer} LOGIN")
            c.execute(f"CREATE SCHEMA {schema} AUTHORIZATION {owner}")
    except psycopg.Error as e:
        pytest.skip(f"this server does not let the tests create roles ({e})")
    base = postgres_server.replace("://" + postgres_server.split("://")[1].split("@")[0] + "@", "://{}@")
    try:
        (tmp_path / "corpus").mkdir()
        with open_store(tmp_path, url=pg_cluster.with_schema(base.format(owner), schema)) as s:
            key = _fill(s)
        with psycopg.connect(pg_cluster.with_schema(base.format(owner), schema), autocommit=True) as c:
            for g in REVIEWER_GRANTS:
                c.execute(g.format(s=schema, r=reviewer))
        rev = pg_cluster.with_schema(base.format(reviewer), schema)
        with open_store(tmp_path, create=False, url=rev) as s:
            u = s.unit(key)
            s.edit(key, "Seconde phrase, revue.", who=reviewer, expected_version=u.version)
            s.set_setting("review.position", {"key": key})
            assert [h.who for h in s.history(key)] == ["ann", "bob", reviewer]
        with psycopg.connect(rev, autocommit=True) as c:
            for sql in ("DELETE FROM history", "UPDATE history SET who = 'x'", "UPDATE units SET mt = 'x'",
                        "DROP TRIGGER history_no_change ON history"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    c.execute(sql)
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as c:
            c.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            c.execute(f"DROP OWNED BY {reviewer}")
            c.execute(f"DROP ROLE {reviewer}")
            c.execute(f"DROP ROLE {owner}")


def test_another_handles_change_arrives_within_a_second(clean_env, backend: StoreBackend, tmp_path: Path) -> None:
    import threading
    import time

    with backend.open(tmp_path) as watcher, backend.open(tmp_path) as other:
        k = _fill(other)
        cursor = watcher.change_cursor()
        assert cursor > 0 and watcher.changes_since(cursor) == []
        assert watcher.wait_for_changes(cursor, timeout=0.2) == []  # nothing new: times out
        got: list = []
        waiter = threading.Thread(target=lambda: got.extend(watcher.wait_for_changes(cursor, timeout=10)))
        waiter.start()
        time.sleep(0.3)  # the watcher is waiting now
        t0 = time.monotonic()
        other.set_note(k, "à vérifier", who="cy", expected_version=other.unit(k).version)
        waiter.join(10)
        assert time.monotonic() - t0 < 1.0
        assert [(c.key, c.who, c.action) for c in got] == [(k, "cy", "note")]
        assert watcher.changes_since(got[-1].cursor) == []


def test_postgres_migrations_are_versioned(postgres_url: str, tmp_path: Path) -> None:
    import psycopg

    from workbench.storage import StoreError, schema_pg

    with psycopg.connect(postgres_url, autocommit=True) as c:  # a store made by the first release
        c.execute("CREATE TABLE schema_version (version integer NOT NULL)")
        for sql in schema_pg.MIGRATIONS[0]:
            c.execute(sql)
        c.execute("INSERT INTO schema_version VALUES (1)")
        c.execute("INSERT INTO settings VALUES ('kept', '1', 'now')")
    with open_store(tmp_path, url=postgres_url) as s:
        assert s.schema_version == schema_pg.SCHEMA_VERSION >= 2 and s.setting("kept") == 1
    with psycopg.connect(postgres_url, autocommit=True) as c:
        c.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(StoreError, match=r"newer workbench \(schema v99"):
        open_store(tmp_path, url=postgres_url)


def test_import_xliff_names_the_database_role_unless_who_is_given(
        clean_env, backend: StoreBackend, tmp_path: Path, capsys) -> None:
    from translate.storage import xliff

    proj = tmp_path / "p"
    proj.mkdir()
    with backend.open(proj) as s:
        ingest(s, [seg(0, [("Première phrase.", 1), ("Deuxième phrase.", 2)])])
        role = s.role()
    url = [] if backend.name == "sqlite" else ["--store", s.url]
    clean_env.setenv("USER", "login-name")
    out = tmp_path / "x.xlf"
    for who in ([], ["--who", "cat-tool"]):
        assert main([*url, "export", "xliff", "--project", str(proj), "--out", str(out),
                     "--version", "1.2", "--queue", "sentences"]) == 0
        st = xliff.xlifffile.parsefile(str(out))
        st.units[0].target = st.units[0].target + f" (révisé {len(who)})"
        st.savefile(str(out))
        assert main([*url, "import", "xliff", str(out), "--project", str(proj), *who]) == 0
    assert "1 saved as draft edits" in capsys.readouterr().err
    with backend.open(proj, create=False) as s:
        names = [h.who for u in s.units() for h in s.history(u.key)]
    if backend.name == "sqlite":
        assert role is None and names == ["login-name", "cat-tool"]
    else:
        import psycopg

        with psycopg.connect(url[1]) as conn:
            assert role == conn.execute("SELECT current_user").fetchone()[0] != "login-name"
        assert names == [role, "cat-tool"]


def test_tm_search_selects_on_rare_words_on_both_backends(clean_env, backend: StoreBackend, tmp_path: Path) -> None:
    # 300 sources of common words; the rare word of the query is in two of them
    common = ["le", "la", "accord", "commerce", "signé", "projet", "usine", "année"]
    pairs = [(" ".join(common[(i + j) % len(common)] for j in range(6)) + f" n{i}.", f"t{i}", None)
             for i in range(300)]
    pairs[40] = ("Le tracteur Belarus a été livré à Gomel.", "The Belarus tractor.", None)
    pairs[250] = ("Un tracteur neuf pour la coopérative de Gomel.", "A new tractor.", None)
    with backend.open(tmp_path) as s:
        s.add_tm(pairs, origin="t.tmx")
        got = s.tm_candidates("Le projet de tracteur signé à Gomel avec la usine.", limit=20)
        # the rows holding the rare words come first; common words do not fill the list
        assert sorted(got[:2]) == [41, 251] and len(got) == 20
        if backend.name == "sqlite":
            return
        # PostgreSQL's word counts follow deleted rows too (kept by triggers)
        with s._tx() as c:
            c.execute("DELETE FROM tm WHERE id = 41")
        assert s.tm_candidates("tracteur Gomel")[:1] == [251]


def test_v2_store_upgrades_to_stored_list_fields_and_word_counts(postgres_url: str, tmp_path: Path) -> None:
    import psycopg

    from workbench.storage import schema_pg

    with psycopg.connect(postgres_url, autocommit=True) as conn:  # a store as v2 left it
        conn.execute("CREATE TABLE schema_version (version integer NOT NULL)")
        for sql in (q for m in schema_pg.MIGRATIONS[:2] for q in m):
            conn.execute(sql)
        conn.execute("INSERT INTO schema_version VALUES (1), (2)")
        conn.execute("INSERT INTO units (key, doc_name, queue, source, mt, text, context_json, created_at,"
                     " updated_at) VALUES ('k', 'a.txt', 'titles', 's', 'm', 'm',"
                     " '{\"score\": 0.75, \"number\": 12}', 'x', 'x'),"
                     " ('k2', 'a.txt', 'titles', 's', 'm', 'm', '{\"number\": \"12a\"}', 'x', 'x')")
        conn.execute("INSERT INTO tm (source, target, origin, imported_at) VALUES"
                     " ('Tracteur à Gomel.', 't', 'o', 'x'), ('Usine à Gomel.', 't', 'o', 'x')")
    with open_store(tmp_path, url=postgres_url) as s:
        assert s.schema_version == schema_pg.SCHEMA_VERSION == 3
        assert [(r.key, r.score, r.number) for r in s.unit_index("titles")] == [("k", 0.75, 12), ("k2", None, None)]
        assert s._tm_word_counts("Gomel, tracteur") == {"gomel": 2, "tracteur": 1}
        assert s.tm_candidates("tracteur")[:1] == [1]
