"""Enforcing glossary terms around a translator that makes realistic mistakes."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from newsl10n.errors import TranslationError
from newsl10n.glossary import enforce
from newsl10n.glossary.enforce import TermStatus, TermStrategy
from newsl10n.glossary.io import load_glossary
from newsl10n.glossary.model import Glossary
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.protocol import PrefixTranslator

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"


class Unmasked:
    """A glossary to run without placeholders (``TermStrategy.KEEP``)."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary")


@pytest.fixture(scope="module")
def unmasked(glossary) -> Unmasked:
    return Unmasked(glossary)


def run(glossary: Glossary | Unmasked, sentences: Sequence[str], src: str, tgt: str, translator, **kw):
    strategy = TermStrategy.KEEP if isinstance(glossary, Unmasked) else TermStrategy.MASK
    terms = glossary if isinstance(glossary, Glossary) else glossary.glossary
    plan = enforce.prepare(terms, sentences, src, tgt, strategy=strategy)
    outputs = translator.translate_batch(plan.inputs, src, tgt)
    return plan, enforce.finish(terms, plan, outputs, translator, **kw)


def statuses(result) -> list[tuple[str, str, str]]:
    return [(t.msgid, t.form, t.status) for t in result.terms]


def by_rule(mapping: dict[str, str]) -> FakeTranslator:
    """A translator answering by the first key found in the input (masked or not)."""

    def rule(sentence: str, src: str, tgt: str) -> str:
        for key, output in mapping.items():
            if key in sentence:
                return output
        return "ничего"

    return FakeTranslator(rule=rule)


def test_prepare_masks_terms_with_numbered_placeholders(glossary):
    plan = enforce.prepare(glossary, ["Sadyr Japarov met Putin in Bishkek."], "en", "ky")
    assert plan.inputs == ["NE1 met NE2 in NE3."]
    unmasked = enforce.prepare(
        glossary, ["Sadyr Japarov met Putin in Bishkek."], "en", "ky", strategy=TermStrategy.KEEP
    )
    assert unmasked.inputs == ["Sadyr Japarov met Putin in Bishkek."] and unmasked.masked == [False]
    assert [m.term.msgid for m in plan.matches[0]] == ["Sadyr Japarov", "Putin", "Bishkek"]


def test_surviving_placeholders_take_the_case_of_a_glued_suffix_or_postposition(glossary):
    model = by_rule({"NE1 met NE2": "NE1 NE2 менен NE3да жолукту."})
    _, (result,) = run(glossary, ["Sadyr Japarov met Putin in Bishkek."], "en", "ky", model)
    assert result.text == "Садыр Жапаров Путин менен Бишкекте жолукту."
    assert statuses(result) == [
        ("Sadyr Japarov", "Садыр Жапаров", "model"),
        ("Putin", "Путин", "model"),
        ("Bishkek", "Бишкекте", "inflected"),
    ]


def test_placeholder_after_a_russian_preposition_is_inflected(glossary):
    model = by_rule({"NE1": "Встреча NE1 с NE2 прошла в NE3."})
    _, (result,) = run(glossary, ["Sadyr Japarov met Putin in Kant."], "en", "ru", model)
    # встреча governs the genitive: the meeting of Sadyr Japarov.
    assert result.text == "Встреча Садыра Жапарова с Путиным прошла в Канте."
    assert [t.case for t in result.terms] == ["gen", "ins", "loc"]


def test_misspelt_inflected_name_keeps_the_ending_and_fixes_the_stem(glossary):
    model = by_rule({"": "Путин поговорил с Джапаровым по телефону."})
    _, (result,) = run(glossary, ["Putin spoke with Japarov by phone."], "en", "ru", model)
    assert "с Жапаровым по" in result.text and "Джапар" not in result.text
    assert ("Japarov", "Жапаровым", "repaired") in statuses(result)
    assert ("Putin", "Путин", "model") in statuses(result)


def test_misspelt_kyrgyz_form_keeps_the_suffix(glossary):
    model = by_rule({"": "Путин Джапаровго кат жазды."})
    _, (result,) = run(glossary, ["Putin wrote to Japarov."], "en", "ky", model)
    assert result.text == "Путин Жапаровго кат жазды."


def test_wrong_case_after_preposition_is_fixed(glossary):
    model = by_rule({"": "База находится в Кант."})
    _, (result,) = run(glossary, ["The base is in Kant."], "en", "ru", model)
    assert result.text == "База находится в Канте."
    assert statuses(result) == [("Kant", "Канте", "inflected")]


