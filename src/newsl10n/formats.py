"""Articles in their formats (text, HTML, Markdown) on their way through the pipeline.

:func:`article_segments` cuts an article into aligned segments: a plain-text article exactly
as :func:`newsl10n.segment.segment_text` always did (same sentences, same ids), an HTML or
Markdown article through :func:`newsl10n.markup.parse`, one segment per markup segment
(``p3.s2``, ``a1``, ``fm.title``), its text carrying the inline markup as placeholders
(``<g1>``...``</g1>``, ``<x2/>``) and its tags recorded.

The engine sees a segment's placeholders. :class:`MarkupCodec` is the
:class:`~newsl10n.glossary.apply.SentenceCodec` of a segment that has some:

* ``encode`` moves placeholders out of a glossary name that markup splits
  (``<g1>Sadyr</g1> Japarov`` -> ``<g1>Sadyr Japarov</g1>``), so that the glossary finds the
  whole name and the model gets it as one unit. A name wholly inside markup
  (``<g1>Sadyr Japarov</g1>``) is found as it is. Untranslated markup (attributes, code,
  scripts) is not in any segment text, only its placeholder is, so the glossary never
  touches it.
* ``decode`` runs :func:`newsl10n.markup.restore`: every placeholder of the source is in
  the translation once, properly nested, whatever the model did with them. A pair that
  covered some words of the name then covers the same words of its rendering
  (``<g1>Садыр</g1> Жапаров``) when the rendering has as many words and the pair holds no
  other placeholder; otherwise (``<g1>President Sadyr</g1> Japarov``, or a second pair in
  the name) it covers the whole name.

:func:`markup_key` is what a segment's placeholders stand for; it goes into the memory key
(:func:`newsl10n.glossary.apply.translate_sentences`' ``markup``), so ``<b>x</b> y`` and
``<i>x</i> y`` are two entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal, cast

from newsl10n import inputs, tokens
from newsl10n.errors import InputError
from newsl10n.i18n import _
from newsl10n.parallel.align import Segment

if TYPE_CHECKING:
    from newsl10n.glossary.model import Glossary
    from newsl10n.markup import Document, Format

__all__ = [
    "FORMATS",
    "MarkupCodec",
    "article_segments",
    "check_format",
    "codecs_for",
    "extension_for",
    "markup_key",
]


FORMATS = inputs.FORMATS
"""The values of ``format`` (``--format``): defined in :mod:`newsl10n.inputs`."""


def check_format(value: object) -> Format | Literal["auto"]:
    """``value`` as a format name.

    Raises:
        TypeError: It is not a ``str``.
        InputError: It is not one of :data:`FORMATS`.
    """
    if not isinstance(value, str):
        raise TypeError(f"format must be a str, not {type(value).__name__}")
    if value not in FORMATS:
        raise InputError(
            _("unknown format {name!r}; choose one of {choices}").format(
                name=value, choices=", ".join(FORMATS)
            )
        )
    return cast("Format | Literal['auto']", value)


def article_segments(
    text: str, format: str, lang: str, name: str | None = None
) -> tuple[Format, Document | None, list[Segment]]:
    """The aligned segments of an article, source text only.

    Args:
        text: The article.
        format: Its format, or ``"auto"`` (by the extension of ``name``, then by sniffing).
        lang: Its language code.
        name: Its file name, ``None`` or ``"-"`` for standard input.

    Returns:
        ``(format, document, segments)``; ``document`` is ``None`` for plain text.

    Raises:
        InputError: The article has no sentences, or its markup is refused.
    """
    from newsl10n.markup import guess_format, parse, plain

    chosen: Format
    if format == "auto":
        chosen = guess_format(text, None if name in (None, "-", "<text>") else name)
    else:
        chosen = cast("Format", check_format(format))
    if chosen == "text":
        from newsl10n.segment import segment_text

        sentences = segment_text(text, lang).sentences()
        segments = [Segment(id=s.id, paragraph=s.paragraph, text={lang: s.text}) for s in sentences]
        document = None
    else:
        document = parse(text, chosen, lang=lang)
        segments = [
            Segment(
                id=s.id,
                paragraph=s.block,
                text={lang: s.text},
                tags=[_tag_dict(t) for t in s.tags],
            )
            for s in document.segments
            if plain(s.text)[0].strip()
        ]
    if not segments:
        raise InputError(_("the text has no sentences"))
    return chosen, document, segments


def _tag_dict(tag: Any) -> dict[str, Any]:
    return {"n": tag.n, "kind": tag.kind, "name": tag.name, "open": tag.open, "close": tag.close}


def markup_key(segment: Segment) -> str:
    """What a segment's placeholders stand for (``""`` without any), for the memory key."""
    if not segment.tags:
        return ""
    return "\x00".join(f"{t['n']}={t['open']}\x01{t['close']}" for t in segment.tags)


