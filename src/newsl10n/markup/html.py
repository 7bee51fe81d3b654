"""HTML articles (a fragment or a whole document) as segments.

Blocks: any element that is not inline starts or ends a block; the inline content
between two such boundaries is a run (:mod:`newsl10n.markup.inline`). Inline elements
(:data:`INLINE`) become pairs; ``br``, ``wbr``, ``img``, comments and the inline elements
that are not translated (``code kbd samp var``, ``script``/``style`` inside a paragraph,
``svg``, anything with ``translate="no"`` or ``class="notranslate"``) become standalone
placeholders. ``pre``, ``textarea`` and non-translated blocks stay as they are.

``translate`` inherits, the nearest ancestor winning: an element with ``translate="yes"``
(or ``translate=""``) inside a ``translate="no"`` or ``class="notranslate"`` one is read as
usual again, its segments placed inside the untranslated markup (an inline
``<span translate="no">`` stays one placeholder, then with slots inside). On one element
the ``translate`` attribute wins over the class. ``script style code pre kbd samp var``
and their kin are never translated, whatever their ``translate``.

Malformed markup is repaired the way browsers do for what matters to the text: an inline
element left open is closed at the end of its block (and ``</b>`` written there when the
block is translated); misnested ``<b><i>x</b>y</i>`` is read as
``<b><i>x</i></b><i>y</i>``; a stray ``</b>`` is kept as a standalone placeholder (a
browser ignores it). Unlike a browser, a formatting element left open does not carry on
into the next paragraph. Text is never lost: every source character is in the skeleton or
in a segment, and ``render({})`` gives the source back.

Translated attributes: ``alt``, ``title``, and the ``content`` of ``<meta>`` descriptions
(``name="description"``, ``og:description``, ``og:title``, ``twitter:description``,
``twitter:title``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from newsl10n.markup.document import Document, LanguageSlot, Part, Parts
from newsl10n.markup.htmltok import Attribute, Token, tokenize
from newsl10n.markup.inline import Builder, Close, Item, Open, Point, Text

__all__ = ["INLINE", "NOT_TRANSLATED", "parse_html"]

INLINE = frozenset(
    [
        "a",
        "b",
        "strong",
        "i",
        "em",
        "span",
        "abbr",
        "sup",
        "sub",
        "small",
        "mark",
        "q",
        "cite",
        "u",
        "s",
        "del",
        "ins",
        "time",
        "dfn",
        "bdi",
        "bdo",
        "data",
        "font",
        "big",
        "tt",
        "strike",
        "nobr",
        "label",
    ]
)
"""Inline elements that stay inside the sentence as pairs."""

NOT_TRANSLATED = frozenset(
    ["script", "style", "code", "pre", "kbd", "samp", "var", "textarea", "svg", "math"]
)
"""Elements whose content is never translated."""

_POINTS = frozenset({"br", "wbr", "img"})
_CLOSED = NOT_TRANSLATED | {"noscript", "iframe", "plaintext"}
"""Never translated, whatever ``translate`` says inside."""
_INLINE_OPAQUE = (
    frozenset(["script", "style", "code", "kbd", "samp", "var", "svg", "math", "noscript"]) | INLINE
)
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_META_NAMES = frozenset({"description", "og:description", "og:title", "twitter:description", "twitter:title"})
_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "title"})


def parse_html(source: str, lang: str | None = None) -> Document:
    """Cut an HTML article into segments.

    Args:
        source: The HTML, a fragment or a whole document.
        lang: Its language code for sentence splitting, or ``None``.

    Returns:
        The document; ``parse_html(s).render({}) == s``.
    """
    reader = _Reader(source, Builder(source, "html", lang))
    reader.read()
    return reader.builder.document()


@dataclass
class _Reader:
    source: str
    builder: Builder
    run: list[Item] = field(default_factory=list)
    stack: list[Open] = field(default_factory=list)
    context: str = "body"
    table: dict[int, str] = field(
        default_factory=lambda: {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
    )
    _tokens: Iterator[Token] = field(default_factory=lambda: iter(()))
    _pushback: Token | None = None
    _content: bool = False
    _checked: int = 0
    _seen_root: bool = False
    _at: int = 0

    def read(self) -> None:
        self._tokens = tokenize(self.source)
        while (token := self._next()) is not None:
            self._token(token)
        self._flush()

    def _next(self) -> Token | None:
        token: Token | None
        if self._pushback is not None:
            token, self._pushback = self._pushback, None
        else:
            token = next(self._tokens, None)
        if token is not None:
            self._at = token.end
        return token

    def _push(self, token: Token) -> None:
        """Give ``token`` back: the next :meth:`_next` returns it again."""
        self._pushback = token
        self._at = token.start

    def _token(self, token: Token) -> None:
        if token.kind == "text":
            self._text(token.start, token.end)
        elif token.kind == "start":
            self._start(token)
        elif token.kind == "end":
            self._end(token)
        elif token.kind == "comment" and self._active():
            self.run.append(Point("comment", (self._slice(token),)))
        else:
            self._flush()
            self.builder.literal(self._slice(token))

    def _slice(self, token: Token) -> str:
        return self.source[token.start : token.end]

    def _active(self) -> bool:
        """The current run has more than spaces (checked from where it was last known not
        to, so that a long run costs linear time)."""
        while not self._content and self._checked < len(self.run):
            item = self.run[self._checked]
            self._content = not isinstance(item, Text) or bool(item.text.strip())
            self._checked += 1
        return self._content

    def _text(self, start: int, end: int) -> None:
        """Add source text, each entity an atomic item of its own."""
        last = start
        for match in _ENTITY.finditer(self.source, start, end):
            decoded = html.unescape(match.group())
            if decoded == match.group():
                continue
            if last < match.start():
                self.run.append(Text(self.source[last : match.start()], last, match.start()))
            self.run.append(Text(decoded, match.start(), match.end(), exact=False))
            if len(decoded) == 1 and ord(decoded) > 127:
                self.table.setdefault(ord(decoded), match.group())
            last = match.end()
        if last < end:
            self.run.append(Text(self.source[last:end], last, end))

    def _start(self, token: Token) -> None:
        if _opaque(self.source, token):
            if token.name in _CLOSED:
                raw: Parts = (self.source[token.start : self._subtree_end(token)],)
            else:
                raw = self._untranslated(token)
            if token.name in _INLINE_OPAQUE | _POINTS:
                self.run.append(Point(token.name, raw, "x"))
            else:
                self._flush()
                self.builder.literal(raw)
            return
        parts = self._tag(token)
        if token.name in _POINTS:
            self.run.append(Point(token.name, parts, " " if token.name == "br" else ""))
            if token.name == "br":
                self._break_space(token.end)
        elif token.name in INLINE and not token.self_closing:
            opener = Open(token.name, parts, parts)
            self.run.append(opener)
            self.stack.append(opener)
        else:
            self._flush()
            self.builder.literal(parts)
            if token.name not in _VOID:
                self.context = token.name

    def _end(self, token: Token) -> None:
        raw = (self._slice(token),)
        if token.name == "br":
            self.run.append(Point("br", raw, " "))
            self._break_space(token.end)
        elif token.name in INLINE:
            self._close(token.name, raw)
        else:
            self._flush()
            self.builder.literal(raw)

    def _break_space(self, at: int) -> None:
        """A space for the model after a ``<br>``; it writes nothing in the source."""
        self.run.append(Text(" ", at, at, exact=False))

    def _close(self, name: str, raw: Parts) -> None:
        """Close ``name``, closing and reopening what was opened inside it (misnesting)."""
        index = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].name == name), -1)
        if index < 0:
            self.run.append(Point(name, raw))
            return
        inner = self.stack[index + 1 :]
        for opener in reversed(inner):
            self.run.append(Close(opener, (), (f"</{opener.name}>",)))
        opener = self.stack[index]
        self.run.append(Close(opener, raw, raw))
        del self.stack[index:]
        for old in inner:
            again = Open(old.name, (), old.again)
            self.run.append(again)
            self.stack.append(again)

    def _flush(self) -> None:
        """End the current run: close what it left open and hand it to the builder."""
        for opener in reversed(self.stack):
            self.run.append(Close(opener, (), (f"</{opener.name}>",)))
        self.stack.clear()
        if self.run:
            context = self.context
            split = None if context not in _HEADINGS else [(0, 1 << 62)]
            self.builder.run(self.run, context, self._escape_text(), split)
        self.run = []
        self._content, self._checked = False, 0

    def _escape_text(self) -> Callable[[str], str]:
        """Escape ``& < >``, and write the characters the source wrote as entities the same
        way (``&nbsp;``, ``&laquo;``); the table fills as the reader goes."""
        table = self.table
        return lambda text: text.translate(table)

    def _tag(self, token: Token) -> Parts:
        """A start tag as parts, its translated attribute values as slots (and the first
        ``<html>``'s ``lang`` and ``xml:lang`` as :class:`LanguageSlot`)."""
        root = token.name == "html" and not self._seen_root
        self._seen_root = self._seen_root or token.name == "html"
        translated = [a for a in token.attributes if self._translated(token, a)]
        languages = [
            a for a in token.attributes if root and a.name in ("lang", "xml:lang") and a.value_start >= 0
        ]
        if not translated and not root:
            return (self._slice(token),)
        parts: list[Part] = []
        last = token.start
        if root and not any(a.name == "lang" for a in languages):
            parts += [self.source[last : token.start + len("<html")], LanguageSlot("")]
            last = token.start + len("<html")
        for attribute in sorted(translated + languages, key=lambda a: a.value_start):
            raw = self.source[attribute.value_start : attribute.value_end]
            parts.append(self.source[last : attribute.value_start])
            last = attribute.value_end
            if attribute in languages:
                parts.append(LanguageSlot("", raw, attribute.quote))
                continue
            inner = raw[1:-1] if attribute.quote else raw
            escape = _attribute_escape(attribute.quote, self._escape_text())
            parts.append(self.builder.add_field(None, html.unescape(inner), raw, attribute.name, escape))
        parts.append(self.source[last : token.end])
        return tuple(parts)

    def _translated(self, token: Token, attribute: Attribute) -> bool:
        if attribute.value_start < 0:
            return False
        value = self.source[attribute.value_start : attribute.value_end].strip("'\"")
        if not re.search(r"\w", html.unescape(value)):
            return False
        if attribute.name in ("alt", "title"):
            return True
        if token.name == "meta" and attribute.name == "content":
            kinds = {
                _value(self.source, a).lower() for a in token.attributes if a.name in ("name", "property")
            }
            return bool(kinds & _META_NAMES)
        return False

    def _subtree_end(self, token: Token) -> int:
        """Where the element opened by ``token`` ends, its content consumed from the tokens.

        An element with the same name inside it nests; an inline one (``svg`` and ``math``
        aside) also ends at the first block boundary, a block one at the end of the input
        when never closed.
        """
        if token.self_closing or token.name in _VOID:
            return token.end
        depth, end = 1, token.end
        # svg and math hold foreign elements of their own: only their end tag ends them.
        inline = token.name in _INLINE_OPAQUE and token.name not in ("svg", "math")
        while (inner := self._next()) is not None:
            if inner.kind == "start" and inner.name == token.name and not inner.self_closing:
                depth += 1
            elif inner.kind == "end" and inner.name == token.name:
                depth -= 1
            elif inline and inner.kind in ("start", "end") and _is_block(inner.name):
                self._push(inner)
                return end
            end = inner.end
            if depth == 0:
                return end
        return end

    def _untranslated(self, token: Token) -> Parts:
        """The source of a ``translate="no"`` element, delimited as :meth:`_subtree_end`
        does, each element inside it with ``translate="yes"`` read as usual (a slot)."""
        if token.self_closing or token.name in _VOID:
            return (self._slice(token),)
        parts: list[Part] = []
        depth, start, end = 1, token.start, token.end
        inline = token.name in _INLINE_OPAQUE
        while depth and (inner := self._next()) is not None:
            if inner.kind == "start" and inner.name in _CLOSED:
                end = self._subtree_end(inner)
                continue
            if inner.kind == "start" and _translate(self.source, inner) is True:
                parts += [self.source[start : inner.start], *self._translated_inside(inner)]
                start = end = self._at
                continue
            if inner.kind == "start" and inner.name == token.name and not inner.self_closing:
                depth += 1
            elif inner.kind == "end" and inner.name == token.name:
                depth -= 1
            elif inline and inner.kind in ("start", "end") and _is_block(inner.name):
                self._push(inner)
                break
            end = inner.end
        parts.append(self.source[start:end])
        return tuple(p for p in parts if p)

    def _translated_inside(self, token: Token) -> Parts:
        """Read a ``translate="yes"`` element found inside an untranslated one as usual, on
        its own (its runs apart from the one around it); returns what it wrote."""
        saved = (self.run, self.stack, self.context, self._content, self._checked)
        self.run, self.stack, self._content, self._checked = [], [], False, 0
        mark = self.builder.mark()
        self._start(token)
        depth = 0 if token.self_closing or token.name in _VOID else 1
        while depth and (inner := self._next()) is not None:
            if inner.kind == "start" and inner.name == token.name and not inner.self_closing:
                depth += 0 if _opaque(self.source, inner) else 1
            elif inner.kind == "end" and inner.name == token.name:
                depth -= 1
            self._token(inner)
        self._flush()
        self.run, self.stack, self.context, self._content, self._checked = saved
        return self.builder.take(mark)


def _is_block(name: str) -> bool:
    return name not in _INLINE_OPAQUE and name not in _POINTS and name not in NOT_TRANSLATED


def _value(source: str, attribute: Attribute) -> str:
    if attribute.value_start < 0:
        return ""
    return html.unescape(source[attribute.value_start : attribute.value_end].strip("'\""))


def _translate(source: str, token: Token) -> bool | None:
    """What this start tag says of translating its content: ``translate="no"`` or
    ``class="notranslate"`` (``False``), ``translate="yes"`` or ``""`` (``True``), nothing
    (``None``: as its parent). The ``translate`` attribute wins over the class."""
    noted = None
    for attribute in token.attributes:
        if attribute.name == "translate":
            value = _value(source, attribute).strip().lower()
            if value in ("yes", ""):
                return True
            if value == "no":
                return False
        elif attribute.name == "class" and "notranslate" in _value(source, attribute).split():
            noted = False
    return noted


def _opaque(source: str, token: Token) -> bool:
    """Whether this start tag's content is not read as usual."""
    return token.name in _CLOSED or _translate(source, token) is False


def _attribute_escape(quote: str, escape: Callable[[str], str]) -> Callable[[str], str]:
    """Write a translated attribute value, quoted as in the source (``"`` if unquoted)."""
    mark = quote or '"'
    table = {ord(mark): "&quot;" if mark == '"' else "&#39;"}

    def write(text: str) -> str:
        return mark + escape(text).translate(table) + mark

    return write
