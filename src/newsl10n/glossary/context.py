"""Which case a glossary term needs, read from the words around it, and why.

:func:`case_cue` looks at the syntax around a position and returns a :class:`Cue`: the
case and the :class:`Evidence` that chose it. :func:`case_from_context` is the case alone.
Enforcement records the evidence of every term it places (``alignment.json``), so an editor
can see whether a form came from the model, a preposition, a governing noun or a default.

* Russian: the preposition before the term (``в``/``на``/``о`` → prepositional, ``в``
  after a word of motion → accusative, ``из``/``от``/``для`` → genitive...).
* Kyrgyz: the postposition after it (``каршы`` → dative, ``кийин`` → ablative,
  ``ортосунда`` → genitive).
* English: the preposition before it, or a possessive ``'s`` after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

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


_RU_PREPOSITIONS: dict[str, Case] = {}
for _case, _group in (
    (Case.LOC, "в во на о об обо при"),
    (Case.GEN, ("из от до у для без около возле после против среди вокруг кроме вместо ради вблизи внутри")),
    (Case.DAT, "к ко по благодаря согласно навстречу"),
    (Case.INS, "с со между над под перед за"),
    (Case.ACC, "про через сквозь"),
):
    for _word in _group.split():
        _RU_PREPOSITIONS[_word] = _case

_RU_MOTION = re.compile(
    r"^(визит|поездк|прибы|приех|прилет|прилёт|вылет|улет|улёт|отправ|направ|"
    r"вход|вступ|верну|возвращ|перебро|переда|ввод|ввес|ввоз|поех|поед|едет|"
    r"ехал|уех|въех|переех|доставл|достав|пошл|перевез|перевоз|экспорт)",
    re.IGNORECASE,
)

_KY_POSTPOSITIONS: dict[str, Case] = {}
for _case, _group in (
    (Case.NOM, "менен үчүн жөнүндө тууралуу боюнча сыяктуу аркылуу катары"),
    (Case.DAT, "каршы чейин карата карай жараша байланыштуу караганда жакын"),
    (Case.ABL, "кийин бери башка мурун тышкары баштап"),
    (
        Case.GEN,
        (
            "тарабынан ортосунда ортосундагы ичинде алдында үстүндө жанында атынан "
            "аймагында аймагындагы ордуна"
        ),
    ),
):
    for _word in _group.split():
        _KY_POSTPOSITIONS[_word] = _case

_EN_PREPOSITIONS = {
    "in": Case.LOC,
    "at": Case.LOC,
    "inside": Case.LOC,
    "within": Case.LOC,
    "to": Case.DAT,
    "towards": Case.DAT,
    "toward": Case.DAT,
    "from": Case.ABL,
    "with": Case.INS,
    "between": Case.INS,
    "of": Case.GEN,
    "by": Case.INS,
    "about": Case.LOC,
}


_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
CONTEXT_WINDOW = 256
"""Characters of context read on each side of a term: enough for the four words looked at."""


def case_from_context(before: str, after: str, lang: str) -> Case | None:
    """The case a term between ``before`` and ``after`` needs, or ``None`` (see :func:`case_cue`)."""
    cue = case_cue(before, after, lang)
    return cue.case if cue else None


def case_cue(before: str, after: str, lang: str) -> Cue | None:
    """The case a term between ``before`` and ``after`` needs and what tells it, or ``None``."""
    words_before = _WORD.findall(before[-CONTEXT_WINDOW:])
    if len(before) > CONTEXT_WINDOW and words_before:
        words_before = words_before[1:]  # the window may have cut the first word
    words_after = _WORD.findall(after[:CONTEXT_WINDOW])
    if lang == "ru" and words_before:
        prep = words_before[-1].lower()
        case = _RU_PREPOSITIONS.get(prep)
        if case is None:
            return None
        if (
            case is Case.LOC
            and prep in ("в", "во", "на")
            and any(_RU_MOTION.match(word) for word in words_before[-4:-1])
        ):
            return Cue(Case.ACC, Evidence.PREPOSITION)
        return Cue(case, Evidence.PREPOSITION)
    if lang == "ky" and words_after:
        case = _KY_POSTPOSITIONS.get(words_after[0].lower())
        return Cue(case, Evidence.POSTPOSITION) if case else None
    if lang == "en":
        if re.match(r"^['’]s\b|^s['’]", after):
            return Cue(Case.GEN, Evidence.PREPOSITION)
        if words_before:
            case = _EN_PREPOSITIONS.get(words_before[-1].lower())
            return Cue(case, Evidence.PREPOSITION) if case else None
    return None
