"""Case inflection and analysis of glossary renderings in Russian and Kyrgyz.

A glossary stores each rendering in its base (nominative) form; a translated sentence needs
it in the case its syntax asks for. This module declines a rendering into a small shared set
of cases (:class:`Case`), finds which case an observed form stands for
(:func:`case_of_suffix`, :func:`split_suffix`), and matching recognises names in sources
by indexing every form :func:`declension` gives, so generation and recognition share one
table. Putting a name into a case is ``declension(rendering, lang, grammar)[case]``; a
model's ending on another spelling (``Джапаровдун``) is read with :func:`cases_of_form`
(a known variant) or :func:`split_suffix` (any stem) and re-spelled on the glossary stem
the same way (``Жапаровдун``).

Russian (pymorphy3, lazily imported, one cached analyser):

* a person's name declines word by word: surnames in -ов/-ев/-ёв/-ин/-ын by the regular
  rule (``Токаев`` → ``Токаевым``), except Chinese names in Palladius transcription
  (``Цзиньпин`` → ``Цзиньпином``); words ending in a vowel other than а/я and words
  pymorphy marks indeclinable stay (``Эмомали``, ``Лукашенко``, ``Си``);
* a hyphenated word declines its last part (``Касым-Жомарта``, ``Джалал-Абаде``,
  ``Иссык-Куле``);
* in other multiword renderings the leading adjectives and the head noun decline, and
  indeclinable words before the head are stepped over (``Жогорку Кенеше``; ``авиабаза
  Кант`` → ``на авиабазе Кант``); a capitalised consonant-final name pymorphy does not
  know, or knows only as an indeclinable female name (``Кенеш``), declines as a masculine
  noun, and so does one whose predicted genitive loses letters (pymorphy's ``Жапарва``);
  an -ов/-ев name pymorphy does not know is a surname even without the person hint
  (``Жапаровым``; a known town stays a town: ``Ростовом``); acronyms and Latin-script
  names are indeclinable (``ОДКБ``, ``Sputnik``).

Kyrgyz uses the ``kyrgyz`` package (v0.1.1): its vowel harmony, consonant assimilation and
suffix templates (``Бишкекке``, ``Ошко``, ``Жалал-Абадга``, ``Ысык-Көлгө``, ``Москвага``).
The package declines a plain noun in six cases from its spelling; newsl10n adds:

* the attributive -DAгI (:attr:`Case.ATTR`: ``Бишкектеги``, ``Оштогу``, ``Ысык-Көлдөгү``):
  the locative plus -гI, realised with the package's templates;
* the possessive declension (``grammar: possessive``): after the 3rd-person possessive the
  pronominal н comes in: genitive -нIн, dative -нA, accusative -н, locative -ндA,
  ablative -нAн, attributive -ндAгI (``Республикасынын/ына/ын/ында/ынан/ындагы``,
  ``Кабинетине``, ``уюмуна``);
* the reading of acronyms, which the package needs to be told (without it ``КМШ`` fails
  and ``АКШ`` gets ``АКШтын``). Suffixes follow the pronunciation and are lowercase.
  An acronym ending in a vowel letter, or in a vowel letter and one consonant letter, is
  read as a word (``ЖККУнун``, ``БУУга``, ``НАТОнун``, ``ЕАЭБдин``, ``ШОСтун``); otherwise
  it ends in the name of its last letter (б бе, в ве, г ге, д де, ж же, з зе, й ий,
  к ка, л эл, м эм, н эн, ң ың, п пе, р эр, с эс, т те, ф эф, х ха, ц це, ч че, ш ша,
  щ ща; Latin letters by their English names: ``BBC`` си): ``КМШнын``, ``АКШнын``,
  ``ОДКБнин``, ``СНГнин``, ``КТРдин``. Attested in Kyrgyz news: ЖККУнун, ЖККУга,
  ЖККУдагы, ШКУнун, ШКУга, БУУнун, АКШнын, ЕАЭБдин, ЕАЭБге, ЕАЭБдеги;
* Latin-script names, which the package refuses: the suffix is chosen from a letter by
  letter Cyrillic reading of the spelling (a final silent e after a consonant dropped) and
  written in Cyrillic: ``Sputnikтин``, ``Sputnikке``, ``AKIpressтин`` (sputnik.kg's
  programme "Sputnikteн сүйлөйбүз" shows the front ablative);
* the inventory of every allomorph for recognition (:func:`case_of_suffix`,
  :func:`split_suffix`), which the package does not provide.

A rendering whose last word has digits or punctuation (``24.kg``) keeps its base form in
every case: Kyrgyz writes a head noun after it (``24.kg агенттигинин``). ``grammar:
indeclinable`` means "never inflect" in every language (the Kyrgyz adjective ``армян``);
a Kyrgyz rendering that takes suffixes (``РИА Новостиге``) must not carry it.

Hints from the glossary (``#. grammar: ...``) are carried by :class:`Grammar`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, NamedTuple

__all__ = [
    "Case",
    "Grammar",
    "Split",
    "case_of_suffix",
    "cases_of_form",
    "cases_of_suffix",
    "declension",
    "is_acronym",
    "lexeme",
    "same_lemma",
    "similarity",
    "split_suffix",
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
        indeclinable: Never inflect, in any language (``РИА Новости`` in Russian, the
            Kyrgyz adjective ``армян``; acronyms in Russian need no hint).
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


class Split(NamedTuple):
    """One reading of an observed word form: ``stem + suffix == word``."""

    stem: str
    case: Case
    suffix: str


_ALL_CASES = tuple(Case)
_SEPARATORS = "-‐'’"


def is_acronym(word: str) -> bool:
    """True for all-capital words of two letters or more (``ОДКБ``, ``CSTO``)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def similarity(a: str, b: str) -> float:
    """Similarity of two strings in [0, 1], ignoring letter case and ё/е."""
    return difflib.SequenceMatcher(None, _fold(a), _fold(b)).ratio()


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def _same(text: str) -> dict[Case, str]:
    return {case: text for case in _ALL_CASES}


