"""The ``newsl10n`` command line: a thin layer over the library.

The Typer application lives in :mod:`newsl10n.cli.application` and is imported on demand, after the
interface language (``--ui-lang``) is known, so that help texts come out in that language.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app", "main"]


def _ui_lang_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--ui-lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--ui-lang="):
            return arg.split("=", 1)[1]
    return None


def main() -> None:
    """Entry point of the ``newsl10n`` console script and ``python -m newsl10n``."""
    language = _ui_lang_from_argv(sys.argv[1:])
    if language:
        from newsl10n.i18n import set_ui_language

        set_ui_language(language)
    from newsl10n.cli.application import app

    app(prog_name="newsl10n")


def __getattr__(name: str) -> Any:
    if name == "app":
        from newsl10n.cli.application import app

        return app
    raise AttributeError(name)
