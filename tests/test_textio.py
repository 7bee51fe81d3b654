"""Reading article text in the encodings newsrooms produce, and atomic writes."""

from __future__ import annotations

import pytest

from newsl10n.errors import InputError
from newsl10n.textio import atomic_open, atomic_write, decode_text, read_text

RUSSIAN = "Президент Садыр Жапаров заявил, что ОДКБ (CSTO) остаётся важным союзом.\nВторая строка.\n"
KYRGYZ = "Өкмөт башчы Бишкекте маалымат берди: үй-бүлөлөргө жардам көрсөтүлөт.\n"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1251"]
)
def test_russian_text_decodes_from_every_newsroom_encoding(encoding):
    assert decode_text(RUSSIAN.encode(encoding)) == RUSSIAN


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_kyrgyz_letters_survive(encoding):
    assert decode_text(KYRGYZ.encode(encoding)) == KYRGYZ


def test_windows_line_endings_become_newlines():
    assert decode_text(b"one\r\ntwo\rthree") == "one\ntwo\nthree"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        ("\ufeff".encode("utf-8"), "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("naïve café résumé".encode("latin-1"), "cannot decode"),
    ],
)
def test_bad_input_is_refused_with_one_line(data, message):
    with pytest.raises(InputError) as info:
        decode_text(data, "article.txt")
    text = str(info.value)
    assert message in text and "article.txt" in text and "\n" not in text


def test_read_text_reports_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    atomic_write(target, "first\n")
    atomic_write(target, "второй\n")
    assert target.read_text(encoding="utf-8") == "второй\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_atomic_open_leaves_previous_content_on_failure(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    atomic_write(target, "kept\n")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "kept\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_atomic_files_get_normal_permissions(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.mo"
        atomic_write(fresh, b"data")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "kept.po"
        kept.write_text("x")
        kept.chmod(0o640)
        atomic_write(kept, "y")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_atomic_write_never_renames_over_a_fifo_or_a_folder(tmp_path) -> None:
    import os
    import stat

    from newsl10n.textio import atomic_write

    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        atomic_write(fifo, "text\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(OSError, match="folder"):
        atomic_write(folder, "text\n")
    assert folder.is_dir() and sorted(p.name for p in tmp_path.iterdir()) == ["folder", "pipe"]


def test_atomic_write_writes_through_a_symlink(tmp_path) -> None:
    from newsl10n.textio import atomic_write

    real = tmp_path / "real.po"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.po"
    link.symlink_to(real)
    atomic_write(link, "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"


def test_the_cli_writing_into_a_fifo_is_one_error_line(tmp_path) -> None:
    import os
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    article.write_text(
        "Sadyr Japarov met Vladimir Putin in Bishkek. They spoke about CSTO.\n", encoding="utf-8"
    )
    fifo = tmp_path / "out.po"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "newsl10n", "glossary", "extract", str(article), "-o", str(fifo)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("Error: ") and "Traceback" not in done.stderr
    assert "not a regular file" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_an_endless_or_huge_source_is_refused_not_read_forever(monkeypatch) -> None:
    import io

    from newsl10n import textio
    from newsl10n.errors import InputError

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            return "Новости ".encode() * (max(size, 8) // 15 + 1)

    monkeypatch.setattr(textio, "MAX_TEXT_BYTES", 4 * 1024**2)
    with pytest.raises(InputError, match="larger than 4 MiB"):
        textio._read_bounded(Endless(), "endless")


def test_dev_zero_is_refused_at_once_by_the_command_line(tmp_path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "newsl10n", "detect", "/dev/zero"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert (
        done.returncode == 1
        and done.stderr.strip() == "Error: /dev/zero: this looks like a binary file, not text"
    )
