"""The article model: a document in a format, cut into translatable segments.

A :class:`Document` is a *skeleton* (the source's bytes that are never translated, in
order) with :class:`Slot` holes, one per :class:`Segment`. :meth:`Document.render` fills
every hole with the segment's translation, or with its exact source bytes when it has
none, so ``doc.render({}) == doc.source`` byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from newsl10n.errors import InputError
from newsl10n.markup.placeholders import EXACT
from newsl10n.markup.project import restore

__all__ = ["Document", "Format", "InlineTag", "LanguageSlot", "Segment", "Slot"]

Format = Literal["text", "html", "markdown"]


@dataclass(frozen=True)
class Slot:
    """Where a segment goes in a skeleton."""

    segment: str


@dataclass(frozen=True)
class LanguageSlot(Slot):
    """Where a whole HTML document states its language (``<html lang xml:lang>``).

    Written as in the source unless :meth:`Document.render` is given the target language:
    then the value becomes that language (``lang="ky"``), or, where the source had no
    ``lang`` (``raw == ""``), `` lang="ky"`` is added.

    Attributes:
        raw: The exact source value, quotes included (``""``: no attribute there).
        quote: The value's quote, ``'"'``, ``"'"`` or ``""`` (unquoted).
    """

    raw: str = ""
    quote: str = ""

    def write(self, language: str | None) -> str:
        """The value for a target ``language`` (``None``: as in the source)."""
        if language is None:
            return self.raw
        code = language.replace("_", "-")
        if not self.raw:
            return f' lang="{code}"'
        return f"{self.quote}{code}{self.quote}"


Part = str | Slot
Parts = tuple[Part, ...]


@dataclass(frozen=True)
class InlineTag:
    """One placeholder of a segment and the markup it stands for.

    Attributes:
        n: Its number in the segment text (``<g1>`` or ``<x1/>`` -> 1).
        kind: ``"pair"`` (``<gN>``...``</gN>``) or ``"point"`` (``<xN/>``).
        name: The element (``"b"``, ``"a"``, ``"br"``, ``"code"``, ``"comment"``) or the
            Markdown construct (``"em"``, ``"strong"``, ``"link"``, ``"image"``,
            ``"code"``, ``"break"``, ``"html"``).
        open: The source markup of the opening (the whole markup for a point); for a
            pair split at a sentence boundary, the markup written when it is reopened.
        close: The source markup of a pair's closing (what is written for it when the
            source left it implied), ``""`` for a point.
    """

    n: int
    kind: Literal["pair", "point"]
    name: str
    open: str
    close: str = ""


@dataclass(frozen=True)
class Segment:
    """A translatable unit: a sentence of a block, an attribute or a front-matter field.

    Attributes:
        id: ``"p3.s2"`` (block 3, sentence 2), ``"a1"`` (the first translated attribute)
            or ``"fm.title"`` (a front-matter key).
        text: The text for the model, with placeholders for inline markup.
        kind: ``"sentence"``, ``"attribute"`` or ``"front-matter"``.
        context: Where it sits: the block element (``"p"``, ``"h1"``, ``"li"``,
            ``"figcaption"``...), the attribute (``"alt"``, ``"title"``, ``"content"`` of a
            description ``<meta>``), or the front-matter key.
        block: 0-based index of its block among the blocks that have segments; ``-1``
            for attributes and front matter.
        tags: Its placeholders, in order of their numbers.
    """

    id: str
    text: str
    kind: Literal["sentence", "attribute", "front-matter"]
    context: str
    block: int = -1
    tags: tuple[InlineTag, ...] = ()

    @property
    def markup_key(self) -> str:
        """The text with the markup each placeholder stands for, for a translation memory:
        ``<b>x</b> y`` and ``<i>x</i> y`` share the text ``<g1>x</g1> y`` but not this key."""
        if not self.tags:
            return self.text
        return self.text + "\x00" + "\x00".join(f"{t.n}={t.open}\x01{t.close}" for t in self.tags)


@dataclass(frozen=True)
class Rendering:
    """How a segment is written back (internal to the markup package).

    Attributes:
        exact: Its source bytes, written when it and its run are untranslated.
        prefix: Markup before the text (tags wrapping the whole sentence, spaces).
        suffix: Markup after it.
        opens: For each pair number, what to write for its opening.
        closes: For each pair number, what to write for its closing.
        points: For each point number, what to write for it.
        escape: Turns translated text into the format (entities, backslashes, quotes).
        run: Segments of one run (block) are written exactly or rebuilt together, so
            that a pair split across sentences stays consistent.
    """

    exact: Parts
    prefix: Parts = ()
    suffix: Parts = ()
    opens: Mapping[int, Parts] = field(default_factory=dict)
    closes: Mapping[int, Parts] = field(default_factory=dict)
    points: Mapping[int, Parts] = field(default_factory=dict)
    escape: Callable[[str], str] = str
    run: int = -1


_BREAKS = frozenset({"br", "break"})
"""Points after which the model's space is dropped: the line break is the space."""


