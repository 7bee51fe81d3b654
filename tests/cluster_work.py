"""Work functions the Ray tests run inside the actors (``tests/`` is on the workers' path).

They wrap :func:`newsl10n.files.run_batch` and leave a trace of what happened in the
folder named by ``$CLUSTER_TEST_DIR``: ``log`` gets one line per event (``load PID MODEL``,
``batch PID N``, ``wrote STEM``, ``skipped STEM``), and the file ``victim`` names the stem
of the article on which a worker dies (once: ``killed`` marks it) or a batch raises.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsl10n.files import ArticleTask, BatchOutcome, RunSpec, run_batch

_real: list[Any] = []


def folder() -> Path:
    return Path(os.environ["CLUSTER_TEST_DIR"])


def log(line: str) -> None:
    with open(folder() / "log", "a", encoding="utf-8") as f:
        f.write(line + "\n")


def events() -> list[list[str]]:
    path = folder() / "log"
    return [line.split() for line in path.read_text().splitlines()] if path.exists() else []


def _victim() -> str:
    path = folder() / "victim"
    return path.read_text().strip() if path.exists() else ""


def _count_loads() -> None:
    """Count the CTranslate2 models this process loads (the engine looks the class up on use)."""
    import ctranslate2

    if _real:
        return
    _real.append(ctranslate2.Translator)

    def counted(path: str, *args: Any, **kwargs: Any) -> Any:
        log(f"load {os.getpid()} {path}")
        return _real[0](path, *args, **kwargs)

    ctranslate2.Translator = counted


def _traced(spec: RunSpec, tasks: Sequence[ArticleTask]) -> BatchOutcome:
    outcome = run_batch(spec, tasks)
    for task, result in zip(tasks, outcome.results):
        log(f"{'skipped' if result.skipped else 'wrote'} {task.stem}")
    return outcome


def counting_work(spec: RunSpec, tasks: Sequence[ArticleTask]) -> BatchOutcome:
    """run_batch, logging model loads and batches per process."""
    _count_loads()
    log(f"batch {os.getpid()} {len(tasks)}")
    return _traced(spec, tasks)


def killing_work(spec: RunSpec, tasks: Sequence[ArticleTask]) -> BatchOutcome:
    """run_batch; the first time the victim comes, the articles before it are written and the
    process kills itself (SIGKILL) before it can report them."""
    stems = [task.stem for task in tasks]
    marker = folder() / "killed"
    if _victim() in stems and not marker.exists():
        _traced(spec, tasks[: stems.index(_victim())])
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return _traced(spec, tasks)


def raising_work(spec: RunSpec, tasks: Sequence[ArticleTask]) -> BatchOutcome:
    """run_batch, except that a batch holding the victim raises, every time."""
    if _victim() in [task.stem for task in tasks]:
        log(f"raised {os.getpid()}")
        raise RuntimeError("the batch broke")
    return _traced(spec, tasks)
