"""Checks of glossary PO files, reported as findings with ``file:line``.

Errors: the file is not valid PO, an msgid + msgctxt is repeated (``msgfmt`` refuses both),
it starts with a byte-order mark or has no header (the reader tolerates both, ``msgfmt``
does not), ``msgfmt --check`` fails (its ``file:line[:col]:`` messages, or its exit status
when they cannot be read), a folder holds no ``*.po`` file.
Warnings: empty or fuzzy entries (not enforced), conflicting renderings (one English
spelling rendered differently by two entries, or listed as a wrong variant of another
entry), unknown ``grammar:`` words, a read-only entry whose msgstr differs from its msgid,
``cues:`` on an entry that has no homonym (no other entry spelled the same) for them to
choose from.
Info: a term present in one language's catalog but not in another's.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsl10n.errors import GlossaryFormatError
from newsl10n.findings import Finding, Severity
from newsl10n.glossary.io import catalog_language, entry_from_po, glossary_files, parse_po
from newsl10n.glossary.model import GlossaryEntry
from newsl10n.i18n import gettext as _

__all__ = ["lint", "lint_entries", "msgfmt_check"]

_MSGFMT_LINE = re.compile(r"^(?P<path>[^:\s][^:]*?):(?:(?P<line>\d+):(?:(?P<col>\d+):)?)? (?P<message>.+)$")
_PROGRAM = re.compile(r"^(?:\S*/)?msgfmt(?:\.exe)?: ")
_BOM = b"\xef\xbb\xbf"
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
        if not files:
            message = _("no glossary catalogs (*.po) in this folder")
            findings.append(Finding("missing", message, ERROR).at(path))
        for file in files:
            checking = _start_msgfmt(file)  # msgfmt runs while the file is parsed here
            entries, problems = _read(file)
            findings += problems + _msgfmt_findings(file, checking)
            findings += lint_entries(entries)
            all_entries += entries
    findings += _cross_language(all_entries)
    return findings


def msgfmt_check(file: Path) -> list[Finding]:
    """What GNU ``msgfmt --check`` says about ``file`` (nothing if msgfmt is not installed).

    polib reads some broken files leniently; msgfmt does not. Duplicates are left out
    (reported by :func:`lint_entries` already). Messages come as ``file:line: text`` or
    ``file:line:col: text``; when msgfmt fails (non-zero exit) without a message read here
    as an error, its output (or its exit status) is reported as one.
    """
    return _msgfmt_findings(file, _start_msgfmt(file))


def _start_msgfmt(file: Path) -> subprocess.Popen[str] | None:
    """Start ``msgfmt --check`` on ``file`` (``None`` if msgfmt is not installed)."""
    import shutil

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return None
    return subprocess.Popen(
        [msgfmt, "--check", "-o", os.devnull, str(file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _msgfmt_findings(file: Path, process: subprocess.Popen[str] | None) -> list[Finding]:
    """The findings of a :func:`_start_msgfmt` run, once it has finished."""
    if process is None:
        return []
    stderr = process.communicate()[1]
    run = subprocess.CompletedProcess(process.args, process.returncode, "", stderr)
    findings = []
    duplicates = False
    for line in run.stderr.splitlines():
        if "duplicate message definition" in line or "first definition" in line:
            duplicates = True
            continue
        match = _MSGFMT_LINE.match(line)
        if not match or Path(match["path"]).name == "msgfmt":
            continue
        message = match["message"].strip()
        severity = WARNING if message.startswith("warning:") else ERROR
        message = message.removeprefix("warning:").strip()
        if match["col"]:
            message = _("{message} (column {column})").format(message=message, column=match["col"])
        findings.append(
            Finding("msgfmt", message, severity).at(file, int(match["line"]) if match["line"] else None)
        )
    if run.returncode != 0 and not duplicates and not any(f.severity is ERROR for f in findings):
        said = [_PROGRAM.sub("", line.strip()) for line in run.stderr.splitlines() if line.strip()]
        unread = [line for line in said if not line.startswith("found ")]
        said_text = "; ".join(unread) if unread else _("exit status {status}").format(status=run.returncode)
        message = _("msgfmt --check failed: {output}").format(output=said_text)
        findings.append(Finding("msgfmt", message, ERROR).at(file))
    return findings


def _read(file: Path) -> tuple[list[GlossaryEntry], list[Finding]]:
    """The entries of one file as written (duplicates too), through :mod:`~newsl10n.glossary.io`.

    Also what the reader tolerates and ``msgfmt`` refuses: a byte-order mark, no header.
    """
    problems: list[Finding] = []
    try:
        data = file.read_bytes()
        if data.startswith(_BOM):
            message = _("the file starts with a byte-order mark (msgfmt refuses it)")
            problems.append(Finding("bom", message, ERROR).at(file, 1))
        catalog = parse_po(data.decode("utf-8-sig"), str(file), duplicates=True)
        lang = catalog_language(catalog, file)
    except GlossaryFormatError as exc:
        return [], [*problems, Finding("invalid-po", exc.reason, ERROR).at(exc.path, exc.line)]
    except (OSError, UnicodeDecodeError) as exc:
        return [], [
            *problems,
            Finding("invalid-po", _("cannot read: {reason}").format(reason=exc), ERROR).at(file),
        ]
    if not catalog.metadata:
        message = _('no PO header (msgid "" with Content-Type and Language)')
        problems.append(Finding("header", message, ERROR).at(file, 1))
    return [entry_from_po(e, lang, str(file)) for e in catalog if not e.obsolete], problems


def lint_entries(entries: Iterable[GlossaryEntry]) -> list[Finding]:
    """Checks within one catalog's entries."""
    entries = list(entries)
    findings: list[Finding] = []
    first_at: dict[tuple[str, str], int] = {}
    firsts: list[GlossaryEntry] = []
    for entry in entries:
        if entry.key in first_at:
            findings.append(
                _finding(
                    entry,
                    ERROR,
                    "duplicate",
                    _("duplicate entry {entry}, first at line {line}").format(
                        entry=_name(entry), line=first_at[entry.key]
                    ),
                )
            )
            continue
        first_at[entry.key] = entry.line
        firsts.append(entry)
        findings += _entry_problems(entry)
    findings += _conflicts(firsts)
    findings += _idle_cues(firsts)
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
        message = _("{entry} is fuzzy: proposed, not enforced").format(entry=_name(entry))
        found.append(_finding(entry, WARNING, "fuzzy", message))
    elif not entry.rendering:
        message = _("{entry} has no rendering: not enforced").format(entry=_name(entry))
        found.append(_finding(entry, WARNING, "empty", message))
    if entry.keep and entry.msgstr and entry.msgstr != entry.msgid:
        found.append(
            _finding(
                entry,
                WARNING,
                "read-only",
                _("{entry} is read-only but renders as {rendering!r}").format(
                    entry=_name(entry), rendering=entry.msgstr
                ),
            )
        )
    for word in re.split(r"[,;|\s]+", entry.grammar_hint.strip().lower()):
        if word and word not in _GRAMMAR_WORDS and not re.fullmatch(r"head=\d+", word):
            message = _("unknown grammar hint {word!r}").format(word=word)
            found.append(_finding(entry, WARNING, "grammar", message))
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
                        _("{term!r} renders as {rendering!r} here but as {other!r} at line {line}").format(
                            term=spelling, rendering=entry.rendering, other=other.rendering, line=other.line
                        ),
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
                        _(
                            "variant {variant!r} of {entry} is the rendering of {term!r} at line {line}"
                        ).format(variant=variant, entry=_name(entry), term=owner.msgid, line=owner.line),
                    )
                )
    return found


