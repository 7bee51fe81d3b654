"""The translation memory store: keys, lookups, human precedence, errors and location."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsl10n.errors import MemoryStoreError
from newsl10n.translation.memory import (
    MemoryEntry,
    MemoryKey,
    TranslationMemory,
    default_memory_path,
    normalize_segment,
)


@pytest.fixture
def memory(tmp_path: Path):
    with TranslationMemory.open(tmp_path / "tm" / "memory.sqlite3") as tm:
        yield tm


def key(
    source: str,
    *,
    engine: str = "argos",
    model: str = "translate-en_ru@1.9",
    src: str = "en",
    tgt: str = "ru",
    fingerprint: str = "",
) -> MemoryKey:
    return MemoryKey(engine, model, src, tgt, fingerprint, source)


def test_store_then_lookup_returns_targets_in_key_order(memory: TranslationMemory) -> None:
    memory.store([MemoryEntry(key("One."), "Один."), MemoryEntry(key("Two."), "Два.")])
    assert memory.lookup([key("Two."), key("Three."), key("One.")]) == ["Два.", None, "Один."]


def test_lookup_of_more_keys_than_one_query_chunk(memory: TranslationMemory) -> None:
    entries = [MemoryEntry(key(f"Sentence {i}."), f"Предложение {i}.") for i in range(300)]
    memory.store(entries)
    keys = [entry.key for entry in reversed(entries)] + [key("Missing.")]
    assert memory.lookup(keys) == [entry.target for entry in reversed(entries)] + [None]


def test_source_is_keyed_in_nfc_with_whitespace_collapsed(memory: TranslationMemory) -> None:
    memory.store([MemoryEntry(key("Cafe\u0301  in\tBishkek "), "Кафе в Бишкеке")])
    assert memory.lookup([key("Caf\u00e9 in Bishkek")]) == ["Кафе в Бишкеке"]
    assert normalize_segment(" a \u00a0 b\n") == "a b"


@pytest.mark.parametrize(
    "field, value",
    [
        ("engine", "fake"),
        ("model", "translate-en_ru@2.0"),
        ("tgt", "ky"),
        ("fingerprint", "abc"),
    ],
)
def test_every_key_field_separates_machine_segments(
    memory: TranslationMemory, field: str, value: str
) -> None:
    memory.store([MemoryEntry(key("Hello."), "Привет.")])
    assert memory.lookup([key("Hello.", **{field: value})]) == [None]


def test_store_counts_only_added_or_changed_segments(memory: TranslationMemory) -> None:
    assert memory.store([MemoryEntry(key("A."), "А.")]) == 1
    assert memory.store([MemoryEntry(key("A."), "А.")]) == 0
    assert memory.store([MemoryEntry(key("A."), "А!"), MemoryEntry(key("B."), "Б.")]) == 2
    assert memory.lookup([key("A.")]) == ["А!"]


def test_machine_output_never_overwrites_a_human_segment(memory: TranslationMemory) -> None:
    memory.store([MemoryEntry(key("Kant."), "Кант (проверено).", "human")])
    assert memory.store([MemoryEntry(key("Kant."), "Кант.")]) == 0
    assert memory.lookup([key("Kant.")]) == ["Кант (проверено)."]
    assert memory.stats().by_origin == {"human": 1}


def test_human_segment_replaces_machine_output_with_the_same_key(memory: TranslationMemory) -> None:
    memory.store([MemoryEntry(key("Kant."), "Кант.")])
    assert memory.store([MemoryEntry(key("Kant."), "Кант.", "human")]) == 1
    assert memory.stats().by_origin == {"human": 1}


def test_human_segment_wins_whatever_engine_model_or_fingerprint(memory: TranslationMemory) -> None:
    memory.store(
        [
            MemoryEntry(key("Kant."), "Кант машинный."),
            MemoryEntry(key("Kant.", engine="", model=""), "Кант.", "human"),
        ]
    )
    wanted = [key("Kant."), key("Kant.", engine="fake", model="x", fingerprint="f1")]
    assert memory.lookup(wanted) == ["Кант.", "Кант."]
    # ...but only for its own language pair.
    assert memory.lookup([key("Kant.", tgt="ky"), key("Kant.", src="de")]) == [None, None]


def test_most_recent_human_segment_wins(memory: TranslationMemory) -> None:
    memory.store([MemoryEntry(key("Kant.", engine="a"), "Кант 1.", "human")])
    memory.store([MemoryEntry(key("Kant.", engine="b"), "Кант 2.", "human")])
    assert memory.lookup([key("Kant.")]) == ["Кант 2."]
    memory.store([MemoryEntry(key("Kant.", engine="a"), "Кант 3.", "human")])
    assert memory.lookup([key("Kant.")]) == ["Кант 3."]


def test_clear_by_origin_and_all(memory: TranslationMemory) -> None:
    memory.store(
        [MemoryEntry(key("A."), "А."), MemoryEntry(key("B."), "Б.", "human"), MemoryEntry(key("C."), "В.")]
    )
    assert memory.clear(origin="machine") == 2
    assert memory.lookup([key("A."), key("B.")]) == [None, "Б."]
    assert memory.clear() == 1
    assert memory.stats().segments == 0


def test_stats_counts_per_origin_pair_and_model(memory: TranslationMemory) -> None:
    memory.store(
        [
            MemoryEntry(key("A."), "А."),
            MemoryEntry(key("A.", tgt="ky"), "A.", "human"),
            MemoryEntry(key("B.", engine="", model="", tgt="ky"), "B.", "human"),
        ]
    )
    stats = memory.stats()
    assert stats.exists and stats.segments == 3 and stats.size_bytes > 0
    assert stats.by_origin == {"human": 2, "machine": 1}
    assert stats.by_pair == {"en-ky": 2, "en-ru": 1}
    assert stats.by_model == {"-": 1, "argos/translate-en_ru@1.9": 2}


def test_segments_survive_reopening_read_only(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    with TranslationMemory.open(path) as tm:
        tm.store([MemoryEntry(key("A."), "А.")])
    with TranslationMemory.open(path, readonly=True) as tm:
        assert tm.lookup([key("A.")]) == ["А."]
        with pytest.raises(MemoryStoreError, match="read-only"):
            tm.store([MemoryEntry(key("B."), "Б.")])


def test_read_only_open_of_a_missing_memory_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "absent" / "memory.sqlite3"
    with TranslationMemory.open(path, readonly=True) as tm:
        assert tm.lookup([key("A.")]) == [None]
        assert tm.stats().exists is False and tm.stats().segments == 0
        assert tm.clear() == 0
    assert not (tmp_path / "absent").exists()


def test_writable_open_creates_folder_and_wal_database(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "memory.sqlite3"
    TranslationMemory.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_closed_memory_refuses_use(tmp_path: Path) -> None:
    tm = TranslationMemory.open(tmp_path / "memory.sqlite3")
    tm.close()
    with pytest.raises(MemoryStoreError, match="closed"):
        tm.lookup([key("A.")])


@pytest.mark.parametrize("readonly", [False, True])
def test_corrupt_file_is_a_one_line_error(tmp_path: Path, readonly: bool) -> None:
    path = tmp_path / "memory.sqlite3"
    path.write_bytes(b"this is not SQLite\n" * 500)
    with pytest.raises(MemoryStoreError) as info:
        TranslationMemory.open(path, readonly=readonly)
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    assert path.read_bytes().startswith(b"this is not SQLite")


def test_someone_elses_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(MemoryStoreError, match="not a newsl10n translation memory"):
        TranslationMemory.open(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    TranslationMemory.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(MemoryStoreError, match="newer"):
        TranslationMemory.open(path)


def test_unwritable_location_is_a_memory_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(MemoryStoreError, match="cannot create folder"):
        TranslationMemory.open(blocker / "memory.sqlite3")


def test_default_path_follows_environment_at_call_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_memory_path() == tmp_path / "data" / "newsl10n" / "memory.sqlite3"
    monkeypatch.setenv("NEWSL10N_MEMORY", str(tmp_path / "mine.db"))
    assert default_memory_path() == tmp_path / "mine.db"
    monkeypatch.delenv("NEWSL10N_MEMORY")
    monkeypatch.setenv("XDG_DATA_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "another-home"))
    expected = tmp_path / "another-home" / ".local" / "share" / "newsl10n" / "memory.sqlite3"
    assert default_memory_path() == expected
    assert not (tmp_path / "another-home").exists()


def test_importing_the_cli_loads_neither_sqlite_nor_creates_files(tmp_path: Path) -> None:
    code = (
        "import sys, newsl10n.cli.memory; "
        "print('newsl10n.translation.memory' in sys.modules, 'sqlite3' in sys.modules)"
    )
    env = {
        "HOME": str(tmp_path / "fresh-home"),
        "XDG_DATA_HOME": str(tmp_path / "fresh-data"),
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "False"]
    assert not (tmp_path / "fresh-home").exists() and not (tmp_path / "fresh-data").exists()
