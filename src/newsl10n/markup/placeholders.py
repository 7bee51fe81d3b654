"""The placeholders that carry inline markup through a model, and how to find them again.

A segment's text holds its inline markup as XLIFF-style tokens:

* ``<g1>`` ... ``</g1>``: a paired tag (``<b>``, ``<a href>``, ``**``, ``[...](url)``);
* ``<x2/>``: a standalone one (``<br>``, an image, a code span, a comment, an element
  that is not translated).

Numbers count from 1 within a segment, pairs and standalones sharing one sequence.

Why this syntax:

* it cannot collide with the glossary's ``NE1`` (:data:`newsl10n.tokens.TERM`) nor the
  catalog's ``[X1X]`` (:data:`newsl10n.tokens.SLOT`): no bracket, and the letters ``g`` and
  ``x`` sit between ``<`` and a digit, where neither finder looks (``<x1/>`` is not
  ``X1X``: the ``/`` is no ``X``). A glossary token placed inside a pair (``<g1>NE1</g1>``)
  is still found, since ``>`` and ``<`` are not word characters;
* the closing form names its pair, so a pair the model moved, swapped or half dropped can
  still be matched up, which ``[1]...[/1]`` would do too, but ``[1]`` is a common footnote
  mark in news copy while ``<g1>`` in text is not (in HTML it would be written
  ``&lt;g1&gt;``, and text that looks like a token is protected as a standalone token);
* models trained on web text (OPUS) see HTML-like tags often and copy them; XLIFF 1.2
  uses exactly ``<g>`` and ``<x/>``, so a CAT tool or TMX 1.4b export (``<bpt>``/``<ept>``/
  ``<ph>``) maps one to one.

:data:`FOUND` also finds the forms models mangle them into (``< g1 >``, ``</ G1>``,
``<x1>``, ``<х1/>`` with a Cyrillic х).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsl10n import tokens

__all__ = [
    "EXACT",
    "FOUND",
    "Mark",
    "close_mark",
    "marks",
    "open_mark",
    "plain",
    "point_mark",
]

EXACT = tokens.MARK_EXACT
"""A placeholder exactly as newsl10n writes it (:data:`newsl10n.tokens.MARK_EXACT`)."""
FOUND = tokens.MARK_FOUND
"""A placeholder in model output, mangled or not (:data:`newsl10n.tokens.MARK_FOUND`)."""
LIKE = tokens.MARK_LIKE
"""Source text a finder would take for a placeholder (:data:`newsl10n.tokens.MARK_LIKE`)."""
open_mark = tokens.open_mark
close_mark = tokens.close_mark
point_mark = tokens.point_mark

_SPACE = frozenset(" \t\n\r\f\v\xa0")


@dataclass(frozen=True)
class Mark:
    """One placeholder found in a text.

    Attributes:
        kind: ``"open"``, ``"close"`` or ``"point"``.
        n: Its number.
        start: Offset of its first character.
        end: Offset just past it.
    """

    kind: Literal["open", "close", "point"]
    n: int
    start: int
    end: int


def marks(text: str) -> list[Mark]:
    """The placeholders of a segment text, exactly as newsl10n writes them, in order."""
    found: list[Mark] = []
    for match in EXACT.finditer(text):
        if match.group("point"):
            found.append(Mark("point", int(match.group("point")), match.start(), match.end()))
        else:
            kind: Literal["open", "close"] = "close" if match.group("close") else "open"
            found.append(Mark(kind, int(match.group("pair")), match.start(), match.end()))
    return found


def plain(text: str) -> tuple[str, list[int]]:
    """The text without its placeholders, and where each of its characters came from.

    A glossary matches terms on the plain text (``<g1>Sadyr</g1> Japarov`` ->
    ``Sadyr Japarov``) and maps a match back through the offsets. A standalone token
    between two non-space characters (``Bishkek<x1/>Osh`` for a ``<br>``) counts as one
    space, so that words never run together.

    Args:
        text: A segment text with placeholders.

    Returns:
        ``(plain_text, offsets)``: ``offsets[i]`` is the index in ``text`` of
        ``plain_text[i]``, and ``offsets[len(plain_text)] == len(text)``, so a plain span
        ``[s, e)`` is ``text[offsets[s]:offsets[e - 1] + 1]`` when not empty.
    """
    chars: list[str] = []
    offsets: list[int] = []
    last = 0
    for match in EXACT.finditer(text):
        chunk = text[last : match.start()]
        chars.append(chunk)
        offsets.extend(range(last, match.start()))
        if match.group("point") and _between_words(text, match.start(), match.end()):
            chars.append(" ")
            offsets.append(match.start())
        last = match.end()
    chars.append(text[last:])
    offsets.extend(range(last, len(text)))
    offsets.append(len(text))
    return "".join(chars), offsets


def _between_words(text: str, start: int, end: int) -> bool:
    """The characters around ``text[start:end]``, past other tokens, are both non-space."""
    before = EXACT.sub("", text[max(0, start - 40) : start])
    after = EXACT.sub("", text[end : end + 40])
    return bool(before) and bool(after) and before[-1] not in _SPACE and after[0] not in _SPACE
