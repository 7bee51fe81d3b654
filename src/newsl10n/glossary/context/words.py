"""What the case rules share: the :class:`Cue` they return, its :class:`Evidence`, and the
words around a term (:class:`Word`, :func:`words_before`, :func:`words_after`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from newsl10n.glossary.morphology import Case

__all__ = ["CONTEXT_WINDOW", "Cue", "Evidence", "Word", "groups", "words_after", "words_before", "wordset"]


class Evidence(str, Enum):
    """What chose the case of a placed term (the ``evidence`` of ``alignment.json``)."""

    MODEL = "model"
    """The model wrote the rendering (or a variant of it) in this case itself."""
    SUFFIX = "model-suffix"
    """A suffix the model glued to a placeholder or a foreign spelling (``NE1ге``)."""
    PREPOSITION = "preposition"
    """A preposition before the term (Russian, English)."""
    POSTPOSITION = "postposition"
    """A postposition after the term (Kyrgyz)."""
    GOVERNING_NOUN = "governing-noun"
    """A noun that governs the term (``визит Путина``, ``Кыргызстандын президенти``)."""
    VERB = "verb"
    """A verb that governs the term (``поздравил Путина``, ``Бишкекке барды``)."""
    AGREEMENT = "agreement"
    """Agreement with a modifier before the term."""
    SOURCE = "source"
    """The case of the term in the source sentence."""
    DEFAULT = "default"
    """Nothing told the case: the base form."""


@dataclass(frozen=True)
class Cue:
    """A case and the evidence for it."""

    case: Case
    evidence: Evidence
    rule: str = field(default="", compare=False)
    """Which rule of this module chose the case (``ru-preposition``, ``ky-possessive``...)."""
    optional: bool = field(default=False, compare=False)
    """The base form is grammatical here too: the case is the likelier form, not a must
    (Kyrgyz ``Россия президенти`` beside ``Россиянын президенти``; a list inflected once)."""


CONTEXT_WINDOW = 256
"""Characters of context read on each side of a term: enough for the words looked at."""


class Word(NamedTuple):
    """A word near the term and what separates it from its neighbour on the term's side."""

    text: str
    lower: str
    joined: bool
    """Nothing but spaces or quotes in between: one phrase."""
    listed: bool
    """A comma in between: the next item of a list, or the next clause."""
    clause: bool
    """No stop, colon, dash or bracket in between: the same clause."""
    opens: bool = False
    """The word opens a sentence (words before the term only)."""


_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_JOINING = re.compile(r"[\s«»\"“”„‘’']*")
"""What may stand between two words of one phrase (no comma, stop, dash or bracket)."""
_JOINING_NUMBERS = re.compile(r"[\s«»\"“”„‘’'\d%-]*")
"""Likewise, numbers allowed (Kyrgyz ``Кыргызстандын 36 жараны``)."""
_LISTING = re.compile(r"[\s«»\"“”„‘’']*,[\s«»\"“”„‘’']*")
_SENTENCE_END = re.compile(r"(?:[.!?…\n]|:\s*[«\"“„])\s*[«\"“„(]*\s*$")
_CLAUSE_END = re.compile(r"[.!?;:()\[\]—–]|\s-\s")


def _word(text: str, match: re.Match[str], gap_start: int, gap_end: int, joining: re.Pattern[str]) -> Word:
    return Word(
        match[0],
        match[0].lower(),
        joining.fullmatch(text, gap_start, gap_end) is not None,
        _LISTING.fullmatch(text, gap_start, gap_end) is not None,
        _CLAUSE_END.search(text, gap_start, gap_end) is None,
    )


def words_before(before: str, limit: int = 8) -> list[Word]:
    """The last ``limit`` words of ``before``, each with the gap after it."""
    text = before[-CONTEXT_WINDOW:]
    found = list(_WORD.finditer(text))
    if len(before) > CONTEXT_WINDOW and found and found[0].start() == 0:
        found = found[1:]  # the window may have cut the first word
    cut = len(found) > limit
    found = found[-limit:]
    ends = [m.start() for m in found[1:]] + [len(text)]
    words = [_word(text, m, m.end(), end, _JOINING) for m, end in zip(found, ends)]
    for index, match in enumerate(found):
        start = found[index - 1].end() if index else 0
        if _SENTENCE_END.search(text, start, match.start()) or (
            index == 0 and not cut and len(before) <= CONTEXT_WINDOW
        ):
            words[index] = words[index]._replace(opens=True)
    return words


def words_after(after: str, limit: int = 4, *, numbers: bool = False) -> list[Word]:
    """The first ``limit`` words of ``after``, each with the gap before it."""
    text = after[:CONTEXT_WINDOW]
    joining = _JOINING_NUMBERS if numbers else _JOINING
    words: list[Word] = []
    position = 0
    for match in _WORD.finditer(text):
        words.append(_word(text, match, position, match.start(), joining))
        position = match.end()
        if len(words) == limit:
            break
    return words


def groups(*groups: tuple[Case, str]) -> dict[str, Case]:
    return {word: case for case, words in groups for word in words.split()}


def wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())
