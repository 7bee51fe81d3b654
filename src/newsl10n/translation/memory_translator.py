"""A translator that answers from the translation memory and translates only the rest.

Use it to put a memory in front of any :class:`~newsl10n.translation.protocol.Translator`
when no glossary is involved. With a glossary, pass the memory to
:func:`newsl10n.glossary.apply.translate_sentences` instead, so that the memory only ever
holds real text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsl10n.errors import TranslationError
from newsl10n.translation.memory import MemoryEntry, MemoryKey, TranslationMemory, memory_keys
from newsl10n.translation.protocol import PairInfo, PrefixTranslator, Translator, describe_pair

__all__ = ["MemoryTranslator"]


class MemoryTranslator:
    """A translator that answers from the translation memory and translates only the rest.

    Each :meth:`translate_batch` looks every sentence up in one batch, sends the misses —
    each distinct sentence once — to the inner translator in one call, stores what comes
    back and returns the translations in order. Keys come from :func:`memory_keys`.

    It is a ``DescribingTranslator`` (the inner ``describe``), and a ``PrefixTranslator``
    exactly when the inner translator is one: ``translate_with_prefix`` then goes straight to
    it, as a forced decode is neither served from nor stored in the memory. With a glossary,
    pass the memory to :func:`newsl10n.glossary.apply.translate_sentences` instead: a glossary
    wrapped around a ``MemoryTranslator`` makes the memory hold masked text.

    Attributes:
        inner: The translator doing the real work.
        memory: The memory, opened for writing.
        fingerprint: ``fingerprint(sentence, src, tgt)`` of the glossary entries that apply
            to a sentence (``Glossary.fingerprint``), ``None`` without a glossary.
        hits: Sentences answered from the memory so far.
        misses: Sentences not found in the memory so far (every occurrence).
        translated: Distinct sentences sent to the inner translator so far.
    """

    def __new__(
        cls,
        inner: Translator,
        memory: TranslationMemory,
        fingerprint: Callable[[str, str, str], str] | None = None,
    ) -> MemoryTranslator:
        chosen = cls
        if cls is MemoryTranslator and isinstance(inner, PrefixTranslator):
            chosen = _PrefixMemoryTranslator
        return super().__new__(chosen)

    def __init__(
        self,
        inner: Translator,
        memory: TranslationMemory,
        fingerprint: Callable[[str, str, str], str] | None = None,
    ) -> None:
        self.inner = inner
        self.memory = memory
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0
        self.translated = 0

    def describe(self, src: str, tgt: str) -> PairInfo:
        """How the inner translator serves ``src -> tgt``."""
        return describe_pair(self.inner, src, tgt)

    def keys(self, sentences: Sequence[str], src: str, tgt: str) -> list[MemoryKey]:
        """The memory key of each sentence for ``src -> tgt`` (see :func:`memory_keys`)."""
        fingerprint = self.fingerprint
        prints = [fingerprint(s, src, tgt) for s in sentences] if fingerprint else None
        return memory_keys(self.inner, sentences, src, tgt, prints)

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        """Translate ``sentences``, from the memory where possible.

        Raises:
            TranslationError: The inner translator failed or returned the wrong number of
                sentences.
            MemoryStoreError: The memory cannot be read or written.
        """
        keys = self.keys(sentences, src, tgt)
        found = self.memory.lookup(keys)
        pending: dict[tuple[str, ...], list[int]] = {}
        for index, (key, target) in enumerate(zip(keys, found)):
            if target is None:
                pending.setdefault(key.row(), []).append(index)
        missed = sum(len(indexes) for indexes in pending.values())
        self.hits += len(sentences) - missed
        self.misses += missed
        if pending:
            firsts = [indexes[0] for indexes in pending.values()]
            outputs = self.inner.translate_batch([sentences[i] for i in firsts], src, tgt)
            if len(outputs) != len(firsts):
                raise TranslationError(
                    src, tgt, f"the engine returned {len(outputs)} translations for {len(firsts)} sentences"
                )
            self.translated += len(firsts)
            self.memory.store(MemoryEntry(keys[i], out) for i, out in zip(firsts, outputs))
            for indexes, out in zip(pending.values(), outputs):
                for index in indexes:
                    found[index] = out
        return [target if target is not None else "" for target in found]


class _PrefixMemoryTranslator(MemoryTranslator):
    """A :class:`MemoryTranslator` over a translator that can decode with a target prefix."""

    def translate_with_prefix(
        self, sentences: Sequence[str], prefixes: Sequence[str] | None, src: str, tgt: str
    ) -> list[str]:
        """The inner translator's prefixed decode; never served from the memory nor stored."""
        inner = self.inner
        if not isinstance(inner, PrefixTranslator):  # pragma: no cover - chosen in __new__
            raise TranslationError(src, tgt, "the translator cannot decode with a prefix")
        return inner.translate_with_prefix(sentences, prefixes, src, tgt)
