"""The one translation step: memory, glossary and engine around a batch of sentences.

Article translation (:mod:`newsl10n.pipeline`) and catalog pre-translation
(:mod:`newsl10n.catalog.pretranslate`) both call :func:`translate_sentences`. The layers, from
the outside in:

1. **Memory.** Each sentence is looked up by its *real* source text, keyed by
   :func:`~newsl10n.translation.memory.memory_keys` with the glossary fingerprint of the
   sentence. A hit is not translated again; it only goes through the glossary's
   ``finish`` with ``repair=False``, which reports (and re-inflects) its terms.
2. **Codec** (optional, per sentence). What the engine is shown instead of the real text,
   and how its output is read back: catalog pre-translation shields placeholders as
   ``[X1X]`` tokens here and restores them, so neither the memory nor the caller ever sees a
   token.
3. **Glossary.** :func:`newsl10n.glossary.enforce.prepare` masks the terms (``NE1``...) or
   sends them as written, by the :class:`~newsl10n.glossary.enforce.TermStrategy` (by
   default :func:`~newsl10n.glossary.enforce.default_strategy` of the target language),
   the engine translates ``plan.inputs`` in one ``translate_batch`` call,
   :func:`newsl10n.glossary.enforce.finish` places the terms and, when the engine has the
   :class:`~newsl10n.translation.protocol.PrefixTranslator` capability, re-decodes the
   sentences whose term it had to insert.
4. **Engine.** One call for all the misses.

Only real text is stored: the decoded translation of a miss, when it is not empty (or the
codec accepts it) and no glossary term is missing from it. Masked text, tokens and decodes
forced by a glossary prefix never reach the memory.

Why here: it needs :mod:`newsl10n.translation.memory` and :mod:`newsl10n.glossary.enforce`
and serves both the pipeline and the catalog code. ``glossary/`` sits above ``translation/``
and below ``catalog/``, ``parallel/`` and the pipeline, so from here every import points
down and both callers reach it without a cycle. It works without a glossary too (memory and
engine only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from newsl10n.errors import TranslationError
from newsl10n.translation.memory import MemoryEntry, memory_keys

if TYPE_CHECKING:
    from newsl10n.glossary.enforce import TermOccurrence, TermStrategy
    from newsl10n.glossary.model import Glossary
    from newsl10n.translation.memory import MemoryKey, TranslationMemory
    from newsl10n.translation.protocol import Translator

__all__ = ["SentenceCodec", "SentenceResult", "translate_sentences"]


class SentenceCodec(Protocol):
    """How one sentence is shown to the engine and how the engine's output is read back.

    One codec serves one sentence; :func:`translate_sentences` calls ``encode`` before the
    glossary masks the terms and ``decode`` after it has placed them.
    """

    def encode(self, text: str) -> str:
        """What the engine (and the glossary step) sees for the real ``text``."""
        ...

    def decode(self, output: str) -> str:
        """The real translation from the engine's ``output`` (with terms placed)."""
        ...

    def keep(self, translation: str) -> bool:
        """Whether a decoded ``translation`` is fit to store in the memory."""
        ...


@dataclass(frozen=True)
class SentenceResult:
    """One translated sentence.

    Attributes:
        text: The translation, real text (codec decoded, glossary terms placed).
        terms: The glossary occurrences and how they were placed. Offsets refer to the
            source and target as the glossary step saw them: the real text without a codec,
            the encoded text with one (real text again for a memory hit).
        from_memory: Whether the translation came from the memory.
    """

    text: str
    terms: tuple[TermOccurrence, ...] = ()
    from_memory: bool = False

    @property
    def missing(self) -> tuple[TermOccurrence, ...]:
        """The occurrences that could not be placed."""
        from newsl10n.glossary.repair import TermStatus

        return tuple(t for t in self.terms if t.status is TermStatus.MISSING)


