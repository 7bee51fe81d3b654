"""The term-accuracy benchmark runs on the labelled set and enforcement beats raw output."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_bench():
    spec = importlib.util.spec_from_file_location("term_accuracy", ROOT / "bench" / "term_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("term_accuracy", module)
    spec.loader.exec_module(module)
    return module


def test_labelled_set_is_well_formed():
    bench = load_bench()
    items = bench.load(bench.DEFAULT_DATA)
    assert len(items) >= 30
    pairs = {(i["src"], i["tgt"]) for i in items}
    assert {("en", "ru"), ("en", "ky"), ("ru", "ky")} <= pairs
    assert all(i["expected"] and i["output"] for i in items)


def test_benchmark_reports_the_figures(capsys):
    bench = load_bench()
    assert bench.main(["--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["terms"] >= 60
    assert figures["exact_form_accuracy"] >= 95.0
    assert figures["presence_accuracy"] == 100.0
    assert figures["raw_exact_form_accuracy"] < figures["exact_form_accuracy"]
