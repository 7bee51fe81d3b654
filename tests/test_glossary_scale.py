"""What keeps big glossaries linear keeps the results the same (timings live in bench/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsl10n.glossary.context import CONTEXT_WINDOW, case_from_context
from newsl10n.glossary.edit import EntrySpec, new_catalog_text, seed_glossary, with_entries, with_entry
from newsl10n.glossary.io import load_glossary
from newsl10n.glossary.lint import lint
from newsl10n.glossary.matching import find_terms
from newsl10n.glossary.model import Glossary, GlossaryEntry
from newsl10n.glossary.morphology import Case

ROOT = Path(__file__).resolve().parents[1]


def test_with_entries_writes_what_one_with_entry_after_another_writes():
    text = (ROOT / "glossary" / "ru.po").read_text("utf-8")
    specs = [
        EntrySpec("Osh", "Ош", "place", ("Second city.",)),
        EntrySpec("Naryn", "Нарын", "place"),
        EntrySpec("Bishkek", "Бишкек", "place", ("Capital.",)),  # already there: updated
        EntrySpec("Osh", "Ош", "place", ("Southern capital.",)),  # repeated: merged
    ]
    expected = text
    for spec in specs:
        expected = with_entry(expected, spec)
    assert with_entries(text, specs) == expected
    assert with_entries(new_catalog_text("ru"), specs[:2]) == with_entry(
        with_entry(new_catalog_text("ru"), specs[0]), specs[1]
    )


def test_seed_of_a_big_catalog_adds_every_name_once(tmp_path: Path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    body = "".join(f'msgid "Term{i}"\nmsgstr "Терм{i}"\n\n' for i in range(3000))
    (folder / "ru.po").write_text(new_catalog_text("ru") + "\n" + body, encoding="utf-8")
    result = seed_glossary(folder, "ru")
    glossary = load_glossary(folder)
    assert result.added and len(glossary.entries("ru")) == 3000 + len(result.added)
    assert glossary.get("Kazakhstan", "place").rendering("ru") == "Казахстан"
    assert not [f for f in lint([folder]) if f.severity.value == "error"]


def test_case_context_far_into_a_long_text_is_read_as_in_a_short_one():
    filler = "слово " * (CONTEXT_WINDOW // 3)
    for before, case in (("Он прибыл в ", Case.ACC), ("Он живёт в ", Case.LOC), ("Вышел из ", Case.GEN)):
        assert case_from_context(before, ".", "ru") is case
        assert case_from_context(filler + before, "." + filler, "ru") is case
    assert case_from_context("x" * (2 * CONTEXT_WINDOW) + " в ", "", "ru") is Case.LOC
    assert case_from_context("", " менен " + "сөз " * CONTEXT_WINDOW, "ky") is Case.NOM
    assert case_from_context("", "’s office", "en") is Case.GEN


def test_find_terms_in_a_long_text_takes_the_case_of_each_occurrences_context():
    glossary = Glossary([GlossaryEntry("ru", "Bishkek", "place", "Бишкек")])
    text = " ".join(["Filler words here."] * 200 + ["He lives in Bishkek.", "Bishkek’s mayor spoke."])
    found = find_terms(glossary, text, "en")
    assert [(m.text, m.case) for m in found] == [("Bishkek", Case.LOC), ("Bishkek", Case.GEN)]


def test_overlapping_candidates_by_character_keep_the_longest():
    """Two terms sharing punctuation but no word: one of them, never both (masking would
    then cut the text twice at the shared character)."""
    glossary = Glossary(
        [GlossaryEntry("ru", "Alpha )", None, "Альфа )"), GlossaryEntry("ru", ") Beta", None, ") Бета")]
    )
    assert [m.text for m in find_terms(glossary, "x Alpha ) Beta y", "en")] == ["Alpha )"]


@pytest.mark.parametrize("ctx", [None, "person"])
def test_get_finds_a_term_by_msgid_and_context(ctx):
    entries = [GlossaryEntry("ru", f"T{i}", "person" if i % 2 else None, f"Т{i}") for i in range(100)]
    entries.append(GlossaryEntry("ru", "T2", "person", "Т2-лицо"))
    glossary = Glossary(entries)
    term = glossary.get("T2", ctx)
    assert term is not None and term.rendering("ru") == ("Т2" if ctx is None else "Т2-лицо")
    assert glossary.get("T3", None).msgctxt == "person" and glossary.get("T3", "place") is None
    assert glossary.get("nope") is None
