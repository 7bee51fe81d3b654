"""Honest status: every placed term says which evidence chose its case, and ``glossary check``
counts a term only at its own place."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from newsl10n.glossary import enforce
from newsl10n.glossary.accuracy import check_terms
from newsl10n.glossary.context import Evidence
from newsl10n.glossary.enforce import TermStrategy
from newsl10n.glossary.io import load_glossary, read_glossary
from newsl10n.glossary.model import Glossary
from newsl10n.glossary.morphology import Case
from newsl10n.parallel.align import Segment
from newsl10n.translation.fake import FakeTranslator

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary")


def answer(output: str) -> FakeTranslator:
    return FakeTranslator(rule=lambda s, src, tgt: output)


def place(glossary, sentence, tgt, output, strategy=TermStrategy.MASK, src="en", **kw):
    plan = enforce.prepare(glossary, [sentence], src, tgt, strategy=strategy)
    translator = answer(output)
    (result,) = enforce.finish(
        glossary, plan, translator.translate_batch(plan.inputs, src, tgt), translator, **kw
    )
    return result


def evidence(result) -> dict[str, tuple[str, Case | None, Evidence | None]]:
    return {t.msgid: (t.form, t.case, t.evidence) for t in result.terms}


# --------------------------------------------------------------------------- placeholders


def test_a_glued_suffix_a_postposition_and_nothing_each_say_so(glossary):
    result = place(glossary, "Sadyr Japarov met Putin in Bishkek.", "ky", "NE1 NE2 менен NE3да жолукту.")
    assert evidence(result) == {
        "Sadyr Japarov": ("Садыр Жапаров", Case.NOM, Evidence.DEFAULT),
        "Putin": ("Путин", Case.NOM, Evidence.POSTPOSITION),
        "Bishkek": ("Бишкекте", Case.LOC, Evidence.SUFFIX),
    }


def test_a_placeholder_after_a_russian_preposition_is_the_prepositions(glossary):
    result = place(glossary, "Sadyr Japarov met Putin in Kant.", "ru", "Встреча NE1 с NE2 прошла в NE3.")
    assert [(t.case, t.evidence) for t in result.terms] == [
        (Case.GEN, Evidence.GOVERNING_NOUN),  # встреча Садыра Жапарова
        (Case.INS, Evidence.PREPOSITION),
        (Case.LOC, Evidence.PREPOSITION),
    ]


def test_a_bare_placeholder_takes_the_source_case_and_says_so(glossary):
    # "of Kant" tells the genitive in the source; nothing around NE1 does in the target
    result = place(glossary, "The runway of Kant was closed.", "ru", "Закрыта NE1.")
    assert evidence(result)["Kant"] == ("Канта", Case.GEN, Evidence.SOURCE)


# --------------------------------------------------------------------------- the model's own form


def test_the_models_own_case_form_is_the_models_evidence(glossary):
    result = place(
        glossary,
        "The CSTO summit was held in Bishkek.",
        "ru",
        "Саммит ОДКБ прошёл в Бишкеке.",
        TermStrategy.KEEP,
    )
    assert evidence(result)["Bishkek"] == ("Бишкеке", Case.LOC, Evidence.MODEL)
    assert result.terms[1].status == "model"


def test_a_base_form_the_preposition_rules_out_is_reinflected_by_it(glossary):
    result = place(glossary, "The base is in Kant.", "ru", "База находится в Кант.", TermStrategy.KEEP)
    assert evidence(result)["Kant"] == ("Канте", Case.LOC, Evidence.PREPOSITION)
    assert result.terms[0].status == "inflected"


def test_a_misspelt_form_keeps_the_models_ending_as_model_evidence(glossary):
    result = place(
        glossary, "Putin wrote to Japarov.", "ky", "Путин Джапаровго кат жазды.", TermStrategy.KEEP
    )
    assert evidence(result)["Japarov"] == ("Жапаровго", Case.DAT, Evidence.MODEL)
    assert evidence(result)["Putin"][2] is Evidence.MODEL


def test_a_foreign_spelling_with_a_glued_suffix_is_the_suffixs(glossary):
    result = place(glossary, "The CSTO summit took place.", "ky", "CSTOго мүчө өлкөлөр.", TermStrategy.KEEP)
    assert result.text == "ЖККУга мүчө өлкөлөр."
    assert evidence(result)["CSTO"][1:] == (Case.DAT, Evidence.SUFFIX)


def test_a_copied_source_spelling_takes_the_case_of_its_preposition(glossary):
    result = place(glossary, "Troops arrived in Kant.", "ru", "Войска прибыли в Kant.", TermStrategy.KEEP)
    assert evidence(result)["Kant"][2] is Evidence.PREPOSITION


# --------------------------------------------------------------------------- inserted terms


def test_an_inserted_term_with_nothing_to_tell_its_case_is_default(glossary):
    result = place(glossary, "Putin arrived.", "ru", "Президент прибыл.")
    assert evidence(result)["Putin"] == ("Путин", Case.NOM, Evidence.DEFAULT)


def test_an_inserted_term_of_an_inflected_source_takes_the_source_case(glossary):
    result = place(glossary, "Жапаров встретился с Путиным в Бишкеке.", "ky", "Жолугушуу болду.", src="ru")
    assert evidence(result)["Bishkek"] == ("Бишкекте", Case.LOC, Evidence.SOURCE)


class PrefixFake(FakeTranslator):
    def __init__(self, first: str, continuation: str) -> None:
        super().__init__(rule=lambda s, a, b: first)
        self.continuation = continuation

    def translate_with_prefix(self, sentences, prefixes, src, tgt):
        return [f"{prefix} {self.continuation}" for prefix in prefixes]


def test_a_redecoded_term_keeps_the_case_and_evidence_of_its_insertion(glossary):
    # Путина is genitive and accusative alike: the accusative of the source (Путинди) stays
    model = PrefixFake("Сегодня поздравили.", "поздравили с победой.")
    plan = enforce.prepare(glossary, ["Бүгүн Путинди куттуктады."], "ky", "ru", strategy=TermStrategy.MASK)
    (result,) = enforce.finish(glossary, plan, model.translate_batch(plan.inputs, "ky", "ru"), model)
    assert result.text == "Путина поздравили с победой."
    (term,) = result.terms
    assert (term.form, term.case, term.evidence, term.status) == (
        "Путина",
        Case.ACC,
        Evidence.SOURCE,
        "repaired",
    )


# --------------------------------------------------------------------------- missing, memory, JSON


def test_a_missing_term_has_no_evidence(glossary):
    result = place(glossary, "Putin arrived.", "ru", "Президент прибыл.", repair=False)
    assert result.terms[0].status == "missing" and result.terms[0].evidence is None
    assert result.terms[0].as_dict()["evidence"] is None


def test_a_memory_hit_reports_the_evidence_of_its_terms(glossary, tmp_path):
    from newsl10n.glossary.apply import translate_sentences
    from newsl10n.translation.memory import TranslationMemory

    sentence = "The base is in Kant."
    with TranslationMemory.open(tmp_path / "tm.sqlite3") as memory:
        engine = answer("База находится в Канте.")
        (fresh,) = translate_sentences([sentence], "en", "ru", engine, glossary=glossary, memory=memory)
        (hit,) = translate_sentences([sentence], "en", "ru", engine, glossary=glossary, memory=memory)
    assert hit.from_memory and not fresh.from_memory
    assert [(t.case, t.evidence) for t in hit.terms] == [(Case.LOC, Evidence.MODEL)]


def test_alignment_rows_carry_the_evidence_and_read_back_typed(glossary):
    result = place(glossary, "Sadyr Japarov met Putin in Bishkek.", "ky", "NE1 NE2 менен NE3да жолукту.")
    rows = [t.as_dict() for t in result.terms]
    assert [row["evidence"] for row in rows] == ["default", "postposition", "model-suffix"]
    assert json.loads(json.dumps(rows)) == rows
    data = {"id": "p1.s1", "paragraph": 0, "en": "x", "ky": result.text, "terms": {"ky": rows}}
    segment = Segment.from_dict(data, ["en", "ky"])
    assert segment.occurrences["ky"] == result.terms
    assert segment.occurrences["ky"][2].evidence is Evidence.SUFFIX


def test_an_alignment_row_written_before_the_evidence_reads_back_without_it(glossary):
    result = place(glossary, "Putin arrived.", "ru", "Путин прибыл.")
    row = result.terms[0].as_dict()
    del row["evidence"]
    segment = Segment.from_dict(
        {"id": "p1.s1", "paragraph": 0, "en": "x", "ru": "y", "terms": {"ru": [row]}}, ["en"]
    )
    assert segment.occurrences["ru"][0].evidence is None


def scrambled(sentence: str, src: str, tgt: str) -> str:
    words = re.findall(r"\w+", sentence.lower())
    return " ".join(w[::-1] for w in words[::2]) + "."


@pytest.mark.parametrize("strategy", list(TermStrategy))
@pytest.mark.parametrize("tgt", ["ru", "ky"])
def test_every_placed_term_of_the_sample_has_evidence(glossary, tgt, strategy):
    text = SAMPLE.read_text(encoding="utf-8")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    plan = enforce.prepare(glossary, sentences, "en", tgt, strategy=strategy)
    model = FakeTranslator(rule=scrambled)
    results = enforce.finish(glossary, plan, model.translate_batch(plan.inputs, "en", tgt), model)
    terms = [t for r in results for t in r.terms]
    assert len(terms) >= 30
    assert all(t.status != "missing" and isinstance(t.evidence, Evidence) for t in terms)
    assert {t.evidence for t in terms} - {Evidence.MODEL, Evidence.SUFFIX}  # not all claimed as the model's


# --------------------------------------------------------------------------- glossary check: own place

CHECK_GLOSSARY = """msgid ""
msgstr "Language: ru\\n"

