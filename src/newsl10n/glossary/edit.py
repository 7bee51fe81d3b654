"""Changing glossary PO files: add, update and remove terms, seed names from CLDR.

The commands of ``newsl10n glossary`` each call one function here: :func:`add_term`,
:func:`remove_term`, :func:`seed_glossary`. They work on a glossary folder and find each
language's catalog by its language (:func:`newsl10n.glossary.io.catalog_for`), so no
language is hard-coded.

Edits work on the text of the catalog, entry block by entry block, so that everything else
(header, comments, flags, order, line wrapping) stays byte for byte: a ``git diff`` shows
only the entry that changed. New entries are appended at the end. Files are written with
:func:`newsl10n.textio.atomic_write` (a temporary file beside the target, then one rename;
the file keeps its mode, a new one gets the umask's), and what is written passes
``msgfmt --check``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from newsl10n.errors import GlossaryFormatError, LanguageError
from newsl10n.glossary.io import catalog_for, catalog_languages, parse_po, read_glossary
from newsl10n.glossary.model import KEEP_FLAG, SOURCE_LANGUAGE, Glossary
from newsl10n.i18n import gettext as _
from newsl10n.pofile import write_failure
from newsl10n.textio import atomic_write

__all__ = [
    "EntrySpec",
    "FileEdit",
    "SeedResult",
    "add_entry",
    "add_term",
    "new_catalog_text",
    "remove_entry",
    "remove_term",
    "seed",
    "seed_glossary",
    "with_entries",
    "with_entry",
    "without_entry",
]

_HEADER = """\
# newsl10n newsroom glossary ({lang}).
# See docs/glossary.md for the conventions (variants, grammar, read-only).
msgid ""
msgstr ""
"Project-Id-Version: newsl10n glossary\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


@dataclass(frozen=True)
class EntrySpec:
    """An entry to add or update.

    Attributes:
        msgid: The English term.
        msgstr: Its rendering ("" leaves an untranslated entry).
        msgctxt: Context, or ``None``.
        notes: ``#.`` comment lines (notes, ``variants: ...``, ``grammar: ...``).
        flags: Flags such as ``read-only`` or ``fuzzy``.
    """

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    notes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    def to_po(self) -> Any:
        """This entry as a ``polib.POEntry``."""
        import polib

        entry = polib.POEntry(
            msgid=self.msgid, msgstr=self.msgstr, msgctxt=self.msgctxt, comment="\n".join(self.notes)
        )
        entry.flags = list(self.flags)
        return entry


def new_catalog_text(lang: str) -> str:
    """The header of a new, empty glossary catalog for ``lang``."""
    return _HEADER.format(lang=lang)


def _blocks(text: str, name: str) -> tuple[list[str], dict[tuple[str, str], tuple[int, int]]]:
    """The lines of ``text`` and, per entry key, its block as a ``[first, last)`` line range."""
    catalog = parse_po(text, name)
    lines = text.splitlines(keepends=True)
    ranges: dict[tuple[str, str], tuple[int, int]] = {}
    for entry in catalog:
        first = max((entry.linenum or 1) - 1, 0)
        while first > 0 and lines[first - 1].startswith("#"):
            first -= 1
        last = first
        while last < len(lines) and lines[last].strip():
            last += 1
        ranges[(entry.msgctxt or "", entry.msgid)] = (first, last)
    return lines, ranges


def with_entry(text: str, spec: EntrySpec, name: str = "<glossary>") -> str:
    """Return the catalog ``text`` with ``spec`` added, or its msgstr/notes/flags updated.

    An existing entry keeps its comments and flags; notes of ``spec`` not yet present are
    added, and so are its flags (a new rendering drops ``fuzzy`` unless ``spec`` has it).
    """
    import polib

    lines, ranges = _blocks(text, name)
    key = (spec.msgctxt or "", spec.msgid)
    if key not in ranges:
        body = "".join(lines)
        if body and not body.endswith("\n"):
            body += "\n"
        return body + "\n" + _render(spec)
    first, last = ranges[key]
    current = polib.pofile("".join(lines[first:last]) + "\n", wrapwidth=78)[0]
    notes = current.comment.splitlines() if current.comment else []
    notes += [n for n in spec.notes if n not in notes]
    flags = [f for f in current.flags if f != "fuzzy" or "fuzzy" in spec.flags or not spec.msgstr]
    flags += [f for f in spec.flags if f not in flags]
    merged = EntrySpec(spec.msgid, spec.msgstr or current.msgstr, spec.msgctxt, tuple(notes), tuple(flags))
    block = _render(merged)
    if _same_entry(current, merged):
        return text
    return "".join(lines[:first]) + block + "".join(lines[last:])


