"""Measure language-detection accuracy on labelled sentences.

Reads every ``<lang>.txt`` (or ``<lang>_<set>.txt``) file of a directory (one sentence per
line, the file stem is the true language) and prints, for
:func:`newsl10n.detect.detect_language`, for plain langdetect (its own seeded factory, no
Kyrgyz or Kazakh profile) as a baseline, and for py3langid alone as a reference:
per-language accuracy, the most frequent wrong labels, and the time per sentence.

Usage::

    python bench/detect_accuracy.py [DIRECTORY] [--errors] [--words N]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "langid"


def load_labelled(directory: Path, words: int = 0) -> dict[str, list[str]]:
    """Return the non-empty lines of each ``<lang>.txt`` file, keyed by language.

    Args:
        directory: Folder of ``<lang>.txt`` files.
        words: If positive, keep only the first ``words`` words of each line (a
            stress test that turns sentences into headline-sized fragments).
    """
    sets: dict[str, list[str]] = {}
    for path in sorted(directory.glob("*.txt")):
        with path.open(encoding="utf-8") as fh:
            lines = [line.strip() for line in fh if line.strip()]
        lang = path.stem.split("_")[0]  # en_headlines.txt is English too
        sets.setdefault(lang, []).extend(
            " ".join(line.split()[:words]) if words > 0 else line for line in lines
        )
    if not sets:
        raise SystemExit(f"no <lang>.txt files in {directory}")
    return sets


def newsl10n_detector() -> Callable[[str], str]:
    """Return newsl10n's detector as a text -> code function."""
    from newsl10n.detect import detect_language

    return lambda text: detect_language(text).language


def langdetect_detector(seed: int = 0) -> Callable[[str], str]:
    """Return plain langdetect (all 55 profiles, seeded) as a text -> code function."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory  # type: ignore[import-untyped]
    from langdetect.lang_detect_exception import LangDetectException  # type: ignore[import-untyped]

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)

    def detect(text: str) -> str:
        detector = factory.create()
        detector.seed = seed
        detector.append(text)
        try:
            return detector.detect().split("-")[0]
        except LangDetectException:
            return "und"

    return detect


def py3langid_detector() -> Callable[[str], str]:
    """Return py3langid alone (its whole label set, no letter evidence)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    return lambda text: identifier.classify(text)[0]


def evaluate(
    name: str,
    detect: Callable[[str], str],
    sets: dict[str, list[str]],
    show_errors: bool,
) -> dict[str, float]:
    """Print the accuracy table of one detector and return accuracy per language."""
    detect(sets[next(iter(sets))][0])  # load models before timing
    accuracy: dict[str, float] = {}
    started, count = time.perf_counter(), 0
    print(f"== {name}")
    print(f"{'lang':<6}{'n':>5}{'acc':>9}  confused with")
    for lang, lines in sets.items():
        answers: Counter[str] = Counter()
        errors = []
        for line in lines:
            got = detect(line)
            answers[got] += 1
            if got != lang:
                errors.append((got, line))
        count += len(lines)
        accuracy[lang] = answers[lang] / len(lines)
        wrong = ", ".join(f"{code}:{n}" for code, n in answers.most_common() if code != lang)
        print(f"{lang:<6}{len(lines):>5}{accuracy[lang]:>9.1%}  {wrong or '-'}")
        if show_errors:
            for got, line in errors:
                print(f"        -> {got}: {line}")
    elapsed = time.perf_counter() - started
    print(
        f"{'all':<6}{count:>5}{sum(accuracy.values()) / len(accuracy):>9.1%}  "
        f"(macro average; {1000 * elapsed / count:.2f} ms per sentence)"
    )
    return accuracy


def main() -> None:
    """Parse arguments and print both tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--errors", action="store_true", help="list each misdetected line")
    parser.add_argument("--words", type=int, default=0, help="truncate lines to N words")
    args = parser.parse_args()
    sets = load_labelled(args.directory, args.words)
    evaluate("newsl10n.detect", newsl10n_detector(), sets, args.errors)
    print()
    evaluate("langdetect (baseline)", langdetect_detector(), sets, args.errors)
    print()
    evaluate("py3langid alone (reference)", py3langid_detector(), sets, args.errors)


if __name__ == "__main__":
    main()
