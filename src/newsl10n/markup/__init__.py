"""Articles in HTML and Markdown: segments with their inline markup, written back exactly.

:func:`parse` reads an article in a format into a :class:`Document`, a list of
:class:`Segment` (block sentences, translated attributes, front-matter fields) whose text
carries inline markup as placeholders (:mod:`newsl10n.markup.placeholders`), and
:meth:`Document.render` writes it back with translations, every other byte as it was.

Example::

    doc = parse('<p>President <b>Sadyr</b> Japarov arrived.</p>', "html")
    doc.segments[0].text            # 'President <g1>Sadyr</g1> Japarov arrived.'
    plain(doc.segments[0].text)[0]  # 'President Sadyr Japarov arrived.'
    doc.render({"p1.s1": "Президент <g1>Садыр</g1> Жапаров келди."})
    # '<p>Президент <b>Садыр</b> Жапаров келди.</p>'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Literal

from newsl10n.markup.document import Document, Format, InlineTag, Segment
from newsl10n.markup.frontmatter import DEFAULT_KEYS
from newsl10n.markup.html import parse_html
from newsl10n.markup.markdown import parse_markdown
from newsl10n.markup.placeholders import plain
from newsl10n.markup.project import restore
from newsl10n.markup.text import parse_text

__all__ = [
    "DEFAULT_KEYS",
    "Document",
    "Format",
    "InlineTag",
    "Segment",
    "guess_format",
    "parse",
    "parse_html",
    "parse_markdown",
    "parse_text",
    "plain",
    "restore",
]

_EXTENSIONS: dict[str, Format] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}
_HTML = re.compile(
    r"\A\s*(?:<!doctype\s+html|<html[\s>]|<!--)|<(?:p|div|h[1-6]|br|a\s+href|figure|ul|ol|article)[\s/>]",
    re.I,
)
_MARKDOWN = re.compile(
    r"\A---\r?\n|^#{1,6} \S|^[ \t]*[-*+] \S|\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)|^```|^\[[^\]\n]{1,200}\]:\s",
    re.M,
)


def guess_format(text: str, name: str | PurePath | None = None) -> Format:
    """The format of an article: by the file's extension, then by sniffing the text.

    Args:
        text: The article.
        name: Its file name, or ``None``.

    Returns:
        ``"html"``, ``"markdown"`` or ``"text"``.
    """
    if name is not None:
        found = _EXTENSIONS.get(PurePath(name).suffix.lower())
        if found:
            return found
    head = text[:20000]
    if _HTML.search(head):
        return "html"
    if _MARKDOWN.search(head):
        return "markdown"
    return "text"


def parse(
    text: str,
    format: Format | Literal["auto"] = "auto",
    *,
    lang: str | None = None,
    name: str | PurePath | None = None,
    front_matter_keys: Iterable[str] = DEFAULT_KEYS,
) -> Document:
    """Read an article into segments.

    Args:
        text: The article.
        format: ``"text"``, ``"html"``, ``"markdown"``, or ``"auto"`` for
            :func:`guess_format`.
        lang: Its language code for sentence splitting, or ``None``.
        name: Its file name, for ``"auto"``.
        front_matter_keys: Markdown front-matter keys to translate.

    Returns:
        The document; ``parse(text, ...).render({}) == text``.
    """
    chosen = guess_format(text, name) if format == "auto" else format
    if chosen == "html":
        return parse_html(text, lang)
    if chosen == "markdown":
        return parse_markdown(text, lang, front_matter_keys)
    return parse_text(text, lang)
