"""Glossary enforcement around a translator: mask, decode, verify, repair, report.

The pipeline calls, for one language pair::

    plan = enforce.prepare(glossary, sentences, src, tgt)
    outputs = translator.translate_batch(plan.inputs, src, tgt)
    results = enforce.finish(glossary, plan, outputs, translator)

The glossary is plain data (:mod:`newsl10n.glossary.model`); these steps take it, and the
data flows down once: enforce → repair → matching → morphology.

1. :func:`prepare` finds the terms of each source sentence and, with ``mask`` (the
   default), replaces each by a placeholder ``NE1``, ``NE2``... that NMT models tend to copy.
2. :func:`finish` places every term in the output, trying in order:

   a. a surviving placeholder: the rendering goes in its place, inflected for the case of
      a suffix the model glued to it (``NE1ге``), else of the syntax around it (``в NE1``),
      else of the source occurrence (``Kyrgyzstan’s`` → genitive), else the base form;
   b. the rendering written by the model in some case form (kept; a base form after a
      Russian preposition is re-inflected);
   c. something the model wrote instead: a misspelt form (``Джапаровым`` → ``Жапаровым``:
      the ending is kept, the stem fixed), a known wrong variant (``Киргизии`` →
      ``Кыргызстана``), the source spelling copied or transliterated (``CSTO``, ``КСТО``);
   d. nothing found: the rendering is inserted where the source position suggests, in the
      case the neighbouring words need; if the translator is a
      :class:`~newsl10n.translation.protocol.PrefixTranslator`, the sentence is re-decoded
      with the text up to the inserted term as target prefix so the rest agrees with it
      (kept only if every term survives the re-decode).

   Each occurrence is reported with a :class:`TermStatus`: ``model`` (the model's output
   was right), ``inflected`` (newsl10n chose the case), ``repaired`` (misspelt, wrong or
   dropped term fixed) or ``missing`` (only when repair is switched off).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsl10n import tokens
from newsl10n.errors import NewsL10nError, TranslationError
from newsl10n.glossary.context import case_from_context
from newsl10n.glossary.matching import TermMatch, find_terms
from newsl10n.glossary.morphology import Case, case_of_suffix
from newsl10n.glossary.repair import (
    Draft,
    Slot,
    TermStatus,
    find_exact,
    find_substitute,
    insertion_point,
    slot_for,
)
from newsl10n.translation.protocol import PrefixTranslator

if TYPE_CHECKING:
    from newsl10n.glossary.model import Glossary
    from newsl10n.translation.protocol import Translator

__all__ = [
    "PLACEHOLDER",
    "TermOccurrence",
    "TermPlan",
    "TermResult",
    "TermStatus",
    "fingerprint",
    "finish",
    "prepare",
]

log = logging.getLogger(__name__)

PLACEHOLDER = tokens.TERM
ENFORCEMENT_VERSION = 2
"""Bumped when placing terms changes, so memories do not serve translations made otherwise
(2: punctuation is part of a term, capitals inside a Russian rendering survive declension)."""


@dataclass(frozen=True)
class TermOccurrence:
    """One glossary term in one sentence, as placed in the target.

    Attributes:
        start: Source offset of the occurrence.
        end: Source offset after it.
        source: The occurrence as written in the source.
        msgid: The term's msgid.
        msgctxt: The term's msgctxt, or ``None``.
        rendering: The glossary rendering (base form).
        form: What the target contains (the rendering, possibly inflected); "" if missing.
        case: The case of ``form``, or ``None`` if missing.
        status: How the term got there.
        target_start: Offset of ``form`` in the final target, or ``None``.
        target_end: Offset after ``form``, or ``None``.
    """

    start: int
    end: int
    source: str
    msgid: str
    msgctxt: str | None
    rendering: str
    form: str
    case: Case | None
    status: TermStatus
    target_start: int | None = None
    target_end: int | None = None

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view (for ``alignment.json``)."""
        return {
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "msgid": self.msgid,
            "msgctxt": self.msgctxt,
            "rendering": self.rendering,
            "form": self.form,
            "case": self.case.value if self.case else None,
            "status": self.status.value,
            "target_start": self.target_start,
            "target_end": self.target_end,
        }


@dataclass
class TermResult:
    """The final target sentence and its terms."""

    text: str
    terms: list[TermOccurrence] = field(default_factory=list)

    @property
    def missing(self) -> list[TermOccurrence]:
        """Occurrences that could not be placed."""
        return [t for t in self.terms if t.status is TermStatus.MISSING]


