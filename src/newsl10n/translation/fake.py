"""A deterministic translator that needs no model, for tests and for trying the pipeline.

``newsl10n translate --engine fake`` uses it: each sentence comes back tagged with its
target language, ``"[ru] Text"``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from newsl10n.translation.protocol import PairInfo

__all__ = ["FakeTranslator"]


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
