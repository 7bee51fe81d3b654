"""Machine pre-translation of gettext catalogs, for a person to review.

Which entries are filled
    Only entries with no translation at all (every ``msgstr`` form empty), whether fuzzy or
    not. Entries a person translated, and fuzzy entries with text that do not carry the
    ``# newsl10n-mt:`` comment (left by a merge or flagged by a person) are never touched.
    With ``refresh``, unreviewed machine entries (fuzzy *and* carrying the comment) are
    translated again, for instance after the glossary changed. See :mod:`newsl10n.catalog.catalogs`.

How they are filled
    All texts of one catalog go through :func:`newsl10n.glossary.apply.translate_sentences`:
    one ``translate_batch`` call for everything the translation memory does not hold, with the
    glossary's terms enforced when a glossary is given. Terms are masked
    (:attr:`~newsl10n.glossary.enforce.TermStrategy.MASK`) whatever the target language:
    catalog strings are short labels, mostly in the base form, with no sentence around a name
    to tell a model that it is one (*Kabar* is "news" in Kyrgyz, *Sputnik* a common noun in
    Russian), so what a model might add by inflecting it is small, and what it might lose by
    translating it as a word is the name. Each line of a string is one sentence
    there, in its real form (``"Bishkek: %d°C"``): that is what the memory is keyed by and
    what it stores, with the placeholders of the translation restored. Only on the way to the
    engine are placeholders shielded as ``[X1X]`` tokens
    (:func:`newsl10n.catalog.placeholders.protect`, put back with ``restore``), inside the
    glossary's masking; every result must then pass
    :func:`newsl10n.catalog.placeholders.check_placeholders` with no finding, and only such
    lines are stored in the memory.
    A plural entry gets every form the language needs: the form CLDR uses for ``n == 1``
    takes the translation of ``msgid`` (when that form is used for 1 only, or when ``msgid``
    has the same placeholders as ``msgid_plural``), all other forms that of ``msgid_plural``.
    Short strings with a ``msgctxt`` (or a short ``#.`` comment) are also sent framed by that
    context, ``"button: [X0X] Share"``, and the context alone. The framed result is used when
    the engine kept the frame: the marker once, and before it the context as translated on
    its own; otherwise the plain result is used. Framed strings and contexts are not real
    catalog text: the memory neither serves nor keeps them.

What a filled entry looks like
    Fuzzy, with a translator comment ``newsl10n-mt: ...`` naming the engine, models and
    route. When the engine output breaks a placeholder beyond repair, or is empty, the entry
    gets the safe form instead: the source text copied into every form, fuzzy, with the
    comment saying so; the result lists it as a ``fallback`` finding (a warning), and an
    entry whose placeholders had to be put right as a ``repaired`` one (for information).
    Findings are :class:`newsl10n.findings.Finding` values placed at the entry's line.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsl10n import tokens
from newsl10n.catalog.catalogs import (
    MT_MARKER,
    PluralRule,
    catalog_plural_rule,
    find_catalogs,
    is_empty_entry,
    is_machine_entry,
    load_catalog,
    revision_timestamp,
    save_catalog,
)
from newsl10n.catalog.compile import check_entry, entry_formats
from newsl10n.catalog.placeholders import (
    Protected,
    check_placeholders,
    find_placeholders,
    protect,
    restore,
)
from newsl10n.errors import LanguageError
from newsl10n.findings import Finding, Severity
from newsl10n.glossary.apply import SentenceResult, translate_sentences
from newsl10n.i18n import _
from newsl10n.languages import normalize_language
from newsl10n.progress import ProgressCallback
from newsl10n.translation.protocol import PairInfo, Translator, describe_pair

if TYPE_CHECKING:
    import polib

    from newsl10n.glossary.model import Glossary
    from newsl10n.translation.memory import TranslationMemory

__all__ = ["PretranslationResult", "pretranslate", "translate_catalogs"]

logger = logging.getLogger(__name__)

#: Strings of at most this many words are sent with their context as well.
CONTEXT_MAX_WORDS = 4
_HINT_MAX_WORDS = 6


@dataclass(frozen=True)
class PretranslationResult:
    """What pre-translation did to one catalog.

    Attributes:
        path: The catalog.
        language: Its locale name.
        pair: How the engine served the language pair.
        filled: Entries filled with a machine translation.
        fallbacks: Entries given the source text because the translation broke placeholders.
        kept: Entries left alone (translated or fuzzy by a person, or machine without refresh).
        findings: Repairs (``repaired``, information) and fallbacks (``fallback``, warnings),
            one per entry concerned, placed at its line, ``msgid`` and ``msgctxt``.
        from_memory: Catalog lines taken from the translation memory.
    """

    path: Path
    language: str
    pair: PairInfo
    filled: int
    fallbacks: int
    kept: int
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    from_memory: int = 0

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {
            "path": str(self.path),
            "language": self.language,
            "pair": self.pair.as_dict(),
            "filled": self.filled,
            "fallbacks": self.fallbacks,
            "kept": self.kept,
            "from_memory": self.from_memory,
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass
class _LineCodec:
    """One line of a catalog string on its way to the engine: placeholders as ``[X1X]``.

    ``encode`` gives the engine the shielded line, ``decode`` restores the placeholders in the
    output (noting what had to be repaired), ``keep`` accepts for the memory only a line whose
    placeholders are intact and that has words.
    """

    shield: Protected
    repairs: tuple[str, ...] = ()

    def encode(self, text: str) -> str:
        if text != self.shield.source:
            self.shield = protect(text, self.shield.formats)
        return self.shield.segments[0]

    def decode(self, output: str) -> str:
        restored = restore(self.shield, [output])
        self.repairs = restored.repairs
        return restored.text

    def keep(self, translation: str) -> bool:
        formats = self.shield.formats
        return not check_placeholders(self.shield.source, translation, formats) and _has_words(
            translation, formats
        )


@dataclass
class _Job:
    """One source text of one entry, and where its pieces sit in the batch."""

    entry: polib.POEntry
    forms: tuple[int, ...] | None
    protected: Protected
    lines: list[int]
    framed: int | None = None
    hint: int | None = None


class _Batch:
    """Distinct sentences to translate, in first-seen order, each with its codec."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.codecs: list[_LineCodec | None] = []
        self.remember: list[bool] = []
        self._index: dict[Hashable, int] = {}

    def add(self, key: Hashable, text: str, codec: _LineCodec | None = None, remember: bool = False) -> int:
        if key not in self._index:
            self._index[key] = len(self.texts)
            self.texts.append(text)
            self.codecs.append(codec)
            self.remember.append(remember)
        return self._index[key]

    def line(self, index: int) -> _LineCodec:
        codec = self.codecs[index]
        assert codec is not None, "not a catalog line"
        return codec


