"""Translate articles: detect, segment, translate per target, enforce the glossary, align.

:func:`translate_article` is the library entry point for one text. Many texts go through
the same steps together: :func:`prepare_job` reads each one's language and segments, and
:func:`translate_prepared` translates the sentences of all of them with the same source
language in batches of up to a token budget per language pair; :mod:`newsl10n.texts`
(many strings) and :mod:`newsl10n.files` (many files, written to folders) are built on
them. A failing article is reported in its :class:`Job` and the others go on.

Each batch goes through :func:`newsl10n.glossary.apply.translate_sentences`: with a
translation memory, a sentence translated before (same engine, models, decoding options,
pair, glossary fingerprint and normalised source) is taken from it; only the rest reach the
engine, through the glossary, its terms masked or sent as written by the ``term_strategy``
(:class:`~newsl10n.glossary.enforce.TermStrategy`; by default the target language's,
:func:`~newsl10n.glossary.enforce.default_strategy`). Segments keep typed values (:class:`PairInfo`,
``TermOccurrence``) until the outputs are written.

A sentence longer than :data:`MAX_SENTENCE_CHARS` (a table pasted as one line, a sentence
without punctuation) is translated in parts cut at clause boundaries, else at spaces, and
the parts' translations are joined with a space: the segment stays one segment, and its
warnings say ``split``. Models have a fixed number of positions (1024 for Argos packages),
and a source past it would fail the whole batch.

Arguments are checked where they enter (:func:`translate_article`, and
:func:`newsl10n.files.translate_files` with the same checks: :func:`target_codes`,
:func:`check_helpers`...): a wrong type is a ``TypeError`` naming the parameter; a ``str``
where a sequence is expected counts as one item (``targets="ru"`` is ``["ru"]``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from newsl10n.errors import InputError, LanguageError, NewsL10nError, TranslationError
from newsl10n.formats import article_segments, check_format, codecs_for, extension_for, markup_key
from newsl10n.glossary.apply import translate_sentences
from newsl10n.i18n import _
from newsl10n.languages import normalize_language, parse_language_list
from newsl10n.parallel.align import ParallelArticle, Segment
from newsl10n.progress import ProgressCallback
from newsl10n.translation.protocol import PairInfo, PrefixTranslator, Translator, describe_pair
from newsl10n.translation.quality import check_translation

if TYPE_CHECKING:
    from newsl10n.glossary.enforce import TermOccurrence, TermStrategy
    from newsl10n.glossary.model import Glossary
    from newsl10n.markup import Document
    from newsl10n.translation.memory import TranslationMemory

__all__ = ["TOKEN_BUDGET", "translate_article"]

log = logging.getLogger(__name__)
TOKEN_BUDGET = 6000
"""Estimated source tokens per engine call when many articles are translated together."""


@dataclass
class Job:
    """One article on its way through the pipeline."""

    name: str
    text: str
    src: str = ""
    detection: dict[str, Any] | None = None
    segments: list[Segment] = field(default_factory=list)
    engines: dict[str, PairInfo] = field(default_factory=dict)
    error: NewsL10nError | None = None
    targets: list[str] = field(default_factory=list)
    """The targets to translate into: those asked for, less the source language."""
    copies: list[str] = field(default_factory=list)
    """Targets asked for that are the source language (its text is their version)."""
    format: str = "auto"
    """``"text"``, ``"html"`` or ``"markdown"`` once prepared; ``"auto"`` before."""
    document: Document | None = None


def translate_article(
    text: str,
    targets: Sequence[str],
    source: str | None = None,
    *,
    translator: Translator | None = None,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    progress: ProgressCallback | None = None,
    term_strategy: TermStrategy | None = None,
    format: str = "auto",
    name: str | None = None,
) -> ParallelArticle:
    """Translate ``text`` into every language of ``targets``, aligned sentence by sentence.

    ``targets`` may be one ``str`` (``"ru"`` or ``"ru,ky"``).

    Args:
        text: The article: paragraphs separated by blank lines (or one per line).
        targets: Target language codes (comma lists allowed: ``["ru,ky"]``).
        source: Source language code; ``None`` or ``"auto"`` detects it.
        translator: The engine; by default the Argos engine over installed models.
        glossary: Proper nouns to render as the newsroom decided.
        memory: A translation memory to reuse and extend.
        progress: Called as ``progress(label, done, total)`` as sentences are translated.
        term_strategy: How glossary terms reach the engine: masked or as written
            (:class:`~newsl10n.glossary.enforce.TermStrategy`); ``None`` chooses per target
            language (:func:`~newsl10n.glossary.enforce.default_strategy`).
        format: ``"text"``, ``"html"``, ``"markdown"``, or ``"auto"`` to sniff it
            (:func:`newsl10n.markup.guess_format`). An HTML or Markdown article is
            translated segment by segment with its inline markup;
            :meth:`ParallelArticle.version` renders it in each language.
        name: The article's file name, if any: ``"auto"`` goes by its extension first.

    Raises:
        InputError: The text is empty, or ``format`` is unknown.
        LanguageError: A code is unknown, the source cannot be detected, or a target
            equals the source.
        ModelNotInstalledError: A target has no installed model (checked before any work).
        TranslationError: The engine failed, or returned no ``str`` per sentence.
        TypeError: ``text`` is not a ``str``, ``targets`` not a ``str`` or a sequence of
            them, ``translator`` not a :class:`~newsl10n.translation.protocol.Translator`, or
            ``term_strategy`` not a ``TermStrategy``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    codes = target_codes(targets)
    source = source_code(source)
    check_helpers(glossary, memory, progress, term_strategy)
    translator = checked_translator(translator)
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be a str, not {type(name).__name__}")
    job = Job(name or "<text>", text, format=check_format(format))
    prepare_job(job, codes, source, translator)
    if job.error is not None:
        raise job.error
    translate_prepared([job], codes, translator, Helpers(glossary, memory, progress, term_strategy))
    if job.error is not None:
        raise job.error
    return article_of(job)


