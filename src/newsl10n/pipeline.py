"""Translate articles: detect, segment, translate per target, enforce the glossary, align.

:func:`translate_article` is the library entry point for one text; :func:`translate_files`
is what the CLI's ``translate`` command wraps: it reads many files (any supported
encoding), translates the sentences of all of them together, in batches of up to a token
budget per language pair, and writes each article's parallel outputs. A failing article is
reported and the others go on.

Each batch goes through :func:`newsl10n.glossary.apply.translate_sentences`: with a
translation memory, a sentence translated before (same engine, models, decoding options,
pair, glossary fingerprint and normalised source) is taken from it; only the rest reach the
engine, through the glossary. Segments keep typed values (:class:`PairInfo`,
``TermOccurrence``) until the outputs are written.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsl10n.errors import InputError, LanguageError, NewsL10nError
from newsl10n.glossary.apply import translate_sentences
from newsl10n.i18n import _
from newsl10n.languages import normalize_language, parse_language_list
from newsl10n.parallel.align import ParallelArticle, Segment, write_parallel
from newsl10n.progress import ProgressCallback
from newsl10n.textio import read_text
from newsl10n.translation.protocol import PairInfo, Translator, describe_pair
from newsl10n.translation.quality import check_translation

if TYPE_CHECKING:
    from newsl10n.glossary.model import Glossary
    from newsl10n.translation.memory import TranslationMemory

__all__ = [
    "TOKEN_BUDGET",
    "FileResult",
    "article_stem",
    "translate_article",
    "translate_file",
    "translate_files",
]

log = logging.getLogger(__name__)
TOKEN_BUDGET = 6000
"""Estimated source tokens per engine call when many articles are translated together."""


@dataclass
class _Job:
    """One article on its way through the pipeline."""

    name: str
    text: str
    src: str = ""
    detection: dict[str, Any] | None = None
    segments: list[Segment] = field(default_factory=list)
    engines: dict[str, PairInfo] = field(default_factory=dict)
    error: NewsL10nError | None = None


def translate_article(
    text: str,
    targets: Sequence[str],
    source: str | None = None,
    *,
    translator: Translator | None = None,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    progress: ProgressCallback | None = None,
) -> ParallelArticle:
    """Translate ``text`` into every language of ``targets``, aligned sentence by sentence.

    Args:
        text: The article: paragraphs separated by blank lines (or one per line).
        targets: Target language codes (comma lists allowed: ``["ru,ky"]``).
        source: Source language code; ``None`` or ``"auto"`` detects it.
        translator: The engine; by default the Argos engine over installed models.
        glossary: Proper nouns to render as the newsroom decided.
        memory: A translation memory to reuse and extend.
        progress: Called as ``progress(label, done, total)`` as sentences are translated.

    Raises:
        InputError: The text is empty.
        LanguageError: A code is unknown, the source cannot be detected, or a target
            equals the source.
        ModelNotInstalledError: A target has no installed model (checked before any work).
    """
    codes = parse_language_list(targets)
    translator = translator or _default_translator()
    job = _Job("<text>", text)
    _prepare(job, codes, source, translator)
    if job.error is not None:
        raise job.error
    _translate_jobs([job], codes, translator, glossary, memory, progress)
    if job.error is not None:
        raise job.error
    return _article(job, codes)


def _default_translator() -> Translator:
    from newsl10n.translation.argos import ArgosTranslator

    return ArgosTranslator()


def _prepare(job: _Job, codes: list[str], source: str | None, translator: Translator) -> None:
    """Detect, check languages and routes, segment; failures go to ``job.error``."""
    try:
        if not job.text.strip():
            raise InputError(_("the text is empty"))
        job.src, job.detection = _source_language(job.text, source)
        for tgt in codes:
            if tgt == job.src:
                raise LanguageError(
                    tgt, _("the target language {code!r} is the source language").format(code=tgt)
                )
        job.engines = {tgt: describe_pair(translator, job.src, tgt) for tgt in codes}
        from newsl10n.segment import segment_text

        sentences = segment_text(job.text, job.src).sentences()
        if not sentences:
            raise InputError(_("the text has no sentences"))
        job.segments = [Segment(id=s.id, paragraph=s.paragraph, text={job.src: s.text}) for s in sentences]
    except NewsL10nError as exc:
        job.error = exc


def _source_language(text: str, source: str | None) -> tuple[str, dict[str, Any] | None]:
    if source and source != "auto":
        return normalize_language(source), None
    from newsl10n.detect import detect_language

    found = detect_language(text)
    if found.language == "und":
        raise LanguageError("und", _("cannot detect the source language; give it with --from"))
    return found.language, found.as_dict()


def _article(job: _Job, codes: list[str]) -> ParallelArticle:
    return ParallelArticle(
        source=job.src, targets=codes, segments=job.segments, engines=job.engines, detection=job.detection
    )


def _translate_jobs(
    jobs: list[_Job],
    codes: list[str],
    translator: Translator,
    glossary: Glossary | None,
    memory: TranslationMemory | None,
    progress: ProgressCallback | None,
) -> None:
    """Fill every target of every good job, batching sentences across jobs per pair."""
    sources = list(dict.fromkeys(job.src for job in jobs if job.error is None))
    pairs = [(src, tgt) for tgt in codes for src in sources]
    total = sum(len(job.segments) for job in jobs if job.error is None) * len(codes)
    done = 0
    for src, tgt in pairs:
        group = [job for job in jobs if job.error is None and job.src == src]
        segments = [segment for job in group for segment in job.segments]
        try:
            for chunk in _chunks(segments, src):
                _fill_target(chunk, src, tgt, translator, glossary, memory)
                done += len(chunk)
                if progress:
                    progress(_("translating"), done, total)
        except NewsL10nError as exc:
            for job in group:
                job.error = exc


def _chunks(segments: list[Segment], src: str) -> list[list[Segment]]:
    """Split ``segments`` into runs of at most :data:`TOKEN_BUDGET` estimated tokens."""
    chunks: list[list[Segment]] = [[]]
    used = 0
    for segment in segments:
        cost = len(segment.text[src]) // 4 + 1
        if chunks[-1] and used + cost > TOKEN_BUDGET:
            chunks.append([])
            used = 0
        chunks[-1].append(segment)
        used += cost
    return [chunk for chunk in chunks if chunk]


def _fill_target(
    segments: list[Segment],
    src: str,
    tgt: str,
    translator: Translator,
    glossary: Glossary | None,
    memory: TranslationMemory | None,
) -> None:
    """Translate ``segments`` into ``tgt`` (one engine call for what memory lacks), check, record."""
    sources = [s.text[src] for s in segments]
    results = translate_sentences(sources, src, tgt, translator, glossary=glossary, memory=memory)
    for segment, source, result in zip(segments, sources, results):
        segment.text[tgt] = result.text
        segment.warnings[tgt] = [
            {"code": f.code, "message": f.message} for f in check_translation(source, result.text)
        ]
        segment.occurrences[tgt] = list(result.terms)
        if result.from_memory:
            segment.memory.append(tgt)


@dataclass
class FileResult:
    """What :func:`translate_files` produced for one article.

    Attributes:
        path: The input file.
        out_dir: The folder holding the outputs.
        files: Every file written.
        article: The parallel article, ``None`` when it failed.
        error: Why it failed, one line; ``None`` on success.
    """

    path: Path
    out_dir: Path
    files: list[Path]
    article: ParallelArticle | None
    error: str | None = None
    exception: NewsL10nError | None = field(default=None, repr=False, compare=False)

    @property
    def missing_terms(self) -> int:
        """How many glossary occurrences are missing from the translations."""
        return self.article.missing_terms() if self.article is not None else 0

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary for scripts."""
        if self.article is None:
            return {"input": str(self.path), "error": self.error}
        return {
            "input": str(self.path),
            "output_dir": str(self.out_dir),
            "source": self.article.source,
            "targets": self.article.targets,
            "detection": self.article.detection,
            "engines": self.article.engines_dict(),
            "segments": len(self.article.segments),
            "warnings": len(self.article.warnings()),
            "from_memory": sum(len(s.memory) for s in self.article.segments),
            "missing_terms": self.missing_terms,
            "files": [str(f) for f in self.files],
        }


