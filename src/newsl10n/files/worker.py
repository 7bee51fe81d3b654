"""The worker side of a run: :func:`run_batch` translates and writes one batch of articles.

A batch's articles go through the pipeline together (:func:`~newsl10n.pipeline.prepare_job`,
:func:`~newsl10n.pipeline.translate_prepared`: the sentences of all of them in engine calls
of up to :data:`~newsl10n.pipeline.TOKEN_BUDGET` tokens per pair), and each article's folder
is written atomically by :func:`~newsl10n.parallel.align.write_parallel`, here, by the
worker that translated it.

The translation memory is the driver's: a worker opens it read-only (:class:`SnapshotMemory`)
and keeps the entries it makes in memory, for the driver to store. Lookups see the driver's
file first, so a human-approved segment there always wins, then what this batch made.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from newsl10n.errors import InputError, NewsL10nError
from newsl10n.files.protocol import ArticleTask, BatchOutcome, RunSpec
from newsl10n.files.results import FileResult
from newsl10n.formats import extension_for
from newsl10n.i18n import _
from newsl10n.languages import normalize_language
from newsl10n.parallel.align import ParallelArticle, read_alignment, write_parallel
from newsl10n.pipeline import Helpers, Job, article_of, checked_translator, prepare_job, translate_prepared
from newsl10n.progress import ProgressCallback
from newsl10n.textio import read_text
from newsl10n.translation.memory import BUSY_TIMEOUT_S, MemoryEntry, MemoryKey, TranslationMemory
from newsl10n.translation.protocol import Translator, describe_pair

__all__ = ["SnapshotMemory", "failed_batch", "file_digest", "run_batch", "translate_tasks", "up_to_date"]

log = logging.getLogger(__name__)


class SnapshotMemory(TranslationMemory):
    """The driver's memory opened read-only, with the entries stored here kept aside.

    Open it with ``SnapshotMemory.open(path, readonly=True)``. :meth:`store` writes nothing
    to the file; :attr:`made` holds the entries, by key, for the driver to merge.
    """

    def __init__(
        self, path: Path, conn: sqlite3.Connection | None, readonly: bool, timeout: float = BUSY_TIMEOUT_S
    ) -> None:
        super().__init__(path, conn, readonly, timeout)
        self.made: dict[tuple[str, ...], MemoryEntry] = {}

    def lookup(self, keys: Sequence[MemoryKey]) -> list[str | None]:
        """The driver's segment for each key, else the one this batch made, else ``None``."""
        found = super().lookup(keys)
        for i, key in enumerate(keys):
            if found[i] is None and key.row() in self.made:
                found[i] = self.made[key.row()].target
        return found

    def store(self, entries: Iterable[MemoryEntry]) -> int:
        """Keep ``entries`` for the driver (the last one per key); return how many."""
        count = 0
        for entry in entries:
            self.made[entry.key.row()] = entry
            count += 1
        return count


@contextmanager
def _snapshot(path: str | None) -> Iterator[SnapshotMemory | None]:
    if path is None:
        yield None
        return
    memory = cast("SnapshotMemory", SnapshotMemory.open(path, readonly=True))
    try:
        yield memory
    finally:
        memory.close()


def run_batch(spec: RunSpec, tasks: Sequence[ArticleTask]) -> BatchOutcome:
    """Translate ``tasks`` together and write each one's output folder.

    Module-level, so executors pickle it by reference. Up-to-date articles are skipped
    when ``spec.resume`` (:func:`up_to_date`); the translation memory at
    ``spec.memory_path`` is read as a snapshot and the entries made are returned, not stored.

    Args:
        spec: What the run's batches share.
        tasks: The batch's articles.

    Returns:
        One result per task, in order, and the new memory entries.

    Raises:
        MemoryStoreError: The memory at ``spec.memory_path`` cannot be read.
    """
    memory_path = spec.local(spec.memory_path) if spec.memory_path is not None else None
    with _snapshot(memory_path) as memory:
        results = translate_tasks(spec, tasks, memory=memory)
        entries = list(memory.made.values()) if memory is not None else []
    return BatchOutcome(results, entries, [task.index for task in tasks])


def failed_batch(spec: RunSpec, tasks: Sequence[ArticleTask], error: NewsL10nError) -> BatchOutcome:
    """The outcome of a batch that could not be run: every article failed with ``error``."""
    out = Path(spec.out_dir)
    results = [
        FileResult(Path(t.path), out / t.stem, [], None, error=_located(error, t.path), exception=error)
        for t in tasks
    ]
    return BatchOutcome(results, [], [task.index for task in tasks])


