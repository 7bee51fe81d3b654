"""translate_files through an executor: same outputs, memory merged per batch, retries safe."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from newsl10n.errors import NewsL10nError
from newsl10n.files import (
    ArticleTask,
    BatchOutcome,
    Executor,
    LocalExecutor,
    RunSpec,
    Work,
    failed_batch,
    translate_files,
)
from newsl10n.files.run import plan_batches
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.memory import MemoryEntry, TranslationMemory, memory_keys

SHARED = "The parliament met on Wednesday."
HTML = (
    '<!DOCTYPE html>\n<html lang="en">\n<head><title>Budget news</title></head>\n'
    "<body><p>The <b>budget</b> was approved. " + SHARED + "</p></body>\n</html>\n"
)


def _archive(root: Path) -> list[Path]:
    """A nested archive: text, HTML and Markdown, a sentence shared by several articles."""
    files = {
        "2024/01/kant.en.txt": f"{SHARED} It voted for the law.\n\nThe vote was close.\n",
        "2024/02/osh.txt": f"Osh hosted the fair. {SHARED}\n",
        "2025/budget.html": HTML,
        "2025/notes/post.md": f"# Notes\n\n{SHARED} *Really* close.\n",
        "2026/empty.txt": "",
        "2026/late.txt": "A late story about Naryn.\n",
    }
    paths = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _names(root: Path, paths: list[Path]) -> list[str | None]:
    return [str(p.relative_to(root)) for p in paths]


def _tree(root: Path) -> dict[str, bytes]:
    """Every file's bytes; a TMX header's creation date (the time of writing) left out."""
    return {
        str(p.relative_to(root)): re.sub(rb' creationdate="[0-9TZ]+"', b"", p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class Recording:
    """A LocalExecutor that records its batches and can act between a batch and its outcome."""

    def __init__(self, between: Callable[[BatchOutcome], None] | None = None) -> None:
        self.batches: list[list[int]] = []
        self.between = between

    def run(
        self,
        spec: RunSpec,
        batches: Sequence[Sequence[ArticleTask]],
        work: Work,
        on_outcome: Callable[[BatchOutcome], None],
    ) -> None:
        for batch in batches:
            self.batches.append([task.index for task in batch])
            outcome = work(spec, batch)
            if self.between is not None:
                self.between(outcome)
            on_outcome(outcome)


def _run(root: Path, out: Path, **options: object):
    paths = _archive(root) if not root.exists() else sorted(p for p in root.rglob("*") if p.is_file())
    return translate_files(
        paths, ["ru", "ky"], out, "en", translator=FakeTranslator(), names=_names(root, paths), **options
    )


def test_local_executor_outputs_are_byte_identical_to_a_run_without_one(tmp_path, monkeypatch):
    monkeypatch.setattr("newsl10n.files.run.MAX_BATCH_ARTICLES", 2)  # three batches
    plain = _run(tmp_path / "in", tmp_path / "a")
    recording = Recording()
    batched = _run(tmp_path / "in", tmp_path / "b", executor=recording)
    assert recording.batches == [[0, 1], [2, 3], [4, 5]]
    assert [r.path for r in batched] == [r.path for r in plain]
    assert [r.error is None for r in batched] == [True, True, True, True, False, True]
    assert batched[4].error == plain[4].error and "empty.txt" in (batched[4].error or "")
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert sorted(a) == sorted(b) and "2025/budget/ru.html" in a and "2024/01/kant/ky.txt" in a
    assert a == b


def test_with_a_memory_only_the_memory_marks_depend_on_the_batches(tmp_path, monkeypatch):
    """A sentence repeated in a later batch is taken from the memory the earlier one filled."""
    monkeypatch.setattr("newsl10n.files.run.MAX_BATCH_ARTICLES", 2)
    with TranslationMemory.open(tmp_path / "a.sqlite3") as memory:
        _run(tmp_path / "in", tmp_path / "a", memory=memory)
    with TranslationMemory.open(tmp_path / "b.sqlite3") as memory:
        _run(tmp_path / "in", tmp_path / "b", memory=memory, executor=LocalExecutor())
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    versions = [name for name in a if not name.endswith(("alignment.json", ".tmx", ".html"))]
    assert versions and all(a[name] == b[name] for name in versions)
    for name in (n for n in a if n.endswith("alignment.json")):
        old, new = json.loads(a[name]), json.loads(b[name])
        for segment in (*old["segments"], *new["segments"]):
            segment.pop("memory", None)
        assert old == new
    post = json.loads(b["2025/notes/post/alignment.json"])
    assert any(s.get("memory") == ["ru", "ky"] and s["en"] == SHARED for s in post["segments"])


def test_executor_is_checked_and_local_executor_satisfies_the_protocol(tmp_path):
    assert isinstance(LocalExecutor(), Executor)
    with pytest.raises(TypeError, match="executor"):
        translate_files([], ["ru"], tmp_path, executor=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="resume"):
        translate_files([], ["ru"], tmp_path, resume="yes")  # type: ignore[arg-type]


def test_progress_counts_articles(tmp_path, monkeypatch):
    monkeypatch.setattr("newsl10n.files.run.MAX_BATCH_ARTICLES", 3)
    calls: list[tuple[str, int, int]] = []
    _run(tmp_path / "in", tmp_path / "out", executor=LocalExecutor(), progress=lambda *a: calls.append(a))
    assert calls == [("translating", 3, 6), ("translating", 6, 6)]


def test_entries_made_by_workers_reach_the_driver_memory_after_each_batch(tmp_path, monkeypatch):
    monkeypatch.setattr("newsl10n.files.run.MAX_BATCH_ARTICLES", 2)
    path = tmp_path / "memory.sqlite3"
    seen: list[int] = []

    def count(_outcome: BatchOutcome) -> None:
        with TranslationMemory.open(path, readonly=True) as other:
            seen.append(other.stats().segments)

    with TranslationMemory.open(path) as memory:
        _run(tmp_path / "in", tmp_path / "out", memory=memory, executor=Recording(count))
    # before each outcome is handled, the file holds what the earlier batches made
    assert seen[0] == 0 and seen[0] < seen[1] < seen[2]
    with TranslationMemory.open(path, readonly=True) as memory:
        key = memory_keys(FakeTranslator(), [SHARED], "en", "ky")[0]
        assert memory.lookup([key]) == [f"[ky] {SHARED}"]
        assert memory.stats().by_origin == {"machine": memory.stats().segments}


def test_a_human_entry_in_the_driver_memory_is_not_overwritten_by_a_worker(tmp_path):
    path = tmp_path / "memory.sqlite3"
    key = memory_keys(FakeTranslator(), [SHARED], "en", "ru")[0]

    def approve(outcome: BatchOutcome) -> None:
        # a reviewer approves a translation while the batch that made its machine entry ran
        assert any(
            entry.key.source == SHARED and entry.origin == "machine" for entry in outcome.memory_entries
        )
        with TranslationMemory.open(path) as other:
            other.store([MemoryEntry(key, "Парламент собрался в среду.", "human")])

    with TranslationMemory.open(path) as memory:
        _run(tmp_path / "in", tmp_path / "out", memory=memory, executor=Recording(approve))
        assert memory.lookup([key]) == ["Парламент собрался в среду."]
        assert memory.stats().by_origin["human"] == 1


def test_a_worker_reads_the_driver_memory_and_a_human_entry_wins(tmp_path):
    path = tmp_path / "memory.sqlite3"
    key = memory_keys(FakeTranslator(), [SHARED], "en", "ru")[0]
    with TranslationMemory.open(path) as memory:
        memory.store([MemoryEntry(key, "Парламент собрался в среду.", "human")])
        results = _run(tmp_path / "in", tmp_path / "out", memory=memory, executor=LocalExecutor())
    article = results[0].article
    assert article is not None
    assert (
        article.segments[0].text["ru"] == "Парламент собрался в среду." and "ru" in article.segments[0].memory
    )


def test_a_read_only_memory_is_read_and_left_alone(tmp_path):
    path = tmp_path / "memory.sqlite3"
    TranslationMemory.open(path).close()
    with TranslationMemory.open(path, readonly=True) as memory:
        results = _run(tmp_path / "in", tmp_path / "out", memory=memory, executor=LocalExecutor())
    assert sum(r.error is None for r in results) == 5
    with TranslationMemory.open(path, readonly=True) as memory:
        assert memory.stats().segments == 0


class Dying:
    """Runs a batch's first two articles (its worker dies after writing them), then retries it whole."""

    def __init__(self) -> None:
        self.first: dict[str, int] = {}

    def run(
        self,
        spec: RunSpec,
        batches: Sequence[Sequence[ArticleTask]],
        work: Work,
        on_outcome: Callable[[BatchOutcome], None],
    ) -> None:
        for batch in batches:
            lost = work(spec, batch[:2])  # its outcome never reaches the driver
            self.first.update({str(r.out_dir): r.out_dir.stat().st_ino for r in lost.results if r.files})
            on_outcome(work(spec.retry(), batch))


