"""Reading article text whatever its encoding, and writing files atomically.

Newsroom files come as UTF-8, UTF-8 with BOM, UTF-16 (Word's "Unicode text") and the
legacy Cyrillic code pages: Windows-1251 (older Russian-language tools), KOI8-R (old
mail and Unix), CP866 (DOS), ISO-8859-5 and MacCyrillic. :func:`decode_text_report`
chooses among them on evidence and says what it chose:

1. A byte order mark decides (UTF-8, UTF-16, UTF-32); BOM-less UTF-16 shows NULs (or
   0x04, for Cyrillic) in every other byte.
2. Valid UTF-8 is UTF-8. UTF-8 with a few bad bytes (a damaged transfer, a cut-off last
   letter) stays UTF-8: each bad run becomes U+FFFD and a warning names its byte offset.
   Bad bytes are "a few" while they are at most one in :data:`_UTF8_DAMAGE_RATIO` of the
   valid multi-byte letters and there are at most :data:`_MAX_DAMAGE_RUNS` runs of them
   (a legacy code page read as UTF-8 is bad nearly everywhere).
3. Otherwise each legacy code page decodes the bytes and the decoded letters are scored
   as Russian/Kyrgyz/Kazakh text: letter frequencies, words in one case pattern
   (``Новости``, not ``оПЧПУФЙ``, which is how KOI8-R reads in Windows-1251), no
   symbols or foreign letters between letters. The best plausible reading wins if it
   is clearly better than the runner-up.

Text that none of this decodes with confidence (binary data, Latin-1, a file mixing two
encodings) is refused with one line (:class:`~newsl10n.errors.InputError`), never
decoded into mojibake. charset-normalizer was tried for step 3 and not used: on
headline-sized text it reads MacCyrillic as Windows-1251 (``Љурс доллара снизилсЯ``)
and ISO-8859-5 as Windows-1251 (``ЅЮТЮбвШ``), and it cannot keep a damaged UTF-8 file
UTF-8 while naming the bad offsets.
"""

from __future__ import annotations

import codecs
import errno
import logging
import math
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from newsl10n.errors import InputError
from newsl10n.i18n import _

__all__ = [
    "Decoded",
    "atomic_open",
    "atomic_write",
    "decode_text",
    "decode_text_report",
    "default_mode",
    "one_line",
    "read_text",
    "read_text_report",
]

logger = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

LEGACY_ENCODINGS = ("cp1251", "koi8-r", "cp866", "iso-8859-5", "mac-cyrillic")
"""The single-byte Cyrillic code pages :func:`decode_text` recognises, most common first."""

_UTF8_DAMAGE_RATIO = 10
_MAX_DAMAGE_WARNINGS = 10
_MAX_DAMAGE_RUNS = 1000
_UTF8_WINDOW = 65536
_SAMPLE_BYTES = 32768
_MARGIN = 3.0
"""Log-score (nats) by which the chosen code page must beat a reading that differs."""

# Share of each letter in Russian text, per mille (ё as written in news, mostly as е).
_RU_FREQ = dict(
    zip(
        "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
        (
            110,
            85,
            80,
            74,
            67,
            63,
            55,
            47,
            45,
            44,
            35,
            32,
            30,
            28,
            26,
            20,
            19,
            17,
            17,
            16,
            16,
            14,
            12,
            10,
            9,
            7,
            6,
            5,
            4,
            3,
            3,
            1,
            2,
        ),
    )
)
_LETTER_LOGP = {ch: math.log(f / 1000) for ch, f in _RU_FREQ.items()} | {
    ch: math.log(0.01)
    for ch in "ңөүәғқұһі"  # Kyrgyz and Kazakh letters, where a code page has them
}
_OTHER_CYRILLIC_LOGP = math.log(1e-4)  # Љ ђ Ѕ ...: in these code pages, but not in our languages
_OTHER_LETTER_LOGP = math.log(1e-5)  # Latin-1 letters, Greek: what the wrong code page reads
_TYPOGRAPHY = frozenset("«»„“”‘’‚—–…№•·§©®°±\u00a0\u00ad")
_DASHES = frozenset("—–")
_TYPOGRAPHY_LOGP = math.log(1e-2)
_SYMBOL_LOGP = math.log(1e-6)  # box drawing, mathematics, controls
_BAD_CASE_LOGP = math.log(1e-3)  # per word such as "оПЧПУФЙ"
_LOWER_START_LOGP = math.log(0.1)  # per sentence that starts in lower case: "«а первый"
_SENTENCE_ENDS = frozenset(".!?…\n")
_WORD = re.compile(r"[^\W\d_]+")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Decoded:
    """A decoded text file and how it was decoded, from :func:`decode_text_report`.

    Attributes:
        text: The text, line endings normalised to ``\\n``.
        encoding: The Python codec name it was read with (``"utf-8"``, ``"koi8-r"``...).
        warnings: One line for each thing that was wrong but not fatal, such as bad
            bytes in UTF-8 (with their byte offset), which became U+FFFD in ``text``.
    """

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_text(data: bytes, name: str | None = None) -> str:
    """Decode the bytes of a text file: BOM, UTF-8, BOM-less UTF-16, legacy Cyrillic code pages.

    The same as ``decode_text_report(data, name).text``; its warnings are logged (a
    warning on the ``newsl10n.textio`` logger, which the command line prints).
    Line endings are normalised to ``\\n``.

    Raises:
        InputError: The data is empty, binary, or in none of the supported encodings
            with confidence.
    """
    return decode_text_report(data, name).text


