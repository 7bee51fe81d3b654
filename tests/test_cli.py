"""The command line end to end through typer's CliRunner, and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kant-air-defense.en.txt"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


def test_translate_with_the_fake_engine(run, tmp_path):
    result = run(
        "translate",
        str(SAMPLE),
        "--to",
        "ru",
        "--to",
        "ky",
        "--from",
        "en",
        "--engine",
        "fake",
        "--out",
        str(tmp_path),
        "--quiet",
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "kant-air-defense"
    assert sorted(p.name for p in out.iterdir()) == [
        "alignment.json",
        "en.txt",
        "kant-air-defense.tmx",
        "ky.txt",
        "review.html",
        "ru.txt",
    ]
    assert result.stdout == ""


def test_translate_json_summary(run, tmp_path):
    result = run(
        "translate", str(SAMPLE), "--to", "ru,ky", "--engine", "fake", "--out", str(tmp_path), "--json"
    )
    assert result.exit_code == 0
    summary = json.loads(result.stdout)["articles"][0]
    assert summary["source"] == "en" and summary["targets"] == ["ru", "ky"]
    assert summary["detection"]["language"] == "en"
    assert summary["segments"] == len(
        json.loads((tmp_path / "kant-air-defense" / "alignment.json").read_text())["segments"]
    )


def test_translate_reads_stdin(run, tmp_path):
    result = run(
        "translate",
        "-",
        "--to",
        "ru",
        "--from",
        "en",
        "--engine",
        "fake",
        "--out",
        str(tmp_path),
        "--quiet",
        input="Hello world. Second sentence.",
    )
    assert result.exit_code == 0
    assert (tmp_path / "stdin" / "ru.txt").read_text() == "[ru] Hello world. [ru] Second sentence.\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--to", "xx"], "unknown language code 'xx'"),
        (["--to", "en", "--from", "en"], "is the source language"),
        (["--to", "ru", "--from", "en", "--engine", "argos"], "newsl10n models install en ru"),
    ],
)
def test_translate_errors_are_one_line_exit_1(run, tmp_path, args, message):
    result = run(
        "translate",
        str(SAMPLE),
        "--out",
        str(tmp_path / "o"),
        "--quiet",
        "--models-dir",
        str(tmp_path / "none"),
        *args,
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not (tmp_path / "o" / "kant-air-defense").exists()


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\x00" * 20])
def test_bad_article_files_exit_1(run, tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run(
        "translate",
        str(bad),
        "--to",
        "ru",
        "--from",
        "en",
        "--engine",
        "fake",
        "--out",
        str(tmp_path / "o"),
        "--quiet",
    )
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert not (tmp_path / "o" / "bad").exists()


def test_bad_options_exit_2(run):
    assert run("translate").exit_code == 2
    assert run("translate", str(SAMPLE), "--to", "ru", "--beam-size", "0").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_detect(run, tmp_path):
    result = run("detect", str(SAMPLE), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["language"] == "en"
    ru = tmp_path / "ru.txt"
    ru.write_bytes("Парламент Кыргызстана ратифицировал соглашение с Россией.".encode("utf-16"))
    assert run("detect", str(ru), "-q").stdout.strip() == "ru"
    assert run("detect", str(tmp_path / "missing.txt")).exit_code == 1


def test_models_install_list_remove(run, argos_files, tmp_path):
    folder = str(tmp_path / "models")
    result = run("models", "install", str(argos_files[("en", "ru", "echo")]), "--models-dir", folder)
    assert result.exit_code == 0 and "translate-en_ru" in result.stdout
    run("models", "install", str(argos_files[("ru", "en", "echo")]), "--models-dir", folder)
    run("models", "install", str(argos_files[("en", "ky", "echo")]), "--models-dir", folder)
    listed = json.loads(run("models", "list", "--json", "--models-dir", folder).stdout)
    pairs = {(p["from"], p["to"]): p["route"] for p in listed["pairs"]}
    assert len(pairs[("ru", "ky")]) == 2 and len(pairs[("en", "ru")]) == 1
    assert run("models", "remove", "en", "ru", "--models-dir", folder).exit_code == 0
    again = run("models", "remove", "en", "ru", "--models-dir", folder)
    assert again.exit_code == 1 and "no model installed for en -> ru" in again.stderr


def test_models_install_refuses_non_argos_files(run, tmp_path):
    junk = tmp_path / "x.argosmodel"
    junk.write_text("hello")
    result = run("models", "install", str(junk), "--models-dir", str(tmp_path / "m"))
    assert result.exit_code == 1 and "not a zip archive" in result.stderr


def test_translate_with_real_models_end_to_end(run, argos_files, tmp_path):
    folder = str(tmp_path / "models")
    for key in [("en", "ru", "echo"), ("en", "ky", "echo")]:
        assert run("models", "install", str(argos_files[key]), "--models-dir", folder).exit_code == 0
    result = run(
        "translate",
        str(SAMPLE),
        "--to",
        "ru,ky",
        "--models-dir",
        folder,
        "--out",
        str(tmp_path / "out"),
        "--quiet",
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "kant-air-defense"
    assert (out / "ru.txt").read_text() == (out / "en.txt").read_text()


def test_console_entry_point_and_module(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "newsl10n", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.startswith("newsl10n ")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsl10n",
            "translate",
            str(tmp_path / "nope.txt"),
            "--to",
            "ru",
            "--engine",
            "fake",
            "--no-glossary",
        ],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 1 and proc.stderr.startswith("Error: ") and "Traceback" not in proc.stderr


def test_strict_fails_when_a_glossary_term_is_missing(run, tmp_path, monkeypatch):
    import re

    import newsl10n.translation.argos
    from newsl10n.glossary import enforce
    from newsl10n.translation.fake import FakeTranslator

    dropping = FakeTranslator(rule=lambda s, src, tgt: re.sub(r"\bNE\d+\b", "", s))
    monkeypatch.setattr(newsl10n.translation.argos, "open_translator", lambda *a, **k: dropping)
    glossary = str(Path(__file__).resolve().parents[1] / "glossary")
    args = [
        "translate",
        str(SAMPLE),
        "--to",
        "ru",
        "--from",
        "en",
        "--glossary",
        glossary,
        "--out",
        str(tmp_path / "out"),
        "--no-memory",
        "--quiet",
        "--strict",
        "--terms",
        "mask",  # the engine drops the placeholders
    ]
    assert run(*args).exit_code == 0  # repaired: nothing missing
    original = enforce.finish
    monkeypatch.setattr(
        enforce,
        "finish",
        lambda glossary, plan, outputs, translator, repair=True: original(
            glossary, plan, outputs, translator, repair=False
        ),
    )
    result = run(*args)
    assert result.exit_code == 1 and "glossary terms are missing" in result.stderr
    alignment = json.loads((tmp_path / "out" / "kant-air-defense" / "alignment.json").read_text())
    statuses = {t["status"] for s in alignment["segments"] for t in s.get("terms", {}).get("ru", [])}
    assert "missing" in statuses


# --------------------------------------------------------------------------- issue 8: errors


@pytest.mark.parametrize(
    "args",
    [
        ["translate", str(SAMPLE), "--to", "ru", "--engine", "nope"],
        ["catalog", "translate", ".", "--engine", "nope"],
    ],
)
def test_unknown_engine_is_a_usage_error(run, args):
    result = run(*args)
    assert result.exit_code == 2
    assert "Invalid value for '--engine': 'nope'; choose 'argos' or 'fake'" in result.stderr
    assert "translation" not in result.stderr and "*" not in result.stderr


def test_open_translator_rejects_an_unknown_engine_without_fake_pair_data():
    from newsl10n.cli._common import Engine
    from newsl10n.errors import ModelError, TranslationError
    from newsl10n.translation.argos import ENGINES, open_translator

    assert {e.value for e in Engine} == set(ENGINES)
    with pytest.raises(
        ModelError, match="unknown translation engine 'nope'; choose one of: argos, fake"
    ) as info:
        open_translator("nope")
    assert not isinstance(info.value, TranslationError)


def test_source_equal_to_target_is_a_language_error_not_a_missing_model(tmp_path):
    from newsl10n.errors import LanguageError, ModelNotInstalledError
    from newsl10n.translation.argos import ArgosTranslator

    translator = ArgosTranslator(tmp_path / "models")
    for call in (
        lambda: translator.translate_batch(["Hello."], "en", "en"),
        lambda: translator.translate_with_prefix([], None, "ky", "ky"),
        lambda: translator.route("ru", "ru"),
    ):
        with pytest.raises(LanguageError, match="is the source language") as info:
            call()
        assert not isinstance(info.value, ModelNotInstalledError)
    with pytest.raises(LanguageError) as info:
        translator.translate_batch(["Hello."], "en", "en")
    assert str(info.value) == "the target language 'en' is the source language"
    assert info.value.code == "en"


@pytest.mark.parametrize("args", [["--from", "en", "--to", "en"], ["--from", "en", "--to", "en,en"]])
def test_cli_does_not_suggest_installing_a_model_from_a_language_to_itself(run, tmp_path, args):
    result = run(
        "translate",
        str(SAMPLE),
        "--out",
        str(tmp_path / "o"),
        "--quiet",
        "--models-dir",
        str(tmp_path / "none"),
        *args,
    )
    assert result.exit_code == 1
    assert "the target language 'en' is the source language" in result.stderr
    assert "models install" not in result.stderr


def test_library_errors_carry_data_and_the_cli_adds_the_command_hint(run, tmp_path):
    from newsl10n.cli._common import hint_for
    from newsl10n.errors import ModelNotInstalledError

    error = ModelNotInstalledError("en", "ru", tmp_path / "m")
    assert str(error) == f"no model installed for en -> ru in {tmp_path / 'm'}"
    assert "models install" not in str(error) and "run " not in str(error)
    assert (error.src, error.tgt, error.models_dir) == ("en", "ru", str(tmp_path / "m"))
    assert hint_for(error) == (
        "run 'newsl10n models install en ru' or 'newsl10n models install FILE.argosmodel'"
    )
    assert hint_for(ModelNotInstalledError("en", "en")) is None
    result = run("models", "remove", "en", "ru", "--models-dir", str(tmp_path / "m"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {error}; {hint_for(error)}\n"
    translated = run(
        "translate",
        str(SAMPLE),
        "--to",
        "ru",
        "--from",
        "en",
        "--quiet",
        "--no-memory",
        "--models-dir",
        str(tmp_path / "m"),
        "--out",
        str(tmp_path / "o"),
    )
    assert translated.exit_code == 1
    assert translated.stderr == f"Error: {SAMPLE}: {error}; {hint_for(error)}\n"


# --------------------------------------------------------------------------- issue 8: help


def _all_commands():
    import typer.main

    def walk(command, path):
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    return list(walk(typer.main.get_command(app), []))


@pytest.mark.parametrize("path", _all_commands(), ids=lambda p: " ".join(p) or "newsl10n")
def test_help_shows_metavars_a_person_can_read(run, path):
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for internal in (
        "{",
        "}",
        "list[",
        "Path]",
        "int range",
        "<path>",
        "<str>",
        "<int>",
        "<file>",
        "<=x",
        "x>=",
    ):
        assert internal not in text, (internal, text)
    import re

    assert not re.search(r"(--[\w-]+|[A-Z]) <[a-z][a-z \[\]|]*>", text), text


@pytest.mark.parametrize(
    "path",
    [
        ["translate"],
        ["detect"],
        ["models", "install"],
        ["memory", "export"],
        ["catalog", "translate"],
        ["glossary", "add"],
    ],
)
def test_help_has_no_angle_brackets_at_all(run, path):
    text = run(*path, "--help").stdout
    assert "<" not in text and ">" not in text, text


def test_translate_help_names_its_values():
    result = CliRunner().invoke(app, ["translate", "--help"])
    flat = " ".join(result.stdout.split())
    for shown in (
        "Usage: newsl10n translate [OPTIONS] FILE...",
        "--out DIR",
        "--beam-size N",
        "--engine [argos|fake]",
        "--models-dir DIR",
        "--memory FILE",
        "--from LANG",
        "--glossary PATH",
        "[default: 2; 1 to 16]",
        "[default: 0; 0 or more]",
    ):
        assert shown in flat, shown


# --------------------------------------------------------------------------- issue 9


def test_a_huge_thread_count_is_bounded_and_translates(run, argos_files, tmp_path):
    folder = str(tmp_path / "models")
    assert (
        run("models", "install", str(argos_files[("en", "ru", "echo")]), "--models-dir", folder).exit_code
        == 0
    )
    result = run(
        "translate", str(SAMPLE), "--to", "ru", "--from", "en", "--models-dir", folder,
        "--threads", "100000", "--out", str(tmp_path / "out"), "--quiet", "--no-memory",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "kant-air-defense"
    assert (out / "ru.txt").read_text() == (out / "en.txt").read_text()


@pytest.mark.parametrize("args", [["--device", "gpu"], ["--threads", "-3"], ["--beam-size", "0"]])
def test_bad_engine_options_are_usage_errors(run, tmp_path, args):
    result = run("translate", str(SAMPLE), "--to", "ru", "--engine", "fake", "--out", str(tmp_path), *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "Usage:" in result.stderr
    assert not (tmp_path / "kant-air-defense").exists()


def test_dash_and_a_file_named_stdin_collide_before_any_work(run, tmp_path):
    (tmp_path / "stdin.txt").write_text("A text in a file. It has two sentences.\n", encoding="utf-8")
    result = run(
        "translate", "-", "stdin.txt", "--to", "ru", "--from", "en", "--engine", "fake",
        "--out", "out", "--no-memory", "--no-glossary", input="Text from a pipe. Two sentences.\n",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: - and stdin.txt would both be written to out/stdin; rename one or translate them"
        " with different --out folders"
    ]
    assert not (tmp_path / "out").exists()
