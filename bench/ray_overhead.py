"""Ray's overhead on one machine, and a scaling model for a whole archive (issue 13).

200 articles (sentences of ``examples/kant-air-defense.en.txt``, shuffled per article) are
translated en -> ru by the same engine three ways: in this process (``executor=None``), on a
local Ray started for the run (``RayExecutor()``: Ray's start-up and shutdown included), and
on a Ray already up (``RayExecutor().session()`` around the run: actor start and model loads
included, Ray's start-up not). The outputs of the three are compared (TMX dates aside).

It then measures what bounds a cluster run from the driver's side: the translation memory
merge (``TranslationMemory.store`` of N entries, entries/s) and the bytes and files written
per article, and prints the time for ``--archive`` articles (300,000) on 1, 8 and 64 nodes
like this one, from the measured per-actor throughput and start-up costs.

``--engine random`` (the default) is a random-weight 2-layer model from ``tests/modelkit.py``
(real CTranslate2 decoding), ``echo`` copies its input, ``fake`` needs no model (newsl10n's
own work only). Needs the ``ray`` and ``test`` extras.

Usage::

    python bench/ray_overhead.py [--articles 200] [--engine random|echo|fake] [--archive 300000]
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]


SIZES: dict[str, dict[str, int]] = {
    "tiny": {"layers": 2, "d_model": 64, "heads": 2, "ffn": 128},
    "small": {"layers": 3, "d_model": 256, "heads": 4, "ffn": 1024},
    "base": {"layers": 6, "d_model": 512, "heads": 8, "ffn": 2048},
}
"""Random-weight Transformers: ``base`` is the size of a desk's real Argos models."""
OUT_TOKENS = 48
"""Every output is this many tokens (a random model never writes ``</s>``): about what a
real model writes for a 130-character news sentence."""


def make_articles(folder: Path, count: int, seed: int = 13) -> list[Path]:
    """``count`` articles in nested folders (``2026/03/story-17.txt``), 8-14 sentences each.

    Every sentence is new (two English lines of the test corpus joined, about 130
    characters), so a translation memory serves none: each article costs the engine.
    """
    import bench as main_bench

    lines = [line.rstrip(".") for line in main_bench.english_lines()]
    rng = random.Random(seed)
    pairs = [(a, b) for a in lines for b in lines if a != b]
    rng.shuffle(pairs)
    pool = iter(f"{a}, while {b[0].lower()}{b[1:]}." for a, b in pairs)
    paths = []
    for i in range(count):
        path = folder / f"{2016 + i % 10}" / f"{i % 12 + 1:02d}" / f"story-{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        chosen = [next(pool) for _ in range(rng.randint(8, 14))]
        half = len(chosen) // 2
        path.write_text(f"{' '.join(chosen[:half])}\n\n{' '.join(chosen[half:])}\n", encoding="utf-8")
        paths.append(path)
    return paths


def make_translator(engine: str, work: Path, size: str = "small") -> Any:
    """The engine to time; Argos ones are built with ``tests/modelkit.py`` and installed.

    The random model (int8) decodes every sentence to :data:`OUT_TOKENS` tokens: its
    length bound is the same for all, so no sentence is decoded twice
    (``ArgosTranslator``'s re-decoding of a sentence that reaches its own bound).
    """
    from newsl10n.translation.argos import ArgosTranslator, EngineOptions
    from newsl10n.translation.fake import FakeTranslator
    from newsl10n.translation.packages import install_package_file

    if engine == "fake":
        return FakeTranslator()
    import modelkit

    kit = ROOT / "bench" / "_work" / "ray_overhead"
    options: dict[str, Any] = {"quantization": "int8", **SIZES[size]} if engine == "random" else {}
    package = modelkit.make_argos_package(kit, "en", "ru", engine, **options)
    install_package_file(package, work / "models")
    if engine == "echo":
        return ArgosTranslator(work / "models")
    return ArgosTranslator(work / "models", EngineOptions(length_ratio=0.001, length_margin=OUT_TOKENS))


class Timed:
    """A bench-side executor around ``inner``: times every batch in its worker and in the driver."""

    def __init__(self, inner: Any, log: Path) -> None:
        self.inner, self.log, self.arrived = inner, log, []

    def workers(self) -> int:
        return int(self.inner.workers())

    def run(self, spec: Any, batches: Any, work: Any, on_outcome: Any) -> None:
        self.started = time.time()

        def arrived(outcome: Any) -> None:
            now = time.time()
            on_outcome(outcome)
            self.arrived.append((outcome.indexes[0], now, time.time() - now))

        self.inner.run(spec, batches, functools.partial(timed_work, str(self.log), work), arrived)
        self.ended = time.time()

    def report(self, articles: int) -> dict[str, float]:
        """Phase times of the last run (seconds) from the workers' log and the driver's."""
        rows = [line.split() for line in self.log.read_text().splitlines()]
        batches = {int(r[1]): (int(r[0]), float(r[2]), float(r[3]), float(r[4]), int(r[5])) for r in rows}
        pids = sorted({b[0] for b in batches.values()})
        first = {p: min(b[1] for b in batches.values() if b[0] == p) for p in pids}
        last = {p: max(b[2] for b in batches.values() if b[0] == p) for p in pids}
        busy = {p: sum(b[2] - b[1] for b in batches.values() if b[0] == p) for p in pids}
        loads = sum(b[3] for b in batches.values())
        return {
            "batches": len(batches),
            "actor_start": sum(first[p] - self.started for p in pids) / len(pids),
            "model_load": loads / len(pids),
            "compute": sum(busy.values()) - loads,
            "per_article": (sum(busy.values()) - loads) / articles,
            "tail_idle": max(last.values()) - min(last.values()),
            "transfer": sum(t - batches[i][2] for i, t, _ in self.arrived) / len(self.arrived),
            "merge": sum(m for *_, m in self.arrived),
            "after": self.ended - max(last.values()),
        }


