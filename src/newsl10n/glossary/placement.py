"""Placing the glossary terms of one sentence in a model's output, with the evidence for each case.

:mod:`newsl10n.glossary.enforce` runs these steps on every decoded sentence; each records,
beside the case it writes, the :class:`~newsl10n.glossary.context.Evidence` that chose it:

* a surviving placeholder (:func:`resolve` with ``masked``): the case of a suffix the model
  glued to it (``NE1ге``: ``model-suffix``), else of the words around it (``в NE1``:
  ``preposition``), else of the source occurrence (``source``), else the base form
  (``default``);
* the rendering the model wrote in some case form: that case (``model``); a base form the
  syntax around it rules out is re-inflected (``в Кант`` → ``в Канте``: ``preposition``);
* something the model wrote instead (:func:`~newsl10n.glossary.repair.find_substitute`): the
  case its ending shows (``Джапаровым``: ``model``; a foreign spelling with a glued suffix,
  ``CSTOго``: ``model-suffix``), else the case the words around it need, as for a placeholder;
* nothing found (:func:`insert_missing`): the case the words around the insertion point need,
  else the source occurrence's, else the base form.

The steps only read and edit a :class:`Placement`; the plan, the translator and the re-decode
stay in :mod:`~newsl10n.glossary.enforce`.
"""

from __future__ import annotations

import re

from newsl10n import tokens
from newsl10n.glossary.context import Cue, Evidence, case_cue
from newsl10n.glossary.morphology import Case
from newsl10n.glossary.repair import (
    Draft,
    Slot,
    Substitute,
    TermStatus,
    find_exact,
    find_substitute,
    insertion_point,
    read_ending,
)

__all__ = ["INFLECTING", "Placement", "case_at", "insert_missing", "resolve"]

INFLECTING = ("ru", "ky")
"""Target languages whose renderings take the case of the source occurrence when nothing
in the target tells it."""


class Placement:
    """A target sentence under repair (:attr:`draft`) and the evidence for each placed case."""

    def __init__(self, text: str, slots: list[Slot]) -> None:
        self.draft = Draft(text, slots)
        self._evidence: dict[int, Evidence] = {}

    def evidence(self, slot: Slot) -> Evidence | None:
        """What chose the case of ``slot``, or ``None`` while it has no place."""
        return self._evidence.get(id(slot)) if slot.status is not None else None

    def place(
        self, slot: Slot, start: int, end: int, cue: Cue, status: TermStatus, form: str | None = None
    ) -> None:
        """Write ``slot`` over ``start:end`` in the case of ``cue`` (or as ``form``)."""
        self.draft.place(slot, start, end, cue.case, status, form=form)
        self._evidence[id(slot)] = cue.evidence

    def insert(self, slot: Slot, position: int, cue: Cue, status: TermStatus) -> None:
        """Insert ``slot`` at ``position`` in the case of ``cue``."""
        self.draft.insert(slot, position, cue.case, status)
        self._evidence[id(slot)] = cue.evidence

    def assign(self, slot: Slot, case: Case | None, evidence: Evidence | None) -> None:
        """Give an already placed ``slot`` the case and evidence decided elsewhere."""
        slot.case = case
        if evidence is not None:
            self._evidence[id(slot)] = evidence

    def open_slots(self) -> list[Slot]:
        """The slots without a place, longest rendering first (ties in source order)."""
        return sorted((s for s in self.draft.slots if s.status is None), key=lambda s: -len(s.rendering))


def resolve(text: str, slots: list[Slot], src: str, tgt: str, *, masked: bool) -> Placement:
    """Place every term of ``slots`` that ``text`` (a model's output) holds in some form.

    Args:
        text: The model's output for the sentence.
        slots: The sentence's source occurrences, fresh (none placed).
        src: Source language.
        tgt: Target language.
        masked: Whether the model saw placeholders (``NE1``...) instead of the terms.

    Returns:
        The placement; slots the output lacks stay open.
    """
    placement = Placement(text, slots)
    if masked:
        _fill_placeholders(placement, tgt)
    for slot in placement.open_slots():
        _place_exact(placement, slot, tgt)
    for slot in placement.open_slots():
        substitute = find_substitute(placement.draft, slot, src, tgt)
        if substitute is not None:
            _place_substitute(placement, slot, substitute, src, tgt)
    placement.draft.drop_placeholders(tokens.TERM_FOUND)
    return placement