def _after(chunk: str, after_break: bool) -> str:
    return chunk[1:] if after_break and chunk.startswith(" ") else chunk


class Document:
    """An article in a format, cut into segments, that can be written back translated.

    Build one with :func:`newsl10n.markup.parse` (or ``parse_html``, ``parse_markdown``,
    ``parse_text``).

    Attributes:
        format: ``"text"``, ``"html"`` or ``"markdown"``.
        source: The article as given.
        segments: The segments in document order.
        notes: Parts left untranslated on purpose where a reader might expect otherwise
            (a Markdown block whose inline markup could not be located), one line each.
    """

    def __init__(
        self,
        format: Format,
        source: str,
        skeleton: Parts,
        segments: tuple[Segment, ...],
        renderings: Mapping[str, Rendering],
        notes: tuple[str, ...] = (),
    ) -> None:
        self.format: Format = format
        self.source = source
        self.segments = segments
        self.notes = notes
        self._skeleton = skeleton
        self._renderings = dict(renderings)
        self._by_id = {segment.id: segment for segment in segments}
        self._language: str | None = None

    def __repr__(self) -> str:
        return f"Document(format={self.format!r}, segments={len(self.segments)})"

    def segment(self, segment_id: str) -> Segment:
        """The segment with this id.

        Raises:
            KeyError: No such segment.
        """
        return self._by_id[segment_id]

    def render(self, translations: Mapping[str, str] | None = None, *, language: str | None = None) -> str:
        """The document with the given segments translated and every other byte as it was.

        Args:
            translations: Segment id -> translated text with placeholders. A segment that
                is missing, or translated to its own text, keeps its source bytes (unless
                another sentence of its block changed: then the block is rebuilt, so that
                a tag split across sentences stays consistent). Placeholders the model
                lost, repeated or mangled are repaired (:func:`~newsl10n.markup.project.restore`).
            language: The language of ``translations``: a whole HTML document's
                ``<html lang>`` (and ``xml:lang``) is set to it. ``None`` keeps them.

        Returns:
            The document; ``render({}) == source``.

        Raises:
            InputError: A translation names a segment the document does not have.
        """
        translations = dict(translations or {})
        unknown = sorted(set(translations) - set(self._by_id))
        if unknown:
            raise InputError(f"no segment {unknown[0]!r} in this document")
        changed = {
            self._renderings[sid].run
            for sid, text in translations.items()
            if text != self._by_id[sid].text and self._renderings[sid].run >= 0
        }
        out: list[str] = []
        self._language = language
        try:
            self._write(self._skeleton, translations, changed, out)
        finally:
            self._language = None
        return "".join(out)

    def _write(self, parts: Parts, translations: dict[str, str], changed: set[int], out: list[str]) -> None:
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            if isinstance(part, LanguageSlot):
                out.append(part.write(self._language))
                continue
            segment = self._by_id[part.segment]
            rendering = self._renderings[part.segment]
            text = translations.get(segment.id)
            if (text is None or text == segment.text) and rendering.run not in changed:
                self._write(rendering.exact, translations, changed, out)
                continue
            self._write(rendering.prefix, translations, changed, out)
            self._write_text(
                segment, rendering, segment.text if text is None else text, translations, changed, out
            )
            self._write(rendering.suffix, translations, changed, out)

    def _write_text(
        self,
        segment: Segment,
        rendering: Rendering,
        text: str,
        translations: dict[str, str],
        changed: set[int],
        out: list[str],
    ) -> None:
        """Write a translated text, its placeholders turned back into markup."""
        text = restore(segment.text, text)
        last = 0
        breaks = {t.n for t in segment.tags if t.name in _BREAKS}
        after_break = False
        for match in EXACT.finditer(text):
            out.append(rendering.escape(_after(text[last : match.start()], after_break)))
            last = match.end()
            after_break = False
            if match.group("point"):
                after_break = int(match.group("point")) in breaks
                parts = rendering.points.get(int(match.group("point")), ())
            elif match.group("close"):
                parts = rendering.closes.get(int(match.group("pair")), ())
            else:
                parts = rendering.opens.get(int(match.group("pair")), ())
            self._write(parts, translations, changed, out)
        out.append(rendering.escape(_after(text[last:], after_break)))

    def source_of(self, parts: Parts) -> str:
        """``parts`` as they stand in the source (slots filled with their source)."""
        out: list[str] = []
        self._write(parts, {}, set(), out)
        return "".join(out)
