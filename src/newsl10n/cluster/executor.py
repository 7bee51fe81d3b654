""":class:`RayExecutor`: the batches of a run on Ray actors, retried when a worker dies.

The driver (this process) keeps at most ``in_flight`` batches queued on each actor, waits
for whichever finishes first (``ray.wait``) and hands its outcome to ``on_outcome`` at once,
so the run's memory merge and progress happen in the driver after every batch. A batch that
raised, or whose actor died, is run again (with ``spec.retry()``, which skips the articles
already written) up to ``retries`` times; the batches queued behind it on a dead actor go
back to the queue without using an attempt. A dead actor is replaced by a new one.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from newsl10n.cluster.actor import BatchWorker
from newsl10n.cluster.errors import ClusterError, RayNotInstalledError
from newsl10n.cluster.layout import ActorShape, local_cores, plan_actors
from newsl10n.files.protocol import ArticleTask, BatchOutcome, RunSpec, Work
from newsl10n.files.worker import failed_batch
from newsl10n.i18n import _

__all__ = ["OBJECT_STORE_BYTES", "RayExecutor", "import_ray"]

log = logging.getLogger(__name__)

OBJECT_STORE_BYTES = 128 * 1024 * 1024
"""The object store of a local Ray started for a run: outcomes of a few batches at a time."""


def import_ray() -> ModuleType:
    """The ``ray`` module.

    Raises:
        RayNotInstalledError: Ray is not installed (the ``ray`` extra).
    """
    try:
        return import_module("ray")
    except ImportError:
        raise RayNotInstalledError() from None


class RayExecutor:
    """Runs a run's batches on Ray actors: locally, or on the cluster at ``address``.

    With no ``address`` (and no ``RAY_ADDRESS`` in the environment) a local Ray is started
    for the run, on the cores the engine would use, and stopped after it; with one, the
    driver connects to that cluster (``"auto"``: the one ``ray start`` made on this machine)
    and disconnects after. A Ray this process had already started is used and left running.
    The outputs go to ``spec.out_dir``, which every node must see (a shared filesystem).

    Args:
        address: The cluster, as ``ray.init`` takes it, or ``None``.
        actors: How many actors; ``None`` for one per core group of each node (or per GPU).
        gpus: One actor per GPU of the cluster (the engine runs on ``cuda``), if it has any.
        in_flight: Batches queued on each actor at a time (the next one is ready to go).
        retries: How many times a batch is run again after it raised or its worker died;
            then each of its articles fails with the reason.
        temp_dir: The local Ray's session folder (logs); ``None`` for a temporary folder
            removed after the run.
        runtime_env: Ray's ``runtime_env`` for the workers (environment variables...).

    Raises:
        TypeError: An argument has the wrong type.
        ValueError: ``actors`` or ``in_flight`` is below 1, or ``retries`` below 0.
    """

    def __init__(
        self,
        address: str | None = None,
        actors: int | None = None,
        *,
        gpus: bool = False,
        in_flight: int = 2,
        retries: int = 2,
        temp_dir: str | Path | None = None,
        runtime_env: Mapping[str, Any] | None = None,
    ) -> None:
        if address is not None and not isinstance(address, str):
            raise TypeError(f"address must be a str or None, not {type(address).__name__}")
        checks = (("actors", actors, 1), ("in_flight", in_flight, 1), ("retries", retries, 0))
        for name, value, least in checks:
            if value is None and name == "actors":
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int, not {type(value).__name__}")
            if value < least:
                raise ValueError(f"{name} must be at least {least}, not {value}")
        self.address = address
        self.actors = actors
        self.gpus = gpus
        self.in_flight = in_flight
        self.retries = retries
        self.temp_dir = None if temp_dir is None else Path(temp_dir)
        self.runtime_env = dict(runtime_env) if runtime_env is not None else None

    def workers(self) -> int:
        """How many actors a run gets: ``actors``, else one per core group (or GPU).

        Of the Ray this process is connected to, if any; else of a local Ray on this
        machine (for a cluster not connected to yet, an estimate: the batches are cut by it).
        """
        if self.actors is not None:
            return self.actors
        ray = import_ray()
        nodes = _nodes(ray) if ray.is_initialized() else [("here", float(local_cores()), 0.0)]
        return len(plan_actors(nodes, None, gpu=self.gpus))

    def run(
        self,
        spec: RunSpec,
        batches: Sequence[Sequence[ArticleTask]],
        work: Work,
        on_outcome: Callable[[BatchOutcome], None],
    ) -> None:
        """Run ``work`` over ``batches`` on the actors, passing each outcome to ``on_outcome``.

        Raises:
            RayNotInstalledError: Ray is not installed.
            ClusterError: Ray cannot start or be reached, or new workers keep dying.
        """
        if not batches:
            return
        ray = import_ray()
        with self.session():
            shapes = plan_actors(_nodes(ray), self.actors, gpu=self.gpus)
            pool = _Pool(ray, shapes)
            try:
                _Schedule(ray, pool, spec, batches, work, on_outcome, self).run()
            finally:
                pool.close()

    @contextmanager
    def session(self) -> Iterator[None]:
        """Ray for the block: started (or connected) here and stopped after, or the one already up.

        :meth:`run` opens one per run; open one around several runs to start Ray once::

            with executor.session():
                translate_files(first, ["ru"], executor=executor)
                translate_files(second, ["ru"], executor=executor)

        Raises:
            RayNotInstalledError: Ray is not installed.
            ClusterError: Ray cannot start, or the cluster cannot be reached.
        """
        ray = import_ray()
        if ray.is_initialized():
            yield
            return
        address = self.address or os.environ.get("RAY_ADDRESS") or None
        if address is not None:
            with _ray_started(ray, {**self._options(), "address": address}):
                yield
            return
        folder = self.temp_dir or Path(tempfile.mkdtemp(prefix="newsl10n-ray-"))
        local = {
            "address": "local",
            "num_cpus": local_cores(),
            "object_store_memory": OBJECT_STORE_BYTES,
            "_temp_dir": str(folder),
        }
        try:
            with _local_token(), _ray_started(ray, {**self._options(), **local}):
                yield
        finally:
            if self.temp_dir is None:
                shutil.rmtree(folder, ignore_errors=True)

    def _options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "logging_level": logging.ERROR,
        }
        if self.runtime_env is not None:
            options["runtime_env"] = self.runtime_env
        return options


def _nodes(ray: Any) -> list[tuple[str, float, float]]:
    """``(node id, CPUs, GPUs)`` of each alive node of the cluster."""
    return [
        (str(n["NodeID"]), float(n["Resources"].get("CPU", 0)), float(n["Resources"].get("GPU", 0)))
        for n in ray.nodes()
        if n.get("Alive")
    ]


@contextmanager
def _ray_started(ray: Any, options: dict[str, Any]) -> Iterator[None]:
    """``ray.init(**options)`` for the block, ``ray.shutdown()`` after it.

    Raises:
        ClusterError: Ray cannot start, or the cluster cannot be reached.
    """
    try:
        ray.init(**options)
    except (OSError, RuntimeError, ValueError, ray.exceptions.RayError) as exc:
        ray.shutdown()  # whatever it had started
        raise ClusterError(_("cannot start or reach Ray: {reason}").format(reason=_line(exc))) from None
    try:
        yield
    finally:
        ray.shutdown()


_tokens: list[str] = []
"""This process's token for the local Rays it starts (made on first use)."""