def test_a_retried_batch_never_writes_an_article_twice(tmp_path):
    seen: list[str] = []
    engine = FakeTranslator(rule=lambda text, _src, tgt: seen.append(text) or f"[{tgt}] {text}")
    paths = _archive(tmp_path / "in")
    executor = Dying()
    results = translate_files(
        paths, ["ru"], tmp_path / "out", "en", translator=engine, executor=executor,
        names=_names(tmp_path / "in", paths),
    )  # fmt: skip
    assert [r.skipped for r in results] == [True, True, False, False, False, False]
    assert all(r.error is None for i, r in enumerate(results) if i != 4)
    # the dead worker's folders were kept, not written again
    assert {str(r.out_dir): r.out_dir.stat().st_ino for r in results[:2]} == executor.first
    assert len(executor.first) == 2
    assert seen.count("It voted for the law.") == 1 and seen.count("Osh hosted the fair.") == 1
    assert seen.count("A late story about Naryn.") == 1
    assert (tmp_path / "out" / "2024/02/osh/ru.txt").read_text(encoding="utf-8").startswith("[ru] Osh")


class Forgetful:
    """Never runs the last batch."""

    def run(
        self,
        spec: RunSpec,
        batches: Sequence[Sequence[ArticleTask]],
        work: Work,
        on_outcome: Callable[[BatchOutcome], None],
    ) -> None:
        for batch in batches[:-1]:
            on_outcome(work(spec, batch))


