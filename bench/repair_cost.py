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

    repair_cost_ratio=R cpu=C repair_steps_ratio=S worst_ratio=W cpu=C worst_steps_ratio=V

``repair_cost_ratio`` is the run with the glossary over the run without, from best-of-repeats
wall times; ``cpu`` after it is the same from process CPU time (all threads), steadier on a
shared machine. ``worst_ratio`` is (first pass + repair) / first pass when the repair
re-decodes every sentence with the shortest prefix (one term), so that each
repair runs to its whole limit: the bound itself, whatever a random model's prefixes are.

Usage::

    python bench/repair_cost.py [--tgt ru|ky] [--paragraphs 3] [--repeats 3] [--beam 2]
                                [--repair-beam N] [--no-retry] [--small] [--rebuild]
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


@dataclass
class Timing:
    """Wall-clock and CPU seconds (all threads of the process) of repeated runs."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, started: tuple[float, float]) -> None:
        """Record a run started at ``started`` (from :func:`clock`)."""
        wall, cpu = clock()
        self.wall.append(wall - started[0])
        self.cpu.append(cpu - started[1])

    def row(self) -> str:
        """Best and median wall seconds, best CPU seconds."""
        return f"{min(self.wall):>8.2f}{statistics.median(self.wall):>10.2f}{min(self.cpu):>9.2f}"


def clock() -> tuple[float, float]:
    """Wall-clock and process CPU time now; the machine is shared, so CPU time is reported too."""
    return time.perf_counter(), time.process_time()


def run_once(text: str, tgt: str, translator: Any, glossary: Any, timing: Timing, terms: Any = None) -> Any:
    """One ``translate_article`` pass, timed into ``timing``; returns the article.

    ``terms`` is the term strategy (``None``: the target's default).
    """
    from newsl10n.pipeline import translate_article

    started = clock()
    article = translate_article(
        text, [tgt], "en", translator=translator, glossary=glossary, memory=None, term_strategy=terms
    )
    timing.add(started)
    return article


def statuses(article: Any, tgt: str) -> Counter[str]:
    """How many term occurrences ended with each status."""
    return Counter(row["status"] for s in article.segments for row in s.terms.get(tgt, []))


def worst_case(text: str, tgt: str, translator: Any, glossary: Any, first: Timing, repair: Timing) -> Steps:
    """First pass, then a repair of every sentence with a one-term prefix (the full limit).

    The masked inputs enforcement would send are translated once, then re-decoded with
    the first term's rendering (else the output's first word) as the prefix: the shortest
    prefix, so each repair runs to its whole limit. Times go to ``first`` and ``repair``.
    """
    from newsl10n.glossary.enforce import prepare
    from newsl10n.segment import segment_text

    sentences = [s.text for s in segment_text(text, "en").sentences()]
    plan = prepare(glossary, sentences, "en", tgt)
    steps = Steps()
    spy_on_models(steps)
    started = clock()
    outputs = translator.translate_batch(plan.inputs, "en", tgt)
    first.add(started)
    prefixes = [
        next((m.term.target_rendering(tgt) for m in matches), None) or (output.split() or ["-"])[0]
        for matches, output in zip(plan.matches, outputs)
    ]
    started = clock()
    translator.translate_with_prefix(plan.inputs, prefixes, "en", tgt)
    repair.add(started)
    unspy()
    return steps


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
    parser.add_argument(
        "--repair-beam",
        type=int,
        default=0,
        help="beam of the repairs (REPAIR_BEAM_SIZE; default: the engine's --beam)",
    )
    parser.add_argument("--small", action="store_true", help="3+3 layers, d_model 256")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--terms",
        choices=("auto", "mask", "keep"),
        default="auto",
        help="term strategy of the run with the glossary (auto: the target's default)",
    )
    args = parser.parse_args(argv)
    isolate(WORK)
    models = ensure_model(WORK, args.tgt, args.small, args.rebuild)
    from newsl10n.glossary.enforce import TermStrategy
    from newsl10n.glossary.io import load_glossary
    from newsl10n.translation import argos
    from newsl10n.translation.argos import ArgosTranslator, EngineOptions

    if args.repair_beam:
        argos.REPAIR_BEAM_SIZE = args.repair_beam

    glossary = load_glossary(GLOSSARY)
    translator = ArgosTranslator(
        models, EngineOptions(beam_size=args.beam, threads=args.threads, retry_repetition=not args.no_retry)
    )
    text = first_paragraphs(args.paragraphs)
    translator.translate_batch(["Warm up."], "en", args.tgt)
    times = {"without": Timing(), "with": Timing()}
    steps = {"without": Steps(), "with": Steps()}
    articles: dict[str, Any] = {}
    for repeat in range(args.repeats):
        order = ("without", "with") if repeat % 2 == 0 else ("with", "without")
        for side in order:
            steps[side] = Steps()
            spy_on_models(steps[side])
            used = glossary if side == "with" else None
            terms = None if args.terms == "auto" else TermStrategy(args.terms)
            articles[side] = run_once(text, args.tgt, translator, used, times[side], terms)
            unspy()
    first, repair = Timing(), Timing()
    worst = [worst_case(text, args.tgt, translator, glossary, first, repair) for _ in range(args.repeats)][-1]
    retry = "off" if args.no_retry else "on"
    repair_beam = vars(argos).get("REPAIR_BEAM_SIZE") or args.beam  # None or absent: the engine's
    print(
        f"en -> {args.tgt}, {args.paragraphs} paragraph(s), {len(articles['with'].segments)} sentence(s), "
        f"beam {args.beam} (repair {repair_beam}), terms {args.terms}, retry of looping segments {retry}, "
        f"{args.repeats} repeat(s)"
    )
    print(f"{'':<28}{'best s':>8}{'median s':>10}{'best cpu':>9}{'steps: first':>14}{'repair':>8}")
    rows = [
        ("without the glossary", times["without"], steps["without"]),
        ("with the glossary", times["with"], steps["with"]),
        ("worst: first pass", first, Steps(first=worst.first)),
        ("worst: repair, every sent.", repair, Steps(repair=worst.repair)),
    ]
    for name, timing, counted in rows:
        print(f"{name:<28}{timing.row()}{counted.first:>14}{counted.repair:>8}")
    print(f"repair limits: with the glossary {steps['with'].limits}, worst case {worst.limits}")
    print(f"term statuses with the glossary: {dict(statuses(articles['with'], args.tgt))}")
    ratio = min(times["with"].wall) / min(times["without"].wall)
    cpu = min(times["with"].cpu) / min(times["without"].cpu)
    worst_wall = (min(first.wall) + min(repair.wall)) / min(first.wall)
    worst_cpu = (min(first.cpu) + min(repair.cpu)) / min(first.cpu)
    print(
        f"repair_cost_ratio={ratio:.3f} cpu={cpu:.3f} "
        f"repair_steps_ratio={steps['with'].repair / max(steps['with'].first, 1):.3f} "
        f"worst_ratio={worst_wall:.3f} cpu={worst_cpu:.3f} "
        f"worst_steps_ratio={worst.repair / max(worst.first, 1):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