def declension(text: str, lang: str, grammar: Grammar = Grammar()) -> dict[Case, str]:
    """Return the rendering ``text`` in every :class:`Case` for ``lang``.

    Languages other than ``ru`` and ``ky`` (and indeclinable renderings) give the base form
    for every case.
    """
    return dict(_declension(text, lang, grammar))


@lru_cache(maxsize=4096)
def _declension(text: str, lang: str, grammar: Grammar) -> tuple[tuple[Case, str], ...]:
    if grammar.indeclinable or not text.strip():
        forms = _same(text)
    elif lang == "ru":
        forms = _ru_declension(text, grammar)
    elif lang == "ky":
        forms = _ky_declension(text, grammar)
    else:
        forms = _same(text)
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
_PALLADIUS = re.compile(r"цз|чж|сюй|ьп", re.IGNORECASE)
"""Marks of a Chinese name in Russian (Palladius) transcription: ``Цзиньпин`` is no -ин surname."""
_RU_CYRILLIC = re.compile(r"[а-яёңөү][а-яёңөү’'-]*", re.IGNORECASE)
_RU_FIXED_END = frozenset("еёиоуыэю")
_RU_CONSONANTS = frozenset("бвгджзйклмнпрстфхцчшщ")


class _RuWord(NamedTuple):
    """One word of a Russian rendering: how it behaves (``noun``, ``adj``, ``fixed``) and its forms."""

    kind: str | None
    forms: dict[Case, str]


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _ru_declension(text: str, grammar: Grammar) -> dict[Case, str]:
    words = text.split(" ")
    analysed = [_ru_word(word, grammar.person) for word in words]
    head = grammar.head if grammar.head is not None else _ru_head(analysed, grammar.person)
    per_word = [a.forms if i < head else _same(w) for i, (w, a) in enumerate(zip(words, analysed))]
    return {case: " ".join(forms[case] for forms in per_word) for case in _ALL_CASES}


