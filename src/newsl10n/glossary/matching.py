"""Finding glossary terms in running text.

Rules, in the order they are applied:

* words are runs of letters and digits; a term matches whole words only (``Kant`` does not
  match ``Kantian``), and the words of a multiword term may be separated by spaces or
  hyphens (``Nagorno-Karabakh`` = ``Nagorno Karabakh``) but not by punctuation;
* punctuation that is part of a term is part of its pattern, literally: ``C++`` matches
  ``C++`` and not the ``C`` of "vitamin C", ``(CSTO)`` matches with both parentheses or not
  at all, ``U.S.`` needs its dots, ``$1`` is a dollar sign and a 1 (see :class:`Shape`);
* an acronym (``CSTO``, ``ОДКБ``) matches only as written; a capitalised one-word term
  needs a capital (``Turkey``, not ``turkey``) but also matches in capitals (``BISHKEK``);
  multiword terms match in any letter case (``joint regional air defense system``);
* a possessive ``'s``/``’s`` is not part of the match (``Kyrgyzstan’s``) but tells the
  genitive case;
* Russian and Kyrgyz sources match every case form of the rendering and its variants
  (``Жапаровым``, ``ЖККУнун``), which also gives the case of the source occurrence; a form
  that stands for several cases (``Чуйской области``) takes the one its context asks for
  among them (``в Чуйской области``: prepositional), else the first;
* longest match first (``Collective Security Treaty Organisation`` before
  ``Organisation``); of overlapping candidates of equal length, the leftmost wins;
* homonyms — entries spelled the same in the text's language (the surname ``Japarov`` of
  Sadyr Japarov and of Akylbek Japarov) — are told apart by the ``cues`` of their entries
  (:func:`choose_homonym`): the entry with a cue nearest to the occurrence in the same
  sentence wins, else the one with the latest cue earlier in the text, else the first
  entry in file order.
"""

from __future__ import annotations

import itertools
import re
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from newsl10n.glossary.context import CONTEXT_WINDOW, case_from_context
from newsl10n.glossary.model import SOURCE_LANGUAGE, Glossary, Term
from newsl10n.glossary.morphology import Case, declension, is_acronym, split_suffix

__all__ = [
    "JOINER",
    "Shape",
    "TermIndex",
    "TermMatch",
    "Token",
    "choose_homonym",
    "cue_spans",
    "find_terms",
    "lookup",
    "shape",
    "term_index",
    "tokenize",
    "words_match",
]

_TOKEN = re.compile(r"[^\W_]+")
JOINER = re.compile(r"[ \t\u00a0\u202f\-‐‑–]+")
"""What may separate the words of one multiword name: spaces and hyphens, no punctuation."""


@dataclass(frozen=True)
class Token:
    """A word of a text with its character span."""

    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into words (letters and digits), keeping character offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _is_word_char(char: str) -> bool:
    return char.isalnum()


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


def _same_punctuation(seen: str, wanted: str) -> bool:
    """Literal, but the apostrophes of typography count as one (``O'Brien`` = ``O\u2019Brien``)."""
    return seen == wanted or seen.translate(_APOSTROPHES) == wanted.translate(_APOSTROPHES)