@contextmanager
def _local_token() -> Iterator[None]:
    """A token for a local Ray, in the environment only (Ray would write it to ``~/.ray``).

    A new local Ray needs a token (Ray's token authentication); its processes inherit it
    from the environment. Ray's driver keeps the first token it reads, so every local Ray
    this process starts gets the same one. A token the user set, or
    ``RAY_AUTH_MODE=disabled``, is left alone.
    """
    chosen = any(name in os.environ for name in ("RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH"))
    if chosen or os.environ.get("RAY_AUTH_MODE", "token") != "token":  # Ray sets "token" itself
        yield
        return
    if not _tokens:
        _tokens.append(secrets.token_hex(32))
    os.environ["RAY_AUTH_TOKEN"] = _tokens[0]
    try:
        yield
    finally:
        os.environ.pop("RAY_AUTH_TOKEN", None)


@dataclass
class _Slot:
    """One actor of the pool: its handle, generation (bumped on replacement) and queue."""

    shape: ActorShape
    handle: Any
    generation: int = 0
    queued: deque[Any] = field(default_factory=deque)


class _Pool:
    """The run's actors; a dead one is replaced by a new one of the same shape."""

    def __init__(self, ray: Any, shapes: Sequence[ActorShape]) -> None:
        self.ray = ray
        self.remote = ray.remote(BatchWorker)
        self.slots = [_Slot(shape, self._start(shape)) for shape in shapes]
        sizes = ", ".join(f"{s.cpus:g} CPU/{s.gpus:g} GPU" for s in shapes)
        log.info("%d Ray actor(s): %s", len(shapes), sizes)

    def _start(self, shape: ActorShape) -> Any:
        options: dict[str, Any] = {
            "num_cpus": shape.cpus,
            "num_gpus": shape.gpus,
            "max_restarts": 0,
            "max_task_retries": 0,
        }
        if shape.node is not None:
            strategies = import_module("ray.util.scheduling_strategies")
            options["scheduling_strategy"] = strategies.NodeAffinitySchedulingStrategy(shape.node, soft=True)
        return self.remote.options(**options).remote(shape.group, max(1, int(shape.cpus)))

    def replace(self, slot: _Slot) -> None:
        """Kill ``slot``'s actor (if anything is left of it) and start a new one."""
        self.ray.kill(slot.handle, no_restart=True)
        slot.handle = self._start(slot.shape)
        slot.generation += 1
        slot.queued.clear()

    def close(self) -> None:
        """Kill every actor."""
        for slot in self.slots:
            self.ray.kill(slot.handle, no_restart=True)


