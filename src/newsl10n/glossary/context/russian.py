"""Russian case rules: prepositions, modifiers and titles, governing nouns and verbs, lists."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from newsl10n.glossary.context.words import Cue, Evidence, Word, groups, wordset
from newsl10n.glossary.morphology import Case

__all__ = ["russian_cue"]


class _Parse(NamedTuple):
    pos: str
    case: Case | None
    lemma: str
    proper: bool
    """A name, an acronym or a word the dictionary does not know."""
    pronoun: bool
    """A pronominal adjective (``которую``, ``своего``)."""


_RU_PROPER = frozenset(("Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"))


_RU_CASE_TAG = groups(
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


def _ru_proper(word: Word) -> bool:
    """A capitalised word inside a sentence, or a name opening it (not ``Визит``)."""
    if not word.text[:1].isupper():
        return False
    if not word.opens:
        return True
    parses = _ru_parses(word.lower)
    return not parses or parses[0].proper


def _ru_cases(word: str, pos: tuple[str, ...]) -> frozenset[Case]:
    return frozenset(p.case for p in _ru_parses(word) if p.pos in pos and p.case is not None)


_RU_PREPOSITIONS = groups(
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

_RU_PERSON_TITLES = wordset(
    "президент премьер премьер-министр министр глава лидер председатель спикер посол генсек секретарь "
    "губернатор мэр аким полпред помощник советник коллега депутат политик экс-президент "
    "вице-президент вице-премьер канцлер король руководитель преемник предшественник "
    "главнокомандующий представитель"
)
_RU_PLACE_TITLES = wordset(
    "город село поселок посёлок республика аэропорт авиабаза база агентство партия компания телеканал "
    "издание газета портал сайт фонд"
)
_RU_NOT_GOVERNING = wordset(
    "год неделя месяц день утро вечер ночь сутки время раз момент период число понедельник вторник "
    "среда четверг пятница суббота воскресенье январь февраль март апрель май июнь июль август "
    "сентябрь октябрь ноябрь декабрь прошлое итог конец начало"
)
"""Nouns of time, after which a name starts the next phrase (``В четверг Путин...``)."""

_RU_VERBS = groups(
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


def russian_cue(
    before: list[Word],
    after: list[Word],
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
        return russian_cue(before[:-1], after, person, cases if allowed is None else allowed & cases)
    if parses and parses[0].pos == "NOUN":
        case = Case.DAT if "помощь" in lemmas else Case.GEN  # помощь Кыргызстану
        if lemmas.isdisjoint(_RU_NOT_GOVERNING) and _allows(allowed, case):
            return Cue(case, Evidence.GOVERNING_NOUN, "ru-governing-noun")
        return _agreed(allowed)
    verb = next((_RU_VERBS[p.lemma] for p in parses if p.pos in _RU_VERB_POS and p.lemma in _RU_VERBS), None)
    if verb is not None and _allows(allowed, verb):
        return Cue(verb, Evidence.VERB, f"ru-verb-{verb.value}")
    return _agreed(allowed)


def _ru_list_goes_on(after: list[Word]) -> bool:
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
    word: str, before: list[Word], after: list[Word], allowed: frozenset[Case] | None
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


def _ru_motion(before: list[Word], after: list[Word]) -> bool:
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
    before: list[Word], after: list[Word], person: bool | None, allowed: frozenset[Case] | None
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
        cue = russian_cue(before[:-1], after, person, cases)
        if cue is not None and cue.case in cases:
            return Cue(cue.case, Evidence.AGREEMENT, "ru-title-apposition")
    if not cases:
        return None
    best = next(p.case for p in _ru_parses(word) if p.case in cases)
    return Cue(best, Evidence.AGREEMENT, "ru-title-apposition")


def _ru_after_name(
    before: list[Word], after: list[Word], person: bool | None, allowed: frozenset[Case] | None
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
    before: list[Word], after: list[Word], person: bool | None, allowed: frozenset[Case] | None
) -> Cue | None:
    """A second conjunct takes the case of the first (``с Россией и Казахстаном``)."""
    if not before or not _ru_proper(before[-1]):
        return None
    cases = _ru_cases(before[-1].lower, ("NOUN",)) - {Case.NOM}
    if allowed is not None:
        cases &= allowed
    if not cases:
        return None
    cue = russian_cue(before[:-1], after, None, cases, in_list=True)
    if cue is not None and cue.case in cases:
        return Cue(cue.case, Evidence.AGREEMENT, "ru-coordination")
    return _agreed(cases, "ru-coordination")
