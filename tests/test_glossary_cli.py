"""``newsl10n glossary list | add | remove | lint | check | extract | seed`` via CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from newsl10n.cli.glossary import glossary_app
from newsl10n.glossary.io import load_glossary

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"
runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", target)
    monkeypatch.setenv("NEWSL10N_GLOSSARY", str(target))
    return target


def test_list_one_language_as_json(folder):
    result = runner.invoke(glossary_app, ["list", "--lang", "ky", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["lang"] for r in rows} == {"ky"}
    assert {"msgid": "CSTO", "msgstr": "ЖККУ"}.items() <= next(
        r for r in rows if r["msgid"] == "CSTO"
    ).items()


def test_add_then_remove_a_term_in_both_languages(folder):
    result = runner.invoke(
        glossary_app,
        ["add", "Tokmok", "--ru", "Токмок", "--ky", "Токмок", "--context", "place", "--note", "A town."],
    )
    assert result.exit_code == 0, result.output
    glossary = load_glossary(folder)
    assert glossary.get("Tokmok", "place").rendering("ky") == "Токмок"
    assert "A town." in glossary.entries("ru")[-1].notes
    result = runner.invoke(glossary_app, ["remove", "Tokmok", "--context", "place"])
    assert result.exit_code == 0 and load_glossary(folder).get("Tokmok") is None


def test_add_without_rendering_is_a_usage_error(folder):
    result = runner.invoke(glossary_app, ["add", "Osh"])
    assert result.exit_code == 2 and "Error:" in result.output


def test_add_keep_marks_read_only(folder):
    assert runner.invoke(glossary_app, ["add", "Kaspersky", "--keep"]).exit_code == 0
    term = load_glossary(folder).get("Kaspersky")
    assert term.keep and term.rendering("ru") == "Kaspersky"


def test_remove_unknown_term_fails_with_one_line(folder):
    result = runner.invoke(glossary_app, ["remove", "Atlantis"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: 'Atlantis' is not in the glossary"


def test_lint_exit_status_follows_errors(folder, tmp_path):
    assert runner.invoke(glossary_app, ["lint"]).exit_code == 0
    bad = tmp_path / "ru.po"
    bad.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "A"\nmsgstr "А"\n\nmsgid "A"\nmsgstr "Б"\n',
        encoding="utf-8",
    )
    result = runner.invoke(glossary_app, ["lint", str(bad), "--json"])
    assert result.exit_code == 1
    assert any(f["code"] == "duplicate" and f["line"] == 8 for f in json.loads(result.stdout))


def test_check_prints_term_accuracy(folder, tmp_path):
    source = tmp_path / "src.txt"
    source.write_text("Putin visited Bishkek and the CSTO.", encoding="utf-8")
    target = tmp_path / "ru.txt"
    target.write_text("Путин посетил Бишкек и КСТО.", encoding="utf-8")
    result = runner.invoke(glossary_app, ["check", str(source), str(target), "--lang", "ru", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["accuracy"] == pytest.approx(2 / 3)
    assert [t["match"] for t in data["terms"]] == ["exact", "exact", "missing"]


def test_extract_writes_a_po_file(folder, tmp_path):
    out = tmp_path / "candidates.po"
    result = runner.invoke(glossary_app, ["extract", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    msgids = [e.msgid for e in polib.pofile(str(out))]
    assert "Kyrgyz" in msgids and "Kyrgyzstan" not in msgids


def test_seed_dry_run_writes_nothing(folder):
    before = (folder / "ru.po").read_text("utf-8")
    result = runner.invoke(glossary_app, ["seed", "--lang", "ru", "--dry-run", "--json"])
    assert result.exit_code == 0
    added = {a["msgid"]: a["msgstr"] for a in json.loads(result.stdout)["added"]}
    assert added["Germany"] == "Германия" and "Kyrgyzstan" not in added
    assert (folder / "ru.po").read_text("utf-8") == before


def test_broken_glossary_gives_an_error_line(folder):
    (folder / "ru.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "A"\nmsgstr "А"\n\nmsgid "A"\nmsgstr "Б"\n',
        encoding="utf-8",
    )
    result = runner.invoke(glossary_app, ["list"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "ru.po:8" in result.output
