"""The tokens newsl10n puts into text on its way to a model, and how to find them again.

Everything that hides a span from the model uses the tokens defined here, so that the
maskers never collide and each finder knows every token form in one place:

* glossary terms become ``NE1``, ``NE2``... (:data:`TERM`); models copy them, sometimes with
  a case suffix glued on (``NE1ге``) or mangled (``НЕ1``, ``NE 1``):
  :data:`TERM_FOUND` finds all of those and names the number and the suffix;
* catalog placeholders (``%d``, ``{name}``, tags) become ``[X1X]``, ``[X2X]``...
  (:data:`SLOT`); :data:`SLOT_IN_SOURCE` finds them as written, :data:`SLOT_FOUND` also as
  models mangle them (``[ X 1 X ]``, ``X1X``);
* ``[X0X]`` (:data:`FRAME`) separates a short string's context from the string itself;
  :data:`FRAME_FOUND` finds it in the output;
* inline markup of HTML and Markdown segments becomes XLIFF-style ``<g1>``...``</g1>`` pairs
  and ``<x2/>`` standalones (:func:`open_mark`, :func:`close_mark`, :func:`point_mark`;
  why this syntax: :mod:`newsl10n.markup.placeholders`); :data:`MARK_EXACT` finds them as
  written, :data:`MARK_FOUND` also as models mangle them, :data:`MARK_LIKE` source text a
  finder would take for one.

:data:`LETTER` and :data:`WORD` are the letter and word patterns the checks share.
"""

from __future__ import annotations

import re

__all__ = [
    "FRAME",
    "FRAME_FOUND",
    "LETTER",
    "MARK_EXACT",
    "MARK_FOUND",
    "MARK_LIKE",
    "SLOT",
    "SLOT_EXACT",
    "SLOT_FOUND",
    "SLOT_IN_SOURCE",
    "TERM",
    "TERM_FOUND",
    "WORD",
    "close_mark",
    "open_mark",
    "point_mark",
    "slot",
    "term",
]

TERM = "NE{n}"
"""The glossary's token for term number ``n`` (1-based)."""

TERM_FOUND = re.compile(
    r"(?<![^\W_])(?:[NН][EЕ][ _\-‐]?|[NnНн][EeЕе])(?P<n>\d{1,2})(?!\d)"
    r"(?:[\-‐'’ʼ]?(?P<suffix>[^\W\d_]+))?"
)
"""A glossary token in model output, with the number ``n`` and a glued case ``suffix``.

Found as written (``NE1``) and as models mangle it: Cyrillic or mixed letters (``НЕ1``,
``NЕ1``), a space, hyphen or underscore before the number (``NE 1``, ``NE-1``, ``NE_1``),
lower or mixed case when glued to the number (``ne1``, ``Ne1``; ``не 1`` is Russian, not a
token). Not inside a word (``ONE1``, ``NEWS1``) and not with three digits or more
(``NE1234``). A suffix glued on directly or after a hyphen or apostrophe (``NE1дин``,
``NE1-га``, ``NE1'дин``, ``NE1’дин``) is the ``suffix`` group, without the hyphen or
apostrophe; the whole match covers both.
"""

SLOT = "[X{n}X]"
"""The catalog's token for placeholder number ``n`` (1-based)."""

SLOT_IN_SOURCE = r"\[X\d+X\]"
"""A catalog token as newsl10n writes it (a pattern string, for larger patterns)."""

SLOT_EXACT = re.compile(SLOT_IN_SOURCE)
"""A catalog token exactly as newsl10n writes it."""

SLOT_FOUND = re.compile(r"\[\s*[Xx]\s*(\d+)\s*[Xx]\s*\]|\b[Xx](\d+)[Xx]\b")
"""A catalog token in model output, mangled or not; group 1 or 2 is the number."""

FRAME = "[X0X]"
"""Separates a context hint from the string it frames."""

FRAME_FOUND = re.compile(r"\[\s*[Xx]\s*0\s*[Xx]\s*\]|\b[Xx]0[Xx]\b")
"""The frame token in model output, mangled or not."""

LETTER = re.compile(r"[^\W\d_]")
"""One letter of any script."""

WORD = re.compile(r"\w+")
"""A run of letters, digits or underscores."""


def term(n: int) -> str:
    """The glossary token for term ``n``: ``term(1)`` -> ``"NE1"``."""
    return TERM.format(n=n)


def slot(n: int) -> str:
    """The catalog token for placeholder ``n``: ``slot(1)`` -> ``"[X1X]"``."""
    return SLOT.format(n=n)


MARK_EXACT = re.compile(r"<(?P<close>/?)g(?P<pair>\d+)>|<x(?P<point>\d+)/>")
"""An inline-markup token exactly as newsl10n writes it."""

MARK_FOUND = re.compile(
    r"<\s*(?:(?P<close>/)\s*)?(?P<letter>[gGxXхХ])\s*(?:[-_]\s*)?(?P<n>\d{1,4})\s*(?:(?P<slash>/)\s*)?>"
)
"""An inline-markup token in model output, mangled or not: ``close`` and ``slash`` tell its form."""

MARK_LIKE = re.compile(r"<\s*(?:/\s*)?[gGxXхХ]\s*(?:[-_]\s*)?\d{1,4}\s*(?:/\s*)?>")
"""Source text that a finder would take for an inline-markup token (it is protected)."""


def open_mark(n: int) -> str:
    """The opening token of markup pair ``n``: ``open_mark(1)`` -> ``"<g1>"``."""
    return f"<g{n}>"


def close_mark(n: int) -> str:
    """The closing token of markup pair ``n``: ``close_mark(1)`` -> ``"</g1>"``."""
    return f"</g{n}>"


def point_mark(n: int) -> str:
    """The standalone markup token ``n``: ``point_mark(2)`` -> ``"<x2/>"``."""
    return f"<x{n}/>"
