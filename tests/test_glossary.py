"""Loading glossary PO files and finding terms in source text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsl10n.errors import GlossaryFormatError
from newsl10n.glossary.enforce import fingerprint
from newsl10n.glossary.io import load_glossary, read_glossary
from newsl10n.glossary.matching import find_terms, lookup
from newsl10n.glossary.model import Glossary
from newsl10n.glossary.morphology import Case

ROOT = Path(__file__).resolve().parents[1]
PROJECT_GLOSSARY = ROOT / "glossary"
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n\n'
EXTRA_RU = (
    HEADER.format(lang="ru")
    + """\
msgctxt "place"
msgid "Turkey"
msgstr "Турция"

msgid "Organisation"
msgstr "организация"

#, fuzzy
msgid "Osh"
msgstr "Ош"

#, read-only
msgid "Kaspersky"
msgstr ""
"""
)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(PROJECT_GLOSSARY)


@pytest.fixture
def extra() -> Glossary:
    return read_glossary(io.StringIO(EXTRA_RU), name="ru.po")


def found(glossary: Glossary, text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(m.text, m.term.msgid) for m in find_terms(glossary, text, lang)]


def test_load_folder_gives_languages_and_terms(glossary):
    assert glossary.languages == ("ky", "ru")
    term = glossary.get("Kyrgyzstan")
    assert term.rendering("ru") == "Кыргызстан" and term.rendering("ky") == "Кыргызстан"
    assert term.rendering("en") == "Kyrgyzstan"
    assert glossary.get("CSTO").rendering("ky") == "ЖККУ"
    assert "Киргизия" in term.variants("ru")


def test_fuzzy_entries_are_listed_but_not_enforced(extra):
    assert [e.msgid for e in extra.entries() if e.fuzzy] == ["Osh"]
    assert extra.get("Osh") is None
    assert found(extra, "Flights to Osh resumed.") == []


def test_read_only_entry_renders_as_the_msgid(extra):
    term = extra.get("Kaspersky")
    assert term.keep and term.rendering("ru") == "Kaspersky"


def test_duplicate_entry_is_a_format_error_with_line(tmp_path):
    path = tmp_path / "ru.po"
    path.write_text(
        HEADER.format(lang="ru") + 'msgid "Kant"\nmsgstr "Кант"\n\nmsgid "Kant"\nmsgstr "Кантт"\n',
        encoding="utf-8",
    )
    with pytest.raises(GlossaryFormatError) as caught:
        load_glossary(path)
    assert caught.value.line == 9 and "duplicate" in str(caught.value)


def test_missing_glossary_path_is_an_error(tmp_path):
    with pytest.raises(GlossaryFormatError, match="no such glossary"):
        load_glossary(tmp_path / "nowhere")


def test_language_from_header_when_the_name_is_not_a_code(tmp_path):
    path = tmp_path / "newsroom-terms.po"
    path.write_text(EXTRA_RU, encoding="utf-8")
    assert load_glossary(path).languages == ("ru",)


def test_whole_words_only(glossary):
    assert found(glossary, "A Kantian argument.") == []
    assert found(glossary, "The base at Kant.") == [("Kant", "Kant")]


def test_capitalised_single_word_needs_a_capital(extra):
    assert found(extra, "We ate turkey.") == []
    assert found(extra, "Talks in Turkey.") == [("Turkey", "Turkey")]
    assert found(extra, "TURKEY VOTES") == [("TURKEY", "Turkey")]


def test_acronyms_match_only_as_written(glossary):
    assert found(glossary, "The Csto met.") == []
    assert found(glossary, "The CSTO met.") == [("CSTO", "CSTO")]


def test_dateline_in_capitals(glossary):
    assert found(glossary, "BISHKEK—In a decisive move")[0] == ("BISHKEK", "Bishkek")


@pytest.mark.parametrize("text", ["Kyrgyzstan’s parliament", "Kyrgyzstan's parliament"])
def test_possessive_is_outside_the_span_and_marks_genitive(glossary, text):
    (match,) = find_terms(glossary, text, "en")
    assert (match.start, match.end) == (0, len("Kyrgyzstan"))
    assert match.case is Case.GEN


def test_longest_multiword_term_first(glossary, extra):
    combined = Glossary(glossary.entries() + extra.entries())
    text = "the Collective Security Treaty Organisation and the Organisation"
    assert found(combined, text) == [
        ("Collective Security Treaty Organisation", "Collective Security Treaty Organisation"),
        ("Organisation", "Organisation"),
    ]


def test_multiword_terms_match_in_lower_case(glossary):
    assert (
        found(glossary, "a joint regional air defense system with")[0][1]
        == "Joint Regional Air Defense System"
    )


def test_hyphenated_and_spaced_spellings(glossary):
    assert found(glossary, "in Nagorno-Karabakh.") == [("Nagorno-Karabakh", "Nagorno-Karabakh")]
    assert found(glossary, "in Nagorno Karabakh.") == [("Nagorno Karabakh", "Nagorno-Karabakh")]


def test_overlapping_candidates_prefer_the_longer_name(glossary):
    assert found(glossary, "Sadyr Japarov met Japarov's aides.") == [
        ("Sadyr Japarov", "Sadyr Japarov"),
        ("Japarov", "Japarov"),
    ]


def test_terms_do_not_match_across_punctuation(glossary):
    assert ("Kyrgyz. Republic", "Kyrgyz Republic") not in found(glossary, "Kyrgyz. Republic")


def test_variants_in_comments_are_recognised(glossary):
    assert found(glossary, "Zhaparov said")[0][1] == "Japarov"
    assert (
        found(glossary, "the Collective Security Treaty Organization")[0][1]
        == "Collective Security Treaty Organisation"
    )


def test_russian_source_matches_inflected_forms(glossary):
    text = "Садыр Жапаров встретился с Путиным в Бишкеке, ОДКБ промолчала, Киргизия тоже."
    matches = find_terms(glossary, text, "ru")
    assert [(m.term.msgid, m.case) for m in matches] == [
        ("Sadyr Japarov", Case.NOM),
        ("Putin", Case.INS),
        ("Bishkek", Case.LOC),
        ("CSTO", Case.NOM),
        ("Kyrgyzstan", Case.NOM),
    ]


def test_kyrgyz_source_matches_suffixed_acronym(glossary):
    (match,) = find_terms(glossary, "ЖККУнун жыйыны өттү.", "ky")
    assert match.term.msgid == "CSTO" and match.case is Case.GEN


def test_lookup_by_any_spelling(glossary):
    assert [t.msgid for t in lookup(glossary, "Жапаровым", "ru")] == ["Japarov"]
    assert [t.msgid for t in lookup(glossary, "Kirghizia")] == ["Kyrgyzstan"]
    assert lookup(glossary, "Paris") == []


def test_sample_article_proper_nouns_are_all_covered(glossary):
    text = SAMPLE.read_text(encoding="utf-8")
    msgids = {m.term.msgid for m in find_terms(glossary, text, "en")}
    assert {
        "Bishkek",
        "Kyrgyzstan",
        "Kyrgyz Republic",
        "Russian Federation",
        "Vladimir Putin",
        "Putin",
        "Kant",
        "Sadyr Japarov",
        "RIA Novosti",
        "Russia",
        "Kazakhstan",
        "Belarus",
        "Tajikistan",
        "Moscow",
        "Collective Security Treaty Organisation",
        "CSTO",
        "Azerbaijan",
        "Armenian",
        "Nagorno-Karabakh",
        "Joint Regional Air Defense System",
    } <= msgids


def test_fingerprint_changes_only_with_matching_entries(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    for lang in ("ru", "ky"):
        (folder / f"{lang}.po").write_text((PROJECT_GLOSSARY / f"{lang}.po").read_text("utf-8"), "utf-8")
    before = load_glossary(folder)
    sentence = "Japarov visited Moscow."
    assert fingerprint(before, "No names here.", "en", "ru") == ""
    print_ru = fingerprint(before, sentence, "en", "ru")
    assert print_ru and print_ru == fingerprint(load_glossary(folder), sentence, "en", "ru")
    assert print_ru != fingerprint(before, sentence, "en", "ky")
    assert print_ru != fingerprint(before, sentence, "en", "ru", mask=False)
    text = (folder / "ru.po").read_text("utf-8")
    (folder / "ru.po").write_text(text.replace('msgstr "Бишкек"', 'msgstr "Бишкек-сити"'), "utf-8")
    assert fingerprint(load_glossary(folder), sentence, "en", "ru") == print_ru
    (folder / "ru.po").write_text(text.replace('msgstr "Москва"', 'msgstr "г. Москва"'), "utf-8")
    assert fingerprint(load_glossary(folder), sentence, "en", "ru") != print_ru
