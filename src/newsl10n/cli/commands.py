"""``newsl10n translate`` and ``newsl10n detect``."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from newsl10n.cli._common import (
    Engine,
    EngineChoice,
    GlossaryPath,
    MemoryFile,
    ModelsDir,
    NoGlossary,
    NoMemory,
    emit_json,
    error_text,
    fail,
    guarded,
    load_glossary,
    open_memory,
    progress_bar,
)
from newsl10n.i18n import _, ngettext


class Device(str, Enum):
    """The ``--device`` choices: ``argos.DEVICES``, so a bad one is a usage error (exit 2)."""

    cpu = "cpu"
    cuda = "cuda"
    auto = "auto"


class ComputeType(str, Enum):
    """The ``--compute-type`` choices (CTranslate2's), so a bad one is a usage error (exit 2)."""

    default = "default"
    auto = "auto"
    int8 = "int8"
    int8_float32 = "int8_float32"
    int8_float16 = "int8_float16"
    int8_bfloat16 = "int8_bfloat16"
    int16 = "int16"
    float16 = "float16"
    bfloat16 = "bfloat16"
    float32 = "float32"


class Terms(str, Enum):
    """The ``--terms`` choices: a :class:`~newsl10n.glossary.enforce.TermStrategy`, or ``auto``."""

    mask = "mask"
    keep = "keep"
    auto = "auto"


class ExecutorChoice(str, Enum):
    """The ``--executor`` choices: this process, or Ray (``newsl10n.cluster``)."""

    local = "local"
    ray = "ray"


class ArticleFormat(str, Enum):
    """The ``--format`` choices (``newsl10n.formats.FORMATS``)."""

    auto = "auto"
    text = "text"
    html = "html"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    """Add the top-level commands to ``app``."""
    app.command("translate", help=_("Translate articles into the target languages, aligned."))(translate)
    app.command("detect", help=_("Detect the language of files ('-' reads stdin) and of --text."))(detect)


@guarded
def translate(
    articles: list[Path] = typer.Argument(
        ...,
        metavar="FILE...",
        allow_dash=True,
        help=_("Article files: text, HTML or Markdown ('-' reads stdin)."),
    ),
    to: list[str] = typer.Option(
        ..., "--to", "-t", metavar="LANGS", help=_("Target languages: a comma list, or repeat the option.")
    ),
    source: str = typer.Option(
        "auto", "--from", "-f", metavar="LANG", help=_("Source language, or 'auto' to detect it.")
    ),
    out: Path = typer.Option(
        Path("translations"),
        "--out",
        "-o",
        metavar="DIR",
        help=_("Output folder; each article gets a folder OUT/NAME ('-': one article, one target, stdout)."),
    ),
    patterns: list[str] = typer.Option(
        [],
        "--glob",
        metavar="PATTERN",
        help=_(
            "In a folder given, translate the files matching this (repeat it; default: text, HTML, Markdown)."
        ),
    ),
    name: str | None = typer.Option(
        None,
        "--name",
        metavar="NAME",
        help=_("The name of the article read from stdin ('story.html'): its folder and format."),
    ),
    article_format: ArticleFormat = typer.Option(
        ArticleFormat.auto,
        "--format",
        metavar="[auto|text|html|markdown]",
        help=_(
            "The articles' format; 'auto' goes by the extension (.html, .htm, .md, .markdown),"
            " then by the content. HTML and Markdown keep their markup: OUT/NAME/LANG.html or .md."
        ),
    ),
    engine: EngineChoice = Engine.argos,
    models_dir: ModelsDir = None,
    glossary: GlossaryPath = None,
    no_glossary: NoGlossary = False,
    terms_mode: Terms = typer.Option(
        Terms.auto,
        "--terms",
        metavar="[mask|keep|auto]",
        help=_(
            "Glossary terms: 'mask' hides them behind placeholders, 'keep' lets the model"
            " translate and inflect them and fixes its spelling, 'auto' chooses per language."
        ),
    ),
    beam_size: int = typer.Option(2, "--beam-size", min=1, max=16, metavar="N", help=_("Beam width.")),
    threads: int = typer.Option(0, "--threads", min=0, metavar="N", help=_("CPU threads (0: automatic).")),
    device: Device = typer.Option(
        Device.cpu, "--device", metavar="[cpu|cuda|auto]", help=_("cpu, cuda or auto.")
    ),
    compute_type: ComputeType = typer.Option(
        ComputeType.int8,
        "--compute-type",
        metavar="TYPE",
        help=_("CTranslate2 compute type (int8, float32, ...)."),
    ),
    memory_path: MemoryFile = None,
    no_memory: NoMemory = False,
    strict: bool = typer.Option(
        False, "--strict", help=_("Exit with status 1 if a glossary term is missing.")
    ),
    as_json: bool = typer.Option(False, "--json", help=_("Print a JSON summary for scripts.")),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_("No progress output.")),
    executor: ExecutorChoice = typer.Option(
        ExecutorChoice.local,
        "--executor",
        metavar="[local|ray]",
        help=_("Where the articles are translated: here, or on Ray (a local one, or --ray-address)."),
    ),
    ray_address: str | None = typer.Option(
        None, "--ray-address", metavar="ADDR", help=_("The Ray cluster to use (default: $RAY_ADDRESS).")
    ),
    resume: bool = typer.Option(
        False, "--resume", help=_("Skip the articles whose outputs exist and match their source.")
    ),
) -> None:
    """Translate articles; writes OUT/NAME/LANG.txt (or .html, .md), alignment.json and NAME.tmx."""
    from newsl10n.files import translate_files
    from newsl10n.glossary.enforce import TermStrategy
    from newsl10n.inputs import ARTICLE_PATTERNS, collect_articles
    from newsl10n.languages import parse_language_list
    from newsl10n.pipeline import translate_article
    from newsl10n.textio import read_text
    from newsl10n.translation.argos import EngineOptions, open_translator

    options = EngineOptions(
        beam_size=beam_size, threads=threads, device=device.value, compute_type=compute_type.value
    )
    runner = _executor(executor, ray_address, device)
    translator = open_translator(engine.value, models_dir, options)
    found = collect_articles(articles, patterns or ARTICLE_PATTERNS)
    paths = [item.path for item in found]
    names = [name if str(item.path) == "-" else item.name for item in found]
    to_stdout = str(out) == "-"
    codes = parse_language_list(to) if to_stdout else []
    if to_stdout and (len(paths) != 1 or len(codes) != 1):
        raise fail(_("--out - writes one article in one target language"), 2)
    terms = load_glossary(glossary, no_glossary, announce=not (quiet or as_json or to_stdout))
    strategy = None if terms_mode is Terms.auto else TermStrategy(terms_mode.value)
    if to_stdout:
        with open_memory(memory_path, no_memory) as memory:
            article = translate_article(
                read_text(paths[0]),
                to,
                source,
                translator=translator,
                glossary=terms,
                memory=memory,
                term_strategy=strategy,
                format=article_format.value,
                name=names[0] or str(paths[0]),
            )
        sys.stdout.write(article.version(codes[0]))
        return
    with open_memory(memory_path, no_memory) as memory, progress_bar(not (quiet or as_json)) as report:
        results = translate_files(
            paths,
            to,
            out,
            source,
            translator=translator,
            glossary=terms,
            memory=memory,
            progress=report,
            term_strategy=strategy,
            format=article_format.value,
            names=names,
            executor=runner,
            resume=resume,
        )
    _render_translate(results, as_json, quiet)
    failed = [r for r in results if r.error]
    if failed:
        raise typer.Exit(1)
    if strict and any(r.missing_terms for r in results):
        raise fail(_("some glossary terms are missing from the translation (--strict)"))


