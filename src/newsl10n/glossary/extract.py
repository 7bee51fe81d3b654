"""Proposing glossary candidates from an article, like translate-toolkit's poterminology.

Candidates are runs of capitalised words (``Collective Security Treaty Organisation``,
``Vladimir Putin``) and acronyms (``CSTO``). A capitalised word that only ever opens a
sentence (``Nonetheless``) is not one; titles (``President``) split a run; a word in
capitals (a dateline's ``BISHKEK``) counts as its capitalised spelling. Terms the glossary
already knows are left out. Each candidate becomes an untranslated PO entry whose ``#.``
comment tells how often it occurs and shows a context.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsl10n.glossary.matching import JOINER, Token, find_terms, tokenize
from newsl10n.glossary.morphology import is_acronym

if TYPE_CHECKING:
    from newsl10n.glossary.model import Glossary

__all__ = ["Candidate", "extract_candidates", "find_candidates"]

# Tried only where a run of end marks starts: from inside a run ("....") it would fail the
# same way again, which made long runs quadratic.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”»)]*\s+|\n\s*\n|—")
_TITLES = {
    "en": {
        "president",
        "prime",
        "minister",
        "mr",
        "mrs",
        "ms",
        "dr",
        "general",
        "king",
        "queen",
        "senator",
        "governor",
        "mayor",
        "chairman",
        "speaker",
        "deputy",
    },
    "ru": {"президент", "премьер", "министр", "глава", "генерал", "мэр", "спикер"},
    "ky": {"президент", "премьер", "министр", "төрага", "мэр", "генерал"},
}


_COMMON = {
    "en": {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "i",
    },
}


@dataclass
class Candidate:
    """A proposed term.

    Attributes:
        text: The term as it will stand in the msgid.
        count: Occurrences in the article.
        context: The first sentence it occurs in.
        offsets: Character offsets of the occurrences.
    """

    text: str
    count: int = 0
    context: str = ""
    offsets: list[int] = field(default_factory=list)


def _sentence_starts(text: str) -> set[int]:
    starts = {0}
    for match in _SENTENCE_END.finditer(text):
        starts.add(match.end())
    return starts


def _runs(text: str, tokens: list[Token], lang: str) -> Iterator[list[Token]]:
    """Maximal runs of capitalised words joined by spaces or hyphens."""
    titles = _TITLES.get(lang, set())
    run: list[Token] = []
    for token in tokens:
        capital = token.text[:1].isupper() and token.text.lower() not in titles
        joined = bool(run) and bool(JOINER.fullmatch(text[run[-1].end : token.start]))
        if capital and (joined or not run):
            run.append(token)
            continue
        if run:
            yield run
        run = [token] if capital else []
    if run:
        yield run


def _spelling(word: str) -> str:
    return word if is_acronym(word) and len(word) <= 6 else (word.capitalize() if word.isupper() else word)


def find_candidates(text: str, lang: str = "en") -> list[Candidate]:
    """Candidate proper nouns and acronyms of ``text``, in order of first occurrence."""
    tokens = tokenize(text)
    starts = _sentence_starts(text)
    mid_capitals = {t.text for t in tokens if t.start not in starts and t.text[:1].isupper()}
    found: dict[str, Candidate] = {}
    for found_run in _runs(text, tokens, lang):
        run = found_run
        if (
            run[0].start in starts
            and _spelling(run[0].text) not in mid_capitals
            and run[0].text not in mid_capitals
            and not is_acronym(run[0].text)
        ):
            run = run[1:]
        if not run or (
            len(run) == 1 and (len(run[0].text) < 2 or run[0].text.lower() in _COMMON.get(lang, ()))
        ):
            continue
        spelled = text[run[0].start : run[-1].end]
        words = [_spelling(t.text) for t in run]
        name = spelled if all(w == t.text for w, t in zip(words, run)) else " ".join(words)
        candidate = found.setdefault(name, Candidate(name))
        candidate.count += 1
        candidate.offsets.append(run[0].start)
        if not candidate.context:
            candidate.context = _context(text, run[0].start, starts)
    return list(found.values())


def _context(text: str, offset: int, starts: set[int]) -> str:
    begin = max((s for s in starts if s <= offset), default=0)
    following = [s for s in starts if s > offset]
    end = min(following) if following else len(text)
    sentence = " ".join(text[begin:end].split())
    return sentence if len(sentence) <= 160 else sentence[:157] + "..."


def extract_candidates(
    text: str, lang: str = "en", *, glossary: Glossary | None = None, source_name: str | None = None
) -> Any:
    """Candidates of ``text`` as a ``polib.POFile`` of untranslated entries.

    Args:
        text: The article.
        lang: Its language; the msgids are in that language.
        glossary: Known terms to leave out.
        source_name: Recorded as the ``#:`` reference of each entry.
    """
    import polib

    catalog = polib.POFile(wrapwidth=78)
    catalog.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "MIME-Version": "1.0",
        "Content-Transfer-Encoding": "8bit",
    }
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    for candidate in find_candidates(text, lang):
        if glossary is not None and _known(glossary, candidate.text, lang):
            continue
        notes = [
            f"candidate: {candidate.count} occurrence{'s' if candidate.count > 1 else ''}"
            + (" (acronym)" if is_acronym(candidate.text) else ""),
            f"context: {candidate.context}",
        ]
        if lang != "en":
            notes.append(f"source language: {lang}")
        entry = polib.POEntry(msgid=candidate.text, msgstr="", comment="\n".join(notes))
        if source_name:
            line = sum(1 for s in line_starts if s <= candidate.offsets[0])
            entry.occurrences = [(source_name, str(line))]
        catalog.append(entry)
    return catalog


def _known(glossary: Glossary, text: str, lang: str) -> bool:
    return any(m.start == 0 and m.end == len(text) for m in find_terms(glossary, text, lang))
