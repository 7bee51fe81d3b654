"""Cost of HTML and Markdown against the same article as plain text (issue 11).

The sample article (``examples/kant-air-defense.en.txt``) is written three ways with the
same sentences: plain text; HTML (paragraphs, a glossary name per paragraph in ``<b>``, links,
a script and a comment that stay untouched); Markdown (front matter with no translated key,
``**names**``). Each is translated en -> ru by the same engine, side by side, ``--repeats``
times interleaved, and the best wall and CPU times are compared: ``html_ratio`` and
``markdown_ratio`` are each format's time over the plain text's (target: at most 1.10).

``--engine fake`` measures newsl10n's own work (parsing, glossary, restoring tags,
rendering) with no model; ``--engine argos`` (the default) uses a random-weight model built
with ``tests/modelkit.py`` (the one of ``repair_cost.py``; ``--small`` for 3+3 layers), which
is what a desk pays. That model never ends a sentence, so every output runs to its length
limit (``length_ratio`` x source pieces + ``length_margin``): the worst case, where each
source piece costs decoding steps.

``--markup`` is the engine's ``EngineOptions.markup``: ``align`` (the default) sends tagged
sentences to the model without their placeholders and projects them back through the
attention (``newsl10n.translation.tagalign``), so a tagged sentence costs the decoding steps
of its plain text plus the attention it returns; ``carry`` sends the placeholders through the
model (the pieces of ``<g1>``, ``</g1>`` lengthen the source and the output), the behaviour
before issue 11's alignment mode. Run both to compare.

Usage::

    python bench/markup_cost.py [--engine argos|fake] [--markup align|carry] [--repeats N] [--small]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import repair_cost  # noqa: E402  (the model builder and isolation of that bench)

NAMES = ("Kyrgyzstan", "Kant", "Vladimir Putin", "Russian Federation", "Bishkek")


def formats(paragraphs: list[str]) -> dict[str, tuple[str, str]]:
    """The article as ``{format: (file name, text)}``: the same sentences in each."""
    pattern = re.compile("|".join(re.escape(n) for n in NAMES))
    html_paras = [pattern.sub(lambda m: f"<b>{m[0]}</b>", p, count=1) for p in paragraphs]
    html_paras = [re.sub(r"\bCSTO\b", '<a href="https://example.org/csto">CSTO</a>', p) for p in html_paras]
    html = (
        "<!DOCTYPE html>\n<html><head><script>var x = 1;</script></head><body>\n"
        "<!-- desk: checked -->\n" + "\n".join(f"<p>{p}</p>" for p in html_paras) + "\n</body></html>\n"
    )
    md_paras = [pattern.sub(lambda m: f"**{m[0]}**", p, count=1) for p in paragraphs]
    markdown = "---\nslug: kant\ndate: 2026-12-01\n---\n\n" + "\n\n".join(md_paras) + "\n"
    return {
        "text": ("article.txt", "\n\n".join(paragraphs) + "\n"),
        "html": ("article.html", html),
        "markdown": ("article.md", markdown),
    }


def counting_translator(models: Path, markup: str) -> Any:
    """An Argos translator that also counts the source pieces its first passes read.

    With the bench model every output runs to its limit, so decoding steps follow the
    source pieces: the count is the deterministic side of the timings.
    """
    import sentencepiece

    from newsl10n.tokens import MARK_EXACT
    from newsl10n.translation.argos import ArgosTranslator, EngineOptions
    from newsl10n.translation.tagalign import strip_marks

    class Counting(ArgosTranslator):
        pieces = 0

        def translate_with_prefix(self, sentences: Any, prefixes: Any, src: str, tgt: str) -> list[str]:
            sp = sentencepiece.SentencePieceProcessor(
                model_file=str(self.installed()[0].path / "sentencepiece.model")
            )
            for i, sentence in enumerate(sentences):
                if prefixes is None or not prefixes[i]:
                    aligned = markup == "align" and MARK_EXACT.search(sentence)
                    Counting.pieces += len(sp.encode(strip_marks(sentence).plain if aligned else sentence))
            return super().translate_with_prefix(sentences, prefixes, src, tgt)

    return Counting(models, EngineOptions(beam_size=2, markup="align" if markup == "align" else "carry"))


def main(argv: list[str] | None = None) -> int:
    """Build the inputs, translate them side by side, print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("argos", "fake"), default="argos")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--paragraphs", type=int, default=3)
    parser.add_argument("--small", action="store_true", help="3+3 layers, d_model 256")
    parser.add_argument(
        "--markup", choices=("align", "carry"), default="align", help="EngineOptions.markup (argos)"
    )
    args = parser.parse_args(argv)
    models = repair_cost.isolate(repair_cost.WORK)
    from newsl10n.glossary.io import load_glossary
    from newsl10n.pipeline import translate_article

    translator: Any
    if args.engine == "argos":
        models = repair_cost.ensure_model(repair_cost.WORK, "ru", args.small, False)
        translator = counting_translator(models, args.markup)
    else:
        from newsl10n.translation.fake import FakeTranslator

        translator = FakeTranslator()
    glossary = load_glossary(repair_cost.GLOSSARY)
    text = repair_cost.first_paragraphs(args.paragraphs)
    inputs = formats([p for p in text.split("\n\n") if p.strip()])
    translate_article("Warm up.", ["ru"], "en", translator=translator, glossary=glossary)
    best: dict[str, tuple[float, float]] = {}
    pieces: dict[str, int] = {}

    def pieces_read() -> int:
        return int(translator.pieces) if args.engine == "argos" else 0

    for repeat in range(args.repeats):
        order = list(inputs) if repeat % 2 == 0 else list(reversed(inputs))
        for fmt in order:
            name, body = inputs[fmt]
            before = pieces_read()
            wall, cpu = time.perf_counter(), time.process_time()
            article = translate_article(
                body, ["ru"], "en", translator=translator, glossary=glossary, name=name
            )
            took = (time.perf_counter() - wall, time.process_time() - cpu)
            assert article.format == fmt, (article.format, fmt)
            pieces[fmt] = pieces_read() - before
            old = best.get(fmt)
            best[fmt] = took if old is None else (min(old[0], took[0]), min(old[1], took[1]))
    mode = f", markup {args.markup}" if args.engine == "argos" else ""
    print(
        f"engine {args.engine}{mode}, {args.paragraphs} paragraph(s), {args.repeats} repeat(s), best of each"
    )
    for fmt, (wall, cpu) in best.items():
        count = f"{pieces[fmt]:>7} source pieces" if args.engine == "argos" else ""
        print(f"{fmt:<10}{wall:>9.3f} s{cpu:>9.3f} s cpu{count}")
    base_wall, base_cpu = best["text"]
    ratios = " ".join(
        f"{fmt}_ratio={best[fmt][0] / base_wall:.3f} cpu={best[fmt][1] / base_cpu:.3f}"
        for fmt in ("html", "markdown")
    )
    print(ratios)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
