"""What a run produced for one article: :class:`FileResult`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsl10n.errors import NewsL10nError
from newsl10n.parallel.align import ParallelArticle

__all__ = ["FileResult"]


@dataclass
class FileResult:
    """What :func:`~newsl10n.files.translate_files` produced for one article.

    Attributes:
        path: The input file.
        out_dir: The folder holding the outputs.
        files: Every file written (for a skipped article, the files already there).
        article: The parallel article, ``None`` when it failed. For a skipped article it
            is read back from ``alignment.json`` (without its markup document).
        error: Why it failed, one line; ``None`` on success.
        exception: The error itself, ``None`` on success.
        skipped: The outputs were up to date (``resume``), nothing was translated.
    """

    path: Path
    out_dir: Path
    files: list[Path]
    article: ParallelArticle | None
    error: str | None = None
    exception: NewsL10nError | None = field(default=None, repr=False, compare=False)
    skipped: bool = False

    @property
    def missing_terms(self) -> int:
        """How many glossary occurrences are missing from the translations."""
        return self.article.missing_terms() if self.article is not None else 0

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary for scripts."""
        if self.article is None:
            return {"input": str(self.path), "error": self.error}
        found = {
            "input": str(self.path),
            "output_dir": str(self.out_dir),
            "source": self.article.source,
            "format": self.article.format,
            "targets": self.article.targets,
            "copies": self.article.copies,
            "detection": self.article.detection,
            "engines": self.article.engines_dict(),
            "segments": len(self.article.segments),
            "warnings": len(self.article.warnings()),
            "from_memory": sum(len(s.memory) for s in self.article.segments),
            "missing_terms": self.missing_terms,
            "files": [str(f) for f in self.files],
        }
        if self.skipped:
            found["skipped"] = True
        return found

    def __getstate__(self) -> dict[str, Any]:
        """The fields to pickle (a worker's result on its way to the driver).

        The exception goes in a form that unpickles (see :func:`_revive`). The article goes
        without its markup document, as when read back from ``alignment.json``: its
        versions are in the files, and the document (the whole source, and the renderer's
        functions, which do not pickle) would only weigh on the way.
        """
        state = dict(self.__dict__)
        article = state.get("article")
        if isinstance(article, ParallelArticle) and article.document is not None:
            state["article"] = replace(article, document=None)
        error = state.get("exception")
        if error is not None:
            state["exception"] = (type(error), error.args, dict(error.__dict__))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        error = state.get("exception")
        if isinstance(error, tuple):
            state = {**state, "exception": _revive(*error)}
        self.__dict__.update(state)


def _revive(kind: type[NewsL10nError], args: tuple[Any, ...], attributes: dict[str, Any]) -> NewsL10nError:
    """An error rebuilt from its message and attributes, without calling its ``__init__``.

    The errors' constructors take their parts (``LanguageError(code, reason)``) while their
    ``args`` hold the message alone, so the default unpickling (``kind(*args)``) fails.
    """
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(attributes)
    return error