def _ru_head(analysed: list[_RuWord], person: bool) -> int:
    """How many leading words decline: adjectives up to the head noun, or a whole name.

    Indeclinable words before the head (``Жогорку`` Кенеш) are stepped over.
    """
    if person:
        return len(analysed)
    span = 0
    for index, word in enumerate(analysed):
        if word.kind == "fixed":
            continue
        if word.kind == "adj":
            span = index + 1
            continue
        if word.kind == "noun":
            span = index + 1
        break
    return span


def _ru_word(word: str, person: bool) -> _RuWord:
    """Analyse one space-separated word of a rendering."""
    if is_acronym(word) or not _RU_CYRILLIC.fullmatch(word):
        return _RuWord("fixed", _same(word))
    prefix, hyphen, last = word.rpartition("-")
    if hyphen and prefix and last:
        part = _ru_word(last, person)
        return _RuWord(part.kind, {case: f"{prefix}-{form}" for case, form in part.forms.items()})
    parse = _ru_parse(word, person)
    if _is_surname(word, person, parse):
        return _RuWord("noun", _ru_surname(word))
    guessable = word[:1].isupper() and word[-1].lower() in _RU_CONSONANTS
    if parse is None or "Fixd" in parse.tag:
        if guessable and not (person and parse is not None):
            return _RuWord("noun", _ru_guess(word, person))
        fixed = parse is not None or (word[:1].isupper() and word[-1].lower() in _RU_FIXED_END)
        return _RuWord("fixed" if fixed else None, _same(word))
    kind = "adj" if parse.tag.POS in ("ADJF", "PRTF") else "noun"
    forms = _ru_word_forms(word, parse, person)
    if guessable and not parse.is_known and not _fold(forms[Case.GEN]).startswith(_fold(word[:-1])):
        return _RuWord("noun", _ru_guess(word, person))  # a wild guess: Жапаров → Жапарва
    return _RuWord(kind, forms)


def _is_surname(word: str, person: bool, parse: Any) -> bool:
    """A masculine surname in -ов/-ев/-ин: a person's, or an -ов/-ев name pymorphy does not know."""
    if not _SURNAME_M.search(word) or _SURNAME_F.search(word) or _PALLADIUS.search(word):
        return False
    if person:
        return True
    unknown = parse is None or not parse.is_known
    return word[:1].isupper() and unknown and word[-2:].lower() in ("ов", "ев", "ёв")


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


def _ru_surname(word: str) -> dict[Case, str]:
    """A masculine surname in -ов/-ев/-ин by the regular rule (``Токаев`` → ``Токаевым``)."""
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
    return {case: word + ending for case, ending in endings.items()}


def _ru_guess(word: str, animate: bool) -> dict[Case, str]:
    """A consonant-final name pymorphy cannot decline, as a masculine noun (``Кенеш`` → ``Кенеше``)."""
    final = word[-1].lower()
    if final == "й":
        stem, gen, dat, ins = word[:-1], "я", "ю", "ем"
    else:
        stem, gen, dat, ins = word, "а", "у", "ем" if final in "жшчщц" else "ом"
    forms = {
        Case.NOM: word,
        Case.GEN: stem + gen,
        Case.DAT: stem + dat,
        Case.ACC: stem + gen if animate else word,
        Case.INS: stem + ins,
        Case.LOC: stem + "е",
        Case.ABL: stem + gen,
        Case.ATTR: stem + "е",
    }
    return forms


def _ru_word_forms(word: str, parse: Any, animate: bool) -> dict[Case, str]:
    forms: dict[Case, str] = {}
    for case in _ALL_CASES:
        grammemes = {_RU_TAG[case]}
        if case is Case.ACC and parse.tag.gender in ("masc", None):
            grammemes.add("anim" if animate else "inan")
        inflected = _ru_inflect(parse, grammemes, animate)
        forms[case] = _restore(word, inflected) if inflected else word
    if animate and parse.tag.POS == "NOUN" and parse.tag.gender in ("masc", None):
        forms[Case.ACC] = forms[Case.GEN]  # Цзиньпин is known as inanimate
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

