"""An editor's approved translation of one sentence, stored in the translation memory.

:func:`approve_translation` stores a correction (or a machine translation an editor
accepts) as a **human** segment (:mod:`newsl10n.translation.memory`), under the key a
translation of that sentence computes: the engine, models and options of the pair as the
translator describes it, and the glossary fingerprint of the sentence, as
:func:`newsl10n.glossary.apply.translate_sentences` builds them. A human segment is found
by every later lookup of the same language pair and normalised source, whatever the
engine, models or glossary, so every later translation of the sentence is the editor's.

Why here: the key needs the glossary fingerprint (:func:`newsl10n.glossary.enforce.fingerprint`),
and the memory below must not know the glossary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsl10n.errors import InputError
from newsl10n.i18n import gettext as _
from newsl10n.tokens import MARK_EXACT
from newsl10n.translation.memory import MemoryEntry, memory_keys, normalize_segment

if TYPE_CHECKING:
    from newsl10n.glossary.enforce import TermStrategy
    from newsl10n.glossary.model import Glossary
    from newsl10n.translation.memory import TranslationMemory
    from newsl10n.translation.protocol import Translator

__all__ = ["Approval", "approve_translation", "checked_translation"]


@dataclass(frozen=True)
class Approval:
    """What :func:`approve_translation` stored.

    Attributes:
        entry: The human segment (its key and translation).
        changed: Whether the memory changed (``False`` when the same approval was there).
    """

    entry: MemoryEntry
    changed: bool


def checked_translation(source: str, translation: str) -> str:
    """``translation`` trimmed, once checked to be fit as ``source``'s translation.

    Raises:
        InputError: The source or translation is empty, or their placeholders differ.
    """
    text = translation.strip()
    if not normalize_segment(source) or not text:
        raise InputError(_("the source and the translation must not be empty"))
    if Counter(MARK_EXACT.findall(source)) != Counter(MARK_EXACT.findall(text)):
        raise InputError(_("the translation must keep the source's markup placeholders (<g1>, <x2/>)"))
    return text


def approve_translation(
    memory: TranslationMemory,
    translator: Translator,
    source: str,
    translation: str,
    src: str,
    tgt: str,
    *,
    glossary: Glossary | None = None,
    term_strategy: TermStrategy | None = None,
) -> Approval:
    """Store ``translation`` of ``source`` as a human-approved segment of ``src -> tgt``.

    The translation is kept as given, trimmed; its inline-markup placeholders (``<g1>``,
    ``</g1>``, ``<x2/>``) must be those of the source, so the article can still be rendered.

    Args:
        memory: The translation memory, opened for writing.
        translator: The engine later requests use (its ``describe`` makes the key).
        source: The source sentence, as segmented (placeholders included).
        translation: The approved translation.
        src: Source language code (normalised).
        tgt: Target language code (normalised).
        glossary: The glossary later requests use, for the key's fingerprint.
        term_strategy: The term strategy, ``None`` for the target language's default.

    Returns:
        The stored entry and whether the memory changed.

    Raises:
        InputError: The source or translation is empty, or their placeholders differ.
        ModelNotInstalledError: The translator cannot serve the pair.
        MemoryStoreError: The memory is read-only or cannot be written.
    """
    text = checked_translation(source, translation)
    prints = None
    if glossary is not None:
        from newsl10n.glossary.enforce import default_strategy, fingerprint

        strategy = term_strategy if term_strategy is not None else default_strategy(tgt)
        prints = [fingerprint(glossary, source, src, tgt, strategy=strategy)]
    (key,) = memory_keys(translator, [source], src, tgt, prints)
    entry = MemoryEntry(key, text, "human")
    return Approval(entry, memory.store([entry]) > 0)
