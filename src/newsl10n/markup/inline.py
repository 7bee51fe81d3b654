"""From a block's inline content to sentence segments with placeholders.

A format's reader (HTML, Markdown, text) turns each block into a *run* of items: text with
its source span, the openings and closings of inline elements, and standalone pieces
(``<br>``, images, code spans, comments). :class:`Builder` cuts a run into sentences with
:func:`newsl10n.segment.split_sentences` and makes one segment per sentence.

A pair that spans a sentence boundary (``<b>One. Two.</b>``) is split into two balanced
pairs, one per sentence (``<g1>One.</g1>``, ``<g1>Two.</g1>``): keeping such sentences
together would make one long segment of a paragraph wrapped in a single ``<span>``,
which models translate badly. The halves write nothing of their own in the source
(``render({})`` stays exact); translated, the first is closed and the second reopened with
a copy of the start tag. Markup that wraps a whole sentence, and the spaces around it, is
not sent to the model at all: it is the segment's prefix and suffix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from newsl10n.markup.document import Document, Format, InlineTag, Part, Parts, Rendering, Segment, Slot
from newsl10n.markup.placeholders import LIKE, close_mark, open_mark, point_mark
from newsl10n.markup.project import tidy_spaces
from newsl10n.segment import split_sentences
from newsl10n.tokens import LETTER

__all__ = ["Builder", "Close", "Item", "Open", "Point", "Text"]

_SPACES = re.compile(r"[ \t\n\r\f]+")
_BLANK = " \t\n\r\f"


@dataclass(eq=False)
class Text:
    """Text whose source is ``source[start:end]``; ``exact`` when that is ``text`` itself
    (a cut may fall inside), otherwise atomic (an entity, an escape, a soft break)."""

    text: str
    start: int
    end: int
    exact: bool = True


@dataclass(eq=False)
class Open:
    """The opening of an inline pair: ``raw`` in the source, ``again`` when rebuilt."""

    name: str
    raw: Parts
    again: Parts


@dataclass(eq=False)
class Close:
    """The closing of ``opener``: ``raw`` in the source (``()`` if implied), ``again``
    when rebuilt."""

    opener: Open
    raw: Parts
    again: Parts


@dataclass(eq=False)
class Point:
    """A standalone piece of markup, ``visible`` being what sentence splitting sees."""

    name: str
    raw: Parts
    visible: str = ""


Item = Text | Open | Close | Point


@dataclass
class Builder:
    """Collects a document's skeleton and segments while a reader walks the source.

    Attributes:
        source: The document's text.
        format: Its format.
        lang: The source language code for sentence splitting, or ``None``.
    """

    source: str
    format: Format
    lang: str | None = None
    notes: list[str] = field(default_factory=list)
    _skeleton: list[Part] = field(default_factory=list)
    _segments: list[Segment] = field(default_factory=list)
    _renderings: dict[str, Rendering] = field(default_factory=dict)
    _texts: dict[str, str] = field(default_factory=dict)
    _blocks: int = 0
    _attributes: int = 0

    def literal(self, text: str | Parts) -> None:
        """Append untranslated markup to the skeleton."""
        if isinstance(text, str):
            if text:
                self._skeleton.append(text)
        else:
            self._skeleton.extend(text)

    def mark(self) -> int:
        """Where the skeleton ends now, for :meth:`take`."""
        return len(self._skeleton)

    def take(self, mark: int) -> Parts:
        """Remove and return what was added to the skeleton since ``mark`` (to put it inside
        a piece of markup instead: a ``translate="yes"`` element inside a ``"no"`` one)."""
        parts = tuple(self._skeleton[mark:])
        del self._skeleton[mark:]
        return parts

    def add_field(
        self,
        segment_id: str | None,
        text: str,
        raw: str,
        context: str,
        escape: Callable[[str], str],
        kind: Literal["attribute", "front-matter"] = "attribute",
    ) -> Slot:
        """Make a one-piece segment (an attribute value, a front-matter field).

        Args:
            segment_id: Its id, or ``None`` for the next ``aN``.
            text: The decoded text.
            raw: Its exact source (quotes included).
            context: The attribute or key name.
            escape: Writes a translation in place of ``raw`` (adding quotes).
            kind: ``"attribute"`` or ``"front-matter"``.

        Returns:
            The slot to put where ``raw`` was.
        """
        if segment_id is None:
            self._attributes += 1
            segment_id = f"a{self._attributes}"
        segment = Segment(segment_id, _collapse(text), kind, context)
        self._segments.append(segment)
        self._texts[segment_id] = raw
        self._renderings[segment_id] = Rendering(exact=(raw,), escape=escape)
        return Slot(segment_id)

    def run(
        self,
        items: list[Item],
        context: str,
        escape: Callable[[str], str],
        sentences: Sequence[tuple[int, int]] | None = None,
        number: int | None = None,
    ) -> None:
        """Add a block's inline content: segments for its sentences, or skeleton if it has
        no words.

        Args:
            items: The block's content in source order.
            context: The block element or construct (``"p"``, ``"li"``...).
            escape: Writes translated text in the format.
            sentences: Sentence spans in the run's visible text, or ``None`` to split it.
            number: The block's 0-based number for the ids (``p{number + 1}.sN``), or
                ``None`` for the next one.
        """
        items = _protect(self.source, items)
        visible, starts = _visible(items)
        if not any(isinstance(i, Text) and LETTER.search(i.text) for i in items):
            for item in items:
                self.literal(_raw(self.source, item))
            return
        spans = sentences if sentences is not None else split_sentences(visible, self.lang)
        cuts = [start for start, _ in spans[1:]]
        block = self._blocks if number is None else number
        self._blocks = block + 1
        for index, piece in enumerate(_balanced(_cut(items, starts, cuts)), start=1):
            self._sentence(f"p{block + 1}.s{index}", block, piece, context, escape)

    def _sentence(
        self, segment_id: str, block: int, items: list[Item], context: str, escape: Callable[[str], str]
    ) -> None:
        head, core, tail = _frame(items)
        if not core:
            for item in items:
                self.literal(_raw(self.source, item))
            return
        text, tags, opens, closes, points = self._placeholders(core)
        segment = Segment(segment_id, text, "sentence", context, block, tuple(tags))
        exact = tuple(part for item in items for part in _raw(self.source, item))
        prefix = tuple(part for item in head for part in _again(self.source, item))
        suffix = tuple(part for item in tail for part in _again(self.source, item))
        self._segments.append(segment)
        self._renderings[segment_id] = Rendering(exact, prefix, suffix, opens, closes, points, escape, block)
        self._skeleton.append(Slot(segment_id))

    def _placeholders(
        self, core: list[Item]
    ) -> tuple[str, list[InlineTag], dict[int, Parts], dict[int, Parts], dict[int, Parts]]:
        """The segment text of ``core`` and what each of its placeholders writes."""
        chunks: list[str] = []
        tags: list[InlineTag] = []
        numbers: dict[int, int] = {}
        opens: dict[int, Parts] = {}
        closes: dict[int, Parts] = {}
        points: dict[int, Parts] = {}
        space = True
        for item in core:
            if isinstance(item, Text):
                text = _SPACES.sub(" ", item.text)
                if space and text.startswith(" "):
                    text = text[1:]
                if text:
                    chunks.append(text)
                    space = text.endswith(" ")
                continue
            n = len(tags) + 1
            if isinstance(item, Open):
                numbers[id(item)] = n
                opens[n] = _again(self.source, item)
                chunks.append(open_mark(n))
                tags.append(InlineTag(n, "pair", item.name, self._flat(opens[n])))
            elif isinstance(item, Close) and id(item.opener) in numbers:
                m = numbers[id(item.opener)]
                closes[m] = _again(self.source, item)
                chunks.append(close_mark(m))
                tag = tags[m - 1]
                tags[m - 1] = InlineTag(tag.n, "pair", tag.name, tag.open, self._flat(closes[m]))
            else:
                # A point, or (never expected) a closing whose opening is not in the sentence.
                raw = _raw(self.source, item)
                name = item.opener.name if isinstance(item, Close) else item.name
                points[n] = raw
                chunks.append(point_mark(n))
                space = False
                tags.append(InlineTag(n, "point", name, self._flat(raw)))
        return tidy_spaces("".join(chunks)).strip(" "), tags, opens, closes, points

    def _flat(self, parts: Parts) -> str:
        """``parts`` with their slots written as their source (an attribute value with its
        quotes, a Markdown title with its delimiters)."""
        return "".join(p if isinstance(p, str) else self._texts.get(p.segment, "") for p in parts)

    def document(self, notes: Sequence[str] = ()) -> Document:
        """The finished document."""
        return Document(
            self.format,
            self.source,
            tuple(self._skeleton),
            tuple(self._segments),
            self._renderings,
            tuple(self.notes) + tuple(notes),
        )


def _raw(source: str, item: Item) -> Parts:
    """The item's exact source."""
    if isinstance(item, Text):
        return (source[item.start : item.end],) if item.end > item.start else ()
    return item.raw