def _hint(entry: polib.POEntry) -> str | None:
    """A short description of the entry's context for the engine, if it has one."""
    if entry.msgctxt:
        text = re.sub(r"[\s_|./:-]+", " ", entry.msgctxt).strip()
    else:
        first = (entry.comment or "").strip().splitlines()[:1]
        text = re.sub(r"^translators?\s*:\s*", "", first[0], flags=re.IGNORECASE) if first else ""
        text = text.strip().rstrip(".")
        if len(text.split()) > _HINT_MAX_WORDS or "%" in text or "{" in text:
            return None
    return text or None


def _plural_sources(
    entry: polib.POEntry, rule: PluralRule, formats: frozenset[str]
) -> list[tuple[str, tuple[int, ...]]]:
    """Which source text (msgid or msgid_plural) each plural form is translated from."""
    one = rule.singular_form
    same = sorted(h.text for h in find_placeholders(entry.msgid, formats)) == sorted(
        h.text for h in find_placeholders(entry.msgid_plural, formats)
    )
    singular = (one,) if rule.nplurals > 1 and (rule.single_valued(one) or same) else ()
    plural = tuple(i for i in range(rule.nplurals) if i not in singular)
    sources = [(entry.msgid, singular)] if singular else []
    return sources + ([(entry.msgid_plural, plural)] if plural else [])


def _plan(entries: Iterable[polib.POEntry], rule: PluralRule, batch: _Batch, use_context: bool) -> list[_Job]:
    jobs = []
    for entry in entries:
        formats = entry_formats(entry)
        sources = _plural_sources(entry, rule, formats) if entry.msgid_plural else [(entry.msgid, None)]
        for text, forms in sources:
            protected = protect(text, formats)
            job = _Job(entry, forms, protected, [])
            if protected.has_words:
                job.lines = [
                    batch.add(
                        ("line", line, formats), line, _LineCodec(protect(line, formats)), remember=True
                    )
                    for line in protected.lines
                ]
            hint = _hint(entry) if use_context and protected.has_words else None
            if (
                hint
                and len(protected.segments) == 1
                and len(tokens.SLOT_EXACT.sub(" ", protected.segments[0]).split()) <= CONTEXT_MAX_WORDS
            ):
                framed = f"{hint}: {tokens.FRAME} {protected.segments[0]}"
                job.framed = batch.add(("framed", framed), framed)
                job.hint = batch.add(("hint", hint), hint)
            jobs.append(job)
    return jobs


