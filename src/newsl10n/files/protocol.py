"""The contract between :func:`~newsl10n.files.translate_files` and whatever runs its batches.

The driver (the process that called ``translate_files``) plans the run: one
:class:`ArticleTask` per input file, cut into batches of a few articles, and one
:class:`RunSpec` for everything the batches share. An :class:`Executor` runs
``work(spec, batch)`` for every batch — in this process (:class:`LocalExecutor`) or in
workers elsewhere (``newsl10n.cluster.RayExecutor``) — and hands each
:class:`BatchOutcome` to ``on_outcome`` as soon as it is there, in any order. The driver
merges the outcome's memory entries into its translation memory there, after every batch,
so nothing is lost if the run stops half way.

Everything here is plain, picklable data: the translator itself travels in the spec
(:class:`~newsl10n.translation.argos.ArgosTranslator` loads its models lazily, once per
process, in its module-level cache), and ``work`` is the module-level function
:func:`newsl10n.files.worker.run_batch` (pickled by reference).

A batch may be run again (its worker died): the executor then passes
:meth:`RunSpec.retry`, which skips the articles whose outputs were already written and
match, so an article is never written twice.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from newsl10n.files.results import FileResult
    from newsl10n.glossary.enforce import TermStrategy
    from newsl10n.glossary.model import Glossary
    from newsl10n.translation.memory import MemoryEntry
    from newsl10n.translation.protocol import Translator

__all__ = ["ArticleTask", "BatchOutcome", "Executor", "LocalExecutor", "Parallel", "RunSpec", "Work"]


@dataclass(frozen=True)
class ArticleTask:
    """One input file of a run.

    Attributes:
        path: The input file, as given (``"-"`` is standard input, in-process runs only).
        name: What stands for the path in the format guess (``story.html``), or ``None``.
        stem: The output folder, relative to :attr:`RunSpec.out_dir`, as a POSIX path
            (``news/2026/story``).
        index: The article's position in the run (results come back in this order).
        size: The file's size in bytes when planned (``0`` if unknown): batches are cut by it.
    """

    path: str
    name: str | None
    stem: str
    index: int
    size: int = 0


@dataclass(frozen=True)
class RunSpec:
    """What every batch of a run shares.

    Attributes:
        targets: The target language codes, checked and normalised.
        source: The source language code, or ``None`` to detect it per article.
        format: ``"auto"``, ``"text"``, ``"html"`` or ``"markdown"``.
        out_dir: The output folder (shared by every worker), as a string.
        translator: The engine (in the driver, already wrapped in the pipeline's checks of
            its answers, :func:`~newsl10n.pipeline.checked_translator`; the wrapper pickles
            with it).
        glossary: The glossary, or ``None``.
        term_strategy: How glossary terms reach the engine, or ``None`` for each
            target's default.
        memory_path: The driver's SQLite translation memory, which workers read (read-only)
            as their snapshot, or ``None`` for no memory.
        resume: Skip articles whose outputs exist and match their source.
        tool_version: The newsl10n version written into the outputs.
        base: The driver's working folder: a relative input or output path is relative to
            it wherever a worker runs (``""``: the worker's own). Results report the
            paths as given.
    """

    targets: tuple[str, ...]
    source: str | None
    format: str
    out_dir: str
    translator: Translator = field(repr=False)
    glossary: Glossary | None = field(default=None, repr=False)
    term_strategy: TermStrategy | None = None
    memory_path: str | None = None
    resume: bool = False
    tool_version: str = ""
    base: str = ""

    def retry(self) -> RunSpec:
        """The spec for running a batch again: what was already written is skipped."""
        return replace(self, resume=True)

    def local(self, path: str) -> str:
        """Where ``path`` (an input, or a folder under :attr:`out_dir`) is for this process.

        In the driver's working folder it is ``path`` itself, so messages name it as given.
        """
        if not self.base or path == "-" or os.path.isabs(path) or _cwd() == self.base:
            return path
        return os.path.join(self.base, path)


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:  # the working folder was removed
        return ""


@dataclass
class BatchOutcome:
    """What a batch produced.

    Attributes:
        results: One :class:`~newsl10n.files.FileResult` per task of the batch, in its order
            (``skipped`` for an up-to-date article, ``error`` for a failed one).
        memory_entries: The translation memory entries the batch made (machine ones),
            for the driver to store.
        indexes: The :attr:`ArticleTask.index` of each result.
    """

    results: list[FileResult]
    memory_entries: list[MemoryEntry] = field(default_factory=list)
    indexes: list[int] = field(default_factory=list)


Work = Callable[[RunSpec, Sequence[ArticleTask]], BatchOutcome]
"""The worker-side function an executor calls per batch (:func:`newsl10n.files.worker.run_batch`)."""


@runtime_checkable
class Executor(Protocol):
    """Runs the batches of a run.

    An executor calls ``work(spec, batch)`` once for every batch (again with
    ``spec.retry()`` for a batch whose worker died), and ``on_outcome`` in the calling
    thread with each outcome as it arrives. ``work`` reports an article's failure in its
    result; an exception out of ``work`` is a bug or a lost worker: after its retries, the
    executor reports the batch with :func:`newsl10n.files.worker.failed_batch`. ``run``
    returns when every batch has an outcome.
    """

    def run(
        self,
        spec: RunSpec,
        batches: Sequence[Sequence[ArticleTask]],
        work: Work,
        on_outcome: Callable[[BatchOutcome], None],
    ) -> None:
        """Run ``work`` over ``batches``, passing each outcome to ``on_outcome``."""
        ...


@runtime_checkable
class Parallel(Protocol):
    """An executor that runs batches on several workers at once, and says how many.

    :func:`~newsl10n.files.translate_files` then cuts batches that shrink towards the end
    of the run (:func:`~newsl10n.files.run.plan_batches`), so the workers finish together.
    """

    def workers(self) -> int:
        """How many batches run at the same time (at least 1)."""
        ...


class LocalExecutor:
    """Runs the batches one after the other in this process (the models load once)."""

    def run(
        self,
        spec: RunSpec,
        batches: Sequence[Sequence[ArticleTask]],
        work: Work,
        on_outcome: Callable[[BatchOutcome], None],
    ) -> None:
        """Run ``work`` over ``batches`` in order, passing each outcome to ``on_outcome``."""
        for batch in batches:
            on_outcome(work(spec, batch))