def _again(source: str, item: Item) -> Parts:
    """What the item writes when its segment is rebuilt."""
    if isinstance(item, Open | Close):
        return item.again
    return _raw(source, item)


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ")


def _visible(items: list[Item]) -> tuple[str, list[int]]:
    """The run's text as sentence splitting sees it, and where each item starts in it."""
    chunks: list[str] = []
    starts: list[int] = []
    length = 0
    for item in items:
        starts.append(length)
        chunk = item.text if isinstance(item, Text) else item.visible if isinstance(item, Point) else ""
        chunks.append(chunk)
        length += len(chunk)
    return "".join(chunks), starts


def _protect(source: str, items: list[Item]) -> list[Item]:
    """Turn source text that looks like a placeholder (``&lt;g1&gt;``) into a point."""
    visible, starts = _visible(items)
    found = list(LIKE.finditer(visible))
    if not found:
        return items
    cuts = sorted({m.start() for m in found} | {m.end() for m in found})
    spans = {(m.start(), m.end()) for m in found}
    out: list[Item] = []
    position = 0
    for piece in _cut(items, starts, cuts):
        text, _ = _visible(piece)
        if all(isinstance(i, Text) for i in piece) and (position, position + len(text)) in spans:
            raw = "".join(source[i.start : i.end] for i in piece if isinstance(i, Text))
            out.append(Point("text", (raw,), text))
        else:
            out.extend(piece)
        position += len(text)
    return out


