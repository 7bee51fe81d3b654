"""``newsl10n glossary``: list, edit, lint and apply the newsroom glossary (PO files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsl10n.cli._common import GlossaryPath, emit_json, fail, guarded
from newsl10n.i18n import _, ngettext

glossary_app = typer.Typer(
    help=_("Keep the newsroom glossary of proper nouns (glossary/<lang>.po) and check terms."),
    no_args_is_help=True,
)

GlossaryDir = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        "-g",
        metavar="DIR",
        file_okay=False,
        help=_("Glossary folder [default: $NEWSL10N_GLOSSARY, else ./glossary]."),
    ),
]
"""For commands that only read the glossary: a single ``<lang>.po`` will do."""
JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print the result as JSON."))]


def _found(path: Path | None) -> Path | None:
    """The glossary to read (see :func:`newsl10n.glossary.io.resolve_glossary`), or ``None``."""
    from newsl10n.glossary.io import resolve_glossary

    return resolve_glossary(path)


def _required(path: Path | None) -> Path:
    """The glossary to read; no glossary found is an error."""
    folder = _found(path)
    if folder is None:
        raise fail(
            _(
                "no glossary found: use --glossary DIR, set $NEWSL10N_GLOSSARY, "
                "or run in a folder with glossary/"
            )
        )
    return folder


def _writable(path: Path | None, *, announce: bool = True) -> Path:
    """The glossary folder to write (``./glossary`` when none is found), saying so when new."""
    from newsl10n.glossary.io import resolve_glossary

    folder = resolve_glossary(path, create=True)
    assert folder is not None  # create=True always answers
    if announce and not folder.exists():
        typer.echo(
            _("No glossary found; creating {path}").format(path=str(folder).rstrip("/") + "/"), err=True
        )
    return folder


def _lang(code: str) -> str:
    from newsl10n.languages import normalize_language

    return normalize_language(code)


def _pairs(items: list[str] | None) -> dict[str, str]:
    """``--set LANG=TEXT`` options as a dict by normalised language."""
    pairs: dict[str, str] = {}
    for item in items or []:
        code, sep, text = item.partition("=")
        if not sep or not text:
            raise fail(_("--set takes LANG=TEXT, got {item!r}").format(item=item), 2)
        pairs[_lang(code)] = text
    return pairs


@glossary_app.command("list", help=_("List the entries: term, context, rendering and flags."))
@guarded
def list_command(
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", metavar="LANG", help=_("Only this language's catalog."))
    ] = None,
    glossary: GlossaryPath = None,
    json_output: JsonFlag = False,
) -> None:
    """List the entries: term, context, rendering and flags."""
    from newsl10n.glossary.io import load_glossary

    folder = _found(glossary)
    if folder is None:
        typer.echo(_("No glossary found (use --glossary DIR or set $NEWSL10N_GLOSSARY)"), err=True)
    entries = load_glossary(folder).entries(_lang(lang) if lang else None) if folder else []
    if json_output:
        emit_json(
            [
                {
                    "lang": e.lang,
                    "msgid": e.msgid,
                    "msgctxt": e.msgctxt,
                    "msgstr": e.msgstr,
                    "fuzzy": e.fuzzy,
                    "read_only": e.keep,
                    "variants": dict(e.variants),
                    "notes": list(e.notes),
                    "path": e.path,
                    "line": e.line,
                }
                for e in entries
            ]
        )
        return
    for e in entries:
        flags = ", ".join(f for f, on in ((_("fuzzy"), e.fuzzy), (_("read-only"), e.keep)) if on)
        context = f" [{e.msgctxt}]" if e.msgctxt else ""
        rendering = e.msgstr or _("(untranslated)")
        typer.echo(f"{e.lang}  {e.msgid}{context} → {rendering}" + (f"  ({flags})" if flags else ""))


@glossary_app.command("add", help=_("Add a term, or update its renderings, in each language's catalog."))
@guarded
def add_command(
    term: Annotated[str, typer.Argument(metavar="TERM", help=_("The English term (msgid)."))],
    ru: Annotated[str | None, typer.Option("--ru", metavar="TEXT", help=_("Russian rendering."))] = None,
    ky: Annotated[str | None, typer.Option("--ky", metavar="TEXT", help=_("Kyrgyz rendering."))] = None,
    other: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="LANG=TEXT", help=_("Rendering in another language (repeatable).")),
    ] = None,
    context: Annotated[
        str | None,
        typer.Option("--context", "-c", metavar="CONTEXT", help=_("msgctxt: person, place, org...")),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", metavar="TEXT", help=_("Note for translators."))
    ] = None,
    keep: Annotated[bool, typer.Option("--keep", help=_("Keep as in the source (read-only)."))] = False,
    glossary: GlossaryDir = None,
) -> None:
    """Add a term, or update its renderings, in each language's catalog."""
    from newsl10n.glossary.edit import add_term

    renderings = {code: text for code, text in (("ru", ru), ("ky", ky)) if text is not None}
    renderings.update(_pairs(other))
    if not renderings and not keep:
        raise fail(_("give at least one rendering (--ru, --ky, --set LANG=TEXT) or --keep"), 2)
    edits = add_term(
        _writable(glossary), term, renderings, msgctxt=context, notes=(note,) if note else (), keep=keep
    )
    for edit in edits:
        typer.echo((_("{path}: updated") if edit.changed else _("{path}: unchanged")).format(path=edit.path))


