"""Which case a glossary term needs, read from the words around it, and why.

:func:`case_cue` looks at the syntax around a position and returns a :class:`Cue`: the
case and the :class:`Evidence` that chose it. :func:`case_from_context` is the case alone.
Enforcement records the evidence of every term it places (``alignment.json``), so an editor
can see whether a form came from the model, a preposition, a governing noun or a default.

* Russian (words analysed with pymorphy3): the preposition before the term (``в``/``на``
  → prepositional, or accusative with a word of motion before or after: ``в Нагорный
  Карабах перебросят``); modifiers and titles it agrees with (``в соседнем Казахстане``,
  ``с президентом Садыром Жапаровым``); a noun governing the genitive (``визит Путина``);
  a verb governing the accusative or dative (``поздравил Путина``); coordination
  (``с Россией и Казахстаном``).
* Kyrgyz: the word after it: a postposition (``каршы`` → dative, ``кийин`` → ablative,
  ``ортосунда`` → genitive), a possessive head (``Кыргызстандын президенти``), a verb
  (``Бишкекке барды``, ``Бишкекте өттү``).
* English: the preposition before it, or a possessive ``'s`` after it.

Each rule was measured on labelled real news (``bench/case_rules.py``); rules that did not
beat the nominative default on the occurrences they cover were dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any, NamedTuple

from newsl10n.glossary.morphology import Case

__all__ = ["CONTEXT_WINDOW", "Cue", "Evidence", "case_cue", "case_from_context"]


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


class _Word(NamedTuple):
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


def _word(text: str, match: re.Match[str], gap_start: int, gap_end: int, joining: re.Pattern[str]) -> _Word:
    return _Word(
        match[0],
        match[0].lower(),
        joining.fullmatch(text, gap_start, gap_end) is not None,
        _LISTING.fullmatch(text, gap_start, gap_end) is not None,
        _CLAUSE_END.search(text, gap_start, gap_end) is None,
    )


def _words_before(before: str, limit: int = 8) -> list[_Word]:
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


def _words_after(after: str, limit: int = 4, *, numbers: bool = False) -> list[_Word]:
    """The first ``limit`` words of ``after``, each with the gap before it."""
    text = after[:CONTEXT_WINDOW]
    joining = _JOINING_NUMBERS if numbers else _JOINING
    words: list[_Word] = []
    position = 0
    for match in _WORD.finditer(text):
        words.append(_word(text, match, position, match.start(), joining))
        position = match.end()
        if len(words) == limit:
            break
    return words


def case_from_context(before: str, after: str, lang: str, *, person: bool | None = None) -> Case | None:
    """The case the syntax around a term requires, or ``None`` (see :func:`case_cue`).

    Optional cues (:attr:`Cue.optional`: the base form is grammatical too) give ``None``: a
    model's ``Россия президенти`` is not to be rewritten. Callers filling a bare placeholder
    can take them from :func:`case_cue`.
    """
    cue = case_cue(before, after, lang, person=person)
    return cue.case if cue and not cue.optional else None


def case_cue(before: str, after: str, lang: str, *, person: bool | None = None) -> Cue | None:
    """The case a term between ``before`` and ``after`` needs and what tells it.

    Args:
        before: The text before the term (only the last :data:`CONTEXT_WINDOW` characters
            are read).
        after: The text after the term (likewise the first characters).
        lang: The language of the text: ``ru``, ``ky`` or ``en``; others give ``None``.
        person: Whether the term names a person, when the caller knows: a title before a
            person's name agrees with it (``с президентом Путиным``), before a place it
            governs the genitive (``с президентом Казахстана``).

    Returns:
        The case and its evidence, or ``None`` when nothing in the sentence tells the case
        (the caller then uses the base form).
    """
    if lang == "ru":
        return _ru_cue(_words_before(before), _words_after(after), person, None)
    if lang == "ky":
        return _ky_cue(_words_before(before, 4), _words_after(after, 12, numbers=True), person)
    if lang == "en":
        return _en_cue(before, after)
    return None


# --- Russian -----------------------------------------------------------------------------


class _Parse(NamedTuple):
    pos: str
    case: Case | None
    lemma: str
    proper: bool
    """A name, an acronym or a word the dictionary does not know."""
    pronoun: bool
    """A pronominal adjective (``которую``, ``своего``)."""


_RU_PROPER = frozenset(("Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"))


def _groups(*groups: tuple[Case, str]) -> dict[str, Case]:
    return {word: case for case, words in groups for word in words.split()}


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_RU_CASE_TAG = _groups(
    (Case.NOM, "nomn"),
    (Case.GEN, "gent gen2"),
    (Case.DAT, "datv"),
    (Case.ACC, "accs acc2"),
    (Case.INS, "ablt"),
    (Case.LOC, "loct loc2"),
)


@lru_cache(maxsize=1)
def _analyser() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def _ru_parses(word: str) -> tuple[_Parse, ...]:
    """The pymorphy3 analyses of a lowercase word, most likely first."""
    return tuple(
        _Parse(
            str(p.tag.POS),
            _RU_CASE_TAG.get(str(p.tag.case)),
            str(p.normal_form),
            not p.is_known or not _RU_PROPER.isdisjoint(p.tag.grammemes),
            "Apro" in p.tag.grammemes,
        )
        for p in _analyser().parse(word)
    )


def _ru_proper(word: _Word) -> bool:
    """A capitalised word inside a sentence, or a name opening it (not ``Визит``)."""
    if not word.text[:1].isupper():
        return False
    if not word.opens:
        return True
    parses = _ru_parses(word.lower)
    return not parses or parses[0].proper


def _ru_cases(word: str, pos: tuple[str, ...]) -> frozenset[Case]:
    return frozenset(p.case for p in _ru_parses(word) if p.pos in pos and p.case is not None)


_RU_PREPOSITIONS = _groups(
    (Case.LOC, "в во на о об обо при"),
    (
        Case.GEN,
        "из из-за из-под от до у для без около возле после против среди вокруг кроме вместо помимо "
        "ради вблизи внутри посреди",
    ),
    (Case.DAT, "к ко по благодаря согласно навстречу"),
    (Case.INS, "с со между над под перед за"),
    (Case.ACC, "про через сквозь"),
)
_RU_MOTION_PREPOSITIONS = {"в": Case.LOC, "во": Case.LOC, "на": Case.LOC, "за": Case.INS, "под": Case.INS}
"""Prepositions that take the accusative of a goal: (``в Москву``, ``на саммит``, ``за рубеж``)."""

_RU_MOTION = re.compile(
    r"(визит|поездк|прибы|прибуд|приех|приед|прилет|прилёт|вылет|улет|улёт|отправ|направ|"
    r"вход|вступ|верну|вернё|верне|возвращ|перебр|переда|ввод|ввес|ввоз|ввез|поех|поед|едет|"
    r"ехал|уех|уед|въех|въезд|переех|переезд|доставл|достав|пошл|перевез|перевоз|экспорт|"
    r"импорт|поставк|постав|инвестиц|вложени|вклад|ссылк|ссыла|переводит|перевел|перевёл|"
    r"посла|посыла|выезж|выех|выезд|летит|летел|полет|полёт|перелет|перелёт|депортир|"
    r"вторг|вторж|эвакуир|приглаш|пригласи|прибыти|приезд|трансфер|маршрут|рейс|путь)",
    re.IGNORECASE,
)
"""Stems of words of motion towards a goal: ``в``/``на`` after them take the accusative."""

_RU_PERSON_TITLES = _wordset(
    "президент премьер премьер-министр министр глава лидер председатель спикер посол генсек секретарь "
    "губернатор мэр аким полпред помощник советник коллега депутат политик экс-президент "
    "вице-президент вице-премьер канцлер король руководитель преемник предшественник "
    "главнокомандующий представитель"
)
_RU_PLACE_TITLES = _wordset(
    "город село поселок посёлок республика аэропорт авиабаза база агентство партия компания телеканал "
    "издание газета портал сайт фонд"
)
_RU_NOT_GOVERNING = _wordset(
    "год неделя месяц день утро вечер ночь сутки время раз момент период число понедельник вторник "
    "среда четверг пятница суббота воскресенье январь февраль март апрель май июнь июль август "
    "сентябрь октябрь ноябрь декабрь прошлое итог конец начало"
)
"""Nouns of time, after which a name starts the next phrase (``В четверг Путин...``)."""

_RU_VERBS = _groups(
    (
        Case.ACC,
        "поздравить поздравлять посетить посещать встретить встречать поддержать поддерживать пригласить "
        "приглашать призвать призывать обвинить обвинять покинуть покидать возглавить возглавлять "
        "представлять представить осудить осуждать критиковать раскритиковать поблагодарить благодарить "
        "принять принимать признать признавать наградить избрать проинформировать информировать уведомить "
        "заверить атаковать посещение утвердить утверждать спросить спрашивать приветствовать освободить "
        "назначить задержать арестовать уволить сменить заменить переизбрать",
    ),
    (
        Case.DAT,
        "помочь помогать позвонить звонить угрожать пригрозить противостоять соболезновать принадлежать "
        "подчиняться доверять сопротивляться передать передавать",
    ),
)
_RU_VERB_POS = ("VERB", "INFN", "GRND", "PRTF", "PRTS")
_RU_ADJ_POS = ("ADJF", "PRTF")
_RU_FINITE = ("VERB", "INFN", "PRTS")
_RU_COORDINATION = frozenset(("и", "или", "либо"))


def _ru_cue(
    before: list[_Word],
    after: list[_Word],
    person: bool | None,
    allowed: frozenset[Case] | None,
    *,
    in_list: bool = False,
) -> Cue | None:
    """The Russian cue for a term after ``before``; ``allowed``: the cases modifiers allow;
    ``in_list``: the term is known to be a list item."""
    if before and before[-1].listed and _ru_proper(before[-1]) and (in_list or _ru_list_goes_on(after)):
        return _ru_coordination(before, after, person, allowed)  # Кыргызстана, Казахстана...
    if not before or not before[-1].joined:
        return _agreed(allowed)
    word = before[-1].lower
    if word in _RU_PREPOSITIONS:
        return _ru_preposition(word, before[:-1], after, allowed)
    if word in _RU_COORDINATION:
        return _ru_coordination(before[:-1], after, person, allowed)
    parses = _ru_parses(word)
    lemmas = {p.lemma for p in parses}
    name_part = (
        not before[-1].opens and before[-1].text[:1].isupper() and lemmas.isdisjoint(_RU_PERSON_TITLES)
    )
    if not name_part and not lemmas.isdisjoint(_RU_PERSON_TITLES | _RU_PLACE_TITLES):
        return _ru_title(before, after, person, allowed)
    if _ru_proper(before[-1]):
        return _ru_after_name(before, after, person, allowed)
    if all(p.pos in _RU_ADJ_POS and not p.pronoun for p in parses) and len(before) > 1:
        cases = _ru_cases(word, _RU_ADJ_POS)
        return _ru_cue(before[:-1], after, person, cases if allowed is None else allowed & cases)
    if parses and parses[0].pos == "NOUN":
        case = Case.DAT if "помощь" in lemmas else Case.GEN  # помощь Кыргызстану
        if lemmas.isdisjoint(_RU_NOT_GOVERNING) and _allows(allowed, case):
            return Cue(case, Evidence.GOVERNING_NOUN, "ru-governing-noun")
        return _agreed(allowed)
    verb = next((_RU_VERBS[p.lemma] for p in parses if p.pos in _RU_VERB_POS and p.lemma in _RU_VERBS), None)
    if verb is not None and _allows(allowed, verb):
        return Cue(verb, Evidence.VERB, f"ru-verb-{verb.value}")
    return _agreed(allowed)


def _ru_list_goes_on(after: list[_Word]) -> bool:
    """After a comma, the term is a list item only if the list goes on or ends with it
    (``с Россией, Казахстаном и ...``, ``Киргизии Садыр Жапаров, Таджикистана Эмомали
    Рахмон``), not when its clause goes on (``в Бишкеке, ОДКБ промолчала``)."""
    if not after or not after[0].clause or after[0].listed:
        return True
    return after[0].lower in _RU_COORDINATION or after[0].text[:1].isupper()


def _allows(allowed: frozenset[Case] | None, case: Case) -> bool:
    return allowed is None or case in allowed


def _agreed(allowed: frozenset[Case] | None, rule: str = "ru-modifier") -> Cue | None:
    """The case agreeing modifiers leave, when they leave one (``Cue`` of agreement)."""
    if allowed is not None and len(allowed) == 1:
        return Cue(next(iter(allowed)), Evidence.AGREEMENT, rule)
    return None


def _ru_preposition(
    word: str, before: list[_Word], after: list[_Word], allowed: frozenset[Case] | None
) -> Cue | None:
    """The case a preposition gives, with ``в``/``на``/``за``/``под`` of motion in the accusative."""
    case, rule = _RU_PREPOSITIONS[word], "ru-preposition"
    if word in _RU_MOTION_PREPOSITIONS and _ru_motion(before, after):
        case, rule = Case.ACC, "ru-preposition-motion"
    if _allows(allowed, case):
        return Cue(case, Evidence.PREPOSITION, rule)
    if word in _RU_MOTION_PREPOSITIONS and allowed is not None and Case.ACC in allowed:
        return Cue(Case.ACC, Evidence.AGREEMENT, "ru-preposition-agreement")
    if word in ("с", "со") and allowed is not None and Case.GEN in allowed:
        return Cue(Case.GEN, Evidence.AGREEMENT, "ru-preposition-agreement")
    return Cue(case, Evidence.PREPOSITION, "ru-preposition")


def _ru_motion(before: list[_Word], after: list[_Word]) -> bool:
    """A word of motion in the phrase before the preposition, or a verb of motion after it."""
    for word in reversed(before[-3:]):
        if _RU_MOTION.match(word.lower):
            return True
        if word.lower in _RU_PREPOSITIONS or not word.joined:
            break
    for index, word in enumerate(after[:5]):
        if not word.joined or word.lower in _RU_COORDINATION or word.lower in _RU_MOTION_PREPOSITIONS:
            break
        if _RU_MOTION.match(word.lower) and any(p.pos in _RU_FINITE for p in _ru_parses(word.lower)):
            goal = index + 1 < len(after) and after[index + 1].lower in _RU_MOTION_PREPOSITIONS
            return not goal  # выезжать в сторону...: the goal is the next phrase
    return False


def _ru_title(
    before: list[_Word], after: list[_Word], person: bool | None, allowed: frozenset[Case] | None
) -> Cue | None:
    """A name after a title: in apposition (``президентом Путиным``) or governed (``главы Казахстана``)."""
    word = before[-1].lower
    person_title = any(p.lemma in _RU_PERSON_TITLES for p in _ru_parses(word))
    if person_title and person is False:
        return Cue(Case.GEN, Evidence.GOVERNING_NOUN, "ru-title-governs")
    if not person_title and person is True:
        return Cue(Case.GEN, Evidence.GOVERNING_NOUN, "ru-title-governs")
    if not person_title:
        return Cue(Case.NOM, Evidence.AGREEMENT, "ru-place-title")  # на авиабазе Кант, в городе Бишкек
    cases = _ru_cases(word, ("NOUN",))
    if allowed is not None:
        cases &= allowed
    if len(cases) > 1:
        cue = _ru_cue(before[:-1], after, person, cases)
        if cue is not None and cue.case in cases:
            return Cue(cue.case, Evidence.AGREEMENT, "ru-title-apposition")
    if not cases:
        return None
    best = next(p.case for p in _ru_parses(word) if p.case in cases)
    return Cue(best, Evidence.AGREEMENT, "ru-title-apposition")


def _ru_after_name(
    before: list[_Word], after: list[_Word], person: bool | None, allowed: frozenset[Case] | None
) -> Cue | None:
    """After a capitalised word: a title further back (``президентом России Путиным``)."""
    for index in range(len(before) - 2, max(-1, len(before) - 8), -1):
        word = before[index]
        if not word.joined:
            return None
        if not {p.lemma for p in _ru_parses(word.lower)}.isdisjoint(_RU_PERSON_TITLES):
            if person is False:
                return None
            return _ru_title(before[: index + 1], after, True, allowed)
        if not _ru_proper(word) and word.lower not in _RU_COORDINATION:
            return None
    return None


def _ru_coordination(
    before: list[_Word], after: list[_Word], person: bool | None, allowed: frozenset[Case] | None
) -> Cue | None:
    """A second conjunct takes the case of the first (``с Россией и Казахстаном``)."""
    if not before or not _ru_proper(before[-1]):
        return None
    cases = _ru_cases(before[-1].lower, ("NOUN",)) - {Case.NOM}
    if allowed is not None:
        cases &= allowed
    if not cases:
        return None
    cue = _ru_cue(before[:-1], after, None, cases, in_list=True)
    if cue is not None and cue.case in cases:
        return Cue(cue.case, Evidence.AGREEMENT, "ru-coordination")
    return _agreed(cases, "ru-coordination")


# --- Kyrgyz ------------------------------------------------------------------------------

_KY_POSTPOSITIONS = _groups(
    (Case.NOM, "менен үчүн жөнүндө тууралуу боюнча сыяктуу аркылуу катары тарабынан"),
    (Case.DAT, "каршы чейин карата карай жараша байланыштуу караганда жакын ылайык таандык мүчө"),
    (Case.ABL, "кийин бери башка мурун тышкары баштап тартып улам"),
    (
        Case.GEN,
        "ортосунда ортосундагы ичинде алдында үстүндө жанында атынан аймагында аймагындагы ордуна",
    ),
)
_KY_APPOSITION = re.compile(r"(шаар|облус|район|кыштак)\w*$|айыл[ыдн]\w*$")
"""Heads after a name in apposition (``Бишкек шаарында``): the name keeps its base form."""
_KY_CASE_AFTER_POSSESSIVE = (
    "нын|нин|нун|нүн|нда|нде|ндо|ндө|на|не|но|нө|нан|нен|нон|нөн|ндагы|ндеги|ндогу|ндөгү"
)
_KY_POSSESSIVE = re.compile(
    r"(президент|премьер-министр|министр|өкмөт|парламент|кеңеш|совет|бюджет|мандат|жаран|тарап)"
    rf"[иыуү]н?({_KY_CASE_AFTER_POSSESSIVE})?$"
    rf"|\w*([аеиоуыэюяөү]с|[аеиоуыэюяөүнрлмй]т|[^\W\dаеиоуыэюяөүдтнч])[иыуү]$|\w*([аеиоуыэюяөү]с|[^\W\dаеиоуыэюяөүйдтнч])[иыуү]н$"
    rf"|\w*[иыуү]({_KY_CASE_AFTER_POSSESSIVE})$"
)
"""A noun with the 3rd-person possessive (``президенти``, ``депутаты``, ``жыйынында``): the
name before it takes the genitive (``Кыргызстандын президенти``). Verbs in -ды/-ты (``айтты``),
accusatives in -ны and nouns in -чы are left out."""
_KY_NOT_POSSESSIVE = _wordset(
    "анын мунун бүгүн кийин мурун үчүн ошону буну аны муну жылы айы айында күнү күнүндө жыйында жыйындан"
)
_KY_POSSESSIVE_SKIP = 2
_KY_POSSESSIVE_ATTRIBUTIVE = re.compile(r"\w*[иыуү]н[дт][аеоө][гк][ыиуү]$")
_KY_MODIFIER = re.compile(r"\w*к[ыиуү]$|жаңы$|ири$|эски$")
_KY_PLACE_HEAD = re.compile(r"(район|облус|шаар|айыл)[ыу]\w*$")
_KY_VERBAL = re.compile(r"\w*([гк][аеоө]н|уу|үү)$")
"""Participles and verbal nouns (``көрсөткөн``, ``түшүндүрүү``): a possessive after them is not the name's."""
_KY_GENITIVE = re.compile(r"\w*(?<!г[аеоө])(?<!к[аеоө])[нтд][ыиуү]н$")
"""A genitive (``Кыргызстандын``), not a participle with a possessive (``куттуктаганын``)."""
_KY_REPRESENTATION = re.compile(r"(элчилиг|консулдуг|кабарчы|өкүл|бөлүм|филиал|офис)")
"""Heads of ``Кыргызстандын Орусиядагы элчилиги``: the name between takes the -DAgI form."""
_KY_ATTRIBUTIVE = re.compile(r"\w*[дт][аеоө][гк][ыиуү]$")
"""``-DAgI`` words (``23-октябрдагы``): they qualify the next noun, not the name."""
_KY_VERBS: tuple[tuple[re.Pattern[str], Case], ...] = (
    (
        re.compile(
            r"бар(ды|ып|ат|ат(ат|кан)?|а|ган|ганда|уу|ууда|ышты|ышат|ышкан|мак|макчы|са|чу|ышып)$"
            r"|жөнө(дү|йт|п|гөн|шөт|штү)$|учуп$|кел(ди|ет|ип|үүгө|ишти|ишет|е|мекчи)$"
        ),
        Case.DAT,
    ),
    (
        re.compile(
            r"(өт(тү|өт|үп|көн|үүдө|үшөт|үштү)|жаша(йт|ган|ап|шат)|жайгаш\w*|жүр(өт|гөн|үп)|туул\w*)$"
        ),
        Case.LOC,
    ),
    (
        re.compile(
            r"(куттукта|колдо|айыпта|сында|тааны|тосуп|кыдыр)\w*$|бошот(уу|ту|ушту|от|уп)$|дайында(ды|ган)$"
        ),
        Case.ACC,
    ),
    (re.compile(r"(кайрыл|жолук)\w*$|кайт(уу|аруу)\w*$"), Case.DAT),
)
_KY_VISIT_WORDS = _wordset(
    "расмий иш сапар сапары иш-сапар иш-сапары менен мамлекеттик жумушчу дагы эле визит визити "
    "бүгүн эртең кечээ январда февралда мартта апрелде майда июнда июлда августта сентябрда "
    "октябрда ноябрда декабрда"
)
_KY_VISIT_VERBS = (
    (re.compile(r"(кел|бар|жөнө)\w*$"), Case.DAT),
    (re.compile(r"бол(от|ду|уп|гон)$"), Case.LOC),
)
_KY_ENDINGS: tuple[tuple[re.Pattern[str], Case], ...] = (
    (re.compile(r"\w*[дт][аеоө][гк][ыиуү]$"), Case.ATTR),
    (re.compile(r"\w*[дтн][аеоө]н$"), Case.ABL),
    (re.compile(r"\w*[дтн][ыиуү]н$"), Case.GEN),
    (re.compile(r"\w*[дт][аеоө]$"), Case.LOC),
    (re.compile(r"\w*[гк][аеоө]$"), Case.DAT),
    (re.compile(r"\w*[дтн][ыиуү]$"), Case.ACC),
)
"""Case suffixes on a name (``Беларустун``, ``ЖККУга``): the case of a neighbouring list item."""
_KY_OBJECT_VERBS: tuple[tuple[re.Pattern[str], Case], ...] = (
    (re.compile(r"(куттукта|чакыр)\w*$"), Case.ACC),
    (re.compile(r"(ыраазычылык|рахмат|кайрыл)\w*$"), Case.DAT),
)
"""Verbs whose object a name after the subject is (``Токаев Жапаровду ... куттуктады``)."""