def test_model_output_in_the_right_form_is_kept(unmasked):
    model = by_rule({"": "Саммит ОДКБ прошёл в Бишкеке."})
    _, (result,) = run(unmasked, ["The CSTO summit was held in Bishkek."], "en", "ru", model)
    assert result.text == "Саммит ОДКБ прошёл в Бишкеке."
    assert [t.status for t in result.terms] == ["model", "model"]


def test_wrong_variant_is_replaced_in_the_case_its_context_needs(unmasked):
    model = by_rule({"": "Учения прошли в Киргизии."})
    _, (result,) = run(unmasked, ["Drills were held in Kyrgyzstan."], "en", "ru", model)
    assert result.text == "Учения прошли в Кыргызстане."


@pytest.mark.parametrize(
    "tgt, output, expected",
    [
        ("ru", "Саммит КСТО прошёл.", "Саммит ОДКБ прошёл."),
        ("ru", "Саммит CSTO прошёл.", "Саммит ОДКБ прошёл."),
        ("ky", "CSTOго мүчө өлкөлөр.", "ЖККУга мүчө өлкөлөр."),
    ],
)
def test_translated_or_copied_acronym_is_replaced(unmasked, tgt, output, expected):
    _, (result,) = run(unmasked, ["The CSTO summit took place."], "en", tgt, by_rule({"": output}))
    assert result.text == expected
    assert result.terms[0].status == "repaired"


def test_dropped_terms_are_inserted_and_reported(glossary):
    model = by_rule({"": "Президент прибыл с визитом."})
    _, (result,) = run(glossary, ["Putin arrived in Bishkek."], "en", "ru", model)
    assert "Путин" in result.text and "Бишкеке" in result.text
    assert {t.status for t in result.terms} == {"repaired"}
    for term in result.terms:
        assert result.text[term.target_start : term.target_end] == term.form


def test_without_repair_a_dropped_term_is_reported_missing(glossary):
    model = by_rule({"": "Президент прибыл."})
    _, (result,) = run(glossary, ["Putin arrived."], "en", "ru", model, repair=False)
    assert result.text == "Президент прибыл."
    assert result.missing and result.terms[0].as_dict()["status"] == "missing"


class PrefixFake(FakeTranslator):
    """Continues a forced prefix the way CTranslate2's target_prefix does."""

    def __init__(self, rule, continuation: str) -> None:
        super().__init__(rule=rule)
        self.continuation = continuation
        self.prefix_calls: list[tuple[list[str], list[str]]] = []

    def translate_with_prefix(self, sentences, prefixes, src, tgt):
        self.prefix_calls.append((list(sentences), list(prefixes)))
        return [f"{prefix} {self.continuation}" for prefix in prefixes]


def test_missing_term_is_redecoded_with_a_target_prefix(glossary):
    model = PrefixFake(lambda s, a, b: "Путин прибыл.", continuation="и провёл переговоры.")
    _, (result,) = run(glossary, ["Putin and Japarov arrived."], "en", "ru", model)
    ((sentences, prefixes),) = model.prefix_calls
    assert sentences == ["NE1 and NE2 arrived."]
    assert prefixes[0].endswith("Жапаров")
    assert result.text == prefixes[0] + " и провёл переговоры."
    assert statuses(result) == [("Putin", "Путин", "model"), ("Japarov", "Жапаров", "repaired")]


class Wrapper:
    """A wrapper (like a memory or logging layer) around an engine; not a FakeTranslator."""

    def __init__(self, inner: PrefixFake) -> None:
        self.inner = inner

    def translate_batch(self, sentences, src, tgt):
        return self.inner.translate_batch(sentences, src, tgt)

    def translate_with_prefix(self, sentences, prefixes, src, tgt):
        return self.inner.translate_with_prefix(sentences, prefixes, src, tgt)


class BatchOnly:
    """A wrapper that only translates batches: no re-decode is possible through it."""

    def __init__(self, inner: FakeTranslator) -> None:
        self.inner = inner

    def translate_batch(self, sentences, src, tgt):
        return self.inner.translate_batch(sentences, src, tgt)


def test_redecode_goes_through_a_wrapper_implementing_prefix_translator(glossary):
    inner = PrefixFake(lambda s, a, b: "Путин прибыл.", continuation="и провёл переговоры.")
    wrapper = Wrapper(inner)
    assert isinstance(wrapper, PrefixTranslator)
    _, (result,) = run(glossary, ["Putin and Japarov arrived."], "en", "ru", wrapper)
    ((sentences, prefixes),) = inner.prefix_calls
    assert sentences == ["NE1 and NE2 arrived."] and prefixes[0].endswith("Жапаров")
    assert result.text == prefixes[0] + " и провёл переговоры."
    assert [t.status for t in result.terms] == [TermStatus.MODEL, TermStatus.REPAIRED]


