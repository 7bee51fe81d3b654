"""Inline markup projected through the model's attention instead of carried through it.

In the ``"align"`` markup mode of the Argos engine a sentence with placeholders
(``<g1>``...``</g1>``, ``<x2/>``; :data:`newsl10n.tokens.MARK_EXACT`) is translated without
them, with CTranslate2's ``return_attention``, and the placeholders are put back here:

1. :func:`strip_marks` takes the placeholders out and remembers, in characters of the plain
   text, the span ``[start, end)`` each pair covered and the position of each point;
2. :func:`links` maps each target piece to the source piece it attends to most (the
   argmax of its attention row; columns past the source, such as ``</s>``, are ignored);
3. :func:`project` gives each pair the hull of the target pieces linked into its source
   span, widened to whole target words, and puts a point before the first target word
   linked to the source word that followed it (at the end when there is none), then runs
   :func:`newsl10n.markup.restore`, so every placeholder is in the output once and properly
   nested whatever the attention said: a pair no target piece links into is left to
   restore, which puts it back at the same relative place as in the source.

Those functions are pure (no model): pieces are given as character spans, attention as a
matrix, so the projection is tested on synthetic alignments. :func:`encode_spans` and
:func:`projected` are the SentencePiece glue the engine calls: piece offsets come from
SentencePiece's proto results (bytes of the text, made characters by :func:`byte_to_char`).

A point (``<x2/>``) glued to the word before it (``Photo:<x2/>``) follows that word's
translation; any other goes before the translation of the word after it. A pair that began
or ended inside a word (``H<sub>2</sub>O``) is not widened there.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsl10n.markup import restore
from newsl10n.markup.placeholders import close_mark, marks, open_mark, point_mark

__all__ = [
    "Point",
    "Stripped",
    "byte_to_char",
    "encode_spans",
    "links",
    "project",
    "projected",
    "strip_marks",
]

log = logging.getLogger(__name__)

Span = tuple[int, int]
"""A ``[start, end)`` range of characters."""


@dataclass(frozen=True)
class Point:
    """Where a standalone placeholder stood in the plain text.

    Attributes:
        n: Its number.
        at: The plain offset it stood at.
        previous: It was glued to the word before it (no space between): it goes after
            that word's translation; otherwise before the following word's.
        glued: It stood between two non-space characters: ``plain`` has a space for it
            (``Bishkek<x1/>Osh`` -> ``Bishkek Osh``), which it takes back in the target.
        spaced: It had spaces on both sides: ``plain`` keeps one of them
            (``and <x1/> then`` -> ``and then``), and it gets its space back in the target.
    """

    n: int
    at: int
    previous: bool
    glued: bool
    spaced: bool


@dataclass(frozen=True)
class Stripped:
    """A segment text without its placeholders, and where they were.

    Attributes:
        source: The text with its placeholders, as the engine received it.
        plain: The text without them, the text the model translates.
        pairs: ``(n, start, end)`` of each pair, in order of its opening token: the plain
            characters ``[start, end)`` it covered.
        points: Each standalone placeholder (:class:`Point`).
        order: Each token's rank in ``source``, keyed ``(kind, n)`` with kind ``"open"``,
            ``"close"`` or ``"point"``.
    """

    source: str
    plain: str
    pairs: tuple[tuple[int, int, int], ...]
    points: tuple[Point, ...]
    order: dict[tuple[str, int], int]


def strip_marks(text: str) -> Stripped:
    """``text`` without its placeholders, with each one's place in the plain text.

    Args:
        text: A segment text with placeholders (:data:`newsl10n.tokens.MARK_EXACT`).

    Returns:
        The stripped text; a pair whose close is missing or comes first covers nothing.
    """
    found = marks(text)
    chunks = [text[a:b] for a, b in zip([0] + [m.end for m in found], [m.start for m in found] + [len(text)])]
    out: list[str] = []
    length, drop = 0, False
    opened: dict[int, int] = {}
    pairs: list[tuple[int, int, int]] = []
    points: list[Point] = []
    order: dict[tuple[str, int], int] = {}
    for rank, mark in enumerate(found):
        chunk = chunks[rank]
        if drop and chunk:
            chunk, drop = chunk[1:], False
        out.append(chunk)
        length += len(chunk)
        order.setdefault((mark.kind, mark.n), rank)
        if mark.kind == "open":
            opened.setdefault(mark.n, length)
        elif mark.kind == "close" and mark.n in opened:
            pairs.append((mark.n, opened.pop(mark.n), length))
        elif mark.kind == "point":
            before = next((c[-1] for c in reversed(out) if c), " ")
            after = next((c[0] for c in chunks[rank + 1 :] if c), " ")
            glued = not before.isspace() and not after.isspace()
            spaced = before.isspace() and after.isspace() and any(chunks[rank + 1 :])
            points.append(Point(mark.n, length, not before.isspace(), glued, spaced))
            if glued:
                out.append(" ")
                length += 1
            drop = drop or spaced
    out.append(chunks[-1][1:] if drop and chunks[-1] else chunks[-1])
    pairs.sort(key=lambda pair: order[("open", pair[0])])
    return Stripped(text, "".join(out), tuple(pairs), tuple(points), order)


def links(attention: Sequence[Sequence[float]], sources: int) -> list[int]:
    """The source piece each target piece attends to most.

    Args:
        attention: One row per target piece, one weight per source position.
        sources: The number of source pieces; later columns (``</s>``) are ignored.

    Returns:
        One source index per row (``-1`` for a row without any source column).
    """
    found: list[int] = []
    for row in attention:
        weights = row[:sources]
        found.append(max(range(len(weights)), key=weights.__getitem__) if len(weights) else -1)
    return found


def byte_to_char(text: str, offsets: Sequence[int]) -> list[int]:
    """UTF-8 byte ``offsets`` into ``text`` as character offsets (SentencePiece gives bytes)."""
    starts = [0]
    for char in text:
        starts.append(starts[-1] + len(char.encode("utf-8")))
    return [bisect_left(starts, offset) for offset in offsets]


def project(
    stripped: Stripped,
    source_pieces: Sequence[Span],
    target: str,
    target_pieces: Sequence[Span],
    linked: Sequence[int],
) -> str:
    """The target with the source's placeholders put back by alignment.

    Args:
        stripped: The source (:func:`strip_marks`).
        source_pieces: Character span of each source piece in ``stripped.plain``.
        target: The translation of ``stripped.plain``.
        target_pieces: Character span of each target piece in ``target``.
        linked: For each target piece, the source piece it is aligned to (:func:`links`).

    Returns:
        ``target`` with every placeholder of ``stripped.source`` once, properly nested.
    """
    source = stripped.plain
    inside = [_core(source, span) for span in source_pieces]
    cores = [_core(target, span) for span in target_pieces]
    events: list[tuple[int, int, int, str]] = []
    for n, start, end in stripped.pairs:
        covered = {k for k, core in enumerate(inside) if core and start <= (core[0] + core[1]) / 2 < end}
        hull = _hull([core for core, k in zip(cores, linked) if core and k in covered])
        if hull is not None:
            # Whole target words, unless the pair began or ended inside a source word (H<sub>2</sub>O).
            first, last = _snap(target, hull, not _inside_word(source, start), not _inside_word(source, end))
            events.append((first, 1, stripped.order[("open", n)], open_mark(n)))
            events.append((last, 0, stripped.order[("close", n)], close_mark(n)))
    words = _words(source, inside)
    for point in stripped.points:
        at, after_word = _point_place(point, words, target, cores, linked)
        token = point_mark(point.n)
        if after_word and point.glued and target[at : at + 1] == " ":
            token += "\0"  # it takes back the space it stood for
        elif not after_word and point.spaced and at < len(target):
            token += " "
        events.append((at, 1, stripped.order[("point", point.n)], token))
    return restore(stripped.source, _insert(target, events))


def _core(text: str, span: Span) -> Span | None:
    """``span`` without its leading and trailing spaces; ``None`` when nothing is left."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _hull(spans: Sequence[Span]) -> Span | None:
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None