def decode_text_report(data: bytes, name: str | None = None) -> Decoded:
    """Decode the bytes of a text file and report the encoding chosen and any damage.

    See the module's documentation for how the encoding is chosen. Each warning is
    also logged on the ``newsl10n.textio`` logger.

    Args:
        data: The file's bytes.
        name: The file's name, for messages.

    Raises:
        InputError: The data is empty, binary, or in none of the supported encodings
            with confidence (one line).
    """
    text, encoding, warnings = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(_("the text is empty"), name)
    if _looks_binary(text):
        raise InputError(_("this looks like a binary file, not text"), name)
    for warning in warnings:
        logger.warning("%s", warning)
    return Decoded(text, encoding, tuple(warnings))


def _decode(data: bytes, name: str | None) -> tuple[str, str, list[str]]:
    if not data.strip():
        raise InputError(_("the text is empty"), name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, []
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
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data, name)
    if damaged is not None:
        return damaged[0], "utf-8", damaged[1]
    legacy = _legacy(data, name)
    if legacy is not None:
        return legacy, _legacy_encoding(data), []
    raise InputError(
        _(
            "cannot decode the text with confidence: it is not UTF-8, UTF-16 or a Cyrillic code page"
            " (Windows-1251, KOI8-R, CP866, ISO-8859-5, MacCyrillic), or it mixes encodings"
        ),
        name,
    )


def _bomless_utf16(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 without BOM: mostly-ASCII or Cyrillic text shows NULs or 0x04 in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for high, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        share = (high.count(0) + high.count(4)) / len(high)
        if share > 0.9:
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError:
                return None
    return None


def _damaged_utf8(data: bytes, name: str | None) -> tuple[str, list[str]] | None:
    """Decode UTF-8 with a few bad bytes, each run of them one warning; None if it has many.

    Linear: each step decodes a bounded window, from the last bad run to the next one.
    """
    view = memoryview(data)
    pieces: list[str] = []
    runs: list[list[int]] = []  # [offset, length] of each run of adjacent bad bytes
    pos = 0
    while pos < len(data):
        # A bounded window: an exception copies only it, not the rest of the file.
        window = view[pos : pos + _UTF8_WINDOW]
        final = pos + _UTF8_WINDOW >= len(data)
        try:
            text, used = codecs.utf_8_decode(window, "strict", final)
        except UnicodeDecodeError as exc:
            pieces.append(codecs.utf_8_decode(window[: exc.start], "strict", True)[0])
            pieces.append("\ufffd")
            start, end = pos + exc.start, pos + exc.end
            if runs and runs[-1][0] + runs[-1][1] == start:
                runs[-1][1] += end - start
            else:
                runs.append([start, end - start])
            if len(runs) > _MAX_DAMAGE_RUNS:
                return None
            pos = end
        else:
            pieces.append(text)
            pos += used
    text = "".join(pieces)
    bad = sum(length for _start, length in runs)
    letters = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if bad * _UTF8_DAMAGE_RATIO > letters:
        return None
    where = f"{name}: " if name else ""
    warnings = [
        where
        + _("invalid UTF-8 at byte offset {offset} ({count} bytes), replaced with U+FFFD").format(
            offset=start, count=length
        )
        for start, length in runs[:_MAX_DAMAGE_WARNINGS]
    ]
    if len(runs) > _MAX_DAMAGE_WARNINGS:
        more = len(runs) - _MAX_DAMAGE_WARNINGS
        warnings.append(where + _("{count} more runs of invalid UTF-8 bytes").format(count=more))
    return text, warnings


def _legacy_sample(data: bytes) -> bytes:
    """The bytes the code pages are judged on: all of a short file, three pieces of a long one."""
    if len(data) <= _SAMPLE_BYTES:
        return data
    third = _SAMPLE_BYTES // 3
    middle = (len(data) - third) // 2
    return b"\n".join((data[:third], data[middle : middle + third], data[-third:]))


def _legacy_encoding(data: bytes) -> str:
    return _ranked_code_pages(_legacy_sample(data))[0][1]


def _ranked_code_pages(sample: bytes) -> list[tuple[float, str, str]]:
    """Each code page that decodes ``sample``, as ``(score, encoding, text)``, best first."""
    ranked = []
    for encoding in LEGACY_ENCODINGS:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        ranked.append((_cyrillic_score(text), encoding, text))
    ranked.sort(key=lambda item: -item[0])
    return ranked


def _legacy(data: bytes, name: str | None) -> str | None:
    """Decode ``data`` with the code page whose reading looks most like our languages.

    None when no reading is plausible, when two readings are about as likely, or when
    parts of the file are clearly in different code pages.
    """
    sample = _legacy_sample(data)
    ranked = [item for item in _ranked_code_pages(sample) if _plausible_cyrillic(item[2])]
    if not ranked:
        return None
    score, encoding, text = ranked[0]
    rivals = [s for s, _enc, other in ranked[1:] if other != text]
    if rivals and score - rivals[0] < _MARGIN:
        logger.info("%s: %s and another code page are equally likely", name or "text", encoding)
        return None
    winners = {_confident_code_page(chunk) for chunk in _chunks(sample)} - {None}
    if len(winners) > 1:
        logger.info("%s: parts of the text are in %s", name or "text", ", ".join(sorted(map(str, winners))))
        return None
    try:
        decoded = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    logger.info("%s: read as %s", name or "text", encoding)
    return decoded


def _chunks(sample: bytes, size: int = 48) -> Iterator[bytes]:
    """Runs of whole lines of ``sample`` holding at least ``size`` non-ASCII bytes each."""
    chunk: list[bytes] = []
    high = 0
    for line in sample.split(b"\n"):
        chunk.append(line)
        high += len(line) - len(line.decode("latin-1").encode("ascii", "ignore"))
        if high >= size:
            yield b"\n".join(chunk)
            chunk, high = [], 0


def _confident_code_page(chunk: bytes) -> str | None:
    """The code page that clearly reads ``chunk`` best, if one does."""
    ranked = _ranked_code_pages(chunk)
    if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < _MARGIN):
        return None
    return ranked[0][1]