msgctxt "person"
msgid "Japarov"
msgstr "Жапаров"

msgctxt "person"
msgid "Sadyr Japarov"
msgstr "Садыр Жапаров"

msgctxt "person"
msgid "Akylbek Japarov"
msgstr "Акылбек Жапаров"

msgctxt "person"
msgid "Putin"
msgstr "Путин"
"""


@pytest.fixture(scope="module")
def people() -> Glossary:
    return read_glossary(io.StringIO(CHECK_GLOSSARY), name="ru.po", lang="ru")


def found(findings) -> list[tuple[str, str | None, str]]:
    return [(f.msgid, f.found, f.match) for f in findings]


def test_a_surname_inside_another_persons_name_does_not_count(people):
    findings = check_terms("Japarov spoke.", "Акылбек Жапаров выступил.", "en", "ru", people)
    assert found(findings) == [("Japarov", None, "missing")]


def test_a_full_name_is_not_found_inside_anothers(people):
    findings = check_terms("Sadyr Japarov spoke.", "Акылбек Жапаров выступил.", "en", "ru", people)
    assert found(findings) == [("Sadyr Japarov", None, "missing")]


def test_two_people_of_one_surname_each_count_at_their_own_name(people):
    source = "Sadyr Japarov and Akylbek Japarov met."
    findings = check_terms(source, "Встретились Акылбек Жапаров и Садыр Жапаров.", "en", "ru", people)
    assert [(f.msgid, f.match, f.target_start) for f in findings] == [
        ("Sadyr Japarov", "exact", 30),
        ("Akylbek Japarov", "exact", 12),
    ]


def test_the_surname_counts_beside_its_full_name_only_once_each(people):
    source = "Sadyr Japarov arrived; Japarov spoke."
    findings = check_terms(source, "Садыр Жапаров прибыл.", "en", "ru", people)
    assert found(findings) == [("Sadyr Japarov", "Садыр Жапаров", "exact"), ("Japarov", None, "missing")]
    both = check_terms(source, "Садыр Жапаров прибыл; Жапаров выступил.", "en", "ru", people)
    assert [f.match for f in both] == ["exact", "exact"]


def test_one_rendering_answers_for_the_occurrence_nearest_its_place(people):
    source = "Putin arrived in the morning, and in the evening the Kremlin said Putin was tired."
    findings = check_terms(source, "Вечером Кремль сообщил, что Путин устал.", "en", "ru", people)
    assert found(findings) == [("Putin", None, "missing"), ("Putin", "Путин", "exact")]


def test_occurrences_of_one_term_pair_in_order(people):
    source = "Putin met Japarov; later Putin left."
    translation = "Путин встретился с Жапаровым; позже Путин уехал."
    findings = check_terms(source, translation, "en", "ru", people)
    assert [(f.msgid, f.match, f.target_start) for f in findings] == [
        ("Putin", "exact", 0),
        ("Japarov", "lemma", 19),
        ("Putin", "exact", 36),
    ]


def test_glossary_check_on_the_command_line_counts_own_places(people, tmp_path):
    from typer.testing import CliRunner

    from newsl10n.cli import app

    (tmp_path / "ru.po").write_text(CHECK_GLOSSARY, encoding="utf-8")
    (tmp_path / "src.txt").write_text("Japarov spoke.\n", encoding="utf-8")
    (tmp_path / "ru.txt").write_text("Акылбек Жапаров выступил.\n", encoding="utf-8")
    args = ["glossary", "check", str(tmp_path / "src.txt"), str(tmp_path / "ru.txt"), "--lang", "ru"]
    result = CliRunner().invoke(app, [*args, "--glossary", str(tmp_path / "ru.po"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["accuracy"] == 0.0 and data["terms"][0]["match"] == "missing"


def test_a_neighbouring_placeholder_does_not_hide_the_words_that_tell_the_case(glossary):
    # "Визит NE1 в NE2": the motion noun before NE1 makes в take the accusative for NE2
    result = place(glossary, "A visit of Putin to Belarus.", "ru", "Визит NE1 в NE2.")
    assert result.text == "Визит Путина в Беларусь."
    assert evidence(result)["Belarus"] == ("Беларусь", Case.ACC, Evidence.PREPOSITION)