def with_entries(text: str, specs: Sequence[EntrySpec], name: str = "<glossary>") -> str:
    """:func:`with_entry` for many specs, reading ``text`` once for those it does not hold yet.

    New entries are appended in order; a spec whose key the catalog (or an earlier spec)
    already has goes through :func:`with_entry`.
    """
    _, ranges = _blocks(text, name)
    known = set(ranges)
    fresh: list[str] = []
    later: list[EntrySpec] = []
    for spec in specs:
        key = (spec.msgctxt or "", spec.msgid)
        if key in known:
            later.append(spec)
        else:
            known.add(key)
            fresh.append(_render(spec))
    if fresh:
        body = text if not text or text.endswith("\n") else text + "\n"
        text = body + "".join("\n" + block for block in fresh)
    for spec in later:
        text = with_entry(text, spec, name)
    return text


def _render(spec: EntrySpec) -> str:
    text = str(spec.to_po())
    return text if text.endswith("\n") else text + "\n"


def _same_entry(current: Any, spec: EntrySpec) -> bool:
    return (
        current.msgstr == spec.msgstr
        and list(current.flags) == list(spec.flags)
        and (current.comment or "") == "\n".join(spec.notes)
    )


def without_entry(text: str, msgid: str, msgctxt: str | None = None, name: str = "<glossary>") -> str:
    """Return ``text`` without the entry (and the blank line after it); unchanged if absent.

    With ``msgctxt`` ``None``, the entry with that msgid and no context goes, or the only
    entry with that msgid whatever its context.
    """
    lines, ranges = _blocks(text, name)
    keys = (
        [(msgctxt or "", msgid)]
        if msgctxt is not None or ("", msgid) in ranges
        else [k for k in ranges if k[1] == msgid]
    )
    if len(keys) != 1 or keys[0] not in ranges:
        return text
    first, last = ranges[keys[0]]
    if last < len(lines) and not lines[last].strip():
        last += 1
    elif first > 0 and not lines[first - 1].strip():
        first -= 1
    return "".join(lines[:first] + lines[last:])


def _read_or_new(path: Path, lang: str) -> str:
    if not path.exists():
        return new_catalog_text(lang)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryFormatError(path, None, _("cannot read: {reason}").format(reason=exc)) from None


def _write(path: Path, text: str) -> None:
    """Write a catalog atomically; a file or folder that cannot be written is a glossary error."""
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise GlossaryFormatError(path, None, write_failure(exc)) from None


def add_entry(path: str | Path, spec: EntrySpec, lang: str | None = None) -> bool:
    """Add or update ``spec`` in the catalog at ``path`` (created if missing).

    Returns:
        True if the file changed.
    """
    path = Path(path)
    text = _read_or_new(path, lang or path.stem)
    changed = with_entry(text, spec, str(path))
    if changed == text and path.exists():
        return False
    _write(path, changed)
    return True


def remove_entry(path: str | Path, msgid: str, msgctxt: str | None = None) -> bool:
    """Remove an entry from the catalog at ``path``; True if the file changed."""
    path = Path(path)
    if not path.exists():
        return False
    text = _read_or_new(path, path.stem)
    changed = without_entry(text, msgid, msgctxt, str(path))
    if changed == text:
        return False
    _write(path, changed)
    return True


_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


def seed(lang: str, existing: Glossary | None = None, *, languages: bool = False) -> list[EntrySpec]:
    """Country (and optionally language) names in ``lang`` from CLDR, through Babel.

    The newsroom's choice wins: a name whose English msgid (or English variant) already has
    an entry in ``existing`` for ``lang`` is left out (CLDR's Russian ``Киргизия`` never
    replaces the glossary's ``Кыргызстан``).

    Raises:
        LanguageError: CLDR has no data for ``lang``.
    """
    from babel import Locale, UnknownLocaleError

    from newsl10n.errors import LanguageError

    try:
        local, english = Locale.parse(lang), Locale("en")
    except (UnknownLocaleError, ValueError) as exc:
        raise LanguageError(
            lang, _("CLDR has no data for {code!r}: {reason}").format(code=lang, reason=exc)
        ) from None
    taken: set[str] = set()
    for entry in existing.entries(lang) if existing else []:
        taken.add(entry.msgid.casefold())
        taken.update(v.casefold() for v in entry.variants.get("en", ()))
    specs = []
    for code, name in sorted(english.territories.items()):
        if (
            len(code) == 2
            and code.isalpha()
            and code not in _NOT_COUNTRIES
            and code in local.territories
            and name.casefold() not in taken
        ):
            specs.append(EntrySpec(name, local.territories[code], "place", (f"CLDR territory {code}.",)))
    if languages:
        for code, name in sorted(english.languages.items()):
            if "_" not in code and code in local.languages and name.casefold() not in taken:
                specs.append(EntrySpec(name, local.languages[code], "language", (f"CLDR language {code}.",)))
    return specs


@dataclass(frozen=True)
class FileEdit:
    """What an edit did to one catalog.

    Attributes:
        path: The catalog.
        lang: Its language.
        changed: True if the file was written.
        created: True if the file did not exist before.
    """

    path: Path
    lang: str
    changed: bool
    created: bool = False


