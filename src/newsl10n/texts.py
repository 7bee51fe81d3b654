"""Translate many short texts at once: headlines, teasers, interface strings.

A CMS sends them by the dozen (LibreTranslate's ``q`` as a list, :mod:`newsl10n.service`).
Translated one by one, each would cost an engine call; :func:`translate_texts` takes them
through the pipeline together, so the sentences of all of them with the same source language
share engine calls, as the articles of ``newsl10n translate`` do. Each text keeps its own
detection, segments and glossary checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsl10n.formats import check_format
from newsl10n.pipeline import (
    Helpers,
    Job,
    article_of,
    check_helpers,
    checked_translator,
    prepare_job,
    source_code,
    target_codes,
    translate_prepared,
)

if TYPE_CHECKING:
    from newsl10n.glossary.enforce import TermStrategy
    from newsl10n.glossary.model import Glossary
    from newsl10n.parallel.align import ParallelArticle
    from newsl10n.translation.memory import TranslationMemory
    from newsl10n.translation.protocol import Translator

__all__ = ["translate_texts"]


def translate_texts(
    texts: Sequence[str],
    targets: Sequence[str] | str,
    source: str | None = None,
    *,
    translator: Translator | None = None,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    term_strategy: TermStrategy | None = None,
    format: str = "auto",
) -> list[ParallelArticle]:
    """Translate every text of ``texts`` into ``targets``, sharing engine calls between them.

    Args:
        texts: The texts, each an article of its own (one sentence or many).
        targets: Target language codes, as for :func:`newsl10n.pipeline.translate_article`.
        source: Source language code of every text; ``None`` or ``"auto"`` detects each one's.
        translator: The engine; by default the Argos engine over installed models.
        glossary: Proper nouns to render as the newsroom decided.
        memory: A translation memory to reuse and extend.
        term_strategy: How glossary terms reach the engine (``None``: per target language).
        format: ``"text"``, ``"html"``, ``"markdown"`` or ``"auto"`` (sniffed per text).

    Returns:
        One :class:`~newsl10n.parallel.align.ParallelArticle` per text, in order.

    Raises:
        InputError: A text is empty, or ``format`` is unknown.
        LanguageError: A code is unknown, or a text's language cannot be detected.
        ModelNotInstalledError: A pair has no installed model.
        TranslationError: The engine failed.
        TypeError: ``texts`` is not a sequence of ``str``, or another argument has the
            wrong type.
    """
    if isinstance(texts, (str, bytes)) or not isinstance(texts, Sequence):
        raise TypeError(f"texts must be a sequence of str, not {type(texts).__name__}")
    wrong = [text for text in texts if not isinstance(text, str)]
    if wrong:
        raise TypeError(f"texts must hold str, not {type(wrong[0]).__name__}")
    source = source_code(source)
    codes = target_codes(targets)
    chosen = check_format(format)
    check_helpers(glossary, memory, None, term_strategy)
    checked = checked_translator(translator)
    jobs = [Job(f"<text {n}>", text, format=chosen) for n, text in enumerate(texts)]
    for job in jobs:
        prepare_job(job, codes, source, checked)
    translate_prepared(jobs, codes, checked, Helpers(glossary, memory, None, term_strategy))
    for job in jobs:
        if job.error is not None:
            raise job.error
    return [article_of(job) for job in jobs]
