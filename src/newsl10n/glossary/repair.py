"""Locating and fixing glossary terms in a translated sentence.

A :class:`Draft` is a target sentence being edited: each glossary occurrence of the source
sentence is a :class:`Slot` (:func:`slot_for`) that gets a span in the text once placed, and
spans move with every later edit. The finders return where a term already is
(:func:`find_exact`, a :class:`Found`), where the model wrote something in its stead
(:func:`find_substitute`, a :class:`Substitute`), or where to insert it
(:func:`insertion_point`). How each term got its place is a :class:`TermStatus`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from newsl10n.glossary.matching import Shape, TermMatch, Token, shape, tokenize, words_match
from newsl10n.glossary.morphology import Case, case_of_suffix, declension, lexeme, similarity

__all__ = [
    "Draft",
    "Found",
    "Slot",
    "Substitute",
    "TermStatus",
    "find_exact",
    "find_substitute",
    "insertion_point",
    "slot_for",
    "transliterate",
]


class TermStatus(str, Enum):
    """How a glossary occurrence got into the target (the ``status`` of ``alignment.json``)."""

    MODEL = "model"
    """The model's output had the rendering in a correct form."""
    INFLECTED = "inflected"
    """newsl10n chose the case (a placeholder, or a base form after a preposition)."""
    REPAIRED = "repaired"
    """A misspelt, wrong or dropped term was fixed or inserted."""
    MISSING = "missing"
    """Not in the target (only when repair is off)."""


@dataclass(frozen=True)
class Found:
    """Where the rendering already stands in a correct form.

    Attributes:
        start: Offset of the form in the draft.
        end: Offset after it.
        case: The case it shows.
        as_written: The form as written when it is outside :attr:`Slot.forms` (an adjective
            agreeing in gender), else ``None``.
    """

    start: int
    end: int
    case: Case
    as_written: str | None = None


@dataclass(frozen=True)
class Substitute:
    """Where the model wrote something instead of the rendering.

    Attributes:
        start: Offset of what it wrote.
        end: Offset after it.
        cases: The cases the written form can stand for (empty when it shows none: a copied
            source spelling).
        form: The fixed form to write (the rendering's stem with the model's own ending,
            ``Джапаровдун`` → ``Жапаровдун``), or ``None`` to write the rendering in the case
            chosen.
    """

    start: int
    end: int
    cases: tuple[Case, ...] = ()
    form: str | None = None


_TRAILING = re.compile(r"[\s.!?…:;»\"'”)\]]*$")


@dataclass
class Slot:
    """One source occurrence waiting for its place in the target.

    Attributes:
        match: The source occurrence.
        rendering: The base-form rendering to enforce.
        forms: The rendering in every case.
        extra: Other correct forms (a Russian adjective in any gender) and their cases.
        status: ``None`` until placed, then how it was placed.
        case: The case placed.
        span: Character span of the placed form in the draft text.
    """

    match: TermMatch
    rendering: str
    forms: dict[Case, str]
    extra: dict[str, Case] = field(default_factory=dict)
    status: TermStatus | None = None
    case: Case | None = None
    span: tuple[int, int] | None = None


def slot_for(match: TermMatch, tgt: str) -> Slot | None:
    """The slot of a source occurrence for ``tgt``, or ``None`` if the term has no rendering."""
    rendering = match.term.target_rendering(tgt)
    if not rendering:
        return None
    grammar = match.term.grammar(tgt)
    return Slot(match, rendering, declension(rendering, tgt, grammar), lexeme(rendering, tgt, grammar))


