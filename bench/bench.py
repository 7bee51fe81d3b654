"""Throughput, memory, start-up and translation-memory benchmarks of newsl10n (issue 5).

One run measures, side by side on the same generated 20-paragraph English article and the
same random-weight Transformer-base model (int8, ~32k vocabulary, end-of-sentence logit
suppressed so every sentence decodes to a fixed length), en -> ru:

(a) ``ct2``: raw CTranslate2 ``translate_batch`` over the pre-tokenised sentences, with the
    options and ``max_decoding_length`` newsl10n uses (the limit);
(b) ``newsl10n``: :func:`newsl10n.pipeline.translate_article` (no memory, no glossary), with
    the default ``retry_repetition`` and with it off;
(c) ``argos``: ``argostranslate.translate.translate(paragraph, "en", "ru")`` per paragraph,
    its sentence splitter replaced by newsl10n's sentences and its decoding capped at the
    same length (see bench/RESULTS.md).

Repeats are interleaved (the order rotates) after one warm-up of each side; times are
best-of and median-of repeats. Then: peak RSS per side (one subprocess each), CLI start-up
against ``python -c pass``, and re-translation after a one-paragraph edit with a
translation memory. The last line is the tracked summary::

    throughput_vs_ct2=R throughput_vs_argos=R tm_edit_ratio=R help_overhead_s=S

Usage::

    python bench/bench.py [--quick] [--rebuild] [--profile]

Everything (model, packages, XDG and Argos folders, memory) lives in ``bench/_work``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
WORK = BENCH_DIR / "_work"
CORPUS = ROOT / "tests" / "data" / "spm_corpus.txt"
MODEL_CONFIG = {
    "layers": 6,
    "d_model": 512,
    "heads": 8,
    "ffn": 2048,
    "seed": 0,
    "suppress_eos": True,
    "quantization": "int8",
    "vocab_size": 1000,
    "extra_symbols": 31000,
}
"""Transformer base as Argos packages use it; ~32k SentencePiece pieces."""
SRC, TGT = "en", "ru"
LENGTH_RATIO, LENGTH_MARGIN = 1.0, 0
"""Decoding limit = ratio * longest source + margin: with EOS suppressed every output runs to
it, so a ratio of 1 decodes about as many tokens as a real model's output would have."""


@dataclass(frozen=True)
class Mode:
    """Sizes of one benchmark run."""

    per_paragraph: int
    repeats: int
    argos_repeats: int
    cli_runs: int
    probe_paragraphs: int
    beams: tuple[int, ...]
    as_shipped_paragraphs: int


QUICK = Mode(
    per_paragraph=3,
    repeats=4,
    argos_repeats=2,
    cli_runs=5,
    probe_paragraphs=20,
    beams=(2,),
    as_shipped_paragraphs=0,
)
FULL = Mode(
    per_paragraph=5,
    repeats=7,
    argos_repeats=3,
    cli_runs=15,
    probe_paragraphs=20,
    beams=(2, 4),
    as_shipped_paragraphs=2,
)
PARAGRAPHS = 20
Runner = Callable[..., Any]
"""One pass over the article set; ``run(warm=True)`` does the first paragraph only."""
Row = tuple[str, int, int, list[float], str]
"""A result line: side, beam, sentences per pass, pass times, notes."""


# --------------------------------------------------------------------------- article set


def english_lines(corpus: Path = CORPUS) -> list[str]:
    """The English (non-Cyrillic) lines of the fixture corpus, in file order."""
    lines = corpus.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not re.search("[\u0400-\u04ff]", line)]


def make_article(
    lines: Sequence[str], paragraphs: int, per_paragraph: int, seed: int = 0
) -> tuple[list[str], list[str]]:
    """A deterministic news-like article and the unused lines left for edits.

    Args:
        lines: Candidate sentences.
        paragraphs: Number of paragraphs.
        per_paragraph: Sentences per paragraph.
        seed: Seed of the shuffle.

    Returns:
        ``(paragraphs, spare lines)``; each paragraph is its sentences joined by spaces.

    Raises:
        ValueError: Not enough distinct lines for the article and one edited paragraph.
    """
    pool = list(lines)
    random.Random(seed).shuffle(pool)
    needed = (paragraphs + 1) * per_paragraph
    if needed > len(pool):
        raise ValueError(f"{needed} distinct sentences needed, the corpus has {len(pool)}")
    used = paragraphs * per_paragraph
    body = [" ".join(pool[i : i + per_paragraph]) for i in range(0, used, per_paragraph)]
    return body, pool[used:]


