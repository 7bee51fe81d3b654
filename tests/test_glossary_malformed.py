"""Malformed glossaries fail with file and line; ``glossary lint`` refuses what msgfmt refuses."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app
from newsl10n.glossary.lint import lint, msgfmt_check

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'
GOOD = HEADER + 'msgid "Osh"\nmsgstr "Ош"\n'
UNTERMINATED = HEADER + 'msgid "Osh"\nmsgstr "Ош\n'  # line 7
needs_msgfmt = pytest.mark.skipif(
    __import__("shutil").which("msgfmt") is None, reason="GNU msgfmt is not installed"
)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSL10N_GLOSSARY", raising=False)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return write(tmp_path / "in.txt", "Hello from Osh.\n")


@pytest.mark.parametrize("as_folder", [False, True], ids=["file", "folder"])
def test_translate_with_a_malformed_glossary_fails_with_file_and_line(run, tmp_path, article, as_folder):
    bad = write(tmp_path / "g" / "ru.po", UNTERMINATED)
    given = bad.parent if as_folder else bad
    result = run(
        "translate", str(article), "--to", "ru", "--from", "en", "--engine", "fake", "-g", str(given)
    )
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {bad}:7: unterminated string"]
    assert not (tmp_path / "translations").exists()


def test_translate_with_an_empty_glossary_folder_fails(run, tmp_path, article):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(
        "translate", str(article), "--to", "ru", "--from", "en", "--engine", "fake", "-g", str(empty)
    )
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {empty}: no glossary catalogs (*.po) in this folder"]


@pytest.mark.parametrize("as_folder", [False, True], ids=["file", "folder"])
def test_glossary_list_on_a_malformed_glossary_fails_with_file_and_line(run, tmp_path, as_folder):
    bad = write(tmp_path / "g" / "ru.po", UNTERMINATED)
    result = run("glossary", "list", "-g", str(bad.parent if as_folder else bad))
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: {bad}:7: unterminated string"]


def test_glossary_list_reads_a_single_po_file(run, tmp_path):
    good = write(tmp_path / "ru.po", GOOD)
    result = run("glossary", "list", "-g", str(good), "--json")
    assert result.exit_code == 0, result.output
    assert [(r["msgid"], r["msgstr"]) for r in json.loads(result.stdout)] == [("Osh", "Ош")]


def test_glossary_list_and_lint_on_an_empty_folder_fail(run, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    listed = run("glossary", "list", "-g", str(empty))
    assert listed.exit_code == 1 and error_lines(listed) == [
        f"Error: {empty}: no glossary catalogs (*.po) in this folder"
    ]
    linted = run("glossary", "lint", str(empty), "--json")
    assert linted.exit_code == 1
    assert [(f["code"], f["severity"]) for f in json.loads(linted.stdout)] == [("missing", "error")]


def test_glossary_lint_on_a_malformed_file_reports_its_line(run, tmp_path):
    bad = write(tmp_path / "g" / "ru.po", UNTERMINATED)
    result = run("glossary", "lint", str(bad), "--json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert {"code": "invalid-po", "line": 7, "path": str(bad), "severity": "error"}.items() <= found[
        0
    ].items()


def codes(findings) -> set[tuple[str, str]]:
    return {(f.code, f.severity.value) for f in findings}


@needs_msgfmt
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bom", b"\xef\xbb\xbf" + GOOD.encode(), ("bom", "error")),
        ("no header", 'msgid "Osh"\nmsgstr "Ош"\n', ("header", "error")),
        ("empty header", 'msgid ""\nmsgstr ""\n\nmsgid "Osh"\nmsgstr "Ош"\n', ("header", "error")),
        ("bad escape", HEADER + 'msgid "Osh"\nmsgstr "Ош\\q"\n', ("invalid-po", "error")),
        ("bad hex escape", HEADER + 'msgid "Osh"\nmsgstr "O\\x"\n', ("invalid-po", "error")),
    ],
)
def test_lint_refuses_what_msgfmt_check_refuses(tmp_path, name, content, expected):
    path = write(tmp_path / "ru.po", content)
    findings = lint([path])
    assert expected in codes(findings)
    assert any(f.severity.value == "error" for f in msgfmt_check(path)), "msgfmt --check refuses it too"


def test_lint_passes_a_good_file(tmp_path):
    path = write(tmp_path / "ru.po", GOOD)
    assert not [f for f in lint([path]) if f.severity.value == "error"]


def fake_msgfmt(folder: Path, monkeypatch: pytest.MonkeyPatch, stderr: str, status: int) -> None:
    """Put a ``msgfmt`` first on PATH that writes ``stderr`` and exits with ``status``."""
    folder.mkdir()
    script = folder / "msgfmt"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nsys.stderr.write({stderr!r})\nsys.exit({status})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")


def test_msgfmt_messages_with_a_column_are_read(tmp_path, monkeypatch):
    path = write(tmp_path / "ru.po", GOOD)
    fake_msgfmt(
        tmp_path / "bin",
        monkeypatch,
        f"{path}:7:12: invalid control sequence\nmsgfmt: found 1 fatal error\n",
        1,
    )
    (finding,) = msgfmt_check(path)
    assert (finding.code, finding.severity.value, finding.line) == ("msgfmt", "error", 7)
    assert finding.message == "invalid control sequence (column 12)"


def test_msgfmt_failing_with_unreadable_output_still_fails_lint(tmp_path, monkeypatch):
    path = write(tmp_path / "ru.po", GOOD)
    fake_msgfmt(tmp_path / "bin", monkeypatch, "something went wrong\n", 1)
    (finding,) = msgfmt_check(path)
    assert (finding.code, finding.severity.value) == ("msgfmt", "error")
    assert "something went wrong" in finding.message
    assert any(f.severity.value == "error" for f in lint([path]))


def test_msgfmt_failing_silently_still_fails_lint(tmp_path, monkeypatch):
    path = write(tmp_path / "ru.po", GOOD)
    fake_msgfmt(tmp_path / "bin", monkeypatch, "", 3)
    (finding,) = msgfmt_check(path)
    assert finding.severity.value == "error" and "exit status 3" in finding.message
