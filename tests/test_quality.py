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
