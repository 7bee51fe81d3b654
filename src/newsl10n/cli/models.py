"""``newsl10n models list | install | remove``."""

from __future__ import annotations

from pathlib import Path

import typer

from newsl10n.cli._common import ModelsDir, emit_json, guarded, progress_bar
from newsl10n.i18n import _
from newsl10n.textio import one_line

models_app = typer.Typer(
    help=_("List, install and remove translation models."), no_args_is_help=True, rich_markup_mode=None
)


@models_app.command("list", help=_("Installed models and every pair reachable through pivoting."))
@guarded
def list_models(
    models_dir: ModelsDir = None,
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """List installed models and reachable pairs; broken package folders are warned about."""
    from newsl10n.translation.models import reachable_routes, scan_installed

    scan = scan_installed(models_dir)
    folder, installed = scan.folder, list(scan.installed)
    for error in scan.skipped:
        # One line whatever the folder is called.
        shown = one_line(str(error))
        typer.echo(_("Warning: skipping {what}").format(what=shown), err=True)
    routes = reachable_routes(installed)
    if as_json:
        emit_json(
            {
                "models_dir": str(folder),
                "installed": [m.as_dict() for m in installed],
                "pairs": [{"from": a, "to": b, "route": [m.id for m in r]} for (a, b), r in routes.items()],
                "skipped": [{"path": error.path, "reason": error.reason} for error in scan.skipped],
            }
        )
        return
    typer.echo(_("Models folder: {path}").format(path=folder))
    if not installed:
        typer.echo(
            _(
                "No models installed. Run 'newsl10n models install SRC TGT' "
                "or 'newsl10n models install FILE.argosmodel'."
            )
        )
        return
    for model in installed:
        typer.echo(f"  {model.from_code} -> {model.to_code}  {model.id}")
    typer.echo(_("Reachable pairs:"))
    for (a, b), route in routes.items():
        via = _(" (via {pivot})").format(pivot=route[0].to_code) if len(route) > 1 else ""
        typer.echo(f"  {a} -> {b}{via}")


@models_app.command(
    "install", help=_("Install a model: 'SRC TGT' from the Argos index, or a .argosmodel file (offline).")
)
@guarded
def install(
    what: list[str] = typer.Argument(..., metavar="SRC TGT | FILE.argosmodel..."),
    models_dir: ModelsDir = None,
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_("No progress output.")),
) -> None:
    """Install from a file or from the online index."""
    from newsl10n.translation.packages import install_package_file

    if all(item.endswith(".argosmodel") or _is_file(item) for item in what):
        installed = [install_package_file(item, models_dir) for item in what]
    elif len(what) == 2:
        from newsl10n.languages import normalize_language
        from newsl10n.translation.index import install_from_index

        src, tgt = normalize_language(what[0]), normalize_language(what[1])
        with progress_bar(not (quiet or as_json)) as report:
            installed = [install_from_index(src, tgt, models_dir, progress=report)]
    else:
        raise typer.BadParameter(_("give SRC TGT, or one or more .argosmodel files"))
    if as_json:
        emit_json([model.as_dict() for model in installed])
    elif not quiet:
        for model in installed:
            typer.echo(_("Installed {id} in {path}").format(id=model.id, path=model.path))


def _is_file(item: str) -> bool:
    try:
        return Path(item).is_file()
    except OSError:  # a name too long to be a file: not one
        return False


@models_app.command("remove", help=_("Remove the installed model(s) for a pair."))
@guarded
def remove(
    src: str = typer.Argument(..., metavar="SRC"),
    tgt: str = typer.Argument(..., metavar="TGT"),
    models_dir: ModelsDir = None,
) -> None:
    """Remove models for a pair."""
    from newsl10n.languages import normalize_language
    from newsl10n.translation.packages import remove_model

    for model in remove_model(normalize_language(src), normalize_language(tgt), models_dir):
        typer.echo(_("Removed {id}").format(id=model.id))
