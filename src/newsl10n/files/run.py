"""The driver side of a run: :func:`translate_files` plans, batches, runs and merges.

Without an executor everything happens here as one batch, through the caller's memory and
progress callback. With one (:class:`~newsl10n.files.protocol.LocalExecutor`, or
``newsl10n.cluster.RayExecutor``) the articles are cut into batches of a few articles
(:func:`plan_batches`), each batch is translated and written by
:func:`~newsl10n.files.worker.run_batch` wherever the executor runs it, and after each
batch the driver stores the memory entries the batch made and reports progress in
articles.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsl10n.errors import InputError
from newsl10n.files.protocol import ArticleTask, BatchOutcome, Executor, Parallel, RunSpec
from newsl10n.files.results import FileResult
from newsl10n.files.worker import run_batch, translate_tasks
from newsl10n.formats import check_format
from newsl10n.i18n import _
from newsl10n.parallel.align import article_stem
from newsl10n.pipeline import as_items, check_helpers, checked_translator, source_code, target_codes
from newsl10n.progress import ProgressCallback

if TYPE_CHECKING:
    from newsl10n.glossary.enforce import TermStrategy
    from newsl10n.glossary.model import Glossary
    from newsl10n.translation.memory import TranslationMemory
    from newsl10n.translation.protocol import Translator

__all__ = [
    "BATCH_BYTES",
    "MAX_BATCH_ARTICLES",
    "MIN_BATCH_BYTES",
    "plan_batches",
    "translate_file",
    "translate_files",
]

log = logging.getLogger(__name__)

BATCH_BYTES = 64 * 1024
"""An executor's batch takes articles up to this many bytes of input (at least one)."""
MAX_BATCH_ARTICLES = 32
"""...and at most this many: a batch is a few engine calls per language pair, small enough
that a lost worker costs little and that the batches spread over every worker."""
MIN_BATCH_BYTES = 8 * 1024
"""With several workers, batches shrink towards the end of a run, down to a bound of this
many bytes (about 50 sentences: still full engine calls), so that the workers finish together."""


