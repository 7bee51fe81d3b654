"""Smoke test of bench/markup_cost.py: the three inputs hold the same sentences (no timings)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from newsl10n.markup import parse
from newsl10n.markup import plain as plain_text

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load():
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("markup_cost", BENCH / "markup_cost.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_html_and_markdown_inputs_hold_the_plain_texts_sentences():
    bench = load()
    paragraphs = [p for p in bench.repair_cost.first_paragraphs(3).split("\n\n") if p.strip()]
    inputs = bench.formats(paragraphs)
    texts = {}
    for fmt, (name, body) in inputs.items():
        document = parse(body, name=name)
        assert document.format == fmt
        texts[fmt] = [plain_text(s.text)[0] for s in document.segments if s.kind == "sentence"]
    assert texts["html"] == texts["text"] == texts["markdown"]
    assert "<b>" in inputs["html"][1] and "**" in inputs["markdown"][1]
