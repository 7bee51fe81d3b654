"""The translated pieces of Markdown that are not sentences: image alt text and titles.

``![alt](url "title")``, ``[text](url 'title')`` and ``[label]: url (title)`` keep their
URLs and labels as written; the alt text and the titles become one-piece segments (like
HTML's ``alt`` and ``title`` attributes, :meth:`Builder.add_field`). The reader finds
their source spans with markdown-it's own link helpers and checks that what it found
decodes to what markdown-it parsed; anything that does not check out is left as written.

While a block is walked its fields get stand-in slots, so that a block that turns out not
to be located (:class:`Field` is then dropped) leaves no segment behind; :func:`settle`
makes them real segments once the block is kept.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsl10n.markup.document import Parts, Slot
from newsl10n.markup.inline import Builder, Close, Item, Point

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["Field", "Gaps", "alt_text", "definition_titles", "field_escape", "settle", "title_span", "worth"]

_WORD = re.compile(r"\w")
_SPACES = re.compile(r"\s+")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_BLANK = " \t\n"
_LABEL_PREFIX = re.compile(r"[ \t>*+\-.)\d]*")


@dataclass(frozen=True)
class Field:
    """An alt text or title found in the source.

    Attributes:
        start: Offset of its source (a title's delimiters included).
        end: Offset past it.
        text: The decoded text.
        context: ``"alt"`` or ``"title"``.
        escape: Writes a translation in place of the source.
    """

    start: int
    end: int
    text: str
    context: str
    escape: Callable[[str], str]


def worth(text: str) -> bool:
    """Whether a decoded alt or title has anything to translate."""
    return bool(_WORD.search(text))


def field_escape(raw: str, context: str, table_cell: bool) -> Callable[[str], str]:
    """How a translated alt text or title is written in place of ``raw``.

    A title keeps its delimiter (``"``, ``'`` or ``(...)``) and backslash-escapes it; an
    alt text escapes what would start markup (``* _ ` [ ] < \\``). Both escape ``|`` in a
    table cell and an ``&`` that would start an entity, and are written on one line.

    Args:
        raw: The source, delimiters included for a title.
        context: ``"alt"`` or ``"title"``.
        table_cell: Whether it sits in a table cell.

    Returns:
        The writer.
    """
    first = raw[:1] if context == "title" else ""
    last = ")" if first == "(" else first
    chars = "\\" + first + last if first else "\\`*_[]<"
    chars += "|" if table_cell else ""
    table = {ord(c): "\\" + c for c in chars}

    def write(text: str) -> str:
        text = _ENTITY_LIKE.sub("\\\\&", _SPACES.sub(" ", text).translate(table))
        return first + text + last

    return write


def alt_text(children: Sequence[Token]) -> str | None:
    """An image's alt as plain text, or ``None`` if it holds markup (kept as written)."""
    pieces: list[str] = []
    for child in children:
        if child.type == "text":
            pieces.append(child.content)
        elif child.type == "softbreak":
            pieces.append(" ")
        else:
            return None
    return "".join(pieces)


def title_span(content: str, bracket: int, end: int, expected: object) -> tuple[int, int, str] | None:
    """The title of an inline link or image whose label closes at ``content[bracket]``.

    Args:
        content: The block's inline source.
        bracket: Offset of the label's ``]``.
        end: Offset past the link's ``)``.
        expected: The title markdown-it decoded (the token's ``title`` attribute).

    Returns:
        Start, end (delimiters included) and decoded text, or ``None`` if there is no
        title, it does not decode to ``expected``, or it spans lines.
    """
    from markdown_it.helpers import parseLinkDestination, parseLinkTitle

    if not isinstance(expected, str) or not expected or not content.startswith("(", bracket + 1):
        return None
    pos = _skip(content, bracket + 2, end)
    destination = parseLinkDestination(content, pos, end)
    if not destination.ok:
        return None
    start = _skip(content, destination.pos, end)
    title = parseLinkTitle(content, start, end)
    if start == destination.pos or not title.ok or title.str != expected:
        return None
    if "\n" in content[start : title.pos]:
        return None
    return start, title.pos, title.str


def definition_titles(
    body: str, starts: Sequence[int], ends: Sequence[int], tokens: Iterable[Token]
) -> list[Field]:
    """The titles of reference definitions (markdown-it's ``definition`` tokens).

    Args:
        body: The Markdown body.
        starts: Offset of each line of ``body``.
        ends: Offset of each line's end.
        tokens: The block tokens, parsed with ``inline_definitions``.

    Returns:
        One field per translatable title, in source order.
    """
    from markdown_it.helpers import parseLinkDestination, parseLinkTitle

    found: list[Field] = []
    for token in tokens:
        title = token.meta.get("title") if token.type == "definition" else None
        if not token.map or not isinstance(title, str) or not worth(title):
            continue
        first, limit = token.map[0], ends[token.map[1] - 1]
        prefix = _LABEL_PREFIX.match(body, starts[first], ends[first])
        pos = prefix.end() if prefix else starts[first]
        close = _label_close(body, pos, limit)
        if close < 0 or not body.startswith(":", close + 1):
            continue
        destination = parseLinkDestination(body, _skip(body, close + 2, limit), limit)
        if not destination.ok:
            continue
        start = _skip(body, destination.pos, limit)
        parsed = parseLinkTitle(body, start, limit)
        # Lines of a title continued below are indented in the source, not in the token.
        if start == destination.pos or not parsed.ok or _flat(parsed.str) != _flat(title):
            continue
        raw = body[start : parsed.pos]
        found.append(Field(start, parsed.pos, title, "title", field_escape(raw, "title", table_cell=False)))
    return found


class Gaps:
    """Writes the skeleton between blocks, the definition titles in it as segments."""

    def __init__(self, builder: Builder, body: str, titles: Iterable[Field]) -> None:
        self.builder = builder
        self.body = body
        self.titles = deque(titles)

    def write(self, start: int, end: int) -> None:
        """Append ``body[start:end]`` to the skeleton."""
        while self.titles and self.titles[0].start < end:
            title = self.titles.popleft()
            if title.start < start:
                continue
            self.builder.literal(self.body[start : title.start])
            raw = self.body[title.start : title.end]
            slot = self.builder.add_field(None, title.text, raw, "title", title.escape)
            self.builder.literal((slot,))
            start = title.end
        self.builder.literal(self.body[start:end])


def settle(builder: Builder, fields: Mapping[Slot, tuple[Field, str]], items: list[Item]) -> None:
    """Make the block's fields segments and put their slots where the stand-ins are.

    Args:
        builder: The document's builder.
        fields: Stand-in slot -> the field and its exact source.
        items: The block's items; their parts are updated in place.
    """
    if not fields:
        return
    real = {
        stand_in: builder.add_field(None, field.text, raw, field.context, field.escape)
        for stand_in, (field, raw) in fields.items()
    }
    for item in items:
        if isinstance(item, Point):
            item.raw = _swap(item.raw, real)
        elif isinstance(item, Close):
            item.raw = _swap(item.raw, real)
            item.again = _swap(item.again, real)


def _swap(parts: Parts, real: Mapping[Slot, Slot]) -> Parts:
    return tuple(real.get(p, p) if isinstance(p, Slot) else p for p in parts)


def _flat(text: str) -> str:
    return _SPACES.sub(" ", text)


def _skip(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in _BLANK:
        pos += 1
    return pos


def _label_close(text: str, pos: int, end: int) -> int:
    """Offset of the ``]`` closing the label opened at ``text[pos]``, or -1."""
    if not text.startswith("[", pos):
        return -1
    i = pos + 1
    while i < end:
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "[":
            return -1
        if text[i] == "]":
            return i
        i += 1
    return -1
