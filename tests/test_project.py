"""The project value: one layout of a project folder, read by every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.project import Project, as_project


def test_the_layout_is_the_documented_one(tmp_path: Path):
    p = Project.at(tmp_path)
    assert p.root == tmp_path.resolve()
    rel = {name: str(getattr(p, name).relative_to(p.root)) for name in (
        "corpus", "glossary_dir", "glossary", "title_lexicon", "dictionary", "dismissed", "qa_profile",
        "alignments", "edition", "state_dir", "database", "recovery")}
    assert rel == {
        "corpus": "corpus", "glossary_dir": "glossary", "glossary": "glossary/glossary.tsv",
        "title_lexicon": "glossary/title_lexicon.tsv", "dictionary": "glossary/dictionary.txt",
        "dismissed": "glossary/dismissed.tsv", "qa_profile": "glossary/qa_profile.tsv",
        "alignments": "alignments", "edition": "edition", "state_dir": ".workbench",
        "database": ".workbench/workbench.db", "recovery": ".workbench/recovery",
    }
    assert p.store == str(p.root)
    assert dict(p.settings) == {}


def test_a_relative_folder_and_a_home_folder_are_made_absolute(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Project.at(".").root == tmp_path.resolve()
    assert Project.at(".").name == tmp_path.resolve().name  # the review screen's subtitle
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Project.at("~/books").corpus == tmp_path.resolve() / "books" / "corpus"


def test_as_project_keeps_a_project_and_lays_out_a_folder(tmp_path: Path):
    p = Project.at(tmp_path)
    assert as_project(p) is p
    assert as_project(tmp_path) == p
    assert as_project(str(tmp_path)) == p


def test_the_sqlite_store_is_where_the_project_says(project: Path):
    from workbench.storage import open_store

    p = Project.at(project)
    with open_store(p.store, create=True) as store:
        assert Path(store.path) == p.database
    assert p.database.is_file()
    assert p.glossary_dir.is_dir() and p.alignments.is_dir()  # made with the store, as before


def test_settings_are_read_from_the_tracked_file(tmp_path: Path):
    (tmp_path / "workbench.toml").write_text('[review]\nwho = "anna"\n', encoding="utf-8")
    p = Project.at(tmp_path)
    assert p.settings["review"]["who"] == "anna"
    with pytest.raises(TypeError):
        p.settings["x"] = 1  # type: ignore[index]  # a value: nobody changes it under others


@pytest.mark.parametrize("content", [b"[review\nwho = 1\n", b"who = \xff\n"])
def test_a_bad_settings_file_is_one_input_error_naming_it(tmp_path: Path, content: bytes):
    (tmp_path / "workbench.toml").write_bytes(content)
    with pytest.raises(InputError, match=r"workbench\.toml: not a valid settings file"):
        Project.at(tmp_path)


def test_a_bad_settings_file_stops_a_command_with_one_line(project: Path):
    (project / "workbench.toml").write_text("store = \n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "workbench", "build", "--project", str(project), "--quiet"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    assert p.stderr.strip().splitlines() == [p.stderr.strip()]
    assert "workbench.toml: not a valid settings file" in p.stderr
    assert not (project / ".workbench").exists()  # refused before a store was made


def test_the_pipeline_and_the_stages_read_the_project_files(project: Path):
    from workbench.dismissals import (
        Dismissal,
        add_dismissal,
        load_dismissals,
        load_profile,
    )
    from workbench.pipeline import corpus_files, project_title_lexicon
    from workbench.proofing import dictionary_path
    from workbench.terms import project_glossary

    p = Project.at(project)
    assert corpus_files(p) == sorted(p.corpus.glob("*.txt"))
    assert project_glossary(p) is None and project_title_lexicon(p) is None
    add_dismissal(p, Dismissal("variant", "", "Weichai", who="anna", why="an engine maker"))
    assert p.dismissed.is_file()
    assert [d.found for d in load_dismissals(project)] == ["Weichai"]  # a folder still works
    p.qa_profile.write_text("typography\toff\n", encoding="utf-8")
    assert load_profile(p)["typography"] == "off"
    assert dictionary_path(project) == p.dictionary


def test_a_project_stands_for_its_folder_where_a_path_is_taken(tmp_path: Path):
    import os

    p = Project.at(tmp_path)
    assert os.fspath(p) == str(p.root)
    assert Path(p) == p.root
