"""Case inflection and analysis of glossary renderings in Russian and Kyrgyz.

A glossary stores each rendering in its base (nominative) form; a translated sentence needs
it in the case its syntax asks for. This module declines a rendering into a small shared set
of cases (:class:`Case`), finds which case an observed form stands for, and reads the case a
position needs from the words around it.

* Russian uses pymorphy3 (lazily imported, one cached analyser). Surnames in -ов/-ев/-ин
  decline by the regular rule, acronyms (ОДКБ) are indeclinable, and in a multiword
  rendering only the leading adjectives and the head noun decline (``авиабаза Кант`` →
  ``на авиабазе Кант``; ``Организация Договора…`` → ``Организации Договора…``), or every
  word for a person's name.
* Kyrgyz uses the ``kyrgyz`` package (vowel harmony, consonant assimilation, lowercase
  suffixes after acronyms: ``ЖККУнун``) and adds the pronominal ``н`` after a possessive
  head (``Кыргыз Республикасы`` → ``Кыргыз Республикасында``).

Hints from the glossary (``#. grammar: ...``) are carried by :class:`Grammar`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

__all__ = [
    "Case",
    "Grammar",
    "case_of_suffix",
    "declension",
    "is_acronym",
    "lexeme",
    "same_lemma",
    "similarity",
]


class Case(str, Enum):
    """Cases shared by the languages the glossary inflects.

    ``LOC`` is the Russian prepositional / Kyrgyz locative; ``ABL`` the Kyrgyz ablative
    (Russian renders it with из/от + genitive); ``INS`` the Russian instrumental (Kyrgyz uses
    the nominative with ``менен``).
    """

    NOM = "nom"
    GEN = "gen"
    DAT = "dat"
    ACC = "acc"
    INS = "ins"
    LOC = "loc"
    ABL = "abl"
    ATTR = "attr"
    """Kyrgyz -DAgI attributive (``Бишкектеги`` "in Bishkek, of Bishkek"); Russian gives
    the prepositional form for it."""


@dataclass(frozen=True)
class Grammar:
    """How a rendering declines.

    Attributes:
        indeclinable: Never inflect (``РИА Новости``, acronyms in Russian).
        possessive: Kyrgyz: the last word carries the 3rd-person possessive
            (``Республикасы``), so case suffixes take the pronominal ``н``.
        head: Russian: how many leading words decline; ``None`` lets the rules decide.
        person: The term names a person (animate: Russian accusative = genitive; every
            word of the name declines).
    """

    indeclinable: bool = False
    possessive: bool = False
    head: int | None = None
    person: bool = False

    @classmethod
    def parse(cls, hint: str, *, person: bool = False) -> Grammar:
        """Read a ``grammar:`` hint such as ``"indeclinable"`` or ``"possessive, head=1"``.

        Unknown words are ignored (the linter reports them).
        """
        indeclinable = possessive = False
        head: int | None = None
        for item in re.split(r"[,;|\s]+", hint.strip().lower()):
            if item == "indeclinable":
                indeclinable = True
            elif item == "possessive":
                possessive = True
            elif item.startswith("head=") and item[5:].isdigit():
                head = int(item[5:])
            elif item == "person":
                person = True
        return cls(indeclinable, possessive, head, person)


_ALL_CASES = tuple(Case)


def is_acronym(word: str) -> bool:
    """True for all-capital words of two letters or more (``ОДКБ``, ``CSTO``)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def similarity(a: str, b: str) -> float:
    """Similarity of two strings in [0, 1], ignoring letter case and ё/е."""
    return difflib.SequenceMatcher(None, _fold(a), _fold(b)).ratio()


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def declension(text: str, lang: str, grammar: Grammar = Grammar()) -> dict[Case, str]:
    """Return the rendering ``text`` in every :class:`Case` for ``lang``.

    Languages other than ``ru`` and ``ky`` (and indeclinable renderings) give the base form
    for every case.
    """
    return dict(_declension(text, lang, grammar))


@lru_cache(maxsize=4096)
def _declension(text: str, lang: str, grammar: Grammar) -> tuple[tuple[Case, str], ...]:
    if grammar.indeclinable or not text.strip():
        forms = {case: text for case in _ALL_CASES}
    elif lang == "ru":
        forms = _ru_declension(text, grammar)
    elif lang == "ky":
        forms = _ky_declension(text, grammar)
    else:
        forms = {case: text for case in _ALL_CASES}
    return tuple(forms.items())


def lexeme(text: str, lang: str, grammar: Grammar = Grammar()) -> dict[str, Case]:
    """Every form of a one-word Russian adjective rendering (all genders and numbers), by case.

    ``армянский`` also stands as ``армянской``, ``армянские``...: a model that made it agree
    with its noun got it right. Other renderings give an empty mapping.
    """
    if lang != "ru" or " " in text or grammar.indeclinable or is_acronym(text):
        return {}
    parse = _ru_parse(text, grammar.person)
    if parse is None or parse.tag.POS not in ("ADJF", "PRTF"):
        return {}
    by_tag = {tag: case for case, tag in _RU_TAG.items() if case is not Case.ABL}
    forms: dict[str, Case] = {}
    for form in parse.lexeme:
        if form.tag.POS == parse.tag.POS and form.tag.case in by_tag:
            forms.setdefault(_restore(text, form.word), by_tag[form.tag.case])
    return forms


