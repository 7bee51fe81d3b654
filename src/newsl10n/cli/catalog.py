"""``newsl10n catalog``: gettext catalogs of a publishing system, from template to ``.mo``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsl10n.cli._common import (
    Engine,
    EngineChoice,
    GlossaryPath,
    MemoryFile,
    ModelsDir,
    NoGlossary,
    NoMemory,
    emit_json,
    guarded,
    load_glossary,
    open_memory,
    progress_bar,
)
from newsl10n.i18n import _, ngettext

if TYPE_CHECKING:
    from newsl10n.catalog.catalogs import CatalogStats
    from newsl10n.findings import Finding

catalog_app = typer.Typer(
    help=_(
        "Gettext catalogs: start them from a template, merge template changes, "
        "pre-translate by machine, compile, count."
    ),
    no_args_is_help=True,
)

Locales = Annotated[
    Path, typer.Argument(metavar="LOCALES", help=_("Folder of LANG/LC_MESSAGES/DOMAIN.po catalogs."))
]
Template = Annotated[
    Path,
    typer.Argument(metavar="TEMPLATE.pot", help=_("The template, from 'pybabel extract' or 'xgettext'.")),
]
Langs = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", metavar="LANGS", help=_("Only these languages: a comma list, or repeat.")),
]
Domain = Annotated[
    str | None,
    typer.Option(
        "--domain",
        "-d",
        metavar="DOMAIN",
        help=_("Only this domain [default: every domain; for a template, its name]."),
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print the result as JSON."))]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=_("Print nothing but errors."))]


def _codes(values: list[str] | None) -> list[str] | None:
    """Split comma lists: ``["ru,ky", "en"]`` -> ``["ru", "ky", "en"]``; ``None`` stays."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@catalog_app.command(
    "init",
    help=_(
        "Create <out>/<lang>/LC_MESSAGES/<domain>.po for each "
        "language, with Language and CLDR Plural-Forms headers."
    ),
)
@guarded
def init_command(
    template: Template,
    lang: Annotated[
        list[str],
        typer.Option(
            "--lang", "-l", metavar="LANGS", help=_("Languages to start: a comma list (ru,ky), or repeat.")
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help=_("Locales folder."))] = Path(
        "locales"
    ),
    domain: Domain = None,
    force: Annotated[
        bool, typer.Option("--force", help=_("Overwrite existing catalogs (their translations are lost)."))
    ] = False,
    as_json: JsonFlag = False,
    quiet: Quiet = False,
) -> None:
    from newsl10n.catalog.catalogs import init_catalogs, plural_rule

    created = init_catalogs(template, _codes(lang) or [], out, domain=domain, force=force)
    if as_json:
        emit_json(
            {
                "catalogs": [
                    {
                        "path": str(c.path),
                        "language": c.language,
                        "domain": c.domain,
                        "plural_forms": plural_rule(c.language).header,
                    }
                    for c in created
                ]
            }
        )
    elif not quiet:
        for item in created:
            count = plural_rule(item.language).nplurals
            typer.echo(
                ngettext(
                    "Created {path} ({language}, {n} plural form)",
                    "Created {path} ({language}, {n} plural forms)",
                    count,
                ).format(path=item.path, language=item.language, n=count)
            )


@catalog_app.command(
    "update",
    help=_(
        "Merge a changed template into the catalogs as msgmerge "
        "does: new messages added, removed ones made obsolete, "
        "changed ones matched and marked fuzzy."
    ),
)
@guarded
def update_command(
    template: Template,
    locales: Locales,
    lang: Langs = None,
    domain: Domain = None,
    as_json: JsonFlag = False,
    quiet: Quiet = False,
) -> None:
    from newsl10n.catalog.merge import update_catalogs

    results = update_catalogs(template, locales, _codes(lang), domain)
    if as_json:
        emit_json({"catalogs": [r.as_dict() for r in results]})
    elif not quiet:
        for r in results:
            typer.echo(
                _("{path}: {kept} kept, {fuzzy} fuzzy, {added} new, {obsolete} obsolete").format(
                    path=r.path, kept=r.kept, fuzzy=r.fuzzy, added=r.added, obsolete=r.obsolete
                )
            )


