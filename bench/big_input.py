"""Time and peak memory of ``newsl10n detect`` and ``translate --engine fake`` on big articles.

Not a test: a standalone benchmark that uses only newsl10n and the standard library.
It writes generated Russian articles of 1, 5 and 20 MB (news sentences from
``tests/data/langid/ru.txt``, in paragraphs) under a temporary folder, then runs each
command once per size in a fresh process and prints its wall time and peak RSS
(``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of that process, import included).
The translation runs with ``--no-memory --no-glossary`` and a temporary home, so
nothing outside the temporary folder is touched.

Usage::

    python bench/big_input.py                    # 1, 5 and 20 MB
    python bench/big_input.py --sizes 1,5 --only detect
    python bench/big_input.py --sizes 5 --only translate --profile   # cProfile, top 30

To compare with another tree, run the same command with ``PYTHONPATH=OTHER/src``: the
child processes import whichever newsl10n the parent imports.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = Path(__file__).resolve().parent.parent / "tests" / "data" / "langid" / "ru.txt"
FALLBACK = [
    "Парламент Кыргызстана ратифицировал соглашение о совместной системе противовоздушной обороны.",
    "Курс доллара на межбанковском рынке снизился до 87,3 сома.",
    "Министр финансов сообщил, что бюджет на следующий год будет принят в декабре.",
]
MIB = 1024 * 1024


def make_article(size_mb: float) -> str:
    """A Russian article of about ``size_mb`` MB of UTF-8: numbered paragraphs of news sentences."""
    if SENTENCES.exists():
        lines = [ln.strip() for ln in SENTENCES.read_text(encoding="utf-8").splitlines() if ln.strip()]
    else:
        lines = FALLBACK
    target = int(size_mb * 1_000_000)
    paragraphs: list[str] = []
    total = 0
    i = 0
    while total < target:
        body = " ".join(lines[(i * 5 + k) % len(lines)] for k in range(5))
        paragraph = f"{i + 1}. {body}"
        paragraphs.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(paragraphs) + "\n"


def _child(argv: list[str], report: str, profile: bool) -> None:
    """Run the CLI in this process; write its time and peak RSS to ``report`` as JSON."""
    import resource

    start = time.perf_counter()
    sys.argv = ["newsl10n", *argv]
    from newsl10n.cli import main

    status = 0
    try:
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            try:
                profiler.runcall(main)
            finally:
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        else:
            main()
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    Path(report).write_text(json.dumps({"seconds": elapsed, "peak_mib": peak_kib / 1024, "status": status}))


def measure(argv: list[str], work: Path, profile: bool = False) -> dict[str, float]:
    """Run ``newsl10n ARGV`` in a fresh process; return its seconds, peak MiB and status."""
    report = work / "report.json"
    env = dict(os.environ, HOME=str(work / "home"), XDG_DATA_HOME=str(work / "data"))
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env["XDG_CONFIG_HOME"] = str(work / "config")
    subprocess.run(
        [sys.executable, __file__, "--child", str(report), *(["--profile"] if profile else []), "--", *argv],
        check=True,
        env=env,
        cwd=work,
        stdout=subprocess.DEVNULL,
        timeout=3600,
    )
    result: dict[str, float] = json.loads(report.read_text())
    return result


def main() -> int:
    """Parse the options and run the benchmark (or, with ``--child``, one measured command)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5,20", help="article sizes in MB, comma-separated")
    parser.add_argument("--only", choices=["detect", "translate"], help="run one command only")
    parser.add_argument("--profile", action="store_true", help="cProfile the commands (to stderr)")
    parser.add_argument("--child", metavar="REPORT", help=argparse.SUPPRESS)
    parser.add_argument("argv", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.argv, args.child, args.profile)
        return 0
    import newsl10n

    print(f"newsl10n from {Path(newsl10n.__file__).parent}, Python {sys.version.split()[0]}")
    commands = ["detect", "translate"] if args.only is None else [args.only]
    with tempfile.TemporaryDirectory(prefix="newsl10n-big-") as folder:
        work = Path(folder)
        for size in (float(s) for s in args.sizes.split(",")):
            article = work / f"article-{size:g}mb.txt"
            article.write_text(make_article(size), encoding="utf-8")
            mb = article.stat().st_size / 1_000_000
            for command in commands:
                if command == "detect":
                    argv = ["detect", str(article)]
                else:
                    argv = ["translate", str(article), "--to", "en", "--engine", "fake", "--no-memory",
                            "--no-glossary", "--quiet", "--out", str(work / "out")]  # fmt: skip
                got = measure(argv, work, args.profile)
                print(
                    f"{command:9} {mb:6.1f} MB  {got['seconds']:8.2f} s  peak RSS {got['peak_mib']:8.1f} MiB"
                    f"  exit {int(got['status'])}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