def edit_paragraph(
    paragraphs: Sequence[str], index: int, spare: Sequence[str], per_paragraph: int
) -> list[str]:
    """The article with paragraph ``index`` rewritten from ``spare`` sentences."""
    edited = list(paragraphs)
    edited[index] = " ".join(spare[:per_paragraph])
    return edited


def article_text(paragraphs: Sequence[str]) -> str:
    """Paragraphs separated by blank lines."""
    return "\n\n".join(paragraphs)


def decode_limit(sources: Sequence[Sequence[str]], ratio: float, margin: int) -> int:
    """``max_decoding_length`` as newsl10n's engine computes it for one batch (no prefix)."""
    return int(ratio * max(map(len, sources))) + margin


def headline(vs_ct2: float, vs_argos: float, tm_ratio: float, help_overhead: float) -> str:
    """The one tracked summary line."""
    return (
        f"throughput_vs_ct2={vs_ct2:.3f} throughput_vs_argos={vs_argos:.3f} "
        f"tm_edit_ratio={tm_ratio:.3f} help_overhead_s={help_overhead:.3f}"
    )


# --------------------------------------------------------------------------- environment


def _lazy_argos_splitter() -> str:
    """An Argos sentence splitter that loads nothing until used (the bench replaces it).

    argostranslate proper has a lazy Stanza splitter; argos-translate-lt (no stanza) has a
    lazy MiniSBD one. Neither ever runs here: the bench puts newsl10n's sentences in its place.
    """
    import importlib.util

    return "STANZA" if importlib.util.find_spec("stanza") else "MINISBD"


def isolate_environment(work: Path, threads: int = 0, argos_beam: int = 2) -> dict[str, str]:
    """Point home, XDG, Argos and newsl10n folders into ``work`` (this process only).

    Must run before newsl10n lists models and before argostranslate is imported (its
    settings are read at import). Argos is told to use a lazy splitter, which the benchmark
    then replaces, so MiniSBD never tries to download its ONNX model.
    """
    for name in list(os.environ):
        if name.startswith(("ARGOS_", "NEWSL10N_")):
            del os.environ[name]
    home = work / "home"
    values = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_PACKAGES_DIR": str(work / "models"),
        "NEWSL10N_MODELS": str(work / "models"),
        "NEWSL10N_MEMORY": str(work / "memory.sqlite3"),
        "ARGOS_CHUNK_TYPE": _lazy_argos_splitter(),
        "ARGOS_BEAM_SIZE": str(argos_beam),
        "ARGOS_INTER_THREADS": "1",
        "ARGOS_INTRA_THREADS": str(threads),
    }
    for path in (home / "data", home / "config", home / "cache"):
        path.mkdir(parents=True, exist_ok=True)
    os.environ.update(values)
    return values


def ensure_model(work: Path, rebuild: bool = False) -> Path:
    """Build, package and install the benchmark model once; return the models folder."""
    sys.path.insert(0, str(ROOT / "tests"))
    import modelkit
    from newsl10n.translation.packages import install_package_file

    models = work / "models"
    stamp = work / "model-config.json"
    config = json.dumps(MODEL_CONFIG, sort_keys=True)
    installed = models / modelkit.argos_package_name(SRC, TGT) / "model" / "model.bin"
    if not rebuild and installed.is_file() and stamp.is_file() and stamp.read_text() == config:
        return models
    started = time.perf_counter()
    options = dict(MODEL_CONFIG)
    spm = modelkit.train_sentencepiece(
        CORPUS, work / "spm", options.pop("vocab_size"), extra_symbols=options.pop("extra_symbols")
    )
    model_dir = modelkit.build_random_model(spm, work / "ct2-model", **options)
    package = modelkit.package_argos_model(model_dir, spm, work / f"{SRC}_{TGT}.argosmodel", SRC, TGT)
    install_package_file(package, models)
    stamp.write_text(config)
    print(f"built and installed the model in {time.perf_counter() - started:.1f} s")
    return models


