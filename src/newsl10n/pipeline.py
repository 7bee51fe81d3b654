"""Translate an article: detect, segment, translate per target, enforce the glossary, align.

:func:`translate_article` is the library entry point the CLI's ``translate`` command
wraps; :func:`translate_file` adds reading (any supported encoding) and writing the parallel
outputs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsl10n.align import ParallelArticle, Segment, write_parallel
from newsl10n.errors import InputError, LanguageError, NewsL10nError
from newsl10n.i18n import _
from newsl10n.languages import normalize_language, parse_language_list
from newsl10n.quality import check_translation
from newsl10n.textio import read_text
from newsl10n.translator import Translator, describe_pair

if TYPE_CHECKING:
    from newsl10n.glossary import Glossary

__all__ = ["translate_article", "translate_file", "translate_files", "FileResult", "article_stem"]

log = logging.getLogger(__name__)
ProgressCallback = Callable[[str, int, int], None]


def translate_article(
    text: str,
    targets: Sequence[str],
    source: str | None = None,
    *,
    translator: Translator | None = None,
    glossary: Glossary | None = None,
    progress: ProgressCallback | None = None,
) -> ParallelArticle:
    """Translate ``text`` into every language of ``targets``, aligned sentence by sentence.

    Args:
        text: The article: paragraphs separated by blank lines (or one per line).
        targets: Target language codes (comma lists allowed: ``["ru,ky"]``).
        source: Source language code; ``None`` or ``"auto"`` detects it.
        translator: The engine; by default the Argos engine over installed models.
        glossary: Proper nouns to render as the newsroom decided.
        progress: Called as ``progress(label, done, total)`` after each target.

    Raises:
        InputError: The text is empty.
        LanguageError: A code is unknown, the source cannot be detected, or a target
            equals the source.
        ModelNotInstalledError: A target has no installed model (checked before any work).
    """
    if not text.strip():
        raise InputError("the text is empty")
    codes = parse_language_list(targets)
    src, detection = _source_language(text, source)
    for tgt in codes:
        if tgt == src:
            raise LanguageError(tgt, f"the target language {tgt!r} is the source language")
    from newsl10n.segment import segment_text

    sentences = segment_text(text, src).sentences()
    if not sentences:
        raise InputError("the text has no sentences")
    if translator is None:
        from newsl10n.engine import ArgosTranslator

        translator = ArgosTranslator()
    engines = {tgt: describe_pair(translator, src, tgt).as_dict() for tgt in codes}
    segments = [Segment(id=s.id, paragraph=s.paragraph, text={src: s.text}) for s in sentences]
    for done, tgt in enumerate(codes, 1):
        _fill_target(segments, src, tgt, translator, glossary)
        if progress:
            progress(tgt, done, len(codes))
    return ParallelArticle(source=src, targets=codes, segments=segments, engines=engines,
                           detection=detection)


def _source_language(text: str, source: str | None) -> tuple[str, dict[str, Any] | None]:
    if source and source != "auto":
        return normalize_language(source), None
    from newsl10n.detect import detect_language

    found = detect_language(text)
    if found.language == "und":
        raise LanguageError("und", "cannot detect the source language; give it with --from")
    return found.language, found.as_dict()


def _fill_target(segments: list[Segment], src: str, tgt: str, translator: Translator,
                 glossary: Glossary | None) -> None:
    """Translate every segment into ``tgt`` in one batch, then check and record it."""
    sources = [s.text[src] for s in segments]
    if glossary is not None:
        plan = glossary.prepare(sources, src, tgt)
        raw = translator.translate_batch(plan.inputs, src, tgt)
        results = glossary.finish(plan, raw, translator)
        outputs = [r.text for r in results]
        terms = [[t.as_dict() for t in r.terms] for r in results]
    else:
        outputs = translator.translate_batch(sources, src, tgt)
        terms = [[] for _ in sources]
    if len(outputs) != len(sources):
        from newsl10n.errors import TranslationError

        raise TranslationError(src, tgt, f"engine returned {len(outputs)} outputs for "
                                         f"{len(sources)} sentences")
    for segment, source_text, output, found in zip(segments, sources, outputs, terms):
        segment.text[tgt] = output
        segment.warnings[tgt] = [f.as_dict() for f in check_translation(source_text, output)]
        segment.terms[tgt] = found


@dataclass
class FileResult:
    """What :func:`translate_file` produced for one article.

    Attributes:
        path: The input file.
        out_dir: The folder holding the outputs.
        files: Every file written.
        article: The parallel article.
    """

    path: Path
    out_dir: Path
    files: list[Path]
    article: ParallelArticle | None
    error: str | None = None

    @property
    def missing_terms(self) -> int:
        """How many glossary occurrences are missing from the translations."""
        if self.article is None:
            return 0
        return sum(1 for s in self.article.segments for ts in s.terms.values()
                   for t in ts if t.get("status") == "missing")

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary for scripts."""
        if self.article is None:
            return {"input": str(self.path), "error": self.error}
        return {
            "input": str(self.path), "output_dir": str(self.out_dir),
            "source": self.article.source, "targets": self.article.targets,
            "detection": self.article.detection, "engines": self.article.engines,
            "segments": len(self.article.segments),
            "warnings": len(self.article.warnings()),
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


def translate_file(path: str | Path, targets: Sequence[str], out_dir: str | Path = "translations",
                   source: str | None = None, **kwargs: Any) -> FileResult:
    """Translate the article at ``path`` and write ``out_dir/<stem>/`` (see :func:`write_parallel`).

    Keyword arguments go to :func:`translate_article`.
    """
    from newsl10n import __version__

    text = read_text(path)
    article = translate_article(text, targets, source, **kwargs)
    stem = article_stem(path)
    files = write_parallel(article, out_dir, stem, tool_version=__version__)
    return FileResult(path=Path(path), out_dir=Path(out_dir) / stem, files=files, article=article)


def translate_files(paths: Sequence[str | Path], targets: Sequence[str],
                    out_dir: str | Path = "translations", source: str | None = None, *,
                    translator: Translator | None = None, glossary: Glossary | None = None,
                    progress: ProgressCallback | None = None) -> list[FileResult]:
    """Translate many articles with one translator; a failing article does not stop the rest.

    Each result carries either the article or, in ``error``, the one-line reason it failed.
    Language codes are checked once, before any article is read.

    Raises:
        LanguageError: A target code is unknown.
    """
    codes = parse_language_list(targets)
    if translator is None:
        from newsl10n.engine import ArgosTranslator

        translator = ArgosTranslator()
    results = []
    for done, path in enumerate(paths, 1):
        try:
            results.append(translate_file(path, codes, out_dir, source,
                                          translator=translator, glossary=glossary))
        except NewsL10nError as exc:
            log.info("%s failed: %s", path, exc)
            results.append(FileResult(Path(path), Path(out_dir), [], None, error=str(exc)))
        if progress:
            progress(_("articles"), done, len(paths))
    return results
