"""Markdown posts (CommonMark, tables and ``~~strike~~``, YAML front matter) as segments.

markdown-it-py parses the body; its block tokens carry line maps, and each paragraph,
heading and table cell's inline content is found on those lines and walked child by
child (text, escapes, entities, emphasis, links, images, code spans, breaks, inline HTML)
to recover the exact source of every piece. Emphasis, strong, strike and links are
pairs (the link's ``](url)`` is the closing, so URLs never reach the model; a shortcut
reference ``[label]`` is written ``[translation][label]`` so that it still resolves);
images, code spans, autolinks, hard breaks and inline HTML are standalone placeholders.
Code blocks, fences, HTML blocks, reference definitions and thematic breaks are skeleton.

An image's alt text and the titles of links, images and reference definitions are
segments of their own, like HTML's ``alt`` and ``title`` (``a1``, context ``"alt"`` or
``"title"``), placed inside the placeholder or the skeleton; URLs and labels stay as
written. A translated title keeps its delimiter and backslash-escapes it; an alt that holds
markup (emphasis, code) and a title that spans lines inside a container are left as
written. A block whose inline source cannot be located (tabs expanded inside a list, say)
is left as written and named in :attr:`Document.notes`.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from newsl10n.markup.document import Document, Parts, Slot
from newsl10n.markup.frontmatter import DEFAULT_KEYS, read_front_matter
from newsl10n.markup.inline import Builder, Close, Item, Open, Point, Text
from newsl10n.markup.mdfields import (
    Field,
    Gaps,
    alt_text,
    definition_titles,
    field_escape,
    settle,
    title_span,
    worth,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["parse_markdown"]

_LINE_END = re.compile(r"\r\n|\r|\n")
_PREFIX = re.compile(r"[ \t>|#*+\-.)\d]*")
_SOFT = re.compile(r"[ \t]*\n[ \t]*")
_HARD = re.compile(r"(?:\\|[ \t]*)\n[ \t]*")
_SPECIAL = re.compile(r"[\\&]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_PAIRS = {"em": "em", "strong": "strong", "s": "s"}
_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_[]<"})
_TABLE_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_[]<|"})
_LEADING = re.compile(r"^([#>+=\-]|\d+[.)])")


class _Unmapped(Exception):
    """The inline source could not be matched with markdown-it's tokens."""


def parse_markdown(
    source: str, lang: str | None = None, front_matter_keys: Iterable[str] = DEFAULT_KEYS
) -> Document:
    """Cut a Markdown post into segments.

    Args:
        source: The post, with or without YAML front matter.
        lang: Its language code for sentence splitting, or ``None``.
        front_matter_keys: The front-matter keys to translate.

    Returns:
        The document; ``parse_markdown(s).render({}) == s``.
    """
    from markdown_it import MarkdownIt

    builder = Builder(source, "markdown", lang)
    base = read_front_matter(source, builder, front_matter_keys)
    body = source[base:]
    starts, ends = _lines(body)
    parser = MarkdownIt("commonmark", {"inline_definitions": True}).enable(["table", "strikethrough"])
    tokens = parser.parse(body)
    gaps = Gaps(builder, body, definition_titles(body, starts, ends, tokens))
    cursor = 0
    contexts: list[str] = []
    for token in tokens:
        if token.nesting == 1:
            contexts.append(token.tag)
        elif token.nesting == -1 and contexts:
            contexts.pop()
        if token.type != "inline" or not token.map or not token.content.strip():
            continue
        context = _context(contexts)
        try:
            at, content = _locate(body, starts, ends, token, cursor)
            walker = _Walker(content, at, body, base, context in ("td", "th"))
            items = walker.walk(token.children or [])
        except _Unmapped:
            line = token.map[0] + 1 + source[:base].count("\n")
            builder.notes.append(f"line {line}: inline markup not located, left as written")
            continue
        begin, finish = at(0), at(len(content))
        gaps.write(cursor, begin)
        settle(builder, walker.fields, items)
        builder.run(items, context, _escape(context), [(0, 1 << 62)] if context[:1] == "h" else None)
        cursor = finish
    gaps.write(cursor, len(body))
    return builder.document()