def _cyrillic_score(text: str) -> float:
    """Log-likelihood that ``text``'s non-ASCII characters are Russian/Kyrgyz/Kazakh letters."""
    score = 0.0
    last = len(text) - 1
    sentence_start = True
    for i, ch in enumerate(text):
        if ch in _SENTENCE_ENDS:
            sentence_start = True
        elif ch.isalnum():
            if sentence_start and ch.islower() and not ch.isascii():
                score += _LOWER_START_LOGP
            sentence_start = False
        if ord(ch) < 128:
            continue
        low = ch.lower()
        if low in _LETTER_LOGP:
            score += _LETTER_LOGP[low]
        elif ch.isalpha():
            score += _OTHER_CYRILLIC_LOGP if "\u0400" <= ch <= "\u04ff" else _OTHER_LETTER_LOGP
        elif ch in _TYPOGRAPHY and not _glued(
            ch, i > 0 and text[i - 1].isalpha(), i < last and text[i + 1].isalpha()
        ):
            score += _TYPOGRAPHY_LOGP
        else:
            score += _SYMBOL_LOGP
    for word in _WORD.findall(text):
        if not word.isascii() and not _one_case_pattern(word):
            score += _BAD_CASE_LOGP
    return score


def _glued(ch: str, letter_before: bool, letter_after: bool) -> bool:
    """A punctuation mark where typography never puts it: inside a word, a dash touching one."""
    if ch in _DASHES:
        return letter_before or letter_after
    return letter_before and letter_after


def _one_case_pattern(word: str) -> bool:
    """Capitals, then small letters: ``новости``, ``НОВОСТИ``, ``Новости``, ``ГЭСинин``, ``МВт``.

    A wrong code page swaps the cases of whole ranges of letters, so its words read
    small-then-capital (``оПЧПУФЙ``, KOI8-R read as Windows-1251).
    """
    rest = word.lstrip("".join(ch for ch in word if ch.isupper()))
    return rest == "" or rest.islower()


def _plausible_cyrillic(text: str) -> bool:
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii or "\ufffd" in text:
        return False
    cyrillic = sum(1 for c in non_ascii if c.lower() in _LETTER_LOGP)
    if cyrillic / len(non_ascii) < 0.8:
        return False
    # Latin-1 text read as cp1251 ("naïve" -> "naпve") mixes scripts inside words, and a
    # wrong code page mixes cases inside words ("оПЧПУФЙ").
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    mixed = sum(1 for w in words if re.search("[A-Za-z]", w) or not _one_case_pattern(w))
    return mixed <= len(words) * 0.2