class _EngineLog(logging.Handler):
    """Counts newsl10n engine events: model loads and re-decoded (looping) segments."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.loads = 0
        self.retried = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("loading "):
            self.loads += 1
        elif "re-decoding" in message:
            args = record.args if isinstance(record.args, tuple) else ()
            self.retried += int(str(args[1])) if len(args) > 1 else 1


def watch_engine() -> _EngineLog:
    """Attach an :class:`_EngineLog` to ``newsl10n.translation.argos`` (nothing is printed)."""
    handler = _EngineLog()
    logger = logging.getLogger("newsl10n.translation.argos")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return handler


# --------------------------------------------------------------------------- the three sides


@dataclass
class ArticleSet:
    """The article and what every side needs of it."""

    paragraphs: list[str]
    spare: list[str]
    sentences: list[str] = field(default_factory=list)
    split: dict[str, list[str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The article as one text."""
        return article_text(self.paragraphs)


def segment(article: ArticleSet) -> ArticleSet:
    """Fill in newsl10n's sentences (whole text and per paragraph) for the other sides."""
    from newsl10n.segment import segment_text

    article.sentences = [s.text for s in segment_text(article.text, SRC).sentences()]
    article.split = {p: [s.text for s in segment_text(p, SRC).sentences()] for p in article.paragraphs}
    if sum(map(len, article.split.values())) != len(article.sentences):
        raise RuntimeError("paragraph-wise and whole-text segmentation disagree")
    return article


class RawCT2:
    """(a) One raw ``translate_batch`` over pre-tokenised sentences (the limit).

    Options are newsl10n's (:class:`~newsl10n.translation.argos.EngineOptions` defaults, the benchmark's
    length ratio and margin, the same workers and threads and sub-batch size), and so is
    ``max_decoding_length``. ``ct2_defaults`` uses CTranslate2's own defaults instead: one
    worker, ``intra_threads=0``, sub-batches of ``max_batch_size``.
    """

    def __init__(
        self, models: Path, article: ArticleSet, beam: int, threads: int = 0, ct2_defaults: bool = False
    ) -> None:
        import ctranslate2

        from newsl10n.translation.argos import EngineOptions, sub_batch_size, thread_layout

        self.options = EngineOptions(beam_size=beam, threads=threads)
        inter, intra = (1, threads) if ct2_defaults else thread_layout(threads, "cpu")
        tokenised = tokenise(models, article)
        self.translator = ctranslate2.Translator(
            str(tokenised.package / "model"),
            device=self.options.device,
            compute_type=self.options.compute_type,
            inter_threads=inter,
            intra_threads=intra,
        )
        self.tokenizer, self.tokens, self.limit = (tokenised.tokenizer, tokenised.tokens, tokenised.limit)
        self.first = len(article.split[article.paragraphs[0]])
        self.batch = {
            n: self.options.max_batch_size
            if ct2_defaults
            else sub_batch_size(n, inter, self.options.max_batch_size)
            for n in (self.first, len(self.tokens))
        }
        self.layout = layout_name(inter, intra)

    def __call__(self, warm: bool = False) -> Any:
        """Translate every sentence (``warm``: the first paragraph's only)."""
        o = self.options
        tokens = self.tokens[: self.first] if warm else self.tokens
        return self.translator.translate_batch(
            tokens,
            beam_size=o.beam_size,
            max_batch_size=self.batch[len(tokens)],
            max_decoding_length=self.limit,
            no_repeat_ngram_size=o.no_repeat_ngram_size,
            repetition_penalty=1.0,
            return_scores=False,
        )

    def texts(self, results: Sequence[Any]) -> list[str]:
        """Detokenise as newsl10n does: each output cut at its own sentence's bound."""
        return [
            self.tokenizer.decode(r.hypotheses[0][: int(LENGTH_RATIO * len(t)) + LENGTH_MARGIN]).strip()
            for t, r in zip(self.tokens, results)
        ]


def _package_dir(models: Path) -> Path:
    from newsl10n.translation.models import find_route, list_installed

    return find_route(SRC, TGT, list_installed(models), "en", models)[0].path


@dataclass
class Tokenised:
    """The benchmark package and ``article``'s sentences as its SentencePiece pieces."""

    package: Path
    tokenizer: Any
    tokens: list[list[str]]
    limit: int
    """(a)'s ``max_decoding_length``: :func:`decode_limit` over all sentences."""


def tokenise(models: Path, article: ArticleSet) -> Tokenised:
    """Load the package's SentencePiece model and tokenise every sentence of ``article``."""
    import sentencepiece

    package = _package_dir(models)
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    tokens = tokenizer.encode(article.sentences, out_type=str)
    return Tokenised(package, tokenizer, tokens, decode_limit(tokens, LENGTH_RATIO, LENGTH_MARGIN))


