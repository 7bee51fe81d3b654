"""``newsl10n detect`` on several inputs (issue 11): files, stdin, --text, --expect, --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


def test_cli_detects_files_texts_and_stdin_one_line_each(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ru = tmp_path / "ru.txt"
    ru.write_text("Парламент Кыргызстана ратифицировал соглашение с Россией.", encoding="utf-8")
    result = run(
        "detect",
        str(ru),
        "-",
        "--text",
        "Sadyr Japarov invites Vladimir Putin to visit Kyrgyzstan",
        "--text",
        "Бишкекте жаңы мектептин курулушу быйыл күзүндө аяктайт.",
        input="Kyrgyzstan, Tajikistan sign border treaty",
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"{ru}: ru (")
    assert lines[1].startswith("-: en (")
    assert lines[2].startswith("text 1: en (") and lines[3].startswith("text 2: ky (")
    assert all(line.endswith(")") for line in lines)


def test_cli_reports_each_failed_file_and_goes_on(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.txt"
    good.write_text("Oil prices fell sharply on Monday after the report.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("detect", str(tmp_path / "missing.txt"), str(good), str(empty))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [line for line in result.stdout.splitlines() if "good.txt" in line]
    assert len(result.stdout.splitlines()) == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 2 and "missing.txt" in errors[0] and "empty.txt" in errors[1]


def test_cli_json_is_a_list_with_errors_in_place(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("detect", str(tmp_path / "missing.txt"), "--text", "Japarov meets Tokayev", "--json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [row["input"] for row in rows] == [str(tmp_path / "missing.txt"), "text 1"]
    assert "missing.txt" in rows[0]["error"] and "language" not in rows[0]
    assert rows[1]["language"] == "en" and rows[1]["candidates"][0]["language"] == "en"


def test_cli_expect_and_quiet(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "detect", "--expect", "en,ru", "-e", "ky", "-q", "--text", "Kyrgyzstan, Tajikistan sign border treaty"
    )
    assert result.exit_code == 0 and result.stdout == "en\n"
    bad = run("detect", "--expect", "en,zz", "--text", "Hello there")
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: ") and "'zz'" in bad.stderr


def test_cli_without_input_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    result = run("detect")
    assert result.exit_code == 2 and "--text" in result.output


def test_the_speed_bench_builds_its_commands() -> None:
    import importlib.util
    import sys

    path = Path(__file__).resolve().parents[1] / "bench" / "detect_speed.py"
    spec = importlib.util.spec_from_file_location("detect_speed", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    args, feed = bench.command("Бишкек", stdin=False, expect="en,ru,ky")
    assert args[1:] == ["-m", "newsl10n", "detect", "--expect", "en,ru,ky", "--text", "Бишкек"]
    assert args[0] == sys.executable and feed is None
    assert bench.command("Бишкек", stdin=True, expect=None)[0][-1] == "-"
    assert 1200 <= len(bench.article("ru")) < 1600
    assert set(bench.SAMPLES) >= {"ky", "ru", "en"}
