"""The Typer application: global options, the command groups, and Typer's own words.

Typer (0.2x) vendors its own copy of Click, ``typer._click``, whose words (``Usage:``, the
help option's ``Show this message and exit.``, ``Error:``, ``Try ... for help.``, ``No such
option``, ``Missing argument``, ``Invalid value``...) are fixed English f-strings with no
gettext call; the real ``click`` package and its ``messages`` gettext domain are not used at
all. Typer's own additions (``Commands``, ``default: ...``, ``required``, ``env var: ...``,
``Missing command.``, ``No such command ...``) go through ``gettext.gettext`` bound as
``typer.core._``. So, to show all of them in the interface language:

* every command and group of the application is a :class:`LocalisedCommand` /
  :class:`LocalisedGroup`, which write the usage line, the help option, the ``Arguments`` and
  ``Options`` sections (with argument names and number ranges a person can read) through
  newsl10n's catalog;
* the root group's :meth:`LocalisedGroup.main` prints usage errors itself, translated;
* ``typer.core._`` is pointed at :func:`typer_gettext`, which answers from newsl10n's catalog
  for the few messages listed there and returns every other message unchanged. The help panels
  of ``typer.rich_utils`` are not used: the application sets ``rich_markup_mode=None``.

The words follow the interface language at the moment they are printed, so ``--ui-lang`` is
an eager option: it applies before ``--help`` placed after it prints anything.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
import typer.core
from typer.core import TyperArgument, TyperCommand, TyperGroup

from newsl10n import __version__
from newsl10n.cli import catalog, commands, glossary, memory, models, serve
from newsl10n.cli._common import guarded
from newsl10n.i18n import _, set_ui_language

__all__ = ["LocalisedCommand", "LocalisedGroup", "app", "typer_gettext"]


def typer_gettext(message: str) -> str:
    """Typer's gettext messages (``typer.core``), translated from newsl10n's catalog."""
    known = {
        "Commands": _("Commands"),
        "default: {default}": _("default: {default}"),
        "required": _("required"),
        "env var: {var}": _("env var: {var}"),
        "(dynamic)": _("(dynamic)"),
        "Missing command.": _("Missing command."),
        "No such command {name!r}.": _("No such command {name!r}."),
        "Aborted!": _("Aborted!"),
    }
    return known.get(message, message)


typer.core._ = typer_gettext  # type: ignore[attr-defined]  # see the module docstring

# Typer's names for values it shows when an option has no metavar: ``--out <path>``.
_TYPE_NAMES = {
    "path": "PATH",
    "file": "FILE",
    "str": "TEXT",
    "int": "N",
    "int range": "N",
    "float": "NUMBER",
    "float range": "NUMBER",
}
_TYPE_MARK = re.compile(r" <([^<>]+)>")


def _argument_name(param: Any) -> str:
    """``FILE...``: the metavar as written, else the upper-case name (``...`` if repeated)."""
    if param.metavar:
        return str(param.metavar)
    return str(param.name or "").upper() + ("..." if param.nargs != 1 else "")


def _option_name(name: str) -> str:
    """An option's help column with Typer's ``<path>`` type marks turned into ``PATH``."""
    return _TYPE_MARK.sub(lambda m: " " + _TYPE_NAMES.get(m[1], m[1].upper().replace(" ", "_")), name)


def _range_text(param: Any, text: str) -> str:
    """Replace Typer's ``1<=x<=16`` in a help text by ``1 to 16`` in the interface language."""
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is None and high is None:
        return text
    if low is not None and high is not None:
        typer_form, ours = f"{low}<=x<={high}", _("{min} to {max}").format(min=low, max=high)
    elif high is None:
        typer_form, ours = f"x>={low}", _("{min} or more").format(min=low)
    else:
        typer_form, ours = f"x<={high}", _("{max} or less").format(max=high)
    return text.replace(typer_form, ours)


def _usage_pieces(command: Any, ctx: Any) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if isinstance(param, TyperArgument):
            name = _argument_name(param)
            pieces.append(name if param.required else f"[{name}]")
        else:
            pieces.extend(param.get_usage_pieces(ctx))
    return pieces


def _format_usage(command: Any, ctx: Any, formatter: Any) -> None:
    formatter.write_usage(
        ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=_("Usage:") + " "
    )


def _format_params(command: Any, ctx: Any, formatter: Any) -> None:
    arguments, options = [], []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        name, text = record
        text = _range_text(param, text)
        if param.param_type_name == "argument":
            arguments.append((_argument_name(param), text))
        elif param.param_type_name == "option":
            options.append((_option_name(name), text))
    if arguments:
        with formatter.section(_("Arguments")):
            formatter.write_dl(arguments)
    if options:
        with formatter.section(_("Options")):
            formatter.write_dl(options)


def _help_option(option: Any) -> Any:
    if option is not None:
        option.help = _("Show this message and exit.")
    return option


class LocalisedCommand(TyperCommand):
    """A Typer command whose help screen speaks the interface language."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage_pieces(self, ctx)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _format_usage(self, ctx, formatter)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_params(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))


class LocalisedGroup(TyperGroup):
    """A Typer group whose help screen, and usage errors when it is the root, are localised."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*_usage_pieces(self, ctx), self.subcommand_metavar]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _format_usage(self, ctx, formatter)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_params(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run as Typer does, but print usage errors and ``Aborted!`` in the interface language."""
        from typer._click.exceptions import ClickException

        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            status = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except ClickException as exc:
            _show_click_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo(_("Aborted!"), err=True)
            sys.exit(1)
        # Not standalone, Typer returns the code of a typer.Exit; commands themselves return None.
        sys.exit(status if isinstance(status, int) else 0)


# --------------------------------------------------------------------------- usage errors


