"""What every CLI command shares: consoles, error handling and hints, JSON output, progress."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from newsl10n.errors import ModelNotInstalledError, NewsL10nError
from newsl10n.i18n import _

F = TypeVar("F", bound=Callable[..., Any])


# The --glossary option every command that reads a glossary takes.
GlossaryPath = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        "-g",
        metavar="PATH",
        help=_("Glossary folder or PO file (default: $NEWSL10N_GLOSSARY or ./glossary)."),
    ),
]


class Engine(str, Enum):
    """The ``--engine`` choices: the names ``open_translator`` knows (``argos.ENGINES``)."""

    argos = "argos"
    fake = "fake"


# The engine, models and memory options every translating command takes (translate,
# catalog translate; models_dir also the models commands).
EngineChoice = Annotated[
    Engine,
    typer.Option(
        "--engine",
        metavar="[argos|fake]",
        help=_("'argos' (installed models) or 'fake' (no model, for trying)."),
    ),
]
ModelsDir = Annotated[
    Path | None,
    typer.Option(
        "--models-dir",
        metavar="DIR",
        envvar="NEWSL10N_MODELS",
        help=_("Where the Argos models are installed."),
    ),
]
NoGlossary = Annotated[bool, typer.Option("--no-glossary", help=_("Use no glossary."))]
MemoryFile = Annotated[
    Path | None,
    typer.Option(
        "--memory",
        metavar="FILE",
        envvar="NEWSL10N_MEMORY",
        help=_("Translation memory file (default: $XDG_DATA_HOME/newsl10n/memory.sqlite3)."),
    ),
]
NoMemory = Annotated[
    bool, typer.Option("--no-memory", help=_("Neither use nor extend the translation memory."))
]


def _install_hint(error: ModelNotInstalledError) -> str | None:
    if error.src == error.tgt:
        return None
    return _("run 'newsl10n models install {src} {tgt}' or 'newsl10n models install FILE.argosmodel'").format(
        src=error.src, tgt=error.tgt
    )


HINTS: dict[type[NewsL10nError], Callable[[Any], str | None]] = {
    ModelNotInstalledError: _install_hint,
}
"""Error type -> the advice the CLI adds to its message: which ``newsl10n`` command helps.

The library's errors state the problem only; this is the one place that knows the commands.
"""


def hint_for(error: NewsL10nError) -> str | None:
    """The command line's advice for ``error`` (see :data:`HINTS`), or ``None``."""
    for kind in type(error).__mro__:
        if kind in HINTS:
            return HINTS[kind](error)
    return None


def error_text(error: NewsL10nError, text: str | None = None) -> str:
    """``text`` (default ``str(error)``) and the hint for ``error``, on one line."""
    message = str(error) if text is None else text
    hint = hint_for(error)
    return f"{message}; {hint}" if hint else message


def stderr_console() -> Any:
    """A rich console on standard error (progress, messages); created on use."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``Error: message`` to stderr and return the ``Exit`` to raise."""
    typer.echo(_("Error: {message}").format(message=message), err=True)
    return typer.Exit(code)


def guarded(func: F) -> F:
    """Turn a :class:`NewsL10nError` raised by ``func`` into ``Error: ...`` and exit status 1.

    The line is the error's message followed by its hint, if its type has one (:data:`HINTS`).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsL10nError as exc:
            raise fail(error_text(exc)) from None
        except OSError as exc:
            # A file the library was asked to write could not be: one line, never a traceback.
            where = f"{exc.filename}: " if exc.filename else ""
            raise fail(f"{where}{exc.strerror or exc}") from None
        except KeyboardInterrupt:
            raise fail(_("interrupted"), 130) from None

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    """Write ``data`` as JSON on standard output."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None]]:
    """Yield a ``report(label, done, total)`` callback that drives a rich progress bar on stderr.

    With ``enabled`` false (``--quiet``, ``--json``), or when stderr is not a terminal
    (logs, pipes), the callback does nothing.
    """
    if not enabled or not sys.stderr.isatty():
        yield lambda label, done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    tasks: dict[str, Any] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr_console(),
        transient=False,
    ) as progress:

        def report(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = progress.add_task(label, total=total)
            progress.update(tasks[label], completed=done, total=total)

        yield report


def load_glossary(path: Path | None, disabled: bool, *, announce: bool = False) -> Any:
    """The glossary a command uses, or ``None``: see :func:`newsl10n.glossary.io.resolve_glossary`.

    With ``announce``, say on stderr which glossary it is, or that there is none.
    """
    from newsl10n.glossary.io import load_glossary as load
    from newsl10n.glossary.io import resolve_glossary
    from newsl10n.i18n import ngettext

    chosen = resolve_glossary(path, disabled=disabled)
    if chosen is None:
        if announce and not disabled:
            typer.echo(_("No glossary found; translating without one (use --glossary)"), err=True)
        return None
    glossary = load(chosen)
    if announce:
        languages, terms = len(glossary.languages), len(glossary.terms)
        typer.echo(
            _("Glossary: {path} ({languages}, {terms})").format(
                path=glossary_label(chosen),
                languages=ngettext("{n} language", "{n} languages", languages).format(n=languages),
                terms=ngettext("{n} term", "{n} terms", terms).format(n=terms),
            ),
            err=True,
        )
    return glossary


def glossary_label(path: Path) -> str:
    """How to show a glossary path: as given, with a trailing ``/`` for a folder."""
    text = str(path)
    return text + "/" if path.is_dir() and not text.endswith("/") else text


def open_memory(path: Path | None, disabled: bool) -> Any:
    """The translation memory as a context manager, or a null context with ``--no-memory``."""
    from contextlib import nullcontext

    if disabled:
        return nullcontext(None)
    from newsl10n.translation.memory import TranslationMemory

    return TranslationMemory.open(path)
