"""A tokenizer for HTML that keeps the exact source span of every token.

Why not lxml, html5lib or selectolax: all three build a tree and write it out again, so
attribute order and quoting, entity spellings, the case and spacing inside tags, and
whatever they repaired are lost; none of them reports where in the source a tag or an
attribute value was (lxml only has line numbers). Writing back "every byte as it was"
needs offsets, so the reader tokenizes the source itself, following the WHATWG
tokenizer's states that matter for splitting (tags with quoted attribute values that may
hold ``>``, comments, doctype and bogus comments, raw text of ``script``/``style``, RCDATA
of ``title``/``textarea``, ``plaintext``), and the tree rules a browser applies to
malformed inline markup are applied by :mod:`newsl10n.markup.html`. Every character of
the input belongs to exactly one token, so nothing can be lost, and each step moves
forward with a compiled pattern, so a 10 MB single line takes linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Attribute", "Token", "tokenize"]

_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes"})
_RCDATA = frozenset({"title", "textarea"})

_TAG_NAME = re.compile(r"[^\s/>]*")
_ATTR_NAME = re.compile(r"[^\s/>][^\s/>=]*")
_SPACE = re.compile(r"[\t\n\f\r ]*")
_VALUE = re.compile(r"\"[^\"]*\"|'[^']*'|[^\s>]*")
_TEXT_END = re.compile(r"<")
_COMMENT_END = re.compile(r"--!?>")


@dataclass(frozen=True)
class Attribute:
    """An attribute of a start tag.

    Attributes:
        name: Lower-cased name.
        value_start: Offset of its value in the source, quotes included (``-1`` if none).
        value_end: Offset just past the value.
        quote: ``'"'``, ``"'"`` or ``""`` (unquoted or no value).
    """

    name: str
    value_start: int
    value_end: int
    quote: str


@dataclass(frozen=True)
class Token:
    """One token: ``source[start:end]`` is its exact text.

    Attributes:
        kind: ``"text"``, ``"start"``, ``"end"``, ``"comment"`` (comments, doctype,
            processing instructions, bogus comments) or ``"raw"`` (the content of a
            raw-text element, or an unfinished tag at the end of the input).
        start: Offset of the first character.
        end: Offset just past the last one.
        name: Lower-cased tag name for start and end tags, else ``""``.
        attributes: A start tag's attributes, in source order.
        self_closing: The start tag ends with ``/>``.
    """

    kind: str
    start: int
    end: int
    name: str = ""
    attributes: tuple[Attribute, ...] = ()
    self_closing: bool = False


def tokenize(source: str) -> Iterator[Token]:
    """The tokens of ``source``, covering it exactly, in order."""
    pos, size = 0, len(source)
    while pos < size:
        if source[pos] != "<":
            match = _TEXT_END.search(source, pos)
            end = match.start() if match else size
            yield Token("text", pos, end)
            pos = end
            continue
        token = _markup(source, pos)
        yield token
        pos = token.end
        if token.kind == "start" and not token.self_closing and token.name in _RAW_TEXT | _RCDATA:
            end = _raw_end(source, pos, token.name)
            if end > pos:
                yield Token("text" if token.name in _RCDATA else "raw", pos, end)
            pos = end
        elif token.kind == "start" and token.name == "plaintext" and pos < size:
            yield Token("raw", pos, size)
            pos = size


def _markup(source: str, pos: int) -> Token:
    """The token that starts with ``<`` at ``pos`` (text ``<`` when it starts no markup)."""
    nxt = source[pos + 1 : pos + 2]
    if source.startswith("<!--", pos):
        return Token("comment", pos, _comment_end(source, pos))
    if nxt in ("!", "?"):
        return Token("comment", pos, _to_gt(source, pos + 2))
    if nxt == "/":
        after = source[pos + 2 : pos + 3]
        if after == ">":
            return Token("comment", pos, pos + 3)
        if after.isascii() and after.isalpha():
            name = _TAG_NAME.match(source, pos + 2)
            assert name is not None
            end, _, _ = _attributes(source, name.end())
            if end < 0:
                return Token("raw", pos, len(source))
            return Token("end", pos, end, name.group().lower())
        if not after:
            return Token("text", pos, len(source))
        return Token("comment", pos, _to_gt(source, pos + 2))
    if nxt.isascii() and nxt.isalpha():
        name = _TAG_NAME.match(source, pos + 1)
        assert name is not None
        end, attributes, self_closing = _attributes(source, name.end())
        if end < 0:
            return Token("raw", pos, len(source))
        return Token("start", pos, end, name.group().lower(), attributes, self_closing)
    return Token("text", pos, pos + 1)


def _comment_end(source: str, pos: int) -> int:
    """End of a comment starting at ``pos`` (``<!-->``, ``<!--->`` and EOF included)."""
    for short in ("<!-->", "<!--->"):
        if source.startswith(short, pos):
            return pos + len(short)
    match = _COMMENT_END.search(source, pos + 4)
    return match.end() if match else len(source)


def _to_gt(source: str, pos: int) -> int:
    end = source.find(">", pos)
    return end + 1 if end >= 0 else len(source)


def _attributes(source: str, pos: int) -> tuple[int, tuple[Attribute, ...], bool]:
    """The attributes from ``pos`` to the tag's ``>``: ``(end, attributes, self_closing)``;
    ``end`` is ``-1`` when the input ends inside the tag."""
    found: list[Attribute] = []
    size = len(source)
    while True:
        pos = _skip(source, pos)
        if pos >= size:
            return -1, (), False
        char = source[pos]
        if char == ">":
            return pos + 1, tuple(found), False
        if char == "/":
            if source.startswith("/>", pos):
                return pos + 2, tuple(found), True
            pos += 1
            continue
        name = _ATTR_NAME.match(source, pos)
        assert name is not None
        pos = _skip(source, name.end())
        if pos < size and source[pos] == "=":
            pos = _skip(source, pos + 1)
            value = _VALUE.match(source, pos)
            assert value is not None
            text = value.group()
            quote = text[:1] if text[:1] in ("'", '"') else ""
            if quote and (len(text) < 2 or not text.endswith(quote)):
                return -1, (), False
            if quote and len(text) == 1:
                return -1, (), False
            found.append(Attribute(name.group().lower(), pos, value.end(), quote))
            pos = value.end()
        else:
            found.append(Attribute(name.group().lower(), -1, -1, ""))


def _skip(source: str, pos: int) -> int:
    match = _SPACE.match(source, pos)
    return match.end() if match else pos


def _raw_end(source: str, pos: int, name: str) -> int:
    """Where the raw text of element ``name`` from ``pos`` ends: at ``</name`` + [space/>]."""
    pattern = re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE)
    match = pattern.search(source, pos)
    return match.start() if match else len(source)