_KY_WHEN = _wordset(
    "бүгүн эртең кечээ учурда азыр күндөрү дүйшөмбүдө шейшембиде шаршембиде бейшембиде жумада "
    "ишембиде жекшембиде"
)
"""Time words opening a clause: a place right after them is where (``Бүгүн Бишкекте...``)."""
_KY_PARTICLES = frozenset(("ошондой", "эле", "дагы", "да", "де", "өз", "кезегинде"))


def _ky_ending(word: _Word) -> Case | None:
    """The case suffix of a capitalised word (a name), if it has one."""
    if not word.text[:1].isupper():
        return None
    case = next((case for pattern, case in _KY_ENDINGS if pattern.match(word.lower)), None)
    if case is Case.ABL and word.lower.endswith("стан"):
        return None  # Кыргызстан is not an ablative
    return case


def _ky_cue(before: list[_Word], after: list[_Word], person: bool | None) -> Cue | None:
    """The Kyrgyz cue: the words after the term (its head, postposition, verb), or its neighbours."""
    if not after:
        return None
    if after[0].listed or (after[0].joined and after[0].lower in ("жана", "же")):
        following = after[0] if after[0].listed else after[1] if len(after) > 1 else None
        case = _ky_ending(following) if following and (following.joined or following.listed) else None
        if case:
            return Cue(case, Evidence.AGREEMENT, "ky-list", optional=True)
        return _ky_object(before, after)  # Путин Жапаровду жана кыргыз элин куттуктады
    if not after[0].joined:
        return None
    cue = _ky_listed(before) or _ky_pair(before, after, person) or _ky_head(before, after)
    if cue is None:
        cue = _ky_visit(before, after) or _ky_object(before, after)
    if cue is None and _ky_possessed(after, _KY_POSSESSIVE_SKIP):
        return Cue(Case.GEN, Evidence.GOVERNING_NOUN, "ky-possessive-far", optional=True)
    if cue is None and person is not True and before and before[-1].joined and before[-1].lower in _KY_WHEN:
        return Cue(Case.LOC, Evidence.AGREEMENT, "ky-when-where", optional=True)  # Бүгүн Бишкекте...
    return cue