def _idle_cues(entries: list[GlossaryEntry]) -> list[Finding]:
    """Cues choose between homonyms: an entry with cues and no homonym gets a warning.

    Homonyms are entries with the same msgid (in another context) or the same rendering.
    """
    spelt: dict[str, set[tuple[str, str]]] = {}
    for entry in entries:
        for spelling in {entry.msgid, entry.rendering} - {""}:
            spelt.setdefault(spelling.casefold(), set()).add(entry.key)
    found = []
    for entry in entries:
        if not any(entry.cues.values()):
            continue
        keys = set().union(*(spelt[s.casefold()] for s in {entry.msgid, entry.rendering} - {""}))
        if keys == {entry.key}:
            message = _("{entry} has cues but no homonym for them to choose from").format(entry=_name(entry))
            found.append(_finding(entry, WARNING, "cues", message))
    return found


def _cross_language(entries: list[GlossaryEntry]) -> list[Finding]:
    """Terms missing from a language, among the catalogs of each folder."""
    folders: dict[str, list[GlossaryEntry]] = {}
    parents: dict[str, str] = {}  # one Path per file, not per entry
    for entry in entries:
        parent = parents.get(entry.path)
        if parent is None:
            parent = parents[entry.path] = str(Path(entry.path).parent)
        folders.setdefault(parent, []).append(entry)
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
                        entry,
                        INFO,
                        "missing-language",
                        _("{term!r} has no entry in the {lang} glossary").format(term=key[1], lang=lang),
                    )
                )
    return findings