def layout_name(inter: int, intra: int) -> str:
    """How a CTranslate2 thread layout is shown: ``"2 worker(s) x 1 thread(s)"``."""
    return f"{inter} worker(s) x {intra or 'default'} thread(s)"


def newsl10n_side(
    models: Path, article: ArticleSet, beam: int, retry: bool = True, threads: int = 0
) -> Runner:
    """(b) ``translate_article`` with an Argos engine, no memory and no glossary."""
    from newsl10n.pipeline import translate_article
    from newsl10n.translation.argos import ArgosTranslator, EngineOptions

    options = EngineOptions(
        beam_size=beam,
        threads=threads,
        length_ratio=LENGTH_RATIO,
        length_margin=LENGTH_MARGIN,
        retry_repetition=retry,
    )
    translator = ArgosTranslator(models, options)
    text, first = article.text, article.paragraphs[0]

    def run(warm: bool = False) -> Any:
        return translate_article(first if warm else text, [TGT], SRC, translator=translator, memory=None)

    return run


class _LookupSentencizer:
    """Argos sentence splitter replaced by newsl10n's sentences of each paragraph."""

    def __init__(self, split: dict[str, list[str]]) -> None:
        self.split = split

    def split_sentences(self, text: str) -> list[str]:
        return self.split[text]


class _CappedTranslator:
    """Passes Argos's ``translate_batch`` calls through, capping ``max_decoding_length``."""

    def __init__(self, inner: Any, limit: int | None) -> None:
        self.inner = inner
        self.limit = limit
        self.sentences = 0
        self.decoded = 0

    def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
        if self.limit is not None:
            kwargs["max_decoding_length"] = self.limit
        results = self.inner.translate_batch(*args, **kwargs)
        self.sentences += len(results)
        self.decoded += sum(len(r.hypotheses[0]) for r in results)
        return results


def argos_side(
    article: ArticleSet,
    beam: int,
    limit: int | None,
    paragraphs: Sequence[str] | None = None,
    batch_tokens: int = 32,
    layout: tuple[int, int] | None = None,
) -> Runner:
    """(c) ``argostranslate.translate.translate(paragraph, "en", "ru")`` per paragraph.

    The splitter returns newsl10n's sentences; ``limit`` caps decoding at (a)'s length
    (``None``: Argos as shipped, CTranslate2's default of 256). ``beam`` sets Argos's
    ``settings.beam_size`` (``translate`` asks for one hypothesis, so the beam is exactly it);
    ``batch_tokens`` its ``settings.batch_size`` (``ARGOS_BATCH_SIZE``, tokens per
    CTranslate2 sub-batch, 32 by default). ``layout`` gives CTranslate2's ``(inter_threads,
    intra_threads)``; ``None`` keeps Argos's settings (1 and 0 by default). Each runner
    creates its CTranslate2 translator as Argos does and puts it in place before each pass;
    the translator counts the sentences and tokens it decoded (``run.counter``).
    """
    import argostranslate.settings
    import argostranslate.translate as argos
    import ctranslate2

    translation = argos.get_translation_from_codes(SRC, TGT)
    inner = translation.underlying
    inner.sentencizer = _LookupSentencizer(article.split)
    s = argostranslate.settings
    inter, intra = layout or (s.inter_threads, s.intra_threads)
    counter = _CappedTranslator(
        ctranslate2.Translator(
            str(inner.pkg.package_path / "model"),
            device=s.device,
            inter_threads=inter,
            intra_threads=intra,
            compute_type=s.compute_type,
        ),
        limit,
    )
    todo = list(paragraphs if paragraphs is not None else article.paragraphs)

    def run(warm: bool = False) -> list[str]:
        argostranslate.settings.beam_size = beam
        argostranslate.settings.batch_size = batch_tokens
        inner.translator = counter
        translation.cache = {}  # its paragraph cache never hits here; start each run equal
        return [argos.translate(p, SRC, TGT) for p in (todo[:1] if warm else todo)]

    run.counter = counter  # type: ignore[attr-defined]
    return run


# --------------------------------------------------------------------------- measuring


