"""Reading article text whatever its encoding, and writing files atomically.

Newsroom files come as UTF-8, UTF-8 with BOM, UTF-16 (Word's "Unicode text") and
Windows-1251 (older Russian-language tools). :func:`decode_text` tells them apart and
refuses empty and binary input with one clear line.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from newsl10n.errors import InputError
from newsl10n.i18n import _

__all__ = ["atomic_open", "atomic_write", "decode_text", "default_mode", "read_text"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes, name: str | None = None) -> str:
    """Decode the bytes of a text file: BOM, UTF-8, BOM-less UTF-16, then Windows-1251.

    Line endings are normalised to ``\\n``.

    Raises:
        InputError: The data is empty, binary, or in none of the supported encodings.
    """
    text = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(_("the text is empty"), name)
    if _looks_binary(text):
        raise InputError(_("this looks like a binary file, not text"), name)
    return text


def _decode(data: bytes, name: str | None) -> str:
    if not data.strip():
        raise InputError(_("the text is empty"), name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    _("invalid {encoding} text after its byte order mark").format(encoding=encoding.upper()),
                    name,
                ) from None
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise InputError(_("this looks like a binary file, not text"), name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    cp1251 = data.decode("cp1251", errors="replace")
    if _plausible_cyrillic(cp1251):
        return cp1251
    raise InputError(_("cannot decode the text: it is not UTF-8, UTF-16 or Windows-1251"), name)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII or Cyrillic text shows NULs or 0x04 in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for high, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        share = sum(1 for b in high if b in (0, 4)) / len(high)
        if share > 0.9:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _plausible_cyrillic(text: str) -> bool:
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii or "\ufffd" in text:
        return False
    cyrillic = sum(1 for c in non_ascii if "\u0400" <= c <= "\u04ff")
    if cyrillic / len(non_ascii) < 0.8:
        return False
    # Latin-1 text read as cp1251 ("naïve" -> "naпve") mixes scripts inside words.
    words = [w for w in re.findall(r"[^\W\d_]+", text) if re.search("[\u0400-\u04ff]", w)]
    mixed = sum(1 for w in words if re.search("[A-Za-z]", w))
    return mixed <= len(words) * 0.2


def _looks_binary(text: str) -> bool:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\t\f\v")
    return "\x00" in text or controls > max(2, len(text) // 100)


def read_text(path: str | Path) -> str:
    """Read and decode the text file at ``path`` (``"-"`` reads standard input).

    Raises:
        InputError: The file is missing, unreadable, empty, binary or undecodable.
    """
    import sys

    if str(path) == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>")
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(_("no such file"), path) from None
    except IsADirectoryError:
        raise InputError(_("is a directory, not a text file"), path) from None
    except OSError as exc:
        raise InputError(exc.strerror or _("cannot read the file"), path) from None
    return decode_text(data, str(path))


@contextmanager
def atomic_open(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one step.

    Text modes write UTF-8 with ``\\n`` line endings. On error the temporary file is removed
    and ``path`` is left as it was.

    Raises:
        ValueError: ``mode`` is not ``"w"``, ``"wt"`` or ``"wb"``: appending or reading
            would start from an empty temporary file, and replacing ``path`` with it would
            lose its content.
    """
    if mode not in ("w", "wt", "wb"):
        raise ValueError(f"atomic_open writes a whole new file: mode must be 'w', 'wt' or 'wb', not {mode!r}")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, _mode_for(target))
        text = "b" not in mode
        with os.fdopen(
            fd, mode, encoding="utf-8" if text else None, newline="\n" if text else None
        ) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The mode of the file being replaced, else a new file's mode under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return default_mode()


def default_mode(directory: bool = False) -> int:
    """The mode a new file (or folder) gets under the current umask."""
    return (0o777 if directory else 0o666) & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where Linux shows it.

    Setting it to read it (``os.umask``) leaves a moment in which a file created by another
    thread gets mode 0666; ``/proc/self/status`` has it since Linux 4.7.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o077)  # the safe side for that moment
    os.umask(umask)
    return umask


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w") as handle:
        handle.write(data)
