"""The cost of glossary repair is bounded per sentence (issue 10, "Cost").

A random-weight model whose end-of-sentence logit is suppressed decodes every hypothesis to
its limit, so the number of decoding steps CTranslate2 spends can be read off the returned
hypotheses (a forced prefix costs one step per token too). A spy around the loaded
CTranslate2 translator records every call; no timing is asserted.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import modelkit
from newsl10n.glossary.io import load_glossary
from newsl10n.glossary.matching import find_terms
from newsl10n.pipeline import translate_article
from newsl10n.segment import segment_text
from newsl10n.translation import argos
from newsl10n.translation.argos import (
    ArgosTranslator,
    EngineOptions,
    clear_model_cache,
    repair_decoding_limit,
)
from newsl10n.translation.packages import install_package_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"
SENTENCES = [
    "Hello.",
    "The Kyrgyz parliament ratified the agreement on Wednesday.",
    "Putin will meet Sadyr Japarov in Bishkek tomorrow, and the two leaders will then attend a summit.",
]


class Spy:
    """Wraps a CTranslate2 translator; records each call's limit, prefixes and hypotheses."""

    def __init__(self, inner, model_prefix):
        self.inner, self.model_prefix, self.calls = inner, model_prefix, []

    def translate_batch(self, sources, **kwargs):
        results = self.inner.translate_batch(sources, **kwargs)
        if kwargs.get("asynchronous"):
            results = [r.result() for r in results]
        prefixes = kwargs.get("target_prefix") or [None] * len(sources)
        self.calls.append(
            {
                "sources": [tuple(s) for s in sources],
                "limit": kwargs["max_decoding_length"],
                "repair": any(p and len(p) > self.model_prefix for p in prefixes),
                "steps": [len(r.hypotheses[0]) for r in results],
            }
        )
        return [_Ready(r) for r in results] if kwargs.get("asynchronous") else results


class _Ready:
    def __init__(self, result):
        self._result = result

    def result(self):
        return self._result


@pytest.fixture
def runaway(model_kit_dir, tmp_path):
    """An en -> ru random model that never ends a sentence, and a spy on it."""
    package = modelkit.make_argos_package(model_kit_dir, "en", "ru", kind="random", suppress_eos=True)
    folder = tmp_path / "runaway"
    install_package_file(package, folder)
    clear_model_cache()
    translator = ArgosTranslator(folder, EngineOptions(threads=2))
    translator.translate_batch(["Warm up."], "en", "ru")
    loaded = next(iter(argos._cache.values()))
    spy = Spy(loaded.translator, len(loaded.prefix))
    loaded.translator = spy
    yield translator, spy, loaded.tokenizer
    clear_model_cache()


def steps_by_source(calls, repair):
    """Decoding steps per source (tokens), over the first decode of each (no retry)."""
    steps = {}
    for call in calls:
        if call["repair"] == repair:
            for source, count in zip(call["sources"], call["steps"]):
                steps.setdefault(source, count)
    return steps


def test_each_repair_costs_at_most_the_first_pass_of_its_sentence(runaway):
    translator, spy, tokenizer = runaway
    drafts = translator.translate_batch(SENTENCES, "en", "ru")
    prefixes = [draft.split()[0] for draft in drafts]  # shortest prefix: the whole limit runs
    outputs = translator.translate_with_prefix(SENTENCES, prefixes, "en", "ru")
    first = steps_by_source(spy.calls, repair=False)
    repair = steps_by_source(spy.calls, repair=True)
    sources = [tuple(tokenizer.encode(s, out_type=str)) for s in SENTENCES]
    assert set(repair) == set(sources)
    for source in sources:
        assert repair[source] <= first[source]
    # one limit per sentence, from its own source: the short one never decodes to the long one's
    limits = {call["sources"][0]: call["limit"] for call in spy.calls if call["repair"]}
    options = translator.options
    assert [limits[s] for s in sources] == [repair_decoding_limit(options, len(s)) for s in sources]
    assert limits[sources[0]] < limits[sources[1]] < limits[sources[2]]
    for call in (c for c in spy.calls if c["repair"]):
        assert {repair_decoding_limit(options, len(s)) for s in call["sources"]} == {call["limit"]}
    # the model never ended a continuation: nothing is returned, the caller keeps its draft
    assert outputs == ["", "", ""]