def interleave(
    runners: dict[str, Runner], repeats: dict[str, int]
) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Warm every runner up once, then time its passes in rounds, rotating the order.

    Args:
        runners: The sides, by name.
        repeats: Passes per runner; round ``r`` runs the runners with more than ``r``.

    Returns:
        The times of each runner and the result of its last pass.
    """
    for run in runners.values():
        run(warm=True)
    names = list(runners)
    times: dict[str, list[float]] = {name: [] for name in names}
    last: dict[str, Any] = {}
    for r in range(max(repeats.values())):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            if r < repeats[name]:
                started = time.perf_counter()
                last[name] = runners[name]()
                times[name].append(time.perf_counter() - started)
    return times, last


def tm_edit(
    models: Path, article: ArticleSet, per_paragraph: int, repeats: int, work: Path, threads: int = 0
) -> dict[str, Any]:
    """Time a first translation into an empty memory, then the article with one paragraph edited.

    Each repeat starts from a new memory file; the memory is opened and closed inside
    each timed call, as the CLI does. For reference, the edited paragraph alone is also
    translated without a memory: the part of the edit that is model time.
    """
    from newsl10n.pipeline import translate_article
    from newsl10n.translation.argos import ArgosTranslator, EngineOptions
    from newsl10n.translation.memory import TranslationMemory

    translator = ArgosTranslator(
        models, EngineOptions(threads=threads, length_ratio=LENGTH_RATIO, length_margin=LENGTH_MARGIN)
    )
    index = len(article.paragraphs) // 2
    edited = edit_paragraph(article.paragraphs, index, article.spare, per_paragraph)
    path = work / "tm-bench.sqlite3"
    times: dict[str, list[float]] = {"first": [], "edit": [], "paragraph": []}
    translate_article(article.paragraphs[0], [TGT], SRC, translator=translator)  # warm
    for _ in range(repeats):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        for text, key in ((article.text, "first"), (article_text(edited), "edit")):
            started = time.perf_counter()
            with TranslationMemory.open(path) as memory:
                result = translate_article(text, [TGT], SRC, translator=translator, memory=memory)
            times[key].append(time.perf_counter() - started)
        started = time.perf_counter()
        translate_article(edited[index], [TGT], SRC, translator=translator)
        times["paragraph"].append(time.perf_counter() - started)
    best = {key: min(values) for key, values in times.items()}
    return {
        **best,
        "hits": sum(1 for s in result.segments if TGT in s.memory),
        "segments": len(result.segments),
        "ratio": best["edit"] / best["first"],
    }


def cli_startup(cli: Path, sample: Path, runs: int) -> dict[str, list[float]]:
    """Wall times of ``python -c pass``, ``newsl10n --help`` and ``newsl10n detect FILE``."""
    python = cli.parent / "python"
    commands = {
        "python -c pass": [str(python), "-c", "pass"],
        "newsl10n --help": [str(cli), "--help"],
        "newsl10n detect FILE": [str(cli), "detect", str(sample)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    return times


def probe(side: str, mode: Mode, work: Path, threads: int = 0) -> dict[str, Any]:
    """One side alone in this process: peak RSS and Python-side peak of one pass.

    Runs in a fresh subprocess (``--probe``), so RSS covers that side's imports, its model
    and its decoding buffers only.
    """
    models = work / "models"
    article = build_article(mode)
    article.paragraphs = article.paragraphs[: mode.probe_paragraphs]
    segment(article)
    if side == "ct2":
        run: Runner = RawCT2(models, article, 2, threads)
    elif side == "newsl10n":
        run = newsl10n_side(models, article, 2, threads=threads)
    else:
        run = argos_side(article, 2, tokenise(models, article).limit)
    run(warm=True)
    before = _status_kib("VmRSS")
    tracemalloc.start()
    run()
    python_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "side": side,
        "sentences": len(article.sentences),
        "rss_before_kib": before,
        "peak_rss_kib": _status_kib("VmHWM"),
        "python_peak_kib": python_peak // 1024,
    }


def _status_kib(field: str) -> int:
    """A ``/proc/self/status`` size in KiB: ``VmRSS`` (now) or ``VmHWM`` (peak).

    ``ru_maxrss`` is not used for children: Linux carries it over from the parent.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    return 0


def run_probes(mode: Mode, quick: bool, threads: int) -> list[dict[str, Any]]:
    """Run :func:`probe` for each side in its own subprocess."""
    found = []
    for side in ("ct2", "newsl10n", "argos"):
        command = [sys.executable, str(Path(__file__).resolve()), "--probe", side, "--threads", str(threads)]
        command += ["--quick"] if quick else []
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return found