def _looks_binary(text: str) -> bool:
    controls = len(_CONTROLS.findall(text, 0, 1_000_000))
    return "\x00" in text or controls > max(2, min(len(text), 1_000_000) // 100)


def read_text(path: str | Path) -> str:
    """Read and decode the text file at ``path`` (``"-"`` reads standard input).

    The same as ``read_text_report(path).text``: the encoding is chosen as
    :func:`decode_text` chooses it, and warnings (bad UTF-8 bytes and their offsets)
    are logged on the ``newsl10n.textio`` logger, which the command line prints.

    Raises:
        InputError: The file is missing, unreadable, empty, binary or undecodable.
    """
    return read_text_report(path).text


def read_text_report(path: str | Path) -> Decoded:
    """Read the text file at ``path`` like :func:`read_text`; return a :class:`Decoded` report.

    Raises:
        InputError: The file is missing, unreadable, empty, binary or undecodable.
    """
    import sys

    if str(path) == "-":
        return decode_text_report(_read_bounded(sys.stdin.buffer, "<stdin>"), "<stdin>")
    try:
        with open(path, "rb") as stream:
            data = _read_bounded(stream, path)
    except FileNotFoundError:
        raise InputError(_("no such file"), path) from None
    except IsADirectoryError:
        raise InputError(_("is a directory, not a text file"), path) from None
    except OSError as exc:
        raise InputError(exc.strerror or _("cannot read the file"), path) from None
    return decode_text_report(data, str(path))


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with control characters and line separators escaped (``\\n``, ``\\x1b``), so a
    message naming an outside name (a folder called ``a\\nb``) stays one line on a terminal."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


@contextmanager
def folder_lock(
    folder: Path, *, wait: bool = True, follow: bool = True, fallback: Path | None = None
) -> Iterator[bool]:
    """Hold an exclusive ``flock`` on ``folder`` while inside; yield whether it was granted.

    The one folder lock: writers of an output folder take turns under it, and installs lock
    the models folder and their staging folders with it. The lock dies with its process.

    Args:
        folder: The folder to lock.
        wait: Block until the lock is free; otherwise yield ``False`` when another holds it.
        follow: Lock what a symbolic link points to; otherwise a link is an error.
        fallback: A file to lock instead where the folder itself cannot be locked (some
            network file systems); it is created if missing and never removed, since
            removing a lock file races its next user.

    Without ``flock`` (Windows) the lock is always granted.
    """
    if sys.platform == "win32":  # pragma: no cover - no flock; os.replace is still atomic
        yield True
        return
    import fcntl

    operation = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | (0 if follow else os.O_NOFOLLOW))
    try:
        try:
            fcntl.flock(fd, operation)
        except BlockingIOError:
            yield False
            return
        except OSError:
            if fallback is None:
                raise
            os.close(fd)
            fd = os.open(fallback, os.O_RDWR | os.O_CREAT, 0o666)
            fcntl.flock(fd, operation)
        yield True
    finally:
        os.close(fd)


MAX_TEXT_BYTES = 256 * 1024**2
"""The most an article file may hold; a 20 MB article is already an archive's worth of news.

Reading stops there (and at once on a run of NUL bytes, which no text has), so an endless
or binary source (``/dev/zero``, a device, a pipe that never ends) is refused instead of
filling memory.
"""


def _read_bounded(stream: IO[bytes], name: str | Path) -> bytes:
    """Read all of ``stream``, refusing more than :data:`MAX_TEXT_BYTES` or obvious binary."""
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(1024**2):
        if not chunks and b"\x00\x00\x00\x00" in chunk:
            raise InputError(_("this looks like a binary file, not text"), name)
        size += len(chunk)
        if size > MAX_TEXT_BYTES:
            raise InputError(
                _("larger than {limit} MiB: not an article").format(limit=MAX_TEXT_BYTES // 1024**2), name
            )
        chunks.append(chunk)
    return b"".join(chunks)


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
    target = _replaceable(Path(path))
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


def _replaceable(target: Path) -> Path:
    """The regular file an atomic write may replace for ``target``.

    A symbolic link is written through (its target is replaced, the link stays); a device, a
    FIFO, a socket or a folder is refused, since renaming a new file over it would destroy it
    (``-o /dev/full`` must not turn the device into a file).

    Raises:
        OSError: ``target`` (or what it links to) exists and is not a regular file.
    """
    resolved = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        info = resolved.stat()
    except FileNotFoundError:
        return resolved
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            reason = _("is a folder; it is never replaced by a file")
        else:
            reason = _("is not a regular file (a device, FIFO or socket); it is never replaced")
        raise OSError(errno.EEXIST, reason, str(target))
    return resolved


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
