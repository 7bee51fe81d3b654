"""The worker side: a Ray actor that runs batches in its own, long-lived process.

:class:`BatchWorker` is a plain class; :class:`~newsl10n.cluster.RayExecutor` makes it a Ray
actor when a run starts (so this module needs no Ray). Calling ``work`` inside the actor's
process is what keeps the engine's models loaded from one batch to the next: the Argos
engine caches them per process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence

from newsl10n.files.protocol import ArticleTask, BatchOutcome, RunSpec, Work

__all__ = ["BatchWorker", "group_cores"]


def group_cores(available: Iterable[int], group: int, size: int) -> set[int]:
    """The cores of core group ``group`` (of ``size`` cores) among a node's ``available`` ones."""
    ordered = sorted(available)
    return {ordered[(group * size + k) % len(ordered)] for k in range(size)}


class BatchWorker:
    """Runs ``work(spec, batch)`` for the driver, one batch at a time.

    Args:
        group: The actor's core group on its node, or ``None`` to use whatever cores
            it is given.
        size: The cores in a group.
    """

    def __init__(self, group: int | None = None, size: int = 1) -> None:
        self.cores: set[int] | None = None
        if group is not None and sys.platform == "linux":  # pinning is Linux-only
            self.cores = group_cores(os.sched_getaffinity(0), group, size)

    def run(self, spec: RunSpec, tasks: Sequence[ArticleTask], work: Work) -> BatchOutcome:
        """Run ``work`` on one batch, on this actor's cores."""
        if self.cores is not None:
            # The calling thread's mask; the engine's threads, made on first use, inherit it.
            os.sched_setaffinity(0, self.cores)
        return work(spec, tasks)

    def pid(self) -> int:
        """This actor's process id (for logs and tests)."""
        return os.getpid()