def _cut(items: list[Item], starts: list[int], cuts: Sequence[int]) -> list[list[Item]]:
    """Split the run at visible offsets ``cuts`` (a cut inside an atomic item moves past it)."""
    pieces: list[list[Item]] = [[]]
    k = 0
    for item, start in zip(items, starts):
        while k < len(cuts) and cuts[k] <= start:
            if pieces[-1]:
                pieces.append([])
            k += 1
        if isinstance(item, Text) and item.exact:
            rest, offset = item, start
            while k < len(cuts) and cuts[k] < start + len(item.text):
                at = cuts[k] - offset
                k += 1
                if at > 0:
                    pieces[-1].append(Text(rest.text[:at], rest.start, rest.start + at))
                    rest = Text(rest.text[at:], rest.start + at, rest.end)
                    offset += at
                if pieces[-1]:
                    pieces.append([])
            pieces[-1].append(rest)
        else:
            pieces[-1].append(item)
    return [piece for piece in pieces if piece]


def _balanced(pieces: list[list[Item]]) -> list[list[Item]]:
    """Close every pair in the piece it opened in, reopening it in the next ones."""
    carried: list[Open] = []
    out: list[list[Item]] = []
    closing = {id(i.opener): i.again for piece in pieces for i in piece if isinstance(i, Close)}
    for piece in pieces:
        items: list[Item] = []
        stack: list[Open] = []
        replace: dict[int, Open] = {}
        for opener in carried:
            again = Open(opener.name, (), opener.again)
            replace[id(opener)] = again
            items.append(again)
            stack.append(opener)
        for item in piece:
            if isinstance(item, Open):
                stack.append(item)
                items.append(item)
            elif isinstance(item, Close):
                _unstack(stack, item.opener)
                mine = replace.get(id(item.opener))
                items.append(item if mine is None else Close(mine, item.raw, item.again))
            else:
                items.append(item)
        for opener in reversed(stack):
            mine = replace.get(id(opener), opener)
            items.append(Close(mine, (), closing.get(id(opener), ())))
        carried = list(stack)
        out.append(items)
    return out


def _unstack(stack: list[Open], opener: Open) -> None:
    """Take ``opener`` off the stack, looking from the top (where it nearly always is)."""
    for index in range(len(stack) - 1, -1, -1):
        if stack[index] is opener:
            del stack[index]
            return


def _frame(items: list[Item]) -> tuple[list[Item], list[Item], list[Item]]:
    """Split off the spaces and the pairs that wrap the whole sentence."""
    items = _split_blank_edges(items)
    i, j = 0, len(items)
    while i < j:
        first, last = items[i], items[j - 1]
        if isinstance(first, Text) and not first.text.strip(_BLANK):
            i += 1
        elif isinstance(last, Text) and not last.text.strip(_BLANK):
            j -= 1
        elif isinstance(first, Open) and isinstance(last, Close) and last.opener is first and i < j - 1:
            i += 1
            j -= 1
        else:
            break
    head, core, tail = items[:i], items[i:j], items[j:]
    # Spaces just inside the first opening or the last closing go outside the text.
    k = 0
    while k < len(core) and isinstance(core[k], Open):
        k += 1
    if k < len(core) and _blank(core[k]):
        head.append(core.pop(k))
    k = len(core) - 1
    while k >= 0 and isinstance(core[k], Close):
        k -= 1
    if k >= 0 and _blank(core[k]):
        tail.insert(0, core.pop(k))
    return head, core, tail


def _blank(item: Item) -> bool:
    return isinstance(item, Text) and not item.text.strip(_BLANK)


def _split_blank_edges(items: list[Item]) -> list[Item]:
    """Split the leading and trailing spaces of the edge text items into items of their own."""
    items = list(items)
    for index in range(len(items)):
        item = items[index]
        if isinstance(item, Text) and item.text.strip(_BLANK):
            items[index : index + 1] = _split_text(item, leading=True)
            break
        if not isinstance(item, Text | Open):
            break
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if isinstance(item, Text) and item.text.strip(_BLANK):
            items[index : index + 1] = _split_text(item, leading=False)
            break
        if not isinstance(item, Text | Close):
            break
    return items


def _split_text(item: Text, leading: bool) -> list[Item]:
    if not item.exact:
        return [item]
    stripped = item.text.lstrip(_BLANK) if leading else item.text.rstrip(_BLANK)
    size = len(item.text) - len(stripped)
    if not size:
        return [item]
    if leading:
        cut = item.start + size
        return [Text(item.text[:size], item.start, cut), Text(stripped, cut, item.end)]
    cut = item.end - size
    return [Text(stripped, item.start, cut), Text(item.text[len(stripped) :], cut, item.end)]