def profile_newsl10n(models: Path, article: ArticleSet) -> None:
    """Print where one (b) pass spends its time (cProfile, after a warm-up)."""
    import cProfile
    import pstats

    run = newsl10n_side(models, article, 2)
    run(warm=True)
    profiler = cProfile.Profile()
    profiler.runcall(run)
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    inside = sum(
        entry[2]
        for key, entry in stats.stats.items()  # type: ignore[attr-defined]
        if "translate_batch" in key[2] and key[0] == "~"
    )
    print(
        f"one newsl10n pass over {len(article.sentences)} sentences: {total:.3f} s profiled, "
        f"{inside:.3f} s ({inside / total:.1%}) inside CTranslate2 translate_batch, "
        f"{total - inside:.3f} s elsewhere; top functions by own time:"
    )
    stats.sort_stats("tottime").print_stats(12)


def layout_sweep(
    models: Path, article: ArticleSet, sizes: Sequence[int] = (1, 3, 12, 60), repeats: int = 3
) -> dict[str, list[float]]:
    """Best time of raw ``translate_batch`` (beam 2) per thread layout and batch size.

    The evidence behind :func:`newsl10n.translation.argos.thread_layout`: each layout is
    ``(inter_threads, intra_threads)`` with newsl10n's sub-batch size for its workers.
    """
    import ctranslate2

    from newsl10n.translation.argos import EngineOptions, sub_batch_size

    tokenised = tokenise(models, article)
    tokens, limit, largest = tokenised.tokens, tokenised.limit, EngineOptions().max_batch_size
    found: dict[str, list[float]] = {}
    for inter, intra in ((1, 0), (1, 1), (1, 2), (2, 1)):
        translator = ctranslate2.Translator(
            str(tokenised.package / "model"), compute_type="int8", inter_threads=inter, intra_threads=intra
        )
        translator.translate_batch(tokens[:2], beam_size=2, max_decoding_length=limit)
        best = []
        for n in sizes:
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                translator.translate_batch(
                    tokens[:n],
                    beam_size=2,
                    max_decoding_length=limit,
                    max_batch_size=sub_batch_size(n, inter, largest),
                )
                times.append(time.perf_counter() - started)
            best.append(min(times))
        found[layout_name(inter, intra)] = best
        del translator
    return found


# --------------------------------------------------------------------------- reporting


def build_article(mode: Mode) -> ArticleSet:
    """The deterministic article set of ``mode``."""
    paragraphs, spare = make_article(english_lines(), PARAGRAPHS, mode.per_paragraph)
    return ArticleSet(paragraphs, spare)


def machine() -> str:
    """nproc, CPU model, RAM and the software versions, one line each."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    import ctranslate2

    def argos_version() -> str:
        """argostranslate's version: installed as argostranslate or as argos-translate-lt."""
        for distribution in ("argostranslate", "argos-translate-lt"):
            try:
                return f"{version(distribution)} ({distribution})"
            except PackageNotFoundError:
                continue
        return "not installed"

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    ram = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    return (
        f"date {time.strftime('%Y-%m-%d %H:%M %Z')}; nproc {os.cpu_count()}; CPU {cpu}; "
        f"RAM {ram / 2**20:.1f} GiB; load average {os.getloadavg()[0]:.2f}\n"
        f"Python {platform.python_version()}, ctranslate2 {ctranslate2.__version__}, "
        f"argostranslate {argos_version()}, newsl10n {version('newsl10n')}"
    )


def print_throughput(rows: list[Row]) -> None:
    """One line per side: times, sentences per second (best, median), speed relative to (a)."""
    reference = {
        beam: sentences / min(times)
        for name, beam, sentences, times, _ in rows
        if name == "(a) raw CTranslate2"
    }
    print(
        f"{'side':36} {'beam':>4} {'sent':>5} {'best s':>8} {'median s':>8} "
        f"{'sent/s':>7} {'med/s':>7} {'vs (a)':>7}  notes"
    )
    for name, beam, sentences, times, notes in rows:
        best, median = min(times), statistics.median(times)
        speed = sentences / best
        ratio = speed / reference[beam] if beam in reference else float("nan")
        print(
            f"{name:36} {beam:>4} {sentences:>5} {best:8.2f} {median:8.2f} "
            f"{speed:7.2f} {sentences / median:7.2f} {ratio:7.3f}  {notes}"
        )


