"""A target that is the article's own language is its source text, not an error (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app
from newsl10n.errors import LanguageError
from newsl10n.files import translate_files
from newsl10n.pipeline import translate_article
from newsl10n.translation.fake import FakeTranslator

RUSSIAN = "Парламент Кыргызстана ратифицировал соглашение с Россией. Депутаты проголосовали единогласно."
ENGLISH = "The parliament of Kyrgyzstan ratified the agreement with Russia. The vote was unanimous."


def test_a_detected_source_among_the_targets_is_copied_and_the_rest_translated():
    article = translate_article(RUSSIAN, ["ru", "ky", "en"], translator=FakeTranslator())
    assert article.source == "ru"
    assert article.targets == ["ky", "en"] and article.copies == ["ru"]
    assert set(article.engines) == {"ky", "en"}
    assert article.segments[0].text["ky"].startswith("[ky]")
    assert article.to_dict()["copies"] == ["ru"]


def test_the_only_target_equal_to_the_detected_source_is_a_copy():
    article = translate_article(RUSSIAN, ["ru"], translator=FakeTranslator())
    assert article.targets == [] and article.copies == ["ru"]
    assert article.text("ru") == article.text(article.source)


def test_an_explicit_from_x_to_x_stays_an_error():
    with pytest.raises(LanguageError, match="is the source language"):
        translate_article(RUSSIAN, ["ru"], "ru", translator=FakeTranslator())


def test_a_mixed_batch_translates_every_article(tmp_path: Path):
    ru, en = tmp_path / "ru-story.txt", tmp_path / "en-story.txt"
    ru.write_text(RUSSIAN, encoding="utf-8")
    en.write_text(ENGLISH, encoding="utf-8")
    results = translate_files([ru, en], ["ru", "en"], tmp_path / "out", translator=FakeTranslator())
    assert [r.error for r in results] == [None, None]
    by_source = {r.article.source: r for r in results}
    assert by_source["ru"].article.targets == ["en"] and by_source["ru"].article.copies == ["ru"]
    assert by_source["en"].article.targets == ["ru"] and by_source["en"].article.copies == ["en"]
    for result in results:
        assert {f.name for f in result.out_dir.iterdir()} >= {"ru.txt", "en.txt", "alignment.json"}
    alignment = json.loads((by_source["ru"].out_dir / "alignment.json").read_text(encoding="utf-8"))
    assert alignment["copies"] == ["ru"] and alignment["targets"] == ["en"]


def test_the_cli_reports_the_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    story = tmp_path / "story.txt"
    story.write_text(RUSSIAN, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["translate", str(story), "--to", "ru,ky", "--engine", "fake", "--no-glossary", "--no-memory"]
    )
    assert result.exit_code == 0, result.output
    assert "ru -> ky" in result.stdout
    assert "already in ru" in result.stderr
    written = tmp_path / "translations" / "story" / "ru.txt"
    assert written.read_text(encoding="utf-8").startswith("Парламент")


def test_a_declared_source_that_contradicts_a_confident_detection_is_warned(caplog):
    with caplog.at_level("WARNING", logger="newsl10n.pipeline"):
        translate_article(RUSSIAN, ["ky"], "en", translator=FakeTranslator())
    assert any("reads as ru" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level("WARNING", logger="newsl10n.pipeline"):
        translate_article(RUSSIAN, ["ky"], "ru", translator=FakeTranslator())
    assert not [r for r in caplog.records if "reads as" in r.getMessage()]


def test_stdin_takes_a_name_and_out_dash_prints_one_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    html = "<p>The parliament of <b>Kyrgyzstan</b> met.</p>\n"
    args = [
        "translate",
        "-",
        "--to",
        "ru",
        "--engine",
        "fake",
        "--no-memory",
        "--no-glossary",
        "--from",
        "en",
    ]
    result = runner.invoke(app, [*args, "--name", "story.html"], input=html)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "translations" / "story"
    assert (folder / "ru.html").read_text(encoding="utf-8").startswith("<p>[ru] The parliament of <b>")
    result = runner.invoke(app, [*args, "--name", "story.html", "--out", "-"], input=html)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<p>[ru] The parliament of <b>Kyrgyzstan</b> met.</p>")
    result = runner.invoke(app, [*args[:3], "ru,ky", *args[4:], "--out", "-"], input=html)
    assert result.exit_code == 2 and "one article in one target" in result.stderr
