"""A read-only catalog or glossary folder gives one clear ``Error:`` line, not a traceback.

The folders are made read-only with chmod; as root (CI containers) chmod does not stop
writes, so the fixture also makes creating files in them fail the way the kernel would.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app

ROOT = Path(__file__).resolve().parents[1]
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
TEMPLATE = HEADER + '\nmsgid "Hello"\nmsgstr ""\n\nmsgid "Good bye"\nmsgstr ""\n'


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator:
    folders: list[Path] = []

    def inside(path: object) -> bool:
        resolved = Path(os.fspath(path)).resolve()  # type: ignore[call-overload]
        return any(resolved == f or f in resolved.parents for f in folders)

    real_mkstemp, real_mkdir = tempfile.mkstemp, os.mkdir

    def mkstemp(*args, **kwargs):  # type: ignore[no-untyped-def]
        if inside(kwargs.get("dir") or "."):
            raise PermissionError(errno.EACCES, "Permission denied", str(kwargs.get("dir")))
        return real_mkstemp(*args, **kwargs)

    def mkdir(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if inside(Path(path).parent):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    def make(folder: Path) -> Path:
        for path in [*sorted(folder.rglob("*"), reverse=True), folder]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        folders.append(folder.resolve())
        if os.geteuid() == 0:
            monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
            monkeypatch.setattr(os, "mkdir", mkdir)
        return folder

    yield make
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSL10N_GLOSSARY", raising=False)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


def one_error(result, *words: str) -> str:
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.stderr and "PermissionError" not in result.output
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


@pytest.fixture
def locales(tmp_path: Path, run) -> Path:
    (tmp_path / "site.pot").write_text(TEMPLATE, encoding="utf-8")
    assert run("catalog", "init", "site.pot", "--lang", "ru", "--out", "locales", "-q").exit_code == 0
    return tmp_path / "locales"


def test_catalog_init_into_a_read_only_folder(run, locales, read_only):
    read_only(locales)
    one_error(run("catalog", "init", "site.pot", "--lang", "ky", "--out", "locales"), "cannot write")


def test_catalog_update_of_a_read_only_folder(run, tmp_path, locales, read_only):
    (tmp_path / "site.pot").write_text(TEMPLATE + '\nmsgid "New"\nmsgstr ""\n', encoding="utf-8")
    read_only(locales)
    error = one_error(run("catalog", "update", "site.pot", "locales"), "cannot write")
    assert "site.po" in error


def test_catalog_translate_of_a_read_only_folder(run, locales, read_only):
    read_only(locales)
    one_error(
        run("catalog", "translate", "locales", "--engine", "fake", "--from", "en", "--no-memory"),
        "site.po",
        "cannot write",
    )


def test_catalog_compile_into_a_read_only_folder(run, locales, read_only):
    read_only(locales)
    one_error(run("catalog", "compile", "locales"), "site.mo", "cannot write")


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    folder = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", folder)
    return folder


def test_glossary_add_to_a_read_only_folder(run, glossary, read_only):
    read_only(glossary)
    one_error(run("glossary", "add", "Osh", "--ru", "Ош", "-g", str(glossary)), "cannot write")


def test_glossary_add_of_a_new_language_to_a_read_only_folder(run, glossary, read_only):
    read_only(glossary)
    one_error(run("glossary", "add", "Osh", "--set", "kk=Ош", "-g", str(glossary)), "kk.po", "cannot write")


def test_glossary_remove_from_a_read_only_folder(run, glossary, read_only):
    read_only(glossary)
    one_error(run("glossary", "remove", "Bishkek", "-g", str(glossary)), "cannot write")


def test_glossary_seed_into_a_read_only_folder(run, glossary, read_only):
    read_only(glossary)
    one_error(run("glossary", "seed", "--lang", "ru", "-g", str(glossary)), "ru.po", "cannot write")


def test_glossary_extract_into_a_read_only_folder(run, tmp_path, read_only):
    article = tmp_path / "in.txt"
    article.write_text("Sadyr Japarov visited Osh.\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    out = read_only(tmp_path / "out")
    one_error(run("glossary", "extract", str(article), "-o", str(out / "c.po")), "cannot write")
