"""Translation runs on a Ray cluster: :class:`RayExecutor` (``pip install "newsl10n[ray]"``).

:func:`newsl10n.files.translate_files` plans a run and hands its batches to an executor;
:class:`RayExecutor` runs them on Ray actors, one per core group (or GPU) of the cluster,
each keeping its models loaded between batches. Ray is imported only when a run starts, so
importing this package needs no Ray. See ``docs/cluster.md``.
"""

from __future__ import annotations

from newsl10n.cluster.errors import ClusterError, RayNotInstalledError
from newsl10n.cluster.executor import RayExecutor, import_ray
from newsl10n.cluster.layout import ActorShape, plan_actors

__all__ = ["ActorShape", "ClusterError", "RayExecutor", "RayNotInstalledError", "import_ray", "plan_actors"]