def _ky_listed(before: list[_Word]) -> Cue | None:
    """The last item of a list takes the case of the one before (``Ташкенттеги жана Оштогу``)."""
    if len(before) < 2 or not before[-1].joined or before[-1].lower not in ("жана", "же"):
        return None
    before = before[:-1]
    case = _ky_ending(before[-1])
    return Cue(case, Evidence.AGREEMENT, "ky-list") if case else None


def _ky_pair(before: list[_Word], after: list[_Word], person: bool | None) -> Cue | None:
    """A name paired with a neighbour: from-to (``Оренбургдан Бишкекке``), ``Индия менен Кыргызстандын``."""
    previous = before[-1] if before and before[-1].joined else None
    if previous and (_ky_ending(previous) is Case.ABL or previous.lower == "шаарынан"):
        return Cue(Case.DAT, Evidence.AGREEMENT, "ky-from-to")
    pair = len(before) > 1 and before[-1].lower == "менен" and before[-2].text[:1].isupper()
    if pair and _ky_possessed(after, 3):
        return Cue(Case.GEN, Evidence.GOVERNING_NOUN, "ky-pair-possessive", optional=True)
    return None


def _ky_head(before: list[_Word], after: list[_Word]) -> Cue | None:
    """The word right after the term: a postposition, a possessive head or a verb."""
    word = after[0].lower
    case = _KY_POSTPOSITIONS.get(word)
    if case is not None:
        return Cue(case, Evidence.POSTPOSITION, "ky-postposition")
    if _KY_APPOSITION.match(word):
        return Cue(Case.NOM, Evidence.AGREEMENT, "ky-apposition")
    if _ky_possessed(after, 0):
        genitive_before = bool(before) and before[-1].joined and _KY_GENITIVE.match(before[-1].lower)
        if genitive_before and _KY_REPRESENTATION.match(word):
            # Кыргызстандын Орусиядагы элчилиги
            return Cue(Case.ATTR, Evidence.GOVERNING_NOUN, "ky-possessive-attributive")
        return Cue(Case.GEN, Evidence.GOVERNING_NOUN, "ky-possessive", optional=True)
    for pattern, verb_case in _KY_VERBS:
        if pattern.match(word):
            return Cue(verb_case, Evidence.VERB, f"ky-verb-{verb_case.value}")
    return None