@glossary_app.command("remove", help=_("Remove a term from each language's catalog."))
@guarded
def remove_command(
    term: Annotated[str, typer.Argument(metavar="TERM", help=_("The English term (msgid)."))],
    context: Annotated[
        str | None, typer.Option("--context", "-c", metavar="CONTEXT", help=_("Its msgctxt."))
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", metavar="LANG", help=_("Only this language."))
    ] = None,
    glossary: GlossaryDir = None,
) -> None:
    """Remove a term from each language's catalog."""
    from newsl10n.glossary.edit import remove_term

    removed = remove_term(_required(glossary), term, context, lang=_lang(lang) if lang else None)
    if not removed:
        raise fail(_("{term!r} is not in the glossary").format(term=term))
    for edit in removed:
        typer.echo(_("{path}: removed {term!r}").format(path=edit.path, term=term))


@glossary_app.command(
    "lint", help=_("Check glossary files; exit 1 if any error (invalid PO, duplicate entries).")
)
@guarded
def lint_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="PATH...", help=_("PO files or folders [default: the project glossary].")),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Check glossary files; exit 1 if any error (invalid PO, duplicate entries)."""
    from newsl10n.glossary.lint import lint

    findings = lint(files or [_required(None)])
    if json_output:
        emit_json([f.as_dict() for f in findings])
    else:
        for finding in findings:
            typer.echo(str(finding))
        errors = sum(f.severity == "error" for f in findings)
        typer.echo(
            ngettext("{n} problem", "{n} problems", len(findings)).format(n=len(findings))
            + ", "
            + ngettext("{n} error", "{n} errors", errors).format(n=errors),
            err=True,
        )
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


@glossary_app.command(
    "check", help=_("Term accuracy of a translation: exact match, or lemma for inflected forms.")
)
@guarded
def check_command(
    source: Annotated[
        Path, typer.Argument(metavar="SOURCE", help=_("The source text file."), dir_okay=False)
    ],
    translation: Annotated[
        Path, typer.Argument(metavar="TRANSLATION", help=_("Its translation."), dir_okay=False)
    ],
    lang: Annotated[
        str, typer.Option("--lang", "-l", metavar="LANG", help=_("Language of the translation."))
    ],
    src: Annotated[str, typer.Option("--from", metavar="LANG", help=_("Language of the source."))] = "en",
    glossary: GlossaryPath = None,
    json_output: JsonFlag = False,
) -> None:
    """Term accuracy of a translation: exact match, or lemma for inflected forms."""
    from newsl10n.glossary.accuracy import check_terms, term_accuracy
    from newsl10n.glossary.io import load_glossary
    from newsl10n.textio import read_text

    findings = check_terms(
        read_text(source), read_text(translation), _lang(src), _lang(lang), load_glossary(_required(glossary))
    )
    accuracy = term_accuracy(findings)
    if json_output:
        emit_json({"accuracy": accuracy, "terms": [f.as_dict() for f in findings]})
        return
    for f in findings:
        typer.echo(f"{f.match:8} {f.source} → {f.rendering}" + (f"  ({f.found})" if f.found else ""))
    typer.echo(
        _("term accuracy: {ok}/{n} = {pct:.1f}%").format(
            ok=sum(f.ok for f in findings), n=len(findings), pct=100 * accuracy
        )
    )


@glossary_app.command(
    "extract", help=_("Propose candidate proper nouns and acronyms as untranslated PO entries.")
)
@guarded
def extract_command(
    article: Annotated[
        Path, typer.Argument(metavar="FILE", help=_("The article text file."), dir_okay=False)
    ],
    lang: Annotated[
        str, typer.Option("--lang", "-l", metavar="LANG", help=_("Language of the article."))
    ] = "en",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help=_("Write the PO file here instead of stdout."),
        ),
    ] = None,
    glossary: GlossaryPath = None,
) -> None:
    """Propose candidate proper nouns and acronyms as untranslated PO entries."""
    from newsl10n.errors import CatalogError
    from newsl10n.glossary.extract import extract_candidates
    from newsl10n.glossary.io import load_glossary
    from newsl10n.pofile import write_failure
    from newsl10n.textio import atomic_write, read_text

    folder = _found(glossary)
    known = load_glossary(folder) if folder is not None else None
    catalog = extract_candidates(read_text(article), _lang(lang), glossary=known, source_name=article.name)
    text = str(catalog) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            atomic_write(output, text)
        except OSError as exc:
            raise CatalogError(output, None, write_failure(exc)) from None
        typer.echo(
            ngettext("{path}: {n} candidate", "{path}: {n} candidates", len(catalog)).format(
                path=output, n=len(catalog)
            ),
            err=True,
        )


@glossary_app.command(
    "seed", help=_("Add country names from CLDR; the newsroom's own entries win over CLDR.")
)
@guarded
def seed_command(
    lang: Annotated[str, typer.Option("--lang", "-l", metavar="LANG", help=_("Catalog to seed."))],
    languages: Annotated[
        bool, typer.Option("--languages", help=_("Also language names, not only countries."))
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Show, do not write."))] = False,
    glossary: GlossaryDir = None,
    json_output: JsonFlag = False,
) -> None:
    """Add country names from CLDR; the newsroom's own entries win over CLDR."""
    from newsl10n.glossary.edit import seed_glossary

    code = _lang(lang)
    result = seed_glossary(
        _writable(glossary, announce=not dry_run), code, languages=languages, dry_run=dry_run
    )
    if json_output:
        emit_json(
            {
                "path": str(result.path),
                "added": [{"msgid": s.msgid, "msgstr": s.msgstr, "msgctxt": s.msgctxt} for s in result.added],
                "written": result.written,
            }
        )
        return
    for spec in result.added:
        typer.echo(f"{spec.msgid} → {spec.msgstr}")
    count = len(result.added)
    typer.echo(
        ngettext("{n} name from CLDR", "{n} names from CLDR", count).format(n=count)
        + (_(" (dry run)") if dry_run else _(" added to {path}").format(path=result.path)),
        err=True,
    )