def timed_work(log: str, work: Any, spec: Any, tasks: Any) -> Any:
    """``work(spec, tasks)``, logged as ``pid first-index start end load-seconds articles``."""
    start = time.time()
    load = 0.0
    if not os.environ.get("RAY_BENCH_LOADED"):  # this process's first batch: time the load
        os.environ["RAY_BENCH_LOADED"] = "1"
        spec.translator.translate_batch(["Warm up."], spec.source, spec.targets[0])
        load = time.time() - start
    outcome = work(spec, tasks)
    with open(log, "a", encoding="utf-8") as stream:
        stream.write(f"{os.getpid()} {tasks[0].index} {start} {time.time()} {load} {len(tasks)}\n")
    return outcome


def timed_run(paths: list[Path], root: Path, out: Path, translator: Any, executor: Any, memory: Any = None):
    from newsl10n.files import translate_files
    from newsl10n.translation.argos import clear_model_cache

    clear_model_cache()  # every side loads its models (the driver's for the local run)
    names = [str(p.relative_to(root)) for p in paths]
    start, cpu = time.perf_counter(), time.process_time()
    results = translate_files(
        paths, ["ru"], out, "en", translator=translator, names=names, executor=executor, memory=memory
    )
    elapsed = time.perf_counter() - start
    failed = [r.error for r in results if r.error]
    if failed:
        raise SystemExit(f"{len(failed)} articles failed: {failed[0]}")
    return elapsed, time.process_time() - cpu