@dataclass
class TermPlan:
    """What :func:`prepare` found and what the translator receives.

    Attributes:
        src: Source language.
        tgt: Target language.
        sentences: The source sentences.
        inputs: What to pass to ``translate_batch`` (masked unless ``mask`` was off).
        matches: Per sentence, the term occurrences that have a ``tgt`` rendering.
        masked: Per sentence, whether placeholders replace the terms in ``inputs``.
    """

    src: str
    tgt: str
    sentences: list[str]
    inputs: list[str]
    matches: list[list[TermMatch]]
    masked: list[bool]


def prepare(
    glossary: Glossary, sentences: Sequence[str], src: str, tgt: str, *, mask: bool = True
) -> TermPlan:
    """Find the terms of each sentence and, with ``mask``, hide them behind placeholders.

    A sentence that already contains something like a placeholder is never masked.
    """
    plan = TermPlan(src, tgt, list(sentences), [], [], [])
    for sentence in sentences:
        found = [m for m in find_terms(glossary, sentence, src) if m.term.target_rendering(tgt)]
        masked = bool(found) and mask and not tokens.TERM_FOUND.search(sentence)
        text = sentence
        if masked:
            for number, match in reversed(list(enumerate(found, 1))):
                text = text[: match.start] + tokens.term(number) + text[match.end :]
        plan.inputs.append(text)
        plan.matches.append(found)
        plan.masked.append(masked)
    return plan