def translate_files(
    paths: Sequence[str | Path] | str | Path,
    targets: Sequence[str],
    out_dir: str | Path = "translations",
    source: str | None = None,
    *,
    translator: Translator | None = None,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    progress: ProgressCallback | None = None,
    term_strategy: TermStrategy | None = None,
    format: str = "auto",
    names: Sequence[str | None] | None = None,
    executor: Executor | None = None,
    resume: bool = False,
) -> list[FileResult]:
    """Translate many articles together and write ``out_dir/<stem>/`` for each.

    ``names``, one per path or ``None``, stand for a path in the stem and the format guess
    (standard input read as ``story.html``).

    Sentences of all articles with the same source language go to the engine together, up
    to :data:`~newsl10n.pipeline.TOKEN_BUDGET` per call; models are loaded once. An article
    that cannot be read or translated gets its one-line reason in ``FileResult.error``; the
    others go on. The glossary, memory, progress, ``term_strategy`` and ``format`` are as for
    :func:`~newsl10n.pipeline.translate_article`; ``"auto"`` goes by each file's extension
    (``.html``, ``.htm``, ``.md``, ``.markdown``, ``.txt``), then by sniffing. The versions
    are ``<lang>.txt``, or ``<lang>`` with the input's extension for HTML and Markdown.
    ``alignment.json`` records the SHA-256 of the input's bytes.

    With an ``executor``, the articles go in batches of a few (:func:`plan_batches`) to
    wherever it runs them; the outputs are the same files. Workers read ``memory`` (its
    file) as a snapshot, and the entries they make are stored in it after each batch;
    ``progress`` then counts articles (an executor that shows its own progress counts
    the failures in the outcomes it passes on).
    The translations do not depend on the batches; a segment's ``memory`` mark (in
    ``alignment.json`` and the review page) does: it says the memory served the segment in
    this run, and a worker's snapshot holds the entries of the batches merged before it
    started, so with a memory the marks can differ from a run without an executor (and
    from one run on a cluster to the next) while the texts are the same.

    Two inputs with the same stem (``a/story.txt`` and ``b/story.txt``, or ``story.en.txt``
    and ``story.ru.txt``) would overwrite each other's folder: that is refused before any
    work (see :func:`~newsl10n.parallel.align.article_stem`).

    Args:
        paths: The article files (``"-"`` is standard input, without an executor or with
            a :class:`~newsl10n.files.LocalExecutor`).
        targets: Target language codes (comma lists allowed).
        out_dir: The output folder.
        source: Source language code; ``None`` or ``"auto"`` detects it per article.
        translator: The engine; by default the Argos engine over installed models.
        glossary: Proper nouns to render as the newsroom decided.
        memory: A translation memory to reuse and extend.
        progress: Called as ``progress(label, done, total)``.
        term_strategy: How glossary terms reach the engine.
        format: ``"text"``, ``"html"``, ``"markdown"`` or ``"auto"``.
        names: One name or ``None`` per path.
        executor: Runs the batches (:class:`~newsl10n.files.Executor`); ``None`` translates
            everything here as one batch.
        resume: Skip (``FileResult.skipped``) each article whose outputs exist and match:
            the same input bytes, targets, source and engines, and every file there.

    Returns:
        One result per path, in order.

    Raises:
        LanguageError: A target code is unknown (checked before any file is read).
        InputError: Two inputs have the same stem, or ``out_dir`` is a file, cannot be
            created or is not writable (checked before any file is read).
        MemoryStoreError: The memory cannot be read, or written after a batch.
        TypeError: An argument has the wrong type.
        RuntimeError: The executor broke its protocol: it returned without an outcome for
            every batch.
    """
    from newsl10n import __version__

    inputs = [_path(item) for item in as_items(paths, "paths")]
    codes = target_codes(targets)
    source = source_code(source)
    chosen = check_format(format)
    if not isinstance(out_dir, (str, os.PathLike)):
        raise TypeError(f"out_dir must be a str or path, not {type(out_dir).__name__}")
    check_helpers(glossary, memory, progress, term_strategy)
    if executor is not None and not isinstance(executor, Executor):
        raise TypeError(f"executor must be a newsl10n.Executor or None, not {type(executor).__name__}")
    if not isinstance(resume, bool):
        raise TypeError(f"resume must be a bool, not {type(resume).__name__}")
    checked = checked_translator(translator)
    out_root = Path(out_dir)
    given = list(names) if names is not None else [None] * len(inputs)
    if len(given) != len(inputs) or not all(n is None or isinstance(n, str) for n in given):
        raise TypeError("names must hold one str or None per path")
    folders = [_subfolder(name) for name in given]
    stems = [
        (folder / article_stem(name or path)).as_posix() for folder, path, name in zip(folders, inputs, given)
    ]
    _refuse_collisions(inputs, stems, out_root)
    _prepare_out_dir(out_root)
    tasks = [
        ArticleTask(str(path), name, stem, i, _size(path))
        for i, (path, name, stem) in enumerate(zip(inputs, given, stems))
    ]
    spec = RunSpec(
        targets=tuple(codes),
        source=source,
        format=chosen,
        out_dir=str(out_root),
        translator=checked,
        glossary=glossary,
        term_strategy=term_strategy,
        memory_path=str(memory.path) if memory is not None else None,
        resume=resume,
        tool_version=__version__,
        base=os.getcwd(),
    )
    if executor is None:
        return translate_tasks(spec, tasks, memory=memory, progress=progress)
    return _execute(executor, spec, tasks, memory, progress)


def _execute(
    executor: Executor,
    spec: RunSpec,
    tasks: list[ArticleTask],
    memory: TranslationMemory | None,
    progress: ProgressCallback | None,
) -> list[FileResult]:
    """Run ``tasks`` in batches through ``executor``, merging memory entries after each."""
    found: dict[int, FileResult] = {}

    def on_outcome(outcome: BatchOutcome) -> None:
        if memory is not None and not memory.readonly and outcome.memory_entries:
            memory.store(outcome.memory_entries)
        found.update(zip(outcome.indexes, outcome.results))
        if progress is not None:
            progress(_("translating"), len(found), len(tasks))

    workers = executor.workers() if isinstance(executor, Parallel) else 1
    executor.run(spec, plan_batches(tasks, workers=workers), run_batch, on_outcome)
    lost = [task.path for task in tasks if task.index not in found]
    if lost:
        # A broken executor, not a failed article: an executor reports a batch it gave up
        # on with failed_batch().
        raise RuntimeError(
            f"{type(executor).__name__} returned no result for {len(lost)} article(s): {lost[0]}"
        )
    return [found[task.index] for task in tasks]


