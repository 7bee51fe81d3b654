"""Bringing catalogs up to date with a changed template, the way ``msgmerge`` does.

For every message of the template, in the template's order:

* the same message (``msgctxt`` and ``msgid``) in the catalog keeps its translation, flags
  and translator comments, and takes the template's references, extracted comments and
  format flags; if its ``msgid_plural`` changed, it is kept but marked fuzzy;
* otherwise the most similar translated message of the catalog (``difflib`` ratio of at
  least :data:`FUZZY_THRESHOLD`) lends its translation, marked fuzzy, with the old text
  recorded as ``#| msgid`` so the reviewer sees what changed. Messages the template dropped
  are searched first (a changed message is most often the successor of one of them, and
  the search stays fast); all translated messages only when none of those is close enough;
* otherwise the message is added untranslated.

Catalog messages the template no longer has become obsolete (``#~``) when they were
translated, and are dropped when they were not or when they lent their translation to a
changed message (as ``msgmerge`` does). An obsolete message that comes back is revived,
marked fuzzy.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsl10n.catalog.catalogs import (
    CatalogFile,
    PluralRule,
    catalog_plural_rule,
    find_catalogs,
    fresh_entry,
    is_empty_entry,
    load_catalog,
    revision_timestamp,
    save_catalog,
)

if TYPE_CHECKING:
    import polib

__all__ = ["FUZZY_THRESHOLD", "MergeResult", "merge_catalog", "update_catalogs"]

logger = logging.getLogger(__name__)

#: Smallest similarity (0..1) for a changed message to inherit an old translation.
FUZZY_THRESHOLD = 0.6


@dataclass(frozen=True)
class MergeResult:
    """What merging a template changed in one catalog.

    Attributes:
        path: The catalog.
        language: Its locale name.
        kept: Messages found unchanged.
        fuzzy: Messages that inherited a translation to review (similar text, changed
            plural, revived obsolete).
        added: New untranslated messages.
        obsolete: Messages made obsolete.
    """

    path: Path
    language: str
    kept: int
    fuzzy: int
    added: int
    obsolete: int

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {
            "path": str(self.path),
            "language": self.language,
            "kept": self.kept,
            "fuzzy": self.fuzzy,
            "added": self.added,
            "obsolete": self.obsolete,
        }


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def merge_catalog(
    catalog: polib.POFile, template: polib.POFile, rule: PluralRule
) -> tuple[polib.POFile, dict[str, int]]:
    """Merge ``template`` into ``catalog``; return the new catalog and counts by outcome.

    ``rule`` is the catalog's plural rule. Neither argument is modified.
    """
    import polib

    merged = polib.POFile(wrapwidth=catalog.wrapwidth)
    merged.header = catalog.header
    merged.metadata = dict(catalog.metadata)
    for field in ("POT-Creation-Date", "Project-Id-Version", "Report-Msgid-Bugs-To"):
        if template.metadata.get(field):
            merged.metadata[field] = template.metadata[field]
    live = {_key(e): e for e in catalog if not e.obsolete}
    dead = {_key(e): e for e in catalog if e.obsolete}
    pool = [e for e in catalog if not e.obsolete and not is_empty_entry(e)]
    wanted = {_key(e) for e in template}
    gone = [e for e in pool if _key(e) not in wanted]
    counts = {"kept": 0, "fuzzy": 0, "added": 0, "obsolete": 0}
    used: set[tuple[str | None, str]] = set()
    for source in template:
        if source.obsolete or not source.msgid:
            continue
        entry = fresh_entry(source, rule)
        old = live.get(_key(source))
        if old is not None:
            used.add(_key(source))
            changed = _take_translation(entry, old, rule)
            counts["fuzzy" if changed and not old.fuzzy else "kept"] += 1
        elif _key(source) in dead:
            _take_translation(entry, dead.pop(_key(source)), rule, fuzzy=True)
            counts["fuzzy"] += 1
        else:
            similar = _most_similar(source, gone) or _most_similar(source, pool)
            if similar is None:
                counts["added"] += 1
            else:
                _take_translation(entry, similar, rule, fuzzy=True, previous=True)
                used.add(_key(similar))
                counts["fuzzy"] += 1
        merged.append(entry)
    for key, old in live.items():
        if key not in used and not is_empty_entry(old):
            old.obsolete = True
            merged.append(old)
            counts["obsolete"] += 1
    merged.extend(dead.values())
    return merged, counts


def _take_translation(
    entry: polib.POEntry, old: polib.POEntry, rule: PluralRule, fuzzy: bool = False, previous: bool = False
) -> bool:
    """Copy ``old``'s translation into ``entry``; return whether its plural shape changed."""
    entry.tcomment = old.tcomment
    forms = [old.msgstr_plural[i] for i in sorted(old.msgstr_plural)] or [old.msgstr]
    changed = (entry.msgid_plural or "") != (old.msgid_plural or "")
    previous = previous or changed
    if entry.msgid_plural:
        entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(rule.nplurals)}
    else:
        entry.msgstr = forms[0]
    if previous:
        entry.previous_msgid = old.msgid
        entry.previous_msgid_plural = old.msgid_plural or None
        entry.previous_msgctxt = old.msgctxt or None
    elif old.fuzzy:
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgid_plural = old.previous_msgid_plural
        entry.previous_msgctxt = old.previous_msgctxt
    if fuzzy or changed or old.fuzzy:
        entry.flags.insert(0, "fuzzy")
    return changed


def _most_similar(source: polib.POEntry, pool: list[polib.POEntry]) -> polib.POEntry | None:
    """The translated entry whose msgid is most like ``source``'s, if similar enough.

    Candidates are tried in decreasing order of ``quick_ratio``, an upper bound of
    ``ratio``, so the search stops as soon as no remaining candidate can do better.
    """
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(source.msgid)
    bounds = []
    for number, candidate in enumerate(pool):
        matcher.set_seq1(candidate.msgid)
        if matcher.real_quick_ratio() >= FUZZY_THRESHOLD:
            bound = matcher.quick_ratio()
            if bound >= FUZZY_THRESHOLD:
                bounds.append((-bound, number))
    best, best_ratio = None, FUZZY_THRESHOLD
    for negative_bound, number in sorted(bounds):
        if -negative_bound < best_ratio:
            break
        matcher.set_seq1(pool[number].msgid)
        ratio = matcher.ratio()
        if ratio > best_ratio or (best is None and ratio >= best_ratio):
            best, best_ratio = pool[number], ratio
    return best


def update_catalogs(
    template_path: str | Path,
    locales_dir: str | Path,
    languages: Iterable[str] | None = None,
    domain: str | None = None,
) -> list[MergeResult]:
    """Merge a changed template into each of its catalogs under ``locales_dir``, in place.

    Raises:
        CatalogError: The template or a catalog is malformed, or there is no catalog.
        LanguageError: A language code is unknown.
    """
    template = load_catalog(template_path)
    domain = domain or Path(template_path).stem
    results = []
    for item in find_catalogs(locales_dir, languages, domain):
        results.append(_update_one(item, template))
    return results


def _update_one(item: CatalogFile, template: polib.POFile) -> MergeResult:
    catalog = load_catalog(item.path)
    merged, counts = merge_catalog(catalog, template, catalog_plural_rule(catalog, item.path))
    merged.metadata["PO-Revision-Date"] = revision_timestamp()
    save_catalog(merged, item.path)
    logger.info("merged %s: %s", item.path, counts)
    return MergeResult(item.path, item.language, **counts)