def _show_click_error(exc: Any) -> None:
    """What ``ClickException.show()`` prints, in the interface language."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    if isinstance(exc, NoArgsIsHelpError):
        exc.show()
        return
    ctx = getattr(exc, "ctx", None) if isinstance(exc, UsageError) else None
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                _("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]
                )
            )
        lines.append("")
    lines.append(_("Error: {message}").format(message=click_message(exc)))
    typer.echo("\n".join(lines), err=True, color=ctx.color if ctx is not None else None)


def _param_hint(exc: Any) -> str:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(x) for x in hint)
    return hint or ""


def click_message(exc: Any) -> str:
    """The message of a Click exception (``exc.format_message()``), translated.

    Structured exceptions (missing parameter, bad value, unknown option) are rebuilt from their
    attributes; other messages are matched against the English texts Typer writes, and an
    unknown message is shown as it is.
    """
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption

    if isinstance(exc, MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        template = {"argument": _("Missing argument {name}."), "option": _("Missing option {name}.")}.get(
            kind, _("Missing parameter {name}.")
        )
        text = template.format(name=_param_hint(exc)).replace(" .", ".")
        extra = exc.param.get_missing_message(ctx=exc.ctx) if exc.param is not None else ""
        details = ". ".join(part for part in (exc.message, extra) if part)
        if details:
            text += " " + details.replace("Choose from:", _("Choose from:"))
        return text
    if isinstance(exc, BadParameter):
        hint = _param_hint(exc)
        value = _inner_message(exc.message)
        if hint:
            return _("Invalid value for {name}: {message}").format(name=hint, message=value)
        return _("Invalid value: {message}").format(message=value)
    if isinstance(exc, NoSuchOption) and exc.message.startswith("No such option: "):
        text = _("No such option: {name}").format(name=exc.option_name)
        if exc.possibilities:
            text += " " + _("(Possible options: {options})").format(
                options=", ".join(sorted(exc.possibilities))
            )
        return text
    return _inner_message(exc.format_message())


_CHOICE = re.compile(r"^(?:Value error, )?(?P<value>.+) is not one of (?P<choices>.+)\.$", re.S)


def _inner_message(message: str) -> str:
    """Typer's (and pydantic's) English texts for a bad value or usage, translated."""
    choice = _CHOICE.match(message)
    if choice:
        items = choice["choices"].split(", ")
        listed = (
            items[0]
            if len(items) == 1
            else _("{list} or {last}").format(list=", ".join(items[:-1]), last=items[-1])
        )
        return _("{value}; choose {choices}").format(value=choice["value"], choices=listed)
    patterns: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
        (
            r"^Input should be greater than or equal to (?P<n>\S+)$",
            lambda m: _("the value must be at least {n}").format(n=m["n"]),
        ),
        (
            r"^Input should be less than or equal to (?P<n>\S+)$",
            lambda m: _("the value must be at most {n}").format(n=m["n"]),
        ),
        (r"^Input should be a valid integer\b.*$", lambda m: _("a whole number is needed")),
        (r"^Input should be a valid number\b.*$", lambda m: _("a number is needed")),
        (
            r"^Option (?P<name>'.+') requires an argument\.$",
            lambda m: _("Option {name} requires a value.").format(name=m["name"]),
        ),
        (
            r"^Option (?P<name>'.+') does not take a value\.$",
            lambda m: _("Option {name} does not take a value.").format(name=m["name"]),
        ),
        (
            r"^Got unexpected extra arguments? \((?P<args>.*)\)$",
            lambda m: _("Unexpected extra arguments ({args}).").format(args=m["args"]),
        ),
    )
    for pattern, translate in patterns:
        found = re.match(pattern, message, re.S)
        if found:
            return translate(found)
    return message


# --------------------------------------------------------------------------- the application

app = typer.Typer(
    name="newsl10n",
    cls=LocalisedGroup,
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


def _ui_language(value: str | None) -> str | None:
    if value:
        set_ui_language(value)
    return value


@app.callback()
@guarded
def _main(
    ctx: typer.Context,
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, help=_("Log more (-v: info, -vv: debug) to stderr.")
    ),
    ui_lang: str | None = typer.Option(
        None,
        "--ui-lang",
        metavar="LANG",
        is_eager=True,
        callback=_ui_language,
        help=_("Language of newsl10n's own messages (en, ru, ky)."),
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        metavar="FILE",
        help=_("Project configuration (default: newsl10n.toml here or above, then the user's)."),
    ),
    no_config: bool = typer.Option(False, "--no-config", help=_("Read no configuration file.")),
) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not no_config:
        _apply_config(ctx, config)


def _apply_config(ctx: typer.Context, given: Path | None) -> None:
    """Make the configuration's settings the defaults of the commands' options."""
    from newsl10n.config import find_config, load_config

    path = given or find_config()
    if path is None:
        return
    defaults = load_config(path).defaults()
    logging.getLogger(__name__).info("configuration: %s", path)
    ctx.default_map = {**(ctx.default_map or {}), **defaults}


def _localise(sub_app: typer.Typer) -> typer.Typer:
    """Make every command of ``sub_app`` a :class:`LocalisedCommand` (unless it chose a class)."""
    for info in sub_app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = LocalisedCommand
    return sub_app


commands.register(app)
serve.register(app)
_localise(app)
app.add_typer(_localise(models.models_app), name="models", cls=LocalisedGroup)
app.add_typer(_localise(glossary.glossary_app), name="glossary", cls=LocalisedGroup)
app.add_typer(_localise(catalog.catalog_app), name="catalog", cls=LocalisedGroup)
app.add_typer(_localise(memory.memory_app), name="memory", cls=LocalisedGroup)
