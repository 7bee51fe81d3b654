"""Time ``glossary lint`` against GNU ``msgfmt --check`` on a generated 50,000-entry glossary.

Standalone: the standard library and newsl10n. The glossary (``ru.po`` and ``ky.po``, with
contexts, variants, grammar hints, a few fuzzy and empty entries) is written to a temporary
folder that is removed afterwards. Also timed, on the same terms: building the
:class:`~newsl10n.glossary.model.Glossary`, building the matching index and ``find_terms``
over a text that mentions many of them, and ``Glossary.get`` for every term.

Usage::

    python bench/glossary_lint.py [--entries 50000] [--repeat 1]

The last line is the one to track::

    lint_s=S msgfmt_s=S lint_vs_msgfmt=R load_s=S index_s=S find_s=S
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n'
    '"Project-Id-Version: bench\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n'
    '"Last-Translator: bench\\n"\n"Language-Team: bench\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n\n'
)
CONTEXTS = ("person", "place", "org", None)
_LATIN = "bcdfghjklmnprstvz"
_VOWELS = "aeiou"
_CYR = dict(zip("bcdfghjklmnprstvzaeiou", "бкдфгхжклмнпрствзаеиоу", strict=True))


def name(n: int) -> str:
    """A distinct pronounceable capitalised name for ``n`` (``Bakeli``...)."""
    out = []
    while True:
        n, c = divmod(n, len(_LATIN))
        n, v = divmod(n, len(_VOWELS))
        out.append(_LATIN[c] + _VOWELS[v])
        if not n:
            break
    return "".join(out).capitalize()


def cyrillic(latin: str) -> str:
    return "".join(_CYR.get(ch.lower(), ch) for ch in latin).capitalize()


def glossary_text(lang: str, count: int) -> str:
    """A catalog of ``count`` entries, some multiword, with contexts, variants and hints."""
    parts = [HEADER.format(lang=lang)]
    for i in range(count):
        first = name(i)
        msgid = first if i % 3 else f"{first} {name(i + count)}"
        rendering = " ".join(cyrillic(word) for word in msgid.split())
        context = CONTEXTS[i % len(CONTEXTS)]
        comments = []
        if i % 5 == 0:
            comments.append(f"#. variants: {msgid}s | {msgid}a")
        if i % 7 == 0:
            comments.append(f"#. variants ({lang}): {rendering}ь")
        if i % 11 == 0:
            comments.append("#. grammar: indeclinable")
        flags = "#, fuzzy\n" if i % 97 == 0 else ""
        msgstr = "" if i % 101 == 0 else rendering
        lines = "\n".join(comments) + ("\n" if comments else "")
        ctx = f'msgctxt "{context}"\n' if context else ""
        parts.append(f'{lines}{flags}{ctx}msgid "{msgid}"\nmsgstr "{msgstr}"\n\n')
    return "".join(parts)


def timed(func: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=50_000, help="entries per catalog")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measure (the best is kept)")
    args = parser.parse_args(argv)

    from newsl10n.glossary.io import load_glossary
    from newsl10n.glossary.lint import lint
    from newsl10n.glossary.matching import find_terms, term_index

    msgfmt = shutil.which("msgfmt")
    with tempfile.TemporaryDirectory(prefix="newsl10n-bench-") as tmp:
        folder = Path(tmp) / "glossary"
        folder.mkdir()
        for lang in ("ru", "ky"):
            (folder / f"{lang}.po").write_text(glossary_text(lang, args.entries), encoding="utf-8")
        files = sorted(folder.glob("*.po"))
        print(f"{len(files)} catalogs of {args.entries} entries in {folder}", file=sys.stderr)

        lint_s, findings = timed(lambda: lint([folder]), args.repeat)
        assert isinstance(findings, list)
        errors = sum(f.severity.value == "error" for f in findings)
        print(f"glossary lint: {lint_s:.2f} s ({len(findings)} findings, {errors} errors)")

        msgfmt_s = float("nan")
        if msgfmt:

            def run_msgfmt() -> None:
                for file in files:
                    subprocess.run(
                        [msgfmt, "--check", "-o", "/dev/null", str(file)], check=False, capture_output=True
                    )

            msgfmt_s, _ = timed(run_msgfmt, args.repeat)
            print(f"msgfmt --check: {msgfmt_s:.2f} s (both files)")
        else:
            print("msgfmt --check: not installed")

        load_s, glossary = timed(lambda: load_glossary(folder), args.repeat)
        print(f"load_glossary: {load_s:.2f} s ({len(glossary.terms)} terms)")  # type: ignore[attr-defined]

        def build_index() -> object:
            from newsl10n.glossary.matching import TermIndex

            return TermIndex(glossary.terms, "en")  # type: ignore[attr-defined]

        index_s, _ = timed(build_index, args.repeat)
        term_index(glossary, "en")  # type: ignore[arg-type]
        print(f"matching index (en): {index_s:.2f} s")

        words = [name(i) for i in range(0, args.entries, 7)]
        text = " met ".join(words) + "."
        find_s, found = timed(lambda: find_terms(glossary, text, "en"), args.repeat)  # type: ignore[arg-type]
        assert isinstance(found, list)
        print(f"find_terms: {find_s:.2f} s ({len(text)} characters, {len(found)} occurrences)")

        terms = glossary.terms  # type: ignore[attr-defined]
        get_s, _ = timed(lambda: [glossary.get(t.msgid, t.msgctxt) for t in terms[:2000]], args.repeat)  # type: ignore[attr-defined]
        print(f"Glossary.get x2000: {get_s:.2f} s")

    ratio = lint_s / msgfmt_s if msgfmt else float("nan")
    print(
        f"lint_s={lint_s:.2f} msgfmt_s={msgfmt_s:.2f} lint_vs_msgfmt={ratio:.1f} "
        f"load_s={load_s:.2f} index_s={index_s:.2f} find_s={find_s:.2f} get2000_s={get_s:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