_KY_TEMPLATES = {Case.GEN: "NIн", Case.DAT: "GA", Case.ACC: "NI", Case.LOC: "DA", Case.ABL: "DAн"}
_KY_POSSESSIVE_TEMPLATES = {Case.GEN: "нIн", Case.DAT: "нA", Case.ACC: "н", Case.LOC: "ндA", Case.ABL: "нAн"}
_KY_ATTR = "гI"
"""-DAгI is the locative plus -гI (``Бишкекте`` + ``ги``)."""

_KY_VOWELS = frozenset("аеёиоөуүыэюя")
_KY_LETTERS = _KY_VOWELS | frozenset("бвгджзйклмнңпрстфхцчшщъь")
_KY_LETTER_NAMES = {
    **{vowel: vowel for vowel in _KY_VOWELS},
    **{"б": "бе", "в": "ве", "г": "ге", "д": "де", "ж": "же", "з": "зе", "й": "ий", "к": "ка"},
    **{"л": "эл", "м": "эм", "н": "эн", "ң": "ың", "п": "пе", "р": "эр", "с": "эс", "т": "те"},
    **{"ф": "эф", "х": "ха", "ц": "це", "ч": "че", "ш": "ша", "щ": "ща"},
}
_LATIN = {
    **{"a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и"},
    **{"j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р"},
    **{"s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс", "y": "и", "z": "з"},
}
_LATIN_VOWELS = frozenset("aeiouy")
_LATIN_LETTER_NAMES = {
    **{"a": "эй", "b": "би", "c": "си", "d": "ди", "e": "и", "f": "эф", "g": "жи", "h": "эйч"},
    **{"i": "ай", "j": "жей", "k": "кей", "l": "эл", "m": "эм", "n": "эн", "o": "оу", "p": "пи"},
    **{"q": "кью", "r": "ар", "s": "эс", "t": "ти", "u": "ю", "v": "ви", "w": "ю", "x": "экс"},
    **{"y": "уай", "z": "зед"},
}
_KY_WORD_END = re.compile(r"[\s\-‐]+")


def _ky_declension(text: str, grammar: Grammar) -> dict[Case, str]:
    from kyrgyz import KyrgyzError
    from kyrgyz.morphology import SuffixTemplate, realize
    from kyrgyz.phonology import analyze

    last = _KY_WORD_END.split(text.strip())[-1]
    reading = _ky_reading(last)
    if reading is None:
        return _same(text)
    possessive = grammar.possessive and reading[-1] in _KY_VOWELS
    templates = _KY_POSSESSIVE_TEMPLATES if possessive else _KY_TEMPLATES
    stem = text[:-1] if text[-1] in "ьЬ" else text
    try:
        profile = analyze(reading)
        forms = {case: stem + realize(SuffixTemplate(t), profile) for case, t in templates.items()}
    except KyrgyzError:
        return _same(text)
    forms[Case.NOM] = forms[Case.INS] = text
    locative = forms[Case.LOC]
    forms[Case.ATTR] = locative + realize(SuffixTemplate(_KY_ATTR), analyze(locative[len(stem) :]))
    return {case: forms[case] for case in _ALL_CASES}


def _ky_reading(word: str) -> str | None:
    """How the last word of a Kyrgyz rendering sounds, in Kyrgyz letters; ``None`` if unknown.

    Only its last vowel and last sound choose a suffix: ``ОДКБ`` reads ``бе``, ``Sputnik``
    ``спутник``.
    """
    if not word.isalpha():
        return None
    if is_acronym(word):
        return _ky_acronym_reading(word)
    lower = word.lower()
    if lower.isascii():
        return _latin_reading(lower)
    lower = lower.removesuffix("ь")
    if not lower or not set(lower) <= _KY_LETTERS or lower[-1] == "ъ":
        return None
    return lower


def _ky_acronym_reading(acronym: str) -> str | None:
    """Read as a word when it ends in a vowel or vowel + consonant, else by its last letter's name."""
    letters = acronym.lower()
    latin = letters.isascii()
    vowels = _LATIN_VOWELS if latin else _KY_VOWELS
    last = letters[-1]
    if last in vowels or (len(letters) > 1 and letters[-2] in vowels):
        return _latin_reading(letters, silent_e=False) if latin else _ky_reading(letters)
    return (_LATIN_LETTER_NAMES if latin else _KY_LETTER_NAMES).get(last)


