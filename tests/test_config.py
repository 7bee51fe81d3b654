"""The project configuration newsl10n.toml: found, checked, and used as the commands' defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app
from newsl10n.config import find_config, load_config
from newsl10n.errors import ConfigError

DESK = """\
targets = ["ru", "ky"]
expect = "en,ru,ky"
glossary = "desk-glossary"
memory = "tm.sqlite3"

[engine]
name = "fake"
beam_size = 4
terms = "mask"
"""


def write(folder: Path, text: str, name: str = "newsl10n.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_nearest_file_above_the_folder_wins_then_the_users(tmp_path: Path):
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    user = write(tmp_path / "xdg" / "newsl10n", "targets = ['ky']\n")
    deep = tmp_path / "desk" / "2026" / "12"
    deep.mkdir(parents=True)
    assert find_config(deep, env) == user
    desk = write(tmp_path / "desk", DESK)
    assert find_config(deep, env) == desk
    assert find_config(deep, {**env, "NEWSL10N_CONFIG": "/elsewhere.toml"}) == Path("/elsewhere.toml")
    assert find_config(tmp_path / "nowhere", {}) is None


def test_settings_are_checked_and_paths_resolved_against_the_file(tmp_path: Path):
    config = load_config(write(tmp_path, DESK))
    assert config.targets == ("ru", "ky") and config.expect == ("en", "ru", "ky")
    assert config.glossary == tmp_path / "desk-glossary" and config.memory == tmp_path / "tm.sqlite3"
    defaults = config.defaults()
    assert defaults["translate"]["to"] == ["ru", "ky"]
    assert defaults["translate"]["engine"] == "fake" and defaults["translate"]["terms_mode"] == "mask"
    assert defaults["translate"]["memory_path"] == str(tmp_path / "tm.sqlite3")
    assert defaults["detect"] == {"expect": ["en", "ru", "ky"]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("targets = [ru\n", "newsl10n.toml:1: invalid TOML"),
        ("target = ['ru']\n", "unknown setting 'target'"),
        ("targets = ['xx']\n", "unknown language code 'xx'"),
        ("targets = 5\n", "'targets' must be a list of language codes"),
        ("[engine]\nname = 'google'\n", "'engine.name' must be one of: argos, fake"),
        ("[engine]\nbeam_size = 0\n", "'engine.beam_size' must be a whole number from 1 to 16"),
        ("[engine]\nspeed = 1\n", "unknown setting 'engine.speed'"),
        ("engine = 'fake'\n", "'engine' must be a table"),
        ("glossary = ''\n", "'glossary' must be a path"),
        ("format = 'docx'\n", "'format' must be one of: auto, text, html, markdown"),
    ],
)
def test_a_bad_file_is_one_clear_error(tmp_path: Path, text: str, message: str):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_binary_and_missing_files_are_refused(tmp_path: Path):
    binary = tmp_path / "newsl10n.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(binary)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")


def test_the_command_line_takes_its_defaults_from_the_file_and_its_options_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "targets = ['ky']\n[engine]\nname = 'fake'\n")
    (tmp_path / "a.txt").write_text("The parliament met on Monday.", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["translate", "a.txt", "--no-memory", "--no-glossary"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "translations" / "a" / "ky.txt").read_text(encoding="utf-8").startswith("[ky]")
    result = runner.invoke(app, ["translate", "a.txt", "--to", "ru", "--no-memory", "--no-glossary"])
    assert result.exit_code == 0 and "en -> ru," in result.stdout
    result = runner.invoke(app, ["--no-config", "translate", "a.txt", "--no-memory"])
    assert result.exit_code == 2  # --to is required again


def test_a_bad_configuration_stops_every_command_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "expect = ['ky']\ntargets = ['ky' 'ru']\n")
    result = CliRunner().invoke(app, ["detect", "--text", "Салам"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "newsl10n.toml:2: invalid TOML" in result.stderr
    other = write(tmp_path / "cfg", "expect = ['ru', 'ky']\n", "desk.toml")
    result = CliRunner().invoke(app, ["--config", str(other), "detect", "--text", "Кыргызстан", "--json"])
    assert result.exit_code == 0, result.output


def test_the_file_sets_the_articles_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "targets = ['ky']\nformat = 'markdown'\n[engine]\nname = 'fake'\n")
    assert load_config(tmp_path / "newsl10n.toml").format == "markdown"
    # A .txt file read as Markdown: the version keeps its emphasis markers around the words.
    (tmp_path / "post.txt").write_text("The **parliament** met on Monday.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["translate", "post.txt", "--no-memory", "--no-glossary", "--json"])
    assert result.exit_code == 0, result.output
    assert '"format": "markdown"' in result.stdout
    result = runner.invoke(app, ["translate", "post.txt", "--format", "text", "--no-memory", "--no-glossary"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "translations" / "post" / "ky.txt").exists()
