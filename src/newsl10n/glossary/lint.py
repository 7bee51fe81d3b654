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
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsl10n.errors import GlossaryFormatError
from newsl10n.findings import Finding, Severity
from newsl10n.glossary.io import glossary_files, read_entries
from newsl10n.glossary.model import GlossaryEntry

__all__ = ["lint", "lint_entries", "msgfmt_check"]

_MSGFMT_LINE = re.compile(r"^(?P<path>[^:\s][^:]*?):(?:(?P<line>\d+):)? (?P<message>.+)$")
_GRAMMAR_WORDS = {"indeclinable", "possessive", "person"}
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def lint(paths: Sequence[str | Path]) -> list[Finding]:
    """Check glossary files (folders stand for their ``*.po``); findings in file order."""
    findings: list[Finding] = []
    all_entries: list[GlossaryEntry] = []
    for path in paths:
        try:
            files = glossary_files(path)
        except GlossaryFormatError as exc:
            findings.append(Finding("missing", exc.reason, ERROR).at(path))
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
    run = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(file)], capture_output=True, text=True, check=False
    )
    findings = []
    for line in run.stderr.splitlines():
        match = _MSGFMT_LINE.match(line)
        if (
            not match
            or Path(match["path"]).name == "msgfmt"
            or "duplicate message definition" in line
            or "first definition" in line
        ):
            continue
        message = match["message"].strip()
        severity = WARNING if message.startswith("warning:") else ERROR
        message = message.removeprefix("warning:").strip()
        findings.append(
            Finding("msgfmt", message, severity).at(file, int(match["line"]) if match["line"] else None)
        )
    return findings


def _read(file: Path) -> tuple[list[GlossaryEntry], list[Finding]]:
    """The entries of one file as written (duplicates too), through :mod:`~newsl10n.glossary.io`."""
    try:
        with open(file, encoding="utf-8") as fp:
            return read_entries(fp, str(file)), []
    except GlossaryFormatError as exc:
        return [], [Finding("invalid-po", exc.reason, ERROR).at(exc.path, exc.line)]
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Finding("invalid-po", f"cannot read: {exc}", ERROR).at(file)]


def lint_entries(entries: Iterable[GlossaryEntry]) -> list[Finding]:
    """Checks within one catalog's entries."""
    entries = list(entries)
    findings: list[Finding] = []
    first_at: dict[tuple[str, str], int] = {}
    for entry in entries:
        if entry.key in first_at:
            findings.append(
                _finding(
                    entry,
                    ERROR,
                    "duplicate",
                    f"duplicate entry {_name(entry)}, first at line {first_at[entry.key]}",
                )
            )
            continue
        first_at[entry.key] = entry.line
        findings += _entry_problems(entry)
    findings += _conflicts([e for e in entries if e.line in first_at.values()])
    return sorted(findings, key=lambda f: (f.path or "", f.line or 0))


def _finding(entry: GlossaryEntry, severity: Severity, code: str, message: str) -> Finding:
    return Finding(code, message, severity).at(
        entry.path, entry.line, msgid=entry.msgid, msgctxt=entry.msgctxt
    )


def _name(entry: GlossaryEntry) -> str:
    return f"{entry.msgid!r}" + (f" ({entry.msgctxt})" if entry.msgctxt else "")


def _entry_problems(entry: GlossaryEntry) -> list[Finding]:
    """Fuzzy, empty, read-only mismatch, unknown grammar words."""
    found = []
    if entry.fuzzy:
        found.append(_finding(entry, WARNING, "fuzzy", f"{_name(entry)} is fuzzy: proposed, not enforced"))
    elif not entry.rendering:
        found.append(_finding(entry, WARNING, "empty", f"{_name(entry)} has no rendering: not enforced"))
    if entry.keep and entry.msgstr and entry.msgstr != entry.msgid:
        found.append(
            _finding(
                entry, WARNING, "read-only", f"{_name(entry)} is read-only but renders as {entry.msgstr!r}"
            )
        )
    for word in re.split(r"[,;|\s]+", entry.grammar_hint.strip().lower()):
        if word and word not in _GRAMMAR_WORDS and not re.fullmatch(r"head=\d+", word):
            found.append(_finding(entry, WARNING, "grammar", f"unknown grammar hint {word!r}"))
    return found


def _conflicts(entries: list[GlossaryEntry]) -> list[Finding]:
    """One English spelling with two renderings; a wrong variant that is another's rendering."""
    found = []
    by_spelling: dict[str, GlossaryEntry] = {}
    renderings: dict[str, GlossaryEntry] = {}
    for entry in entries:
        if entry.enforced:
            renderings.setdefault(entry.rendering.casefold(), entry)
    for entry in entries:
        for spelling in (entry.msgid, *entry.variants.get("en", ())):
            other = by_spelling.setdefault(spelling.casefold(), entry)
            if (
                other is not entry
                and other.enforced
                and entry.enforced
                and other.rendering != entry.rendering
            ):
                found.append(
                    _finding(
                        entry,
                        WARNING,
                        "conflict",
                        f"{spelling!r} renders as {entry.rendering!r} here but as "
                        f"{other.rendering!r} at line {other.line}",
                    )
                )
        for variant in entry.variants.get(entry.lang, ()):
            owner = renderings.get(variant.casefold())
            if owner is not None and owner.key != entry.key:
                found.append(
                    _finding(
                        entry,
                        WARNING,
                        "conflict",
                        f"variant {variant!r} of {_name(entry)} is the rendering of "
                        f"{owner.msgid!r} at line {owner.line}",
                    )
                )
    return found


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
                findings.append(
                    _finding(
                        entry, INFO, "missing-language", f"{key[1]!r} has no entry in the {lang} glossary"
                    )
                )
    return findings