def test_a_wrapper_without_prefix_decoding_keeps_the_inserted_term(glossary):
    inner = PrefixFake(lambda s, a, b: "Путин прибыл.", continuation="и провёл переговоры.")
    wrapper = BatchOnly(inner)
    assert not isinstance(wrapper, PrefixTranslator)
    _, (result,) = run(glossary, ["Putin and Japarov arrived."], "en", "ru", wrapper)
    assert inner.prefix_calls == [] and "Жапаров" in result.text
    assert "и провёл переговоры" not in result.text


def test_redecode_that_loses_a_term_is_rejected(glossary):
    model = PrefixFake(lambda s, a, b: "Прибыли Путин и гости.", continuation="и гости.")
    _, (result,) = run(glossary, ["Japarov and Putin arrived."], "en", "ru", model)
    assert "Путин" in result.text and "Жапаров" in result.text


def test_duplicated_and_unknown_placeholders_are_cleaned(glossary):
    model = by_rule({"NE1": "NE1 и NE1 NE7 прибыл."})
    _, (result,) = run(glossary, ["Putin arrived."], "en", "ru", model)
    assert result.text == "Путин и прибыл."
    assert len(result.terms) == 1


def test_russian_source_to_kyrgyz_uses_the_source_case(glossary):
    model = by_rule({"": "Жолугушуу болду."})
    _, (result,) = run(glossary, ["Жапаров встретился с Путиным в Бишкеке."], "ru", "ky", model)
    forms = {t.msgid: t.form for t in result.terms}
    assert forms == {"Japarov": "Жапаров", "Putin": "Путин", "Bishkek": "Бишкекте"}


def test_adjective_agreeing_in_gender_counts_as_the_models_own(unmasked):
    model = by_rule({"": "против армянской территории"})
    _, (result,) = run(unmasked, ["against the Armenian territory"], "en", "ru", model)
    assert result.text == "против армянской территории"
    assert statuses(result) == [("Armenian", "армянской", "model")]


def scrambled(sentence: str, src: str, tgt: str) -> str:
    """Random-weight-model-like gibberish: no placeholder, no name survives."""
    words = re.findall(r"\w+", sentence.lower())
    return " ".join(w[::-1] for w in words[::2]) + "."


@pytest.mark.parametrize("tgt", ["ru", "ky"])
def test_every_term_of_the_sample_survives_a_scrambling_model(glossary, tgt):
    text = SAMPLE.read_text(encoding="utf-8")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    plan, results = run(glossary, sentences, "en", tgt, FakeTranslator(rule=scrambled))
    assert sum(len(m) for m in plan.matches) >= 30
    for matches, result in zip(plan.matches, results):
        assert len(result.terms) == len(matches)
        for term in result.terms:
            assert term.status != "missing"
            assert result.text[term.target_start : term.target_end] == term.form
            assert term.form.startswith(term.rendering.split()[0][:3])


def test_finish_rejects_a_wrong_number_of_outputs(glossary):
    plan = enforce.prepare(glossary, ["Putin arrived.", "Japarov too."], "en", "ru")
    with pytest.raises(TranslationError, match="expected 2 outputs"):
        enforce.finish(glossary, plan, ["one"], FakeTranslator())


def test_occurrence_as_dict_is_json_ready(glossary):
    _, (result,) = run(glossary, ["Moscow’s CSTO."], "en", "ky", by_rule({"": "x"}))
    row = result.terms[0].as_dict()
    assert {"start", "end", "source", "msgid", "msgctxt", "rendering", "status"} <= set(row)
    assert (row["start"], row["end"], row["source"]) == (0, 6, "Moscow")
    assert row["rendering"] == "Москва" and row["form"] == "Москванын"
    assert row["status"] == "repaired" and row["case"] == "gen"
    assert row["evidence"] == "source"  # Moscow’s: the English possessive
    assert json.loads(json.dumps(row)) == row


def test_occurrences_carry_typed_status_and_case(glossary):
    from newsl10n.glossary.morphology import Case

    _, (result,) = run(glossary, ["Moscow’s CSTO."], "en", "ky", by_rule({"": "x"}))
    occurrence = result.terms[0]
    assert occurrence.status is TermStatus.REPAIRED and occurrence.case is Case.GEN
    assert {s.value for s in TermStatus} == {"model", "inflected", "repaired", "missing"}
