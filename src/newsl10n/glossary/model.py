"""The newsroom glossary: proper nouns and how each language renders them, kept as PO files.

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
  translators", Weblate as the string's explanation). Three kinds of line are read:

  - ``variants: A | B`` — other English spellings of the msgid met in sources
    (``Zhaparov``, ``Organization`` for ``Organisation``);
  - ``variants (ru): A | B`` — other spellings in that language: recognised in Russian
    sources, and replaced by the rendering when a model writes them (``Киргизия``);
  - ``grammar: ...`` — how the rendering declines: ``indeclinable``, ``possessive``
    (Kyrgyz possessive head, ``Республикасы``), ``head=N`` (Russian: only the first N words
    decline), ``person``.

* ``#, fuzzy`` marks a proposal: listed, linted, never enforced.
* ``#, read-only`` means "keep as in the source" (brand names); it is the flag Weblate uses
  for untranslatable glossary terms. The rendering is the msgstr, or the msgid when the
  msgstr is empty.

Variants live in comments rather than in extra entries so that one concept stays one entry:
PO editors show the variants next to the rendering, and a rendering is never kept in sync
by hand in several places.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from newsl10n.errors import GlossaryFormatError
from newsl10n.glossary.morphology import Grammar

if TYPE_CHECKING:
    from newsl10n.glossary.enforce import TermPlan, TermResult
    from newsl10n.glossary.matching import TermMatch
    from newsl10n.translation.protocol import Translator

__all__ = ["KEEP_FLAG", "Glossary", "GlossaryEntry", "Term", "default_glossary_dir", "read_catalog"]

log = logging.getLogger(__name__)

KEEP_FLAG = "read-only"
SOURCE_LANGUAGE = "en"
_VARIANTS = re.compile(r"^variants(?:\s*\((?P<lang>[\w-]+)\))?\s*:\s*(?P<items>.*)$", re.IGNORECASE)
_GRAMMAR = re.compile(r"^grammar\s*:\s*(?P<hint>.*)$", re.IGNORECASE)
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")


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
        """Declension hints for ``lang``; ``person`` context makes the term animate."""
        entry = self.entries.get(lang)
        grammar = entry.grammar if entry else Grammar()
        if self.msgctxt == "person" and not grammar.person:
            grammar = Grammar(grammar.indeclinable, grammar.possessive, grammar.head, True)
        return grammar

    def variants(self, lang: str) -> tuple[str, ...]:
        """Other spellings in ``lang`` collected from every file, in file order."""
        seen: dict[str, None] = {}
        for entry in self.entries.values():
            for spelling in entry.variants.get(lang, ()):
                seen.setdefault(spelling, None)
        return tuple(seen)

    def spellings(self, lang: str) -> tuple[str, ...]:
        """How the term may be written in a ``lang`` source: rendering first, then variants."""
        base = self.rendering(lang)
        items = ((base,) if base else ()) + self.variants(lang)
        return tuple(dict.fromkeys(items))


def parse_comment(comment: str, lang: str) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]], str]:
    """Split a ``#.`` comment into free notes, variants by language and the grammar hint."""
    notes: list[str] = []
    variants: dict[str, tuple[str, ...]] = {}
    grammar = ""
    for line in comment.splitlines():
        line = line.strip()
        if match := _VARIANTS.match(line):
            code = (match["lang"] or SOURCE_LANGUAGE).lower()
            items = tuple(v.strip() for v in match["items"].split("|") if v.strip())
            variants[code] = variants.get(code, ()) + items
        elif match := _GRAMMAR.match(line):
            grammar = match["hint"]
        elif line:
            notes.append(line)
    return tuple(notes), variants, grammar


def entry_from_po(po_entry: object, lang: str, path: str) -> GlossaryEntry:
    """Build a :class:`GlossaryEntry` from a ``polib.POEntry``."""
    notes, variants, hint = parse_comment(getattr(po_entry, "comment", "") or "", lang)
    flags = list(getattr(po_entry, "flags", []))
    msgctxt = getattr(po_entry, "msgctxt", None)
    return GlossaryEntry(
        lang=lang, msgid=po_entry.msgid, msgctxt=msgctxt or None,  # type: ignore[attr-defined]
        msgstr=po_entry.msgstr, fuzzy="fuzzy" in flags, keep=KEEP_FLAG in flags,  # type: ignore[attr-defined]
        notes=notes, variants=variants,
        grammar=Grammar.parse(hint, person=msgctxt == "person"),
        path=path, line=getattr(po_entry, "linenum", 0) or 0, grammar_hint=hint,
    )


def read_catalog(fp: IO[str], name: str = "<glossary>") -> object:
    """Parse a PO catalog from a text file object; raise :class:`GlossaryFormatError`."""
    import polib

    text = fp.read()
    try:
        return polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise GlossaryFormatError(name, int(match.group(1)) if match else None,
                                  str(exc).split(" (line")[0]) from None