def _executor(choice: ExecutorChoice, address: str | None, device: Device) -> Any:
    """The executor ``--executor`` names: ``None`` (this process) or a ``RayExecutor``."""
    if choice is ExecutorChoice.local:
        return None
    from newsl10n.cluster import RayExecutor, import_ray

    import_ray()  # without the extra, fail before any work
    return RayExecutor(address, gpus=device is not Device.cpu)


def _render_translate(results: list[Any], as_json: bool, quiet: bool) -> None:
    if as_json:
        emit_json({"articles": [r.summary() for r in results]})
        return
    for result in results:
        if result.error:
            message = error_text(result.exception, result.error) if result.exception else result.error
            typer.echo(_("Error: {message}").format(message=message), err=True)
        elif result.skipped and not quiet:
            typer.echo(_("{path}: up to date in {out}, skipped").format(path=result.path, out=result.out_dir))
        elif not quiet:
            count = len(result.article.segments)
            typer.echo(
                ngettext(
                    "{path}: {source} -> {targets}, {count} segment, written to {out}",
                    "{path}: {source} -> {targets}, {count} segments, written to {out}",
                    count,
                ).format(
                    path=result.path,
                    source=result.article.source,
                    targets=", ".join(result.article.targets),
                    count=count,
                    out=result.out_dir,
                )
            )
            for lang in result.article.copies:
                message = _("  {lang}: the article is already in {lang}; its text is the {lang} version")
                typer.echo(message.format(lang=lang), err=True)
            _render_findings(result)