def test_an_executor_that_loses_batches_is_an_error_but_a_given_up_batch_fails_per_article(
    tmp_path, monkeypatch
):
    monkeypatch.setattr("newsl10n.files.run.MAX_BATCH_ARTICLES", 4)
    with pytest.raises(RuntimeError, match="Forgetful returned no result for 2 article"):
        _run(tmp_path / "in", tmp_path / "out", executor=Forgetful())

    class GivingUp(Forgetful):
        def run(self, spec, batches, work, on_outcome):  # type: ignore[no-untyped-def]
            super().run(spec, batches, work, on_outcome)
            on_outcome(failed_batch(spec, batches[-1], NewsL10nError("its worker died three times")))

    results = _run(tmp_path / "in", tmp_path / "out2", executor=GivingUp())
    assert [r.error is None for r in results[:4]] == [True] * 4
    for result in results[4:]:
        assert result.error is not None and str(result.path) in result.error
        assert "died three times" in result.error and result.exception is not None
        assert not result.out_dir.exists()


def test_plan_batches_bounds_bytes_and_articles():
    tasks = [
        ArticleTask(f"{i}.txt", None, str(i), i, size) for i, size in enumerate([10, 10, 90, 200, 5, 5, 5])
    ]
    cut = [[t.index for t in batch] for batch in plan_batches(tasks, budget=100, limit=2)]
    assert cut == [[0, 1], [2], [3], [4, 5], [6]]
    assert [[t.index for t in b] for b in plan_batches(tasks)] == [list(range(7))]
    assert plan_batches([]) == []


def test_plan_batches_for_several_workers_shrink_towards_the_end():
    tasks = [ArticleTask(f"{i}.txt", None, str(i), i, 1700) for i in range(200)]
    cut = plan_batches(tasks, workers=2)
    sizes = [len(batch) for batch in cut]
    assert [t.index for batch in cut for t in batch] == list(range(200))  # in order, each once
    assert sizes[0] == 32 and sizes == sorted(sizes, reverse=True)
    assert len(cut) >= 4 * 2 and sum(sizes[-4:]) <= 20  # the last batches are short
    assert min(sizes[:-1]) == 4  # 8 KiB of articles at least, bar the very last
    assert [len(b) for b in plan_batches(tasks)] == [32] * 6 + [8]  # one worker: the largest batches


class Counted(LocalExecutor):
    """A LocalExecutor that says it has three workers, and records the batches it got."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def workers(self) -> int:
        return 3

    def run(self, spec, batches, work, on_outcome) -> None:
        self.sizes = [len(batch) for batch in batches]
        super().run(spec, batches, work, on_outcome)


def test_an_executor_with_workers_gets_batches_cut_for_them(tmp_path):
    paths = []
    for i in range(40):
        path = tmp_path / "in" / f"story-{i}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Story {i}. " * 200, encoding="utf-8")
        paths.append(path)
    executor = Counted()
    results = translate_files(
        paths, ["ru"], tmp_path / "out", "en", translator=FakeTranslator(), executor=executor
    )
    assert all(r.error is None for r in results)
    assert sum(executor.sizes) == 40 and len(executor.sizes) > 2
    assert executor.sizes == sorted(executor.sizes, reverse=True) and executor.sizes[-1] < executor.sizes[0]


class Elsewhere:
    """Runs the batches in another working folder, as a worker on another node would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def run(
        self,
        spec: RunSpec,
        batches: Sequence[Sequence[ArticleTask]],
        work: Work,
        on_outcome: Callable[[BatchOutcome], None],
    ) -> None:
        here = os.getcwd()
        os.chdir(self.folder)
        try:
            outcomes = [work(spec, batch) for batch in batches]
        finally:
            os.chdir(here)
        for outcome in outcomes:
            on_outcome(outcome)


def test_relative_paths_are_the_driver_s_wherever_the_worker_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = [Path(p.relative_to(tmp_path)) for p in _archive(tmp_path / "in")]
    (tmp_path / "elsewhere").mkdir()
    with TranslationMemory.open("memory.sqlite3") as memory:
        results = translate_files(
            paths, ["ru"], "out", "en", translator=FakeTranslator(), memory=memory,
            executor=Elsewhere(tmp_path / "elsewhere"),
        )  # fmt: skip
        assert memory.stats().segments > 0
    assert [r.error is None for r in results] == [True, True, True, True, False, True]
    assert results[0].out_dir == Path("out/kant") and results[0].files[0] == Path("out/kant/en.txt")
    assert (tmp_path / "out/kant/ru.txt").is_file() and not any((tmp_path / "elsewhere").iterdir())
