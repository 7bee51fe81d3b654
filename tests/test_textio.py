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