def _inside_word(text: str, at: int) -> bool:
    """Offset ``at`` falls between two letters or digits."""
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def _snap(text: str, span: Span, left: bool = True, right: bool = True) -> Span:
    """``span`` widened to whole words (on the ``left``, on the ``right``): no letter or
    digit just outside it is cut off from one inside it."""
    start, end = span
    while left and _inside_word(text, start):
        start -= 1
    while right and _inside_word(text, end):
        end += 1
    return start, end


def _words(text: str, inside: Sequence[Span | None]) -> list[tuple[int, int, set[int]]]:
    """The non-space runs of the source holding pieces: ``(start, end, piece indices)``."""
    runs: dict[int, tuple[int, set[int]]] = {}
    for k, core in enumerate(inside):
        if core:
            start = _run_start(text, core[0])
            end = runs[start][0] if start in runs else _run_end(text, core[0])
            runs.setdefault(start, (end, set()))[1].add(k)
    return [(start, end, pieces) for start, (end, pieces) in sorted(runs.items())]


def _run_start(text: str, at: int) -> int:
    """The start of the run of non-space characters holding ``text[at]``."""
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _run_end(text: str, at: int) -> int:
    """The end of the run of non-space characters holding ``text[at]``."""
    while at < len(text) and not text[at].isspace():
        at += 1
    return at


