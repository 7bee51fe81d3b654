"""Put a segment's placeholders back into its translation, each once and properly nested.

:func:`restore` trusts the model where it kept a token and repairs the rest:

* the first copy of each token is kept; later copies and numbers the source does not have
  are removed (never duplicated);
* a mangled token (``< g1 >``, ``</G1>``) counts as the token;
* a pair whose close came before its open is taken in the model's order (the span between);
* a pair with one half lost gets the other half around as many words as it spanned in
  the source: an open without close wraps that many words after it, a close without open
  that many before it;
* a token lost entirely goes back at the same relative word position as in the source
  (never dropped);
* crossing pairs (``<g1>a<g2>b</g1>c</g2>``) are nested by moving the outer close to just
  after the inner one (``<g1>a<g2>bc</g2></g1>``);
* spaces just inside a pair move outside it (``<g1> word</g1>`` -> `` <g1>word</g1>``),
  which Markdown emphasis needs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from newsl10n.markup.placeholders import FOUND, close_mark, marks, open_mark, point_mark

__all__ = ["restore", "tidy_spaces"]

_WORD = re.compile(r"\w+")
_LATE = 1 << 40
"""Order key of an inserted open or point: after the model's tokens at the same place."""


@dataclass
class _Event:
    """A token placed in the translation's plain text at ``pos``, ordered by ``seq``."""

    kind: str  # "open", "close" or "point"
    n: int
    pos: int
    seq: float


@dataclass(frozen=True)
class _SourceShape:
    """Where each token sat in the source, in words."""

    pairs: list[int]  # pair numbers in order of their opens
    points: list[int]
    before: dict[int, int]  # words before the token (the open for a pair)
    inside: dict[int, int]  # words inside a pair
    total: int


def restore(source: str, translated: str) -> str:
    """The translation with every placeholder of ``source`` in it once, properly nested.

    Args:
        source: The segment text sent to the model, with placeholders.
        translated: What the model returned.

    Returns:
        ``translated`` with its placeholders repaired (see the module docstring);
        unchanged when they were already right.
    """
    shape = _shape(source)
    if not shape.pairs and not shape.points:
        return FOUND.sub("", translated) if FOUND.search(translated) else translated
    text, events = _kept_events(translated, shape)
    _add_missing(text, events, shape)
    return _emit(text, events)


def _shape(source: str) -> _SourceShape:
    found = marks(source)
    pairs = [m.n for m in found if m.kind == "open"]
    points = [m.n for m in found if m.kind == "point"]
    words_at: list[int] = []
    last, count = 0, 0
    for mark in found:
        count += len(_WORD.findall(source, last, mark.start))
        words_at.append(count)
        last = mark.end
    total = count + len(_WORD.findall(source, last))
    before: dict[int, int] = {}
    inside: dict[int, int] = {}
    for mark, words in zip(found, words_at):
        if mark.kind == "close":
            inside[mark.n] = words - before.get(mark.n, words)
        else:
            before[mark.n] = words
    return _SourceShape(pairs, points, before, inside, total)


def _kept_events(translated: str, shape: _SourceShape) -> tuple[str, list[_Event]]:
    """The plain translation and the first copy of each known token in it."""
    pairs, points = set(shape.pairs), set(shape.points)
    seen: set[tuple[str, int]] = set()
    events: list[_Event] = []
    chunks: list[str] = []
    length = last = 0
    for seq, match in enumerate(FOUND.finditer(translated)):
        chunk = translated[last : match.start()]
        last = match.end()
        n = int(match.group("n"))
        kind = _kind(match, n, pairs, points, seen)
        # A dropped copy: do not leave two spaces where it was.
        if kind is None and chunk.endswith(" ") and translated[last : last + 1] in (" ", ""):
            chunk = chunk[:-1]
        chunks.append(chunk)
        length += len(chunk)
        if kind is not None:
            seen.add((kind, n))
            events.append(_Event(kind, n, length, seq))
    chunks.append(translated[last:])
    return "".join(chunks), events


def _kind(
    match: re.Match[str], n: int, pairs: set[int], points: set[int], seen: set[tuple[str, int]]
) -> str | None:
    """What a found token is, or ``None`` to drop it (unknown number or a second copy)."""
    if n in points:
        kind = "point"
    elif n in pairs:
        if match.group("close"):
            kind = "close"
        elif match.group("slash"):
            kind = "close" if ("open", n) in seen else "open"
        else:
            kind = "open" if ("open", n) not in seen else "close"
    else:
        return None
    return None if (kind, n) in seen else kind