def translate_tasks(
    spec: RunSpec,
    tasks: Sequence[ArticleTask],
    *,
    memory: TranslationMemory | None = None,
    progress: ProgressCallback | None = None,
) -> list[FileResult]:
    """Read, translate together and write ``tasks``: the body of :func:`run_batch`.

    Args:
        spec: What the run's batches share (its ``memory_path`` is not opened here).
        tasks: The articles.
        memory: The translation memory to read and extend.
        progress: Called as ``progress(label, done, total)`` as sentences are translated.

    Returns:
        One result per task, in order.
    """
    translator = checked_translator(spec.translator)
    codes = list(spec.targets)
    done: dict[int, FileResult] = {}
    todo: list[tuple[int, ArticleTask, str, Job]] = []
    for i, task in enumerate(tasks):
        digest = file_digest(spec.local(task.path))
        found = up_to_date(spec, task, digest, translator) if spec.resume and digest else None
        if found is not None:
            log.info("%s: up to date, skipped", task.path)
            done[i] = found
            continue
        todo.append((i, task, digest, _read(task, spec, codes, translator)))
    helpers = Helpers(spec.glossary, memory, progress, spec.term_strategy)
    translate_prepared([job for *_rest, job in todo], codes, translator, helpers)
    for i, task, digest, job in todo:
        done[i] = _write(spec, task, digest, job)
    return [done[i] for i in range(len(tasks))]


def _read(task: ArticleTask, spec: RunSpec, codes: list[str], translator: Translator) -> Job:
    job = Job(task.name or task.path, "", format=spec.format)
    try:
        if "\x00" in task.path:
            raise InputError(_("the file name contains a NUL character"), task.path.replace("\x00", "\\0"))
        job.text = read_text(spec.local(task.path))
    except NewsL10nError as exc:
        job.error = exc
    else:
        prepare_job(job, codes, spec.source, translator)
    return job


def _write(spec: RunSpec, task: ArticleTask, digest: str, job: Job) -> FileResult:
    out = Path(spec.out_dir) / task.stem
    if job.error is None:
        try:
            article = article_of(job)
            article.source_sha256 = digest
            written = write_parallel(article, spec.local(str(out.parent)), out.name, spec.tool_version)
            return FileResult(Path(task.path), out, [out / path.name for path in written], article)
        except OSError as exc:
            job.error = InputError(
                _("cannot write the outputs: {reason}").format(reason=exc.strerror or exc), out
            )
        except NewsL10nError as exc:
            job.error = exc
    log.info("%s failed: %s", task.path, job.error)
    return FileResult(
        Path(task.path), out, [], None, error=_located(job.error, task.path), exception=job.error
    )


def _located(error: NewsL10nError | None, path: str | Path) -> str:
    """The error's line, prefixed with the file name unless it already names it."""
    text = str(error)
    return text if str(path) in text else f"{path}: {text}"


def file_digest(path: str) -> str:
    """The SHA-256 (hex) of the file's bytes; ``""`` for standard input or an unreadable file."""
    if path == "-":
        return ""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(1024**2):
                digest.update(chunk)
    except (OSError, ValueError):
        return ""
    return digest.hexdigest()


def up_to_date(spec: RunSpec, task: ArticleTask, digest: str, translator: Translator) -> FileResult | None:
    """The skipped result of ``task`` if its outputs exist and match, else ``None``.

    They match when ``alignment.json`` records ``digest`` (:func:`file_digest` of the input
    now), covers every target asked for (translated or copied), has the source language
    asked for (if one was), names the engine and models ``translator`` would use now for
    each target, and every language's version, the TMX and the review page are there.
    """
    out = Path(spec.out_dir) / task.stem
    here = Path(spec.local(str(out)))
    try:
        with open(here / "alignment.json", encoding="utf-8") as fp:
            article = read_alignment(fp, str(out / "alignment.json"))
    except (OSError, NewsL10nError):
        return None
    if not digest or article.source_sha256 != digest or not _same_run(spec, article, translator):
        return None
    article.extension = extension_for(article.format, task.name or task.path)
    names = [article.version_name(lang) for lang in article.languages]
    files = [*names, "alignment.json", f"{out.name}.tmx", "review.html"]
    if not all((here / name).is_file() for name in files):
        return None
    return FileResult(Path(task.path), out, [out / name for name in files], article, skipped=True)


def _same_run(spec: RunSpec, article: ParallelArticle, translator: Translator) -> bool:
    """Whether ``article`` has the source, targets and engines this run would give it."""
    try:
        if spec.source not in (None, "auto") and normalize_language(spec.source) != article.source:
            return False
        if any(code not in (*article.targets, *article.copies) for code in spec.targets):
            return False
        return all(
            describe_pair(translator, article.source, tgt).as_dict() == info.as_dict()
            for tgt, info in article.engines.items()
            if tgt in spec.targets
        )
    except NewsL10nError:
        return False
