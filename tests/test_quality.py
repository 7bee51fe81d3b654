"""Failure modes of small NMT models are reported per segment."""

from __future__ import annotations

from newsl10n.translation.quality import check_translation


def codes(source: str, output: str) -> list[str]:
    return [f.code for f in check_translation(source, output)]


def test_a_good_translation_has_no_findings():
    assert codes("The parliament ratified the agreement.", "Парламент ратифицировал соглашение.") == []


def test_runaway_repetition_is_reported():
    assert "repetition" in codes("The parliament met.", "Парламент парламент парламент парламент")
    assert "repetition" in codes("He spoke.", "в рамках в рамках в рамках соглашения")


def test_a_copied_source_is_reported():
    assert codes("The parliament ratified it.", "The parliament ratified it.") == ["copy"]
    assert "copy" in codes(
        "Russia and Kyrgyzstan signed the deal today.", "Russia and Kyrgyzstan signed the deal"
    )


def test_shared_names_alone_are_not_a_copy():
    assert "copy" not in codes("Putin met Japarov in Bishkek.", "Путин встретился с Japarov в Bishkek.")


def test_empty_and_overlong_outputs_are_reported():
    assert codes("Hello there.", "") == ["empty"]
    assert "too-long" in codes("Hi.", "слово " * 20)


def _reference_repetition(text: str, max_n: int = 4) -> str | None:
    """The original slice-by-slice search, kept to check the one-pass version against."""
    import re

    words = re.findall(r"\w+", text.lower())
    for n in range(1, max_n + 1):
        for start in range(0, len(words) - n * 3 + 1):
            gram = words[start : start + n]
            if all(words[start + k * n : start + (k + 1) * n] == gram for k in range(1, 3)):
                if n == 1 and len(gram[0]) == 1 and not gram[0].isalpha():
                    continue
                return " ".join(gram)
    return None


def test_find_repetition_agrees_with_the_slice_by_slice_search() -> None:
    import random

    from newsl10n.translation.quality import find_repetition

    rng = random.Random(9)
    vocabulary = ["в", "рамках", "the", "1", "2", "а", "Кант", "ОДКБ", "_", "x"]
    for _ in range(3000):
        text = " ".join(rng.choice(vocabulary[: rng.randint(2, 10)]) for _ in range(rng.randint(0, 30)))
        assert find_repetition(text) == _reference_repetition(text), text
