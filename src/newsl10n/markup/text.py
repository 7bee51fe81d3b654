"""Plain-text articles as a :class:`~newsl10n.markup.document.Document`.

The sentences are :func:`newsl10n.segment.segment_text`'s, with its ids (``p3.s2``), so a
text article reads the same as through the pipeline today; the spaces and line breaks
between sentences are the skeleton. A paragraph without letters (``***``, ``2024``) is
left as written, and the other paragraphs keep their numbers.
"""

from __future__ import annotations

from newsl10n.markup.document import Document
from newsl10n.markup.inline import Builder, Text
from newsl10n.segment import segment_text

__all__ = ["parse_text"]


def parse_text(source: str, lang: str | None = None) -> Document:
    """Cut a plain-text article into sentence segments.

    Args:
        source: The article.
        lang: Its language code, or ``None``.

    Returns:
        The document; ``parse_text(s).render({}) == s``.
    """
    builder = Builder(source, "text", lang)
    cursor = 0
    for paragraph in segment_text(source, lang).paragraphs:
        builder.literal(source[cursor : paragraph.start])
        item = Text(source[paragraph.start : paragraph.end], paragraph.start, paragraph.end)
        spans = [(s.start - paragraph.start, s.end - paragraph.start) for s in paragraph.sentences]
        builder.run([item], "title" if paragraph.is_title else "p", str, spans, paragraph.index)
        cursor = paragraph.end
    builder.literal(source[cursor:])
    return builder.document()