def translate_sentences(
    sources: Sequence[str],
    src: str,
    tgt: str,
    translator: Translator,
    *,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    codecs: Sequence[SentenceCodec | None] | None = None,
    remember: Sequence[bool] | None = None,
    term_strategy: TermStrategy | None = None,
    markup: Sequence[str] | None = None,
) -> list[SentenceResult]:
    """Translate ``sources`` from ``src`` to ``tgt``: memory first, one engine call for the rest.

    Args:
        sources: The real source sentences.
        src: Source language code.
        tgt: Target language code.
        translator: The engine.
        glossary: Terms to render as the newsroom decided.
        memory: A translation memory to read and extend.
        codecs: Per sentence, a :class:`SentenceCodec` or ``None`` (the text as it is).
        remember: Per sentence, whether the memory may serve and keep it (default: all).
            Sentences that are not real text (a catalog string framed by a marker) say no.
        term_strategy: How glossary terms reach the engine (masked or as written);
            ``None`` chooses by the target language
            (:func:`~newsl10n.glossary.enforce.default_strategy`). The memory keys differ
            between strategies.
        markup: Per sentence, what its inline-markup placeholders stand for
            (``newsl10n.formats.markup_key``), ``""`` for none: part of its memory key
            (with the glossary fingerprint), so ``<b>x</b> y`` and ``<i>x</i> y``, both
            ``<g1>x</g1> y``, are kept apart.

    Returns:
        One :class:`SentenceResult` per source, in order.

    Raises:
        TranslationError: The engine failed or returned the wrong number of outputs.
        ModelNotInstalledError: The translator cannot serve the pair.
        MemoryStoreError: The memory cannot be read or written.
        ValueError: ``codecs`` or ``remember`` does not have one value per sentence, or
            ``term_strategy`` is not a strategy.
    """
    count = len(sources)
    for name, values in (("codecs", codecs), ("remember", remember), ("markup", markup)):
        if values is not None and len(values) != count:
            raise ValueError(f"{len(values)} {name} for {count} sentences")
    strategy = _strategy(glossary, tgt, term_strategy)
    results: list[SentenceResult | None] = [None] * count
    keys: dict[int, MemoryKey] = {}
    cached: dict[int, str] = {}
    if memory is not None:
        keys = _keys(sources, src, tgt, translator, glossary, remember, strategy, markup)
        found = memory.lookup(list(keys.values()))
        cached = {i: hit for i, hit in zip(keys, found) if hit is not None}
    if cached:
        hits = sorted(cached)
        placed = _place(
            glossary, [sources[i] for i in hits], [cached[i] for i in hits], src, tgt, translator, strategy
        )
        for i, (text, terms) in zip(hits, placed):
            results[i] = SentenceResult(text, terms, from_memory=True)
    todo = [i for i in range(count) if i not in cached]
    if todo:
        chosen = [codecs[i] if codecs is not None else None for i in todo]
        inputs = [
            codec.encode(sources[i]) if codec is not None else sources[i] for i, codec in zip(todo, chosen)
        ]
        translated = _translate(glossary, inputs, src, tgt, translator, strategy)
        fresh: list[MemoryEntry] = []
        for i, codec, (text, terms) in zip(todo, chosen, translated):
            real = codec.decode(text) if codec is not None else text
            result = results[i] = SentenceResult(real, terms)
            usable = codec.keep(real) if codec is not None else bool(real.strip())
            if i in keys and usable and not result.missing:
                fresh.append(MemoryEntry(keys[i], real))
        if memory is not None and fresh:
            memory.store(fresh)
    return [result for result in results if result is not None]


def _keys(
    sources: Sequence[str],
    src: str,
    tgt: str,
    translator: Translator,
    glossary: Glossary | None,
    remember: Sequence[bool] | None,
    strategy: TermStrategy | None,
    markup: Sequence[str] | None = None,
) -> dict[int, MemoryKey]:
    """The memory key of every sentence the memory may serve, by index.

    The markup a sentence's placeholders stand for joins its glossary fingerprint (a
    digest of it), so the key of a sentence without markup is as it always was.
    """
    indexes = [i for i in range(len(sources)) if remember is None or remember[i]]
    if not indexes:
        return {}
    texts = [sources[i] for i in indexes]
    prints = None
    if glossary is not None:
        from newsl10n.glossary import enforce

        prints = [enforce.fingerprint(glossary, text, src, tgt, strategy=strategy) for text in texts]
    if markup is not None and any(markup[i] for i in indexes):
        import hashlib

        base = prints or [""] * len(texts)
        prints = [
            f"{fp}|markup:{hashlib.sha256(markup[i].encode()).hexdigest()[:16]}" if markup[i] else fp
            for fp, i in zip(base, indexes)
        ]
    return dict(zip(indexes, memory_keys(translator, texts, src, tgt, prints)))


def _translate(
    glossary: Glossary | None,
    inputs: list[str],
    src: str,
    tgt: str,
    translator: Translator,
    strategy: TermStrategy | None,
) -> list[tuple[str, tuple[TermOccurrence, ...]]]:
    """Send ``inputs`` to the engine in one call, through the glossary when there is one."""
    if glossary is None:
        outputs = translator.translate_batch(inputs, src, tgt)
        _check_count(outputs, inputs, src, tgt)
        return [(text, ()) for text in outputs]
    from newsl10n.glossary import enforce

    plan = enforce.prepare(glossary, inputs, src, tgt, strategy=strategy)
    outputs = translator.translate_batch(plan.inputs, src, tgt)
    _check_count(outputs, inputs, src, tgt)
    return [(r.text, tuple(r.terms)) for r in enforce.finish(glossary, plan, outputs, translator)]


def _place(
    glossary: Glossary | None,
    sources: list[str],
    known: list[str],
    src: str,
    tgt: str,
    translator: Translator,
    strategy: TermStrategy | None,
) -> list[tuple[str, tuple[TermOccurrence, ...]]]:
    """Run translations taken from the memory through the glossary, without repair.

    The terms are found and reported as for a fresh translation: each with its case and the
    evidence for it; only the missing ones are not inserted.
    """
    if glossary is None:
        return [(text, ()) for text in known]
    from newsl10n.glossary import enforce

    plan = enforce.prepare(glossary, sources, src, tgt, strategy=strategy)
    return [(r.text, tuple(r.terms)) for r in enforce.finish(glossary, plan, known, translator, repair=False)]


def _strategy(glossary: Glossary | None, tgt: str, chosen: TermStrategy | None) -> TermStrategy | None:
    """The strategy for ``tgt``: ``chosen``, else the language's default; ``None`` without a glossary.

    Raises:
        ValueError: ``chosen`` is not a strategy.
    """
    if glossary is None:
        return None
    from newsl10n.glossary.enforce import TermStrategy, default_strategy

    return default_strategy(tgt) if chosen is None else TermStrategy(chosen)


def _check_count(outputs: Sequence[str], inputs: Sequence[str], src: str, tgt: str) -> None:
    if len(outputs) != len(inputs):
        raise TranslationError(
            src, tgt, f"the engine returned {len(outputs)} outputs for {len(inputs)} sentences"
        )