def _fill_placeholders(placement: Placement, tgt: str) -> None:
    """Put each slot where its placeholder survived, first copy of each number only."""
    draft = placement.draft
    kept: dict[int, re.Match[str]] = {}
    for found in tokens.TERM_FOUND.finditer(draft.text):
        index = int(found["n"]) - 1
        if 0 <= index < len(draft.slots) and index not in kept:
            kept[index] = found
    for index, found in sorted(kept.items(), key=lambda item: -item[1].start()):
        slot = draft.slots[index]
        start, end = found.start(), found.end()
        cases, form = read_ending(slot, found["suffix"], tgt) if found["suffix"] else ((), None)
        if len(cases) == 1:
            cue = Cue(cases[0], Evidence.SUFFIX)
        elif cases:  # an ending several cases share: the words around choose among them
            around = _cue_around(draft, slot, start, end, tgt)
            case = around.case if around is not None and around.case in cases else cases[0]
            cue, form = Cue(case, Evidence.SUFFIX), None
        else:
            end = found.end("n")
            cue = case_at(draft, slot, start, end, tgt)
        written = form if form is not None else slot.forms[cue.case]
        status = TermStatus.MODEL if written == slot.rendering else TermStatus.INFLECTED
        placement.place(slot, start, end, cue, status, form=form)


def _place_exact(placement: Placement, slot: Slot, tgt: str) -> None:
    """Keep the rendering where the model wrote it in a correct form (steps b of enforce)."""
    draft = placement.draft
    found = find_exact(draft, slot)
    if found is None:
        return
    start, end = found.start, found.end
    if found.as_written is not None:
        placement.place(slot, start, end, Cue(found.case, Evidence.MODEL), TermStatus.MODEL, found.as_written)
        return
    # Only a cue the syntax requires overrides the model's base form ("ЖККУ саммити" is
    # as right as "ЖККУнун саммити").
    cue = _cue_around(draft, slot, start, end, tgt)
    if (
        found.case is Case.NOM
        and cue is not None
        and not cue.optional
        and cue.case is not Case.NOM
        and slot.forms[cue.case] != slot.forms[Case.NOM]
    ):
        placement.place(slot, start, end, cue, TermStatus.INFLECTED)
    else:
        placement.place(slot, start, end, Cue(found.case, Evidence.MODEL), TermStatus.MODEL)


def _place_substitute(placement: Placement, slot: Slot, substitute: Substitute, src: str, tgt: str) -> None:
    """Write the rendering over what the model wrote instead, in the case that tells most."""
    draft = placement.draft
    start, end, cases = substitute.start, substitute.end, substitute.cases
    around = case_at(draft, slot, start, end, tgt)
    form = substitute.form if substitute.form is not None and len(cases) == 1 else None
    if len(cases) == 1:
        seen = draft.text[start:end]
        glued = form is None and _glued_to_foreign(seen, slot, src)
        cue = Cue(cases[0], Evidence.SUFFIX if glued else Evidence.MODEL)
    elif not cases or around.case in cases:
        cue = around
    else:
        cue = Cue(cases[0], Evidence.MODEL)
    written = form if form is not None else slot.forms[cue.case]
    status = TermStatus.MODEL if draft.text[start:end] == written else TermStatus.REPAIRED
    placement.place(slot, start, end, cue, status, form=form)


def _glued_to_foreign(seen: str, slot: Slot, src: str) -> bool:
    """Whether ``seen`` is a source or English spelling of the term with a suffix glued on."""
    term = slot.match.term
    folded = seen.casefold()
    spellings = {slot.match.text, *term.spellings(src), term.msgid, *term.variants("en")}
    return any(s and len(folded) > len(s) and folded.startswith(s.casefold()) for s in spellings)


def case_at(draft: Draft, slot: Slot, start: int, end: int, tgt: str) -> Cue:
    """The case for ``slot`` placed at ``start:end`` and why: syntax, the source's, the base form."""
    cue = _cue_around(draft, slot, start, end, tgt)
    if cue is not None:
        return cue
    if tgt in INFLECTING and slot.match.case is not None:
        return Cue(slot.match.case, Evidence.SOURCE)
    return Cue(Case.NOM, Evidence.DEFAULT)


def insert_missing(placement: Placement, source: str, tgt: str) -> list[int]:
    """Insert every open slot where the source position suggests; return their indexes."""
    draft = placement.draft
    inserted = []
    for index, slot in enumerate(draft.slots):
        if slot.status is not None:
            continue
        position = insertion_point(draft, slot.match.start / max(len(source), 1))
        placement.insert(slot, position, case_at(draft, slot, position, position, tgt), TermStatus.REPAIRED)
        inserted.append(index)
    return inserted


def _person(slot: Slot, tgt: str) -> bool:
    """Whether the term names a person (titles agree with people, govern places)."""
    return slot.match.term.grammar(tgt).person


def _cue_around(draft: Draft, slot: Slot, start: int, end: int, tgt: str) -> Cue | None:
    """The cue of the words around ``start:end``, other placeholders read as their renderings.

    A neighbour still masked (``Визит NE1 в NE2``) would hide the words that tell the case.
    """

    def readable(text: str) -> str:
        def rendering(found: re.Match[str]) -> str:
            index = int(found["n"]) - 1
            return draft.slots[index].rendering if 0 <= index < len(draft.slots) else found[0]

        return tokens.TERM_FOUND.sub(rendering, text)

    before, after = readable(draft.text[:start]), readable(draft.text[end:])
    return case_cue(before, after, tgt, person=_person(slot, tgt))