def _result_text(
    job: _Job, batch: _Batch, results: list[SentenceResult]
) -> tuple[str | None, tuple[str, ...]]:
    """The restored translation of a job (``None`` if unusable) and the repairs made."""
    if not job.lines:
        return job.protected.source, ()
    lines = [results[i].text for i in job.lines]
    repairs = [note for i in job.lines for note in batch.line(i).repairs]
    if job.framed is not None and job.hint is not None:
        parts = tokens.FRAME_FOUND.split(results[job.framed].text)
        if (
            len(parts) == 2
            and tokens.LETTER.search(tokens.SLOT_EXACT.sub(" ", parts[1]))
            and _alike(parts[0], results[job.hint].text)
        ):
            restored = restore(batch.line(job.lines[0]).shield, [parts[1]])
            lines, repairs = [restored.text], list(restored.repairs)
    text = job.protected.join(lines)
    notes = tuple(dict.fromkeys(repairs))
    formats = job.protected.formats
    broken = check_placeholders(job.protected.source, text, formats)
    if broken:
        # TRANSLATORS: {problem} is a placeholder problem of the machine translation ("lacks '%s'").
        return None, notes + tuple(_("translation {problem}").format(problem=f.message) for f in broken)
    if not _has_words(text, formats):
        return None, (*notes, _("the engine returned no text"))
    return text, notes


def _alike(head: str, hint: str) -> bool:
    """Whether the text before the frame marker is the context as translated on its own.

    Only then is the engine taken to have kept the frame (context first, string after).
    """

    def norm(text: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())

    return difflib.SequenceMatcher(None, norm(head), norm(hint)).ratio() >= 0.6


def _has_words(text: str, formats: frozenset[str]) -> bool:
    """Whether ``text`` has letters outside its placeholders."""
    plain, last = [], 0
    for holder in find_placeholders(text, formats):
        plain.append(text[last : holder.start])
        last = holder.end
    plain.append(text[last:])
    return bool(tokens.LETTER.search("".join(plain)))


def _describe(pair: PairInfo) -> str:
    models = ", ".join(pair.models) or "unknown model"
    return f"{pair.engine} ({models}), {' -> '.join(pair.route)}"


def _mark(entry: polib.POEntry, note: str) -> None:
    """Flag ``entry`` fuzzy and put the machine-translation comment on it."""
    lines = [line for line in (entry.tcomment or "").splitlines() if not line.startswith(MT_MARKER)]
    entry.tcomment = "\n".join([*lines, f"{MT_MARKER} {note}"])
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def _fill(entry: polib.POEntry, jobs: list[_Job], texts: list[str]) -> None:
    for job, text in zip(jobs, texts):
        if job.forms is None:
            entry.msgstr = text
        else:
            for form in job.forms:
                entry.msgstr_plural[form] = text


def pretranslate(
    po: polib.POFile,
    translator: Translator,
    source: str,
    target: str,
    *,
    name: str | Path = "<catalog>",
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    refresh: bool = False,
    use_context: bool = True,
) -> PretranslationResult:
    """Fill the untranslated entries of ``po`` (in place) by machine translation.

    Args:
        po: The catalog, changed in place.
        translator: The engine; called once for the whole catalog (not at all when the
            memory holds everything).
        source: Language of the msgids (``"en"``).
        target: Language of the catalog.
        name: The catalog's file, for findings and errors.
        glossary: Optional glossary whose terms are enforced.
        memory: Optional translation memory to reuse and extend (real catalog text only).
        refresh: Also re-translate unreviewed machine entries.
        use_context: Also send short strings framed by their ``msgctxt`` or ``#.`` hint.

    Raises:
        CatalogError: The catalog's ``Plural-Forms`` header is malformed.
        TranslationError: The engine failed or returned the wrong number of outputs.
        MemoryStoreError: The memory cannot be read or written.
    """
    from newsl10n.glossary.enforce import TermStrategy

    rule = catalog_plural_rule(po, name)
    live = [e for e in po if not e.obsolete and e.msgid]
    todo = [e for e in live if is_empty_entry(e) or (refresh and is_machine_entry(e))]
    batch = _Batch()
    jobs = _plan(todo, rule, batch, use_context)
    results = (
        translate_sentences(
            batch.texts,
            source,
            target,
            translator,
            glossary=glossary,
            memory=memory,
            codecs=batch.codecs,
            remember=batch.remember,
            term_strategy=TermStrategy.MASK,
        )
        if batch.texts
        else []
    )
    pair = describe_pair(translator, source, target)
    by_entry: dict[int, list[_Job]] = {}
    for job in jobs:
        by_entry.setdefault(id(job.entry), []).append(job)
    findings: list[Finding] = []
    fallbacks = 0
    for entry in todo:
        ok = _apply(entry, by_entry[id(entry)], batch, results, rule, pair, Path(name), findings)
        fallbacks += not ok
    if todo:
        po.metadata["PO-Revision-Date"] = revision_timestamp()
    logger.info("%s: %d entries pre-translated, %d fallbacks", name, len(todo), fallbacks)
    return PretranslationResult(
        Path(name),
        target,
        pair,
        len(todo) - fallbacks,
        fallbacks,
        len(live) - len(todo),
        tuple(findings),
        sum(1 for r in results if r.from_memory),
    )