@dataclass(frozen=True)
class _Submitted:
    slot: _Slot
    generation: int
    index: int
    attempt: int


class _Schedule:
    """The driver's loop: submit, wait, hand over, retry."""

    def __init__(
        self,
        ray: Any,
        pool: _Pool,
        spec: RunSpec,
        batches: Sequence[Sequence[ArticleTask]],
        work: Work,
        on_outcome: Callable[[BatchOutcome], None],
        options: RayExecutor,
    ) -> None:
        self.ray, self.pool, self.spec, self.batches = ray, pool, spec, batches
        self.work, self.on_outcome, self.options = work, on_outcome, options
        self.specs = (ray.put(spec), ray.put(spec.retry()))
        self.todo: deque[tuple[int, int]] = deque((i, 0) for i in range(len(batches)))
        self.running: dict[Any, _Submitted] = {}
        self.losses = 0

    def run(self) -> None:
        """Until every batch has an outcome."""
        while self.todo or self.running:
            self._fill()
            ready, _ = self.ray.wait(list(self.running), num_returns=1)
            for ref in ready:
                if ref in self.running:
                    self._finish(ref, self.running.pop(ref))

    def _fill(self) -> None:
        for slot in sorted(self.pool.slots, key=lambda s: len(s.queued)):
            while self.todo and len(slot.queued) < self.options.in_flight:
                index, attempt = self.todo.popleft()
                spec = self.specs[1 if attempt or self.spec.resume else 0]
                ref = slot.handle.run.remote(spec, list(self.batches[index]), self.work)
                slot.queued.append(ref)
                self.running[ref] = _Submitted(slot, slot.generation, index, attempt)

    def _finish(self, ref: Any, sent: _Submitted) -> None:
        exceptions = self.ray.exceptions
        try:
            outcome = self.ray.get(ref)
        except exceptions.RayTaskError as exc:
            _dequeue(sent, ref)
            self._again(sent.index, sent.attempt + 1, _line(exc.cause or exc))
            return
        except exceptions.RayError as exc:
            self._lost(ref, sent, _line(exc))
            return
        _dequeue(sent, ref)
        self.losses = 0
        self.on_outcome(outcome)

    def _lost(self, ref: Any, sent: _Submitted, reason: str) -> None:
        """``sent``'s actor died: its running batch uses an attempt, the ones queued behind do not."""
        slot = sent.slot
        if sent.generation != slot.generation:
            return  # its actor was already replaced
        log.warning("a Ray worker was lost: %s", reason)
        self.losses += 1
        limit = max(4, 2 * len(self.pool.slots))
        if self.losses > limit:
            raise ClusterError(
                _("the Ray workers keep failing ({count} in a row): {reason}").format(
                    count=self.losses, reason=reason
                )
            )
        lost = [sent if queued == ref else self.running.pop(queued) for queued in slot.queued]
        self.pool.replace(slot)
        blamed, behind = (lost[0], lost[1:]) if lost else (sent, [])
        for other in reversed(behind):
            self.todo.appendleft((other.index, other.attempt))
        self._again(blamed.index, blamed.attempt + 1, reason)

    def _again(self, index: int, attempt: int, reason: str) -> None:
        if attempt <= self.options.retries:
            retries = self.options.retries
            log.warning("batch %d: running it again (%d of %d): %s", index, attempt, retries, reason)
            self.todo.appendleft((index, attempt))
            return
        message = _("the worker translating it failed {count} times: {reason}").format(
            count=attempt, reason=reason
        )
        self.on_outcome(failed_batch(self.spec, self.batches[index], ClusterError(message)))


def _dequeue(sent: _Submitted, ref: Any) -> None:
    if sent.generation == sent.slot.generation:
        sent.slot.queued.remove(ref)


def _line(error: BaseException) -> str:
    """The first line of ``error``'s message (Ray's run over many)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
