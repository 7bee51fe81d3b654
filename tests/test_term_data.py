"""The real-news term set (tests/data/terms/news.jsonl) is well formed, and the --news
simulations of bench/term_accuracy.py behave as documented on a slice of it."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from newsl10n.glossary.io import load_glossary

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "tests" / "data" / "terms" / "news.jsonl"
REQUIRED = {"id", "lang", "text", "term", "ctxt", "surface", "start", "lemma", "case", "url"}
OPTIONAL = {"variant", "written_variant"}
CASES = {"nom", "gen", "dat", "acc", "ins", "loc", "abl", "attr"}
CASES_BY_LANG = {
    "ru": {"nom", "gen", "dat", "acc", "ins", "loc"},
    "ky": {"nom", "gen", "dat", "acc", "loc", "abl", "attr"},
}
NEW_TERMS = {
    # Issue 10: the names the glossary helper adds (glossary/*.po on its branch).
    "Jogorku Kenesh", "Cabinet of Ministers", "Akylbek Japarov", "Osh", "Jalal-Abad", "Batken",
    "Talas", "Naryn", "Issyk-Kul", "Chui", "Karakol", "Uzbekistan", "China",
    "Kassym-Jomart Tokayev", "Tokayev", "Shavkat Mirziyoyev", "Mirziyoyev", "Emomali Rahmon",
    "Rahmon", "Alexander Lukashenko", "Lukashenko", "Xi Jinping", "SCO", "EAEU", "CIS", "UN",
    "Kabar", "AKIpress", "24.kg", "Azattyk", "Sputnik",
    "Osh Region", "Jalal-Abad Region", "Batken Region", "Talas Region", "Naryn Region",
    "Issyk-Kul Region",
}  # fmt: skip


def load_bench():
    spec = importlib.util.spec_from_file_location("term_accuracy", ROOT / "bench" / "term_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("term_accuracy", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def items() -> list[dict]:
    with open(NEWS, encoding="utf-8") as fp:
        return [json.loads(line) for line in fp if line.strip()]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary")


def test_every_item_has_the_fields_and_its_surface_at_start(items):
    assert len({i["id"] for i in items}) == len(items)
    for item in items:
        assert REQUIRED <= set(item) <= REQUIRED | OPTIONAL, item["id"]
        assert item["lang"] in CASES_BY_LANG and item["case"] in CASES_BY_LANG[item["lang"]], item["id"]
        assert re.fullmatch(rf"{item['lang']}-\d{{3}}", item["id"])
        start, surface = item["start"], item["surface"]
        assert isinstance(start, int) and item["text"][start : start + len(surface)] == surface, item["id"]
        assert re.fullmatch(r"https?://\S+", item["url"]), item["id"]
        assert item["ctxt"] in {"person", "place", "org"} and item["lemma"].strip()
        assert item.get("written_variant", False) in (True, False)
        assert item.get("variant", "x") not in ("", surface)


def test_surfaces_not_marked_written_variant_are_forms_of_the_lemma(items):
    for item in items:
        if not item.get("written_variant"):
            assert item["surface"][:2] == item["lemma"][:2], item["id"]


def test_enough_real_sentences_in_both_languages_and_every_case(items):
    sentences = {(i["lang"], i["text"]) for i in items}
    assert len(sentences) >= 150
    for lang, cases in CASES_BY_LANG.items():
        assert len({text for language, text in sentences if language == lang}) >= 70
        counts = Counter(i["case"] for i in items if i["lang"] == lang)
        assert set(counts) == cases
        assert all(counts[case] >= 4 for case in cases), counts


def test_kyrgyz_items_cover_acronyms_possessives_and_given_names(items):
    ky = [i for i in items if i["lang"] == "ky"]
    assert any(i["term"] == "CSTO" and i["surface"].startswith("ЖККУ") and i["case"] != "nom" for i in ky)
    assert any(i["surface"].startswith("БУУ") and i["case"] == "gen" for i in ky)
    assert any(i["surface"].startswith("Садыр Жапаров") and i["case"] != "nom" for i in ky)
    assert any(i["surface"].startswith("Акылбек Жапаров") and i["case"] != "nom" for i in ky)
    assert any(i["surface"].endswith("облусунун") for i in ky)
    assert any(i.get("written_variant") for i in ky)


def test_every_term_is_in_the_glossary_or_added_by_issue_10(items, glossary):
    shipped = {term.msgid for term in glossary.terms}
    assert {i["term"] for i in items} <= shipped | NEW_TERMS


def test_case_ending_is_the_last_changed_word_after_the_common_prefix():
    bench = load_bench()
    assert bench.case_ending("Садыра Жапарова", "Садыр Жапаров") == "а"
    assert bench.case_ending("Жогорку Кеңештин", "Жогорку Кеңеш") == "тин"
    assert bench.case_ending("ЖККУнун", "ЖККУ") == "нун"
    assert bench.case_ending("Кабинета министров", "Кабинет министров") == "а"
    assert bench.case_ending("ОДКБ", "ОДКБ") == ""


def _first(items, glossary, bench, **want):
    for item in items:
        if all(item.get(k) == v for k, v in want.items()) and bench.glossary_term(glossary, item):
            return item
    raise AssertionError(f"no item with {want}")


def test_simulations_build_each_mode_from_the_real_sentence(items, glossary):
    bench = load_bench()
    item = _first(items, glossary, bench, lang="ky", term="Kyrgyzstan", case="gen")
    term = bench.glossary_term(glossary, item)
    trials = bench.simulations(item, term)
    assert set(trials) == set(bench.MODES)
    ((_, glued),) = trials["a"]
    assert bench.with_surface(item, "NE1дын") == glued
    assert [output for _, output in trials["b"]] == [
        bench.with_surface(item, "NE1'дын"),
        bench.with_surface(item, "NE1-дын"),
    ]
    assert len(trials["c"]) == 3 and all("Kyrgyzstan" in out for _, out in trials["g"])
    ((cued, _),) = trials["f"]
    assert " of Kyrgyzstan " in cued
    ((_, dropped),) = trials["i"]
    assert item["surface"] not in dropped.replace(item["text"], "")
    nominative = _first(items, glossary, bench, lang="ru", case="nom")
    nominal = bench.simulations(nominative, bench.glossary_term(glossary, nominative))
    assert nominal["a"] == [] and nominal["b"] == [] and nominal["f"] == []


def test_a_glued_kyrgyz_suffix_gives_the_labelled_surface(items, glossary):
    bench = load_bench()
    item = _first(items, glossary, bench, lang="ky", term="Bishkek", case="loc")
    ((source, output),) = bench.simulations(item, bench.glossary_term(glossary, item))["a"]
    assert "NE1те" in output
    result = bench.simulate(glossary, source, output, "ky")
    assert result.text == item["text"]


def test_a_written_variant_expects_the_newsroom_form_in_the_labelled_case(items, glossary):
    bench = load_bench()
    item = _first(items, glossary, bench, lang="ru", surface="Киргизии", case="gen")
    assert bench.expected_form(item, bench.glossary_term(glossary, item)) == "Кыргызстана"


def test_the_report_has_every_mode_and_both_aggregates(items, glossary):
    bench = load_bench()
    sample = [i for i in items if i["lang"] == "ru"][:8] + [i for i in items if i["lang"] == "ky"][:8]
    unknown = dict(sample[0], id="ru-999", term="Nowhere Land")
    reports = bench.evaluate_news([*sample, unknown], glossary)
    assert reports["ru"].missing_term[-1] == "ru-999"
    figures = bench.news_figures(reports)
    for lang in ("ru", "ky"):
        assert set(figures[lang]["modes"]) == set(bench.MODES)
        assert figures[lang]["model_supplied_case"]["trials"] > 0
        assert figures[lang]["case_from_sentence"]["trials"] > 0
        assert figures[lang]["modes"]["i"]["presence"] == 1.0
        assert figures[lang]["recognition_known_terms"] >= 0.5
    missing = sum(1 for i in sample if i["lang"] == "ru" and bench.glossary_term(glossary, i) is None)
    assert figures["ru"]["items"] == 9 and figures["ru"]["term_missing_from_glossary"] == missing + 1


def test_news_mode_prints_json(tmp_path, items, capsys):
    bench = load_bench()
    path = tmp_path / "news.jsonl"
    sample = [i for i in items if i["term"] in ("Bishkek", "Kyrgyzstan")][:6]
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in sample), encoding="utf-8")
    assert bench.main(["--news", str(path), "--json", "--errors"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"ru", "ky", "errors"} <= set(out)
    assert set(out["errors"]["ky"]) == {"recognition", *bench.MODES}
