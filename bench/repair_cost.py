"""Cost of glossary repair when the model drops every name (issue 10, "Cost").

A random-weight model never writes a glossary name: every term of every sentence is
inserted by enforcement, and each such sentence is decoded again with the text up to the
inserted term as a forced target prefix (``ArgosTranslator.translate_with_prefix``). This
script translates the first paragraphs of the sample article (``examples/``) en -> ru or ky
without the glossary and with the shipped glossary, interleaved in one run on the same
model, and reports the time ratio (with / without; target <= 2.0).

It also counts the decoding steps CTranslate2 spends (the length of every hypothesis a
``translate_batch`` call returns, forced prefix included: CTranslate2 forces a prefix one
decoder step per token), split into first-pass calls and repair calls (calls with a target
prefix longer than the package's own), so the bound can be checked without timings.

The model (built once under ``bench/_work/repair_cost``) is a random-weight Transformer base:
6+6 layers, d_model 512, 8 heads, FFN 2048, about 8000 SentencePiece pieces, int8, the
end-of-sentence logit suppressed so every output runs to its decoding limit (the worst case).
``--small`` uses 3+3 layers, d_model 256 instead. The last line is the tracked summary::

    repair_cost_ratio=R repair_steps_ratio=S worst_ratio=W worst_steps_ratio=V

``worst_*`` re-decode every sentence with the shortest prefix (one term), so that each
repair runs to its whole limit: the bound itself, whatever a random model's prefixes are.

Usage::

    python bench/repair_cost.py [--tgt ru|ky] [--paragraphs 3] [--repeats 3] [--beam 2]
                                [--no-retry] [--small] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
WORK = BENCH_DIR / "_work" / "repair_cost"
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"
GLOSSARY = ROOT / "glossary"
BASE = {"layers": 6, "d_model": 512, "heads": 8, "ffn": 2048}
SMALL = {"layers": 3, "d_model": 256, "heads": 4, "ffn": 1024}
COMMON = {"seed": 0, "suppress_eos": True, "quantization": "int8"}
VOCAB, FILLERS = 1000, 7000
"""Learnt pieces and filler pieces of the SentencePiece model: 8000 in all."""


def isolate(work: Path) -> Path:
    """Point home, XDG and newsl10n folders into ``work``; return the models folder."""
    for name in list(os.environ):
        if name.startswith(("ARGOS_", "NEWSL10N_")):
            del os.environ[name]
    home = work / "home"
    for sub in ("data", "config", "cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "NEWSL10N_MODELS": str(work / "models"),
            "NEWSL10N_MEMORY": str(work / "memory.sqlite3"),
        }
    )
    return work / "models"


def ensure_model(work: Path, tgt: str, small: bool, rebuild: bool) -> Path:
    """Build, package and install the en -> ``tgt`` model once; return its models folder."""
    sys.path.insert(0, str(ROOT / "tests"))
    import modelkit
    from newsl10n.translation.packages import install_package_file

    config = {**(SMALL if small else BASE), **COMMON}
    stamp_text = json.dumps({**config, "vocab": VOCAB, "fillers": FILLERS}, sort_keys=True)
    models = work / ("models-small" if small else "models")
    stamp = models / f"en_{tgt}.json"
    installed = models / modelkit.argos_package_name("en", tgt) / "model" / "model.bin"
    if not rebuild and installed.is_file() and stamp.is_file() and stamp.read_text() == stamp_text:
        return models
    started = time.perf_counter()
    spm = work / "spm" / modelkit.SPM_FILENAME
    if rebuild or not spm.is_file():
        spm = modelkit.train_sentencepiece(modelkit.CORPUS, spm.parent, VOCAB, extra_symbols=FILLERS)
    name = f"en_{tgt}{'-small' if small else ''}"
    model_dir = modelkit.build_random_model(spm, work / f"ct2-{name}", **config)
    package = modelkit.package_argos_model(model_dir, spm, work / f"{name}.argosmodel", "en", tgt)
    install_package_file(package, models)
    stamp.write_text(stamp_text)
    print(f"built and installed en -> {tgt} in {time.perf_counter() - started:.1f} s")
    return models


@dataclass
class Steps:
    """Decoding steps seen by the spy, by pass."""

    first: int = 0
    repair: int = 0
    calls: Counter[str] = field(default_factory=Counter)
    limits: list[int] = field(default_factory=list)


class Spy:
    """Wraps a loaded CTranslate2 translator; counts the steps of every ``translate_batch``."""

    def __init__(self, inner: Any, model_prefix: int, steps: Steps) -> None:
        self.inner, self.model_prefix, self.steps = inner, model_prefix, steps

    def translate_batch(self, sources: Any, **kwargs: Any) -> Any:
        """Pass the call through and count the returned hypotheses' lengths."""
        prefixes = kwargs.get("target_prefix") or []
        repair = any(len(p) > self.model_prefix for p in prefixes if p)
        results = self.inner.translate_batch(sources, **kwargs)
        kind = "repair" if repair else "first"
        self.steps.calls[kind] += 1
        if repair:
            self.steps.limits.append(int(kwargs["max_decoding_length"]))
        if kwargs.get("asynchronous"):
            return [_Counted(r, self.steps, kind) for r in results]
        for result in results:
            _count(self.steps, kind, result)
        return results


class _Counted:
    def __init__(self, inner: Any, steps: Steps, kind: str) -> None:
        self.inner, self.steps, self.kind = inner, steps, kind

    def result(self) -> Any:
        result = self.inner.result()
        _count(self.steps, self.kind, result)
        return result


def _count(steps: Steps, kind: str, result: Any) -> None:
    tokens = len(result.hypotheses[0])
    if kind == "repair":
        steps.repair += tokens
    else:
        steps.first += tokens


