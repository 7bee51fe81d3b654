"""Runs on a local Ray (``RayExecutor``): the same outputs as a local run, failures per article,
a killed worker, resume, and the memory merged from the workers.

The first test lets the executor start and stop its own Ray; the others share one local Ray
(``RayExecutor.session``), so the file pays Ray's start-up twice. The work functions the
actors run are in ``cluster_work.py``, importable by the workers through ``PYTHONPATH``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

import cluster_work  # noqa: E402
from newsl10n.cluster import RayExecutor  # noqa: E402
from newsl10n.files import ArticleTask, BatchOutcome, RunSpec, Work, translate_files  # noqa: E402
from newsl10n.translation.memory import TranslationMemory  # noqa: E402

pytestmark = pytest.mark.slow

TESTS = Path(__file__).parent

SENTENCES = [
    "The mayor of Kant opened a new school on Monday.",
    "Farmers in the valley expect a good harvest this year.",
    "The bus to Osh leaves at six in the morning.",
    "Prices for bread rose again in the capital.",
    "A new bridge will cross the river by the autumn.",
]


class Rebatched:
    """An executor that runs ``work`` (not ``run_batch``) over batches of ``size`` articles."""

    def __init__(self, inner: RayExecutor, work: Work, size: int = 1) -> None:
        self.inner, self.work, self.size = inner, work, size

    def run(
        self,
        spec: RunSpec,
        batches: Sequence[Sequence[ArticleTask]],
        work: Work,
        on_outcome: Callable[[BatchOutcome], None],
    ) -> None:
        tasks = [task for batch in batches for task in batch]
        cut = [tasks[i : i + self.size] for i in range(0, len(tasks), self.size)]
        self.inner.run(spec, cut, self.work, on_outcome)


def make_archive(root: Path, count: int = 8) -> list[Path]:
    """Articles in nested folders (``2025/05/story-3.txt``), plus an empty one that fails."""
    paths = []
    for i in range(count):
        path = root / f"{2024 + i % 2}" / f"{i % 3:02d}" / f"story-{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3))
        path.write_text(f"{text}\n\nStory number {i} ends here.\n", encoding="utf-8")
        paths.append(path)
    empty = root / "2024" / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    return [*paths, empty]


def run(paths: list[Path], root: Path, out: Path, executor: object, **kwargs: object) -> list:
    names = [str(p.relative_to(root)) for p in paths]
    return translate_files(paths, ["ru", "ky"], out, "en", names=names, executor=executor, **kwargs)


def tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out``; a TMX header's creation time is the only thing let differ."""
    found = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".tmx":
            data = re.sub(rb'creationdate="[0-9TZ]+"', b'creationdate=""', data)
        found[path.relative_to(out).as_posix()] = data
    return found


@pytest.fixture(scope="session")
def echo_models(argos_files, tmp_path_factory) -> Path:
    from newsl10n.translation.packages import install_package_file

    folder = tmp_path_factory.mktemp("cluster-models")
    for tgt in ("ru", "ky"):
        install_package_file(argos_files[("en", tgt, "echo")], folder)
    return folder


@pytest.fixture
def traces(tmp_path, monkeypatch) -> Path:
    """The workers' trace folder (``cluster_work``), and ``tests/`` on their path."""
    folder = Path(os.environ.get("CLUSTER_TEST_DIR") or tmp_path / "traces")
    folder.mkdir(exist_ok=True)
    for name in ("log", "victim", "killed"):
        (folder / name).unlink(missing_ok=True)
    monkeypatch.setenv("CLUSTER_TEST_DIR", str(folder))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    return folder


def test_nested_archive_same_outputs_as_local_models_loaded_once_per_actor(
    tmp_path, echo_models, traces, isolated_environment
):
    from newsl10n.translation.argos import ArgosTranslator

    assert not ray.is_initialized()
    paths = make_archive(tmp_path / "archive")
    translator = ArgosTranslator(echo_models)
    local = run(paths, tmp_path / "archive", tmp_path / "local", None, translator=translator)
    executor = Rebatched(RayExecutor(), cluster_work.counting_work)
    remote = run(paths, tmp_path / "archive", tmp_path / "ray", executor, translator=translator)

    assert not ray.is_initialized()  # the executor stopped the Ray it started
    assert not (isolated_environment["HOME"] / ".ray").exists()
    assert tree(tmp_path / "ray") == tree(tmp_path / "local")
    assert any(name.startswith("2024/01/story-4/") for name in tree(tmp_path / "ray"))
    assert [r.error for r in remote] == [r.error for r in local]
    assert remote[-1].error and "empty.txt" in remote[-1].error and remote[-1].error == local[-1].error
    assert all(r.error is None for r in remote[:-1])
    events = cluster_work.events()
    batches = Counter(e[1] for e in events if e[0] == "batch")
    loads = Counter((e[1], e[2]) for e in events if e[0] == "load")
    assert sum(batches.values()) == len(paths) and max(batches.values()) >= 2
    assert len(batches) == 2  # one actor per core group on this 2-core machine
    assert set(loads.values()) == {1}  # each actor loaded each model once, for all its batches
    assert {pid for pid, _ in loads} <= set(batches)


