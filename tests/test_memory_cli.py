"""``newsl10n memory stats | export | import | clear`` through Typer's CliRunner."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli.memory import memory_app
from newsl10n.parallel.tmx import TranslationUnit, read_tmx, write_tmx
from newsl10n.translation.memory import MemoryEntry, MemoryKey, TranslationMemory

runner = CliRunner()


@pytest.fixture(autouse=True)
def memory_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The memory the commands use by default (home and XDG are isolated by conftest)."""
    path = tmp_path / "memory" / "tm.sqlite3"
    monkeypatch.setenv("NEWSL10N_MEMORY", str(path))
    return path


def fill(path: Path) -> None:
    with TranslationMemory.open(path) as tm:
        tm.store(
            [
                MemoryEntry(MemoryKey("argos", "m@1", "en", "ru", "", "One."), "Один."),
                MemoryEntry(MemoryKey("argos", "m@1", "en", "ru", "", "Two."), "Два."),
                MemoryEntry(MemoryKey("argos", "m@1", "en", "ky", "", "One."), "Бир."),
                MemoryEntry(MemoryKey("", "", "en", "ru", "", "Three."), "Три.", "human"),
            ]
        )


def cat_tool_tmx(path: Path) -> Path:
    data = io.BytesIO()
    write_tmx(
        data,
        [
            TranslationUnit({"en-GB": "One.", "ru-RU": "Один (ред.)."}),
            TranslationUnit({"en-GB": "Four.", "ru-RU": "Четыре."}),
        ],
        "en-GB",
    )
    path.write_bytes(data.getvalue())
    return path


def stats_json() -> dict:
    result = runner.invoke(memory_app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_stats_of_a_missing_memory_creates_nothing(memory_path: Path) -> None:
    data = stats_json()
    assert data["exists"] is False and data["segments"] == 0
    assert data["path"] == str(memory_path)
    assert not memory_path.parent.exists()
    result = runner.invoke(memory_app, ["stats"])
    assert result.exit_code == 0 and "not created yet" in result.stdout


def test_stats_counts_segments(memory_path: Path) -> None:
    fill(memory_path)
    data = stats_json()
    assert data["segments"] == 4
    assert data["by_origin"] == {"human": 1, "machine": 3}
    assert data["by_pair"] == {"en-ky": 1, "en-ru": 3}
    text = runner.invoke(memory_app, ["stats"]).stdout
    assert "4 segments: 1 human, 3 machine" in text and "argos/m@1" in text


def test_export_writes_tmx_of_the_chosen_pair(memory_path: Path, tmp_path: Path) -> None:
    fill(memory_path)
    out = tmp_path / "out" / "en-ru.tmx"
    result = runner.invoke(memory_app, ["export", str(out), "--src", "en", "--tgt", "RU", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["segments"] == 3
    with out.open("rb") as fp:
        document = read_tmx(fp)
    assert document.srclang == "en"
    assert sorted(u.variants["ru"] for u in document.units) == ["Два.", "Один.", "Три."]
    assert [p.name for p in out.parent.iterdir()] == ["en-ru.tmx"]


def test_import_gives_human_segments_precedence(memory_path: Path, tmp_path: Path) -> None:
    fill(memory_path)
    tmx = cat_tool_tmx(tmp_path / "cat.tmx")
    result = runner.invoke(memory_app, ["import", str(tmx)])
    assert result.exit_code == 0, result.output
    assert "2 segments added or changed" in result.stdout
    with TranslationMemory.open(memory_path, readonly=True) as tm:
        found = tm.lookup([MemoryKey("argos", "m@1", "en", "ru", "", s) for s in ("One.", "Four.", "Two.")])
    assert found == ["Один (ред.).", "Четыре.", "Два."]
    assert stats_json()["by_origin"] == {"human": 3, "machine": 3}


def test_import_as_machine_without_engine_adds_nothing(memory_path: Path, tmp_path: Path) -> None:
    tmx = cat_tool_tmx(tmp_path / "cat.tmx")
    result = runner.invoke(memory_app, ["import", str(tmx), "--origin", "machine", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["segments"] == 0


def test_clear_asks_first_then_deletes(memory_path: Path) -> None:
    fill(memory_path)
    refused = runner.invoke(memory_app, ["clear"], input="n\n")
    assert refused.exit_code == 1 and stats_json()["segments"] == 4
    result = runner.invoke(memory_app, ["clear", "--origin", "machine", "--yes", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["deleted"] == 3
    assert stats_json()["by_origin"] == {"human": 1}
    result = runner.invoke(memory_app, ["clear"], input="y\n")
    assert result.exit_code == 0 and "Deleted 1 segment" in result.stdout
    assert stats_json()["segments"] == 0


def test_clear_of_a_missing_memory_creates_nothing(memory_path: Path) -> None:
    result = runner.invoke(memory_app, ["clear", "-y"])
    assert result.exit_code == 0 and "Deleted 0 segments" in result.stdout
    assert not memory_path.parent.exists()


def test_memory_option_overrides_environment(memory_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    fill(other)
    result = runner.invoke(memory_app, ["stats", "--json", "--memory", str(other)])
    assert json.loads(result.stdout)["segments"] == 4
    assert not memory_path.exists()


def test_corrupt_memory_is_one_error_line(memory_path: Path) -> None:
    memory_path.parent.mkdir(parents=True)
    memory_path.write_bytes(b"\x00garbage" * 512)
    result = runner.invoke(memory_app, ["stats"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and str(memory_path) in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["import", "{tmp}/missing.tmx"],
        ["import", "{tmp}/bad.tmx"],
        ["export", "{tmp}/x.tmx", "--src", "xx-1"],
    ],
)
def test_bad_input_exits_1_with_an_error(tmp_path: Path, memory_path: Path, args: list[str]) -> None:
    (tmp_path / "bad.tmx").write_text("<not-tmx/>")
    result = runner.invoke(memory_app, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert not memory_path.exists()


def test_bad_option_exits_2(tmp_path: Path) -> None:
    tmx = cat_tool_tmx(tmp_path / "cat.tmx")
    result = runner.invoke(memory_app, ["import", str(tmx), "--origin", "robot"])
    assert result.exit_code == 2