def tree(out: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".tmx":
            data = re.sub(rb'creationdate="[0-9TZ]+"', b'creationdate=""', data)
        found[path.relative_to(out).as_posix()] = data
    return found


def merge_rate(work: Path, count: int) -> float:
    """Entries per second ``TranslationMemory.store`` takes, in batches of 200."""
    from newsl10n.translation.memory import MemoryEntry, MemoryKey, TranslationMemory

    entries = [
        MemoryEntry(
            MemoryKey("argos", "en_ru-1.0|beam=2", "en", "ru", "", f"Sentence number {i} of the archive."),
            f"Предложение номер {i} архива.",
        )
        for i in range(count)
    ]
    with TranslationMemory.open(work / "merge.sqlite") as memory:
        start = time.perf_counter()
        for k in range(0, count, 200):
            memory.store(entries[k : k + 200])
        return count / (time.perf_counter() - start)


def scaling(args: argparse.Namespace, m: dict[str, float]) -> list[str]:
    """The time for ``args.archive`` articles on 1, 8 and 64 nodes like this one."""
    lines = []
    actor_rate = 1 / m["per_article"]  # articles/s of one actor, compute only
    merge_s_per_article = m["entries_per_article"] / m["merge_rate"]
    for nodes in (1, 8, 64):
        compute = args.archive / (actor_rate * m["actors"] * nodes)
        merge = args.archive * merge_s_per_article
        files = args.archive * m["files_per_article"] / args.fs_creates
        total = m["ray_start"] + m["actor_start"] + m["model_load"] + max(compute, merge, files)
        bound = max(
            ("compute", compute), ("driver merge", merge), ("shared filesystem", files), key=lambda x: x[1]
        )
        lines.append(
            f"| {nodes} | {nodes * m['actors']:.0f} | {compute / 3600:.2f} h | {merge / 3600:.2f} h |"
            f" {files / 3600:.2f} h | {total / 3600:.2f} h | {bound[0]} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--engine", choices=("random", "echo", "fake"), default="random")
    parser.add_argument("--size", choices=tuple(SIZES), default="small", help="the random model's size")
    parser.add_argument("--archive", type=int, default=300_000, help="articles of the scaling model")
    parser.add_argument(
        "--actors", type=int, default=None, help="actors (default: one per core group, pinned)"
    )
    parser.add_argument("--merge-entries", type=int, default=20_000)
    parser.add_argument(
        "--fs-creates", type=float, default=1000.0, help="file creations/s the shared filesystem sustains"
    )
    args = parser.parse_args()

    from newsl10n.cluster import RayExecutor
    from newsl10n.translation.memory import TranslationMemory

    work = Path(tempfile.mkdtemp(prefix="ray-bench-"))
    os.environ["NEWSL10N_HOME"] = str(work / "home")
    try:
        root = work / "archive"
        paths = make_articles(root, args.articles)
        translator = make_translator(args.engine, work, args.size)
        m: dict[str, float] = {"articles": args.articles}
        m["actors"] = RayExecutor(actors=args.actors).workers()
        # Each run has a fresh memory of its own (the driver's merge is part of the time).
        with TranslationMemory.open(work / "local.sqlite") as memory:
            m["local"], m["local_cpu"] = timed_run(paths, root, work / "local", translator, None, memory)
            m["entries_per_article"] = memory.stats().segments / args.articles
        with TranslationMemory.open(work / "cold.sqlite") as memory:
            executor = RayExecutor(actors=args.actors)
            m["ray_cold"], _ = timed_run(paths, root, work / "ray-cold", translator, executor, memory)
        executor = RayExecutor(actors=args.actors)
        started = time.perf_counter()
        with executor.session(), TranslationMemory.open(work / "warm.sqlite") as memory:
            m["session_start"] = time.perf_counter() - started
            timed = Timed(executor, work / "batches.log")
            m["ray_warm"], _ = timed_run(paths, root, work / "ray-warm", translator, timed, memory)
            phases = timed.report(args.articles)
            stopping = time.perf_counter()
        m["session_stop"] = time.perf_counter() - stopping
        m.update(phases)
        m["ray_start"] = m["session_start"] + m["session_stop"]
        same = tree(work / "local") == tree(work / "ray-cold") == tree(work / "ray-warm")
        m["merge_rate"] = merge_rate(work, args.merge_entries)
        out = list((work / "local").rglob("*"))
        m["files_per_article"] = sum(1 for p in out if p.is_file()) / args.articles
        m["kb_per_article"] = sum(p.stat().st_size for p in out if p.is_file()) / 1024 / args.articles
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(args, m, same)


def report(args: argparse.Namespace, m: dict[str, float], same: bool) -> None:
    """Print the measurements, the fixed and per-article costs, and the scaling table."""
    model = f"random {args.size}" if args.engine == "random" else args.engine
    print(
        f"engine {model}, {args.articles} articles en -> ru, {os.cpu_count()} cores,"
        f" {m['actors']:.0f} actors; load average {os.getloadavg()[0]:.2f}"
    )
    print(f"outputs identical (local, Ray cold, Ray warm): {same}")
    print("| run | wall | ratio to local |")
    print("|---|---|---|")
    print(f"| local (this process, {m['local_cpu']:.1f} s CPU) | {m['local']:.1f} s | 1.00 |")
    print(f"| Ray, start-up included | {m['ray_cold']:.1f} s | {m['ray_cold'] / m['local']:.2f} |")
    print(
        f"| Ray already up (actors + model loads included) | {m['ray_warm']:.1f} s |"
        f" {m['ray_warm'] / m['local']:.2f} |"
    )
    fixed = m["actor_start"] + m["model_load"]
    local_per_article = m["local"] / args.articles
    ray_per_article = m["per_article"] / m["actors"]  # wall per article with every actor busy
    print(
        f"Ray warm, {m['batches']:.0f} batches: actor start {m['actor_start']:.2f} s, model load"
        f" {m['model_load']:.2f} s (per actor), compute {m['compute']:.1f} s in the actors"
        f" ({m['per_article'] * 1000:.0f} ms/article/actor), tail idle {m['tail_idle']:.2f} s,"
        f" result transfer {m['transfer'] * 1000:.0f} ms/batch, driver merge {m['merge']:.2f} s,"
        f" after the last batch {m['after']:.2f} s"
    )
    print(f"Ray start {m['session_start']:.1f} s + shutdown {m['session_stop']:.1f} s")
    extra = ray_per_article - local_per_article
    print(
        f"fixed: {fixed:.1f} s (Ray up) / {fixed + m['ray_start']:.1f} s (start-up included);"
        f" per article: local {local_per_article * 1000:.1f} ms, Ray {ray_per_article * 1000:.1f} ms"
    )
    for label, cost in (("Ray up", fixed), ("start-up included", fixed + m["ray_start"])):
        if 0.15 * local_per_article > extra:
            least = cost / (0.15 * local_per_article - extra)
            print(f"overhead <= 15% of local from {least:.0f} articles ({label})")
        else:
            print(f"overhead > 15% at any article count ({label}): per-article cost is higher on Ray")
    print(
        f"memory merge: {m['merge_rate']:.0f} entries/s; {m['entries_per_article']:.1f} entries,"
        f" {m['files_per_article']:.1f} files, {m['kb_per_article']:.1f} KB per article"
    )
    print(
        f"\n{args.archive} articles on nodes like this one ({m['actors']:.0f} actors each;"
        f" shared filesystem at {args.fs_creates:.0f} file creations/s):"
    )
    print("| nodes | actors | compute | driver merge | filesystem | total | bound by |")
    print("|---|---|---|---|---|---|---|")
    for line in scaling(args, m):
        print(line)


if __name__ == "__main__":
    main()
