"""Changing glossary PO files: add, update and remove entries, seed names from CLDR.

Edits work on the text of the catalog, entry block by entry block, so that everything else
(header, comments, flags, order, line wrapping) stays byte for byte: a ``git diff`` shows
only the entry that changed. New entries are appended at the end. Files are written
with :func:`newsl10n.textio.atomic_write` (a temporary file beside the target, then one
rename; the file keeps its mode, a new one gets the umask's), and what is written passes
``msgfmt --check``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from newsl10n.errors import GlossaryFormatError
from newsl10n.glossary.model import KEEP_FLAG, Glossary, read_catalog
from newsl10n.textio import atomic_write

__all__ = [
    "EntrySpec",
    "add_entry",
    "keep_spec",
    "merge_entries",
    "new_catalog_text",
    "remove_entry",
    "seed",
    "seed_file",
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

        entry = polib.POEntry(msgid=self.msgid, msgstr=self.msgstr, msgctxt=self.msgctxt,
                              comment="\n".join(self.notes))
        entry.flags = list(self.flags)
        return entry


def new_catalog_text(lang: str) -> str:
    """The header of a new, empty glossary catalog for ``lang``."""
    return _HEADER.format(lang=lang)


def _blocks(text: str, name: str) -> tuple[list[str], dict[tuple[str, str], tuple[int, int]]]:
    """The lines of ``text`` and, per entry key, its block as a ``[first, last)`` line range."""
    from io import StringIO

    catalog = read_catalog(StringIO(text), name)
    lines = text.splitlines(keepends=True)
    ranges: dict[tuple[str, str], tuple[int, int]] = {}
    for entry in catalog:  # type: ignore[attr-defined]
        first = max(entry.linenum - 1, 0)
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
    merged = EntrySpec(spec.msgid, spec.msgstr or current.msgstr, spec.msgctxt, tuple(notes),
                       tuple(flags))
    block = _render(merged)
    if _same_entry(current, merged):
        return text
    return "".join(lines[:first]) + block + "".join(lines[last:])


def _render(spec: EntrySpec) -> str:
    text = str(spec.to_po())
    return text if text.endswith("\n") else text + "\n"


def _same_entry(current: Any, spec: EntrySpec) -> bool:
    return (current.msgstr == spec.msgstr and list(current.flags) == list(spec.flags)
            and (current.comment or "") == "\n".join(spec.notes))


def without_entry(text: str, msgid: str, msgctxt: str | None = None, name: str = "<glossary>") -> str:
    """Return ``text`` without the entry (and the blank line after it); unchanged if absent.

    With ``msgctxt`` ``None``, the entry with that msgid and no context goes, or the only
    entry with that msgid whatever its context.
    """
    lines, ranges = _blocks(text, name)
    keys = [(msgctxt or "", msgid)] if msgctxt is not None or ("", msgid) in ranges \
        else [k for k in ranges if k[1] == msgid]
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
        raise GlossaryFormatError(path, None, f"cannot read: {exc}") from None


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
    atomic_write(path, changed)
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
    atomic_write(path, changed)
    return True


def merge_entries(fp_in: IO[str], fp_out: IO[str], specs: Iterable[EntrySpec],
                  name: str = "<glossary>") -> int:
    """Copy the catalog from ``fp_in`` to ``fp_out`` with ``specs`` added; return how many."""
    text = fp_in.read()
    count = 0
    for spec in specs:
        updated = with_entry(text, spec, name)
        count += updated != text
        text = updated
    fp_out.write(text)
    return count


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
        raise LanguageError(lang, f"CLDR has no data for {lang!r}: {exc}") from None
    taken: set[str] = set()
    for entry in existing.entries(lang) if existing else []:
        taken.add(entry.msgid.casefold())
        taken.update(v.casefold() for v in entry.variants.get("en", ()))
    specs = []
    for code, name in sorted(english.territories.items()):
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES \
                and code in local.territories and name.casefold() not in taken:
            specs.append(EntrySpec(name, local.territories[code], "place",
                                   (f"CLDR territory {code}.",)))
    if languages:
        for code, name in sorted(english.languages.items()):
            if "_" not in code and code in local.languages and name.casefold() not in taken:
                specs.append(EntrySpec(name, local.languages[code], "language",
                                       (f"CLDR language {code}.",)))
    return specs


def seed_file(path: str | Path, lang: str, existing: Glossary | None = None, *,
              languages: bool = False, dry_run: bool = False) -> list[EntrySpec]:
    """Append the CLDR names :func:`seed` proposes to the catalog at ``path``.

    Returns:
        The entries added (or that would be, with ``dry_run``).
    """
    path = Path(path)
    specs = seed(lang, existing, languages=languages)
    if specs and not dry_run:
        text = _read_or_new(path, lang)
        for spec in specs:
            text = with_entry(text, spec, str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
    return specs


def keep_spec(msgid: str, msgctxt: str | None = None, note: str | None = None) -> EntrySpec:
    """An entry kept as in the source (``read-only``)."""
    return EntrySpec(msgid, msgid, msgctxt, (note,) if note else (), (KEEP_FLAG,))