def spy_on_models(steps: Steps) -> None:
    """Wrap every loaded model of this process (call after a warm-up)."""
    from newsl10n.translation import argos

    for loaded in argos._cache.values():
        if not isinstance(loaded.translator, Spy):
            loaded.translator = Spy(loaded.translator, len(loaded.prefix), steps)


def first_paragraphs(count: int) -> str:
    """The sample article's first ``count`` paragraphs (one per line there)."""
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n\n".join(lines[:count])


def run_once(text: str, tgt: str, translator: Any, glossary: Any, steps: Steps) -> tuple[float, Any]:
    """One ``translate_article`` pass; returns its time and the article."""
    from newsl10n.pipeline import translate_article

    started = time.perf_counter()
    article = translate_article(text, [tgt], "en", translator=translator, glossary=glossary, memory=None)
    return time.perf_counter() - started, article


def statuses(article: Any, tgt: str) -> Counter[str]:
    """How many term occurrences ended with each status."""
    return Counter(row["status"] for s in article.segments for row in s.terms.get(tgt, []))


def worst_case(text: str, tgt: str, translator: Any, glossary: Any) -> tuple[float, float, Steps]:
    """First pass, then a repair of every sentence with a one-term prefix (the full limit).

    The masked inputs enforcement would send are translated once, then re-decoded with
    the first term's rendering (else the output's first word) as the prefix: the shortest
    prefix, so each repair runs to its whole limit. Returns both times and the steps.
    """
    from newsl10n.glossary.enforce import prepare
    from newsl10n.segment import segment_text

    sentences = [s.text for s in segment_text(text, "en").sentences()]
    plan = prepare(glossary, sentences, "en", tgt)
    steps = Steps()
    spy_on_models(steps)
    started = time.perf_counter()
    outputs = translator.translate_batch(plan.inputs, "en", tgt)
    first = time.perf_counter() - started
    prefixes = [
        next((m.term.target_rendering(tgt) for m in matches), None) or (output.split() or ["-"])[0]
        for matches, output in zip(plan.matches, outputs)
    ]
    started = time.perf_counter()
    translator.translate_with_prefix(plan.inputs, prefixes, "en", tgt)
    repair = time.perf_counter() - started
    unspy()
    return first, repair, steps


def unspy() -> None:
    """Unwrap the models :func:`spy_on_models` wrapped."""
    from newsl10n.translation import argos

    for loaded in argos._cache.values():
        if isinstance(loaded.translator, Spy):
            loaded.translator = loaded.translator.inner


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a table and the tracked summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tgt", choices=("ru", "ky"), default="ru")
    parser.add_argument("--paragraphs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--beam", type=int, default=2)
    parser.add_argument("--no-retry", action="store_true", help="retry_repetition off")
    parser.add_argument("--small", action="store_true", help="3+3 layers, d_model 256")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    isolate(WORK)
    models = ensure_model(WORK, args.tgt, args.small, args.rebuild)
    from newsl10n.glossary.io import load_glossary
    from newsl10n.translation.argos import ArgosTranslator, EngineOptions

    glossary = load_glossary(GLOSSARY)
    translator = ArgosTranslator(
        models, EngineOptions(beam_size=args.beam, threads=args.threads, retry_repetition=not args.no_retry)
    )
    text = first_paragraphs(args.paragraphs)
    translator.translate_batch(["Warm up."], "en", args.tgt)
    times: dict[str, list[float]] = {"without": [], "with": []}
    steps = {"without": Steps(), "with": Steps()}
    articles: dict[str, Any] = {}
    for repeat in range(args.repeats):
        order = ("without", "with") if repeat % 2 == 0 else ("with", "without")
        for side in order:
            counted = Steps()
            spy_on_models(counted)
            elapsed, articles[side] = run_once(
                text, args.tgt, translator, glossary if side == "with" else None, counted
            )
            times[side].append(elapsed)
            steps[side] = counted
            unspy()
    sentences = len(articles["without"].segments)
    retry = "off" if args.no_retry else "on"
    print(
        f"en -> {args.tgt}, {args.paragraphs} paragraph(s), {sentences} sentence(s), beam {args.beam}, "
        f"retry of looping segments {retry}"
    )
    print(f"{'side':<10}{'best s':>9}{'median s':>10}{'first-pass steps':>18}{'repair steps':>14}  calls")
    for side in ("without", "with"):
        s = steps[side]
        print(
            f"{side:<10}{min(times[side]):>9.2f}{statistics.median(times[side]):>10.2f}"
            f"{s.first:>18}{s.repair:>14}  {dict(s.calls)}"
        )
    print(f"repair limits: {steps['with'].limits}")
    print(f"term statuses with the glossary: {dict(statuses(articles['with'], args.tgt))}")
    worst = [worst_case(text, args.tgt, translator, glossary) for _ in range(args.repeats)]
    first_s = statistics.median(w[0] for w in worst)
    repair_s = statistics.median(w[1] for w in worst)
    w = worst[-1][2]
    print(
        f"worst case (every sentence repaired, one-term prefix): first pass {first_s:.2f} s "
        f"({w.first} steps), repair {repair_s:.2f} s ({w.repair} steps, limits {w.limits})"
    )
    ratio = statistics.median(times["with"]) / statistics.median(times["without"])
    first = max(steps["with"].first, 1)
    print(
        f"repair_cost_ratio={ratio:.3f} repair_steps_ratio={steps['with'].repair / first:.3f} "
        f"worst_ratio={(first_s + repair_s) / first_s:.3f} worst_steps_ratio={w.repair / max(w.first, 1):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