def _latin_reading(word: str, *, silent_e: bool = True) -> str | None:
    """A Kyrgyz-letter reading of a Latin spelling, letter by letter (``akipress`` → ``акипресс``)."""
    if silent_e and len(word) > 2 and word.endswith("e") and word[-2] not in _LATIN_VOWELS:
        word = word[:-1]  # a silent final e: Google, Skype
    letters = [_LATIN.get(c) for c in word]
    if not letters or None in letters:
        return None
    return "".join(c for c in letters if c)


# --- Reading the case of an observed form -------------------------------------------------

_KY_HARMONY = (("а", "ы"), ("а", "у"), ("о", "у"), ("е", "и"), ("ө", "ү"))
"""The (low, high) suffix vowels after each kind of stem vowel (а ы / у / о / е и / ө ү)."""
_KY_ATTR_VOWEL = {"а": "ы", "о": "у", "е": "и", "ө": "ү"}


def _ky_allomorphs() -> dict[str, Case]:
    """Every realised case suffix: plain, after a possessive, and possessive + case."""
    table: dict[str, Case] = {}
    for a, i in _KY_HARMONY:
        attr = "г" + _KY_ATTR_VOWEL[a]
        for n, d, g in (("н", "д", "г"), ("д", "д", "г"), ("т", "т", "к")):
            plain = {Case.GEN: n + i + "н", Case.DAT: g + a, Case.ACC: n + i, Case.LOC: d + a}
            plain |= {Case.ABL: d + a + "н", Case.ATTR: d + a + attr}
            for case, suffix in plain.items():
                table.setdefault(suffix, case)
        after_possessive = {Case.GEN: "н" + i + "н", Case.DAT: "н" + a, Case.ACC: "н", Case.LOC: "нд" + a}
        after_possessive |= {Case.ABL: "н" + a + "н", Case.ATTR: "нд" + a + attr}
        for case, suffix in after_possessive.items():
            for possessive in ("", i, "с" + i):
                if possessive + suffix != i + "н":  # bare -ын stays the loose genitive
                    table.setdefault(possessive + suffix, case)
    return table


_KY_SUFFIXES = _ky_allomorphs()
_KY_LOOSE = {
    # Not case suffixes of a bare noun, but what a model may glue to a placeholder.
    **dict.fromkeys(["ын", "ин", "ун", "үн"], Case.GEN),
    **dict.fromkeys(["а", "е", "о", "ө"], Case.DAT),
    **dict.fromkeys(["ы", "и", "у", "ү"], Case.ACC),
}
_KY_ANY_SUFFIX = {**_KY_SUFFIXES, **_KY_LOOSE}
"""``ын`` stays genitive here although ``Кабинетин`` is Кабинети + accusative ``н``."""

_RU_ENDINGS: dict[str, tuple[Case, ...]] = {
    # The most likely case first: that is what case_of_suffix answers.
    "а": (Case.GEN, Case.ACC),
    "я": (Case.GEN, Case.ACC),
    "ы": (Case.GEN,),
    "и": (Case.GEN, Case.DAT, Case.LOC),
    "у": (Case.DAT, Case.ACC),
    "ю": (Case.DAT, Case.ACC),
    "ом": (Case.INS, Case.LOC),
    "ем": (Case.INS, Case.LOC),
    "ём": (Case.INS,),
    "ым": (Case.INS, Case.LOC),
    "им": (Case.INS, Case.LOC),
    "ью": (Case.INS,),
    "ой": (Case.INS, Case.GEN, Case.DAT, Case.LOC),
    "ей": (Case.INS, Case.GEN, Case.DAT, Case.LOC),
    "е": (Case.LOC, Case.DAT),
}


