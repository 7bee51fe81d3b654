"""Smoke tests of bench/bench.py's pure parts and of its (a)/(b) sides on a tiny model, and of
bench/serve.py's harness (its tiny mode, against its stand-in server).

No timing is asserted: the benchmark's numbers are recorded in bench/RESULTS.md.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

import modelkit
from newsl10n.translation.argos import clear_model_cache
from newsl10n.translation.packages import install_package_file

BENCH = Path(__file__).resolve().parent.parent / "bench"
_spec = importlib.util.spec_from_file_location("bench", BENCH / "bench.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench"] = bench
_spec.loader.exec_module(bench)


def test_article_is_deterministic_with_distinct_sentences_and_spare_lines():
    lines = bench.english_lines()
    first, spare = bench.make_article(lines, 20, 3, seed=0)
    again, _ = bench.make_article(lines, 20, 3, seed=0)
    other, _ = bench.make_article(lines, 20, 3, seed=1)
    assert first == again and first != other
    assert len(first) == 20
    used = [s for p in first for s in lines if s in p]
    assert len(used) == len(set(used)) == 60
    assert not set(spare) & set(used)
    assert all(not re.search("[\u0400-\u04ff]", line) for line in lines)


def test_article_needs_enough_lines_for_one_edit():
    with pytest.raises(ValueError, match="distinct sentences"):
        bench.make_article(["One.", "Two.", "Three.", "Four."], 2, 2)


def test_edit_rewrites_exactly_one_paragraph():
    paragraphs, spare = bench.make_article(bench.english_lines(), 20, 3)
    edited = bench.edit_paragraph(paragraphs, 10, spare, 3)
    changed = [i for i, (a, b) in enumerate(zip(paragraphs, edited)) if a != b]
    assert changed == [10]
    assert edited[10] == " ".join(spare[:3])


def test_decode_limit_follows_the_longest_source():
    assert bench.decode_limit([["a"] * 4, ["b"] * 10], 2.5, 10) == 35
    assert bench.decode_limit([["a"] * 7], 1.0, 0) == 7


def test_headline_is_one_parsable_line():
    line = bench.headline(0.9731, 4.5, 0.0812, 0.0874)
    fields = dict(item.split("=") for item in line.split(" "))
    assert list(fields) == ["throughput_vs_ct2", "throughput_vs_argos", "tm_edit_ratio", "help_overhead_s"]
    assert [float(v) for v in fields.values()] == [0.973, 4.5, 0.081, 0.087]
    assert "\n" not in line


def test_interleave_warms_up_once_and_runs_each_side_its_count():
    calls: list[tuple[str, bool]] = []

    def runner(name: str):
        def run(warm: bool = False) -> str:
            calls.append((name, warm))
            return f"{name}{len(calls)}"

        return run

    times, last = bench.interleave({"x": runner("x"), "y": runner("y")}, {"x": 3, "y": 1})
    assert [c for c in calls if c[1]] == [("x", True), ("y", True)]
    assert [c[0] for c in calls if not c[1]] == ["x", "y", "x", "x"]
    assert len(times["x"]) == 3 and len(times["y"]) == 1
    assert last["x"].startswith("x") and last["y"].startswith("y")


@pytest.fixture
def bench_models(model_kit_dir, tmp_path):
    """A tiny random en->ru model that never ends a sentence, installed for the bench."""
    package = modelkit.make_argos_package(model_kit_dir, "en", "ru", "random", suppress_eos=True)
    folder = tmp_path / "models"
    install_package_file(package, folder)
    clear_model_cache()
    yield folder
    clear_model_cache()


def test_raw_ctranslate2_and_newsl10n_decode_the_same_tokens(bench_models):
    paragraphs, spare = bench.make_article(bench.english_lines(), 4, 2)
    article = bench.segment(bench.ArticleSet(paragraphs, spare))
    raw = bench.RawCT2(bench_models, article, beam=2)
    results = raw()
    assert len(results) == len(article.sentences) == 8
    assert {len(r.hypotheses[0]) for r in results} == {raw.limit}
    translated = bench.newsl10n_side(bench_models, article, beam=2, retry=False)()
    assert [s.text["ru"] for s in translated.segments] == raw.texts(results)
    assert len(raw(warm=True)) == len(article.split[paragraphs[0]])


def test_bench_help_runs():
    done = subprocess.run(
        [sys.executable, str(BENCH / "bench.py"), "--help"], capture_output=True, text=True, check=True
    )
    assert "--quick" in done.stdout and "--threads" in done.stdout


def test_layout_sweep_times_every_layout_and_size(bench_models, capsys):
    paragraphs, spare = bench.make_article(bench.english_lines(), 2, 2)
    article = bench.segment(bench.ArticleSet(paragraphs, spare))
    found = bench.layout_sweep(bench_models, article, sizes=(1, 3), repeats=1)
    assert list(found) == [
        "1 worker(s) x default thread(s)",
        "1 worker(s) x 1 thread(s)",
        "1 worker(s) x 2 thread(s)",
        "2 worker(s) x 1 thread(s)",
    ]
    assert all(len(times) == 2 and min(times) > 0 for times in found.values())
    bench.print_layouts(found, sizes=(1, 3))
    table = capsys.readouterr().out.splitlines()
    assert len(table) == 7 and "3 sent." in table[2]


# --------------------------------------------------------------------------- bench/serve.py

_serve_spec = importlib.util.spec_from_file_location("bench_serve", BENCH / "serve.py")
assert _serve_spec is not None and _serve_spec.loader is not None
serve_bench = importlib.util.module_from_spec(_serve_spec)
sys.modules["bench_serve"] = serve_bench
_serve_spec.loader.exec_module(serve_bench)


def test_serve_percentiles_interpolate_between_ranks():
    values = [0.4, 0.1, 0.3, 0.2, 0.5]
    assert serve_bench.percentile(values, 50) == 0.3
    assert serve_bench.percentile(values, 95) == pytest.approx(0.48)
    assert serve_bench.percentile([], 95) == 0.0


def test_serve_requests_cycle_through_distinct_news_sentences():
    sentences = serve_bench.news_sentences()
    assert len(sentences) == len(set(sentences)) > 50
    assert all(not re.search("[\u0400-\u04ff]", s) for s in sentences)
    texts = serve_bench.request_texts(sentences, len(sentences) + 3)
    assert texts[len(sentences) :] == sentences[:3]


def test_serve_ratios_and_targets_compare_with_the_named_sides():
    runs = [
        serve_bench.Run("raw CTranslate2", 10.0, [0.1] * 100, []),
        serve_bench.Run("newsl10n serve", 12.5, [0.2] * 100, []),
        serve_bench.Run("LibreTranslate", 50.0, [0.3] * 100, []),
    ]
    rows = serve_bench.compare(runs)
    assert [r["req_per_s"] for r in rows] == [10.0, 8.0, 2.0]
    assert rows[1]["vs_raw"] == 0.8 and rows[1]["vs_libretranslate"] == 4.0
    assert serve_bench.targets(rows) == {
        "throughput >= 0.8x raw": True,
        "throughput >= 3x LibreTranslate": True,
        "p95 <= LibreTranslate's": True,
    }
    assert serve_bench.targets(rows[:2])["p95 <= LibreTranslate's"] is None


def test_serve_tiny_mode_answers_every_request(tmp_path):
    args = serve_bench.parse_args(["--tiny", "--work", str(tmp_path / "work")])
    with mock.patch.dict(os.environ):
        report = serve_bench.run_all(args)
    clear_model_cache()
    names = [row["system"] for row in report["systems"]]
    assert names == [
        "raw CTranslate2",
        "raw CTranslate2 + retry",
        "raw CTranslate2 + retry, 2 batches in flight",
        "newsl10n stand-in (no batching)",
    ]
    assert all(row["requests"] == 16 and row["errors"] == 0 for row in report["systems"])
    # Two batches at once decode the same sentences to the same outputs, in request order.
    assert (
        report["same_output_as_raw"]["raw CTranslate2 + retry, 2 batches in flight"]
        == (report["same_output_as_raw"]["raw CTranslate2 + retry"])
    )
    cpu = {row["system"]: row["cpu_ms_per_req"] for row in report["systems"]}
    assert cpu["raw CTranslate2"] > 0 and cpu["newsl10n stand-in (no batching)"] is None
    assert report["config"]["libretranslate"] == ""
    assert (tmp_path / "work" / "models" / "translate-en_ru-1_0" / "model" / "model.bin").is_file()
    json.dumps(report)


def test_serve_load_posts_libretranslate_requests_in_order(bench_models):
    with serve_bench.stand_in_server(bench_models) as port:
        run = serve_bench.run_load("stand-in", port, ["One.", "Two.", "Three."], clients=2)
        again = serve_bench.run_load("stand-in", port, ["Three."], clients=1)
    assert not run.errors and len(run.latencies) == 3
    assert run.outputs[2] == again.outputs[0] != ""
