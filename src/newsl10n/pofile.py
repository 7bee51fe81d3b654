"""Reading and writing PO/POT files, with the syntax checks polib leaves out.

polib reads a catalog leniently: an unterminated string, an ``msgid`` without ``msgstr`` or
an unknown escape pass unnoticed, and ``msgfmt`` later refuses the file. :func:`read_catalog`
checks the syntax line by line first, so a malformed catalog is refused with its file and
line, in one error: :class:`~newsl10n.errors.CatalogError` for catalogs, or the error type
the caller names (the glossary passes :class:`~newsl10n.errors.GlossaryFormatError`).
It is the project's one PO reader: catalogs and glossaries both go through it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from newsl10n.errors import CatalogError, NewsL10nError
from newsl10n.i18n import _
from newsl10n.textio import atomic_open

if TYPE_CHECKING:
    import polib

__all__ = [
    "ErrorFactory",
    "check_syntax",
    "load_catalog",
    "parse_po",
    "read_catalog",
    "save_catalog",
    "write_catalog",
    "write_failure",
]

ErrorFactory = Callable[[str | Path, int | None, str], NewsL10nError]
"""Builds the error to raise from ``(path, line, reason)``: ``CatalogError`` by default."""

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(
    rf"^(?:(?P<kw>msgctxt|msgid|msgid_plural|msgstr(?:\[(?P<n>\d+)\])?)\s+)?"
    rf"(?P<str>{_STRING})\s*$"
)
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]|.)")
"""A backslash and what it escapes; ``\\x`` counts only with a hex digit after it."""
_C_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.)")
"""A C escape as ``msgfmt`` reads it: hex takes every hex digit, octal up to three."""
_ESCAPES = {*'ntrabfv"\\01234567', *(f"x{d}" for d in "0123456789abcdefABCDEF")}
#: Which keyword may follow which (``None``: start of an entry).
_NEXT = {
    None: {"msgctxt", "msgid"},
    "msgctxt": {"msgid"},
    "msgid": {"msgid_plural", "msgstr"},
    "msgid_plural": {"msgstr[0]"},
    "msgstr": {"msgctxt", "msgid"},
}


def check_syntax(text: str, name: str | Path = "<catalog>", *, error: ErrorFactory = CatalogError) -> None:
    """Check the PO syntax of ``text``: strings, escapes, and the order of keywords.

    Raises:
        NewsL10nError: From ``error`` (``CatalogError``) at the first problem, with its line.
    """
    last: str | None = None
    last_line = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            reason = (
                _("unterminated string")
                if line.count('"') % 2
                else _("syntax error near {text!r}").format(text=line[:30])
            )
            raise error(name, number, reason)
        escapes = _ESCAPE.findall(match.group("str"))
        if not set(escapes) <= _ESCAPES:
            raise error(name, number, _("invalid escape sequence in string"))
        forbidden = _forbidden_character(line, match.group("str"))
        if forbidden:
            # TRANSLATORS: {character} is NUL or EOT, the name of a control character.
            reason = _("{character} character in string (gettext cannot store it)")
            raise error(name, number, reason.format(character=forbidden))
        keyword = match.group("kw")
        if keyword is None:
            if last is None:
                raise error(name, number, _("string outside of any keyword"))
            continue
        allowed = _allowed_after(last)
        if keyword not in allowed:
            # TRANSLATORS: {keyword} and {expected} are PO keywords (msgid, msgstr...); "or" joins them.
            reason = _("{keyword} not expected here (expected {expected})").format(
                keyword=keyword, expected=_(" or ").join(sorted(allowed))
            )
            raise error(name, number, reason)
        last, last_line = keyword, number
    if last in ("msgctxt", "msgid", "msgid_plural"):
        raise error(name, last_line, _("{keyword} without msgstr").format(keyword=last))


_FORBIDDEN = {0: "NUL", 4: "EOT"}
"""Characters a ``.mo`` file uses as separators: NUL (msgid/plural), EOT (msgctxt/msgid)."""


def _forbidden_character(line: str, string: str) -> str | None:
    """The name of a NUL or EOT in ``line``, raw or escaped (``\\0``, ``\\x04``...), else ``None``."""
    for code, label in _FORBIDDEN.items():
        if chr(code) in line:
            return label
    if "\\" not in string:
        return None
    for found in _C_ESCAPE.finditer(string):
        escape = found.group(1)
        if escape[0] == "x":
            value = int(escape[1:], 16)
        elif escape[0] in "01234567":
            value = int(escape, 8)
        else:
            continue
        if value in _FORBIDDEN:
            return _FORBIDDEN[value]
    return None


def _allowed_after(last: str | None) -> set[str]:
    if last is not None and last.startswith("msgstr["):
        following = int(last[7:-1]) + 1
        return {f"msgstr[{following}]", "msgctxt", "msgid"}
    return _NEXT[last]


def read_catalog(
    stream: IO[bytes] | IO[str], name: str | Path = "<catalog>", *, error: ErrorFactory = CatalogError
) -> polib.POFile:
    """Read a PO or POT catalog from ``stream``.

    Raises:
        CatalogError: (or what ``error`` builds) The text cannot be decoded, does not parse,
            or repeats a message.
    """
    data = stream.read()
    text = data if isinstance(data, str) else _decode(data, name, error)
    return parse_po(text, name, error=error)


def parse_po(
    text: str,
    name: str | Path = "<catalog>",
    *,
    error: ErrorFactory = CatalogError,
    wrapwidth: int = 79,
    duplicates: bool = False,
) -> polib.POFile:
    """Parse PO text strictly: syntax first, then polib, then no repeated message.

    ``duplicates=True`` lets repeated messages through, for a linter that reports them itself.

    Raises:
        CatalogError: (or what ``error`` builds) With the file and line of the problem.
    """
    import polib

    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise error(name, None, _("empty catalog"))
    check_syntax(text, name, error=error)
    text = _plain_escapes(text, name, error)
    try:
        po = polib.pofile(text if "\n" in text else text + "\n", wrapwidth=wrapwidth)
    except (OSError, ValueError) as exc:
        found = re.search(r"line (\d+)", str(exc))
        reason = str(exc).split(": ", 1)[1] if "): " in str(exc) else _("syntax error")
        raise error(name, int(found.group(1)) if found else None, reason) from None
    if not duplicates:
        _refuse_duplicates(po, name, error)
    po.encoding = "utf-8"
    return po


_MAYBE_C_ESCAPE = re.compile(r"\\(?:[0-7xa])")
_POLIB_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\v": "\\v",
    "\b": "\\b",
    "\f": "\\f",
}


def _plain_escapes(text: str, name: str | Path, error: ErrorFactory) -> str:
    """Rewrite the C escapes polib leaves as they are (``\\a``, octal, hex) into the text they mean.

    polib unescapes only ``\\n \\t \\r \\v \\b \\f \\" \\\\``; ``msgfmt`` also reads ``\\a``,
    ``\\101`` and ``\\x41`` (escaped bytes, UTF-8 together). Without this the compiled ``.mo``
    would hold ``\\x41`` where gettext looks up ``A``. Line numbers stay as they were.

    Raises:
        NewsL10nError: From ``error``: escaped bytes that are not UTF-8, a hex escape above ``\\xff``.
    """
    if not _MAYBE_C_ESCAPE.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        match = _LINE.match(line.strip()) if "\\" in line else None
        if match is None:
            continue
        body = match.group("str")[1:-1]
        rewritten = _rewrite_string(body, name, number, error)
        if rewritten != body:
            start = line.index(match.group("str"))
            lines[number - 1] = line[:start] + '"' + rewritten + '"' + line[start + len(match.group("str")) :]
    return "\n".join(lines)


def _rewrite_string(body: str, name: str | Path, number: int, error: ErrorFactory) -> str:
    out: list[str] = []
    pending = bytearray()
    position = 0

    def flush() -> None:
        if pending:
            try:
                decoded = pending.decode("utf-8")
            except UnicodeDecodeError:
                raise error(name, number, _("escaped bytes are not valid UTF-8")) from None
            out.append("".join(_POLIB_ESCAPES.get(ch, ch) for ch in decoded))
            pending.clear()

    for found in _C_ESCAPE.finditer(body):
        if found.start() > position:
            flush()
            out.append(body[position : found.start()])
        position = found.end()
        escape = found.group(1)
        if escape[0] == "x" or escape[0] in "01234567":
            value = int(escape[1:], 16) if escape[0] == "x" else int(escape, 8)
            if value > 0xFF:
                raise error(name, number, _("invalid escape sequence in string (hex escape above \\xff)"))
            pending.append(value)
        elif escape == "a":
            flush()
            out.append("\a")
        else:
            flush()
            out.append(found.group())
    flush()
    out.append(body[position:])
    return "".join(out)


def _decode(data: bytes, name: str | Path, error: ErrorFactory) -> str:
    found = _CHARSET.search(data[:4096])
    charset = found.group(1).decode("ascii") if found else "utf-8"
    if charset.upper() in ("CHARSET", "UTF-8", "UTF8"):
        charset = "utf-8-sig"  # and drop a byte-order mark
    try:
        return data.decode(charset)
    except LookupError:
        raise error(name, None, _("unknown charset {charset!r}").format(charset=charset)) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(name, line, _("text is not valid {charset}").format(charset=charset)) from None


def _refuse_duplicates(po: polib.POFile, name: str | Path, error: ErrorFactory) -> None:
    seen: dict[tuple[str | None, str], int | None] = {}
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            reason = _("duplicate message {msgid!r} (first defined at line {line})")
            raise error(name, entry.linenum, reason.format(msgid=entry.msgid, line=seen[key]))
        seen[key] = entry.linenum


def write_catalog(po: polib.POFile, stream: IO[bytes]) -> None:
    """Write ``po`` to the binary ``stream`` as UTF-8, declaring that charset in its header."""
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.encoding = "utf-8"
    stream.write(str(po).encode("utf-8"))


def load_catalog(path: str | Path) -> polib.POFile:
    """Read the catalog file at ``path``.

    Raises:
        CatalogError: The file is missing, unreadable or malformed.
    """
    try:
        with open(path, "rb") as stream:
            return read_catalog(stream, path)
    except FileNotFoundError:
        raise CatalogError(path, None, _("no such file")) from None
    except IsADirectoryError:
        raise CatalogError(path, None, _("is a folder, not a catalog")) from None
    except PermissionError:
        raise CatalogError(path, None, _("permission denied")) from None


def save_catalog(po: polib.POFile, path: str | Path) -> None:
    """Write ``po`` to ``path`` atomically.

    Raises:
        CatalogError: The file or its folder cannot be written (read-only, no space...).
    """
    try:
        with atomic_open(path, "wb") as stream:
            write_catalog(po, stream)
    except OSError as exc:
        raise CatalogError(path, None, write_failure(exc)) from None


def write_failure(exc: OSError) -> str:
    """The reason of an error for a file that cannot be written, one line."""
    return _("cannot write: {reason}").format(reason=exc.strerror or exc)
