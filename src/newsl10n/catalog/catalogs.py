"""Gettext catalogs of a project: where they live, how they are read and written, their
headers and plural rules, how new ones are started, and how far their translation has come.

The layout is the one gettext uses: ``<locales>/<lang>/LC_MESSAGES/<domain>.po``, the domain
being the name of the template (``news-site.pot`` -> ``news-site``). Plural rules come from
CLDR through Babel. Merging a changed template lives in :mod:`newsl10n.catalog.merge`,
checking and compiling in :mod:`newsl10n.catalog.compile`, machine pre-translation in
:mod:`newsl10n.catalog.pretranslate`.

Machine and human work are told apart by a translator comment: every entry that newsl10n
filled by machine translation carries a ``# newsl10n-mt: ...`` comment and the ``fuzzy``
flag. Such an entry is *machine* as long as it stays fuzzy; a reviewer who accepts it (clears
``fuzzy``, as Poedit does) makes it human work, which newsl10n never changes again. A fuzzy
entry without the comment (left by a merge, or flagged by a person) is human-fuzzy.
"""

from __future__ import annotations

import gettext
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsl10n.errors import CatalogError, LanguageError
from newsl10n.i18n import _
from newsl10n.pofile import load_catalog, read_catalog, save_catalog, write_catalog

if TYPE_CHECKING:
    import polib

__all__ = [
    "MAX_NPLURALS",
    "MT_MARKER",
    "CatalogFile",
    "CatalogStats",
    "PluralRule",
    "catalog_locale",
    "catalog_plural_rule",
    "catalog_stats",
    "find_catalogs",
    "fresh_entry",
    "init_catalogs",
    "is_empty_entry",
    "is_machine_entry",
    "load_catalog",
    "locale_stats",
    "new_catalog",
    "parse_plural_forms",
    "plural_rule",
    "read_catalog",
    "revision_timestamp",
    "save_catalog",
    "stats_by_language",
    "write_catalog",
]

logger = logging.getLogger(__name__)

#: Start of the translator comment that marks an entry filled by machine translation.
MT_MARKER = "newsl10n-mt:"
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.DOTALL)
_PROBE_RANGE = 1000
MAX_NPLURALS = 10
"""The most plural forms a ``Plural-Forms`` header may declare (CLDR languages need at most 6)."""


@dataclass(frozen=True)
class PluralRule:
    """A gettext plural rule: ``nplurals`` forms and the C expression choosing one for ``n``.

    Attributes:
        nplurals: Number of plural forms.
        expr: The C expression of ``n``, as in the ``Plural-Forms`` header.
    """

    nplurals: int
    expr: str

    @property
    def header(self) -> str:
        """The ``Plural-Forms`` header value."""
        return f"nplurals={self.nplurals}; plural={self.expr};"

    def index(self, n: int) -> int:
        """The plural form used for ``n``."""
        return int(_compiled(self.expr)(n))

    def samples(self, form: int) -> tuple[int, ...]:
        """The numbers below 1000 that use ``form`` (none when no number below 1000 does)."""
        return _samples(self.expr).get(form, ()) if form < self.nplurals else ()

    def single_valued(self, form: int) -> bool:
        """Whether ``form`` is used for one number only (``n == 1`` in English)."""
        return len(self.samples(form)) == 1

    @property
    def singular_form(self) -> int:
        """The form used for ``n == 1``."""
        return self.index(1)


@lru_cache(maxsize=64)
def _compiled(expr: str):  # type: ignore[no-untyped-def]
    return gettext.c2py(expr)


@lru_cache(maxsize=64)
def _samples(expr: str) -> dict[int, tuple[int, ...]]:
    by_form: dict[int, list[int]] = {}
    for n in range(_PROBE_RANGE):
        by_form.setdefault(_compiled(expr)(n), []).append(n)
    return {form: tuple(numbers) for form, numbers in by_form.items()}


def parse_plural_forms(value: str) -> PluralRule:
    """Parse a ``Plural-Forms`` header value.

    Raises:
        ValueError: The value is malformed, the expression invalid, or it chooses a form
            outside ``0 .. nplurals-1``.
    """
    match = _PLURAL_FORMS.match(value or "")
    if not match:
        raise ValueError(_("malformed Plural-Forms {value!r}").format(value=value))
    nplurals, expr = int(match.group(1)), match.group(2)
    if nplurals < 1:
        raise ValueError(_("nplurals must be at least 1 in {value!r}").format(value=value))
    if nplurals > MAX_NPLURALS:
        raise ValueError(
            _("nplurals={nplurals} is more than {limit} (CLDR languages need at most 6)").format(
                nplurals=nplurals, limit=MAX_NPLURALS
            )
        )
    try:
        forms = _samples(expr)
    except (ValueError, ZeroDivisionError, SyntaxError) as exc:
        raise ValueError(
            _("invalid plural expression {expr!r}: {reason}").format(expr=expr, reason=exc)
        ) from None
    wrong = [form for form in forms if not 0 <= form < nplurals]
    if wrong:
        raise ValueError(
            _("plural expression gives form {form} for n={n} but nplurals={nplurals}").format(
                form=wrong[0], n=forms[wrong[0]][0], nplurals=nplurals
            )
        )
    return PluralRule(nplurals, expr)


