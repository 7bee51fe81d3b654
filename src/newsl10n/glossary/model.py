"""The newsroom glossary as plain data: proper nouns and how each language renders them.

The files are PO catalogs, read by :mod:`newsl10n.glossary.io`.

One catalog per target language, ``glossary/<lang>.po``::

    #. Kyrgyz president since 2021.
    #. variants: Zhaparov | Dzhaparov
    #. variants (ru): Джапаров
    #. grammar: person
    msgctxt "person"
    msgid "Japarov"
    msgstr "Жапаров"

* ``msgid`` is the English term, ``msgstr`` its rendering in the file's language, in the
  base (nominative) form; ``msgctxt`` tells homonyms apart (``person``, ``place``, ``org``;
  ``person`` also makes the Russian declension animate).
* ``#.`` extracted comments are notes for translators (Poedit shows them as "Notes for
  translators", Weblate as the string's explanation). Four kinds of line are read:

  - ``variants: A | B`` — other English spellings of the msgid met in sources
    (``Zhaparov``, ``Organization`` for ``Organisation``);
  - ``variants (ru): A | B`` — other spellings in that language: recognised in Russian
    sources, and replaced by the rendering when a model writes them (``Киргизия``);
  - ``grammar: ...`` — how the rendering declines: ``indeclinable``, ``possessive``
    (Kyrgyz possessive head, ``Республикасы``), ``head=N`` (Russian: only the first N words
    decline), ``person``;
  - ``cues: A | B`` and ``cues (ru): A | B`` — word beginnings that, near an occurrence,
    choose this entry over a homonym spelled the same (the surname ``Japarov`` of Akylbek
    Japarov, ``cues (ru): председател | Кабмин``, versus Sadyr Japarov's); see
    :mod:`newsl10n.glossary.matching`.

* ``msgctxt "person"`` or ``"person: <who>"`` (a second person with the same surname
  needs its own context) makes the term a person's name.

* ``#, fuzzy`` marks a proposal: listed, linted, never enforced.
* ``#, read-only`` means "keep as in the source" (brand names); it is the flag Weblate uses
  for untranslatable glossary terms. The rendering is the msgstr, or the msgid when the
  msgstr is empty.

Variants live in comments rather than in extra entries so that one concept stays one entry:
PO editors show the variants next to the rendering, and a rendering is never kept in sync
by hand in several places.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from newsl10n.glossary.morphology import Grammar

__all__ = ["KEEP_FLAG", "SOURCE_LANGUAGE", "Glossary", "GlossaryEntry", "Term", "is_person"]

KEEP_FLAG = "read-only"
SOURCE_LANGUAGE = "en"


def is_person(msgctxt: str | None) -> bool:
    """Whether a context names a person: ``person``, or ``person: <who>`` for a namesake."""
    return msgctxt is not None and (msgctxt == "person" or msgctxt.startswith("person:"))


@dataclass(frozen=True)
class GlossaryEntry:
    """One PO entry of one language's glossary.

    Attributes:
        lang: Language of the msgstr (the file's language).
        msgid: The English term.
        msgctxt: Disambiguating context, or ``None``.
        msgstr: The rendering in ``lang`` (base form); may be empty.
        fuzzy: Proposed, not enforced.
        keep: The ``read-only`` flag: keep the term as written in the source.
        notes: Free ``#.`` comment lines (not variants or grammar).
        variants: Other spellings per language (``"en"`` for the msgid's language).
        grammar: Declension hints for the rendering.
        grammar_hint: The ``grammar:`` comment as written.
        path: The file the entry came from.
        line: 1-based line where the entry starts.
        cues: Word beginnings per language (``"en"`` for English) that choose this entry
            over a homonym when they stand near an occurrence.
    """

    lang: str
    msgid: str
    msgctxt: str | None
    msgstr: str
    fuzzy: bool = False
    keep: bool = False
    notes: tuple[str, ...] = ()
    variants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    grammar: Grammar = field(default_factory=Grammar)
    path: str = ""
    line: int = 0
    grammar_hint: str = ""
    cues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        """``(msgctxt or "", msgid)``: what joins the languages of one term."""
        return (self.msgctxt or "", self.msgid)

    @property
    def rendering(self) -> str:
        """The enforced rendering: msgstr, or the msgid for a read-only entry left empty."""
        return self.msgstr or (self.msgid if self.keep else "")

    @property
    def enforced(self) -> bool:
        """True when the entry is neither fuzzy nor empty."""
        return not self.fuzzy and bool(self.rendering)


@dataclass(frozen=True)
class Term:
    """A concept of the glossary across languages: the enforced entries sharing a key.

    Attributes:
        msgid: The English term.
        msgctxt: Its context, or ``None``.
        entries: Enforced entries by language.
    """

    msgid: str
    msgctxt: str | None
    entries: Mapping[str, GlossaryEntry]

    @property
    def key(self) -> tuple[str, str]:
        """``(msgctxt or "", msgid)``."""
        return (self.msgctxt or "", self.msgid)

    @property
    def keep(self) -> bool:
        """True if any language marks the term read-only."""
        return any(entry.keep for entry in self.entries.values())

    def rendering(self, lang: str) -> str | None:
        """The base-form rendering in ``lang`` (the msgid for English), or ``None``."""
        if lang == SOURCE_LANGUAGE:
            return self.msgid
        entry = self.entries.get(lang)
        return entry.rendering if entry else None

    def grammar(self, lang: str) -> Grammar:
        """Declension hints for ``lang``; a ``person`` context makes the term animate."""
        entry = self.entries.get(lang)
        grammar = entry.grammar if entry else Grammar()
        if is_person(self.msgctxt) and not grammar.person:
            grammar = Grammar(grammar.indeclinable, grammar.possessive, grammar.head, True)
        return grammar

    def variants(self, lang: str) -> tuple[str, ...]:
        """Other spellings in ``lang`` collected from every file, in file order."""
        seen: dict[str, None] = {}
        for entry in self.entries.values():
            for spelling in entry.variants.get(lang, ()):
                seen.setdefault(spelling, None)
        return tuple(seen)

    def cues(self, lang: str) -> tuple[str, ...]:
        """Cue word beginnings in ``lang`` collected from every file, in file order."""
        seen: dict[str, None] = {}
        for entry in self.entries.values():
            for cue in entry.cues.get(lang, ()):
                seen.setdefault(cue, None)
        return tuple(seen)

    def spellings(self, lang: str) -> tuple[str, ...]:
        """How the term may be written in a ``lang`` source: rendering first, then variants."""
        base = self.rendering(lang)
        items = ((base,) if base else ()) + self.variants(lang)
        return tuple(dict.fromkeys(items))

    def target_rendering(self, lang: str) -> str | None:
        """The rendering to enforce in ``lang``: its entry's, else the msgid if read-only."""
        return self.rendering(lang) or (self.msgid if self.keep else None)


class Glossary:
    """Terms in every language: plain data, read by :mod:`newsl10n.glossary.io`.

    Matching (:mod:`~newsl10n.glossary.matching`) and enforcement
    (:mod:`~newsl10n.glossary.enforce`) are functions that take a glossary.

    Args:
        entries: Every entry of every language (fuzzy ones too: they are listed, not used).
    """

    def __init__(self, entries: Iterable[GlossaryEntry] = ()) -> None:
        self._entries = list(entries)
        grouped: dict[tuple[str, str], dict[str, GlossaryEntry]] = {}
        for entry in self._entries:
            if entry.enforced:
                grouped.setdefault(entry.key, {}).setdefault(entry.lang, entry)
        self._terms = [Term(key[1], key[0] or None, langs) for key, langs in grouped.items()]
        self._by_msgid: dict[str, list[Term]] = {}
        for term in self._terms:
            self._by_msgid.setdefault(term.msgid, []).append(term)

    def __repr__(self) -> str:
        return f"Glossary({len(self._terms)} terms, languages={self.languages})"

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages with a catalog, sorted (English, the msgid language, is implicit)."""
        return tuple(sorted({entry.lang for entry in self._entries}))

    def entries(self, lang: str | None = None) -> list[GlossaryEntry]:
        """Every entry, or those of ``lang``, in file order (fuzzy ones included)."""
        return [e for e in self._entries if lang is None or e.lang == lang]

    @property
    def terms(self) -> list[Term]:
        """Enforced terms, in order of first appearance."""
        return list(self._terms)

    def get(self, msgid: str, msgctxt: str | None = None) -> Term | None:
        """The term with this msgid (and context, when given), or ``None``."""
        for term in self._by_msgid.get(msgid, ()):
            if msgctxt is None or term.msgctxt == msgctxt:
                return term
        return None
