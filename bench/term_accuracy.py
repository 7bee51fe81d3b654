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

With ``--news`` the script runs simulations over the real ru/ky news sentences of
``tests/data/terms/news.jsonl`` (:func:`evaluate_news`): recognition of each
inflected name in the source, and what enforcement makes of the name when a model kept the
placeholder with or without a suffix, mangled it, wrote another spelling, left the English
term, left the base form or dropped the name (see ``tests/data/terms/README.md``).

Usage::

    python bench/term_accuracy.py [LABELLED.jsonl] [--glossary DIR] [--engine fake|argos]
                                  [--errors] [--json]
    python bench/term_accuracy.py --news [NEWS.jsonl] [--glossary DIR] [--errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsl10n.glossary.morphology import Case, declension

if TYPE_CHECKING:
    from newsl10n.glossary.enforce import TermResult
    from newsl10n.glossary.model import Glossary, Term

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


DEFAULT_NEWS = ROOT / "tests" / "data" / "terms" / "news.jsonl"
LANGUAGES = ("ru", "ky")
CASES = ("nom", "gen", "dat", "acc", "ins", "loc", "abl", "attr")

MODES: dict[str, str] = {
    "a": "placeholder + glued suffix (NE1дун, NE1а)",
    "b": "ky: NE1'дун / NE1-дун (apostrophe, hyphen)",
    "c": "mangled placeholder, no suffix (НЕ1, NE 1, ne1)",
    "d": "bare placeholder NE1",
    "e": "other stem spelling + model's ending (Джапаровдун)",
    "f": "English term left, cue in the source (of/to/in/with)",
    "g": "English term left, no cue",
    "h": "base form left, no cue",
    "i": "name dropped",
}
SUPPLIED = ("a", "b", "e", "f")
"""Modes where the model (or the English source) supplied the case."""
FROM_SENTENCE = ("c", "d", "g", "h")
"""Modes where the case must come from the target sentence alone."""

CUES = {"gen": "of", "dat": "to", "loc": "in", "attr": "in", "abl": "from", "ins": "with"}
"""The English preposition that marks a case (``attr``, the Kyrgyz -DAgI form, reads "in")."""
NO_CUE_SOURCE = "Officials mentioned {term} on Monday."
CUE_SOURCE = "Officials spoke {cue} {term} on Monday."
MANGLED = ("НЕ1", "NE 1", "ne1")
GLUES = ("'", "-")


@dataclass
class ModeScore:
    """Counts over the trials of one simulation mode in one language.

    Attributes:
        total: Trials run.
        exact: Trials whose final sentence is the real one with the expected form in place.
        present: Trials where enforcement placed the term somewhere.
        skipped: Items the mode does not apply to (no suffix, no variant, no cue...).
        by_case: ``case -> [exact, total]``.
        errors: One line per miss.
    """

    total: int = 0
    exact: int = 0
    present: int = 0
    skipped: int = 0
    by_case: dict[str, list[int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, case: str, exact: bool, present: bool) -> None:
        """Count one trial."""
        self.total += 1
        self.exact += exact
        self.present += present
        counts = self.by_case.setdefault(case, [0, 0])
        counts[0] += exact
        counts[1] += 1


@dataclass
class NewsReport:
    """Figures for one language of the news set.

    Attributes:
        items: Labelled occurrences.
        missing_term: Ids of items whose term has no rendering in this language's glossary.
        lemma_differs: Ids of items whose ``lemma`` is not the glossary's rendering.
        recognised: Items whose term the source matcher finds at the labelled span.
        recognised_case: Of those, the ones it also gives the labelled case.
        recognition_errors: One line per miss.
        modes: Per simulation mode.
    """

    items: int = 0
    missing_term: list[str] = field(default_factory=list)
    lemma_differs: list[str] = field(default_factory=list)
    recognised: int = 0
    recognised_case: int = 0
    recognition_errors: list[str] = field(default_factory=list)
    modes: dict[str, ModeScore] = field(default_factory=lambda: {m: ModeScore() for m in MODES})

    @property
    def known(self) -> int:
        """Items whose term the glossary has in this language."""
        return self.items - len(self.missing_term)


def glossary_term(glossary: Glossary, item: dict) -> Term | None:
    """The glossary term of ``item`` with a rendering in its language, or ``None``.

    When several terms share the msgid, the one whose context is the item's ``ctxt`` wins.
    """
    candidates = [t for t in glossary.terms if t.msgid == item["term"] and t.target_rendering(item["lang"])]
    for term in candidates:
        if term.msgctxt == item.get("ctxt"):
            return term
    return candidates[0] if candidates else None


def expected_form(item: dict, term: Term) -> str:
    """The form the final text must have: the surface, or for a sentence that wrote another
    spelling (``written_variant``), the glossary rendering declined to the labelled case."""
    if not item.get("written_variant"):
        return str(item["surface"])
    lang = item["lang"]
    return declension(term.target_rendering(lang) or "", lang, term.grammar(lang))[Case(item["case"])]


def case_ending(form: str, lemma: str) -> str:
    """The ending ``form`` adds to ``lemma``: after their common prefix, in the last word that
    differs (``Садыра Жапарова`` / ``Садыр Жапаров`` → ``а``; ``Кеңештин`` → ``тин``)."""
    pairs = list(zip(form.split(" "), lemma.split(" ")))
    if len(form.split(" ")) != len(lemma.split(" ")):
        pairs = [(form, lemma)]
    for word, base in reversed(pairs):
        if word != base:
            common = 0
            while common < min(len(word), len(base)) and word[common] == base[common]:
                common += 1
            return word[common:]
    return ""


def with_surface(item: dict, replacement: str) -> str:
    """The item's sentence with its surface replaced."""
    text, start = item["text"], item["start"]
    return text[:start] + replacement + text[start + len(item["surface"]) :]


def without_surface(item: dict) -> str:
    """The item's sentence with the name dropped (and the space before it)."""
    text, start = item["text"], item["start"]
    before, after = text[:start].rstrip(), text[start + len(item["surface"]) :].lstrip()
    glue = " " if before and after and after[0].isalnum() else ""
    return before + glue + after


def simulations(item: dict, term: Term, mentions: int = 1) -> dict[str, list[tuple[str, str]]]:
    """Per mode, the ``(english_source, model_output)`` trials for one item (maybe none).

    ``mentions`` is how many times the sentence names the term: the English source names it
    as often, so a second real occurrence left in the output is not taken for this one.
    """
    lang, case, msgid = item["lang"], item["case"], item["term"]
    lemma = term.target_rendering(lang) or item["lemma"]
    expected = expected_form(item, term)
    ending = case_ending(expected, lemma)
    named = " and ".join([msgid] * max(1, mentions))
    plain = NO_CUE_SOURCE.format(term=named)
    trials: dict[str, list[tuple[str, str]]] = {m: [] for m in MODES}
    if case != "nom" and ending:
        trials["a"].append((plain, with_surface(item, "NE1" + ending)))
        if lang == "ky":
            trials["b"] = [(plain, with_surface(item, "NE1" + glue + ending)) for glue in GLUES]
    trials["c"] = [(plain, with_surface(item, mangled)) for mangled in MANGLED]
    trials["d"].append((plain, with_surface(item, "NE1")))
    if item.get("variant"):
        trials["e"].append((plain, with_surface(item, item["variant"])))
    if case in CUES:
        trials["f"].append((CUE_SOURCE.format(cue=CUES[case], term=named), with_surface(item, msgid)))
    trials["g"].append((plain, with_surface(item, msgid)))
    if lemma != expected:
        trials["h"].append((plain, with_surface(item, lemma)))
    trials["i"].append((plain, without_surface(item)))
    return trials


def simulate(glossary: Glossary, source: str, output: str, lang: str) -> TermResult:
    """Enforce ``glossary`` on ``output`` as the model's translation of the English ``source``."""
    from newsl10n.glossary import enforce
    from newsl10n.translation.fake import FakeTranslator

    translator = FakeTranslator(rule=lambda _sentence, _src, _tgt: output)
    plan = enforce.prepare(glossary, [source], "en", lang)
    raw = translator.translate_batch(plan.inputs, "en", lang)
    (result,) = enforce.finish(glossary, plan, raw, translator)
    return result


def recognise(glossary: Glossary, item: dict, report: NewsReport) -> None:
    """Count whether the source matcher finds the item's term at its span, and its case."""
    from newsl10n.glossary.matching import find_terms

    start, end = item["start"], item["start"] + len(item["surface"])
    matches = find_terms(glossary, item["text"], item["lang"])
    hit = [m for m in matches if m.term.msgid == item["term"] and (m.start, m.end) == (start, end)]
    case = Case(item["case"])
    if hit:
        report.recognised += 1
        if hit[0].case is case or (hit[0].case is None and case is Case.NOM):
            report.recognised_case += 1
            return
    near = [
        (m.text, m.term.msgid, m.case.value if m.case else None)
        for m in matches
        if m.end > start and m.start < end
    ]
    report.recognition_errors.append(
        f"{item['id']} {item['surface']!r} ({item['term']}, {item['case']}): found {near or 'nothing'}"
    )


def run_item(glossary: Glossary, item: dict, term: Term, report: NewsReport, mentions: int = 1) -> None:
    """Run every simulation of one item and count the results."""
    expected = expected_form(item, term)
    target = with_surface(item, expected)
    trials = simulations(item, term, mentions)
    for mode, runs in trials.items():
        score = report.modes[mode]
        if not runs:
            score.skipped += 1
        for source, output in runs:
            result = simulate(glossary, source, output, item["lang"])
            exact = result.text == target
            present = any(t.msgid == item["term"] and t.form for t in result.terms)
            score.add(item["case"], exact, present)
            if not (present if mode == "i" else exact):
                window = slice(max(0, item["start"] - 20), item["start"] + 30)
                score.errors.append(
                    f"{item['id']} ({item['case']}) expected {expected!r}: "
                    f"model {output[window]!r} -> {result.text[window]!r}"
                )


def evaluate_news(items: list[dict], glossary: Glossary) -> dict[str, NewsReport]:
    """Recognition and every simulation mode, per language, over the news items."""
    reports = {lang: NewsReport() for lang in LANGUAGES}
    mentions = Counter((item["lang"], item["text"], item["term"]) for item in items)
    for item in items:
        report = reports.setdefault(item["lang"], NewsReport())
        report.items += 1
        term = glossary_term(glossary, item)
        if term is None:
            report.missing_term.append(item["id"])
            report.recognition_errors.append(f"{item['id']} {item['term']!r}: term missing from glossary")
            continue
        if term.target_rendering(item["lang"]) != item["lemma"]:
            report.lemma_differs.append(item["id"])
        recognise(glossary, item, report)
        run_item(glossary, item, term, report, mentions[item["lang"], item["text"], item["term"]])
    return reports


def _rate(part: int, total: int) -> float | None:
    return round(part / total, 3) if total else None


def pooled(report: NewsReport, modes: tuple[str, ...]) -> tuple[int, int]:
    """``(exact, total)`` over the trials of ``modes``."""
    return sum(report.modes[m].exact for m in modes), sum(report.modes[m].total for m in modes)


def news_figures(reports: dict[str, NewsReport]) -> dict[str, dict]:
    """A JSON-ready view of the reports."""
    figures: dict[str, dict] = {}
    for lang, report in reports.items():
        supplied, from_sentence = pooled(report, SUPPLIED), pooled(report, FROM_SENTENCE)
        figures[lang] = {
            "items": report.items,
            "term_missing_from_glossary": len(report.missing_term),
            "lemma_differs_from_glossary": len(report.lemma_differs),
            "recognition": _rate(report.recognised, report.items),
            "recognition_known_terms": _rate(report.recognised, report.known),
            "recognition_with_case": _rate(report.recognised_case, report.items),
            "modes": {
                mode: {
                    "trials": score.total,
                    "skipped_items": score.skipped,
                    "exact": _rate(score.exact, score.total),
                    "presence": _rate(score.present, score.total),
                    "by_case": {c: _rate(*n) for c, n in sorted(score.by_case.items(), key=_case_order)},
                }
                for mode, score in report.modes.items()
            },
            "model_supplied_case": {"trials": supplied[1], "exact": _rate(*supplied)},
            "case_from_sentence": {"trials": from_sentence[1], "exact": _rate(*from_sentence)},
        }
    return figures


def _case_order(pair: tuple[str, list[int]]) -> int:
    return CASES.index(pair[0]) if pair[0] in CASES else len(CASES)


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{100 * value:5.1f}"


def print_news(figures: dict[str, dict], reports: dict[str, NewsReport], errors: bool) -> None:
    """Print the news figures as a table, and with ``errors`` every miss."""
    langs = list(figures)
    print("news set: " + ", ".join(f"{lang} {figures[lang]['items']} items" for lang in langs))
    print(f"{'':58}" + "".join(f"{lang:>14}" for lang in langs))
    rows = [
        ("term missing from glossary", [f"{figures[x]['term_missing_from_glossary']:>14}" for x in langs]),
        (
            "recognition in the source, % (all items)",
            [f"{_pct(figures[x]['recognition']):>14}" for x in langs],
        ),
        (
            "  terms the glossary has, %",
            [f"{_pct(figures[x]['recognition_known_terms']):>14}" for x in langs],
        ),
        ("  with the labelled case, %", [f"{_pct(figures[x]['recognition_with_case']):>14}" for x in langs]),
    ]
    for label, cells in rows:
        print(f"{label:58}" + "".join(cells))
    print("exact form, % (trials):")
    for mode, text in MODES.items():
        key = "presence" if mode == "i" else "exact"
        cells = []
        for lang in langs:
            score = figures[lang]["modes"][mode]
            cells.append(f"{_pct(score[key])} ({score['trials']:>3})")
        label = f"{mode}. {text}" + (" [presence]" if mode == "i" else "")
        print(f"  {label[:56]:56}" + "".join(f"{c:>14}" for c in cells))
    for key, label in (
        ("model_supplied_case", "model supplied the case (a b e f)"),
        ("case_from_sentence", "case from the sentence alone (c d g h)"),
    ):
        cells = [f"{_pct(figures[x][key]['exact'])} ({figures[x][key]['trials']:>3})" for x in langs]
        print(f"{label:58}" + "".join(f"{c:>14}" for c in cells))
    if not errors:
        return
    for lang, report in reports.items():
        print(f"\n[{lang}] recognition misses:")
        for line in report.recognition_errors:
            print("  " + line)
        for mode, score in report.modes.items():
            print(f"[{lang}] mode {mode} misses ({len(score.errors)}):")
            for line in score.errors:
                print("  " + line)


def run_news(path: Path, glossary_dir: Path, as_json: bool, errors: bool) -> int:
    """Load the news set and the glossary, evaluate, print."""
    from newsl10n.glossary.io import load_glossary

    started = time.perf_counter()
    reports = evaluate_news(load(path), load_glossary(glossary_dir))
    figures = news_figures(reports)
    if as_json:
        payload: dict[str, object] = dict(figures)
        if errors:
            payload["errors"] = {
                lang: {"recognition": r.recognition_errors, **{m: s.errors for m, s in r.modes.items()}}
                for lang, r in reports.items()
            }
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_news(figures, reports, errors)
        print(f"time: {time.perf_counter() - started:.2f} s")
    return 0


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
    parser.add_argument(
        "--news",
        nargs="?",
        type=Path,
        const=DEFAULT_NEWS,
        help="simulate model behaviours over the real news set (default: %(const)s)",
    )
    args = parser.parse_args(argv)
    if args.news is not None:
        return run_news(args.news, args.glossary, args.json, args.errors)
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