@dataclass(frozen=True)
class Shape:
    """A spelling as a pattern: its words and the punctuation around and between them.

    Attributes:
        words: The words (runs of letters and digits), compared by the letter-case rules.
        prefix: Text before the first word (``(`` of ``(CSTO)``, ``$`` of ``$1``), literal.
        suffix: Text after the last word (``++`` of ``C++``), literal.
        separators: Between consecutive words: ``None`` where the spelling has spaces or
            hyphens (any :data:`JOINER` then matches), else the literal text (``.`` of
            ``U.S.``, `` & `` of ``Procter & Gamble``).
    """

    words: tuple[str, ...]
    prefix: str = ""
    suffix: str = ""
    separators: tuple[str | None, ...] = ()

    def span_at(self, text: str, tokens: Sequence[Token], i: int) -> tuple[int, int] | None:
        """The span of the shape with its first word at ``tokens[i]``, if the punctuation fits.

        Only the punctuation and the number of words are checked here; the words themselves
        are the caller's to compare. A literal prefix or suffix must not touch a letter or
        digit outside it (``C++`` is not in ``C++11``, ``$1`` not in ``US$1``).
        """
        n = len(self.words)
        if i < 0 or i + n > len(tokens):
            return None
        for k in range(1, n):
            gap = text[tokens[i + k - 1].end : tokens[i + k].start]
            wanted = self.separators[k - 1] if k - 1 < len(self.separators) else None
            if wanted is None:
                if not JOINER.fullmatch(gap):
                    return None
            elif not _same_punctuation(gap, wanted):
                return None
        start, end = tokens[i].start, tokens[i + n - 1].end
        if self.prefix:
            if start < len(self.prefix) or not _same_punctuation(
                text[start - len(self.prefix) : start], self.prefix
            ):
                return None
            start -= len(self.prefix)
            if start and _is_word_char(text[start - 1]) and not _is_word_char(self.prefix[0]):
                return None
        if self.suffix:
            if not _same_punctuation(text[end : end + len(self.suffix)], self.suffix):
                return None
            end += len(self.suffix)
            if end < len(text) and _is_word_char(text[end]) and not _is_word_char(self.suffix[-1]):
                return None
        return start, end


def shape(spelling: str) -> Shape | None:
    """The :class:`Shape` of a term spelling, or ``None`` if it has no letter or digit."""
    spelling = spelling.strip()
    words = tokenize(spelling)
    if not words:
        return None
    separators = tuple(
        None if JOINER.fullmatch(gap) else gap
        for gap in (spelling[a.end : b.start] for a, b in itertools.pairwise(words))
    )
    return Shape(
        tuple(w.text for w in words),
        spelling[: words[0].start],
        spelling[words[-1].end :],
        separators if any(s is not None for s in separators) else (),
    )


@dataclass(frozen=True)
class TermMatch:
    """One occurrence of a term in a text.

    Attributes:
        term: The glossary term.
        start: Offset of the first character.
        end: Offset after the last character.
        text: The occurrence as written.
        case: The case the occurrence shows or its context implies, if known.
    """

    term: Term
    start: int
    end: int
    text: str
    case: Case | None = None


def _fold(word: str) -> str:
    return word.casefold().replace("ё", "е")


def words_match(pattern: str, word: str, multiword: bool) -> bool:
    """Whether ``word`` in a text is ``pattern`` of a term under the letter-case rules."""
    if word == pattern:
        return True
    if _fold(word) != _fold(pattern):
        return False
    if is_acronym(pattern):
        return False
    if len(word) > 1 and word.isupper():
        return True
    if multiword:
        return True
    return not pattern[:1].isupper() or word[:1].isupper()