def print_layouts(found: dict[str, list[float]], sizes: Sequence[int] = (1, 3, 12, 60)) -> None:
    """The layout sweep as a table: best seconds per batch size."""
    print("\nraw CTranslate2 by thread layout, beam 2, best of 3 (seconds per call):")
    print(f"  {'layout':34}" + "".join(f"{f'{n} sent.':>10}" for n in sizes))
    for name, times in found.items():
        print(f"  {name:34}" + "".join(f"{t:10.3f}" for t in times))


def print_times(title: str, times: dict[str, list[float]]) -> None:
    """Best and median of each command."""
    print(title)
    for name, values in times.items():
        print(
            f"  {name:24} best {min(values):6.3f} s  median {statistics.median(values):6.3f} s"
            f"  (n={len(values)})"
        )


# --------------------------------------------------------------------------- main


def throughput(
    models: Path, article: ArticleSet, mode: Mode, threads: int = 0
) -> tuple[list[Row], dict[str, float]]:
    """Time every side per beam, interleaved; check that (a) and (b) decode the same text.

    Returns:
        The rows, and the best times of the headline's sides: ``a`` (raw CTranslate2),
        ``b`` (newsl10n decoding exactly what (a) decodes: ``retry_repetition`` off) and ``c``
        (argostranslate), all at the first beam of ``mode``.
    """
    from newsl10n.translation.argos import thread_layout

    engine_log = watch_engine()
    runners: dict[str, Runner] = {}
    repeats: dict[str, int] = {}
    raw: dict[int, RawCT2] = {}
    for beam in mode.beams:
        raw[beam] = RawCT2(models, article, beam, threads)
        runners[f"a{beam}"] = raw[beam]
        runners[f"d{beam}"] = RawCT2(models, article, beam, threads, ct2_defaults=True)
        runners[f"b{beam}"] = newsl10n_side(models, article, beam, threads=threads)
        runners[f"r{beam}"] = newsl10n_side(models, article, beam, False, threads)
        runners[f"c{beam}"] = argos_side(article, beam, raw[beam].limit)
        repeats.update(
            {
                f"a{beam}": mode.repeats,
                f"d{beam}": mode.repeats,
                f"b{beam}": mode.repeats,
                f"r{beam}": mode.repeats,
                f"c{beam}": mode.argos_repeats,
            }
        )
    if mode.as_shipped_paragraphs:
        runners["t2"] = argos_side(
            article, 2, raw[2].limit, batch_tokens=1024, layout=thread_layout(threads, "cpu")
        )
        repeats["t2"] = mode.argos_repeats
    times, last = interleave(runners, repeats)
    print(
        f"engine: {engine_log.loads} model load(s) for all newsl10n translators; "
        f"{engine_log.retried} segment(s) re-decoded by retry_repetition in "
        f"{sum(repeats[k] + 1 for k in repeats if k.startswith('b'))} passes of "
        f"{len(article.sentences)} sentences"
    )
    n = len(article.sentences)
    rows: list[Row] = []
    for beam in mode.beams:
        same = raw[beam].texts(last[f"a{beam}"]) == [s.text[TGT] for s in last[f"r{beam}"].segments]
        rows += [
            (
                "(a) raw CTranslate2",
                beam,
                n,
                times[f"a{beam}"],
                f"{raw[beam].limit} tokens/sentence; {raw[beam].layout}",
            ),
            (
                "(a) raw CTranslate2, its defaults",
                beam,
                n,
                times[f"d{beam}"],
                "1 worker, intra_threads=0, 32-sentence sub-batches",
            ),
            (
                "(b) newsl10n, retry_repetition off",
                beam,
                n,
                times[f"r{beam}"],
                f"headline; output {'==' if same else '!='} (a)",
            ),
            (
                "(b) newsl10n translate_article",
                beam,
                n,
                times[f"b{beam}"],
                "defaults: looping segments re-decoded",
            ),
            (
                "(c) argostranslate, capped",
                beam,
                n,
                times[f"c{beam}"],
                f"{raw[beam].limit} tokens/sentence, 32-token sub-batches, its threads",
            ),
        ]
    if "t2" in times:
        rows.append(
            (
                "(c) argostranslate, capped, tuned",
                2,
                n,
                times["t2"],
                f"1024-token sub-batches, {raw[2].layout}",
            )
        )
        rows.append(_as_shipped(article, mode.as_shipped_paragraphs))
    beam = mode.beams[0]
    best = {"a": min(times[f"a{beam}"]), "b": min(times[f"r{beam}"]), "c": min(times[f"c{beam}"])}
    return rows, best


