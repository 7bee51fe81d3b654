"""Glossary placeholders as models return them: with a case suffix glued on, or mangled.

(``tests/test_placeholders.py`` is about catalog placeholders, ``%s`` and ``{name}``.)
"""

from __future__ import annotations

import pytest

from newsl10n import tokens
from newsl10n.glossary import enforce
from newsl10n.glossary.matching import find_terms
from newsl10n.glossary.model import Glossary, GlossaryEntry
from newsl10n.glossary.repair import Draft, read_ending, slot_for
from newsl10n.translation.fake import FakeTranslator

GLOSSARY = Glossary(
    [
        GlossaryEntry(lang, msgid, msgctxt, rendering)
        for lang in ("ky", "ru")
        for msgctxt, msgid, rendering in (
            ("person", "Japarov", "Жапаров"),
            ("place", "Bishkek", "Бишкек"),
        )
    ]
)


# NE1, НЕ1, NE 1 and a suffix glued on directly were found before; the rest is new (a
# hyphen was part of the suffix).
@pytest.mark.parametrize(
    ("written", "n", "suffix"),
    [
        ("NE1", "1", None),
        ("NE12", "12", None),
        ("NE1дин", "1", "дин"),
        ("NE1ге", "1", "ге"),
        ("NE1а", "1", "а"),
        ("NE1ом", "1", "ом"),
        ("NE1'дин", "1", "дин"),
        ("NE1’дин", "1", "дин"),
        ("NE1-га", "1", "га"),
        ("НЕ1", "1", None),
        ("NE 1", "1", None),
        ("NE-1", "1", None),
        ("NE_1", "1", None),
        ("ne1", "1", None),
        ("Ne1", "1", None),
        ("NЕ1", "1", None),  # Latin N, Cyrillic Е
        ("НE1", "1", None),  # Cyrillic Н, Latin E
        ("ne1дин", "1", "дин"),
    ],
)
def test_a_kept_or_mangled_placeholder_gives_its_number_and_suffix(written, n, suffix):
    found = tokens.TERM_FOUND.search(f"в {written} келди")
    assert found is not None
    assert (found.group(), found["n"], found["suffix"]) == (written, n, suffix)


@pytest.mark.parametrize("text", ["NEWS1", "ONE1", "done1 day", "NE1234", "не 1 раз", "ne 1", "Ne 1"])
def test_nothing_else_is_a_placeholder(text):
    assert tokens.TERM_FOUND.search(text) is None


def run(source: str, output: str, tgt: str) -> enforce.TermResult:
    plan = enforce.prepare(GLOSSARY, [source], "en", tgt)
    assert plan.masked == [True]
    (result,) = enforce.finish(GLOSSARY, plan, [output], FakeTranslator())
    return result


@pytest.mark.parametrize(
    ("tgt", "source", "output", "expected"),
    [
        ("ky", "Japarov's visit.", "NE1'дин сапары.", "Жапаровдун сапары."),
        ("ky", "Japarov's visit.", "NE1’дин сапары.", "Жапаровдун сапары."),
        ("ky", "Japarov's visit.", "NE1дин сапары.", "Жапаровдун сапары."),
        ("ky", "He wrote to Japarov.", "Ал NE1-га кат жазды.", "Ал Жапаровго кат жазды."),
        ("ky", "Japarov came to Bishkek.", "ne1 NE2ке келди.", "Жапаров Бишкекке келди."),
        ("ky", "Japarov came to Bishkek.", "НЕ1 NЕ2ге келди.", "Жапаров Бишкекке келди."),
        ("ky", "Japarov came to Bishkek.", "Ne1 NE_2ге келди.", "Жапаров Бишкекке келди."),
        ("ru", "He met Japarov.", "Он встретился с NE1ом.", "Он встретился с Жапаровым."),
        ("ru", "Visit of Japarov.", "Визит NE1а.", "Визит Жапарова."),
        ("ru", "Visit of Japarov.", "Визит NE-1а.", "Визит Жапарова."),
    ],
)
def test_the_rendering_takes_the_case_of_the_glued_suffix(tgt, source, output, expected):
    result = run(source, output, tgt)
    assert result.text == expected
    assert not result.missing


def test_a_left_over_placeholder_goes_with_its_case_ending():
    draft = Draft("NE1 жана NE1'дин NE7ге келди.", [])
    draft.drop_placeholders(tokens.TERM_FOUND)
    assert draft.text == "жана келди."


READ_GLOSSARY = Glossary(
    [
        GlossaryEntry("ru", "Moscow", "place", "Москва"),
        GlossaryEntry("ru", "Japarov", "person", "Жапаров"),
        GlossaryEntry("ru", "CSTO", "org", "ОДКБ"),
        GlossaryEntry("ru", "Baku", "place", "Баку"),
        GlossaryEntry("ru", "Jogorku Kenesh", "org", "Жогорку Кенеш"),
        GlossaryEntry("ky", "Bishkek", "place", "Бишкек"),
        GlossaryEntry("ky", "Kant", "place", "Кант"),
        GlossaryEntry("ky", "24.kg", "org", "24.kg"),
    ]
)


@pytest.mark.parametrize(
    ("tgt", "term", "ending", "cases", "form"),
    [
        # the rendering's own declension reads an ambiguous ending
        ("ru", "Moscow", "у", ("acc",), None),
        ("ru", "Japarov", "у", ("dat",), None),
        ("ru", "Japarov", "а", ("gen", "acc", "abl"), None),
        # any Kyrgyz harmony, after an apostrophe or a hyphen
        ("ky", "Bishkek", "'дин", ("gen",), None),
        ("ky", "Kant", "-га", ("dat",), None),
        ("ky", "Bishkek", "s", (), None),
        ("ru", "Jogorku Kenesh", "а", ("gen", "abl"), None),
        # no form in the declension: the model's ending on the rendering as written
        ("ky", "24.kg", "нын", ("gen",), "24.kgнын"),
        ("ru", "CSTO", "а", ("gen",), None),
        ("ru", "Baku", "е", ("loc",), None),
    ],
)
def test_read_ending_gives_the_cases_of_this_name_and_a_form_when_declension_has_none(
    tgt, term, ending, cases, form
):
    (match,) = find_terms(READ_GLOSSARY, term, "en")
    slot = slot_for(match, tgt)
    assert slot is not None
    found, written = read_ending(slot, ending, tgt)
    assert ([case.value for case in found], written) == (list(cases), form)