def fingerprint(glossary: Glossary, sentence: str, src: str, tgt: str, *, mask: bool = True) -> str:
    """Hash of the entries matching ``sentence`` that matter for ``src -> tgt`` ("" if none).

    It changes with those entries, with ``mask`` and with the enforcement version, so a
    translation memory keyed with it is never served a translation made otherwise.
    """
    items = set()
    for match in find_terms(glossary, sentence, src):
        term = match.term
        rendering = term.target_rendering(tgt)
        if rendering:
            items.add(
                (
                    term.msgctxt or "",
                    term.msgid,
                    rendering,
                    repr(term.grammar(tgt)),
                    term.keep,
                    term.variants(tgt),
                    match.text,
                )
            )
    if not items:
        return ""
    payload = json.dumps([ENFORCEMENT_VERSION, mask, src, tgt, sorted(items)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def finish(
    glossary: Glossary, plan: TermPlan, outputs: Sequence[str], translator: Translator, *, repair: bool = True
) -> list[TermResult]:
    """Place every term of ``plan`` into ``outputs``; return one :class:`TermResult` each.

    ``glossary`` is the one ``plan`` was prepared with (the plan carries its terms).
    With ``repair`` off, terms the outputs lack are reported missing instead of inserted.

    Raises:
        TranslationError: ``outputs`` does not have one string per planned sentence.
    """
    if len(outputs) != len(plan.sentences):
        raise TranslationError(
            plan.src,
            plan.tgt,
            f"expected {len(plan.sentences)} outputs from the translator, got {len(outputs)}",
        )
    drafts = [_resolve(plan, i, output) for i, output in enumerate(outputs)]
    if repair:
        inserted = {i: _insert_missing(plan, i, d) for i, d in enumerate(drafts) if d.unresolved}
        if inserted:
            _redecode(plan, drafts, inserted, translator)
    return [_result(draft) for draft in drafts]


def _slots(plan: TermPlan, i: int) -> list[Slot]:
    return [slot for match in plan.matches[i] if (slot := slot_for(match, plan.tgt)) is not None]


def _resolve(plan: TermPlan, i: int, output: str) -> Draft:
    """Place the terms of sentence ``i`` found in ``output`` (steps a to c)."""
    draft = Draft(output, _slots(plan, i))
    if plan.masked[i]:
        _fill_placeholders(draft, plan.tgt)
    order = sorted((s for s in draft.slots if s.status is None), key=lambda s: -len(s.rendering))
    for slot in order:
        found = find_exact(draft, slot)
        if found:
            start, end, case = found.start, found.end, found.case
            context = case_from_context(draft.text[:start], draft.text[end:], plan.tgt)
            if found.as_written is not None:
                draft.place(slot, start, end, case, TermStatus.MODEL, form=found.as_written)
            elif (
                case is Case.NOM
                and context not in (None, Case.NOM)
                and slot.forms[context] != slot.forms[Case.NOM]
            ):
                draft.place(slot, start, end, context, TermStatus.INFLECTED)
            else:
                draft.place(slot, start, end, case, TermStatus.MODEL)
    for slot in sorted((s for s in draft.slots if s.status is None), key=lambda s: -len(s.rendering)):
        substitute = find_substitute(draft, slot, plan.src, plan.tgt)
        if substitute:
            start, end, cases = substitute.start, substitute.end, substitute.cases
            around = _case_at(draft, slot, start, end, plan.tgt)
            case = around if not cases or around in cases else cases[0]
            form = substitute.form if substitute.form is not None and len(cases) == 1 else None
            draft.place(slot, start, end, cases[0] if form else case, TermStatus.REPAIRED, form=form)
    draft.drop_placeholders(tokens.TERM_FOUND)
    return draft


def _fill_placeholders(draft: Draft, tgt: str) -> None:
    kept: dict[int, re.Match[str]] = {}
    for found in tokens.TERM_FOUND.finditer(draft.text):
        index = int(found["n"]) - 1
        if 0 <= index < len(draft.slots) and index not in kept:
            kept[index] = found
    for index, found in sorted(kept.items(), key=lambda item: -item[1].start()):
        slot = draft.slots[index]
        start, end = found.start(), found.end()
        case = case_of_suffix(found["suffix"], tgt) if found["suffix"] else None
        if case is None and found["suffix"]:
            end = found.end("n")
        if case is None:
            case = _case_at(draft, slot, start, end, tgt)
        status = TermStatus.MODEL if slot.forms[case] == slot.rendering else TermStatus.INFLECTED
        draft.place(slot, start, end, case, status)


def _case_at(draft: Draft, slot: Slot, start: int, end: int, tgt: str) -> Case:
    """The case for a term placed at ``start:end``: syntax, else the source's, else base."""
    case = case_from_context(draft.text[:start], draft.text[end:], tgt)
    if case is None and tgt in ("ru", "ky"):
        case = slot.match.case
    return case or Case.NOM


def _insert_missing(plan: TermPlan, i: int, draft: Draft) -> list[int]:
    """Insert every unplaced term of sentence ``i``; return the indexes of inserted slots."""
    inserted = []
    source = plan.sentences[i]
    for index, slot in enumerate(draft.slots):
        if slot.status is not None:
            continue
        position = insertion_point(draft, slot.match.start / max(len(source), 1))
        case = _case_at(draft, slot, position, position, plan.tgt)
        draft.insert(slot, position, case, TermStatus.REPAIRED)
        inserted.append(index)
    return inserted


def _redecode(
    plan: TermPlan, drafts: list[Draft], inserted: dict[int, list[int]], translator: Translator
) -> None:
    """Re-decode repaired sentences with a target prefix ending at the last inserted term."""
    if not isinstance(translator, PrefixTranslator):
        return
    order = sorted(inserted)
    prefixes = []
    for i in order:
        last_end = max(span[1] for k in inserted[i] if (span := drafts[i].slots[k].span))
        prefixes.append(drafts[i].text[:last_end])
    try:
        outputs = translator.translate_with_prefix(
            [plan.inputs[i] for i in order], prefixes, plan.src, plan.tgt
        )
    except NewsL10nError as exc:
        log.warning("re-decoding with a target prefix failed, keeping inserted terms: %s", exc)
        return
    for i, output in zip(order, outputs):
        candidate = _resolve(plan, i, output)
        if candidate.unresolved:
            log.debug("sentence %d: re-decode lost a term, keeping the inserted version", i)
            continue
        for k in inserted[i]:
            candidate.slots[k].status = TermStatus.REPAIRED
        drafts[i] = candidate


def _result(draft: Draft) -> TermResult:
    occurrences = []
    for slot in draft.slots:
        match = slot.match
        placed = slot.span if slot.status is not None else None
        occurrences.append(
            TermOccurrence(
                start=match.start,
                end=match.end,
                source=match.text,
                msgid=match.term.msgid,
                msgctxt=match.term.msgctxt,
                rendering=slot.rendering,
                form=draft.text[placed[0] : placed[1]] if placed else "",
                case=slot.case if placed else None,
                status=slot.status if placed and slot.status else TermStatus.MISSING,
                target_start=placed[0] if placed else None,
                target_end=placed[1] if placed else None,
            )
        )
    return TermResult(draft.text, occurrences)