def article_stem(path: str | Path) -> str:
    """The output folder name for an article: its file stem without a language suffix.

    ``kant-air-defense.en.txt`` -> ``kant-air-defense``; standard input -> ``stdin``.
    """
    if str(path) == "-":
        return "stdin"
    stem = Path(path).stem
    base, dot, suffix = stem.rpartition(".")
    if dot and base:
        try:
            normalize_language(suffix)
            return base
        except LanguageError:
            pass
    return stem


def translate_files(
    paths: Sequence[str | Path],
    targets: Sequence[str],
    out_dir: str | Path = "translations",
    source: str | None = None,
    *,
    translator: Translator | None = None,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    progress: ProgressCallback | None = None,
) -> list[FileResult]:
    """Translate many articles together and write ``out_dir/<stem>/`` for each.

    Sentences of all articles with the same source language go to the engine together, up
    to :data:`TOKEN_BUDGET` per call; models are loaded once. An article that cannot be read
    or translated gets its one-line reason in ``FileResult.error``; the others go on.

    Raises:
        LanguageError: A target code is unknown (checked before any file is read).
    """
    from newsl10n import __version__

    codes = parse_language_list(targets)
    translator = translator or _default_translator()
    jobs = []
    for path in paths:
        job = _Job(str(path), "")
        try:
            job.text = read_text(path)
        except NewsL10nError as exc:
            job.error = exc
        else:
            _prepare(job, codes, source, translator)
        jobs.append(job)
    _translate_jobs(jobs, codes, translator, glossary, memory, progress)
    results = []
    for path, job in zip(paths, jobs):
        out = Path(out_dir) / article_stem(path)
        if job.error is None:
            try:
                article = _article(job, codes)
                files = write_parallel(article, out_dir, article_stem(path), __version__)
                results.append(FileResult(Path(path), out, files, article))
                continue
            except OSError as exc:
                job.error = InputError(
                    _("cannot write the outputs: {reason}").format(reason=exc.strerror or exc), out
                )
        log.info("%s failed: %s", path, job.error)
        results.append(
            FileResult(Path(path), out, [], None, error=_located(job.error, path), exception=job.error)
        )
    return results


def _located(error: NewsL10nError | None, path: str | Path) -> str:
    """The error's line, prefixed with the file name unless it already names it."""
    text = str(error)
    return text if str(path) in text else f"{path}: {text}"


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
    result = translate_files([path], targets, out_dir, source, **kwargs)[0]
    if result.exception is not None:
        raise result.exception
    return result