@catalog_app.command(
    "translate",
    help=_(
        "Fill untranslated messages by machine translation, "
        "marked fuzzy for review; never touches human work."
    ),
)
@guarded
def translate_command(
    locales: Locales,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            "-t",
            metavar="LANGS",
            help=_("Target languages: a comma list, or repeat [default: every catalog]."),
        ),
    ] = None,
    source: Annotated[
        str, typer.Option("--from", "-f", metavar="LANG", help=_("Language of the msgids."))
    ] = "en",
    domain: Domain = None,
    engine: EngineChoice = Engine.argos,
    models_dir: ModelsDir = None,
    glossary: GlossaryPath = None,
    no_glossary: NoGlossary = False,
    memory_path: MemoryFile = None,
    no_memory: NoMemory = False,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh", help=_("Also translate again the machine translations nobody has reviewed yet.")
        ),
    ] = False,
    context: Annotated[
        bool,
        typer.Option(
            "--context/--no-context", help=_("Send short strings with their msgctxt or comment as context.")
        ),
    ] = True,
    as_json: JsonFlag = False,
    quiet: Quiet = False,
) -> None:
    from newsl10n.catalog.pretranslate import translate_catalogs
    from newsl10n.translation.argos import open_translator

    translator = open_translator(engine, models_dir)
    terms = load_glossary(glossary, no_glossary)
    with open_memory(memory_path, no_memory) as memory, progress_bar(not (quiet or as_json)) as report:
        results = translate_catalogs(
            locales,
            translator,
            _codes(to),
            source=source,
            domain=domain,
            glossary=terms,
            memory=memory,
            refresh=refresh,
            use_context=context,
            progress=report,
        )
    if as_json:
        emit_json({"catalogs": [r.as_dict() for r in results]})
        return
    for r in results:
        if not quiet:
            typer.echo(
                _("{path}: {filled} filled, {fallbacks} left as source text, {kept} kept ({engine})").format(
                    path=r.path, filled=r.filled, fallbacks=r.fallbacks, kept=r.kept, engine=r.pair.engine
                )
            )
        for finding in r.findings:
            if finding.code == "fallback" or not quiet:
                typer.echo(f"  {_located(finding, finding.code)}", err=True)


@catalog_app.command(
    "compile",
    help=_("Check the catalogs and write a .mo beside each .po; refuses catalogs with format errors."),
)
@guarded
def compile_command(
    locales: Locales,
    lang: Langs = None,
    domain: Domain = None,
    use_fuzzy: Annotated[
        bool,
        typer.Option(
            "--use-fuzzy", help=_("Include fuzzy messages (machine translations too), to preview them.")
        ),
    ] = False,
    as_json: JsonFlag = False,
    quiet: Quiet = False,
) -> None:
    from newsl10n.catalog.compile import compile_catalogs

    results = compile_catalogs(locales, _codes(lang), domain, use_fuzzy=use_fuzzy)
    if as_json:
        emit_json({"catalogs": [r.as_dict() for r in results]})
        return
    for r in results:
        if not quiet:
            typer.echo(
                ngettext("{mo}: {n} message", "{mo}: {n} messages", r.messages).format(
                    mo=r.mo_path, n=r.messages
                )
            )
            for warning in r.warnings:
                typer.echo(_("  warning: {finding}").format(finding=_located(warning)), err=True)


def _located(finding: Finding, label: str | None = None) -> str:
    """``path:line: [label: ]message``, the catalog commands' one-line form of a finding."""
    where = finding.where
    text = f"{label}: {finding.message}" if label else finding.message
    return f"{where}: {text}" if where else text


@catalog_app.command(
    "stats", help=_("Count translated, fuzzy, untranslated and obsolete messages per language.")
)
@guarded
def stats_command(
    locales: Locales,
    lang: Langs = None,
    domain: Domain = None,
    as_json: JsonFlag = False,
) -> None:
    from newsl10n.catalog.catalogs import locale_stats, stats_by_language

    stats = locale_stats(locales, _codes(lang), domain)
    languages = stats_by_language(stats)
    if as_json:
        emit_json({"languages": [s.as_dict() for s in languages], "catalogs": [s.as_dict() for s in stats]})
        return
    _render_stats(languages)


def _render_stats(rows: list[CatalogStats]) -> None:
    header = (_("language"), _("translated"), _("fuzzy"), _("machine"), _("untranslated"), _("obsolete"), "%")
    table = [header] + [
        (
            s.language,
            str(s.translated),
            str(s.fuzzy),
            str(s.machine),
            str(s.untranslated),
            str(s.obsolete),
            f"{s.percent:.0f}",
        )
        for s in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        typer.echo(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))
            )
        )
