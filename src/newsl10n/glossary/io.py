"""Reading glossary PO files, and the one rule for which glossary a command uses.

* :func:`load_glossary` reads a ``<lang>.po`` file or every ``*.po`` of a folder;
  :func:`read_glossary` one catalog from a file object. Both refuse a repeated
  msgid + msgctxt; :func:`read_entries` gives the entries as written (the linter reports
  duplicates itself).
* A catalog's language is its ``Language`` header, else its file name (``ru.po``),
  normalised by :func:`newsl10n.languages.normalize_language`.
* :func:`resolve_glossary` decides where the glossary is: the path given, else
  ``$NEWSL10N_GLOSSARY``, else ``./glossary`` when it is a folder, else none. It never
  falls back to the source checkout's ``glossary/``: an installed package has none, and
  commands run outside the checkout must not read or write it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from newsl10n import pofile
from newsl10n.errors import GlossaryFormatError, LanguageError
from newsl10n.glossary.model import KEEP_FLAG, SOURCE_LANGUAGE, Glossary, GlossaryEntry, is_person
from newsl10n.glossary.morphology import Grammar
from newsl10n.i18n import gettext as _

if TYPE_CHECKING:
    import polib

__all__ = [
    "GLOSSARY_ENV",
    "LOCAL_GLOSSARY",
    "Comment",
    "catalog_for",
    "catalog_language",
    "catalog_languages",
    "entry_from_po",
    "glossary_files",
    "load_glossary",
    "parse_comment",
    "parse_po",
    "read_entries",
    "read_glossary",
    "resolve_glossary",
]

GLOSSARY_ENV = "NEWSL10N_GLOSSARY"
"""The environment variable naming the glossary folder or file."""
LOCAL_GLOSSARY = Path("glossary")
"""The folder used when nothing else is given, relative to the current directory."""

_VARIANTS = re.compile(r"^variants(?:\s*\((?P<lang>[\w-]+)\))?\s*:\s*(?P<items>.*)$", re.IGNORECASE)
_CUES = re.compile(r"^cues(?:\s*\((?P<lang>[\w-]+)\))?\s*:\s*(?P<items>.*)$", re.IGNORECASE)
_GRAMMAR = re.compile(r"^grammar\s*:\s*(?P<hint>.*)$", re.IGNORECASE)
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")


class Comment(NamedTuple):
    """What a ``#.`` comment of a glossary entry says.

    Attributes:
        notes: Free lines, for translators.
        variants: ``variants:`` lines by language (``"en"`` when none is given).
        grammar: The ``grammar:`` hint as written (the last one).
        cues: ``cues:`` lines by language (``"en"`` when none is given).
    """

    notes: tuple[str, ...]
    variants: dict[str, tuple[str, ...]]
    grammar: str
    cues: dict[str, tuple[str, ...]]


def _items(match: re.Match[str], into: dict[str, tuple[str, ...]]) -> None:
    code = (match["lang"] or SOURCE_LANGUAGE).lower()
    into[code] = into.get(code, ()) + tuple(v.strip() for v in match["items"].split("|") if v.strip())


def parse_comment(comment: str) -> Comment:
    """Split a ``#.`` comment into free notes, variants and cues by language, and the grammar hint."""
    notes: list[str] = []
    variants: dict[str, tuple[str, ...]] = {}
    cues: dict[str, tuple[str, ...]] = {}
    grammar = ""
    for raw in comment.splitlines():
        line = raw.strip()
        if match := _VARIANTS.match(line):
            _items(match, variants)
        elif match := _CUES.match(line):
            _items(match, cues)
        elif match := _GRAMMAR.match(line):
            grammar = match["hint"]
        elif line:
            notes.append(line)
    return Comment(tuple(notes), variants, grammar, cues)


def entry_from_po(po_entry: Any, lang: str, path: str) -> GlossaryEntry:
    """Build a :class:`GlossaryEntry` from a ``polib.POEntry``."""
    notes, variants, hint, cues = parse_comment(po_entry.comment or "")
    flags = list(po_entry.flags)
    msgctxt = po_entry.msgctxt or None
    return GlossaryEntry(
        lang=lang,
        msgid=po_entry.msgid,
        msgctxt=msgctxt,
        msgstr=po_entry.msgstr,
        fuzzy="fuzzy" in flags,
        keep=KEEP_FLAG in flags,
        notes=notes,
        variants=variants,
        grammar=Grammar.parse(hint, person=is_person(msgctxt)),
        path=path,
        line=po_entry.linenum or 0,
        grammar_hint=hint,
        cues=cues,
    )


def parse_po(text: str, name: str = "<glossary>", *, duplicates: bool = False) -> polib.POFile:
    """Parse PO text strictly, through the project's one PO reader (:mod:`newsl10n.pofile`).

    Raises:
        GlossaryFormatError: The text is not a valid PO catalog (with the line when known):
            an unterminated string, a bad escape, a repeated message...
    """
    return pofile.parse_po(text, name, error=GlossaryFormatError, wrapwidth=0, duplicates=duplicates)


