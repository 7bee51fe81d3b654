"""Term accuracy of an existing translation (WMT21 terminology task style).

For each glossary occurrence in the source, the translation must contain the rendering:
``exact`` when it stands in its base form, ``lemma`` when in another form of the same word
(an inflected case, an adjective agreeing in gender; Russian also falls back to pymorphy
lemmas), ``missing`` otherwise. Each target occurrence answers for one source occurrence
only, longest renderings first, so ``Садыр Жапаров`` and a later ``Жапаров`` need two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsl10n.glossary.matching import find_terms, shape, tokenize
from newsl10n.glossary.morphology import same_lemma
from newsl10n.glossary.repair import Draft, Slot, TermStatus, find_exact, slot_for

if TYPE_CHECKING:
    from newsl10n.glossary.model import Glossary

__all__ = ["TermFinding", "check_terms", "term_accuracy"]


@dataclass(frozen=True)
class TermFinding:
    """How one source occurrence of a term fares in a translation.

    Attributes:
        msgid: The term's msgid.
        msgctxt: Its msgctxt, or ``None``.
        start: Source offset of the occurrence.
        end: Source offset after it.
        source: The occurrence as written in the source.
        rendering: The glossary rendering expected in the translation.
        found: What the translation contains for it, or ``None``.
        match: ``exact``, ``lemma`` or ``missing``.
        target_start: Offset of ``found`` in the translation, or ``None``.
    """

    msgid: str
    msgctxt: str | None
    start: int
    end: int
    source: str
    rendering: str
    found: str | None
    match: str
    target_start: int | None = None

    @property
    def ok(self) -> bool:
        """True unless the term is missing."""
        return self.match != "missing"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {
            "msgid": self.msgid,
            "msgctxt": self.msgctxt,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "rendering": self.rendering,
            "found": self.found,
            "match": self.match,
            "target_start": self.target_start,
            "ok": self.ok,
        }


def check_terms(source: str, translation: str, src: str, tgt: str, glossary: Glossary) -> list[TermFinding]:
    """Check every glossary occurrence of ``source`` against ``translation``.

    Returns:
        One finding per source occurrence with a ``tgt`` rendering, in source order.
    """
    slots = [
        slot for match in find_terms(glossary, source, src) if (slot := slot_for(match, tgt)) is not None
    ]
    draft = Draft(translation, slots)
    kinds: dict[int, str] = {}
    for index, slot in sorted(enumerate(slots), key=lambda item: -len(item[1].rendering)):
        found = find_exact(draft, slot)
        if found:
            draft.claim(slot, found.start, found.end, found.case, TermStatus.MODEL)
            kinds[index] = "exact" if translation[found.start : found.end] == slot.rendering else "lemma"
        elif (span := _lemma_match(draft, slot, tgt)) is not None:
            draft.claim(slot, span[0], span[1], None, TermStatus.MODEL)
            kinds[index] = "lemma"
    findings = []
    for index, slot in enumerate(slots):
        match = slot.match
        span = slot.span
        findings.append(
            TermFinding(
                match.term.msgid,
                match.term.msgctxt,
                match.start,
                match.end,
                match.text,
                slot.rendering,
                translation[span[0] : span[1]] if span else None,
                kinds.get(index, "missing"),
                span[0] if span else None,
            )
        )
    return findings


def _lemma_match(draft: Draft, slot: Slot, tgt: str) -> tuple[int, int] | None:
    """A one-word rendering found through its lemma (Russian, pymorphy).

    Only a bare word: a rendering with punctuation (``Си++``, ``(ОДКБ)``) has no lemma, and
    its letters alone (``Си``) are not the term.
    """
    pattern = shape(slot.rendering)
    if pattern is None or len(pattern.words) != 1 or pattern.prefix or pattern.suffix:
        return None
    for token in tokenize(draft.text):
        if not draft.claimed(token.start, token.end) and same_lemma(token.text, slot.rendering, tgt):
            return token.start, token.end
    return None


def term_accuracy(findings: list[TermFinding]) -> float:
    """Share of occurrences present (exact or lemma); 1.0 when there are none."""
    if not findings:
        return 1.0
    return sum(f.ok for f in findings) / len(findings)
