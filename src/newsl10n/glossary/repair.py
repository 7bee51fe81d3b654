"""Locating and fixing glossary terms in a translated sentence.

A :class:`Draft` is a target sentence being edited: each glossary occurrence of the source
sentence is a :class:`Slot` (:func:`slot_for`) that gets a span in the text once placed, and
spans move with every later edit. The finders return where a term already is
(:func:`find_exact`, a :class:`Found`), where the model wrote it in its own spelling and case
(:func:`find_rendering`) or something else in its stead (:func:`find_substitute`, both a
:class:`Substitute`), or where to insert it (:func:`insertion_point`); :func:`read_ending`
reads the case of an ending glued to a placeholder. How each term got its place is a
:class:`TermStatus`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from newsl10n.glossary.matching import Shape, TermMatch, Token, shape, tokenize, words_match
from newsl10n.glossary.model import SOURCE_LANGUAGE
from newsl10n.glossary.morphology import (
    Case,
    Grammar,
    case_of_suffix,
    declension,
    is_acronym,
    lexeme,
    similarity,
)

__all__ = [
    "Draft",
    "Found",
    "Slot",
    "Substitute",
    "TermStatus",
    "find_exact",
    "find_rendering",
    "find_substitute",
    "insertion_point",
    "read_ending",
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
        """Remove placeholders left over (duplicated or out of range), with one space.

        A case ending glued on goes with its placeholder (``NE1'дин``); a longer word stays.
        """
        for found in reversed(list(pattern.finditer(self.text))):
            start, end = found.start(), found.end("n")
            suffix = found["suffix"] or ""
            if suffix.islower() and len(suffix) <= _LONGEST_SUFFIX:
                end = found.end()
            if self.claimed(start, end):
                continue
            if start > 0 and self.text[start - 1] == " ":
                start -= 1
            elif end < len(self.text) and self.text[end] == " ":
                end += 1
            self._edit(start, end, "")


_ONE_WORD = Shape(("",))


def _windows(draft: Draft, tokens: list[Token], pattern: Shape) -> Iterator[tuple[int, int, list[Token]]]:
    """Spans of the draft with ``pattern``'s words and punctuation (words not compared, nor claims)."""
    n = len(pattern.words)
    for i in range(len(tokens) - n + 1):
        span = pattern.span_at(draft.text, tokens, i)
        if span is not None:
            yield span[0], span[1], tokens[i : i + n]


def find_exact(draft: Draft, slot: Slot) -> Found | None:
    """The leftmost unclaimed place where the rendering stands in a correct form, or ``None``."""
    best: Found | None = None
    tokens = tokenize(draft.text)
    seen: set[str] = set()
    for case in Case:
        pattern = shape(slot.forms[case])
        if pattern is None or slot.forms[case] in seen:
            continue
        seen.add(slot.forms[case])
        words = pattern.words
        for start, end, window in _windows(draft, tokens, pattern):
            if all(words_match(w, t.text, len(words) > 1) for w, t in zip(words, window)):
                if draft.claimed(start, end):
                    continue
                if best is None or start < best.start:
                    best = Found(start, end, case)
                break
    if best is None and slot.extra:
        extra = {form.casefold(): case for form, case in slot.extra.items()}
        for start, end, window in _windows(draft, tokens, _ONE_WORD):
            extra_case = extra.get(window[0].text.casefold())
            if extra_case is None or draft.claimed(start, end):
                continue
            if words_match(window[0].text.lower(), window[0].text, False):
                return Found(start, end, extra_case, window[0].text)
    return best


# --- What the model wrote instead ----------------------------------------------------------

_INFLECTED = ("ky", "ru")  # they decline, and each one's spellings turn up in the other

_LONGEST_SUFFIX = 5
"""Letters in the longest case ending :func:`case_of_suffix` knows (Kyrgyz ``ндагы``)."""

_HOMOGLYPHS = str.maketrans("aceopxyABCEHKMOPTX", "асеорхуАВСЕНКМОРТХ")
_SOUNDS = str.maketrans("ёңөүыйэқғәұіһ", "еноуииекгауих", "ьъ")  # Kyrgyz, Kazakh letters: Russian
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_DOUBLE = re.compile(r"(.)\1+")
_GLUED = re.compile(r"[-‐'’ʼ]([^\W\d_]+)")

_TITLES = frozenset({
    "президент", "председатель", "премьер", "глава", "спикер", "министр", "депутат", "лидер",
    "господин", "төрага", "төрагасы", "башчы", "башчысы", "мырза", "президенти",
})  # fmt: skip
"""Capitalised words that may stand before a surname without being another given name."""


def _glyphs(word: str) -> str:
    """``word`` with Latin look-alike letters made Cyrillic when it mixes scripts (``Жaпаров``)."""
    if _LATIN.search(word) and _CYRILLIC.search(word):
        return word.translate(_HOMOGLYPHS)
    return word


def _fold(word: str) -> str:
    return _glyphs(word).lower().replace("ё", "е")


@lru_cache(maxsize=16384)
def _skeleton(word: str) -> str:
    """A rough sound of a name that its spellings share.

    Latin is transliterated, ``дж`` is ``ж``, Kyrgyz letters fall on Russian ones, ``ы`` on
    ``и``, soft and hard signs go and doubled letters count once: ``Джапаров``, ``Жапаров`` and
    ``Zhaparov`` are ``жапаров``; ``Иссык-Куль`` and ``Ысык-Көл`` differ only in ``у``/``о``.
    """
    word = _glyphs(word)
    if _LATIN.search(word):
        word = transliterate(word)
    word = word.lower().replace("дж", "ж").translate(_SOUNDS)
    return _DOUBLE.sub(r"\1", word)


@dataclass(frozen=True)
class _Word:
    """One word of a spelling, as the stem its forms share and the endings each case adds.

    Attributes:
        text: The word in the base form.
        stem: The part every form shares (``Беларус`` of ``Беларусь``/``Беларустун``).
        endings: Each ending after the stem (folded) with the cases it marks.
        folds: The stem and the word, folded: a stem equal to one is exact.
        skeletons: Their :func:`_skeleton`: a stem equal to one is the same name respelt.
        strict: An acronym or a word of four letters or fewer: no misspelt stem matches.
        acronym: An acronym: the stem must match letter for letter, in capitals.
        capital: The word starts with a capital, so a lowercase word never matches it.
        starts: The first letters of its folds and skeletons (a quick test before reading).
    """

    text: str
    stem: str
    endings: tuple[tuple[str, frozenset[Case]], ...]
    folds: frozenset[str]
    skeletons: frozenset[str]
    strict: bool
    acronym: bool
    capital: bool
    starts: frozenset[str]


@dataclass(frozen=True)
class _Spelling:
    """A spelling the model may have written for a term, prepared for matching.

    Attributes:
        shape: Its words and punctuation.
        words: Each word with its endings.
        weight: How much a match counts: the rendering 1, other spellings less (a respelt
            rendering, 0.97, before an exact transliteration, 0.96).
        target: Declined in the target language (endings show a case), respelt stems match;
            else a source spelling, copied exactly, showing no case (but ``CSTOго``).
    """

    shape: Shape
    words: tuple[_Word, ...]
    weight: float
    target: bool


def _word(text: str, forms: list[tuple[Case, str]] | None) -> _Word:
    """``text`` with its ``forms`` by case; ``None``: a source word that shows no case."""
    stem = text
    for _, form in forms or ():
        while not form.startswith(stem):
            stem = stem[:-1]
    endings: dict[str, set[Case]] = {"": set()} if forms is None else {}
    for case, form in forms or ():
        endings.setdefault(_fold(form[len(stem) :]), set()).add(case)
    if not endings:
        endings[""] = {Case.NOM}
    acronym = is_acronym(text)
    folds, skeletons = frozenset({_fold(stem), _fold(text)}), frozenset({_skeleton(stem), _skeleton(text)})
    return _Word(
        text,
        stem,
        tuple((ending, frozenset(cases)) for ending, cases in endings.items()),
        folds,
        skeletons,
        acronym or sum(c.isalpha() for c in text) <= 4,
        acronym,
        text[:1].isupper(),
        frozenset(f[:1] for f in folds | skeletons),
    )


@lru_cache(maxsize=4096)
def _spelling(text: str, tgt: str, grammar: Grammar, weight: float, target: bool) -> _Spelling | None:
    """``text`` prepared for matching in ``tgt``; declined there if a ``target`` spelling."""
    pattern = shape(text)
    if pattern is None:
        return None
    per_word: list[list[tuple[Case, str]]] = [[] for _ in pattern.words]
    if target:
        for case, form in declension(text, tgt, grammar).items():
            form_words = tokenize(form)
            if len(form_words) == len(per_word):
                for forms, word in zip(per_word, form_words):
                    forms.append((case, word.text))
    words = tuple(_word(word, forms if target else None) for word, forms in zip(pattern.words, per_word))
    return _Spelling(pattern, words, weight, target)


def _spellings(slot: Slot, src: str, tgt: str) -> list[_Spelling]:
    """Every spelling the model may have written for ``slot``'s term, best first.

    The rendering; the term's variants in ``tgt``; in Russian and Kyrgyz also the other
    one's rendering and variants (``ОДКБ`` in a Kyrgyz sentence) and Cyrillic
    transliterations of the English (``Japarov`` → ``Джапаров``); then the source
    spellings, which must be copied exactly.
    """
    term = slot.match.term
    grammar = term.grammar(tgt)
    plain = Grammar(person=grammar.person)
    specs: list[tuple[str, Grammar, float, bool]] = [(slot.rendering, grammar, 1.0, True)]
    specs += [(variant, grammar, 0.99, True) for variant in term.variants(tgt)]
    if tgt in _INFLECTED:
        for lang in _INFLECTED:
            if lang != tgt:
                specs += [(spelling, plain, 0.98, True) for spelling in term.spellings(lang)]
        english = (term.msgid, *term.variants(SOURCE_LANGUAGE))
        specs += [(transliterate(spelling), plain, 0.96, True) for spelling in english]
    sources = (slot.match.text, *term.spellings(src), term.msgid, *term.variants(SOURCE_LANGUAGE))
    specs += [(spelling, plain, 0.99, False) for spelling in sources]
    unique: dict[str, tuple[str, Grammar, float, bool]] = {}
    for spec in specs:
        unique.setdefault(spec[0], spec)
    found = [_spelling(text, tgt, g, weight, target) for text, g, weight, target in unique.values() if text]
    return [spelling for spelling in found if spelling is not None]


def _stem_score(stem: str, word: _Word, respelt: bool) -> float:
    """How surely ``stem`` is ``word``'s stem: 1 exact, 0.97 respelt, less misspelt, 0 not.

    An acronym only matches letter for letter; a short word (four letters or fewer) also
    respelt (``Чуй`` for ``Чүй``), never misspelt (``Канат`` is not ``Кант``).
    """
    if not stem:
        return 0.0
    if word.acronym:
        return 1.0 if _glyphs(stem) in (word.stem, word.text) else 0.0
    if _fold(stem) in word.folds:
        return 1.0
    if not respelt:
        return 0.0
    skeleton = _skeleton(stem)
    if skeleton in word.skeletons:
        return 0.95 if word.strict else 0.97
    if word.strict:
        return 0.0
    best = 0.0
    for target in word.skeletons:
        if (
            len(target) >= _FUZZY_LENGTH
            and skeleton[:1] == target[:1]
            and abs(len(skeleton) - len(target)) <= 2
            and not (skeleton.startswith(target) or target.startswith(skeleton))
        ):
            ratio = similarity(skeleton, target)
            best = max(best, 0.9 * ratio if ratio >= _FUZZY_RATIO else 0.0)
    return best


_FUZZY_LENGTH = 6
"""A misspelt stem is only recognised for names of at least this many sounds."""
_FUZZY_RATIO = 0.85
"""Least :func:`similarity` of a misspelt stem's skeleton to the name's."""


_Reading = tuple[float, frozenset[Case], str]
"""``token`` read as a word of a spelling: how surely, the cases shown, the ending written."""


def _read(token: str, word: _Word, tgt: str, last: bool, spelling: _Spelling) -> _Reading | None:
    """The best reading of ``token`` as ``word`` plus an ending, or ``None``.

    Endings come from the spelling's own declension; where none fits, from the case endings
    :func:`case_of_suffix` knows (any Kyrgyz suffix after the last word, in any vowel
    harmony: ``Джапаров`` + ``дун``; Russian endings on any declined word).
    """
    if word.capital and not token[:1].isupper():
        return None
    if _fold(token[:1]) not in word.starts and _skeleton(token[:4])[:1] not in word.starts:
        return None
    lower = token.lower().replace("ё", "е")
    if len(lower) != len(token):
        lower = token
    lower = lower.translate(_HOMOGLYPHS if _CYRILLIC.search(token) else _LATIN_LETTERS)
    splits: dict[int, frozenset[Case]] = {}
    for ending, cases in word.endings:
        if lower.endswith(ending):
            k = len(token) - len(ending)
            splits[k] = splits.get(k, frozenset()) | cases
    if (tgt == "ky" and last) or (tgt == "ru" and spelling.target):
        for k in range(max(1, len(token) - _LONGEST_SUFFIX), len(token)):
            suffix = lower[k:]
            if k in splits or not (token[k:].islower() or (token.isupper() and not word.acronym)):
                continue
            case = case_of_suffix(suffix, tgt)
            if case is not None:
                splits[k] = frozenset({case})
    best: tuple[float, int] | None = None
    for k in splits:
        score = _stem_score(token[:k], word, spelling.target)
        if score and (best is None or (score, k) > best):
            best = (score, k)
    if best is None:
        return None
    return best[0], splits[best[1]], token[best[1] :]


_Match = tuple[float, int, int, frozenset[Case], str]
"""A spelling found in the draft: ``(score, start, end, cases, ending written)``."""


def _read_window(draft: Draft, tokens: list[Token], i: int, spelling: _Spelling, tgt: str) -> _Match | None:
    """``spelling`` at ``tokens[i]``, or ``None``; the case is the declining words' own."""
    span = spelling.shape.span_at(draft.text, tokens, i)
    if span is None:
        return None
    start, end = span
    readings = []
    last = len(spelling.words) - 1
    for k, word in enumerate(spelling.words):
        reading = _read(tokens[i + k].text, word, tgt, k == last, spelling)
        if reading is None or (k < last and reading[2] and tgt == "ky"):
            return None
        readings.append(reading)
    if draft.claimed(start, end):
        return None
    evidence = [r for word, r in zip(spelling.words, readings) if len(word.endings) > 1] or readings
    cases = frozenset.intersection(*(r[1] for r in evidence)) or evidence[-1][1]
    suffix = readings[-1][2]
    glued = _GLUED.match(draft.text, end) if tgt == "ky" and not suffix else None
    foreign = spelling.words[-1].acronym or _LATIN.search(tokens[i + last].text)
    glued_case = case_of_suffix(glued[1], tgt) if glued and foreign and glued[1].islower() else None
    if glued and glued_case is not None:
        end, cases, suffix = glued.end(), frozenset({glued_case}), glued[0]
    score = spelling.weight * min(r[0] for r in readings)
    return score, start, end, cases, suffix


def _substitute(slot: Slot, tgt: str, found: _Match) -> Substitute:
    """The cases in :class:`Case` order, and the form if the declension has none for them."""
    cases = tuple(case for case in Case if case in found[3])
    return Substitute(found[1], found[2], cases, _kept_form(slot, cases, found[4], tgt))


_RU_KEEPS = re.compile(r"[бвгджзклмнпрстфхцчшщ][ьй]?$", re.IGNORECASE)
"""A Russian rendering ending so takes an ending glued on by the model (``Токаев`` + ``ым``)."""


def _kept_form(slot: Slot, cases: tuple[Case, ...], ending: str, tgt: str) -> str | None:
    """The rendering with the model's ``ending`` for its one case when the declension gave no
    forms: Kyrgyz always (``РИА Новостиге``), Russian after a consonant for a rendering not
    marked indeclinable nor an acronym (``Жогорку Кенеша``, ``Токаевым``)."""
    ending = ending.lstrip("-‐'’ʼ")
    case = cases[0] if len(cases) == 1 and ending else Case.NOM
    if case is Case.NOM or (case is Case.INS and tgt == "ky") or len(set(slot.forms.values())) > 1:
        return None
    if tgt == "ky":
        return slot.rendering + ending
    last = slot.rendering.split(" ")[-1]
    grammar = slot.match.term.grammar(tgt)
    if tgt != "ru" or grammar.indeclinable or is_acronym(last) or not _RU_KEEPS.search(last):
        return None
    base = slot.rendering[:-1] if slot.rendering[-1] in "ьйЬЙ" and ending[0] in "аяуюоеиы" else slot.rendering
    return base + ending


def read_ending(slot: Slot, ending: str, tgt: str) -> tuple[tuple[Case, ...], str | None]:
    """The cases an ending glued to ``slot``'s placeholder or name marks, and what to write.

    The rendering's own declension reads it first, so an ambiguous ending gives the case it
    marks for this name (``NE1у``: accusative for ``Москва``, dative for ``Жапаров``); else
    :func:`case_of_suffix` (any Kyrgyz vowel harmony: ``NE1'дин``).

    Args:
        slot: The term occurrence.
        ending: The ending as written (a leading hyphen or apostrophe is ignored).
        tgt: Target language.

    Returns:
        The cases in :class:`Case` order (none if it marks none), and the rendering with the
        ending if the declension has no form for its one case (``Токаев`` + ``ым``), else
        ``None`` (write ``slot.forms[case]``).
    """
    spelling = _spelling(slot.rendering, tgt, slot.match.term.grammar(tgt), 1.0, True)
    bare = ending.lstrip("-‐'’ʼ")
    folded = _fold(bare)
    found: frozenset[Case] = frozenset()
    if spelling is not None and bare:
        found = frozenset().union(*(c for e, c in spelling.words[-1].endings if e == folded))
    if not found:
        case = case_of_suffix(bare, tgt) if bare else None
        found = frozenset({case}) if case else frozenset()
    cases = tuple(case for case in Case if case in found)
    return cases, _kept_form(slot, cases, bare, tgt)


def find_rendering(draft: Draft, slot: Slot, src: str, tgt: str) -> Substitute | None:
    """Where the model wrote ``slot``'s term in its own spelling, with the case it shows.

    Spellings looked for: the rendering, its variants in ``tgt`` (``Джапаров``,
    ``Белоруссия``); in Russian and Kyrgyz the other one's rendering and variants (``ОДКБ``
    in Kyrgyz) and transliterations of the English (``Zhaparov``); respellings of these by
    sound (``Таджикистан``, ``Жaпаров`` with a Latin ``a``, ``Киргизстан``, ``Чуй``) or, for
    names of six sounds or more, a close misspelling of the stem; a source spelling copied
    exactly (``CSTO``, ``CSTOго``). The case comes from the ending written: the spelling's
    own declension (pymorphy for Russian variants), else any Kyrgyz case suffix after the
    last word (``ОДКБнун``), else a Russian case ending. Never: a lowercase word for a
    capitalised name, an acronym but letter for letter (``ЖКК`` is not ``ЖККУ``), a misspelt
    short word (``Канат`` is not ``Кант``), a stem plus an ending that is no case ending
    (``Кыргызстандыктар``), claimed text. One pass over the words per spelling.

    Args:
        draft: The sentence being repaired.
        slot: The term occurrence to find.
        src: Source language.
        tgt: Target language (the draft's).

    Returns:
        The best match (leftmost of equals), or ``None``. ``cases``: those the ending shows
        (several for an ambiguous Russian ending, none for a copied source spelling).
        ``form``: ``None`` -- write ``slot.forms[case]``, the stem put right and the ending in
        the rendering's vowel harmony (``Джапаровдун`` → ``Жапаровдун``, ``ОДКБнун`` →
        ``ЖККУнун``, ``Белоруссии`` → ``Беларуси``) -- unless the declension has no form for
        the one case shown: then the rendering with the model's ending (:func:`read_ending`).
        The match may be a correct form already (the text at ``start:end`` equals what would
        be written): the model got it right.
    """
    tokens = tokenize(draft.text)
    best: _Match | None = None
    for spelling in _spellings(slot, src, tgt):
        for i in range(len(tokens) - len(spelling.words) + 1):
            found = _read_window(draft, tokens, i, spelling, tgt)
            if found and (best is None or (found[0], -found[1]) > (best[0], -best[1])):
                best = found
    return _substitute(slot, tgt, best) if best else None


def find_substitute(draft: Draft, slot: Slot, src: str, tgt: str) -> Substitute | None:
    """Where the model wrote a misspelling, a wrong variant or the source spelling instead.

    :func:`find_rendering`, else a multiword name cut to its last word.
    """
    return find_rendering(draft, slot, src, tgt) or _find_last_word(draft, slot, src, tgt)


def _find_last_word(draft: Draft, slot: Slot, src: str, tgt: str) -> Substitute | None:
    """A multiword name cut to its last, capitalised word (``Карабакка`` for ``Тоолуу Карабак``);
    not a surname after a capitalised word that is no title (``Акылбек Жапаров``)."""
    tokens = tokenize(draft.text)
    person = slot.match.term.grammar(tgt).person
    best: _Match | None = None
    for spelling in _spellings(slot, src, tgt):
        word = spelling.words[-1]
        if len(spelling.words) < 2 or not spelling.target or not word.capital or len(word.text) < 4:
            continue
        for k, token in enumerate(tokens):
            reading = _read(token.text, word, tgt, True, spelling)
            if reading is None or draft.claimed(token.start, token.end):
                continue
            if person and _after_other_name(draft, tokens, k):
                continue
            score = spelling.weight * reading[0]
            if best is None or (score, -token.start) > (best[0], -best[1]):
                best = (score, token.start, token.end, reading[1], reading[2])
    return _substitute(slot, tgt, best) if best else None


def _after_other_name(draft: Draft, tokens: list[Token], k: int) -> bool:
    """Whether ``tokens[k]`` follows, after a space, a capitalised word that is no title."""
    if k == 0:
        return False
    before = tokens[k - 1]
    gap = draft.text[before.end : tokens[k].start]
    if not gap or gap.strip() or draft.claimed(before.start, before.end):
        return False
    word = before.text
    return word[:1].isupper() and not is_acronym(word) and word.lower() not in _TITLES


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
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("ya", "я"),
    ("yu", "ю"), ("yo", "ё"), ("ye", "е"), ("j", "дж"), ("a", "а"), ("b", "б"), ("c", "к"),
    ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("k", "к"), ("l", "л"),
    ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"),
    ("u", "у"), ("v", "в"), ("w", "в"), ("x", "кс"), ("y", "ы"), ("z", "з"),
]  # fmt: skip

_LATIN_LETTERS = str.maketrans({a: c for a, c in _TRANSLIT if len(a) == len(c) == 1})
"""Latin letters as one Cyrillic letter each, to read a Cyrillic ending on a Latin word."""


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