def catalog_language(catalog: Any, path: str | Path) -> str:
    """The language of a catalog: its ``Language`` header, else its file name (``ru.po``).

    Raises:
        GlossaryFormatError: Neither tells a language CLDR knows.
    """
    from newsl10n.languages import normalize_language

    header = catalog.metadata.get("Language", "").strip()
    stem = Path(path).stem
    code = header or (stem if _LANG_CODE.match(stem) else "")
    if not code:
        raise GlossaryFormatError(
            path, None, _("cannot tell the language: set the Language header or name the file <lang>.po")
        )
    try:
        return normalize_language(code)
    except LanguageError as exc:
        raise GlossaryFormatError(path, None, exc.reason) from None


def read_entries(fp: IO[str], name: str = "<glossary>", lang: str | None = None) -> list[GlossaryEntry]:
    """Every non-obsolete entry of one catalog, as written (duplicates included).

    Raises:
        GlossaryFormatError: The text is not a valid PO catalog, or has no language.
    """
    catalog = parse_po(fp.read(), name, duplicates=True)
    code = lang or catalog_language(catalog, name)
    return [entry_from_po(e, code, name) for e in catalog if not e.obsolete]


def read_glossary(fp: IO[str], name: str = "<glossary>", lang: str | None = None) -> Glossary:
    """Read one catalog from a file object (language from ``lang``, else header or name).

    Raises:
        GlossaryFormatError: Invalid PO, no language, or a repeated msgid + msgctxt.
    """
    seen: dict[tuple[str, str], int] = {}
    entries = read_entries(fp, name, lang)
    for entry in entries:
        if entry.key in seen:
            raise GlossaryFormatError(
                name,
                entry.line,
                _("duplicate msgid {msgid!r} (first at line {line})").format(
                    msgid=entry.msgid, line=seen[entry.key]
                ),
            )
        seen[entry.key] = entry.line
    return Glossary(entries)


def glossary_files(path: str | Path) -> list[Path]:
    """The PO files a glossary path stands for: the file itself or ``<dir>/*.po``.

    Raises:
        GlossaryFormatError: The path does not exist.
    """
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.glob("*.po") if p.is_file())
    if path.is_file():
        return [path]
    raise GlossaryFormatError(path, None, _("no such glossary file or folder"))


def load_glossary(path: str | Path) -> Glossary:
    """Load a ``<lang>.po`` file or every ``*.po`` of a folder.

    Raises:
        GlossaryFormatError: A file is missing, unreadable or not a valid PO catalog, or
            repeats an msgid + msgctxt.
    """
    entries: list[GlossaryEntry] = []
    for file in glossary_files(path):
        try:
            with open(file, encoding="utf-8") as fp:
                entries.extend(read_glossary(fp, name=str(file)).entries())
        except (OSError, UnicodeDecodeError) as exc:
            raise GlossaryFormatError(file, None, _("cannot read: {reason}").format(reason=exc)) from None
    return Glossary(entries)


def catalog_languages(folder: str | Path) -> dict[str, Path]:
    """The catalogs of a glossary folder by language (empty when there is none).

    Raises:
        GlossaryFormatError: A catalog cannot be read or has no language.
    """
    found: dict[str, Path] = {}
    folder = Path(folder)
    for file in glossary_files(folder) if folder.exists() else []:
        try:
            with open(file, encoding="utf-8") as fp:
                found.setdefault(catalog_language(parse_po(fp.read(), str(file)), file), file)
        except (OSError, UnicodeDecodeError) as exc:
            raise GlossaryFormatError(file, None, _("cannot read: {reason}").format(reason=exc)) from None
    return found


def catalog_for(folder: str | Path, lang: str) -> Path:
    """The catalog of ``lang`` in a glossary folder: the file in that language, else ``<lang>.po``."""
    return catalog_languages(folder).get(lang, Path(folder) / f"{lang}.po")


def resolve_glossary(
    explicit: str | Path | None = None, *, disabled: bool = False, create: bool = False
) -> Path | None:
    """Which glossary to use: ``explicit``, else ``$NEWSL10N_GLOSSARY``, else ``./glossary``.

    ``./glossary`` counts only when it is a folder; the source checkout's glossary is never
    used by default. Every command (``translate``, ``catalog translate``, ``glossary ...``)
    asks this function.

    Args:
        explicit: A folder or PO file given by the user (``--glossary``).
        disabled: No glossary at all (``--no-glossary``): the answer is ``None``.
        create: For commands that write (``glossary add``, ``seed``): a path that does not
            exist yet is fine, and with nothing found the answer is ``./glossary``.

    Returns:
        The path, or ``None`` when no glossary was given or found.

    Raises:
        GlossaryFormatError: A path given (or set in the environment) does not exist, or is
            a folder without ``*.po`` files (unless ``create``).
    """
    if disabled:
        return None
    chosen = Path(explicit) if explicit is not None else None
    if chosen is None and os.environ.get(GLOSSARY_ENV):
        chosen = Path(os.environ[GLOSSARY_ENV])
    if chosen is None:
        if LOCAL_GLOSSARY.is_dir() or create:
            return LOCAL_GLOSSARY
        return None
    if create:
        if chosen.is_file() and chosen.suffix != ".po":
            raise GlossaryFormatError(chosen, None, _("not a glossary folder or PO file"))
        return chosen
    if not glossary_files(chosen):
        raise GlossaryFormatError(chosen, None, _("no glossary catalogs (*.po) in this folder"))
    return chosen