def catalog_locale(code: str) -> str:
    """Validate a language code for a catalog and return its gettext locale name.

    ``"ru"`` -> ``"ru"``, ``"pt-BR"`` -> ``"pt_BR"``, ``"RU"`` -> ``"ru"``.

    Raises:
        LanguageError: CLDR does not know the code.
    """
    from babel import Locale, UnknownLocaleError

    raw = code.strip().replace("-", "_")
    try:
        return str(Locale.parse(raw))
    except (UnknownLocaleError, ValueError, TypeError):
        raise LanguageError(code, _("unknown language code {code!r}").format(code=code)) from None


def plural_rule(language: str) -> PluralRule:
    """The CLDR plural rule of ``language`` (``ru``: 3 forms, ``ky``: 2), through Babel.

    Raises:
        LanguageError: CLDR does not know the code.
    """
    from babel.messages.plurals import get_plural

    locale = catalog_locale(language)
    plural = get_plural(locale)
    return PluralRule(plural.num_plurals, plural.plural_expr)


def catalog_plural_rule(po: polib.POFile, name: str | Path) -> PluralRule:
    """The rule of a catalog's ``Plural-Forms`` header, or CLDR's for its ``Language``.

    Raises:
        CatalogError: The header is malformed, or missing with no usable ``Language``.
    """
    value = po.metadata.get("Plural-Forms", "")
    if value.strip():
        try:
            return parse_plural_forms(value)
        except ValueError as exc:
            raise CatalogError(name, 1, _("bad Plural-Forms header: {reason}").format(reason=exc)) from None
    language = po.metadata.get("Language", "").strip()
    if not language:
        raise CatalogError(name, 1, _("no Plural-Forms and no Language header"))
    return plural_rule(language)


@dataclass(frozen=True)
class CatalogFile:
    """One catalog in a locales folder.

    Attributes:
        path: ``<locales>/<lang>/LC_MESSAGES/<domain>.po``.
        language: The locale name of its folder (``ru``, ``pt_BR``).
        domain: The gettext domain.
    """

    path: Path
    language: str
    domain: str

    @property
    def mo_path(self) -> Path:
        """Where the compiled catalog goes."""
        return self.path.with_suffix(".mo")


def find_catalogs(
    locales_dir: str | Path, languages: Iterable[str] | None = None, domain: str | None = None
) -> list[CatalogFile]:
    """The catalogs under ``locales_dir``, sorted by language and domain.

    Raises:
        CatalogError: The folder is missing, holds no catalog, or lacks one of ``languages``.
        LanguageError: A code in ``languages`` or a language folder name is unknown.
    """
    root = Path(locales_dir)
    if not root.is_dir():
        raise CatalogError(root, None, _("no such folder"))
    wanted = [catalog_locale(code) for code in languages] if languages is not None else None
    found: list[CatalogFile] = []
    for path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        language = catalog_locale(path.parent.parent.name)
        if (wanted is None or language in wanted) and (domain is None or path.stem == domain):
            found.append(CatalogFile(path, language, path.stem))
    for language in wanted or ():
        if not any(item.language == language for item in found):
            reason = _("no catalog for {language} (create it with 'newsl10n catalog init')")
            raise CatalogError(root, None, reason.format(language=language))
    if not found:
        raise CatalogError(root, None, _("no <lang>/LC_MESSAGES/*.po catalogs found"))
    return found


def revision_timestamp() -> str:
    """The current local time as gettext headers write it (``2024-05-01 12:00+0600``)."""
    return datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M%z")


def new_catalog(template: polib.POFile, language: str) -> polib.POFile:
    """A new catalog for ``language`` from ``template``: every message, none translated.

    Raises:
        LanguageError: CLDR does not know ``language``.
    """
    import polib

    from newsl10n import __version__

    locale = catalog_locale(language)
    rule = plural_rule(locale)
    po = polib.POFile(wrapwidth=79)
    project = template.metadata.get("Project-Id-Version", "PACKAGE VERSION")
    po.header = f"{_language_name(locale)} translations for {project.split(' ')[0]}."
    po.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": template.metadata.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", revision_timestamp()),
        "PO-Revision-Date": revision_timestamp(),
        "Last-Translator": "",
        "Language-Team": _language_name(locale),
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": rule.header,
        "Generated-By": f"newsl10n {__version__}",
    }
    for source in template:
        if source.obsolete or not source.msgid:
            continue
        po.append(fresh_entry(source, rule))
    return po


def fresh_entry(source: polib.POEntry, rule: PluralRule) -> polib.POEntry:
    """An untranslated catalog entry for template entry ``source``, with ``rule``'s plural forms."""
    import polib

    return polib.POEntry(
        msgid=source.msgid,
        msgctxt=source.msgctxt,
        msgid_plural=source.msgid_plural,
        msgstr="",
        msgstr_plural={i: "" for i in range(rule.nplurals)} if source.msgid_plural else {},
        occurrences=list(source.occurrences),
        comment=source.comment,
        flags=[flag for flag in source.flags if flag != "fuzzy"],
    )