class MarkupCodec:
    """The codec of one segment text with placeholders (see the module docstring).

    Args:
        source: The segment text (or a part of it) sent for translation.
        glossary: The glossary whose names are kept whole, or ``None``.
        lang: The source language code.
    """

    def __init__(self, source: str, glossary: Glossary | None, lang: str) -> None:
        from newsl10n.markup import plain, restore

        self._plain, self._restore = plain, restore
        self.source = source
        self.encoded, self._narrow = (
            _unsplit_terms(source, glossary, lang) if glossary is not None else (source, [])
        )

    def encode(self, text: str) -> str:
        """The text the engine sees: glossary names split by markup made whole."""
        return self.encoded if text == self.source else text

    def decode(self, output: str) -> str:
        """The engine's output with every placeholder of the source once, properly nested.

        A pair that covered part of a name in the source (``<g1>Sadyr</g1> Japarov``) and
        was widened to the whole name covers the same words of the rendered name again
        (``<g1>Садыр</g1> Жапаров``), when the rendering has as many words.
        """
        restored = self._restore(self.encoded, output)
        for n, first, last, total in self._narrow:
            restored = _narrowed(restored, n, first, last, total)
        return restored

    def keep(self, translation: str) -> bool:
        """A translation with some text may go to the memory."""
        return bool(self._plain(translation)[0].strip())


def codecs_for(texts: Sequence[str], glossary: Glossary | None, lang: str) -> list[MarkupCodec | None] | None:
    """A :class:`MarkupCodec` for each text with placeholders, ``None`` for the others;
    ``None`` when no text has any."""
    if not any(tokens.MARK_EXACT.search(text) for text in texts):
        return None
    return [MarkupCodec(text, glossary, lang) if tokens.MARK_EXACT.search(text) else None for text in texts]


_Narrow = tuple[int, int, int, int]
"""A pair widened to a name: ``(number, first word, end word, words of the name)``."""


def _unsplit_terms(text: str, glossary: Glossary, lang: str) -> tuple[str, list[_Narrow]]:
    """``text`` with the placeholders inside each glossary name moved to its edges.

    Opens go before the name, closes and points after it, in their order;
    :func:`~newsl10n.markup.restore` then nests them properly. Also returns the pairs that
    lay within a name and now cover all of it, with the words they covered.
    """
    from newsl10n.glossary.matching import find_terms
    from newsl10n.markup import plain, restore

    flat, offsets = plain(text)
    matches = find_terms(glossary, flat, lang)
    if not matches:
        return text, []
    narrow: list[_Narrow] = []
    out: list[str] = []
    cursor = 0
    for match in matches:
        start, end = offsets[match.start], offsets[match.end - 1] + 1
        if start < cursor:
            continue
        inside = list(tokens.MARK_EXACT.finditer(text, start, end))
        if not inside:
            continue
        narrow += _within(text, flat, offsets, match.start, match.end, start, end)
        opens = [m.group(0) for m in inside if m.group("pair") and not m.group("close")]
        rest = [m.group(0) for m in inside if not (m.group("pair") and not m.group("close"))]
        out += [text[cursor:start], *opens, tokens.MARK_EXACT.sub("", text[start:end]), *rest]
        cursor = end
    if not out:
        return text, []
    out.append(text[cursor:])
    return restore(text, "".join(out)), narrow


def _within(
    text: str, flat: str, offsets: list[int], first: int, last: int, start: int, end: int
) -> list[_Narrow]:
    """The pairs whose both halves are in or at the edges of the name ``text[start:end]``
    (``flat[first:last]``), covering part of it, with the words they cover."""
    from bisect import bisect_left

    words = [(first + m.start(), first + m.end()) for m in re.finditer(r"\S+", flat[first:last])]
    opens: dict[int, int] = {}
    closes: dict[int, int] = {}
    for m in tokens.MARK_EXACT.finditer(text, max(0, start - 200), min(len(text), end + 200)):
        if not m.group("pair"):
            continue
        edge = m.end() <= start and not tokens.MARK_EXACT.sub("", text[m.end() : start])
        after = m.start() >= end and not tokens.MARK_EXACT.sub("", text[end : m.start()])
        if start <= m.start() < end or (not m.group("close") and edge) or (m.group("close") and after):
            (closes if m.group("close") else opens)[int(m.group("pair"))] = bisect_left(offsets, m.start())
    found = []
    for n, at in opens.items():
        if n not in closes:
            continue
        begin = sum(1 for _s, e in words if e <= at)
        stop = sum(1 for s, _e in words if s < closes[n])
        if begin < stop and (begin, stop) != (0, len(words)):
            found.append((n, begin, stop, len(words)))
    return found


def _narrowed(text: str, n: int, first: int, last: int, total: int) -> str:
    """``text`` with pair ``n`` around words ``[first, last)`` of what it holds, when it holds
    exactly ``total`` words and no other placeholder."""
    opening, closing = tokens.open_mark(n), tokens.close_mark(n)
    begin = text.find(opening)
    stop = text.find(closing, begin + 1)
    if begin < 0 or stop < 0:
        return text
    inner = text[begin + len(opening) : stop]
    parts = re.split(r"(\s+)", inner)
    if tokens.MARK_EXACT.search(inner) or len(parts) != 2 * total - 1 or not all(parts[::2]):
        return text
    parts[2 * first] = opening + parts[2 * first]
    parts[2 * (last - 1)] += closing
    return text[:begin] + "".join(parts) + text[stop + len(closing) :]


def extension_for(format: str, name: str | None) -> str:
    """The extension of a language's version: ``.txt``, else the input's own (``.htm``)."""
    if format == "text":
        return ".txt"
    suffix = PurePath(name).suffix if name and name not in ("-", "<text>") else ""
    if not suffix or suffix.lower() in (".txt", ".text"):
        suffix = ".html" if format == "html" else ".md"
    return suffix