def _point_place(
    point: Point,
    words: list[tuple[int, int, set[int]]],
    target: str,
    cores: Sequence[Span | None],
    linked: Sequence[int],
) -> tuple[int, bool]:
    """Where a point goes in the target, and whether that is after a word.

    A point glued to the word before it goes after the last target piece linked to that
    word; any other (or when that word has no link) before the first target word linked
    to the first source word after it that has links; else after the last word.
    """
    if point.previous:
        before = [w for w in words if w[1] <= point.at]
        ends = [core[1] for core, k in zip(cores, linked) if before and core and k in before[-1][2]]
        if ends:
            return _snap(target, (max(ends), max(ends)), left=False)[1], True
    for start, _, pieces in words:
        if start < point.at:
            continue
        starts = [core[0] for core, k in zip(cores, linked) if core and k in pieces]
        if starts:
            return _run_start(target, min(starts)), False
    return len(target.rstrip()), True


def _insert(text: str, events: list[tuple[int, int, int, str]]) -> str:
    """``text`` with tokens inserted at their offsets: at one offset closes first, then
    opens and points, each in source order (so pairs with one hull nest as in the source).
    A token ending in ``"\\0"`` replaces the space at its offset."""
    out: list[str] = []
    last = 0
    for offset, _, _, token in sorted(events):
        at = max(offset, last)
        out.append(text[last:at])
        last = at
        if token.endswith("\0"):
            out.append(token[:-1])
            if text[at : at + 1] == " ":
                last += 1
        else:
            out.append(token)
    out.append(text[last:])
    return "".join(out)


# --------------------------------------------------------------------------- SentencePiece glue


def _proto(call: Any, value: Any) -> Any:
    """SentencePiece's proto result of ``call(value)``: ``"proto"`` from 0.2.1 on,
    ``"immutable_proto"`` before (0.2.1 refuses it)."""
    try:
        return call(value, out_type="proto")
    except (ValueError, TypeError, RuntimeError):
        return call(value, out_type="immutable_proto")


def encode_spans(tokenizer: Any, texts: list[str]) -> list[tuple[list[str], list[Span]]]:
    """The pieces of each text and the character span each piece came from.

    Args:
        tokenizer: A ``sentencepiece.SentencePieceProcessor``.
        texts: Plain texts.

    Returns:
        ``(pieces, spans)`` per text; ``pieces`` are what ``encode(text, out_type=str)``
        gives.
    """
    found = []
    for text, proto in zip(texts, _proto(tokenizer.encode, texts)):
        pieces = list(proto.pieces)
        bounds = byte_to_char(text, [b for piece in pieces for b in (piece.begin, piece.end)])
        found.append(([str(piece.piece) for piece in pieces], list(zip(bounds[::2], bounds[1::2]))))
    return found


def projected(
    tokenizer: Any,
    stripped: Stripped,
    encoded: tuple[list[str], list[Span]],
    tokens: list[str],
    rows: list[list[float]],
) -> str:
    """The detokenized ``tokens`` with ``stripped``'s placeholders projected through ``rows``.

    Args:
        tokenizer: The ``sentencepiece.SentencePieceProcessor`` of the model.
        stripped: The source (:func:`strip_marks`).
        encoded: Its pieces and their spans (:func:`encode_spans`).
        tokens: The target pieces (the hypothesis, without any forced prefix).
        rows: The attention row of each target piece.

    Returns:
        The translation with its placeholders; by position only (restore's fallback) when
        the rows or decoded pieces do not match the tokens one to one.
    """
    proto = _proto(tokenizer.decode, tokens)
    text = str(proto.text)
    target = text.strip()
    pieces = list(proto.pieces)
    if len(pieces) != len(tokens) or len(rows) != len(tokens):
        log.debug(
            "%d pieces, %d attention rows for %d tokens: markup by position",
            len(pieces),
            len(rows),
            len(tokens),
        )
        return project(stripped, encoded[1], target, [], [])
    shift = len(text) - len(text.lstrip())
    bounds = byte_to_char(text, [b for piece in pieces for b in (piece.begin, piece.end)])
    spans = [
        (min(max(start - shift, 0), len(target)), min(max(end - shift, 0), len(target)))
        for start, end in zip(bounds[::2], bounds[1::2])
    ]
    return project(stripped, encoded[1], target, spans, links(rows, len(encoded[0])))
