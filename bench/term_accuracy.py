"""Measure glossary term accuracy on a labelled set.

Each line of the labelled file (JSON Lines) holds a source sentence, the language pair, a
machine translation of it with the mistakes real engines make (misspelt names, wrong case,
dropped names, translated acronyms, CLDR-style country names), and the expected target
form of every glossary term, in the case the sentence needs::

    {"src": "en", "tgt": "ru", "source": "Troops arrived in Kyrgyzstan.",
     "output": "Войска прибыли в Киргизию.", "expected": [["Kyrgyzstan", "Кыргызстан"]]}

The script reports, over all expected terms:

* exact-form accuracy: the final target contains the expected form for that term (right
  rendering, right case) — before (raw output) and after glossary enforcement;
* presence accuracy: the rendering is there in some form (``check_terms``, WMT21 style).

With ``--engine argos`` the sentences are translated by the installed Argos models instead
of using the recorded outputs (and placeholders mask the terms).

Usage::

    python bench/term_accuracy.py [LABELLED.jsonl] [--glossary DIR] [--engine fake|argos]
                                  [--errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "tests" / "data" / "terms" / "labelled.jsonl"
DEFAULT_GLOSSARY = ROOT / "glossary"


@dataclass
class Score:
    """Counts over expected terms."""

    total: int = 0
    raw_exact: int = 0
    exact: int = 0
    present: int = 0
    errors: list[str] = field(default_factory=list)

    def pct(self, part: int) -> float:
        """``part`` as a percentage of the total."""
        return 100.0 * part / self.total if self.total else 100.0


def load(path: Path) -> list[dict]:
    """The labelled items of a JSON Lines file."""
    with open(path, encoding="utf-8") as fp:
        return [json.loads(line) for line in fp if line.strip()]


def contains_word(text: str, form: str) -> bool:
    """Whether ``form`` stands in ``text`` as whole words."""
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None


def evaluate(items: list[dict], glossary_dir: Path, engine: str) -> Score:
    """Run enforcement on every item and count the expected terms it gets right."""
    from newsl10n.glossary import enforce
    from newsl10n.glossary.accuracy import check_terms
    from newsl10n.glossary.io import load_glossary
    from newsl10n.translation.fake import FakeTranslator

    glossary = load_glossary(glossary_dir)
    mask = engine != "fake"
    if engine == "argos":
        from newsl10n.translation.argos import ArgosTranslator

        translator = ArgosTranslator()
    else:
        table: dict[tuple[str, str], dict[str, str]] = {}
        for item in items:
            table.setdefault((item["src"], item["tgt"]), {})[item["source"]] = item["output"]
        translator = FakeTranslator(table=table)
    score = Score()
    for item in items:
        src, tgt = item["src"], item["tgt"]
        plan = enforce.prepare(glossary, [item["source"]], src, tgt, mask=mask)
        raw = translator.translate_batch(plan.inputs, src, tgt)
        (result,) = enforce.finish(glossary, plan, raw, translator)
        placed = {(t.msgid, t.form) for t in result.terms}
        found = {f.msgid for f in check_terms(item["source"], result.text, src, tgt, glossary) if f.ok}
        for msgid, form in item["expected"]:
            score.total += 1
            score.raw_exact += engine == "fake" and contains_word(item["output"], form)
            score.exact += (msgid, form) in placed
            score.present += msgid in found
            if (msgid, form) not in placed:
                got = [t.form for t in result.terms if t.msgid == msgid]
                score.errors.append(
                    f"{src}->{tgt} {msgid!r}: expected {form!r}, got {got} in {result.text!r}"
                )
    return score


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, evaluate, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--glossary", type=Path, default=DEFAULT_GLOSSARY)
    parser.add_argument(
        "--engine",
        choices=("fake", "argos"),
        default="fake",
        help="fake: the recorded outputs; argos: the installed models",
    )
    parser.add_argument("--errors", action="store_true", help="list the terms got wrong")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    items = load(args.data)
    score = evaluate(items, args.glossary, args.engine)
    elapsed = time.perf_counter() - started
    figures = {
        "items": len(items),
        "terms": score.total,
        "raw_exact_form_accuracy": round(score.pct(score.raw_exact), 1) if args.engine == "fake" else None,
        "exact_form_accuracy": round(score.pct(score.exact), 1),
        "presence_accuracy": round(score.pct(score.present), 1),
        "seconds": round(elapsed, 2),
    }
    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"labelled set: {args.data} ({len(items)} sentences, {score.total} terms)")
        if args.engine == "fake":
            print(
                f"raw model output, exact form:    {score.raw_exact}/{score.total} = "
                f"{score.pct(score.raw_exact):.1f}%"
            )
        print(
            f"with glossary, exact form + case: {score.exact}/{score.total} = {score.pct(score.exact):.1f}%"
        )
        print(
            f"with glossary, term present:      {score.present}/{score.total} = "
            f"{score.pct(score.present):.1f}%"
        )
        print(f"time: {elapsed:.2f} s")
    if args.errors:
        for line in score.errors:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
