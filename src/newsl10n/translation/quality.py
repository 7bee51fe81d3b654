"""Checks for the known failure modes of small NMT models, reported per segment.

Small models loop (``the the the``, ``в рамках в рамках в рамках``), copy the source
instead of translating it, return nothing, or run on far past the source's length.
:func:`check_translation` returns a list of :class:`newsl10n.findings.Finding` warnings with
codes ``empty``, ``copy``, ``repetition`` and ``too-long``; an empty list means nothing was
noticed.
"""

from __future__ import annotations

from newsl10n import tokens
from newsl10n.findings import Finding, Severity

__all__ = ["Finding", "check_translation", "find_repetition"]

MAX_LENGTH_RATIO = 4.0
MIN_REPEATS = 3


def check_translation(source: str, output: str) -> list[Finding]:
    """Return what looks wrong with ``output`` as a translation of ``source``."""
    findings: list[Finding] = []
    src_words = tokens.WORD.findall(source.lower())
    out_words = tokens.WORD.findall(output.lower())
    if src_words and not output.strip():
        return [Finding("empty", "the model returned an empty translation", Severity.WARNING)]
    loop = find_repetition(output)
    if loop is not None:
        findings.append(Finding("repetition", f"runaway repetition of {loop!r}", Severity.WARNING))
    if _is_copy(src_words, out_words):
        findings.append(
            Finding("copy", "the output copies the source instead of translating it", Severity.WARNING)
        )
    if len(output) > MAX_LENGTH_RATIO * len(source) + 20:
        findings.append(
            Finding(
                "too-long",
                f"output is {len(output)} characters for a {len(source)}-character source",
                Severity.WARNING,
            )
        )
    return findings


def find_repetition(text: str, max_n: int = 4) -> str | None:
    """Find a decoder loop: a word n-gram (n <= ``max_n``) repeated back to back.

    Returns:
        The first n-gram seen ``MIN_REPEATS`` times in a row, or ``None``.
    """
    words = tokens.WORD.findall(text.lower())
    for n in range(1, max_n + 1):
        for start in range(0, len(words) - n * MIN_REPEATS + 1):
            gram = words[start : start + n]
            if all(words[start + k * n : start + (k + 1) * n] == gram for k in range(1, MIN_REPEATS)):
                if n == 1 and len(gram[0]) == 1 and not gram[0].isalpha():
                    continue
                return " ".join(gram)
    return None


def _is_copy(src_words: list[str], out_words: list[str]) -> bool:
    """The output is the source again: identical, or (4+ words) made of its words."""
    if len(src_words) < 2 or not out_words:
        return False
    if out_words == src_words:
        return True
    if len(out_words) < 4:
        return False
    vocabulary = set(src_words)
    shared = sum(1 for w in out_words if w in vocabulary and not w.isdigit())
    return shared / len(out_words) >= 0.8