class Draft:
    """A target sentence under repair, with the spans of the terms already placed."""

    def __init__(self, text: str, slots: list[Slot]) -> None:
        self.text = text
        self.slots = slots

    @property
    def unresolved(self) -> bool:
        """True while some slot has no place."""
        return any(slot.status is None for slot in self.slots)

    def claimed(self, start: int, end: int) -> bool:
        """True if ``start:end`` overlaps a placed term."""
        return any(s.span and s.span[0] < end and start < s.span[1] for s in self.slots)

    def _edit(self, start: int, end: int, new: str) -> None:
        self.text = self.text[:start] + new + self.text[end:]
        delta = len(new) - (end - start)
        for slot in self.slots:
            if slot.span and slot.span[0] >= end:
                slot.span = (slot.span[0] + delta, slot.span[1] + delta)

    def claim(self, slot: Slot, start: int, end: int, case: Case | None, status: TermStatus) -> None:
        """Mark ``start:end`` as ``slot``'s place without changing the text."""
        slot.span, slot.case, slot.status = (start, end), case, status

    def place(
        self, slot: Slot, start: int, end: int, case: Case, status: TermStatus, form: str | None = None
    ) -> None:
        """Write ``slot``'s form for ``case`` (or ``form``) over ``start:end``."""
        form = form if form is not None else slot.forms[case]
        if self.text[start:end] != form:
            self._edit(start, end, form)
        self.claim(slot, start, start + len(form), case, status)

    def insert(self, slot: Slot, position: int, case: Case, status: TermStatus) -> None:
        """Insert ``slot``'s form for ``case`` at ``position`` (a word start or the end)."""
        form = slot.forms[case]
        before = self.text[:position]
        after = self.text[position:]
        lead = " " if before and not before[-1].isspace() else ""
        trail = " " if after and (after[0].isalnum() or after[0] in '(«"') else ""
        self._edit(position, position, lead + form + trail)
        start = position + len(lead)
        self.claim(slot, start, start + len(form), case, status)

    def drop_placeholders(self, pattern: re.Pattern[str]) -> None:
        """Remove placeholders left over (duplicated or out of range), with one space."""
        for found in reversed(list(pattern.finditer(self.text))):
            start, end = found.start(), found.end("n")
            if self.claimed(start, end):
                continue
            if start > 0 and self.text[start - 1] == " ":
                start -= 1
            elif end < len(self.text) and self.text[end] == " ":
                end += 1
            self._edit(start, end, "")


_ONE_WORD = Shape(("",))


def _windows(draft: Draft, tokens: list[Token], pattern: Shape) -> list[tuple[int, int, list[Token]]]:
    """Unclaimed spans of the draft with ``pattern``'s words and punctuation (words not compared)."""
    found = []
    n = len(pattern.words)
    for i in range(len(tokens) - n + 1):
        span = pattern.span_at(draft.text, tokens, i)
        if span is not None and not draft.claimed(*span):
            found.append((span[0], span[1], tokens[i : i + n]))
    return found


def find_exact(draft: Draft, slot: Slot) -> Found | None:
    """The leftmost place where the rendering stands in a correct form, or ``None``."""
    best: Found | None = None
    tokens = tokenize(draft.text)
    for case in Case:
        pattern = shape(slot.forms[case])
        if pattern is None:
            continue
        words = pattern.words
        for start, end, window in _windows(draft, tokens, pattern):
            if all(words_match(w, t.text, len(words) > 1) for w, t in zip(words, window)):
                if best is None or start < best.start:
                    best = Found(start, end, case)
                break
    if best is None and slot.extra:
        extra = {form.casefold(): case for form, case in slot.extra.items()}
        for start, end, window in _windows(draft, tokens, _ONE_WORD):
            extra_case = extra.get(window[0].text.casefold())
            if extra_case is not None and words_match(window[0].text.lower(), window[0].text, False):
                return Found(start, end, extra_case, window[0].text)
    return best


def _threshold(text: str) -> float:
    return 0.8 if len(text) <= 6 else 0.75


def _candidates(slot: Slot, src: str, tgt: str) -> list[tuple[str, Case | None, bool]]:
    """``(text, case, fuzzy)`` strings the model may have written instead of the rendering."""
    term = slot.match.term
    grammar = term.grammar(tgt)
    items: list[tuple[str, Case | None, bool]] = [(form, case, True) for case, form in slot.forms.items()]
    for variant in term.variants(tgt):
        items += [(form, case, False) for case, form in declension(variant, tgt, grammar).items()]
    sources = {slot.match.text, *term.spellings(src), term.msgid, *term.variants("en")}
    items += [(spelling, None, False) for spelling in sources if spelling]
    if tgt in ("ru", "ky"):
        for spelling in {term.msgid, *term.variants("en")}:
            spelled = transliterate(spelling)
            items += [(form, case, True) for case, form in declension(spelled, tgt, grammar).items()]
    return items