def _context(contexts: Sequence[str]) -> str:
    """The block that holds an inline token: ``li`` or ``blockquote`` for a paragraph in
    one, else its own tag."""
    inner = [c for c in contexts if c]
    if not inner:
        return "p"
    if inner[-1] == "p":
        return next((c for c in reversed(inner) if c in ("li", "blockquote")), "p")
    return inner[-1]


def _escape(context: str) -> Callable[[str], str]:
    table = _TABLE_ESCAPED if context in ("td", "th") else _ESCAPED

    def write(text: str) -> str:
        text = text.translate(table)
        return _LEADING.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text)

    return write


def _lines(body: str) -> tuple[list[int], list[int]]:
    """Start and end (before the line break) of every line of ``body``."""
    starts, ends = [0], []
    for match in _LINE_END.finditer(body):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(body))
    return starts, ends


def _locate(
    body: str, starts: list[int], ends: list[int], token: Token, cursor: int
) -> tuple[Callable[[int], int], str]:
    """Find ``token.content`` line by line on the token's source lines after ``cursor``.

    Returns:
        A map from offsets in the content to offsets in ``body``, and the content as
        written (a table cell's ``|`` is ``\\|`` in the source).
    """
    assert token.map is not None
    content_starts: list[int] = []
    body_starts: list[int] = []
    lines: list[str] = []
    offset = 0
    for k, written in enumerate(token.content.split("\n")):
        line = written
        number = token.map[0] + k
        if number >= len(starts):
            raise _Unmapped
        start = max(starts[number], cursor)
        found = _find(body, line, start, ends[number])
        if found < 0 and "|" in line:
            escaped = line.replace("|", "\\|")
            found = _find(body, escaped, start, ends[number])
            line = escaped if found >= 0 else line
        if found < 0:
            raise _Unmapped
        lines.append(line)
        content_starts.append(offset)
        body_starts.append(found)
        offset += len(line) + 1
        cursor = found + len(line)

    def at(position: int) -> int:
        k = bisect_right(content_starts, position) - 1
        return body_starts[k] + position - content_starts[k]

    return at, "\n".join(lines)


def _find(body: str, line: str, start: int, end: int) -> int:
    """First place of ``line`` in ``body[start:end]`` after only container marks."""
    prefix = _PREFIX.match(body, start, end)
    limit = prefix.end() if prefix else start
    found = body.find(line, start, end)
    return found if found <= limit else -1


