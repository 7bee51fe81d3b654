"""Aligned parallel versions of an article: segments, per-language texts, alignment.json, TMX.

A :class:`ParallelArticle` holds one :class:`Segment` per source sentence, each with the
sentence in every language. A language's text is its segments joined by paragraph
(:func:`render_text`); that is exactly what ``<lang>.txt`` holds, and what the alignment file
and TMX align.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, cast

from newsl10n.errors import InputError, LanguageError
from newsl10n.i18n import _
from newsl10n.languages import normalize_language
from newsl10n.parallel.tmx import TranslationUnit, write_tmx
from newsl10n.textio import atomic_open, atomic_write, default_mode, folder_lock
from newsl10n.translation.protocol import PairInfo

if TYPE_CHECKING:
    from newsl10n.glossary.enforce import TermOccurrence
    from newsl10n.markup import Document

__all__ = [
    "FALLBACK_STEM",
    "ParallelArticle",
    "Segment",
    "article_stem",
    "read_alignment",
    "render_text",
    "write_alignment",
    "write_article_tmx",
    "write_parallel",
]

log = logging.getLogger(__name__)
FORMAT = "newsl10n-alignment"
FORMAT_VERSION = 1


@dataclass
class Segment:
    """One source sentence and its translations.

    Attributes:
        id: Stable segment id, ``p3.s2``.
        paragraph: 0-based paragraph index.
        text: The sentence per language code (source and targets).
        warnings: Per target language, findings about the translation (JSON-ready dicts
            with ``code`` and ``message``).
        occurrences: Per target language, the glossary terms found and how they were
            rendered, as :class:`~newsl10n.glossary.enforce.TermOccurrence` objects.
        memory: Target languages whose sentence came from the translation memory.
        tags: The inline markup its placeholders stand for (HTML and Markdown articles),
            JSON-ready dicts with ``n``, ``kind`` (``"pair"`` or ``"point"``), ``name``,
            ``open`` and ``close`` (:class:`newsl10n.markup.InlineTag`).
    """

    id: str
    paragraph: int
    text: dict[str, str]
    warnings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    occurrences: dict[str, list[TermOccurrence]] = field(default_factory=dict)
    memory: list[str] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)

    @property
    def terms(self) -> dict[str, list[dict[str, Any]]]:
        """Per target language, the glossary terms as the JSON rows of ``alignment.json``."""
        return {lang: [t.as_dict() for t in found] for lang, found in self.occurrences.items()}

    def missing_terms(self) -> int:
        """How many glossary occurrences are missing from the translations."""
        from newsl10n.glossary.repair import TermStatus

        return sum(1 for found in self.occurrences.values() for t in found if t.status is TermStatus.MISSING)

    def as_dict(self) -> dict[str, Any]:
        """The segment as it appears in ``alignment.json``."""
        data: dict[str, Any] = {"id": self.id, "paragraph": self.paragraph, **self.text}
        if any(self.warnings.values()):
            data["warnings"] = {k: v for k, v in self.warnings.items() if v}
        if any(self.occurrences.values()):
            data["terms"] = {k: v for k, v in self.terms.items() if v}
        if self.memory:
            data["memory"] = list(self.memory)
        if self.tags:
            data["tags"] = [dict(tag) for tag in self.tags]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], languages: Iterable[str]) -> Segment:
        """Rebuild a segment from its ``alignment.json`` form."""
        rows = data.get("terms", {})
        occurrences = {lang: [_occurrence(row) for row in found] for lang, found in rows.items()}
        return cls(
            id=data["id"],
            paragraph=data["paragraph"],
            text={k: data[k] for k in languages},
            warnings=dict(data.get("warnings", {})),
            occurrences=occurrences,
            memory=list(data.get("memory", [])),
            tags=[dict(tag) for tag in data.get("tags", [])],
        )


def _occurrence(row: Mapping[str, Any]) -> TermOccurrence:
    """A glossary occurrence from its ``alignment.json`` row."""
    from newsl10n.glossary.context import Evidence
    from newsl10n.glossary.enforce import TermOccurrence
    from newsl10n.glossary.morphology import Case
    from newsl10n.glossary.repair import TermStatus

    case, evidence = row.get("case"), row.get("evidence")
    return TermOccurrence(
        **{
            **row,
            "case": Case(case) if case else None,
            "status": TermStatus(row["status"]),
            "evidence": Evidence(evidence) if evidence else None,
        }
    )


def pair_info(data: PairInfo | Mapping[str, Any]) -> PairInfo:
    """A :class:`PairInfo` from itself or from its ``as_dict()`` form (``alignment.json``)."""
    if isinstance(data, PairInfo):
        return data
    return PairInfo(
        engine=str(data.get("engine", "")),
        route=tuple(data.get("route", ())),
        models=tuple(data.get("models", ())),
        options=str(data.get("options", "")),
    )


@dataclass
class ParallelArticle:
    """An article in its source language and every target, aligned sentence by sentence.

    Attributes:
        source: Source language code.
        targets: Target language codes, in the order asked for.
        segments: One per source sentence, in order.
        engines: Per target, how it was translated (engine, route, models, options). Dicts
            in the ``alignment.json`` form are accepted and converted.
        detection: The language detection result when the source was detected, else ``None``.
        copies: Targets asked for that are the source language: the source text is their
            version (``<source>.txt``), nothing is translated for them.
        format: ``"text"``, ``"html"`` or ``"markdown"`` (``article_format`` in
            ``alignment.json``; a file written before formats existed reads as ``"text"``).
        extension: The extension of each language's file (``".txt"``, ``".html"``, ``".md"``,
            or the input's own, ``".htm"``); ``""`` chooses by ``format``.
        document: The parsed source of an HTML or Markdown article, which
            :meth:`version` renders; not in ``alignment.json``.
        source_sha256: The SHA-256 (hex) of the input file's bytes when the article came
            from a file, else ``""``; ``alignment.json`` holds it when set, so a resumed run
            knows which outputs are up to date. An optional key: files without it read as
            ``""`` and :data:`FORMAT_VERSION` stays.
    """

    source: str
    targets: list[str]
    segments: list[Segment]
    engines: dict[str, PairInfo] = field(default_factory=dict)
    detection: dict[str, Any] | None = None
    copies: list[str] = field(default_factory=list)
    format: str = "text"
    extension: str = ""
    document: Document | None = field(default=None, repr=False, compare=False)
    source_sha256: str = ""

    def __post_init__(self) -> None:
        self.engines = {lang: pair_info(info) for lang, info in self.engines.items()}

    @property
    def languages(self) -> list[str]:
        """Source first, then the targets."""
        return [self.source, *self.targets]

    def text(self, lang: str) -> str:
        """The whole text in ``lang``, as written to ``<lang>.txt``."""
        return render_text(self.segments, lang)

    def version_name(self, lang: str) -> str:
        """The file name of ``lang``'s version: ``ru.txt``, ``ru.html``..."""
        default = {"html": ".html", "markdown": ".md"}.get(self.format, ".txt")
        return f"{lang}{self.extension or default}"

    def version(self, lang: str) -> str:
        """The whole article in ``lang`` in its format, as written to :meth:`version_name`.

        Plain text is :meth:`text`; an HTML or Markdown article is its source rendered
        with ``lang``'s segments and, for a whole HTML document, ``<html lang>`` set to
        ``lang`` (the source language's is the source as it was).

        Raises:
            ValueError: A markup article without its ``document`` (read back from
                ``alignment.json``).
        """
        if self.format == "text":
            return self.text(lang)
        if self.document is None:
            raise ValueError(f"a {self.format} article needs its document to be rendered")
        if lang == self.source:
            return self.document.source
        translations = {s.id: s.text[lang] for s in self.segments if lang in s.text}
        return self.document.render(translations, language=lang)

    def warnings(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every ``(segment id, language, finding)``."""
        return [(s.id, lang, w) for s in self.segments for lang, ws in s.warnings.items() for w in ws]

    def missing_terms(self) -> int:
        """How many glossary occurrences are missing from the translations."""
        return sum(s.missing_terms() for s in self.segments)

    def engines_dict(self) -> dict[str, dict[str, object]]:
        """The ``engines`` in their JSON form."""
        return {lang: info.as_dict() for lang, info in self.engines.items()}

    def to_dict(self) -> dict[str, Any]:
        """The content of ``alignment.json``."""
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "source": self.source,
            "targets": self.targets,
            "copies": self.copies,
            "article_format": self.format,
            "detection": self.detection,
            "engines": self.engines_dict(),
            "segments": [s.as_dict() for s in self.segments],
            **({"source_sha256": self.source_sha256} if self.source_sha256 else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParallelArticle:
        """Rebuild an article from the content of ``alignment.json``."""
        langs = [data["source"], *data["targets"]]
        segments = [Segment.from_dict(s, langs) for s in data["segments"]]
        engines = {lang: pair_info(info) for lang, info in data.get("engines", {}).items()}
        return cls(
            source=data["source"],
            targets=list(data["targets"]),
            segments=segments,
            engines=engines,
            detection=data.get("detection"),
            copies=list(data.get("copies", [])),
            format=str(data.get("article_format", "text")),
            source_sha256=str(data.get("source_sha256", "")),
        )


def render_text(segments: Iterable[Segment], lang: str) -> str:
    """Join ``lang``'s sentences: a space within a paragraph, a blank line between paragraphs.

    Empty sentences are left out. The result ends with one newline.
    """
    paragraphs: dict[int, list[str]] = {}
    for segment in segments:
        sentences = paragraphs.setdefault(segment.paragraph, [])
        if segment.text.get(lang):
            sentences.append(segment.text[lang])
    return "\n\n".join(" ".join(s) for _, s in sorted(paragraphs.items())) + "\n"


def write_alignment(article: ParallelArticle, fp: IO[str]) -> None:
    """Write ``alignment.json`` to the text file object ``fp``."""
    json.dump(article.to_dict(), fp, ensure_ascii=False, indent=2)
    fp.write("\n")


def read_alignment(fp: IO[str], name: str = "alignment.json") -> ParallelArticle:
    """Read an alignment file written by :func:`write_alignment`.

    Raises:
        InputError: The file is not a newsl10n alignment file.
    """
    try:
        data = json.load(fp)
        if data.get("format") != FORMAT:
            raise ValueError("not a newsl10n alignment file")
        return ParallelArticle.from_dict(data)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(_("not a valid alignment file: {reason}").format(reason=exc), name) from None


def write_article_tmx(article: ParallelArticle, fp: BinaryIO, tool_version: str = "") -> None:
    """Write the article's segments as TMX 1.4b, one ``<tu>`` per segment.

    The inline markup of an HTML or Markdown segment is written as ``<bpt>``, ``<ept>``
    and ``<ph>`` elements holding the source markup (:mod:`newsl10n.parallel.tmx`).

    The header notes, one per target language, name the engine and models; their label is in
    the user interface language (:mod:`newsl10n.i18n`).
    """
    units = (  # a generator: write_tmx streams them
        TranslationUnit(
            variants={lang: s.text.get(lang, "") for lang in article.languages},
            tuid=s.id,
            props={"x-paragraph": str(s.paragraph)},
            codes={int(t["n"]): (str(t["open"]), str(t["close"])) for t in s.tags},
        )
        for s in article.segments
    )
    # TRANSLATORS: a note in the header of the TMX file written for each article;
    # {engine} is e.g. "argos", {models} the model ids joined by " > ".
    label = _("Machine translation {lang}: {engine} {models}")
    notes = [
        label.format(lang=lang, engine=info.engine or "?", models=" > ".join(info.models)).rstrip()
        for lang, info in article.engines.items()
    ]
    write_tmx(fp, units, article.source, notes=notes, tool_version=tool_version)


def write_parallel(
    article: ParallelArticle, out_dir: str | Path, stem: str, tool_version: str = ""
) -> list[Path]:
    """Write ``out_dir/stem/``: each language's version, ``alignment.json``, ``<stem>.tmx``.

    A version is ``<lang>.txt``, or for an HTML or Markdown article ``<lang>`` with the
    input's extension (:meth:`ParallelArticle.version`).

    Everything is written into a staging folder ``out_dir/.stem.new.*`` first, then swapped
    into place (the previous folder goes to ``.stem.old.*`` for that moment), so a failure
    leaves either the previous folder or nothing, never a half-written one. Writers of the
    same ``out_dir`` take turns (an ``flock`` on the folder), so concurrent runs never fail
    each other and the last one wins whole. Staging folders of ``stem`` left by an
    interrupted run are removed first; if the run was killed between the two moves of the
    swap, the previous folder is put back. Nothing but ``stem``'s own folders is touched.

    Raises:
        TypeError: ``article`` is not a :class:`ParallelArticle` or ``stem`` not a ``str``.
        ValueError: ``stem`` is not one plain, visible folder name (empty, ``.``, ``..``,
            a path, or starting with a dot), or a language is no language code (it names
            a file: ``"../x"`` would write outside the folder).
        InputError: ``out_dir/stem`` exists and is not an article folder: a file, a
            symlink, or a non-empty folder without a newsl10n ``alignment.json`` (it is left
            alone).
        OSError: The files cannot be written.
    """
    if not isinstance(article, ParallelArticle):
        raise TypeError(f"article must be a ParallelArticle, not {type(article).__name__}")
    if not isinstance(stem, str):
        raise TypeError(f"stem must be a str, not {type(stem).__name__}")
    if not stem.strip() or stem.startswith(".") or any(c in stem for c in ("/", "\0", os.altsep or "/")):
        raise ValueError(f"stem must be a plain folder name that does not start with a dot, not {stem!r}")
    bad = [lang for lang in article.languages if not isinstance(lang, str) or not _LANGUAGE.fullmatch(lang)]
    if bad:
        raise ValueError(f"language codes name files; not a language code: {bad[0]!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    final = out / stem
    with _exclusive(out, stem):
        _recover(out, stem)
        if os.path.lexists(final) and not _replaceable(final):
            raise InputError(_("exists and is not an article folder; it was left alone"), final)
        staging = Path(tempfile.mkdtemp(prefix=f".{stem}.new.", dir=out))
        try:
            staging.chmod(default_mode(directory=True))
            versions = _write_versions(article, staging)
            with atomic_open(staging / "alignment.json", "w") as fp:
                write_alignment(article, fp)
            with atomic_open(staging / f"{stem}.tmx", "wb") as fb:
                write_article_tmx(article, cast("BinaryIO", fb), tool_version)
            from newsl10n.parallel.review import write_review  # the page imports this module

            write_review(article, staging / "review.html")
            _swap_into_place(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    names = [*versions, "alignment.json", f"{stem}.tmx", "review.html"]
    return [final / name for name in names]


def _write_versions(article: ParallelArticle, folder: Path) -> list[str]:
    """Write each language's version of ``article`` into ``folder``; their file names."""
    names = []
    for lang in article.languages:
        names.append(article.version_name(lang))
        atomic_write(folder / names[-1], article.version(lang))
    return names


def _replaceable(folder: Path) -> bool:
    """``folder`` is a real folder that is empty or holds a newsl10n ``alignment.json``.

    Anything else in an article's place (a file, a symlink, a folder of the newsroom's own
    that happens to have the article's name) is not the article's to replace.
    """
    if folder.is_symlink() or not folder.is_dir():
        return False
    if not any(folder.iterdir()):
        return True
    try:
        with open(folder / "alignment.json", encoding="utf-8") as fp:
            data = json.load(fp)
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == FORMAT


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
"""A language code as ``<lang>.txt`` may be named after: never a path, never hidden."""


@contextmanager
def _exclusive(out: Path, stem: str) -> Iterator[None]:
    """Hold an exclusive lock on the folder ``out`` (writers of one folder take turns).

    Where a folder cannot be locked (some network file systems), ``out/.stem.lock`` is
    locked instead (:func:`newsl10n.textio.folder_lock`).
    """
    with folder_lock(out, fallback=out / f".{stem}.lock"):
        yield


def _staging_pattern(stem: str) -> re.Pattern[str]:
    """Names of ``stem``'s staging folders: ``.stem.new.*`` and ``.stem.old.*`` (``tempfile``'s
    eight random characters), and ``.stem.*`` from earlier versions (see :func:`_recover`)."""
    return re.compile(rf"\.{re.escape(stem)}\.(?P<kind>(?:new|old)\.)?[a-z0-9_]{{8}}")


def _recover(out: Path, stem: str) -> None:
    """Clean up after an interrupted write of ``stem`` (call with the lock held).

    A previous folder moved aside (``.stem.old.*/stem``) while ``stem`` is missing is put
    back; then every staging folder of ``stem`` is removed.
    """
    pattern = _staging_pattern(stem)
    stale = []
    for entry in sorted(out.iterdir()):
        found = pattern.fullmatch(entry.name)
        if not found or not entry.is_dir() or entry.is_symlink():
            continue
        # ``.stem.XXXXXXXX`` was an earlier version's staging name, but it is also a name a
        # person may give a backup (``.story.20261201``): only one holding a newsl10n
        # alignment.json is taken for a leftover.
        if found["kind"] or (os.listdir(entry) and _replaceable(entry)):
            stale.append(entry)
    final = out / stem
    for entry in stale:
        aside = entry / stem
        if ".old." in entry.name and aside.is_dir() and not os.path.lexists(final):
            log.warning("restoring %s, moved aside by an interrupted write", final)
            os.replace(aside, final)
    for entry in stale:
        log.info("removing %s, left by an interrupted write", entry)
        shutil.rmtree(entry, ignore_errors=True)


def _swap_into_place(staging: Path, final: Path) -> None:
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old.", dir=final.parent))
        os.replace(final, old / final.name)
    os.replace(staging, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


FALLBACK_STEM = "article"
"""The output folder name of an article whose file name has no usable stem (``..txt``)."""


def article_stem(path: str | Path) -> str:
    """The output folder name for an article: its file stem without a language suffix.

    ``kant-air-defense.en.txt`` -> ``kant-air-defense``; standard input -> ``stdin``. Dots
    and spaces at either end are dropped, so an output folder is never hidden and never
    ``.`` or ``..``; a name left empty (``..txt``, ``.en.txt``) gives :data:`FALLBACK_STEM`.
    Control characters (a newline in a file name) become ``_``, and a stem is cut to
    :data:`MAX_STEM_BYTES` bytes of UTF-8.
    """
    if str(path) == "-":
        return "stdin"
    stem = Path(path).stem
    base, dot, suffix = stem.rpartition(".")
    if dot:
        try:
            normalize_language(suffix)
            stem = base
        except LanguageError:
            pass
    stem = _CONTROL.sub("_", stem.strip(". \t\n\r\x0b\x0c"))
    stem = stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", errors="ignore").rstrip(". ")
    return stem or FALLBACK_STEM


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_STEM_BYTES = 200
"""Longer stems are cut: file systems allow 255 bytes per name, and the staging folder
``.<stem>.new.XXXXXXXX`` and ``<stem>.tmx`` need room beside it."""