def catalog_language(catalog: object, path: str | Path) -> str:
    """The language of a catalog: its ``Language`` header, else its file name (``ru.po``)."""
    header = getattr(catalog, "metadata", {}).get("Language", "").strip()
    stem = Path(path).stem
    code = header or (stem if _LANG_CODE.match(stem) else "")
    if not code:
        raise GlossaryFormatError(path, None, "cannot tell the language: set the Language "
                                              "header or name the file <lang>.po")
    return code.replace("_", "-").split("-")[0].lower()


def default_glossary_dir() -> Path:
    """``$NEWSL10N_GLOSSARY``, else ``./glossary`` if it exists, else the project's glossary."""
    env = os.environ.get("NEWSL10N_GLOSSARY")
    if env:
        return Path(env)
    local = Path.cwd() / "glossary"
    if local.is_dir():
        return local
    return Path(__file__).resolve().parents[2] / "glossary"


def glossary_files(path: str | Path) -> list[Path]:
    """The PO files a glossary path stands for: the file itself or ``<dir>/*.po``."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.glob("*.po") if p.is_file())
    if path.is_file():
        return [path]
    raise GlossaryFormatError(path, None, "no such glossary file or folder")


class Glossary:
    """Terms in every language, with matching and enforcement.

    Args:
        entries: Every entry of every language (fuzzy ones too: they are listed, not used).
        mask: Hide terms behind placeholders from the translator (see :mod:`newsl10n.glossary.enforce`).
    """

    def __init__(self, entries: Iterable[GlossaryEntry] = (), *, mask: bool = True) -> None:
        self._entries = list(entries)
        self.mask = mask
        grouped: dict[tuple[str, str], dict[str, GlossaryEntry]] = {}
        for entry in self._entries:
            if entry.enforced:
                grouped.setdefault(entry.key, {}).setdefault(entry.lang, entry)
        self._terms = [Term(key[1], key[0] or None, langs) for key, langs in grouped.items()]
        self._indexes: dict[str, object] = {}

    @classmethod
    def load(cls, path: str | Path, *, mask: bool = True) -> Glossary:
        """Load a ``<lang>.po`` file or every ``*.po`` of a folder.

        Raises:
            GlossaryFormatError: A file is missing, unreadable or not a valid PO catalog, or
                repeats an msgid + msgctxt.
        """
        entries: list[GlossaryEntry] = []
        for file in glossary_files(path):
            try:
                with open(file, encoding="utf-8") as fp:
                    entries.extend(cls.read(fp, name=str(file)).entries())
            except (OSError, UnicodeDecodeError) as exc:
                raise GlossaryFormatError(file, None, f"cannot read: {exc}") from None
        return cls(entries, mask=mask)

    @classmethod
    def read(cls, fp: IO[str], name: str = "<glossary>", lang: str | None = None,
             *, mask: bool = True) -> Glossary:
        """Read one catalog from a file object (language from ``lang``, name or header)."""
        catalog = read_catalog(fp, name)
        code = lang or catalog_language(catalog, name)
        seen: dict[tuple[str, str], int] = {}
        entries = []
        for po_entry in catalog:  # type: ignore[attr-defined]
            if po_entry.obsolete:
                continue
            entry = entry_from_po(po_entry, code, name)
            if entry.key in seen:
                raise GlossaryFormatError(name, entry.line, f"duplicate msgid {entry.msgid!r} "
                                          f"(first at line {seen[entry.key]})")
            seen[entry.key] = entry.line
            entries.append(entry)
        return cls(entries, mask=mask)

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
        for term in self._terms:
            if term.msgid == msgid and (msgctxt is None or term.msgctxt == msgctxt):
                return term
        return None

    def lookup(self, text: str, lang: str = SOURCE_LANGUAGE) -> list[Term]:
        """Terms that ``text``, written in ``lang``, is a spelling of (any inflected form)."""
        return [match.term for match in self.find(text, lang)
                if match.start == 0 and match.end == len(text.strip())]

    def find(self, text: str, lang: str) -> list[TermMatch]:
        """Occurrences of glossary terms in ``text`` written in ``lang``, in text order."""
        from newsl10n.glossary.matching import TermIndex

        index = self._indexes.get(lang)
        if index is None:
            index = self._indexes[lang] = TermIndex(self._terms, lang)
        return index.find(text)  # type: ignore[attr-defined]

    def prepare(self, sentences: Sequence[str], src: str, tgt: str) -> TermPlan:
        """Find the terms of each sentence and build what the translator receives."""
        from newsl10n.glossary.enforce import prepare

        return prepare(self, sentences, src, tgt)

    def finish(self, plan: TermPlan, outputs: Sequence[str], translator: Translator,
               *, repair: bool = True) -> list[TermResult]:
        """Put every term of ``plan`` into the translator's ``outputs``; one result per sentence."""
        from newsl10n.glossary.enforce import finish

        return finish(self, plan, outputs, translator, repair=repair)

    def fingerprint(self, sentence: str, src: str, tgt: str) -> str:
        """A stable hash of the entries matching ``sentence`` for ``src -> tgt`` ("" if none)."""
        from newsl10n.glossary.enforce import fingerprint

        return fingerprint(self, sentence, src, tgt)