def same_lemma(word: str, rendering: str, lang: str) -> bool:
    """Russian: whether ``word`` is a form of the one-word ``rendering`` (pymorphy lemmas)."""
    if lang != "ru" or " " in rendering or is_acronym(rendering) or not word[:1].isalpha():
        return False
    if word[:1].isupper() != rendering[:1].isupper():
        return False
    base = _ru_parse(rendering, False)
    if base is None:
        return False
    return any(p.normal_form == base.normal_form for p in _morph().parse(word))


# --- Russian -----------------------------------------------------------------------------

_RU_TAG = {
    Case.NOM: "nomn",
    Case.GEN: "gent",
    Case.DAT: "datv",
    Case.ACC: "accs",
    Case.INS: "ablt",
    Case.LOC: "loct",
    Case.ABL: "gent",
    Case.ATTR: "loct",
}
_SURNAME_M = re.compile(r"(?:ов|ев|ёв|ин|ын)$", re.IGNORECASE)
_SURNAME_F = re.compile(r"(?:ова|ева|ёва|ина|ына)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _ru_declension(text: str, grammar: Grammar) -> dict[Case, str]:
    words = text.split(" ")
    parses = [None if is_acronym(w) else _ru_parse(w, grammar.person) for w in words]
    head = grammar.head if grammar.head is not None else _ru_head(words, parses, grammar)
    animate = grammar.person
    per_word: list[dict[Case, str]] = []
    for index, (word, parse) in enumerate(zip(words, parses)):
        if index >= head or parse is None:
            per_word.append({case: word for case in _ALL_CASES})
        else:
            per_word.append(_ru_word_forms(word, parse, animate))
    return {case: " ".join(forms[case] for forms in per_word) for case in _ALL_CASES}


def _ru_head(words: list[str], parses: list[Any], grammar: Grammar) -> int:
    """How many leading words decline: adjectives up to the head noun, or a whole name."""
    if grammar.person:
        return len(words)
    span = 0
    for index, parse in enumerate(parses):
        if parse is None or "Fixd" in parse.tag:
            break
        if parse.tag.POS in ("ADJF", "PRTF"):
            span = index + 1
            continue
        if parse.tag.POS == "NOUN":
            span = index + 1
        break
    return span


def _ru_parse(word: str, person: bool) -> Any:
    """The analysis of a base-form word that best fits a glossary rendering."""
    if "-" in word:
        return None
    candidates = [
        p
        for p in _morph().parse(word)
        if p.tag.case == "nomn"
        and p.tag.POS in ("NOUN", "ADJF", "PRTF")
        and _fold(p.word) == _fold(word)
        and p.tag.number != "plur"
    ]
    if not candidates:
        return None

    def rank(p: Any) -> float:
        tag = p.tag
        bonus = 0.0
        if person:
            bonus += 1.0 if ({"Name", "Surn", "Patr"} & tag.grammemes) else 0.0
        else:
            bonus += 0.5 if "inan" in tag.grammemes or tag.POS != "NOUN" else 0.0
            bonus += 0.5 if ({"Geox", "Orgn"} & tag.grammemes) else 0.0
        return bonus + float(p.score)

    return max(candidates, key=rank)


def _ru_word_forms(word: str, parse: Any, animate: bool) -> dict[Case, str]:
    if animate and _SURNAME_M.search(word) and not _SURNAME_F.search(word):
        stem = word
        endings = {
            Case.NOM: "",
            Case.GEN: "а",
            Case.DAT: "у",
            Case.ACC: "а",
            Case.INS: "ым",
            Case.LOC: "е",
            Case.ABL: "а",
            Case.ATTR: "е",
        }
        return {case: stem + ending for case, ending in endings.items()}
    if "Fixd" in parse.tag:
        return {case: word for case in _ALL_CASES}
    forms: dict[Case, str] = {}
    for case in _ALL_CASES:
        grammemes = {_RU_TAG[case]}
        if case is Case.ACC and parse.tag.gender in ("masc", None):
            grammemes.add("anim" if animate else "inan")
        inflected = _ru_inflect(parse, grammemes, animate)
        forms[case] = _restore(word, inflected) if inflected else word
    return forms


def _ru_inflect(parse: Any, grammemes: set[str], animate: bool) -> str | None:
    if (
        "accs" in grammemes
        and parse.tag.POS == "NOUN"
        and not animate
        and parse.tag.gender in ("masc", "neut")
    ):
        return str(parse.word)
    for attempt in (grammemes, grammemes - {"anim", "inan"}):
        result = parse.inflect(attempt)
        if result is not None:
            return str(result.word)
    return None


def _restore(original: str, inflected: str) -> str:
    """Give ``inflected`` the letter case of ``original`` and drop ё if the base has none."""
    if "ё" not in original.lower():
        inflected = inflected.replace("ё", "е").replace("Ё", "Е")
    if original.isupper():
        return inflected.upper()
    # Capitals inside the name stay (О’Брайен → О’Брайена, МакДональдс → МакДональдсом).
    return "".join(
        ch.upper() if i < len(original) and original[i].isupper() else ch for i, ch in enumerate(inflected)
    )


# --- Kyrgyz ------------------------------------------------------------------------------

_KY_POSSESSIVE = {
    # last vowel -> (genitive, dative, locative, ablative) after the pronominal н
    "ы": ("нын", "на", "нда", "нан"),
    "а": ("нын", "на", "нда", "нан"),
    "и": ("нин", "не", "нде", "нен"),
    "е": ("нин", "не", "нде", "нен"),
    "у": ("нун", "на", "нда", "нан"),
    "о": ("нун", "но", "ндо", "нон"),
    "ү": ("нүн", "нө", "ндө", "нөн"),
    "ө": ("нүн", "нө", "ндө", "нөн"),
}


def _ky_declension(text: str, grammar: Grammar) -> dict[Case, str]:
    if grammar.possessive:
        return _ky_possessive(text)
    import kyrgyz
    from kyrgyz import Case as KyCase

    last = text.replace("-", " ").split(" ")[-1]
    try:
        word = kyrgyz.Word(text, proper=True, abbreviation=True if is_acronym(last) else None)
        ky_cases = {
            Case.NOM: KyCase.NOMINATIVE,
            Case.GEN: KyCase.GENITIVE,
            Case.DAT: KyCase.DATIVE,
            Case.ACC: KyCase.ACCUSATIVE,
            Case.LOC: KyCase.LOCATIVE,
            Case.ABL: KyCase.ABLATIVE,
            Case.INS: KyCase.NOMINATIVE,
        }
        forms = {case: kyrgyz.inflect(word, case=ky_case) for case, ky_case in ky_cases.items()}
        forms[Case.ATTR] = _ky_attributive(forms[Case.LOC])
        return forms
    except kyrgyz.KyrgyzError:
        return {case: text for case in _ALL_CASES}


def _ky_possessive(text: str) -> dict[Case, str]:
    vowels = [c for c in text.lower() if c in _KY_POSSESSIVE]
    if not vowels:
        return {case: text for case in _ALL_CASES}
    gen, dat, loc, abl = _KY_POSSESSIVE[vowels[-1]]
    return {
        Case.NOM: text,
        Case.GEN: text + gen,
        Case.DAT: text + dat,
        Case.ACC: text + "н",
        Case.LOC: text + loc,
        Case.ABL: text + abl,
        Case.INS: text,
        Case.ATTR: _ky_attributive(text + loc),
    }


_KY_ATTR = {"а": "гы", "ы": "гы", "е": "ги", "и": "ги", "о": "гу", "у": "гу", "ө": "гү", "ү": "гү"}


def _ky_attributive(locative: str) -> str:
    """The -DAgI form from the locative (``Бишкекте`` → ``Бишкектеги``)."""
    vowels = [c for c in locative.lower() if c in _KY_ATTR]
    return locative + _KY_ATTR[vowels[-1]] if vowels else locative


# --- Case from the surroundings ------------------------------------------------------------

_KY_SUFFIXES: dict[str, Case] = {}
for _case, _group in (
    (Case.GEN, "ын ин ун үн нын нин нун нүн дын дин дун дүн тын тин тун түн"),
    (Case.DAT, "а е о ө га ге го гө ка ке ко кө на не но нө"),
    (Case.ACC, "ы и у ү ны ни ну нү ды ди ду дү ты ти ту тү н"),
    (Case.LOC, "да де до дө та те то тө нда нде ндо ндө"),
    (Case.ABL, "дан ден дон дөн тан тен тон төн нан нен нон нөн"),
    (Case.ATTR, "дагы деги догу дөгү тагы теги тогу төгү ндагы ндеги ндогу ндөгү"),
):
    for _suffix in _group.split():
        _KY_SUFFIXES[_suffix] = _case

_RU_ENDINGS = {
    "а": Case.GEN,
    "я": Case.GEN,
    "ы": Case.GEN,
    "и": Case.GEN,
    "у": Case.DAT,
    "ю": Case.DAT,
    "ом": Case.INS,
    "ем": Case.INS,
    "ым": Case.INS,
    "им": Case.INS,
    "ой": Case.INS,
    "ей": Case.INS,
    "е": Case.LOC,
}


def case_of_suffix(suffix: str, lang: str) -> Case | None:
    """The case a suffix glued to a foreign word or placeholder marks (``-га`` → dative)."""
    suffix = suffix.lstrip("-‐'’").lower()
    if lang == "ky":
        return _KY_SUFFIXES.get(suffix)
    if lang == "ru":
        return _RU_ENDINGS.get(suffix)
    return None
