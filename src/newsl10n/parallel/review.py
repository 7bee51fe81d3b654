"""The review page: ``review.html``, an article's translations side by side for the editor.

:func:`render_review` turns a :class:`~newsl10n.parallel.align.ParallelArticle` into one
self-contained HTML5 page: inline CSS, no script, no network asset, so it opens from a
mail attachment or a shared folder and shows the same everywhere. It has:

* a header with the source language, the targets, the engine of each target and, per
  target, how many glossary terms came out in each status;
* a legend of the term marks;
* a table with one row per segment (its id first) and one column per language, source
  first; the rows of a paragraph are grouped in one ``<tbody class="paragraph">``;
* in each target cell, the glossary terms marked by their span
  (``<mark class="term term-<status>">``, status ``model``, ``inflected``, ``repaired`` or
  ``missing``) with a tooltip naming the glossary entry, the case and what chose it; the
  terms missing from the translation listed under it; the warnings of the quality checks
  (``repetition``, ``copy``, ``too-long``, ``empty``, ``split``) with their message; a
  mark when the sentence came from the translation memory.

With an :class:`EditMode` (the service's ``/review`` page), each target cell can also be
corrected and approved: a small inline script adds the controls and saves through the
service's ``PUT /v1/segments``; segments already approved carry a mark. Without
JavaScript the page reads as the plain one.

The page's own labels are in the user interface language (:mod:`newsl10n.i18n`), which is
also its ``<html lang>``. Article text, term data and warning messages are escaped: they
are shown as text, never read as markup.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsl10n.i18n import _, ui_language
from newsl10n.textio import atomic_write

if TYPE_CHECKING:
    from newsl10n.glossary.enforce import TermOccurrence
    from newsl10n.parallel.align import ParallelArticle, Segment

__all__ = ["STATUSES", "EditMode", "render_review", "write_review"]

STATUSES = ("model", "inflected", "repaired", "missing")
"""The glossary term statuses, in the order the page shows them (CSS class ``term-<status>``)."""

_CLASS_SAFE = re.compile(r"[a-z0-9-]{1,32}")

_CSS = """
:root { color-scheme: light; --line: #c9ccd1; --muted: #5b616b; }
* { box-sizing: border-box; }
body { font: 15px/1.5 "DejaVu Sans", "Noto Sans", Arial, sans-serif; margin: 1.5rem; color: #1b1e23; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
h2 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
header dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
header dt { font-weight: bold; }
header dd { margin: 0; }
table { border-collapse: collapse; }
.summary td, .summary th { border: 1px solid var(--line); padding: .15rem .6rem; text-align: right; }
.summary th:first-child, .summary td:first-child { text-align: left; }
.legend { list-style: none; padding: 0; margin: .3rem 0 1rem; display: flex; flex-wrap: wrap;
  gap: .4rem 1.2rem; }
table.segments { width: 100%; table-layout: fixed; }
table.segments th, table.segments td { border: 1px solid var(--line); padding: .4rem .6rem;
  vertical-align: top; }
table.segments thead th { background: #eef0f3; text-align: left; position: sticky; top: 0; }
table.segments th.id, table.segments td.id { width: 5.5rem; font: 12px/1.4 monospace; color: var(--muted); }
tbody.paragraph { border-top: 4px solid #8a929c; }
td.source { background: #fafafa; }
td.flagged { background: #fff4e5; }
.term { border-radius: 3px; padding: 0 2px; border-bottom: 2px solid; }
.term-model { background: #ddf3e0; border-color: #2e7d32; }
.term-inflected { background: #dbe9fb; border-color: #1565c0; }
.term-repaired { background: #fff0c2; border-color: #b26a00; }
.term-missing { background: #fde0e0; border-color: #c62828; }
.term-source { background: #eceff1; border-color: #78909c; }
ul.warnings, ul.missing-terms { margin: .3rem 0 0; padding-left: 1.1rem; font-size: 13px; }
ul.warnings li { color: #8a4b00; }
ul.missing-terms li { color: #a11; }
.code { font: bold 12px monospace; }
.memory-hit { display: inline-block; font-size: 11px; font-weight: bold; color: #fff; background: #6a1b9a;
  border-radius: 3px; padding: 0 4px; margin-left: .3rem; }
footer { margin-top: 1rem; color: var(--muted); font-size: 12px; }
"""


@dataclass(frozen=True)
class EditMode:
    """What an editable review page saves to (the service's ``/review`` page).

    Attributes:
        endpoint: The URL of ``PUT /v1/segments``.
        article: The article's id in the service.
        approved: ``(segment id, language)`` of the segments already approved.
    """

    endpoint: str
    article: str
    approved: frozenset[tuple[str, str]] = frozenset()


def write_review(article: ParallelArticle, path: str | Path) -> None:
    """Write the review page of ``article`` to ``path`` atomically (:func:`render_review`).

    Raises:
        OSError: The file cannot be written.
    """
    atomic_write(path, render_review(article))


def render_review(article: ParallelArticle, *, edit: EditMode | None = None) -> str:
    """The review page of ``article``: one self-contained HTML5 document.

    Args:
        article: The article and its translations, as :func:`~newsl10n.pipeline.translate_article`
            returns it or :func:`~newsl10n.parallel.align.read_alignment` reads it back.
        edit: Make the target cells editable, saving as ``edit`` says; ``None`` for the
            static page (no script).

    Returns:
        The page, ending with a newline.
    """
    languages = list(article.languages)
    labels = ui_labels()
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_attr(ui_language())}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(labels['title'])}: {_text(' → '.join(languages))}</title>",
        f"<style>{_CSS}{_EDIT_CSS if edit else ''}</style>",
        "</head>",
        "<body>",
        _header(article, labels),
        _table(article, languages, labels, edit),
        f"<footer>{_text(_footer())}</footer>",
        *(_edit_script(article, edit) if edit else ()),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def ui_labels() -> dict[str, str]:
    """The page's headings and column names, in the user interface language."""
    return {
        # TRANSLATORS: the title of review.html, the page an editor reads to check a translation.
        "title": _("Translation review"),
        # TRANSLATORS: review.html, the heading of the table of glossary term counts.
        "glossary": _("Glossary terms"),
        # TRANSLATORS: review.html, the heading of the legend of term marks.
        "legend": _("Legend"),
        # TRANSLATORS: review.html, the legend: a glossary term in the source sentence.
        "source term": _("a glossary term in the source"),
        # TRANSLATORS: review.html, columns of the glossary summary: the target language, the
        # number of terms, warnings, and sentences taken from the translation memory.
        "language": _("Language"),
        "terms": _("Terms"),
        "warnings": _("Warnings"),
        "from memory": _("From memory"),
        # TRANSLATORS: review.html, column headings: the segment id, then each language with
        # its role, "en (source)", "ru (translation)".
        "segment": _("Segment"),
        "source": _("source"),
        "translation": _("translation"),
    }


def status_names() -> dict[str, str]:
    """The short name of each term status (the glossary summary's columns)."""
    return {
        # TRANSLATORS: review.html, short names of the glossary term statuses (column headings).
        "model": _("model"),
        "inflected": _("inflected"),
        "repaired": _("repaired"),
        "missing": _("missing"),
    }


def status_labels() -> dict[str, str]:
    """The legend's label of each term status, in the user interface language."""
    return {
        # TRANSLATORS: review.html, a glossary term the translation model wrote right itself.
        "model": _("model: the model wrote it right"),
        # TRANSLATORS: review.html, a glossary term whose case newsl10n chose.
        "inflected": _("inflected: newsl10n chose the case"),
        # TRANSLATORS: review.html, a misspelt, wrong or dropped glossary term that was fixed.
        "repaired": _("repaired: fixed or inserted by newsl10n"),
        # TRANSLATORS: review.html, a glossary term that is not in the translation.
        "missing": _("missing: not in the translation"),
    }


def _evidence_labels() -> dict[str, str]:
    """What chose a term's case (:class:`~newsl10n.glossary.context.words.Evidence` values)."""
    return {
        # TRANSLATORS: review.html, what chose the case of a glossary term (tooltip).
        "model": _("the model's own form"),
        "model-suffix": _("a suffix the model added"),
        "preposition": _("a preposition"),
        "postposition": _("a postposition"),
        "governing-noun": _("a governing noun"),
        "verb": _("a governing verb"),
        "agreement": _("agreement with a modifier"),
        "source": _("the case in the source"),
        "default": _("nothing: the base form"),
    }


def _warning_labels() -> dict[str, str]:
    """The label of each warning code of the quality checks and the pipeline."""
    return {
        # TRANSLATORS: review.html, a translation that repeats words in a loop.
        "repetition": _("repetition"),
        # TRANSLATORS: review.html, a translation that copies the source.
        "copy": _("copy of the source"),
        # TRANSLATORS: review.html, a translation much longer than its source.
        "too-long": _("too long"),
        # TRANSLATORS: review.html, an empty translation.
        "empty": _("empty"),
        # TRANSLATORS: review.html, a long sentence translated in several parts.
        "split": _("translated in parts"),
    }


def _header(article: ParallelArticle, ui: dict[str, str]) -> str:
    labels = status_labels()
    targets = ", ".join(article.targets)
    rows = [
        # TRANSLATORS: review.html, the header: the article's source language.
        (_("Source"), article.source),
        # TRANSLATORS: review.html, the header: the languages translated into.
        (_("Targets"), targets),
    ]
    if article.copies:
        # TRANSLATORS: review.html, targets that are the source language (copied, not translated).
        rows.append((_("Copies of the source"), ", ".join(article.copies)))
    for lang in article.targets:
        info = article.engines.get(lang)
        if info is None:
            continue
        route = " → ".join(info.route)
        models = " > ".join(info.models)
        described = " · ".join(p for p in (info.engine or "?", route, models, info.options) if p)
        # TRANSLATORS: review.html, the header: the engine of one target, {lang} its code.
        rows.append((_("Engine {lang}").format(lang=lang), described))
    out = [
        "<header>",
        f"<h1>{_text(ui['title'])}</h1>",
        "<dl>",
        *(f"<dt>{_text(k)}</dt><dd>{_text(v)}</dd>" for k, v in rows),
        "</dl>",
        f"<h2>{_text(ui['glossary'])}</h2>",
        _summary(article, ui),
        f"<h2>{_text(ui['legend'])}</h2>",
        '<ul class="legend">',
        *(f'<li><mark class="term term-{s}">{_text(labels[s])}</mark></li>' for s in STATUSES),
        f'<li><mark class="term term-source">{_text(ui["source term"])}</mark></li>',
        f'<li><span class="memory-hit">{_text(_memory_badge())}</span> {_text(_memory_title())}</li>',
        "</ul>",
        "</header>",
    ]
    return "\n".join(out)


def _summary(article: ParallelArticle, ui: dict[str, str]) -> str:
    counts = {lang: Counter[str]() for lang in article.targets}
    warnings = Counter[str]()
    memory = Counter[str]()
    for segment in article.segments:
        for lang, found in segment.occurrences.items():
            counts.setdefault(lang, Counter())
            counts[lang].update(_status(t) for t in found)
        for lang, ws in segment.warnings.items():
            warnings[lang] += len(ws)
        memory.update(segment.memory)
    names = status_names()
    head = "".join(f'<th class="status-{s}">{_text(names[s])}</th>' for s in STATUSES)
    out = [
        '<table class="summary">',
        f"<thead><tr><th>{_text(ui['language'])}</th>{head}<th>{_text(ui['terms'])}</th>"
        f"<th>{_text(ui['warnings'])}</th><th>{_text(ui['from memory'])}</th></tr></thead>",
        "<tbody>",
    ]
    for lang, counted in counts.items():
        cells = "".join(f'<td class="count-{s}">{counted[s]}</td>' for s in STATUSES)
        out.append(
            f'<tr data-lang="{_attr(lang)}"><td>{_text(lang)}</td>{cells}'
            f"<td>{sum(counted.values())}</td><td>{warnings[lang]}</td><td>{memory[lang]}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _table(
    article: ParallelArticle, languages: Sequence[str], ui: dict[str, str], edit: EditMode | None = None
) -> str:
    head = [f'<th class="id" scope="col">{_text(ui["segment"])}</th>']
    for i, lang in enumerate(languages):
        role = ui["source"] if i == 0 else ui["translation"]
        head.append(f'<th scope="col" lang="{_attr(lang)}">{_text(lang)} <small>({_text(role)})</small></th>')
    out = ['<table class="segments">', f"<thead><tr>{''.join(head)}</tr></thead>"]
    for paragraph, segments in _paragraphs(article.segments):
        out.append(f'<tbody class="paragraph" data-paragraph="{paragraph}">')
        out += [_row(segment, languages, edit) for segment in segments]
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _paragraphs(segments: Iterable[Segment]) -> list[tuple[int, list[Segment]]]:
    """Consecutive segments of one paragraph, together."""
    groups: list[tuple[int, list[Segment]]] = []
    for segment in segments:
        if groups and groups[-1][0] == segment.paragraph:
            groups[-1][1].append(segment)
        else:
            groups.append((segment.paragraph, [segment]))
    return groups


def _row(segment: Segment, languages: Sequence[str], edit: EditMode | None = None) -> str:
    cells = [f'<th class="id" scope="row">{_text(segment.id)}</th>']
    source_lang = languages[0]
    source_spans: dict[tuple[int, int], TermOccurrence] = {}
    for found in segment.occurrences.values():
        for t in found:
            source_spans.setdefault((t.start, t.end), t)
    source_text = segment.text.get(source_lang, "")
    # The status, case and evidence belong to each translation: the source mark names the entry.
    spans = [(s, e, "term term-source", _entry_title(t)) for (s, e), t in source_spans.items()]
    marked = _marked(source_text, spans)
    cells.append(f'<td class="source" lang="{_attr(source_lang)}"><div class="text">{marked}</div></td>')
    for lang in languages[1:]:
        cells.append(_target_cell(segment, lang, edit))
    return f'<tr class="segment" id="{_attr("seg-" + segment.id)}">{"".join(cells)}</tr>'


def _target_cell(segment: Segment, lang: str, edit: EditMode | None = None) -> str:
    text = segment.text.get(lang, "")
    terms = segment.occurrences.get(lang, [])
    spans = [
        (t.target_start, t.target_end, f"term term-{_status(t)}", _term_title(t))
        for t in terms
        if t.target_start is not None and t.target_end is not None and _status(t) != "missing"
    ]
    body = [f'<div class="text">{_marked(text, spans)}']
    if lang in segment.memory:
        badge = _text(_memory_badge())
        body.append(f'<span class="memory-hit" title="{_attr(_memory_title())}">{badge}</span>')
    body.append("</div>")
    warnings = segment.warnings.get(lang, [])
    if warnings:
        labels = _warning_labels()
        body.append('<ul class="warnings">')
        for warning in warnings:
            code = str(warning.get("code", ""))
            css = code if _CLASS_SAFE.fullmatch(code) else "other"
            label = labels.get(code, code)
            message = str(warning.get("message", ""))
            body.append(
                f'<li class="warning warning-{css}" data-code="{_attr(code)}">'
                f'<span class="code">{_text(label)}</span>: {_text(message)}</li>'
            )
        body.append("</ul>")
    missing = [t for t in terms if _status(t) == "missing"]
    if missing:
        # TRANSLATORS: review.html, under a translation: the glossary terms it lacks.
        missing_label = _("Missing terms")
        body.append(f'<ul class="missing-terms" aria-label="{_attr(missing_label)}">')
        for t in missing:
            # TRANSLATORS: review.html, a missing term: its source spelling and the glossary rendering.
            expected = _("{source} → expected “{rendering}”").format(source=t.source, rendering=t.rendering)
            body.append(f'<li class="term-missing" title="{_attr(_term_title(t))}">{_text(expected)}</li>')
        body.append("</ul>")
    flagged = " flagged" if warnings or missing else ""
    if edit is None:
        return f'<td class="target{flagged}" lang="{_attr(lang)}">{"".join(body)}</td>'
    approved = (segment.id, lang) in edit.approved
    if approved:
        body.append(f'<span class="approved-mark">{_text(edit_labels()["approved"])}</span>')
    return (
        f'<td class="target{flagged}{" approved" if approved else ""}" lang="{_attr(lang)}"'
        f' data-segment="{_attr(segment.id)}" data-text="{_attr(text)}">{"".join(body)}</td>'
    )


def _marked(text: str, spans: Iterable[tuple[Any, Any, str, str]]) -> str:
    """``text`` escaped, with each valid, non-overlapping span wrapped in a ``<mark>``.

    Spans come from the article's data (possibly an ``alignment.json`` edited by hand): a
    span that is not a pair of offsets inside ``text``, or that overlaps an earlier one, is
    left unmarked rather than trusted.
    """
    valid = sorted(
        (s, e, css, title)
        for s, e, css, title in spans
        if type(s) is int and type(e) is int and 0 <= s < e <= len(text)
    )
    out, position = [], 0
    for start, end, css, title in valid:
        if start < position:
            continue
        out.append(_text(text[position:start]))
        out.append(f'<mark class="{_attr(css)}" title="{_attr(title)}">{_text(text[start:end])}</mark>')
        position = end
    out.append(_text(text[position:]))
    return "".join(out)


def _entry_title(term: TermOccurrence) -> str:
    """The tooltip of a term in the source: its glossary entry."""
    entry = term.msgid if not term.msgctxt else f"{term.msgid} ({term.msgctxt})"
    # TRANSLATORS: review.html, tooltip of a term: the glossary entry (its msgid).
    return _("Glossary entry: {entry}").format(entry=entry)


def _term_title(term: TermOccurrence) -> str:
    """The tooltip of a term mark: glossary entry, status, case and what chose it."""
    case = _value(term.case)
    evidence = _value(term.evidence)
    status = _status(term)
    lines = [
        _entry_title(term),
        # TRANSLATORS: review.html, tooltip of a term: its status (model, inflected...).
        _("Status: {status}").format(status=status_labels().get(status, status)),
        # TRANSLATORS: review.html, tooltip of a term: its grammatical case (nom, gen, dat...).
        _("Case: {case}").format(case=case or "—"),
        # TRANSLATORS: review.html, tooltip of a term: what chose its case.
        _("Chosen by: {evidence}").format(evidence=_evidence_labels().get(evidence, evidence) or "—"),
    ]
    return "\n".join(lines)


def _footer() -> str:
    # TRANSLATORS: the footer of review.html.
    return _("Written by newsl10n. Terms are marked by their status; hover a mark for details.")


def _memory_badge() -> str:
    # TRANSLATORS: review.html, a short badge on a sentence taken from the translation memory.
    return _("TM")


def _memory_title() -> str:
    # TRANSLATORS: review.html, what the memory badge means.
    return _("taken from the translation memory")


def _status(term: TermOccurrence) -> str:
    return _value(term.status)


def _value(value: object) -> str:
    """An enum's value, or the string itself; ``""`` for ``None``."""
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def _text(value: object) -> str:
    return html.escape(str(value), quote=False)


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def edit_labels() -> dict[str, str]:
    """The labels of the editing controls, in the user interface language."""
    return {
        # TRANSLATORS: review page of the service: the button that opens a translation for editing.
        "edit": _("Correct"),
        # TRANSLATORS: review page of the service: saves the translation as approved by the editor.
        "approve": _("Approve"),
        # TRANSLATORS: review page of the service: shown while a correction is being saved.
        "saving": _("Saving…"),
        # TRANSLATORS: review page of the service: a translation an editor approved.
        "approved": _("approved"),
        # TRANSLATORS: review page of the service: a correction could not be saved.
        "failed": _("not saved"),
    }


_EDIT_CSS = """
td.approved { background: #e8f5e9; }
.approved-mark { display: inline-block; font-size: 11px; font-weight: bold; color: #fff; background: #2e7d32;
  border-radius: 3px; padding: 0 4px; margin-top: .2rem; }
.edit { margin-top: .3rem; display: flex; flex-wrap: wrap; gap: .3rem; align-items: flex-start; }
.edit textarea { width: 100%; font: inherit; }
.edit button { font-size: 12px; }
.edit-status { font-size: 12px; color: var(--muted); }
td.edit-error .edit-status { color: #a11; }
"""

_EDIT_JS = """
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("review-edit").textContent);
  var labels = config.labels;
  var key = new URLSearchParams(window.location.search).get("api_key");
  function button(label, css) {
    var b = document.createElement("button");
    b.type = "button"; b.className = css; b.textContent = label;
    return b;
  }
  function reason(body) {
    var found = body && (body.error || body.detail);
    if (!found) { return labels.failed; }
    return typeof found === "string" ? found : JSON.stringify(found);
  }
  function save(cell, area, status, done) {
    var body = {article: config.article, segment: cell.dataset.segment, source_lang: config.source,
                target_lang: cell.lang, translation: area.value, approved: true};
    if (key) { body.api_key = key; }
    status.textContent = labels.saving;
    cell.classList.remove("edit-error");
    fetch(config.endpoint, {method: "PUT", headers: {"Content-Type": "application/json"},
                            body: JSON.stringify(body)})
      .then(function (r) {
        return r.json().then(function (b) { return {ok: r.ok, body: b}; },
                             function () { return {ok: r.ok, body: null}; });
      })
      .then(function (res) {
        if (!res.ok) { throw new Error(reason(res.body)); }
        cell.querySelector(".text").textContent = res.body.translation;
        cell.dataset.text = res.body.translation;
        cell.classList.add("approved");
        status.textContent = labels.approved;
        done(true);
      })
      .catch(function (err) {
        cell.classList.add("edit-error");
        status.textContent = labels.failed + ": " + err.message;
        done(false);
      });
  }
  document.querySelectorAll("td.target[data-segment]").forEach(function (cell) {
    var box = document.createElement("div");
    var open = button(labels.edit, "edit-open");
    var area = document.createElement("textarea");
    var approve = button(labels.approve, "edit-approve");
    var status = document.createElement("span");
    box.className = "edit";
    area.className = "edit-text"; area.rows = 3; area.lang = cell.lang; area.hidden = true;
    approve.hidden = true;
    status.className = "edit-status"; status.setAttribute("role", "status");
    open.addEventListener("click", function () {
      area.value = cell.dataset.text;
      area.hidden = approve.hidden = !area.hidden;
      if (!area.hidden) { area.focus(); }
    });
    approve.addEventListener("click", function () {
      approve.disabled = true;
      save(cell, area, status, function (ok) {
        approve.disabled = false;
        if (ok) { area.hidden = approve.hidden = true; }
      });
    });
    box.append(open, area, approve, status);
    cell.appendChild(box);
  });
})();
"""


def _edit_script(article: ParallelArticle, edit: EditMode) -> list[str]:
    """The editing script and its settings (JSON, ``<`` escaped so it cannot end the element)."""
    config = {
        "endpoint": edit.endpoint,
        "article": edit.article,
        "source": article.source,
        "labels": edit_labels(),
    }
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
    return [
        f'<script type="application/json" id="review-edit">{data}</script>',
        f"<script>{_EDIT_JS}</script>",
    ]
