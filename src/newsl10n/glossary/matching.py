"""Finding glossary terms in running text.

Rules, in the order they are applied:

* words are runs of letters and digits; a term matches whole words only (``Kant`` does not
  match ``Kantian``), and the words of a multiword term may be separated by spaces or
  hyphens (``Nagorno-Karabakh`` = ``Nagorno Karabakh``) but not by punctuation;
* an acronym (``CSTO``, ``ОДКБ``) matches only as written; a capitalised one-word term
  needs a capital (``Turkey``, not ``turkey``) but also matches in capitals (``BISHKEK``);
  multiword terms match in any letter case (``joint regional air defense system``);
* a possessive ``'s``/``’s`` is not part of the match (``Kyrgyzstan’s``) but tells the
  genitive case;
* Russian and Kyrgyz sources match every case form of the rendering and its variants
  (``Жапаровым``, ``ЖККУнун``), which also gives the case of the source occurrence;
* longest match first (``Collective Security Treaty Organisation`` before
  ``Organisation``); of overlapping candidates of equal length, the leftmost wins.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from newsl10n.glossary.model import SOURCE_LANGUAGE, Glossary, Term
from newsl10n.glossary.morphology import Case, case_from_context, declension, is_acronym

__all__ = [
    "JOINER",
    "TermIndex",
    "TermMatch",
    "Token",
    "find_terms",
    "lookup",
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


@dataclass(frozen=True)
class _Pattern:
    words: tuple[str, ...]
    term: Term
    case: Case | None


class TermIndex:
    """All spellings of a set of terms in one source language, indexed by first word."""

    def __init__(self, terms: Sequence[Term], lang: str) -> None:
        self.lang = lang
        self._by_first: dict[str, list[_Pattern]] = {}
        for term in terms:
            grammar = term.grammar(lang)
            for spelling in term.spellings(lang):
                forms = (
                    {Case.NOM: spelling} if lang == SOURCE_LANGUAGE else declension(spelling, lang, grammar)
                )
                seen: set[str] = set()
                for case, form in forms.items():
                    if form in seen:
                        continue
                    seen.add(form)
                    words = tuple(t.text for t in tokenize(form))
                    if words:
                        pattern = _Pattern(words, term, None if lang == SOURCE_LANGUAGE else case)
                        self._by_first.setdefault(_fold(words[0]), []).append(pattern)

    def find(self, text: str) -> list[TermMatch]:
        """Every non-overlapping occurrence in ``text``, longest first, in text order."""
        tokens = tokenize(text)
        candidates: list[tuple[int, int, _Pattern]] = []
        for i, token in enumerate(tokens):
            for pattern in self._by_first.get(_fold(token.text), ()):
                end = self._match_at(text, tokens, i, pattern)
                if end is not None:
                    candidates.append((i, end, pattern))
        candidates.sort(key=lambda c: (-(c[1] - c[0]), -(tokens[c[1] - 1].end - tokens[c[0]].start), c[0]))
        taken: set[int] = set()
        chosen: list[TermMatch] = []
        for first, last, pattern in candidates:
            if taken.intersection(range(first, last)):
                continue
            taken.update(range(first, last))
            start, end = tokens[first].start, tokens[last - 1].end
            case = pattern.case
            if case is None:
                case = case_from_context(text[:start], text[end:], self.lang)
            chosen.append(TermMatch(pattern.term, start, end, text[start:end], case))
        chosen.sort(key=lambda m: m.start)
        return chosen

    @staticmethod
    def _match_at(text: str, tokens: list[Token], i: int, pattern: _Pattern) -> int | None:
        n = len(pattern.words)
        if i + n > len(tokens):
            return None
        multiword = n > 1
        for k, word in enumerate(pattern.words):
            token = tokens[i + k]
            if not words_match(word, token.text, multiword):
                return None
            if k and not JOINER.fullmatch(text[tokens[i + k - 1].end : token.start]):
                return None
        return i + n


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
