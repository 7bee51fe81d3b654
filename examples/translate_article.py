"""Translate the sample article with the library API, as a publishing system would.

Runs with installed Argos models (``newsl10n models install ...``); with ``--fake`` it uses the
deterministic translator so the whole pipeline can be tried without any model.

    python examples/translate_article.py            # real models
    python examples/translate_article.py --fake     # no model needed
"""

from __future__ import annotations

import sys
from pathlib import Path

import newsl10n

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    """Translate the sample into Russian and Kyrgyz and show the first segments."""
    text = newsl10n.read_text(HERE / "kant-air-defense.en.txt")
    translator = newsl10n.FakeTranslator() if "--fake" in argv else newsl10n.ArgosTranslator()
    glossary = newsl10n.load_glossary(HERE.parent / "glossary")
    try:
        article = newsl10n.translate_article(text, ["ru", "ky"], translator=translator, glossary=glossary)
    except newsl10n.NewsL10nError as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return 1
    sys.stdout.write(f"source: {article.source} ({article.detection})\n")
    for segment in article.segments[:3]:
        for lang in article.languages:
            sys.stdout.write(f"{segment.id} [{lang}] {segment.text[lang]}\n")
        for lang, terms in segment.terms.items():
            for term in terms:
                sys.stdout.write(f"    {lang}: {term['source']} -> {term['form']} ({term['status']})\n")
    newsl10n.write_parallel(article, "translations", "kant-air-defense")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