def _render_findings(result: Any) -> None:
    """Counts of warnings, memory hits and missing terms, on stderr."""
    counts: dict[str, int] = {}
    for _seg, _lang, finding in result.article.warnings():
        counts[finding["code"]] = counts.get(finding["code"], 0) + 1
    if counts:
        listed = ", ".join(f"{code} {n}" for code, n in sorted(counts.items()))
        typer.echo(_("  warnings: {list} (details in alignment.json)").format(list=listed), err=True)
    if result.missing_terms:
        typer.echo(_("  glossary terms missing: {n}").format(n=result.missing_terms), err=True)


@guarded
def detect(
    paths: list[Path] = typer.Argument(
        None, metavar="FILE...", allow_dash=True, help=_("Text files ('-' reads stdin).")
    ),
    texts: list[str] = typer.Option(
        [], "--text", metavar="TEXT", help=_("A text to detect; repeat the option for several.")
    ),
    expect: list[str] = typer.Option(
        [],
        "--expect",
        "-e",
        metavar="LANGS",
        help=_("Answer only these languages: a comma list, or repeat the option."),
    ),
    as_json: bool = typer.Option(False, "--json", help=_("Print a JSON list, one object per input.")),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_("Print only the language codes.")),
) -> None:
    """Detect the language of each file and text; one line per input."""
    from newsl10n.detect import detect_language, expected_languages
    from newsl10n.errors import NewsL10nError
    from newsl10n.textio import read_text

    inputs: list[tuple[str, Path | str]] = [(str(p), p) for p in paths or []]
    inputs += [(_("text {n}").format(n=n), text) for n, text in enumerate(texts, 1)]
    if not inputs:
        raise typer.BadParameter(_("give at least one FILE or --text"))
    allowed = expected_languages(expect) if expect else None
    rows: list[dict[str, Any]] = []
    for label, source in inputs:
        try:
            text = read_text(source) if isinstance(source, Path) else source
            rows.append({"input": label, **detect_language(text, expect=allowed).as_dict()})
        except NewsL10nError as exc:
            rows.append({"input": label, "error": error_text(exc)})
    _render_detect(rows, as_json, quiet)
    if any("error" in row for row in rows):
        raise typer.Exit(1)


def _render_detect(rows: list[dict[str, Any]], as_json: bool, quiet: bool) -> None:
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        if "error" in row:
            typer.echo(_("Error: {message}").format(message=row["error"]), err=True)
        elif quiet:
            typer.echo(row["language"])
        else:
            typer.echo(f"{row['input']}: {row['language']} ({row['confidence']:.3f})")
