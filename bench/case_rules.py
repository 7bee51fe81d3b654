"""Measure the case-from-context rules (``newsl10n.glossary.context.case_cue``) on real news.

Each line of the labelled file (JSON Lines, ``tests/data/terms/news.jsonl``) holds a real
Russian or Kyrgyz news sentence, the glossary name in it (``surface`` at ``start``), its base
form (``lemma``) and the case it stands in (``case``). For every item the script asks
``case_cue`` for the case from the words around the name alone, as if the model had written
the bare name, and compares it with the label:

* case: the cue's case is the labelled one (no cue: the nominative default);
* form: the name declined in the cue's case is the labelled form (``Путина`` is both the
  genitive and the animate accusative, so either case gives the right word);
* form-required-only: the same, with the optional cues left out (what ``case_from_context``
  gives: a Kyrgyz possessive head allows the bare name too, ``Россия президенти``).

Per rule (evidence and the word that triggered it) it reports coverage, precision, and the
hit rate the nominative default would have had on the same items: a rule pays only when its
precision beats that rate.

Usage::

    python bench/case_rules.py [NEWS.jsonl] [--errors] [--by-word] [--no-person]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsl10n.glossary.context import case_cue  # noqa: E402
from newsl10n.glossary.morphology import Case, Grammar, declension  # noqa: E402

DEFAULT_DATA = ROOT / "tests" / "data" / "terms" / "news.jsonl"
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass
class Tally:
    """Counts over the items one rule (or one language) covers."""

    total: int = 0
    case: int = 0
    form: int = 0
    required: int = 0
    """Items right (form) with the optional cues left out (``case_from_context``)."""
    nominative: int = 0
    """Items the nominative default would have got right (form)."""

    def add(self, hits: tuple[bool, bool, bool, bool]) -> None:
        """Count one item: case, form, form of required cues only, nominative default."""
        self.total += 1
        self.case += hits[0]
        self.form += hits[1]
        self.required += hits[2]
        self.nominative += hits[3]

    def share(self, part: int) -> float:
        """``part`` as a share of the total."""
        return part / self.total if self.total else 0.0


def load(path: Path) -> list[dict]:
    """The ru and ky items of a JSON Lines file."""
    with open(path, encoding="utf-8") as fp:
        items = [json.loads(line) for line in fp if line.strip()]
    return [item for item in items if item["lang"] in ("ru", "ky")]


def trigger(item: dict, lang: str) -> str:
    """The word a rule reads first: the word before the name (ru) or after it (ky)."""
    end = item["start"] + len(item["surface"])
    if lang == "ru":
        words = WORD.findall(item["text"][: item["start"]])[-1:]
    else:
        words = WORD.findall(item["text"][end:])[:1]
    return words[0].lower() if words else ""


def evaluate(items: list[dict], use_person: bool) -> tuple[dict, dict, list[str]]:
    """Tallies per language and per rule, and one line per miss."""
    by_lang: dict[str, Tally] = defaultdict(Tally)
    by_rule: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    misses: list[str] = []
    for item in items:
        lang, start = item["lang"], item["start"]
        person = item.get("ctxt") == "person"
        before, after = item["text"][:start], item["text"][start + len(item["surface"]) :]
        cue = case_cue(before, after, lang, person=person if use_person else None)
        predicted = cue.case if cue else Case.NOM
        expected = Case(item["case"])
        forms = declension(item["lemma"], lang, Grammar(person=person))
        required = cue.case if cue and not cue.optional else Case.NOM
        hits = (
            predicted is expected,
            forms[predicted] == forms[expected],
            forms[required] == forms[expected],
            forms[Case.NOM] == forms[expected],
        )
        by_lang[lang].add(hits)
        rule = (cue.rule or cue.evidence.value) if cue else "none (nominative)"
        if cue and cue.optional:
            rule += " (optional)"
        by_rule[(lang, rule, trigger(item, lang) if cue else "")].add(hits)
        if not hits[1]:
            misses.append(
                f"{item['id']}: {expected.value} «{item['surface']}», got {predicted.value}"
                f" ({rule}) | {before[-60:]}[{item['lemma']}]{after[:40]}"
            )
    return by_lang, by_rule, misses


def report(by_lang: dict, by_rule: dict, by_word: bool) -> None:
    """Print the per-language accuracy and the per-rule table."""
    print("lang  items  case   form   form-required-only  (nominative default alone: form)")
    for lang, tally in sorted(by_lang.items()):
        print(
            f"{lang:4} {tally.total:6} {tally.share(tally.case):6.3f} {tally.share(tally.form):6.3f}"
            f"   {tally.share(tally.required):17.3f}   ({tally.share(tally.nominative):.3f})"
        )
    rules: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    for (lang, rule, word), tally in by_rule.items():
        key = (lang, rule, word if by_word else "")
        merged = rules[key]
        merged.total += tally.total
        merged.case += tally.case
        merged.form += tally.form
        merged.required += tally.required
        merged.nominative += tally.nominative
    print("\nlang  rule                          covers  coverage  precision(form)  nominative-on-same  pays")
    for (lang, rule, word), tally in sorted(rules.items()):
        coverage = tally.total / by_lang[lang].total
        precision, nominative = tally.share(tally.form), tally.share(tally.nominative)
        pays = "-" if rule.startswith("none") else ("yes" if precision > nominative else "NO")
        name = f"{rule} {word}".strip()
        print(
            f"{lang:4}  {name:30} {tally.total:6}  {coverage:8.3f}  {precision:15.3f}"
            f"  {nominative:18.3f}  {pays}"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; see the module docstring for the options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", action="store_true", help="list every item whose form is wrong")
    parser.add_argument("--by-word", action="store_true", help="split each rule by its trigger word")
    parser.add_argument(
        "--no-person", action="store_true", help="do not tell case_cue which names are persons"
    )
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"{args.data}: no such file (the labelled news set, JSON Lines)", file=sys.stderr)
        return 2
    items = load(args.data)
    started = time.perf_counter()
    by_lang, by_rule, misses = evaluate(items, not args.no_person)
    elapsed = time.perf_counter() - started
    print(f"{args.data}: {len(items)} ru/ky items, {1e3 * elapsed / max(1, len(items)):.2f} ms per item\n")
    report(by_lang, by_rule, args.by_word)
    if args.errors:
        print("\nmisses:")
        for line in misses:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
