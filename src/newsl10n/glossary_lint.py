"""Checks of glossary PO files, reported as findings with ``file:line``.

Errors: the file is not valid PO, an msgid + msgctxt is repeated (``msgfmt`` refuses both).
Warnings: empty or fuzzy entries (not enforced), conflicting renderings (one English
spelling rendered differently by two entries, or listed as a wrong variant of another
entry), unknown ``grammar:`` words, a read-only entry whose msgstr differs from its msgid.
Info: a term present in one language's catalog but not in another's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsl10n.errors import GlossaryFormatError
from newsl10n.glossary import GlossaryEntry, catalog_language, entry_from_po, glossary_files, read_catalog

__all__ = ["Finding", "lint", "lint_entries"]

_MSGFMT_LINE = re.compile(r"^(?P<path>[^:\s][^:]*?):(?:(?P<line>\d+):)? (?P<message>.+)$")
_GRAMMAR_WORDS = {"indeclinable", "possessive", "person"}


@dataclass(frozen=True)
class Finding:
    """One problem in a glossary file.

    Attributes:
        path: The file.
        line: 1-based line, or ``None`` for the whole file.
        severity: ``error``, ``warning`` or ``info``.
        code: A short stable name (``duplicate``, ``fuzzy``...).
        message: One line for a person.
    """

    path: str
    line: int | None
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {"path": self.path, "line": self.line, "severity": self.severity,
                "code": self.code, "message": self.message}


def lint(paths: Sequence[str | Path]) -> list[Finding]:
    """Check glossary files (folders stand for their ``*.po``); findings in file order."""
    findings: list[Finding] = []
    all_entries: list[GlossaryEntry] = []
    for path in paths:
        try:
            files = glossary_files(path)
        except GlossaryFormatError as exc:
            findings.append(Finding(str(path), None, "error", "missing", exc.reason))
            continue
        for file in files:
            entries, problems = _read(file)
            findings += problems + msgfmt_check(file)
            findings += lint_entries(entries)
            all_entries += entries
    findings += _cross_language(all_entries)
    return findings


def msgfmt_check(file: Path) -> list[Finding]:
    """What GNU ``msgfmt --check`` says about ``file`` (nothing if msgfmt is not installed).

    polib reads some broken files leniently; msgfmt does not. Duplicates are left out
    (reported by :func:`lint_entries` already).
    """
    import shutil
    import subprocess

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    run = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(file)], capture_output=True,
                         text=True, check=False)
    findings = []
    for line in run.stderr.splitlines():
        match = _MSGFMT_LINE.match(line)
        if not match or Path(match["path"]).name == "msgfmt" or "duplicate message definition" in line \
                or "first definition" in line:
            continue
        message = match["message"].strip()
        severity = "warning" if message.startswith("warning:") else "error"
        message = message.removeprefix("warning:").strip()
        findings.append(Finding(str(file), int(match["line"]) if match["line"] else None,
                                severity, "msgfmt", message))
    return findings


def _read(file: Path) -> tuple[list[GlossaryEntry], list[Finding]]:
    try:
        with open(file, encoding="utf-8") as fp:
            catalog = read_catalog(fp, str(file))
        lang = catalog_language(catalog, file)
    except GlossaryFormatError as exc:
        return [], [Finding(exc.path, exc.line, "error", "invalid-po", exc.reason)]
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Finding(str(file), None, "error", "invalid-po", f"cannot read: {exc}")]
    entries = [entry_from_po(e, lang, str(file)) for e in catalog if not e.obsolete]  # type: ignore[attr-defined]
    return entries, []


def lint_entries(entries: Iterable[GlossaryEntry]) -> list[Finding]:
    """Checks within one catalog's entries."""
    findings: list[Finding] = []
    first_at: dict[tuple[str, str], int] = {}
    by_spelling: dict[str, GlossaryEntry] = {}
    entries = list(entries)
    renderings: dict[str, GlossaryEntry] = {}
    for e in entries:
        if e.enforced:
            renderings.setdefault(e.rendering.casefold(), e)
    for entry in entries:
        def add(severity: str, code: str, message: str, entry: GlossaryEntry = entry) -> None:
            findings.append(Finding(entry.path, entry.line, severity, code, message))

        name = f"{entry.msgid!r}" + (f" ({entry.msgctxt})" if entry.msgctxt else "")
        if entry.key in first_at:
            add("error", "duplicate", f"duplicate entry {name}, first at line {first_at[entry.key]}")
            continue
        first_at[entry.key] = entry.line
        if entry.fuzzy:
            add("warning", "fuzzy", f"{name} is fuzzy: proposed, not enforced")
        elif not entry.rendering:
            add("warning", "empty", f"{name} has no rendering: not enforced")
        if entry.keep and entry.msgstr and entry.msgstr != entry.msgid:
            add("warning", "read-only", f"{name} is read-only but renders as {entry.msgstr!r}")
        findings += _grammar(entry, add)
        for spelling in (entry.msgid, *entry.variants.get("en", ())):
            other = by_spelling.get(spelling.casefold())
            if other is not None and other.enforced and entry.enforced \
                    and other.rendering != entry.rendering:
                add("warning", "conflict", f"{spelling!r} renders as {entry.rendering!r} here "
                    f"but as {other.rendering!r} at line {other.line}")
            by_spelling.setdefault(spelling.casefold(), entry)
        for variant in entry.variants.get(entry.lang, ()):
            other = renderings.get(variant.casefold())
            if other is not None and other.key != entry.key:
                add("warning", "conflict", f"variant {variant!r} of {name} is the rendering of "
                    f"{other.msgid!r} at line {other.line}")
    return findings


def _grammar(entry: GlossaryEntry, add: Callable[[str, str, str], None]) -> list[Finding]:
    for word in re.split(r"[,;|\s]+", entry.grammar_hint.strip().lower()):
        if word and word not in _GRAMMAR_WORDS and not re.fullmatch(r"head=\d+", word):
            add("warning", "grammar", f"unknown grammar hint {word!r}")
    return []


def _cross_language(entries: list[GlossaryEntry]) -> list[Finding]:
    """Terms missing from a language, among the catalogs of each folder."""
    folders: dict[str, list[GlossaryEntry]] = {}
    for entry in entries:
        folders.setdefault(str(Path(entry.path).parent), []).append(entry)
    return [f for group in folders.values() for f in _missing_languages(group)]


def _missing_languages(entries: list[GlossaryEntry]) -> list[Finding]:
    langs = sorted({e.lang for e in entries})
    if len(langs) < 2:
        return []
    present: dict[tuple[str, str], dict[str, GlossaryEntry]] = {}
    for entry in entries:
        present.setdefault(entry.key, {})[entry.lang] = entry
    findings = []
    for key, by_lang in present.items():
        for lang in langs:
            if lang not in by_lang:
                entry = next(iter(by_lang.values()))
                findings.append(Finding(entry.path, entry.line, "info", "missing-language",
                                        f"{key[1]!r} has no entry in the {lang} glossary"))
    return findings
