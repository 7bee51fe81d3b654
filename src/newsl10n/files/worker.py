"""The worker side of a run: :func:`run_batch` translates and writes one batch of articles."""

from __future__ import annotations

from collections.abc import Sequence

from newsl10n.files.protocol import ArticleTask, BatchOutcome, RunSpec

__all__ = ["run_batch"]


def run_batch(spec: RunSpec, tasks: Sequence[ArticleTask]) -> BatchOutcome:
    """Translate ``tasks`` together and write each one's output folder.

    Module-level, so executors pickle it by reference. Up-to-date articles are skipped
    when ``spec.resume``; the translation memory at ``spec.memory_path`` is read as a
    snapshot and the entries made are returned, not stored.

    Args:
        spec: What the run's batches share.
        tasks: The batch's articles.

    Returns:
        One result per task, in order, and the new memory entries.
    """
    raise NotImplementedError  # filled in by the next commit