class _Walker:
    """Walks an inline token's children over its content, making items."""

    def __init__(
        self, content: str, at: Callable[[int], int], body: str, base: int, table_cell: bool = False
    ) -> None:
        self.content = content
        self.at = at
        self.body = body
        self.base = base
        self.table_cell = table_cell
        self.pos = 0
        self.items: list[Item] = []
        self.opened: list[tuple[str, Open, int]] = []
        self.titles: list[object] = []
        self.fields: dict[Slot, tuple[Field, str]] = {}
        self.autolink = False
        self._special_at = -1

    def walk(self, children: Sequence[Token]) -> list[Item]:
        for child in children:
            self._child(child)
        if self.content[self.pos :].strip() or self.opened:
            raise _Unmapped
        return self.items

    def _raw(self, start: int, end: int) -> str:
        return self.body[self.at(start) : self.at(end)]

    def _text(self, text: str, start: int, end: int, exact: bool) -> None:
        a, b = self.at(start), self.at(end)
        exact = exact and self.body[a:b] == text
        self.items.append(Text(text, a + self.base, b + self.base, exact))

    def _take(self, size: int) -> tuple[str, ...]:
        if size <= 0 or self.pos + size > len(self.content):
            raise _Unmapped
        raw = self._raw(self.pos, self.pos + size)
        self.pos += size
        return (raw,)

    def _child(self, child: Token) -> None:
        kind = child.type
        if self.autolink and kind != "link_close":
            return
        if kind in ("text", "text_special"):
            self._match_text(child.content)
        elif kind in ("softbreak", "hardbreak"):
            match = (_SOFT if kind == "softbreak" else _HARD).match(self.content, self.pos)
            if not match:
                raise _Unmapped
            if kind == "softbreak":
                self._text(" ", match.start(), match.end(), exact=False)
            else:
                self.items.append(Point("break", (self._raw(match.start(), match.end()),), " "))
                # A space for the model after the break; it writes nothing in the source.
                end = self.at(match.end()) + self.base
                self.items.append(Text(" ", end, end, exact=False))
            self.pos = match.end()
        elif kind.endswith(("_open", "_close")) and kind.rsplit("_", 1)[0] in _PAIRS:
            self._emphasis(child)
        elif kind == "link_open":
            self._link_open(child)
        elif kind == "link_close":
            self._link_close()
        elif kind == "image":
            self._image(child)
        elif kind == "code_inline":
            self._point("code", _code_end(self.content, self.pos, child.markup))
        elif kind == "html_inline":
            if not self.content.startswith(child.content, self.pos):
                raise _Unmapped
            self._point("html", self.pos + len(child.content))
        else:
            raise _Unmapped

    def _image(self, child: Token) -> None:
        """An image as a point, its alt text and title as fields inside it."""
        if not self.content.startswith("!", self.pos):
            raise _Unmapped
        bracket = _bracket_close(self.content, self.pos + 1)
        end = _link_tail_end(self.content, bracket)
        if end > len(self.content):
            raise _Unmapped
        fields: list[tuple[int, int, str, str]] = []
        alt = alt_text(child.children or [])
        if alt is not None and worth(alt) and "\n" not in self.content[self.pos : bracket]:
            fields.append((self.pos + 2, bracket, alt, "alt"))
        title = title_span(self.content, bracket, end, child.attrs.get("title"))
        if title is not None and worth(title[2]):
            fields.append((*title, "title"))
        parts = self._with_fields(self.pos, end, fields)
        self.pos = end
        self.items.append(Point("image", parts, "x"))

    def _with_fields(self, start: int, end: int, fields: list[tuple[int, int, str, str]]) -> Parts:
        """The source of ``content[start:end]``, each field in it a stand-in slot."""
        parts: list[str | Slot] = []
        for field_start, field_end, text, context in fields:
            raw = self._raw(field_start, field_end)
            stand_in = Slot(f"\x00{len(self.fields)}")
            escape = field_escape(raw, context, self.table_cell)
            self.fields[stand_in] = (Field(field_start, field_end, text, context, escape), raw)
            parts += [self._raw(start, field_start), stand_in]
            start = field_end
        parts.append(self._raw(start, end))
        return tuple(p for p in parts if p)

    def _point(self, name: str, end: int) -> None:
        if end <= self.pos:
            raise _Unmapped
        self.items.append(Point(name, self._take(end - self.pos), "x"))

    def _emphasis(self, child: Token) -> None:
        name = _PAIRS[child.type.rsplit("_", 1)[0]]
        if not self.content.startswith(child.markup, self.pos):
            raise _Unmapped
        raw = self._take(len(child.markup))
        if child.nesting == 1:
            opener = Open(name, raw, raw)
            self.items.append(opener)
            self.opened.append((name, opener, self.pos))
            return
        if not self.opened or self.opened[-1][0] != name:
            raise _Unmapped
        _, opener, _ = self.opened.pop()
        self.items.append(Close(opener, raw, raw))

    def _link_open(self, child: Token) -> None:
        if child.markup == "autolink":
            end = self.content.find(">", self.pos)
            if not self.content.startswith("<", self.pos) or end < 0:
                raise _Unmapped
            self.items.append(Point("link", self._take(end + 1 - self.pos), "x"))
            self.autolink = True
            return
        if not self.content.startswith("[", self.pos):
            raise _Unmapped
        opener = Open("link", self._take(1), ("[",))
        self.items.append(opener)
        self.opened.append(("link", opener, self.pos))
        self.titles.append(child.attrs.get("title"))

    def _link_close(self) -> None:
        if self.autolink:
            self.autolink = False
            return
        if not self.opened or self.opened[-1][0] != "link" or not self.content.startswith("]", self.pos):
            raise _Unmapped
        _, opener, label_start = self.opened.pop()
        label = self._raw(label_start, self.pos)
        end = _link_tail_end(self.content, self.pos)
        title = title_span(self.content, self.pos, end, self.titles.pop())
        fields = [(*title, "title")] if title is not None and worth(title[2]) else []
        tail = self._with_fields(self.pos, end, fields)
        self.pos = end
        again = tail if tail[0] not in ("]", "][]") else (f"][{label}]",)
        self.items.append(Close(opener, tail, again))

    def _match_text(self, expected: str) -> None:
        """Consume the source of a text token: literal runs, backslash escapes, entities."""
        content, i = self.content, 0
        while i < len(expected):
            stop = self._next_special()
            take = min(stop - self.pos, len(expected) - i)
            if take > 0:
                if content[self.pos : self.pos + take] != expected[i : i + take]:
                    raise _Unmapped
                self._text(expected[i : i + take], self.pos, self.pos + take, exact=True)
                self.pos += take
                i += take
                continue
            size, decoded = self._special(expected[i:])
            self._text(decoded, self.pos, self.pos + size, exact=size == len(decoded))
            self.pos += size
            i += len(decoded)

    def _next_special(self) -> int:
        """Offset of the next backslash or ampersand from ``pos`` (searched once per one)."""
        if self._special_at < self.pos:
            special = _SPECIAL.search(self.content, self.pos)
            self._special_at = special.start() if special else len(self.content)
        return self._special_at

    def _special(self, expected: str) -> tuple[int, str]:
        """Source size and decoded text of the escape, entity or literal at ``pos``."""
        content, pos = self.content, self.pos
        if pos >= len(content):
            raise _Unmapped
        char = content[pos]
        if char == "\\" and content[pos + 1 : pos + 2] in _PUNCT and expected.startswith(content[pos + 1]):
            return 2, content[pos + 1]
        if char == "&":
            match = _ENTITY.match(content, pos)
            if match:
                decoded = html.unescape(match.group())
                if decoded != match.group() and expected.startswith(decoded):
                    return len(match.group()), decoded
        if not expected.startswith(char):
            raise _Unmapped
        return 1, char


