"""Many article files through the pipeline: plan, batch, run (here or on a cluster), write.

Public names: :func:`translate_files`, :func:`translate_file`, :class:`FileResult`,
:class:`Executor`, :class:`LocalExecutor`, :class:`Parallel`; for executors (``newsl10n.cluster``):
:class:`ArticleTask`, :class:`RunSpec` (``spec.retry()`` for a batch run again;
``spec.base`` is the driver's working folder, against which relative paths resolve),
:class:`BatchOutcome` (``results``, ``memory_entries``, ``indexes``), ``Work``,
:func:`run_batch` (the ``work`` to call) and :func:`failed_batch` (a batch given up on)
(:mod:`newsl10n.files.protocol`, :mod:`newsl10n.files.worker`, :mod:`newsl10n.files.run`).
"""

from __future__ import annotations

from newsl10n.files.protocol import (
    ArticleTask,
    BatchOutcome,
    Executor,
    LocalExecutor,
    Parallel,
    RunSpec,
    Work,
)
from newsl10n.files.results import FileResult
from newsl10n.files.run import translate_file, translate_files
from newsl10n.files.worker import failed_batch, run_batch

__all__ = [
    "ArticleTask",
    "BatchOutcome",
    "Executor",
    "FileResult",
    "LocalExecutor",
    "Parallel",
    "RunSpec",
    "Work",
    "failed_batch",
    "run_batch",
    "translate_file",
    "translate_files",
]
