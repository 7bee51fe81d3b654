"""Time ``newsl10n detect`` as a user runs it: one fresh process per call.

Each sample (Kyrgyz, Kazakh, Russian and English sentences, an English headline of
names, and Kyrgyz and Russian texts of about 1,200 characters) is
detected ``--repeat`` times by ``python -m newsl10n detect``; the table gives the
fastest and the median wall time of each, and the answer. A fresh process pays for
Python, the CLI and whatever detection models the text needs (py3langid's model takes
about a second to load, langdetect's profiles about half a second), which is what this
measures.

``--src DIR`` times another source tree, such as an older checkout
(``git archive main src | tar -x -C /tmp/base``), so two versions can be compared on
one machine; an older tree without ``--text`` is fed through standard input with
``--stdin``.

Usage::

    python bench/detect_speed.py [--repeat N] [--src DIR] [--stdin] [--expect en,ru,ky]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
LANGID = Path(__file__).resolve().parent.parent / "tests" / "data" / "langid"


def article(lang: str, size: int = 1200) -> str:
    """The first lines of ``tests/data/langid/<lang>.txt``, joined up to ``size`` characters."""
    lines = [line.strip() for line in (LANGID / f"{lang}.txt").read_text(encoding="utf-8").splitlines()]
    out: list[str] = []
    for line in filter(None, lines):
        if sum(len(x) + 1 for x in out) >= size:
            break
        out.append(line)
    return " ".join(out)


SAMPLES = {
    "ky": "Бишкекте жаңы мектептин курулушу быйыл күзүндө аяктайт деп билдирди шаардык мэрия.",
    "ky-article": (
        "Президент Садыр Жапаров бүгүн Ысык-Көл облусуна иш сапары менен барды. "
        "Ал жергиликтүү тургундар менен жолугуп, жаңы мектептин курулушу менен таанышты. "
        "Өкмөт энергетикалык кризисти жеңүү үчүн кошумча чараларды көрөт. "
        "Быйыл облуста төрт жаңы бала бакча ачылат деп күтүлүүдө."
    ),
    "ky-1200": article("ky"),
    "kk": "Қазақстан үкіметі жаңа заң қабылдады.",
    "ru": "Курс доллара на межбанковском рынке снизился до 87,3 сома, сообщил Национальный банк.",
    "ru-1200": article("ru"),
    "en": "The National Bank of the Kyrgyz Republic kept its policy rate at nine percent.",
    "en-names": "Sadyr Japarov invites Vladimir Putin to visit Kyrgyzstan",
}
"""The texts timed, by label (``-1200``: about 1,200 characters of the labelled set)."""


def command(text: str, *, stdin: bool, expect: str | None) -> tuple[list[str], str | None]:
    """The ``detect`` command line for ``text`` and what to write on its standard input."""
    args = [sys.executable, "-m", "newsl10n", "detect"]
    if expect:
        args += ["--expect", expect]
    if stdin:
        return [*args, "-"], text
    return [*args, "--text", text], None


def run_once(args: list[str], feed: str | None, src: Path) -> tuple[float, str]:
    """Run one ``detect`` process; return its wall time in seconds and its first output line."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    started = time.perf_counter()
    done = subprocess.run(args, input=feed, capture_output=True, text=True, env=env, check=False, timeout=120)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"detect failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed, (done.stdout.strip().splitlines() or [""])[0]


def main() -> None:
    """Parse arguments, time every sample and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per sentence (default 5)")
    parser.add_argument("--src", type=Path, default=SRC, help="the source tree to time")
    parser.add_argument("--stdin", action="store_true", help="feed the text on stdin ('-')")
    parser.add_argument("--expect", default=None, help="pass --expect LANGS")
    args = parser.parse_args()
    print(f"src: {args.src}  expect: {args.expect or '-'}  runs: {args.repeat}")
    print(f"{'text':<12}{'min s':>8}{'median s':>10}  answer")
    for label, text in SAMPLES.items():
        cmd, feed = command(text, stdin=args.stdin, expect=args.expect)
        times, answer = [], ""
        for _ in range(args.repeat):
            elapsed, answer = run_once(cmd, feed, args.src.resolve())
            times.append(elapsed)
        print(f"{label:<12}{min(times):>8.2f}{statistics.median(times):>10.2f}  {answer}")


if __name__ == "__main__":
    main()
