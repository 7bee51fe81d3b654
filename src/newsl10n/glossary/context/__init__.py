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

from newsl10n.glossary.context.kyrgyz import kyrgyz_cue
from newsl10n.glossary.context.russian import russian_cue
from newsl10n.glossary.context.words import CONTEXT_WINDOW, Cue, Evidence, groups, words_after, words_before
from newsl10n.glossary.morphology import Case

__all__ = ["CONTEXT_WINDOW", "Cue", "Evidence", "case_cue", "case_from_context"]


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
        return russian_cue(words_before(before), words_after(after), person, None)
    if lang == "ky":
        return kyrgyz_cue(words_before(before, 4), words_after(after, 12, numbers=True), person)
    if lang == "en":
        return _en_cue(before, after)
    return None


# --- English -----------------------------------------------------------------------------

_EN_PREPOSITIONS = groups(
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
    words = words_before(before, 1)
    if words and words[0].joined:
        case = _EN_PREPOSITIONS.get(words[0].lower)
        return Cue(case, Evidence.PREPOSITION, "en-preposition") if case else None
    return None
