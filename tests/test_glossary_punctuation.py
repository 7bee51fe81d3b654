"""Terms with punctuation (``C++``, ``(CSTO)``, ``$1``): matched and replaced literally, whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli.glossary import glossary_app
from newsl10n.glossary import enforce
from newsl10n.glossary.accuracy import check_terms, term_accuracy
from newsl10n.glossary.matching import find_terms
from newsl10n.glossary.model import Glossary, GlossaryEntry
from newsl10n.translation.fake import FakeTranslator

runner = CliRunner()


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary(
        [
            GlossaryEntry("ru", "C++", None, "Си++"),
            GlossaryEntry("ru", "C#", None, "Си-шарп"),
            GlossaryEntry("ru", "(CSTO)", None, "(ОДКБ)"),
            GlossaryEntry("ru", "$1", None, "$1"),
            GlossaryEntry("ru", "U.S.", None, "США"),
            GlossaryEntry("ru", "Procter & Gamble", None, "Procter & Gamble"),
        ]
    )


def echo() -> FakeTranslator:
    """A model that copies its input: every change is the glossary's."""
    return FakeTranslator(rule=lambda sentence, src, tgt: sentence)


def translate(glossary: Glossary, sentence: str, *, mask: bool) -> str:
    plan = enforce.prepare(glossary, [sentence], "en", "ru", mask=mask)
    model = echo()
    (result,) = enforce.finish(glossary, plan, model.translate_batch(plan.inputs, "en", "ru"), model)
    return result.text


def spans(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    return [(m.term.msgid, m.text) for m in find_terms(glossary, text, "en")]


@pytest.mark.parametrize("mask", [True, False], ids=["masked", "unmasked"])
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("He codes in C++ daily.", "He codes in Си++ daily."),
        ("The alliance (CSTO) met.", "The alliance (ОДКБ) met."),
        ("It costs $1 now.", "It costs $1 now."),
        ("I like C# and C.", "I like Си-шарп and C."),
        ("The U.S. said so.", "The США said so."),
        ("Procter & Gamble grew.", "Procter & Gamble grew."),
    ],
)
def test_a_term_with_punctuation_is_replaced_whole_and_literally(glossary, source, expected, mask):
    assert translate(glossary, source, mask=mask) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Take vitamin C daily.",  # C++ is not the C of vitamin C
        "C++11 is a standard.",  # nor a longer name glued to it
        "The CSTO met.",  # (CSTO) with both parentheses or not at all
        "The (CSTO met.",
        "It costs US$1 or $10 or 1 dollar.",
        "The US said so.",
        "Procter and Gamble.",
    ],
)
def test_a_term_with_punctuation_needs_all_of_it(glossary, text):
    assert spans(glossary, text) == []
    assert translate(glossary, text, mask=True) == text
    assert translate(glossary, text, mask=False) == text


def test_match_spans_include_the_punctuation(glossary):
    assert spans(glossary, "C++ and (CSTO) cost $1 in the U.S.") == [
        ("C++", "C++"),
        ("(CSTO)", "(CSTO)"),
        ("$1", "$1"),
        ("U.S.", "U.S."),
    ]
    assert spans(glossary, "C++, C++. (C++) C++’s") == [("C++", "C++")] * 4


def test_check_needs_the_punctuation_of_the_rendering(glossary):
    findings = check_terms("He codes in C++ and (CSTO).", "Он пишет на Си и ОДКБ.", "en", "ru", glossary)
    assert [(f.msgid, f.match) for f in findings] == [("C++", "missing"), ("(CSTO)", "missing")]
    assert term_accuracy(findings) == 0.0
    good = check_terms("He codes in C++ and (CSTO).", "Он пишет на Си++ и (ОДКБ).", "en", "ru", glossary)
    assert [(f.match, f.found) for f in good] == [("exact", "Си++"), ("exact", "(ОДКБ)")]


def test_cli_check_does_not_count_letters_without_their_punctuation(tmp_path: Path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "ru.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'
        'msgid "C++"\nmsgstr "Си++"\n',
        encoding="utf-8",
    )
    source, target = tmp_path / "en.txt", tmp_path / "ru.txt"
    source.write_text("Take vitamin C. He codes in C++.", encoding="utf-8")
    target.write_text("Принимайте витамин Си. Он пишет на Си.", encoding="utf-8")
    result = runner.invoke(
        glossary_app, ["check", str(source), str(target), "--lang", "ru", "-g", str(folder), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(t["source"], t["match"]) for t in data["terms"]] == [("C++", "missing")]
    assert data["accuracy"] == 0.0


def test_typographic_and_typewriter_apostrophes_are_one():
    glossary = Glossary([GlossaryEntry("ru", "O'Brien", "person", "О’Брайен")])
    assert [m.text for m in find_terms(glossary, "O'Brien met O’Brien, not OBrien.", "en")] == [
        "O'Brien",
        "O’Brien",
    ]


@pytest.mark.parametrize("mask", [True, False], ids=["masked", "unmasked"])
def test_capitals_inside_a_rendering_survive_declension(mask):
    glossary = Glossary(
        [
            GlossaryEntry("ru", "O'Brien", "person", "О’Брайен"),
            GlossaryEntry("ru", "McDonald's", "org", "МакДональдс"),
        ]
    )
    assert translate(glossary, "O'Brien met McDonald's.", mask=mask) == "О’Брайен met МакДональдс."
    plan = enforce.prepare(glossary, ["Он пришёл к O'Brien."], "en", "ru", mask=mask)
    model = FakeTranslator(rule=lambda sentence, src, tgt: "Он пришёл к О’Брайен.")
    (result,) = enforce.finish(glossary, plan, model.translate_batch(plan.inputs, "en", "ru"), model)
    assert result.text == "Он пришёл к О’Брайену."


def test_memory_keys_change_with_the_enforcement_version(glossary, monkeypatch):
    """Translations stored before terms were matched with their punctuation are not served."""
    assert enforce.ENFORCEMENT_VERSION >= 2
    now = enforce.fingerprint(glossary, "He codes in C++.", "en", "ru")
    monkeypatch.setattr(enforce, "ENFORCEMENT_VERSION", 1)
    assert now and enforce.fingerprint(glossary, "He codes in C++.", "en", "ru") != now