def _default_translator() -> Translator:
    from newsl10n.translation.argos import ArgosTranslator

    return ArgosTranslator()


def as_items(value: object, name: str) -> list[object]:
    """``value`` as a list: a ``str`` or path is one item, never its characters."""
    if isinstance(value, (str, os.PathLike)):
        return [value]
    if isinstance(value, (bytes, bytearray)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a sequence of str, not {type(value).__name__}")
    return list(value)


def target_codes(targets: object) -> list[str]:
    """The target codes, checked: ``"ru,ky"``, ``["ru", "ky"]`` and ``("ru,ky",)`` all work."""
    items = as_items(targets, "targets")
    wrong = [item for item in items if not isinstance(item, str)]
    if wrong:
        raise TypeError(f"targets must hold str language codes, not {type(wrong[0]).__name__}")
    return parse_language_list([item for item in items if isinstance(item, str)])


def source_code(source: object) -> str | None:
    """``source`` checked: a ``str`` code or ``None`` (not normalised: ``"auto"`` stays)."""
    if source is not None and not isinstance(source, str):
        raise TypeError(f"source must be a str language code or None, not {type(source).__name__}")
    return source


def check_helpers(glossary: object, memory: object, progress: object, term_strategy: object) -> None:
    """``glossary``, ``memory``, ``progress`` and ``term_strategy`` are of their types, or ``None``."""
    from newsl10n.glossary.enforce import TermStrategy
    from newsl10n.glossary.model import Glossary
    from newsl10n.translation.memory import TranslationMemory

    if glossary is not None and not isinstance(glossary, Glossary):
        raise TypeError(f"glossary must be a newsl10n.Glossary or None, not {type(glossary).__name__}")
    if memory is not None and not isinstance(memory, TranslationMemory):
        raise TypeError(f"memory must be a newsl10n.TranslationMemory or None, not {type(memory).__name__}")
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be callable or None, not {type(progress).__name__}")
    if term_strategy is not None and not isinstance(term_strategy, TermStrategy):
        raise TypeError(
            f"term_strategy must be a newsl10n.TermStrategy or None, not {type(term_strategy).__name__}"
        )


def checked_translator(translator: object) -> Translator:
    """``translator`` (else the default engine) behind a check of every answer it gives.

    Raises:
        TypeError: ``translator`` is not a :class:`~newsl10n.translation.protocol.Translator`.
    """
    if translator is None:
        translator = _default_translator()
    if not isinstance(translator, Translator):
        raise TypeError(
            "translator must be a newsl10n.Translator (with translate_batch(sentences, src, tgt)),"
            f" not {type(translator).__name__}"
        )
    if isinstance(translator, _CheckedTranslator):
        return translator
    if isinstance(translator, PrefixTranslator):
        return _CheckedPrefixTranslator(translator)
    return _CheckedTranslator(translator)


def _check_outputs(outputs: object, count: int, src: str, tgt: str) -> list[str]:
    if not isinstance(outputs, Sequence) or isinstance(outputs, (str, bytes)):
        raise TranslationError(
            src,
            tgt,
            _("the engine returned {kind} instead of a list of translations").format(
                kind=type(outputs).__name__
            ),
        )
    if len(outputs) != count:
        raise TranslationError(
            src,
            tgt,
            _("the engine returned {n} outputs for {count} sentences").format(n=len(outputs), count=count),
        )
    wrong = [item for item in outputs if not isinstance(item, str)]
    if wrong:
        raise TranslationError(
            src,
            tgt,
            _("the engine returned {kind} instead of a translation").format(kind=type(wrong[0]).__name__),
        )
    return list(outputs)


class _CheckedTranslator:
    """A translator whose answers are checked: one ``str`` per sentence, or ``TranslationError``.

    It describes pairs as the inner translator does (:func:`describe_pair`), so records and
    memory keys are unchanged.
    """

    def __init__(self, inner: Translator) -> None:
        self.inner = inner

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        outputs = self.inner.translate_batch(sentences, src, tgt)
        return _check_outputs(outputs, len(sentences), src, tgt)

    def describe(self, src: str, tgt: str) -> PairInfo:
        return describe_pair(self.inner, src, tgt)


class _CheckedPrefixTranslator(_CheckedTranslator):
    """:class:`_CheckedTranslator` over a translator that can force a prefix."""

    def __init__(self, inner: PrefixTranslator) -> None:
        super().__init__(inner)
        self.prefixed = inner

    def translate_with_prefix(
        self, sentences: Sequence[str], prefixes: Sequence[str] | None, src: str, tgt: str
    ) -> list[str]:
        outputs = self.prefixed.translate_with_prefix(sentences, prefixes, src, tgt)
        return _check_outputs(outputs, len(sentences), src, tgt)


def prepare_job(job: Job, codes: list[str], source: str | None, translator: Translator) -> None:
    """Detect, check languages and routes, segment; failures go to ``job.error``."""
    try:
        if not job.text.strip():
            raise InputError(_("the text is empty"))
        job.src, job.detection = _source_language(job.text, source)
        if job.detection is None:
            _warn_if_contradicted(job)
        job.targets = [tgt for tgt in codes if tgt != job.src]
        job.copies = [tgt for tgt in codes if tgt == job.src]
        if job.copies and not job.targets and source not in (None, "auto"):
            # Only "--from X --to X" is a mistake; a mixed batch copies what is already there.
            raise LanguageError(
                job.src, _("the target language {code!r} is the source language").format(code=job.src)
            )
        job.engines = {tgt: describe_pair(translator, job.src, tgt) for tgt in job.targets}
        job.format, job.document, job.segments = article_segments(job.text, job.format, job.src, job.name)
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


def _warn_if_contradicted(job: Job) -> None:
    """Log a warning when a declared source language contradicts a confident detection."""
    from newsl10n.detect import check_source

    found = check_source(job.src, job.text)
    if found is not None:
        log.warning(
            "%s: the source language given is %s, but the text reads as %s (%.2f)",
            job.name,
            job.src,
            found.language,
            found.confidence,
        )


def article_of(job: Job) -> ParallelArticle:
    """The parallel article of a translated ``job``."""
    return ParallelArticle(
        source=job.src,
        targets=job.targets,
        segments=job.segments,
        engines=job.engines,
        detection=job.detection,
        copies=job.copies,
        format=job.format,
        extension=extension_for(job.format, job.name),
        document=job.document,
    )


@dataclass(frozen=True)
class Helpers:
    """What goes with the engine into every batch: glossary, memory, progress, strategy."""

    glossary: Glossary | None = None
    memory: TranslationMemory | None = None
    progress: ProgressCallback | None = None
    term_strategy: TermStrategy | None = None


def translate_prepared(jobs: list[Job], codes: list[str], translator: Translator, helpers: Helpers) -> None:
    """Fill every target of every good job, batching sentences across jobs per pair."""
    sources = list(dict.fromkeys(job.src for job in jobs if job.error is None))
    pairs = [(src, tgt) for tgt in codes for src in sources if tgt != src]
    total = sum(len(job.segments) * len(job.targets) for job in jobs if job.error is None)
    done = 0
    for src, tgt in pairs:
        group = [job for job in jobs if job.error is None and job.src == src and tgt in job.targets]
        segments = [segment for job in group for segment in job.segments]
        try:
            for chunk in _chunks(segments, src):
                _fill_target(chunk, src, tgt, translator, helpers)
                done += len(chunk)
                if helpers.progress:
                    helpers.progress(_("translating"), done, total)
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
    helpers: Helpers,
) -> None:
    """Translate ``segments`` into ``tgt`` (one engine call for what memory lacks), check, record."""
    from newsl10n.markup import restore
    from newsl10n.segment import MAX_SENTENCE_CHARS, split_long_sentence

    sources = [s.text[src] for s in segments]
    parts = [split_long_sentence(text) for text in sources]
    pieces = [piece for split in parts for piece in split]
    markup = [markup_key(s) for s, split in zip(segments, parts) for _piece in split]
    results = iter(
        translate_sentences(
            pieces,
            src,
            tgt,
            translator,
            glossary=helpers.glossary,
            memory=helpers.memory,
            term_strategy=helpers.term_strategy,
            codecs=codecs_for(pieces, helpers.glossary, src),
            markup=markup if any(markup) else None,
        )
    )
    for segment, source, split in zip(segments, sources, parts):
        done = [next(results) for _piece in split]
        texts: list[str] = []
        terms: list[TermOccurrence] = []
        length = 0
        for offset, result in zip(_offsets(source, split), done):
            shift = length + 1 if texts and result.text else length
            terms += [_shifted(term, offset, shift) for term in result.terms]
            if result.text:
                texts.append(result.text)
                length = shift + len(result.text)
        text = " ".join(texts)
        if segment.tags and len(split) > 1:
            text = restore(source, text)
        segment.text[tgt] = text
        segment.warnings[tgt] = [
            {"code": f.code, "message": f.message} for f in check_translation(source, text)
        ]
        if len(split) > 1:
            segment.warnings[tgt].append(
                {
                    "code": "split",
                    "message": _(
                        "the sentence is longer than {limit} characters: translated in {n} parts"
                    ).format(limit=MAX_SENTENCE_CHARS, n=len(split)),
                }
            )
        segment.occurrences[tgt] = terms
        if all(result.from_memory for result in done):
            segment.memory.append(tgt)


def _offsets(source: str, parts: list[str]) -> list[int]:
    """Where each part of :func:`split_long_sentence` starts in ``source``."""
    found, position = [], 0
    for part in parts:
        start = source.find(part, position)
        found.append(max(start, position) if start >= 0 else position)
        position = found[-1] + len(part)
    return found


def _shifted(term: TermOccurrence, source: int, target: int) -> TermOccurrence:
    """``term`` of a part, its offsets moved to the whole sentence and its translation."""
    if not source and not target:
        return term
    return replace(
        term,
        start=term.start + source,
        end=term.end + source,
        target_start=None if term.target_start is None else term.target_start + target,
        target_end=None if term.target_end is None else term.target_end + target,
    )