def _bracket_close(content: str, pos: int) -> int:
    """Offset of the ``]`` that closes the ``[`` at ``pos`` (brackets nest)."""
    if not content.startswith("[", pos):
        raise _Unmapped
    depth, i = 0, pos
    while i < len(content):
        char = content[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise _Unmapped


def _link_tail_end(content: str, pos: int) -> int:
    """End of ``](destination "title")``, ``][label]`` or ``]`` starting at ``pos``."""
    i = pos + 1
    if content.startswith("(", i):
        depth = 0
        quote = ""
        while i < len(content):
            char = content[i]
            if char == "\\":
                i += 2
                continue
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and content[i - 1] in " \t\n":
                quote = char
            elif char == "<":
                close = content.find(">", i)
                i = close if close > 0 else i
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise _Unmapped
    if content.startswith("[", i):
        close = content.find("]", i)
        if close < 0:
            raise _Unmapped
        return close + 1
    return i


def _code_end(content: str, pos: int, markup: str) -> int:
    """End of the code span opened by the backtick run ``markup`` at ``pos``."""
    if not content.startswith(markup, pos):
        raise _Unmapped
    pattern = re.compile(rf"(?<!`){re.escape(markup)}(?!`)")
    match = pattern.search(content, pos + len(markup))
    if not match:
        raise _Unmapped
    return match.end()
