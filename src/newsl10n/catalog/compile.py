"""Checking catalogs for format errors and compiling them to ``.mo`` files.

A catalog is refused when its ``Plural-Forms`` header is missing or malformed, when a plural
message has the wrong number of forms, or when a translation that would be used at run time
(not fuzzy, not empty) breaks a placeholder: a printf directive or brace field lost, added or
put out of order, a stray ``%`` or brace, a line break moved to or from either end. These are
the errors ``msgfmt --check`` refuses too. Damaged HTML tags or whitespace are warnings.

The same functions serve any catalog, newsl10n's own ``locales/`` included::

    compile_catalogs("locales", domain="newsl10n")
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsl10n.catalog.catalogs import (
    CatalogFile,
    PluralRule,
    catalog_plural_rule,
    find_catalogs,
    load_catalog,
)
from newsl10n.catalog.placeholders import check_placeholders, formats_for
from newsl10n.errors import CatalogError
from newsl10n.findings import Finding, Severity
from newsl10n.i18n import _
from newsl10n.pofile import write_failure
from newsl10n.textio import atomic_open

if TYPE_CHECKING:
    import polib

__all__ = [
    "CompileResult",
    "check_catalog",
    "check_entry",
    "compile_catalog",
    "compile_catalogs",
    "entry_formats",
]

logger = logging.getLogger(__name__)

_NAMED_KINDS = ("printf-named", "brace")


def entry_formats(entry: polib.POEntry) -> frozenset[str]:
    """The format syntaxes of ``entry``, from its flags or its source text."""
    return formats_for(entry.flags, entry.msgid, entry.msgid_plural or "")


def check_entry(entry: polib.POEntry, rule: PluralRule) -> list[Finding]:
    """Check the placeholders of each non-empty translation of ``entry``.

    A plural form must keep the placeholders of ``msgid_plural``. A form used for one number
    only (``n == 1``) may follow ``msgid`` instead, and may drop named placeholders, as
    ``msgfmt`` allows ("Одна статья" for "%(count)d article").
    """
    formats = entry_formats(entry)
    if not entry.msgid_plural:
        return check_placeholders(entry.msgid, entry.msgstr, formats) if entry.msgstr else []
    findings: list[Finding] = []
    for form in sorted(entry.msgstr_plural):
        text = entry.msgstr_plural[form]
        if not text:
            continue
        if rule.single_valued(form):
            found = min(
                (
                    check_placeholders(src, text, formats, may_drop=_NAMED_KINDS)
                    for src in (entry.msgid, entry.msgid_plural)
                ),
                key=len,
            )
        else:
            found = check_placeholders(entry.msgid_plural, text, formats)
        findings += [replace(f, message=f"msgstr[{form}] {f.message}") for f in found]
    return findings


def check_catalog(
    po: polib.POFile, path: str | Path, include_fuzzy: bool = False, rule: PluralRule | None = None
) -> list[Finding]:
    """All format problems of ``po``; fuzzy entries count only with ``include_fuzzy``.

    Each :class:`~newsl10n.findings.Finding` is placed at the entry (``path``, ``line``,
    ``msgid``, ``msgctxt``); its code is a placeholder code
    (:func:`~newsl10n.catalog.placeholders.check_placeholders`) or ``plural-forms``.

    Raises:
        CatalogError: The ``Plural-Forms`` header is malformed or missing where needed.
    """
    path = Path(path)
    plural_entries = [e for e in po if e.msgid_plural and not e.obsolete]
    if rule is None:
        if plural_entries or po.metadata.get("Plural-Forms"):
            rule = catalog_plural_rule(po, path)
        else:
            rule = PluralRule(2, "(n != 1)")
    findings: list[Finding] = []
    for entry in po:
        if entry.obsolete or (entry.fuzzy and not include_fuzzy) or not entry.msgid:
            continue
        if (
            entry.msgid_plural
            and any(entry.msgstr_plural.values())
            and sorted(entry.msgstr_plural) != list(range(rule.nplurals))
        ):
            findings.append(
                Finding(
                    "plural-forms",
                    _("{n} plural forms where Plural-Forms says nplurals={nplurals}").format(
                        n=len(entry.msgstr_plural), nplurals=rule.nplurals
                    ),
                ).at(path, entry.linenum, msgid=entry.msgid, msgctxt=entry.msgctxt)
            )
        for found in check_entry(entry, rule):
            findings.append(
                replace(found, message=f"{_short(entry.msgid)}: {found.message}").at(
                    path, entry.linenum, msgid=entry.msgid, msgctxt=entry.msgctxt
                )
            )
    return findings


def _short(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


@dataclass(frozen=True)
class CompileResult:
    """One compiled catalog.

    Attributes:
        path: The source ``.po``.
        mo_path: The written ``.mo``.
        language: Its locale name.
        domain: Its domain.
        messages: Messages written (the header excluded).
        warnings: Problems that did not stop compiling.
    """

    path: Path
    mo_path: Path
    language: str
    domain: str
    messages: int
    warnings: tuple[Finding, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {
            "path": str(self.path),
            "mo_path": str(self.mo_path),
            "language": self.language,
            "domain": self.domain,
            "messages": self.messages,
            "warnings": [w.as_dict() for w in self.warnings],
        }


def _refuse(findings: list[Finding]) -> None:
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        more = _(" (and {n} more errors)").format(n=len(errors) - 1) if len(errors) > 1 else ""
        raise CatalogError(str(first.path), first.line, first.message.replace("\n", "\\n") + more)


def _binary(po: polib.POFile, use_fuzzy: bool) -> tuple[bytes, int]:
    import polib

    if use_fuzzy:
        po = polib.pofile(str(po))
        for entry in po:
            if entry.fuzzy and not entry.obsolete:
                entry.flags.remove("fuzzy")
    return po.to_binary(), len(po.translated_entries())


def compile_catalog(
    path: str | Path, mo_path: str | Path | None = None, use_fuzzy: bool = False
) -> CompileResult:
    """Check the catalog at ``path`` and write its ``.mo`` beside it (or to ``mo_path``).

    Fuzzy entries are left out unless ``use_fuzzy`` (``msgfmt --use-fuzzy``).

    Raises:
        CatalogError: The catalog is malformed or has format errors (file:line given).
    """
    path = Path(path)
    po = load_catalog(path)
    item = CatalogFile(path, po.metadata.get("Language", "") or path.parent.parent.name, path.stem)
    findings = check_catalog(po, path, include_fuzzy=use_fuzzy)
    _refuse(findings)
    return _compile(item, po, Path(mo_path) if mo_path else item.mo_path, use_fuzzy, findings)


def _compile(
    item: CatalogFile, po: polib.POFile, mo_path: Path, use_fuzzy: bool, findings: list[Finding]
) -> CompileResult:
    data, count = _binary(po, use_fuzzy)
    try:
        with atomic_open(mo_path, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise CatalogError(mo_path, None, write_failure(exc)) from None
    logger.info("compiled %s -> %s (%d messages)", item.path, mo_path, count)
    return CompileResult(
        item.path,
        mo_path,
        item.language,
        item.domain,
        count,
        tuple(f for f in findings if f.severity is not Severity.ERROR),
    )


def compile_catalogs(
    locales_dir: str | Path,
    languages: Iterable[str] | None = None,
    domain: str | None = None,
    use_fuzzy: bool = False,
) -> list[CompileResult]:
    """Check every catalog under ``locales_dir``, then write each ``.mo`` beside its ``.po``.

    Nothing is written unless every catalog passes.

    Raises:
        CatalogError: A catalog is malformed or has format errors (the first one is named,
            with its file and line).
    """
    loaded = []
    for item in find_catalogs(locales_dir, languages, domain):
        po = load_catalog(item.path)
        findings = check_catalog(po, item.path, include_fuzzy=use_fuzzy)
        _refuse(findings)
        loaded.append((item, po, findings))
    return [_compile(item, po, item.mo_path, use_fuzzy, findings) for item, po, findings in loaded]
