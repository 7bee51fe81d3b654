"""How many Ray actors a run gets, and what each one holds.

On the CPU the engine's :func:`~newsl10n.translation.argos.thread_layout` splits a machine
into up to :data:`~newsl10n.translation.argos.MAX_REPLICAS` groups of cores; a run on Ray
gets one actor per such core group of every node, pinned to the group's cores, so that an
engine told to use every core (``threads=0``) uses its group's. A run on GPUs gets one
actor per GPU instead. Each actor loads its models once, so fewer, larger actors use less memory.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from newsl10n.translation.argos import MAX_REPLICAS, thread_layout

__all__ = ["ActorShape", "core_groups", "local_cores", "plan_actors"]


@dataclass(frozen=True)
class ActorShape:
    """The resources one actor reserves, and where it goes.

    Attributes:
        cpus: Ray CPUs (a fraction when there are more actors than cores).
        gpus: Ray GPUs (0 on the CPU).
        node: The Ray node id it is placed on, or ``None`` for anywhere.
        group: Its core group on that node: the actor pins itself to the group's cores, so
            the engine's ``threads=0`` ("every core") means the group's. ``None``: no pinning.
    """

    cpus: float
    gpus: float = 0
    node: str | None = None
    group: int | None = None


def core_groups(cores: int) -> tuple[int, int]:
    """``(groups, cores per group)`` of a node with ``cores`` cores, as ``thread_layout`` splits them."""
    groups = max(1, min(cores, MAX_REPLICAS))
    return groups, max(1, cores // groups)


def local_cores() -> int:
    """The cores a local Ray is started with: those ``thread_layout`` spreads its workers over."""
    inter, intra = thread_layout(0, "cpu")
    return inter * intra


def plan_actors(
    nodes: Sequence[tuple[str, float, float]], actors: int | None = None, *, gpu: bool = False
) -> list[ActorShape]:
    """The actors for a cluster whose alive nodes are ``(node id, cpus, gpus)``.

    Args:
        nodes: Each node's id and Ray resources.
        actors: How many actors; ``None`` for one per core group of each node (or per GPU
            with ``gpu``). A given number is placed by Ray, unpinned.
        gpu: Put the actors on GPUs, if the cluster has any.

    Returns:
        One shape per actor (at least one).
    """
    gpus = sum(g for _, _, g in nodes)
    if gpu and gpus >= 1:
        count = actors or int(gpus)
        return [ActorShape(cpus=1, gpus=min(1.0, gpus / count))] * count
    if actors is None:
        shapes = []
        for node, cpus, _ in nodes:
            groups, size = core_groups(int(cpus))
            shapes += [ActorShape(cpus=size, node=node, group=k) for k in range(groups)]
        return shapes or [ActorShape(cpus=1)]
    share = max(sum(c for _, c, _ in nodes), 1) / actors
    return [ActorShape(cpus=share if share < 1 else math.floor(share))] * actors