def _notes(
    lang: str, notes: Sequence[str], variants: Mapping[str, Sequence[str]], grammar: Mapping[str, str]
) -> tuple[str, ...]:
    lines = list(notes)
    for code in (SOURCE_LANGUAGE, lang):
        spellings = [v for v in variants.get(code, ()) if v]
        if spellings:
            label = "variants" if code == SOURCE_LANGUAGE else f"variants ({code})"
            lines.append(f"{label}: {' | '.join(spellings)}")
    if grammar.get(lang):
        lines.append(f"grammar: {grammar[lang]}")
    return tuple(lines)


def add_term(
    folder: str | Path,
    msgid: str,
    renderings: Mapping[str, str] | None = None,
    *,
    msgctxt: str | None = None,
    notes: Sequence[str] = (),
    variants: Mapping[str, Sequence[str]] | None = None,
    grammar: Mapping[str, str] | None = None,
    keep: bool = False,
    languages: Iterable[str] = (),
) -> list[FileEdit]:
    """Add a term, or update it, in the catalog of each language of a glossary folder.

    Args:
        folder: The glossary folder (created if missing).
        msgid: The English term.
        renderings: Rendering by language; each language's catalog is found by its language,
            else created as ``<lang>.po``.
        msgctxt: Context (``person``, ``place``...), or ``None``.
        notes: Notes for translators (``#.`` lines).
        variants: Other spellings by language: ``"en"`` ones go to every catalog, the others
            to their language's (``variants (ru): ...``).
        grammar: A ``grammar:`` hint by language.
        keep: Keep as in the source (``read-only``); without a rendering the msgstr is the msgid.
        languages: More languages to add the term to; with ``keep`` and neither renderings
            nor languages, every catalog of the folder.

    Returns:
        One :class:`FileEdit` per catalog, in language order.

    Raises:
        LanguageError: No language to add the term to.
        GlossaryFormatError: ``msgid`` is empty or not one line, or a catalog of the folder
            cannot be read or written.
    """
    folder = Path(folder)
    if not msgid.strip() or any(c in msgid for c in "\n\r\0"):
        # An empty msgid is a catalog's header: writing one would corrupt the glossary.
        raise GlossaryFormatError(
            folder, None, _("a term must be one non-empty line, not {term!r}").format(term=msgid)
        )
    renderings = dict(renderings or {})
    existing = catalog_languages(folder)
    langs = sorted(
        set(renderings)
        | set(languages)
        | (set(existing) if keep and not renderings and not languages else set())
    )
    if not langs:
        raise LanguageError(
            "", _("give a rendering in at least one language, or a language with a catalog in the glossary")
        )
    edits = []
    for lang in langs:
        path = existing.get(lang, folder / f"{lang}.po")
        spec = EntrySpec(
            msgid,
            renderings.get(lang) or (msgid if keep else ""),
            msgctxt,
            _notes(lang, notes, variants or {}, grammar or {}),
            (KEEP_FLAG,) if keep else (),
        )
        created = not path.exists()
        edits.append(FileEdit(path, lang, add_entry(path, spec, lang), created))
    return edits


def remove_term(
    folder: str | Path, msgid: str, msgctxt: str | None = None, *, lang: str | None = None
) -> list[FileEdit]:
    """Remove a term from each catalog of a glossary folder (or from ``lang``'s only).

    Returns:
        The catalogs changed.

    Raises:
        GlossaryFormatError: A catalog cannot be read or written.
    """
    found = catalog_languages(folder)
    return [
        FileEdit(path, code, True)
        for code, path in sorted(found.items())
        if (lang is None or code == lang) and remove_entry(path, msgid, msgctxt)
    ]


@dataclass(frozen=True)
class SeedResult:
    """What :func:`seed_glossary` added.

    Attributes:
        path: The catalog seeded.
        added: The entries added (or that would be, in a dry run).
        written: True if the file was written.
    """

    path: Path
    added: list[EntrySpec]
    written: bool


def seed_glossary(
    folder: str | Path, lang: str, *, languages: bool = False, dry_run: bool = False
) -> SeedResult:
    """Append to ``lang``'s catalog of a glossary folder the CLDR names :func:`seed` proposes.

    The catalog's own entries win over CLDR. The folder and catalog are created if missing.

    Raises:
        LanguageError: CLDR has no data for ``lang``.
        GlossaryFormatError: The catalog cannot be read or written.
    """
    path = catalog_for(folder, lang)
    existing = _load_one(path, lang) if path.exists() else None
    specs = seed(lang, existing, languages=languages)
    written = bool(specs) and not dry_run
    if written:
        _write(path, with_entries(_read_or_new(path, lang), specs, str(path)))
    return SeedResult(path, specs, written)


def _load_one(path: Path, lang: str) -> Glossary:
    return read_glossary(StringIO(_read_or_new(path, lang)), str(path), lang)
