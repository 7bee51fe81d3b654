"""Term accuracy of an existing translation (WMT21 terminology task style).

For each glossary occurrence in the source, the translation must contain the rendering:
``exact`` when it stands in its base form, ``lemma`` when in another form of the same word
(an inflected case, an adjective agreeing in gender; Russian also falls back to pymorphy
lemmas), ``missing`` otherwise. A term counts only at its own place:

* each target occurrence answers for one source occurrence only, longest renderings first,
  so ``Садыр Жапаров`` and a later ``Жапаров`` need two;
* the source occurrences of one term are paired with its target occurrences in order (the
  k-th with the k-th), and when there are fewer of the one than of the other, with those
  nearest their relative place in the sentence: ``Putin ... Putin`` translated with a single
  ``Путин`` at the end has its first occurrence missing, not its last;
* a rendering standing inside another glossary term of the translation does not count:
  ``Жапаров`` inside ``Акылбек Жапаров`` is not the ``Japarov`` of the source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsl10n.glossary.matching import TermMatch, find_terms, shape, tokenize
from newsl10n.glossary.morphology import same_lemma
from newsl10n.glossary.repair import Draft, Slot, TermStatus, find_exact, slot_for

if TYPE_CHECKING:
    from newsl10n.glossary.model import Glossary, Term

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
    others = find_terms(glossary, translation, tgt)
    groups: dict[tuple[str, str], list[int]] = {}
    for index, slot in enumerate(slots):
        groups.setdefault(_key(slot.match.term), []).append(index)
    taken: list[tuple[int, int]] = []
    placed: dict[int, _Place] = {}
    order = sorted(groups.values(), key=lambda g: (-len(slots[g[0]].rendering), g[0]))
    for group in order:
        places = _places(translation, slots[group[0]], taken, others, tgt, len(group))
        wanted = [slots[i].match.start / max(len(source), 1) for i in group]
        offered = [place.start / max(len(translation), 1) for place in places]
        for k, j in _pair(wanted, offered):
            placed[group[k]] = places[j]
            taken.append((places[j].start, places[j].end))
    findings = []
    for index, slot in enumerate(slots):
        match, place = slot.match, placed.get(index)
        findings.append(
            TermFinding(
                match.term.msgid,
                match.term.msgctxt,
                match.start,
                match.end,
                match.text,
                slot.rendering,
                translation[place.start : place.end] if place else None,
                place.kind if place else "missing",
                place.start if place else None,
            )
        )
    return findings


@dataclass(frozen=True)
class _Place:
    start: int
    end: int
    kind: str


def _key(term: Term) -> tuple[str, str]:
    return term.msgctxt or "", term.msgid


def _places(
    translation: str, slot: Slot, taken: list[tuple[int, int]], others: list[TermMatch], tgt: str, needed: int
) -> list[_Place]:
    """The unclaimed places of ``slot``'s rendering in the translation, in text order.

    Every place of a correct form, and when those are fewer than ``needed``, the words of the
    same lemma too. A place inside a longer occurrence of another glossary term (``Жапаров``
    of ``Акылбек Жапаров``) is left out.
    """
    key = _key(slot.match.term)
    blockers = [replace(slot, span=span, status=TermStatus.MODEL) for span in taken]
    found: list[_Place] = []
    while (exact := find_exact(Draft(translation, blockers), slot)) is not None:
        blockers.append(replace(slot, span=(exact.start, exact.end), status=TermStatus.MODEL))
        kind = "exact" if translation[exact.start : exact.end] == slot.rendering else "lemma"
        found.append(_Place(exact.start, exact.end, kind))
    if sum(not _inside_other(place, key, others) for place in found) < needed:
        found += [
            _Place(start, end, "lemma")
            for start, end in _lemma_matches(Draft(translation, blockers), slot, tgt)
        ]
    return sorted((p for p in found if not _inside_other(p, key, others)), key=lambda place: place.start)


def _inside_other(place: _Place, key: tuple[str, str], others: list[TermMatch]) -> bool:
    return any(
        _key(m.term) != key
        and m.start <= place.start
        and place.end <= m.end
        and m.end - m.start > place.end - place.start
        for m in others
    )


def _pair(wanted: list[float], offered: list[float]) -> list[tuple[int, int]]:
    """Pair source and target positions in order: as many pairs as possible, nearest first.

    Both lists hold relative positions (0 to 1) in increasing order; the pairs keep that
    order (no crossing), and of the pairings with the most pairs the one with the smallest
    total distance is chosen.
    """
    n, m = len(wanted), len(offered)
    # best[i][j]: (pairs, -distance) for wanted[i:] and offered[j:]
    best = [[(0, 0.0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pairs, cost = best[i + 1][j + 1]
            best[i][j] = max(best[i + 1][j], best[i][j + 1], (pairs + 1, cost - abs(wanted[i] - offered[j])))
    chosen, i, j = [], 0, 0
    while i < n and j < m:
        pairs, cost = best[i + 1][j + 1]
        if best[i][j] == (pairs + 1, cost - abs(wanted[i] - offered[j])):
            chosen.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return chosen


def _lemma_matches(draft: Draft, slot: Slot, tgt: str) -> list[tuple[int, int]]:
    """The places of a one-word rendering found through its lemma (Russian, pymorphy).

    Only a bare word: a rendering with punctuation (``Си++``, ``(ОДКБ)``) has no lemma, and
    its letters alone (``Си``) are not the term.
    """
    pattern = shape(slot.rendering)
    if pattern is None or len(pattern.words) != 1 or pattern.prefix or pattern.suffix:
        return []
    return [
        (token.start, token.end)
        for token in tokenize(draft.text)
        if not draft.claimed(token.start, token.end) and same_lemma(token.text, slot.rendering, tgt)
    ]


def term_accuracy(findings: list[TermFinding]) -> float:
    """Share of occurrences present (exact or lemma); 1.0 when there are none."""
    if not findings:
        return 1.0
    return sum(f.ok for f in findings) / len(findings)