def plan_batches(
    tasks: Sequence[ArticleTask], budget: int | None = None, limit: int | None = None, *, workers: int = 1
) -> list[list[ArticleTask]]:
    """Cut ``tasks``, in order, into batches of up to ``budget`` bytes and ``limit`` articles.

    By default :data:`BATCH_BYTES` and :data:`MAX_BATCH_ARTICLES`. An article larger than
    ``budget`` is a batch of its own. For several ``workers`` (an executor's actors) the
    batches get smaller towards the end (guided self-scheduling): each takes at most
    ``1 / (2 * workers)`` of the bytes still to cut (but the bound is never below
    :data:`MIN_BATCH_BYTES`), so the early batches are large engine runs and the last ones
    short, and no worker is left idle while another finishes a large batch.
    """
    budget = BATCH_BYTES if budget is None else budget
    limit = MAX_BATCH_ARTICLES if limit is None else limit
    left = sum(task.size for task in tasks)
    batches: list[list[ArticleTask]] = []
    used = 0
    bound = budget
    for task in tasks:
        if not batches or len(batches[-1]) >= limit or (batches[-1] and used + task.size > bound):
            if workers > 1:
                bound = min(budget, max(MIN_BATCH_BYTES, left // (2 * workers)))
            batches.append([])
            used = 0
        batches[-1].append(task)
        used += task.size
        left -= task.size
    return batches


def _size(path: str | Path) -> int:
    try:
        return os.stat(path).st_size if str(path) != "-" else 0
    except (OSError, ValueError):
        return 0


def _path(item: object) -> str | Path:
    if isinstance(item, str):
        return item
    if isinstance(item, os.PathLike):
        return Path(item)
    raise TypeError(f"paths must hold str or path items, not {type(item).__name__}")


def _subfolder(name: str | None) -> Path:
    """The sub-folder of the output folder a named article goes to (``news/2026``)."""
    folder = Path(name).parent if name else Path()
    if folder.is_absolute() or ".." in folder.parts:
        raise InputError(_("an article's name must stay inside the output folder"), name)
    return folder


def _refuse_collisions(paths: Sequence[str | Path], stems: Sequence[str], out: Path) -> None:
    """Two inputs whose outputs would be one folder are refused before any work.

    Renaming one of them (``story-2``) would make a folder's name depend on the order of the
    arguments, so a re-run could overwrite the wrong article's earlier translations, and
    whoever picks up ``out/story`` could publish the wrong text. Names that differ only in
    case or Unicode normalisation count as one: they are one folder on macOS and Windows.

    Raises:
        InputError: Naming both inputs and the folder.
    """
    seen: dict[str, str | Path] = {}
    for path, stem in zip(paths, stems):
        key = unicodedata.normalize("NFC", stem).casefold()
        if key in seen:
            raise InputError(
                # TRANSLATORS: {first} and {second} are input files, {folder} an output folder.
                _(
                    "{first} and {second} would both be written to {folder}; rename one or"
                    " translate them with different --out folders"
                ).format(first=seen[key], second=path, folder=out / stem)
            )
        seen[key] = path


def _prepare_out_dir(out: Path) -> None:
    """Create ``out`` and check it can take the articles' folders, before any work.

    Raises:
        InputError: ``out`` is a file, cannot be created, or is not writable.
    """
    if out.exists() and not out.is_dir():
        raise InputError(_("the output folder is a file"), out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            _("cannot create the output folder: {reason}").format(reason=exc.strerror or exc), out
        ) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise InputError(_("the output folder is not writable"), out)


def translate_file(
    path: str | Path,
    targets: Sequence[str],
    out_dir: str | Path = "translations",
    source: str | None = None,
    **kwargs: Any,
) -> FileResult:
    """Translate one article file and write its outputs (see :func:`translate_files`).

    Raises:
        NewsL10nError: Whatever made the article fail.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or path, not {type(path).__name__}")
    result = translate_files([path], targets, out_dir, source, **kwargs)[0]
    if result.exception is not None:
        raise result.exception
    return result