@pytest.fixture(scope="module")
def shared_ray(tmp_path_factory) -> Iterator[None]:
    """One local Ray for the rest of the file, with ``tests/`` on the workers' path."""
    folder = tmp_path_factory.mktemp("cluster-traces")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLUSTER_TEST_DIR", str(folder))
        patch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
        with RayExecutor().session():
            yield


def test_a_killed_worker_has_its_articles_retried_none_lost_or_written_twice(shared_ray, traces, tmp_path):
    from newsl10n.translation.fake import FakeTranslator

    paths = make_archive(tmp_path / "archive")[:-1]
    run(paths, tmp_path / "archive", tmp_path / "local", None, translator=FakeTranslator())
    (traces / "victim").write_text("2025/02/story-5")  # the second article of its batch of two
    executor = Rebatched(RayExecutor(), cluster_work.killing_work, size=2)
    results = run(paths, tmp_path / "archive", tmp_path / "ray", executor, translator=FakeTranslator())

    assert (traces / "killed").exists()
    assert all(r.error is None for r in results)
    assert tree(tmp_path / "ray") == tree(tmp_path / "local")
    written = Counter(stem for kind, stem in cluster_work.events() if kind == "wrote")
    assert written == Counter(str(p.relative_to(tmp_path / "archive").with_suffix("")) for p in paths)
    assert ["skipped", "2025/02/story-5"] not in cluster_work.events()
    assert ["skipped", "2024/01/story-4"] in cluster_work.events()  # written before the kill
    assert results[4].skipped  # ...and reported as up to date by the retry


def test_a_batch_that_keeps_raising_fails_its_articles_only(shared_ray, traces, tmp_path):
    from newsl10n.translation.fake import FakeTranslator

    paths = make_archive(tmp_path / "archive", count=4)[:-1]
    (traces / "victim").write_text("2025/01/story-1")
    executor = Rebatched(RayExecutor(retries=1), cluster_work.raising_work, size=2)
    results = run(paths, tmp_path / "archive", tmp_path / "ray", executor, translator=FakeTranslator())

    failed = [r for r in results if r.error]
    assert [r.path for r in failed] == paths[:2]  # the victim's batch of two
    for result in failed:
        assert result.error.startswith(f"{result.path}: ")
        assert "failed 2 times" in result.error and "the batch broke" in result.error
    assert results[2].error is None and (tmp_path / "ray/2024/02/story-2/ru.txt").exists()
    assert sum(1 for e in cluster_work.events() if e[0] == "raised") == 2


def test_resume_skips_what_is_up_to_date_and_redoes_a_changed_source(shared_ray, tmp_path):
    from newsl10n.translation.fake import FakeTranslator

    root = tmp_path / "archive"
    paths = make_archive(root, count=5)[:-1]
    out = tmp_path / "ray"
    first = run(paths, root, out, RayExecutor(), translator=FakeTranslator(), resume=True)
    assert not any(r.skipped or r.error for r in first)
    again = run(paths, root, out, RayExecutor(), translator=FakeTranslator(), resume=True)
    assert all(r.skipped and r.error is None for r in again)

    paths[2].write_text("A changed story. It has new sentences.\n", encoding="utf-8")
    third = run(paths, root, out, RayExecutor(), translator=FakeTranslator(), resume=True)
    assert [r.skipped for r in third] == [True, True, False, True, True]
    assert "A changed story." in (out / "2024/02/story-2/ru.txt").read_text(encoding="utf-8")


def test_memory_entries_made_by_workers_are_merged_by_the_driver(shared_ray, tmp_path):
    from newsl10n.translation.fake import FakeTranslator

    root = tmp_path / "archive"
    paths = make_archive(root, count=6)[:-1]
    with TranslationMemory.open(tmp_path / "memory.sqlite") as memory:
        assert memory.stats().segments == 0
        executor = Rebatched(RayExecutor(), cluster_work.counting_work, size=2)
        results = run(paths, root, tmp_path / "ray", executor, translator=FakeTranslator(), memory=memory)
        assert all(r.error is None for r in results)
        assert memory.stats().segments >= 2 * len(SENTENCES)  # every sentence, in ru and ky

    with TranslationMemory.open(tmp_path / "memory.sqlite") as memory:
        again = run(
            paths[:1], root, tmp_path / "again", RayExecutor(), translator=FakeTranslator(), memory=memory
        )
    assert again[0].summary()["from_memory"] > 0


def test_workers_is_the_actor_count_a_run_gets():
    from newsl10n.cluster.layout import local_cores, plan_actors

    assert RayExecutor(actors=3).workers() == 3
    if not ray.is_initialized():
        assert RayExecutor().workers() == len(plan_actors([("here", float(local_cores()), 0.0)]))