def _as_shipped(article: ArticleSet, paragraphs: int) -> Row:
    """One pass of Argos as shipped (no length cap) over the first ``paragraphs``."""
    run = argos_side(article, 2, None, article.paragraphs[:paragraphs])
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    counter = run.counter  # type: ignore[attr-defined]
    notes = (
        f"no cap: {counter.decoded / counter.sentences:.0f} tokens/sentence, {paragraphs} paragraphs, once"
    )
    return ("(c) argostranslate as shipped", 2, counter.sentences, [elapsed], notes)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer sentences and repeats")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the benchmark model")
    parser.add_argument("--profile", action="store_true", help="only profile one newsl10n pass with cProfile")
    parser.add_argument(
        "--threads", type=int, default=0, help="CTranslate2 intra-op threads on every side (0: its default)"
    )
    parser.add_argument(
        "--cli",
        type=Path,
        default=Path(sys.executable).parent / "newsl10n",
        help="the newsl10n script to time (default: next to this Python)",
    )
    parser.add_argument(
        "--layouts", action="store_true", help="only time raw CTranslate2 per thread layout and batch size"
    )
    parser.add_argument("--probe", choices=("ct2", "newsl10n", "argos"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    WORK.mkdir(parents=True, exist_ok=True)
    isolate_environment(WORK, args.threads)
    if args.probe:
        print(json.dumps(probe(args.probe, mode, WORK, args.threads)))
        return 0
    started = time.perf_counter()
    models = ensure_model(WORK, args.rebuild)
    article = segment(build_article(mode))
    if args.profile:
        profile_newsl10n(models, article)
        return 0
    if args.layouts:
        print_layouts(layout_sweep(models, article))
        return 0
    sample = WORK / "article.en.txt"
    sample.write_text(article.text + "\n", encoding="utf-8")
    print(machine())
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    from newsl10n.translation.argos import thread_layout

    print(
        f"model: random Transformer base {MODEL_CONFIG}; {SRC}->{TGT}; newsl10n and (a): "
        f"CTranslate2 {layout_name(*thread_layout(args.threads, 'cpu'))}; decoding limit "
        f"{LENGTH_RATIO} x longest source + {LENGTH_MARGIN}"
    )
    print(
        f"article set: {PARAGRAPHS} paragraphs, {len(article.sentences)} sentences; "
        f"{mode.repeats} interleaved passes of (a)/(b), {mode.argos_repeats} of (c), "
        "after one warm-up each\n"
    )
    rows, best = throughput(models, article, mode, args.threads)
    print_throughput(rows)
    edit = tm_edit(models, article, mode.per_paragraph, mode.repeats, WORK, args.threads)
    print(
        f"\ntranslation memory (best of {mode.repeats}): first translation {edit['first']:.3f} s; "
        f"after a one-paragraph edit {edit['edit']:.3f} s, {edit['hits']}/{edit['segments']} "
        f"segments from memory; ratio {edit['ratio']:.3f}\n  the edited paragraph alone, no "
        f"memory: {edit['paragraph']:.3f} s (ratio {edit['paragraph'] / edit['first']:.3f}); "
        f"memory and whole-article work: {edit['edit'] - edit['paragraph']:+.3f} s"
    )
    if not args.quick:
        print_layouts(layout_sweep(models, article))
    cli = cli_startup(args.cli, sample, mode.cli_runs)
    print_times("\nCLI start-up (wall time):", cli)
    print(f"\npeak memory, one side per fresh process (one pass over {mode.probe_paragraphs} paragraphs):")
    for found in run_probes(mode, args.quick, args.threads):
        print(
            f"  {found['side']:9} peak RSS {found['peak_rss_kib'] / 1024:7.1f} MiB "
            f"(RSS before the pass {found['rss_before_kib'] / 1024:7.1f} MiB); Python "
            f"allocations peak {found['python_peak_kib'] / 1024:6.2f} MiB during the pass"
        )
    print(
        f"  this process (all sides loaded): peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB"
    )
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    help_overhead = statistics.median(cli["newsl10n --help"]) - statistics.median(cli["python -c pass"])
    print(headline(best["a"] / best["b"], best["c"] / best["b"], edit["ratio"], help_overhead))
    return 0


if __name__ == "__main__":
    sys.exit(main())