def cases_of_suffix(suffix: str, lang: str) -> tuple[Case, ...]:
    """Every case a suffix or ending may mark, the most likely first (Russian ``-а``: gen, acc).

    A separator before the suffix (``-дын``, ``'дин``) is ignored; an unknown suffix gives ``()``.
    """
    suffix = suffix.lstrip(_SEPARATORS + "‐").lower()
    if lang == "ky":
        case = _KY_ANY_SUFFIX.get(suffix)
        return (case,) if case else ()
    if lang == "ru":
        return _RU_ENDINGS.get(suffix, ())
    return ()


def case_of_suffix(suffix: str, lang: str) -> Case | None:
    """The case a suffix glued to a foreign word or placeholder marks (``-га`` → dative)."""
    cases = cases_of_suffix(suffix, lang)
    return cases[0] if cases else None


def split_suffix(word: str, lang: str) -> list[Split]:
    """Every way to read ``word`` as a stem plus a case suffix, longest suffix first.

    Kyrgyz takes every allomorph whatever the stem's harmony (``ОДКБнун`` → ``ОДКБ`` +
    ``нун``, genitive, though the right form is ``ОДКБнин``), so a model's ending on a
    variant stem (``Джапаровдун`` → ``Джапаров`` + ``дун``) gives its case; a separator
    goes with the suffix (``NE1'дин`` → ``NE1`` + ``'дин``). Russian reads the endings of
    :func:`cases_of_suffix`, one split per case. The last split is always the whole word in
    the nominative. The caller keeps the split whose stem matches a known spelling (a
    stem may have lost a letter: ``Беларустун`` → ``Беларус``); the form to write is
    ``declension(rendering, lang, grammar)[split.case]``.
    """
    lower = word.lower()
    splits: list[Split] = []
    candidates: list[tuple[str, tuple[Case, ...]]]
    if lang == "ky":
        candidates = [(s, (c,)) for s, c in _KY_SUFFIXES.items() if lower.endswith(s)]
    elif lang == "ru":
        candidates = [(s, cs) for s, cs in _RU_ENDINGS.items() if lower.endswith(s)]
    else:
        candidates = []
    for suffix, cases in sorted(candidates, key=lambda c: -len(c[0])):
        cut = len(word) - len(suffix)
        while cut > 1 and word[cut - 1] in _SEPARATORS:
            cut -= 1
        if cut > 0 and word[cut - 1].isalnum():
            read = cases
            if lang == "ru" and suffix in ("ю", "ей") and lower[cut - 1] == "и":
                read = (Case.ACC,) if suffix == "ю" else (Case.INS,)  # Киргизию, Киргизией
            splits += [Split(word[:cut], case, word[cut:]) for case in read]
    splits.append(Split(word, Case.NOM, ""))
    return splits


_BORROWED = {"ru": (Case.ABL, Case.ATTR), "ky": (Case.INS,)}
"""Cases a language writes with another case's form (Russian ablative = genitive)."""


def cases_of_form(word: str, spelling: str, lang: str, grammar: Grammar = Grammar()) -> tuple[Case, ...]:
    """Which cases ``word`` is of the rendering or variant ``spelling``, in :class:`Case` order.

    A form of :func:`declension` gives its cases (Russian ``Киргизию`` of ``Киргизия``:
    accusative; ``Киргизии``: genitive, dative, prepositional; a case written with
    another case's form is left out). In Kyrgyz a suffix in the wrong harmony still
    counts (``ОДКБнун`` of ``ОДКБ``: genitive). Letter case and ё/е are ignored; a word
    that is no form of ``spelling`` gives ``()``.
    """
    folded = _fold(word)
    forms = declension(spelling, lang, grammar)
    borrowed = _BORROWED.get(lang, ())
    exact = tuple(c for c, form in forms.items() if _fold(form) == folded and c not in borrowed)
    if exact or lang != "ky":
        return exact
    stems = {_fold(spelling), _fold(spelling.removesuffix("ь"))}
    found = {split.case for split in split_suffix(word, lang) if _fold(split.stem) in stems}
    return tuple(c for c in _ALL_CASES if c in found and c is not Case.NOM)
