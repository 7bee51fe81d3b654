"""Batching across requests: concurrent requests for one language pair share engine calls.

PLACEHOLDER (issue 12, helper "batching" replaces it): today a pass-through.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsl10n.translation.protocol import PairInfo, Translator, describe_pair

__all__ = ["CoalescingTranslator"]


class CoalescingTranslator:
    """A translator that coalesces concurrent ``translate_batch`` calls (placeholder)."""

    def __init__(self, inner: Translator, *, max_batch: int, wait_ms: float, queue_size: int) -> None:
        self.inner = inner
        self.max_batch = max_batch
        self.wait_ms = wait_ms
        self.queue_size = queue_size

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        """Translate ``sentences`` (placeholder: straight to the inner engine)."""
        return self.inner.translate_batch(sentences, src, tgt)

    def describe(self, src: str, tgt: str) -> PairInfo:
        """How the inner engine serves the pair."""
        return describe_pair(self.inner, src, tgt)

    def close(self) -> None:
        """Stop the dispatcher (placeholder: nothing to stop)."""
