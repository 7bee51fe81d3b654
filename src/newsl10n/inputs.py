"""Which files a command was asked to translate: files as given, folders searched.

``newsl10n translate news/`` reads every article under ``news/`` (text, HTML and Markdown by
default, or the ``--glob`` patterns) and writes each to ``OUT/news/<its sub-folders>/<stem>/``,
so two ``story.txt`` in different folders never collide. Hidden folders (``.git``, staging
folders) and article output folders (those holding an ``alignment.json``) are skipped, and
symbolic links to folders are not followed, so a run never reads its own outputs or leaves
the tree it was given.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsl10n.errors import InputError
from newsl10n.i18n import _

__all__ = ["ARTICLE_PATTERNS", "FORMATS", "ArticleInput", "collect_articles"]

ARTICLE_PATTERNS = ("*.txt", "*.html", "*.htm", "*.md", "*.markdown")
"""What a folder given to ``translate`` is searched for by default."""

FORMATS = ("auto", "text", "html", "markdown")
"""The article formats a run can be told (``--format``, ``format`` in ``newsl10n.toml``)."""


@dataclass(frozen=True)
class ArticleInput:
    """One article to read.

    Attributes:
        path: The file (or ``-`` for standard input).
        name: Its name below the output folder when it was found in a folder given
            (``news/2026/story.txt``), else ``None`` (the folder is the file's stem alone).
    """

    path: Path | str
    name: str | None = None


def collect_articles(
    paths: Sequence[str | Path], patterns: Sequence[str] = ARTICLE_PATTERNS
) -> list[ArticleInput]:
    """The articles ``paths`` stand for: each file as it is, each folder searched recursively.

    Args:
        paths: Files, folders, or ``-``.
        patterns: Shell patterns the file names of a folder must match (``*.html``).

    Returns:
        The articles in the order given, a folder's in sorted path order.

    Raises:
        InputError: A folder holds no matching file.
    """
    found: list[ArticleInput] = []
    for given in paths:
        folder = Path(given)
        if str(given) == "-" or not folder.is_dir():
            found.append(ArticleInput(given))
            continue
        base = folder.resolve().name or "root"
        inside = [
            ArticleInput(path, (Path(base) / path.relative_to(folder)).as_posix())
            for path in _walk(folder, patterns)
        ]
        if not inside:
            raise InputError(
                _("no article files in this folder ({patterns})").format(patterns=" ".join(patterns)), folder
            )
        found += inside
    return found


def _walk(folder: Path, patterns: Sequence[str]) -> list[Path]:
    """Matching files under ``folder`` in path order, skipping hidden and output folders and links."""
    files = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if "alignment.json" in names and root != str(folder):
            dirs[:] = []
            continue
        for name in names:
            path = Path(root) / name
            if (
                not name.startswith(".")
                and any(fnmatch.fnmatch(name, p) for p in patterns)
                and path.is_file()
            ):
                files.append(path)
    return sorted(files)
