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
sys.path.insert(0, str(ROOT / "tests"))


def make_articles(folder: Path, count: int, seed: int = 13) -> list[Path]:
    """``count`` articles in nested folders (``2026/03/story-17.txt``), 8-14 sentences each."""
    from newsl10n.segment import split_sentences

    text = (ROOT / "examples" / "kant-air-defense.en.txt").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    sentences = [flat[a:b] for a, b in split_sentences(flat, "en") if b - a > 20]
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        path = folder / f"{2016 + i % 10}" / f"{i % 12 + 1:02d}" / f"story-{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        chosen = rng.sample(sentences, min(len(sentences), rng.randint(8, 14)))
        half = len(chosen) // 2
        path.write_text(f"{' '.join(chosen[:half])}\n\n{' '.join(chosen[half:])}\n", encoding="utf-8")
        paths.append(path)
    return paths


def make_translator(engine: str, work: Path) -> Any:
    """The engine to time; Argos ones are built with ``tests/modelkit.py`` and installed."""
    from newsl10n.translation.argos import ArgosTranslator
    from newsl10n.translation.fake import FakeTranslator
    from newsl10n.translation.packages import install_package_file

    if engine == "fake":
        return FakeTranslator()
    import modelkit

    package = modelkit.make_argos_package(work / "kit", "en", "ru", engine)
    install_package_file(package, work / "models")
    return ArgosTranslator(work / "models")


def timed_run(paths: list[Path], root: Path, out: Path, translator: Any, executor: Any, memory: Any = None):
    from newsl10n.files import translate_files
    from newsl10n.translation.argos import clear_model_cache

    clear_model_cache()  # every side loads its models (the driver's for the local run)
    names = [str(p.relative_to(root)) for p in paths]
    start = time.perf_counter()
    results = translate_files(
        paths, ["ru"], out, "en", translator=translator, names=names, executor=executor, memory=memory
    )
    elapsed = time.perf_counter() - start
    failed = [r.error for r in results if r.error]
    if failed:
        raise SystemExit(f"{len(failed)} articles failed: {failed[0]}")
    return elapsed


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
    node_rate = m["articles"] / (m["ray_warm"] - m["actor_start"])  # articles/s of one node
    merge_s_per_article = m["entries_per_article"] / m["merge_rate"]
    for nodes in (1, 8, 64):
        compute = args.archive / (node_rate * nodes)
        merge = args.archive * merge_s_per_article
        files = args.archive * m["files_per_article"] / args.fs_creates
        total = m["ray_start"] + m["actor_start"] + max(compute, merge, files)
        bound = max(
            ("compute", compute), ("driver merge", merge), ("shared filesystem", files), key=lambda x: x[1]
        )
        lines.append(
            f"| {nodes} | {nodes * m['actors']} | {compute / 3600:.2f} h | {merge / 3600:.2f} h |"
            f" {files / 3600:.2f} h | {total / 3600:.2f} h | {bound[0]} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--engine", choices=("random", "echo", "fake"), default="random")
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
    from newsl10n.cluster.layout import local_cores, plan_actors
    from newsl10n.translation.memory import TranslationMemory

    work = Path(tempfile.mkdtemp(prefix="ray-bench-"))
    os.environ["NEWSL10N_HOME"] = str(work / "home")
    try:
        root = work / "archive"
        paths = make_articles(root, args.articles)
        translator = make_translator(args.engine, work)
        m: dict[str, float] = {"articles": args.articles}
        m["actors"] = len(plan_actors([("here", local_cores(), 0)], args.actors))
        # Each run has a fresh memory of its own (the driver's merge is part of the time).
        with TranslationMemory.open(work / "local.sqlite") as memory:
            m["local"] = timed_run(paths, root, work / "local", translator, None, memory)
            m["entries_per_article"] = memory.stats().segments / args.articles
        with TranslationMemory.open(work / "cold.sqlite") as memory:
            executor = RayExecutor(actors=args.actors)
            m["ray_cold"] = timed_run(paths, root, work / "ray-cold", translator, executor, memory)
        executor = RayExecutor(actors=args.actors)
        with executor.session(), TranslationMemory.open(work / "warm.sqlite") as memory:
            m["actor_start"] = timed_run(paths[:2], root, work / "ray-probe", translator, executor)
            m["ray_warm"] = timed_run(paths, root, work / "ray-warm", translator, executor, memory)
        m["ray_start"] = max(0.0, m["ray_cold"] - m["ray_warm"])
        same = tree(work / "local") == tree(work / "ray-cold") == tree(work / "ray-warm")
        m["merge_rate"] = merge_rate(work, args.merge_entries)
        out = list((work / "local").rglob("*"))
        m["files_per_article"] = sum(1 for p in out if p.is_file()) / args.articles
        m["kb_per_article"] = sum(p.stat().st_size for p in out if p.is_file()) / 1024 / args.articles
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"engine {args.engine}, {args.articles} articles en -> ru,"
        f" {os.cpu_count()} cores, {m['actors']:.0f} actors"
    )
    print(f"outputs identical (local, Ray cold, Ray warm): {same}")
    print("| run | wall | ratio to local |")
    print("|---|---|---|")
    print(f"| local (this process) | {m['local']:.1f} s | 1.00 |")
    print(f"| Ray, start-up included | {m['ray_cold']:.1f} s | {m['ray_cold'] / m['local']:.2f} |")
    print(
        f"| Ray already up (actors + model loads included) | {m['ray_warm']:.1f} s |"
        f" {m['ray_warm'] / m['local']:.2f} |"
    )
    print(
        f"Ray start-up + shutdown ~{m['ray_start']:.1f} s;"
        f" actor start + model load + 2 articles {m['actor_start']:.1f} s"
    )
    print(
        f"memory merge: {m['merge_rate']:.0f} entries/s; {m['entries_per_article']:.1f} entries,"
        f" {m['files_per_article']:.1f} files, {m['kb_per_article']:.1f} KB per article"
    )
    print(
        f"\n{args.archive} articles on nodes like this one ({m['actors']} actors each;"
        f" shared filesystem at {args.fs_creates:.0f} file creations/s):"
    )
    print("| nodes | actors | compute | driver merge | filesystem | total | bound by |")
    print("|---|---|---|---|---|---|---|")
    for line in scaling(args, m):
        print(line)


if __name__ == "__main__":
    main()
