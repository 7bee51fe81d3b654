"""The translator seam: a protocol every engine implements, and a deterministic engine.

The pipeline only ever calls :meth:`Translator.translate_batch`; anything with that method
can translate an article. :class:`FakeTranslator` is deterministic and needs no model, for
tests and for trying the pipeline (``newsl10n translate --engine fake``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

__all__ = ["Translator", "PairInfo", "FakeTranslator", "describe_pair"]


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
        return {"engine": self.engine, "route": list(self.route), "models": list(self.models),
                "pivot": self.pivot, "options": self.options}


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


def describe_pair(translator: Translator, src: str, tgt: str) -> PairInfo:
    """Ask ``translator`` how it serves ``src -> tgt``; engines without ``describe`` are direct."""
    describe = getattr(translator, "describe", None)
    if callable(describe):
        info = describe(src, tgt)
        if isinstance(info, PairInfo):
            return info
    return PairInfo(engine=type(translator).__name__, route=(src, tgt))


@dataclass
class FakeTranslator:
    """A deterministic translator that needs no model.

    A sentence found in ``table[(src, tgt)]`` gets that translation; a ``rule`` callable, when
    given, handles the rest; otherwise the sentence comes back tagged with the target
    language, ``"[ru] Text"``, so that every output is traceable to its input.

    Attributes:
        table: Known translations per language pair.
        rule: Fallback ``rule(sentence, src, tgt) -> str``.
        calls: Every call made, as ``(src, tgt, number_of_sentences)``: tests use it to check
            batching.
    """

    table: Mapping[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)
    rule: Callable[[str, str, str], str] | None = None
    calls: list[tuple[str, str, int]] = field(default_factory=list)

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        """Translate each sentence by table, rule or tag."""
        self.calls.append((src, tgt, len(sentences)))
        known = self.table.get((src, tgt), {})
        out = []
        for sentence in sentences:
            if sentence in known:
                out.append(known[sentence])
            elif self.rule is not None:
                out.append(self.rule(sentence, src, tgt))
            else:
                out.append(f"[{tgt}] {sentence}")
        return out

    def describe(self, src: str, tgt: str) -> PairInfo:
        """A fake pair is always direct."""
        return PairInfo(engine="fake", route=(src, tgt), models=("fake",))