_SENTENCE_END = re.compile(r"[.!?…]+[»\"”’)]*(?=\s|$)")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding ``text[start:end]``.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` before a space; an initial (``А.
    Жапаров``: one letter, then a dot) does not end one.
    """
    low, high = 0, len(text)
    for mark in _SENTENCE_END.finditer(text):
        at = mark.start()
        initial = (
            mark.group() == "."
            and at >= 1
            and text[at - 1].isalpha()
            and (at < 2 or not text[at - 2].isalnum())
        )
        if initial:
            continue
        if mark.end() <= start:
            low = mark.end()
        elif at >= end:
            high = at
            break
    return low, high


def cue_spans(cue: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Where a cue stands among ``tokens``: each of its words begins a consecutive word.

    Letter case and ё/е are ignored; an acronym word of the cue must be the whole word
    (``ЖК`` is not in ``ЖКК``). ``председател`` is in ``председателя``, ``Министрлер
    Кабинет`` in ``Министрлер кабинетинин``.
    """
    words = [w.text for w in tokenize(cue)]
    if not words:
        return []
    folded = [_fold(w) for w in words]
    found = []
    for i in range(len(tokens) - len(words) + 1):
        if all(
            (_fold(tokens[i + k].text) == part)
            if is_acronym(word)
            else _fold(tokens[i + k].text).startswith(part)
            for k, (word, part) in enumerate(zip(words, folded))
        ):
            found.append((tokens[i].start, tokens[i + len(words) - 1].end))
    return found


def choose_homonym(
    terms: Sequence[Term], text: str, start: int, end: int, lang: str, tokens: Sequence[Token] | None = None
) -> Term:
    """Which of several terms spelled the same ``text[start:end]`` is, by their cues.

    Args:
        terms: The homonyms, in file order (the first is the default).
        text: The whole text.
        start: Offset of the occurrence.
        end: Offset after it.
        lang: The text's language (whose ``cues`` lines are read).
        tokens: ``tokenize(text)``, when the caller has it.

    Returns:
        The term with a cue nearest to the occurrence within its sentence (ties: a cue
        before the name, as titles stand, then the longer cue, then file order); else the
        one with the latest cue earlier in the text; else the first term.
    """
    tokens = tokenize(text) if tokens is None else tokens
    low, high = _sentence(text, start, end)
    near: tuple[int, bool, int, int] | None = None
    earlier: tuple[int, bool, int, int] | None = None
    for order, term in enumerate(terms):
        for cue in term.cues(lang):
            for cue_start, cue_end in cue_spans(cue, tokens):
                if cue_start < end and cue_end > start:
                    continue
                length = cue_end - cue_start
                after = cue_start >= end
                if low <= cue_start and cue_end <= high:
                    distance = cue_start - end if after else start - cue_end
                    key = (distance, after, -length, order)
                    near = key if near is None else min(near, key)
                elif cue_end <= low:
                    key = (start - cue_end, False, -length, order)
                    earlier = key if earlier is None else min(earlier, key)
    chosen = near or earlier
    return terms[chosen[3]] if chosen else terms[0]


@dataclass(frozen=True)
class _Pattern:
    shape: Shape
    term: Term
    case: Case | None
    also: tuple[Case, ...] = ()
    """Other cases the same form stands for (``Чуйской области``: genitive, dative, locative)."""


class TermIndex:
    """All spellings of a set of terms in one source language, indexed by first word."""

    def __init__(self, terms: Sequence[Term], lang: str) -> None:
        self.lang = lang
        self._by_first: dict[str, list[_Pattern]] = {}
        self._acronyms: dict[str, list[_Pattern]] = {}
        self._order: dict[tuple[str, str], int] = {}
        for term in terms:
            self._order.setdefault(term.key, len(self._order))
            grammar = term.grammar(lang)
            for spelling in term.spellings(lang):
                forms = (
                    {Case.NOM: spelling} if lang == SOURCE_LANGUAGE else declension(spelling, lang, grammar)
                )
                cases_of: dict[str, list[Case]] = {}
                for case, form in forms.items():
                    cases_of.setdefault(form, []).append(case)
                for form, cases in cases_of.items():
                    form_shape = shape(form)
                    if form_shape is None:
                        continue
                    if lang == SOURCE_LANGUAGE:
                        pattern = _Pattern(form_shape, term, None)
                    else:
                        pattern = _Pattern(form_shape, term, cases[0], tuple(cases[1:]))
                    self._by_first.setdefault(_fold(form_shape.words[0]), []).append(pattern)
                base = shape(spelling)
                if lang == "ky" and base is not None and len(base.words) == 1 and is_acronym(spelling):
                    self._acronyms.setdefault(spelling, []).append(_Pattern(base, term, Case.NOM))

    def _acronym_candidates(self, tokens: list[Token]) -> list[tuple[int, int, int, int, _Pattern]]:
        """Kyrgyz acronyms with a suffix in any vowel harmony (``ОДКБнын`` beside ``ОДКБнин``):
        how an acronym is pronounced, and so its harmony, varies between writers."""
        found = []
        for i, token in enumerate(tokens):
            if not token.text[:2].isupper():
                continue
            for split in split_suffix(token.text, "ky")[:-1]:
                for pattern in self._acronyms.get(split.stem, ()):
                    found.append(
                        (i, i + 1, token.start, token.end, _Pattern(pattern.shape, pattern.term, split.case))
                    )
        return found

    def find(self, text: str) -> list[TermMatch]:
        """Every non-overlapping occurrence in ``text``, longest first, in text order."""
        tokens = tokenize(text)
        candidates: list[tuple[int, int, int, int, _Pattern]] = []
        for i, token in enumerate(tokens):
            for pattern in self._by_first.get(_fold(token.text), ()):
                span = self._match_at(text, tokens, i, pattern)
                if span is not None:
                    candidates.append((i, i + len(pattern.shape.words), span[0], span[1], pattern))
        if self._acronyms:
            exact = {(c[2], c[3]) for c in candidates}
            candidates += [c for c in self._acronym_candidates(tokens) if (c[2], c[3]) not in exact]
        candidates.sort(key=lambda c: (-(c[1] - c[0]), -(c[3] - c[2]), c[0], self._order[c[4].term.key]))
        homonyms: dict[tuple[int, int], dict[tuple[str, str], _Pattern]] = {}
        for _first, _last, start, end, pattern in candidates:
            homonyms.setdefault((start, end), {}).setdefault(pattern.term.key, pattern)
        taken: set[int] = set()  # character offsets already matched
        chosen: list[TermMatch] = []
        for _first, _last, start, end, first_pattern in candidates:
            if not taken.isdisjoint(range(start, end)):
                continue
            taken.update(range(start, end))
            same = homonyms[(start, end)]
            pattern = first_pattern
            if len(same) > 1:
                terms = sorted((p.term for p in same.values()), key=lambda t: self._order[t.key])
                pattern = same[choose_homonym(terms, text, start, end, self.lang, tokens).key]
            case = pattern.case
            if case is None or pattern.also:
                window = CONTEXT_WINDOW
                before, after = text[max(0, start - window) : start], text[end : end + window]
                said = case_from_context(before, after, self.lang)
                if case is None or said in pattern.also:
                    case = said
            chosen.append(TermMatch(pattern.term, start, end, text[start:end], case))
        chosen.sort(key=lambda m: m.start)
        return chosen

    @staticmethod
    def _match_at(text: str, tokens: list[Token], i: int, pattern: _Pattern) -> tuple[int, int] | None:
        words = pattern.shape.words
        span = pattern.shape.span_at(text, tokens, i)
        if span is None:
            return None
        multiword = len(words) > 1
        if all(words_match(word, tokens[i + k].text, multiword) for k, word in enumerate(words)):
            return span
        return None


_INDEXES: weakref.WeakKeyDictionary[Glossary, dict[str, TermIndex]] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def term_index(glossary: Glossary, lang: str) -> TermIndex:
    """The index of ``glossary``'s terms for sources in ``lang``, built once per glossary.

    The cache lives here, keyed weakly by the glossary, so the model stays plain data.
    """
    with _INDEXES_LOCK:
        by_lang = _INDEXES.setdefault(glossary, {})
        index = by_lang.get(lang)
        if index is None:
            index = by_lang[lang] = TermIndex(glossary.terms, lang)
    return index


def find_terms(glossary: Glossary, text: str, lang: str) -> list[TermMatch]:
    """Occurrences of ``glossary``'s terms in ``text`` written in ``lang``, in text order."""
    return term_index(glossary, lang).find(text)


def lookup(glossary: Glossary, text: str, lang: str = SOURCE_LANGUAGE) -> list[Term]:
    """Terms that ``text``, written in ``lang``, is a spelling of (any inflected form)."""
    return [
        match.term
        for match in find_terms(glossary, text, lang)
        if match.start == 0 and match.end == len(text.strip())
    ]
