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

    For each n, one pass counts how many words in a row equal the word n places later; a
    run of ``n * (MIN_REPEATS - 1)`` means an n-gram said ``MIN_REPEATS`` times in a row.
    Linear in the number of words, so checking a whole archive stays cheap.

    Returns:
        The first n-gram seen ``MIN_REPEATS`` times in a row (the smallest n first), or
        ``None``. A lone digit or sign repeated (``1 1 1``) is not a loop.
    """
    words = tokens.WORD.findall(text.lower())
    for n in range(1, max_n + 1):
        needed = n * (MIN_REPEATS - 1)
        run = 0
        for i in range(len(words) - n):
            if words[i] != words[i + n]:
                run = 0
                continue
            run += 1
            if run >= needed:
                start = i - needed + 1
                if n == 1 and len(words[start]) == 1 and not words[start].isalpha():
                    continue
                return " ".join(words[start : start + n])
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
