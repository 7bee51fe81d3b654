"""Many article files through the pipeline: plan, batch, run (here or on a cluster), write.

Public names: :func:`translate_files`, :func:`translate_file`, :class:`FileResult`;
for executors (``newsl10n.cluster``): :class:`ArticleTask`, :class:`RunSpec`,
:class:`BatchOutcome`, :class:`Executor`, :class:`LocalExecutor`, ``Work`` and
:func:`run_batch` (:mod:`newsl10n.files.protocol`, :mod:`newsl10n.files.worker`).
"""

from __future__ import annotations

from newsl10n.files.protocol import ArticleTask, BatchOutcome, Executor, LocalExecutor, RunSpec, Work
from newsl10n.files.results import FileResult
from newsl10n.files.worker import run_batch

__all__ = [
    "ArticleTask",
    "BatchOutcome",
    "Executor",
    "FileResult",
    "LocalExecutor",
    "RunSpec",
    "Work",
    "run_batch",
]