def _add_missing(text: str, events: list[_Event], shape: _SourceShape) -> None:
    """Insert the tokens the model lost (see the module docstring)."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    have = {(e.kind, e.n): e for e in events}
    for n in shape.points:
        if ("point", n) not in have:
            events.append(_Event("point", n, _word_start(text, words, _relative(shape, n, words)), _LATE))
    for n in shape.pairs:
        opened, closed = have.get(("open", n)), have.get(("close", n))
        size = shape.inside.get(n, 0)
        if opened and closed:
            if (closed.pos, closed.seq) < (opened.pos, opened.seq):
                opened.kind, closed.kind = "close", "open"
            continue
        if opened:
            first = _words_from(words, opened.pos)
            end = words[min(first + size, len(words)) - 1][1] if size and first < len(words) else opened.pos
            if end > opened.pos:
                events.append(_Event("close", n, end, -_LATE))
            else:
                events.append(_Event("close", n, opened.pos, opened.seq + 0.5))
        elif closed:
            last = _words_before(words, closed.pos)
            start = words[max(last - size, 0)][0] if size and last > 0 else closed.pos
            if start < closed.pos:
                events.append(_Event("open", n, start, _LATE))
            else:
                events.append(_Event("open", n, closed.pos, closed.seq - 0.5))
        else:
            first = _relative(shape, n, words)
            start = _word_start(text, words, first)
            end = words[min(first + size, len(words)) - 1][1] if size and first < len(words) else start
            events.append(_Event("open", n, start, _LATE))
            events.append(_Event("close", n, end, -_LATE if end > start else _LATE + 1))


def _relative(shape: _SourceShape, n: int, words: list[tuple[int, int]]) -> int:
    """The word index in the translation at the token's relative place in the source."""
    if not shape.total:
        return len(words)
    return min(round(shape.before.get(n, 0) * len(words) / shape.total), len(words))


def _word_start(text: str, words: list[tuple[int, int]], index: int) -> int:
    return words[index][0] if index < len(words) else len(text.rstrip())


def _words_from(words: list[tuple[int, int]], pos: int) -> int:
    """Index of the first word that ends after ``pos``."""
    return bisect_right(words, pos, key=lambda word: word[1])


def _words_before(words: list[tuple[int, int]], pos: int) -> int:
    """How many words start before ``pos``."""
    return bisect_left(words, pos, key=lambda word: word[0])


def _emit(text: str, events: list[_Event]) -> str:
    """Write ``text`` with its tokens, deferring a close until the pairs inside it closed."""
    events.sort(key=lambda e: (e.pos, e.seq))
    out: list[str] = []
    stack: list[int] = []
    pending: set[int] = set()
    last = 0
    for event in events:
        out.append(text[last : event.pos])
        last = event.pos
        if event.kind == "point":
            out.append(point_mark(event.n))
        elif event.kind == "open":
            out.append(open_mark(event.n))
            stack.append(event.n)
        elif stack and stack[-1] == event.n:
            out.append(close_mark(stack.pop()))
            while stack and stack[-1] in pending:
                pending.discard(stack[-1])
                out.append(close_mark(stack.pop()))
        else:
            pending.add(event.n)
    out.append(text[last:])
    out.extend(close_mark(n) for n in reversed(stack))
    return tidy_spaces("".join(out))


_OPEN_RUN = re.compile(r"(?<![ \t])[ \t]*(?:<g\d+>[ \t]*)+")
_CLOSE_RUN = re.compile(r"(?<![ \t])(?:[ \t]*</g\d+>)+[ \t]*")
_SPACE_OR_TAB = re.compile(r"[ \t]")
_PAIR_TOKEN = re.compile(r"</?g\d+>")


def tidy_spaces(text: str) -> str:
    """``<g1> word </g1>`` -> `` <g1>word</g1> ``: spaces just inside pairs go outside
    (one space for a run of them), in one pass."""

    def before(match: re.Match[str]) -> str:
        space = _SPACE_OR_TAB.search(match.group())
        return (space.group() if space else "") + "".join(_PAIR_TOKEN.findall(match.group()))

    def after(match: re.Match[str]) -> str:
        space = _SPACE_OR_TAB.search(match.group())
        return "".join(_PAIR_TOKEN.findall(match.group())) + (space.group() if space else "")

    return _CLOSE_RUN.sub(after, _OPEN_RUN.sub(before, text))
