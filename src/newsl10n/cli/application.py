"""The Typer application: global options and the command groups."""

from __future__ import annotations

import logging
from typing import Optional

import typer

from newsl10n import __version__
from newsl10n.cli import catalog, commands, glossary, memory, models
from newsl10n.i18n import _, set_ui_language

app = typer.Typer(
    name="newsl10n",
    help=_("Localise news articles offline: detect, translate, align, glossaries, catalogs."),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsl10n {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: int = typer.Option(0, "--verbose", "-v", count=True,
                                help=_("Log more (-v: info, -vv: debug) to stderr.")),
    ui_lang: Optional[str] = typer.Option(None, "--ui-lang", metavar="LANG",
                                          help=_("Language of newsl10n's own messages (en, ru, ky).")),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help=_("Show the version and exit.")),
) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if ui_lang:
        set_ui_language(ui_lang)


commands.register(app)
app.add_typer(models.models_app, name="models")
app.add_typer(glossary.glossary_app, name="glossary")
app.add_typer(catalog.catalog_app, name="catalog")
app.add_typer(memory.memory_app, name="memory")
