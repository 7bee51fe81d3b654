"""The errors of a run on a cluster (both :class:`~newsl10n.errors.NewsL10nError`)."""

from __future__ import annotations

from newsl10n.errors import NewsL10nError
from newsl10n.i18n import _

__all__ = ["ClusterError", "RayNotInstalledError"]


class ClusterError(NewsL10nError):
    """The cluster cannot run the batches: Ray cannot start or be reached, workers keep dying.

    Also the ``exception`` of an article whose batch failed on every attempt.
    """


class RayNotInstalledError(ClusterError):
    """Ray is not installed: the ``ray`` extra is missing."""

    def __init__(self) -> None:
        super().__init__(_('the Ray executor needs its extra: pip install "newsl10n[ray]"'))
