"""The translator seam: the protocol every engine implements, and what it reports.

The pipeline only ever calls :meth:`Translator.translate_batch`; anything with that method
can translate an article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

__all__ = ["DescribingTranslator", "PairInfo", "PrefixTranslator", "Translator", "describe_pair"]


@dataclass(frozen=True)
class PairInfo:
    """How a translator serves one language pair.

    Attributes:
        engine: Engine name (``"argos"``, ``"fake"``...).
        route: The languages the text passes through, ``("ru", "en", "ky")`` for a pivot.
        models: One model identifier per hop of the route.
        options: The decoding options that change the output (``"beam=2,int8"``), ``""``
            when none apply.
    """

    engine: str
    route: tuple[str, ...]
    models: tuple[str, ...] = ()
    options: str = ""

    @property
    def pivot(self) -> str | None:
        """The intermediate language, or ``None`` for a direct pair."""
        return self.route[1] if len(self.route) > 2 else None

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {
            "engine": self.engine,
            "route": list(self.route),
            "models": list(self.models),
            "pivot": self.pivot,
            "options": self.options,
        }


@runtime_checkable
class Translator(Protocol):
    """Anything that translates a batch of sentences from ``src`` to ``tgt``.

    ``translate_batch`` returns exactly one output string per input sentence, in order.
    Engines raise :class:`~newsl10n.errors.ModelNotInstalledError` for a pair they cannot
    serve and :class:`~newsl10n.errors.TranslationError` when decoding fails.
    """

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        """Translate ``sentences`` from ``src`` to ``tgt``."""
        ...


@runtime_checkable
class DescribingTranslator(Translator, Protocol):
    """A translator that can say how it serves a pair (engine, route, models, options).

    The pipeline records this in ``alignment.json`` and the translation memory keys its
    entries with it, so that a change of model or decoding options is never served stale.
    """

    def describe(self, src: str, tgt: str) -> PairInfo:
        """How ``src -> tgt`` is translated.

        Raises:
            ModelNotInstalledError: The pair cannot be served.
        """
        ...


@runtime_checkable
class PrefixTranslator(Translator, Protocol):
    """A translator that can force each output to start with a given text.

    Glossary repair uses it: a sentence whose term the model dropped is decoded again with
    the text up to the inserted term as the target prefix, so the rest agrees with it.

    The repair must stay cheap, so an engine may bound what it spends per sentence (the
    Argos engine spends at most a share of the sentence's first-pass decoding budget,
    forced prefix included: ``newsl10n.translation.argos.REPAIR_SHARE``). A sentence with a
    prefix that the engine does not re-decode (no room left after the prefix, or a
    continuation that did not end within the bound or loops) comes back as ``""``: the
    caller keeps what it had.
    """

    def translate_with_prefix(
        self, sentences: Sequence[str], prefixes: Sequence[str] | None, src: str, tgt: str
    ) -> list[str]:
        """Translate, forcing output ``i`` to start with ``prefixes[i]`` (``""`` for none).

        Returns:
            One string per sentence: one starting with its prefix, or ``""`` for a sentence
            with a prefix the engine declined to re-decode.
        """
        ...


def describe_pair(translator: Translator, src: str, tgt: str) -> PairInfo:
    """How ``translator`` serves ``src -> tgt``; a translator without ``describe`` is direct."""
    if isinstance(translator, DescribingTranslator):
        return translator.describe(src, tgt)
    return PairInfo(engine=type(translator).__name__, route=(src, tgt))
