"""``newsl10n memory``: inspect the translation memory and exchange it with CAT tools as TMX."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, cast

import typer

from newsl10n.cli._common import emit_json, guarded
from newsl10n.errors import InputError
from newsl10n.i18n import _, ngettext

if TYPE_CHECKING:
    from newsl10n.translation.memory import MemoryStats

memory_app = typer.Typer(
    help=_("Inspect the translation memory and exchange it with CAT tools as TMX."),
    no_args_is_help=True,
)


class OriginChoice(str, Enum):
    """Who made a segment."""

    machine = "machine"
    human = "human"


class ImportOrigin(str, Enum):
    """The origin given to imported segments; ``file`` reads each unit's ``x-origin``."""

    human = "human"
    machine = "machine"
    file = "file"


MemoryPath = Annotated[
    Path | None,
    typer.Option(
        "--memory",
        "-m",
        metavar="FILE",
        dir_okay=False,
        help=_(
            "Translation memory file [default: $NEWSL10N_MEMORY, else "
            "$XDG_DATA_HOME/newsl10n/memory.sqlite3]."
        ),
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print the result as JSON."))]
SrcOption = Annotated[
    str | None, typer.Option("--src", metavar="LANG", help=_("Only segments from this language."))
]
TgtOption = Annotated[
    str | None, typer.Option("--tgt", metavar="LANG", help=_("Only segments into this language."))
]
OriginOption = Annotated[
    OriginChoice | None,
    typer.Option("--origin", metavar="[machine|human]", help=_("Only segments of this origin.")),
]


def _language(code: str | None) -> str | None:
    from newsl10n.languages import normalize_language

    return normalize_language(code) if code is not None else None


@memory_app.command("stats", help=_("Count the segments per origin, language pair and model."))
@guarded
def stats_command(memory: MemoryPath = None, json_output: JsonFlag = False) -> None:
    """Count the segments per origin, language pair and model."""
    from newsl10n.translation.memory import TranslationMemory

    with TranslationMemory.open(memory, readonly=True) as tm:
        stats = tm.stats()
    if json_output:
        emit_json(stats.as_dict())
    else:
        _render_stats(stats)


def _render_stats(stats: MemoryStats) -> None:
    if not stats.exists:
        typer.echo(_("Translation memory: {path} (not created yet)").format(path=stats.path))
        return
    typer.echo(
        _("Translation memory: {path} ({size:.1f} KiB)").format(path=stats.path, size=stats.size_bytes / 1024)
    )
    typer.echo(
        ngettext(
            "{n} segment: {human} human, {machine} machine",
            "{n} segments: {human} human, {machine} machine",
            stats.segments,
        ).format(
            n=stats.segments, human=stats.by_origin.get("human", 0), machine=stats.by_origin.get("machine", 0)
        )
    )
    for title, counts in ((_("Language pairs:"), stats.by_pair), (_("Models:"), stats.by_model)):
        if counts:
            typer.echo(title)
            width = max(len(name) for name in counts)
            for name, count in counts.items():
                typer.echo(f"  {name:<{width}}  {count}")


@memory_app.command("export", help=_("Write the memory as a TMX 1.4b file for CAT tools."))
@guarded
def export_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE.tmx", dir_okay=False, help=_("The TMX file to write."))
    ],
    src: SrcOption = None,
    tgt: TgtOption = None,
    origin: OriginOption = None,
    memory: MemoryPath = None,
    json_output: JsonFlag = False,
) -> None:
    """Write the memory as a TMX 1.4b file for CAT tools."""
    from newsl10n import __version__
    from newsl10n.textio import atomic_open
    from newsl10n.translation.memory import TranslationMemory

    src, tgt = _language(src), _language(tgt)
    with TranslationMemory.open(memory, readonly=True) as tm:
        try:
            with atomic_open(file, "wb") as fp:
                count = tm.export_tmx(
                    cast(BinaryIO, fp),
                    src=src,
                    tgt=tgt,
                    origin=origin.value if origin else None,
                    tool_version=__version__,
                )
        except OSError as exc:
            raise InputError(exc.strerror or _("cannot write the file"), file) from None
        path = tm.path
    if json_output:
        emit_json({"file": str(file), "memory": str(path), "segments": count})
    else:
        typer.echo(
            ngettext("Exported {n} segment to {file}", "Exported {n} segments to {file}", count).format(
                n=count, file=file
            )
        )


@memory_app.command(
    "import", help=_("Add the segments of a TMX file; human-approved segments win over machine output.")
)
@guarded
def import_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE.tmx", dir_okay=False, help=_("The TMX file to read."))
    ],
    origin: Annotated[
        ImportOrigin,
        typer.Option(
            "--origin",
            metavar="[human|machine|file]",
            help=_("Origin of the imported segments; 'file' reads each unit's x-origin property."),
        ),
    ] = ImportOrigin.human,
    memory: MemoryPath = None,
    json_output: JsonFlag = False,
) -> None:
    """Add the segments of a TMX file; human-approved segments win over machine output."""
    from newsl10n.parallel.tmx import read_tmx
    from newsl10n.translation.memory import TranslationMemory

    try:
        with file.open("rb") as fp:
            document = read_tmx(fp, name=str(file))
    except FileNotFoundError:
        raise InputError(_("no such file"), file) from None
    except OSError as exc:
        raise InputError(exc.strerror or _("cannot read the file"), file) from None
    with TranslationMemory.open(memory) as tm:  # created only once the file proved to be TMX
        count = tm.import_document(document, origin=origin.value, name=str(file))
        path = tm.path
    if json_output:
        emit_json({"file": str(file), "memory": str(path), "segments": count})
    else:
        typer.echo(
            ngettext("{n} segment added or changed", "{n} segments added or changed", count).format(n=count)
        )


@memory_app.command("clear", help=_("Delete the segments of the memory (all, or those of one origin)."))
@guarded
def clear_command(
    origin: OriginOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask for confirmation."))] = False,
    memory: MemoryPath = None,
    json_output: JsonFlag = False,
) -> None:
    """Delete the segments of the memory (all, or those of one origin)."""
    from newsl10n.translation.memory import TranslationMemory, default_memory_path

    path = memory or default_memory_path()
    if not yes:
        question = (
            _("Delete the {origin} segments from {path}?")
            if origin
            else _("Delete all segments from {path}?")
        )
        typer.confirm(question.format(origin=origin.value if origin else "", path=path), abort=True, err=True)
    with TranslationMemory.open(path, readonly=not path.exists()) as tm:
        count = tm.clear(origin=origin.value if origin else None)
    if json_output:
        emit_json({"memory": str(path), "deleted": count})
    else:
        typer.echo(ngettext("Deleted {n} segment", "Deleted {n} segments", count).format(n=count))
