"""Batching across requests (issue 12): 32 threads sending single sentences, coalesced or not.

Each of ``--clients`` threads (32) sends one sentence per ``translate_batch`` call, as the
service's request threads do, ``--requests`` calls in all (1000), the sentences of the sample
article (``examples/``) in turn, cut to their first ``--words`` words (12: headlines and teasers;
0 keeps them whole, which takes many minutes on a shared 2-core machine). Side by side in
one run, on the same model and sentences, interleaved over ``--repeats``:

* **direct**: the calls go straight to one shared ``ArgosTranslator`` (each call its own
  CTranslate2 call, which its workers run as they come);
* **coalesced**: the calls go through ``CoalescingTranslator(max_batch, wait_ms)``, as in
  ``newsl10n serve``;
* **batched**: one thread sends the same sentences in calls of ``--max-batch``: the limit.

Outputs are checked against each sentence translated alone: with ``--beam 1`` they are equal;
under beam search some sentences that run to their own decoding limit differ (the batch's limit
is its longest source's: see tests/test_service_batching.py), so their number is reported.

The model is repair_cost.py's random-weight Transformer (built under ``bench/_work/batching``):
base size (6+6 layers, d_model 512), or ``--small`` (3+3, d_model 256), int8, end of sentence
suppressed so every output runs to its limit. The last line is the tracked summary::

    batching_ratio=R vs_batched=B mean_batch=M p95_direct=S p95_coalesced=S

``batching_ratio`` is the coalesced throughput over the direct one (best of repeats);
``vs_batched`` the coalesced throughput over the batched limit.

Usage::

    python bench/batching.py [--requests 1000] [--clients 32] [--repeats 3] [--beam 2]
                             [--max-batch 32] [--wait-ms 5] [--threads 0] [--words 12]
                             [--small] [--rebuild]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
WORK = BENCH_DIR / "_work" / "batching"
sys.path.insert(0, str(BENCH_DIR))

from repair_cost import SAMPLE, ensure_model, isolate  # noqa: E402


@dataclass
class Side:
    """Throughputs (sentences/s) and latencies (s) of one side over the repeats."""

    throughput: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def row(self, name: str) -> str:
        """One table row: best and median throughput, p50 and p95 latency."""
        lat = sorted(self.latencies) or [0.0]
        p50, p95 = lat[len(lat) // 2], lat[min(len(lat) - 1, int(0.95 * len(lat)))]
        best, median = max(self.throughput), statistics.median(self.throughput)
        return f"{name:<10}{best:>10.1f}{median:>10.1f}{p50 * 1000:>10.1f}{p95 * 1000:>10.1f}"

    def p95(self) -> float:
        """The 95th percentile latency in seconds."""
        lat = sorted(self.latencies)
        return lat[min(len(lat) - 1, int(0.95 * len(lat)))]


def article_sentences(words: int) -> list[str]:
    """The sample article's sentences, each cut to its first ``words`` words (0: whole)."""
    from newsl10n.segment import split_sentences

    text = SAMPLE.read_text(encoding="utf-8")
    sentences = [text[start:end] for start, end in split_sentences(text, "en")]
    return [" ".join(s.split()[:words]) if words else s for s in sentences]


def concurrent(translate: Callable[[str], str], jobs: list[str], clients: int, side: Side) -> list[str]:
    """Send ``jobs`` one per call from ``clients`` threads; time it into ``side``."""

    def one(sentence: str) -> str:
        started = time.perf_counter()
        out = translate(sentence)
        side.latencies.append(time.perf_counter() - started)
        return out

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        outputs = list(pool.map(one, jobs))
    side.throughput.append(len(jobs) / (time.perf_counter() - started))
    return outputs


def batched(engine: Any, jobs: list[str], size: int, tgt: str, side: Side) -> list[str]:
    """Send ``jobs`` in calls of ``size`` from one thread: the limit."""
    started = time.perf_counter()
    outputs: list[str] = []
    for start in range(0, len(jobs), size):
        outputs.extend(engine.translate_batch(jobs[start : start + size], "en", tgt))
    side.throughput.append(len(jobs) / (time.perf_counter() - started))
    return outputs


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a table and the tracked summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tgt", choices=("ru", "ky"), default="ru")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--beam", type=int, default=2)
    parser.add_argument("--max-batch", type=int, default=32)
    parser.add_argument("--wait-ms", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--words", type=int, default=12, help="cut sentences to N words (0: whole)")
    parser.add_argument("--small", action="store_true", help="3+3 layers, d_model 256")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    isolate(WORK)
    models = ensure_model(WORK, args.tgt, args.small, args.rebuild)
    from newsl10n.service.batching import CoalescingTranslator
    from newsl10n.translation.argos import ArgosTranslator, EngineOptions

    engine = ArgosTranslator(models, EngineOptions(beam_size=args.beam, threads=args.threads))
    sentences = article_sentences(args.words)
    jobs = [sentences[i % len(sentences)] for i in range(args.requests)]
    alone = {s: engine.translate_batch([s], "en", args.tgt)[0] for s in sentences}  # also warms up
    sides = {"direct": Side(), "coalesced": Side(), "batched": Side()}
    differ: dict[str, int] = {}
    mean_batch = 0.0
    for repeat in range(args.repeats):
        names = list(sides) if repeat % 2 == 0 else list(reversed(sides))
        for name in names:
            if name == "direct":
                out = concurrent(
                    lambda s: engine.translate_batch([s], "en", args.tgt)[0], jobs, args.clients, sides[name]
                )
            elif name == "coalesced":
                coalescer = CoalescingTranslator(
                    engine, max_batch=args.max_batch, wait_ms=args.wait_ms, queue_size=10 * args.requests
                )
                out = concurrent(
                    lambda s, c=coalescer: c.translate_batch([s], "en", args.tgt)[0],
                    jobs,
                    args.clients,
                    sides[name],
                )
                mean_batch = coalescer.stats().mean_batch
                coalescer.close()
            else:
                out = batched(engine, jobs, args.max_batch, args.tgt, sides[name])
            differ[name] = max(differ.get(name, 0), sum(o != alone[j] for o, j in zip(out, jobs)))
    print(
        f"{args.requests} one-sentence requests, {args.clients} clients, beam {args.beam}, en -> {args.tgt}"
    )
    print(f"{'side':<10}{'best/s':>10}{'median/s':>10}{'p50 ms':>10}{'p95 ms':>10}  differ from alone")
    for name, side in sides.items():
        print(f"{side.row(name)}  {differ[name]}/{args.requests}")
    ratio = max(sides["coalesced"].throughput) / max(sides["direct"].throughput)
    limit = max(sides["coalesced"].throughput) / max(sides["batched"].throughput)
    print(
        f"batching_ratio={ratio:.2f} vs_batched={limit:.2f} mean_batch={mean_batch:.1f} "
        f"p95_direct={sides['direct'].p95():.3f} p95_coalesced={sides['coalesced'].p95():.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