def find_substitute(draft: Draft, slot: Slot, src: str, tgt: str) -> Substitute | None:
    """Where the model wrote a misspelling, a wrong variant or the source spelling instead."""
    tokens = tokenize(draft.text)
    candidates = _candidates(slot, src, tgt)
    best: tuple[float, int, int, str, Case | None] | None = None
    for text, case, fuzzy in candidates:
        pattern = shape(text)
        if pattern is None:
            continue
        words = list(pattern.words)
        for start, end, window in _windows(draft, tokens, pattern):
            seen = draft.text[start:end]
            score, span_case = _score(seen, text, window, words, case, fuzzy, tgt)
            if score and (best is None or (score, -start) > (best[0], -best[1])):
                best = (score, start, end, text, span_case)
    if best is None:
        return _find_last_word(draft, slot, tokens)
    _, start, end, text, span_case = best
    if span_case is not None and span_case is not _case_of(candidates, text):
        return Substitute(start, end, (span_case,))
    cases = tuple(
        dict.fromkeys(c for t, c, _ in candidates if c is not None and t.casefold() == text.casefold())
    )
    return Substitute(start, end, cases)


def _find_last_word(draft: Draft, slot: Slot, tokens: list[Token]) -> Substitute | None:
    """A multiword name cut to its last, capitalised word (``Карабакка`` for ``Тоолуу Карабак``)."""
    lasts: dict[str, list[Case]] = {}
    for case, form in slot.forms.items():
        words = form.split()
        if len(words) > 1 and words[-1][:1].isupper() and len(words[-1]) >= 4:
            lasts.setdefault(words[-1].casefold(), []).append(case)
    best: tuple[float, int, int, tuple[Case, ...]] | None = None
    for start, end, window in _windows(draft, tokens, _ONE_WORD) if lasts else ():
        for last, cases in lasts.items():
            score = similarity(window[0].text, last)
            if score >= _threshold(last) and (best is None or score > best[0]):
                best = (score, start, end, tuple(cases))
    return Substitute(best[1], best[2], best[3]) if best else None


def _case_of(candidates: list[tuple[str, Case | None, bool]], text: str) -> Case | None:
    return next((c for t, c, _ in candidates if t == text), None)


def _score(
    seen: str, text: str, window: list[Token], words: list[str], case: Case | None, fuzzy: bool, tgt: str
) -> tuple[float, Case | None]:
    if seen.casefold() == text.casefold():
        return 1.0, case
    if fuzzy:
        score = similarity(seen, text)
        return (score, case) if score >= _threshold(text) else (0.0, None)
    last, word = window[-1].text, words[-1]
    if case is None and last.casefold().startswith(word.casefold()) and len(last) > len(word):
        glued = case_of_suffix(last[len(word) :], tgt)
        head = " ".join(t.text for t in window[:-1]).casefold()
        if glued and head == " ".join(words[:-1]).casefold():
            return 0.99, glued
    return 0.0, None


def insertion_point(draft: Draft, ratio: float) -> int:
    """The word start (or the end, before closing punctuation) nearest ``ratio`` of the text."""
    tokens = tokenize(draft.text)
    end = _TRAILING.search(draft.text).start()  # type: ignore[union-attr]
    choices = [(1.0, end)]
    for k, token in enumerate(tokens):
        if not draft.claimed(token.start, token.start + 1) and not _inside_claim(draft, token.start):
            choices.append((k / max(len(tokens), 1), token.start))
    return min(choices, key=lambda c: (abs(c[0] - ratio), c[1]))[1]


def _inside_claim(draft: Draft, position: int) -> bool:
    return any(s.span and s.span[0] < position < s.span[1] for s in draft.slots)


_TRANSLIT = [
    ("shch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ya", "я"),
    ("yu", "ю"),
    ("yo", "ё"),
    ("ye", "е"),
    ("j", "дж"),
    ("a", "а"),
    ("b", "б"),
    ("c", "к"),
    ("d", "д"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "х"),
    ("i", "и"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("q", "к"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "в"),
    ("x", "кс"),
    ("y", "ы"),
    ("z", "з"),
]


def transliterate(text: str) -> str:
    """A rough Latin → Cyrillic spelling, to spot names a model transliterated by itself."""
    out = []
    i = 0
    lower = text.lower()
    while i < len(text):
        for latin, cyrillic in _TRANSLIT:
            if lower.startswith(latin, i):
                out.append(cyrillic[:1].upper() + cyrillic[1:] if text[i].isupper() else cyrillic)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    result = "".join(out)
    return result.upper() if text.isupper() else result