def _ky_possessed(after: list[_Word], skip: int) -> bool:
    """A possessive noun after the term, past up to ``skip`` plain words (``мамлекет башчысы``)."""
    for index, following in enumerate(after[: 1 + skip]):
        word = following.lower
        if not following.joined or word in _KY_POSTPOSITIONS:
            return False
        if _KY_POSSESSIVE_ATTRIBUTIVE.match(word):
            return True  # борборундагы, алкагындагы
        if _KY_MODIFIER.match(word) or _KY_ATTRIBUTIVE.match(word):
            continue  # жаңы, азыркы, тышкы саясаттагы: modifiers before the head
        possessive = word not in _KY_NOT_POSSESSIVE and _KY_POSSESSIVE.match(word)
        if possessive and not following.text[:2].isupper():  # ШКУнун is a genitive
            return True
        if index == 0 and _KY_APPOSITION.match(word):
            return False
        if following.text[:1].isupper():
            # Ош облусу Чоң-Алай районунда: a place inside the name's
            return index + 1 < len(after) and _KY_PLACE_HEAD.match(after[index + 1].lower) is not None
        if _KY_VERBAL.match(word) or any(pattern.match(word) for pattern, _case in _KY_ENDINGS):
            return False  # a verb's own phrase, or a word in another case
    return False