def _language_name(locale: str) -> str:
    from babel import Locale

    return Locale.parse(locale).get_display_name("en") or locale


def init_catalogs(
    template_path: str | Path,
    languages: Sequence[str],
    out_dir: str | Path,
    domain: str | None = None,
    force: bool = False,
) -> list[CatalogFile]:
    """Create ``<out_dir>/<lang>/LC_MESSAGES/<domain>.po`` for each language from a template.

    Raises:
        CatalogError: The template is malformed, or a catalog exists and ``force`` is false.
        LanguageError: A language code is unknown.
    """
    template = load_catalog(template_path)
    domain = domain or Path(template_path).stem
    locales = [catalog_locale(code) for code in languages]
    if not locales:
        raise LanguageError("", _("no language given"))
    created = []
    for locale in dict.fromkeys(locales):
        path = Path(out_dir) / locale / "LC_MESSAGES" / f"{domain}.po"
        if path.exists() and not force:
            raise CatalogError(
                path, None, _("catalog exists; use 'newsl10n catalog update' to merge a changed template")
            )
        save_catalog(new_catalog(template, locale), path)
        logger.info("created %s", path)
        created.append(CatalogFile(path, locale, domain))
    return created


def is_empty_entry(entry: polib.POEntry) -> bool:
    """Whether no form of ``entry`` has any translation."""
    return not entry.msgstr and not any(entry.msgstr_plural.values())


def is_machine_entry(entry: polib.POEntry) -> bool:
    """Whether ``entry`` holds an unreviewed machine translation (fuzzy, with the MT comment)."""
    return entry.fuzzy and any(line.startswith(MT_MARKER) for line in (entry.tcomment or "").splitlines())


@dataclass(frozen=True)
class CatalogStats:
    """How far one catalog (or one language) is translated.

    Attributes:
        path: The catalog, or the language folder for a per-language sum.
        language: Its locale name.
        domain: Its domain, ``"*"`` for a per-language sum.
        translated: Entries translated and not fuzzy.
        fuzzy: Fuzzy entries (machine ones included).
        machine: Fuzzy entries filled by machine translation and not yet reviewed.
        untranslated: Entries with no translation (or missing plural forms).
        obsolete: Obsolete entries (``#~``), not counted in ``total``.
    """

    path: Path
    language: str
    domain: str
    translated: int
    fuzzy: int
    machine: int
    untranslated: int
    obsolete: int

    @property
    def total(self) -> int:
        """Live entries: translated + fuzzy + untranslated."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Share of live entries translated, 0-100."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {
            "path": str(self.path),
            "language": self.language,
            "domain": self.domain,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "machine": self.machine,
            "untranslated": self.untranslated,
            "obsolete": self.obsolete,
            "total": self.total,
            "percent": round(self.percent, 1),
        }


def catalog_stats(po: polib.POFile, catalog: CatalogFile) -> CatalogStats:
    """Count the entries of ``po`` by state."""
    counts = {"translated": 0, "fuzzy": 0, "machine": 0, "untranslated": 0, "obsolete": 0}
    for entry in po:
        if not entry.msgid and not entry.msgctxt:
            continue
        if entry.obsolete:
            counts["obsolete"] += 1
        elif entry.fuzzy:
            counts["fuzzy"] += 1
            counts["machine"] += is_machine_entry(entry)
        elif entry.translated():
            counts["translated"] += 1
        else:
            counts["untranslated"] += 1
    return CatalogStats(catalog.path, catalog.language, catalog.domain, **counts)


def locale_stats(
    locales_dir: str | Path, languages: Iterable[str] | None = None, domain: str | None = None
) -> list[CatalogStats]:
    """Statistics of every catalog under ``locales_dir``.

    Raises:
        CatalogError: No catalogs, or a catalog is malformed.
    """
    return [
        catalog_stats(load_catalog(item.path), item) for item in find_catalogs(locales_dir, languages, domain)
    ]


def stats_by_language(stats: Iterable[CatalogStats]) -> list[CatalogStats]:
    """Sum per-catalog statistics per language (over all domains)."""
    sums: dict[str, CatalogStats] = {}
    for item in stats:
        prev = sums.get(item.language)
        if prev is None:
            sums[item.language] = CatalogStats(
                item.path.parent.parent,
                item.language,
                "*",
                item.translated,
                item.fuzzy,
                item.machine,
                item.untranslated,
                item.obsolete,
            )
        else:
            sums[item.language] = CatalogStats(
                prev.path,
                prev.language,
                "*",
                prev.translated + item.translated,
                prev.fuzzy + item.fuzzy,
                prev.machine + item.machine,
                prev.untranslated + item.untranslated,
                prev.obsolete + item.obsolete,
            )
    return [sums[key] for key in sorted(sums)]
