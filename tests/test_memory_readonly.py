"""Reading a translation memory never writes: not the database, not SQLite's side files.

``memory stats`` and ``memory export`` open the memory read-only. A WAL database opened
read-only needs SQLite's ``-shm``/``-wal`` files; in a folder that cannot be written they
cannot be created, which used to fail with "attempt to write a readonly database".
Root ignores file permissions, so the read-only folder is real for other users and, for
root, stood for by ``os.access`` answering no (what it answers other users).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli.memory import memory_app
from newsl10n.errors import MemoryStoreError
from newsl10n.translation.memory import MemoryEntry, MemoryKey, TranslationMemory

runner = CliRunner()
KEY = MemoryKey("fake", "fake", "en", "ru", "", "Hello")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def memory(tmp_path: Path) -> Path:
    path = tmp_path / "tm" / "memory.sqlite3"
    with TranslationMemory.open(path) as tm:
        tm.store([MemoryEntry(KEY, "Привет")])
    assert sorted(p.name for p in path.parent.iterdir()) == ["memory.sqlite3"]
    return path


@contextmanager
def made_read_only(memory: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The memory's file and folder read-only for the duration (see the module docstring)."""
    folder = memory.parent
    memory.chmod(0o444)
    folder.chmod(0o555)
    if os.geteuid() == 0:
        real_access = os.access

        def access(path, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
            if mode & os.W_OK and Path(path).resolve() == folder.resolve():
                return False
            return real_access(path, mode, *args, **kwargs)

        monkeypatch.setattr(os, "access", access)
    try:
        yield memory
    finally:
        folder.chmod(0o755)
        memory.chmod(0o644)


@pytest.fixture
def read_only_folder(memory: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with made_read_only(memory, monkeypatch) as path:
        yield path


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def test_readonly_open_in_a_read_only_folder_reads_and_writes_nothing(read_only_folder):
    before = digest(read_only_folder)
    with TranslationMemory.open(read_only_folder, readonly=True) as tm:
        assert tm.lookup([KEY]) == ["Привет"]
        assert tm.stats().segments == 1
        assert side_files(read_only_folder) == []
    assert digest(read_only_folder) == before and side_files(read_only_folder) == []


def test_an_empty_wal_left_beside_it_does_not_stop_a_read_only_open(memory, monkeypatch):
    wal = memory.with_name(memory.name + "-wal")
    wal.touch()
    with made_read_only(memory, monkeypatch) as path:
        with TranslationMemory.open(path, readonly=True) as tm:
            assert tm.lookup([KEY]) == ["Привет"]
        assert side_files(path) == ["memory.sqlite3-wal"] and wal.stat().st_size == 0


def test_readonly_memory_refuses_to_store(read_only_folder):
    with (
        TranslationMemory.open(read_only_folder, readonly=True) as tm,
        pytest.raises(MemoryStoreError, match="read-only"),
    ):
        tm.store([MemoryEntry(KEY, "Здравствуйте")])


@pytest.mark.parametrize("command", ["stats", "export"])
def test_read_commands_work_on_a_read_only_folder(read_only_folder, tmp_path, command):
    before = digest(read_only_folder)
    args = ["stats", "--json"] if command == "stats" else ["export", str(tmp_path / "out.tmx"), "--json"]
    result = runner.invoke(memory_app, [*args, "--memory", str(read_only_folder)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["segments"] == 1
    assert digest(read_only_folder) == before and side_files(read_only_folder) == []


def test_read_commands_leave_a_read_only_database_file_unchanged(memory, tmp_path):
    memory.chmod(0o444)
    before = (digest(memory), memory.stat().st_mtime_ns)
    for args in (["stats"], ["export", str(tmp_path / "out.tmx")]):
        result = runner.invoke(memory_app, [*args, "--memory", str(memory)])
        assert result.exit_code == 0, result.output
    assert (digest(memory), memory.stat().st_mtime_ns) == before
    memory.chmod(0o644)


def test_readonly_open_of_a_missing_memory_creates_nothing(tmp_path):
    path = tmp_path / "none" / "memory.sqlite3"
    with TranslationMemory.open(path, readonly=True) as tm:
        assert tm.lookup([KEY]) == [None] and tm.stats().segments == 0
    assert not path.parent.exists()


def test_a_writer_keeps_its_wal_so_a_reader_beside_it_sees_its_writes(memory):
    """With a writer open the folder is in use: the reader takes the normal read-only path."""
    with TranslationMemory.open(memory) as writer:
        writer.store([MemoryEntry(MemoryKey("fake", "fake", "en", "ru", "", "Bye"), "Пока")])
        with TranslationMemory.open(memory, readonly=True) as reader:
            assert reader.lookup([KEY, MemoryKey("fake", "fake", "en", "ru", "", "Bye")]) == [
                "Привет",
                "Пока",
            ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_writable_open_of_a_read_only_database_is_one_clear_error(memory):
    memory.chmod(0o444)
    memory.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(MemoryStoreError, match=r"memory\.sqlite3"), TranslationMemory.open(memory) as tm:
            tm.store([MemoryEntry(KEY, "Здравствуйте")])
    finally:
        memory.parent.chmod(0o755)
        memory.chmod(0o644)