def _ky_visit(before: list[_Word], after: list[_Word]) -> Cue | None:
    """A visit: ``Казакстанга расмий иш сапары менен барат``, ``сапары Казакстанга болот``."""
    if before and before[-1].joined and before[-1].lower.endswith("сапары") and after[0].lower[:3] == "бол":
        return Cue(Case.DAT, Evidence.VERB, "ky-visit")
    for following in after:
        if not following.joined:
            break
        if following.lower not in _KY_VISIT_WORDS:
            if following is not after[0]:
                for pattern, case in _KY_VISIT_VERBS:
                    if pattern.match(following.lower):
                        return Cue(case, Evidence.VERB, "ky-visit")
            break
    return None


def _ky_object(before: list[_Word], after: list[_Word]) -> Cue | None:
    """A name after its subject's name, with the verb later in the clause."""
    while before and before[-1].joined and before[-1].lower in _KY_PARTICLES:
        before = before[:-1]
    if not before or not before[-1].joined or not before[-1].text[:1].isupper():
        return None
    if _ky_ending(before[-1]) not in (None, Case.GEN):
        return None  # Жээнбековду Жапаровго...: not the subject (a genitive may be a surname in -ин)
    for following in after:
        if not following.clause:
            break
        for pattern, case in _KY_OBJECT_VERBS:
            if pattern.match(following.lower):
                return Cue(case, Evidence.VERB, f"ky-object-{case.value}")
    return None


# --- English -----------------------------------------------------------------------------

_EN_PREPOSITIONS = _groups(
    (Case.LOC, "in at inside within about"),
    (Case.DAT, "to towards toward"),
    (Case.ABL, "from"),
    (Case.INS, "with between by"),
    (Case.GEN, "of"),
)
_EN_POSSESSIVE = re.compile(r"['’]s\b|s['’]")


def _en_cue(before: str, after: str) -> Cue | None:
    """The English cue: a possessive ``'s`` after the term or a preposition before it."""
    if _EN_POSSESSIVE.match(after):
        return Cue(Case.GEN, Evidence.PREPOSITION, "en-possessive")
    words = _words_before(before, 1)
    if words and words[0].joined:
        case = _EN_PREPOSITIONS.get(words[0].lower)
        return Cue(case, Evidence.PREPOSITION, "en-preposition") if case else None
    return None