def test_a_prefix_that_fills_the_budget_is_not_redecoded(runaway):
    translator, spy, _ = runaway
    long_prefix = " ".join(["Кыргызстан"] * 40)
    outputs = translator.translate_with_prefix(SENTENCES[:2], [long_prefix, "Парламент"], "en", "ru")
    repaired = [call for call in spy.calls if call["repair"]]
    assert len(repaired) == 1 and len(repaired[0]["sources"]) == 1
    assert outputs[0] == ""


def test_prefixes_must_be_one_per_sentence(runaway):
    translator, _, _ = runaway
    with pytest.raises(ValueError, match="1 prefixes for 2 sentences"):
        translator.translate_with_prefix(SENTENCES[:2], ["Парламент"], "en", "ru")


def test_sentences_without_a_prefix_are_translated_as_in_the_first_pass(runaway):
    translator, _, _ = runaway
    drafts = translator.translate_batch([SENTENCES[0], SENTENCES[2]], "en", "ru")
    outputs = translator.translate_with_prefix(SENTENCES, ["", "Парламент", ""], "en", "ru")
    assert [outputs[0], outputs[2]] == drafts


@pytest.mark.slow
def test_enforcement_on_the_sample_spends_no_more_on_repair_than_on_the_first_pass(runaway):
    translator, spy, _ = runaway
    paragraphs = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    text = "\n\n".join(paragraphs[:3])
    glossary = load_glossary(ROOT / "glossary")
    article = translate_article(text, ["ru"], "en", translator=translator, glossary=glossary, memory=None)
    rows = [row for segment in article.segments for row in segment.terms["ru"]]
    assert rows and all(row["status"] == "repaired" and row["form"] for row in rows)  # every name dropped
    first = steps_by_source(spy.calls, repair=False)
    repair = steps_by_source(spy.calls, repair=True)
    assert all(repair[source] <= first[source] for source in repair)
    first_calls = sum(sum(c["steps"]) for c in spy.calls if not c["repair"])
    assert sum(sum(c["steps"]) for c in spy.calls if c["repair"]) <= first_calls


def test_a_continuation_that_loops_is_not_returned(argos_files, tmp_path, monkeypatch):
    folder = tmp_path / "echo"
    install_package_file(argos_files[("en", "ru", "echo")], folder)
    clear_model_cache()
    translator = ArgosTranslator(folder, EngineOptions(beam_size=1))
    ended = translator.translate_with_prefix(["Putin will meet Japarov."], ["Кант"], "en", "ru")
    assert ended[0].startswith("Кант") and len(ended[0]) > len("Кант")
    monkeypatch.setattr(argos, "find_repetition", lambda text: "loop")
    assert translator.translate_with_prefix(["Putin will meet Japarov."], ["Кант"], "en", "ru") == [""]
    clear_model_cache()


def _bench_module():
    spec = importlib.util.spec_from_file_location("repair_cost", ROOT / "bench" / "repair_cost.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["repair_cost"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_bench_translates_the_samples_first_three_paragraphs_of_four_sentences():
    bench = _bench_module()
    text = bench.first_paragraphs(3)
    assert text.count("\n\n") == 2 and text.startswith("BISHKEK")
    sentences = [s.text for s in segment_text(text, "en").sentences()]
    glossary = load_glossary(ROOT / "glossary")
    assert len(sentences) == 4
    assert sum(len(find_terms(glossary, s, "en")) for s in sentences) >= 8