def _apply(
    entry: polib.POEntry,
    jobs: list[_Job],
    batch: _Batch,
    results: list[SentenceResult],
    rule: PluralRule,
    pair: PairInfo,
    path: Path,
    findings: list[Finding],
) -> bool:
    """Fill one entry from the translations; fall back to the source text if needed."""
    done = [_result_text(job, batch, results) for job in jobs]
    repairs = [note for _text, notes in done for note in notes]
    texts = [text for text, _notes in done]
    if all(text is not None for text in texts):
        _fill(entry, jobs, texts)  # type: ignore[arg-type]
        if not check_entry(entry, rule):
            _mark(entry, f"machine translation by {_describe(pair)}")
            if repairs:
                findings.append(_placed(Finding("repaired", "; ".join(repairs), Severity.INFO), entry, path))
            return True
    _fill(entry, jobs, [job.protected.source for job in jobs])
    _mark(
        entry,
        f"source text copied: machine translation by {_describe(pair)} broke placeholders; translate by hand",
    )
    findings.append(
        _placed(
            Finding("fallback", "; ".join(repairs) or _("placeholders broken"), Severity.WARNING), entry, path
        )
    )
    return False


def _placed(finding: Finding, entry: polib.POEntry, path: Path) -> Finding:
    return finding.at(path, entry.linenum, msgid=entry.msgid, msgctxt=entry.msgctxt)


def translate_catalogs(
    locales_dir: str | Path,
    translator: Translator,
    targets: Iterable[str] | None = None,
    *,
    source: str = "en",
    domain: str | None = None,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    refresh: bool = False,
    use_context: bool = True,
    progress: ProgressCallback | None = None,
) -> list[PretranslationResult]:
    """Pre-translate the catalogs under ``locales_dir`` and save them (atomically).

    Args:
        locales_dir: Folder of ``<lang>/LC_MESSAGES/<domain>.po`` catalogs.
        translator: The engine.
        targets: Languages to do; all catalogs not in ``source`` when ``None``.
        source: Language of the msgids.
        domain: Only this domain.
        glossary: Optional glossary whose terms are enforced.
        memory: Optional translation memory to reuse and extend.
        refresh: Also re-translate unreviewed machine entries.
        use_context: Also send short strings framed by their context.
        progress: ``progress(label, done, total)`` after each catalog.

    Raises:
        CatalogError: A catalog is missing or malformed.
        LanguageError: A code is unknown, or a target is the source language.
        TranslationError: The engine failed.
        MemoryStoreError: The memory cannot be read or written.
    """
    src = normalize_language(source)
    items = find_catalogs(locales_dir, targets, domain)
    if targets is None:
        items = [item for item in items if normalize_language(item.language) != src]
    results = []
    for done, item in enumerate(items, start=1):
        tgt = normalize_language(item.language)
        if tgt == src:
            raise LanguageError(
                item.language, _("target language {code} is the source language").format(code=tgt)
            )
        po = load_catalog(item.path)
        result = replace(
            pretranslate(
                po,
                translator,
                src,
                tgt,
                name=item.path,
                glossary=glossary,
                memory=memory,
                refresh=refresh,
                use_context=use_context,
            ),
            language=item.language,
        )
        if result.filled or result.fallbacks:
            save_catalog(po, item.path)
            result = _relocate(result, load_catalog(item.path))
        results.append(result)
        if progress is not None:
            progress(str(item.path), done, len(items))
    return results


def _relocate(result: PretranslationResult, saved: polib.POFile) -> PretranslationResult:
    """Point the findings at the lines of the catalog as saved."""
    lines: dict[tuple[str | None, str | None], int | None] = {
        (e.msgctxt, e.msgid): e.linenum for e in saved if not e.obsolete
    }
    return replace(
        result, findings=tuple(f.at(f.path, lines.get((f.msgctxt, f.msgid), f.line)) for f in result.findings)
    )
