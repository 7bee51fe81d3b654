"""Issue 11: review.html, the page an editor reads before publishing a translation.

The page is parsed (``html.parser``) into a small element tree, and its structure is
checked: one row per segment, one column per language, term marks with their status class
and text, warnings and memory marks, hostile article text shown as text, nothing loaded from
the network and no script.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from newsl10n.glossary.context.words import Evidence
from newsl10n.glossary.enforce import TermOccurrence
from newsl10n.glossary.morphology import Case
from newsl10n.glossary.repair import TermStatus
from newsl10n.i18n import set_ui_language
from newsl10n.parallel.align import ParallelArticle, Segment, read_alignment, write_parallel
from newsl10n.parallel.review import STATUSES, render_review, write_review

LOCALES = Path(__file__).resolve().parents[1] / "locales"
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found += child.iter(tag, cls)
        return found

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> tuple[Element, str]:
    """The page's element tree (every tag properly closed) and its doctype."""
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root, builder.doctype


def _term(msgid: str, form: str, text: str, status: str, source: str = "", **kw: object) -> TermOccurrence:
    start = text.index(form) if form else None
    src_text = kw.pop("src_text", "")
    s = src_text.index(source) if source and isinstance(src_text, str) else 0
    return TermOccurrence(
        start=s,
        end=s + len(source),
        source=source or msgid,
        msgid=msgid,
        msgctxt=kw.get("msgctxt"),  # type: ignore[arg-type]
        rendering=str(kw.get("rendering", form or msgid)),
        form=form,
        case=kw.get("case"),  # type: ignore[arg-type]
        status=TermStatus(status),
        target_start=start,
        target_end=None if start is None else start + len(form),
        evidence=kw.get("evidence"),  # type: ignore[arg-type]
    )


EN1 = "Sadyr Japarov met Vladimir Putin in Bishkek."
RU1 = "Садыр Жапаров встретился с Владимиром Путиным в Бишкеке."
KY1 = "Садыр Жапаров Бишкекте Владимир Путин менен жолукту."
EN2 = "Talks went on."
RU2 = "Переговоры продолжились продолжились продолжились."
KY2 = "Сүйлөшүүлөр уланды."
EN3 = "The <script>alert('x')</script> & “quoted” <b>tag</b>."
RU3 = "Тег <script>alert('x')</script> & <img src=http://evil.example/x.png>."


def article() -> ParallelArticle:
    """Three segments in two paragraphs, terms in every status, warnings, memory, hostile text."""
    first = Segment(
        "p1.s1",
        0,
        {"en": EN1, "ru": RU1, "ky": KY1},
        occurrences={
            "ru": [
                _term("Sadyr Japarov", "Садыр Жапаров", RU1, "model", "Sadyr Japarov", src_text=EN1,
                      case=Case.NOM, evidence=Evidence.MODEL, msgctxt="person"),
                _term("Vladimir Putin", "Владимиром Путиным", RU1, "inflected", "Vladimir Putin",
                      src_text=EN1, case=Case.INS, evidence=Evidence.PREPOSITION, rendering="Владимир Путин"),
                _term("Bishkek", "Бишкеке", RU1, "repaired", "Bishkek", src_text=EN1,
                      case=Case.LOC, evidence=Evidence.PREPOSITION, rendering="Бишкек"),
            ],
            "ky": [
                _term("Sadyr Japarov", "Садыр Жапаров", KY1, "model", "Sadyr Japarov", src_text=EN1,
                      case=Case.NOM, evidence=Evidence.MODEL),
                _term("Bishkek", "Бишкекте", KY1, "inflected", "Bishkek", src_text=EN1,
                      case=Case.LOC, evidence=Evidence.SOURCE, rendering="Бишкек"),
                _term("Vladimir Putin", "", KY1, "missing", "Vladimir Putin", src_text=EN1,
                      rendering="Владимир Путин"),
            ],
        },
        memory=["ky"],
    )  # fmt: skip
    second = Segment(
        "p1.s2",
        0,
        {"en": EN2, "ru": RU2, "ky": KY2},
        warnings={"ru": [{"code": "repetition", "message": "the output repeats “продолжились” 3 times"}]},
    )
    third = Segment(
        "p2.s1",
        1,
        {"en": EN3, "ru": RU3, "ky": EN3},
        warnings={
            "ru": [{"code": "too-long", "message": "<b>longer</b> than the source"}],
            "ky": [{"code": "copy", "message": "the output copies the source instead of translating it"}],
        },
    )
    return ParallelArticle(
        "en",
        ["ru", "ky"],
        [first, second, third],
        engines={
            "ru": {"engine": "argos", "route": ["en", "ru"], "models": ["translate-en_ru-1_9"]},
            "ky": {"engine": "argos", "route": ["en", "ru", "ky"], "models": ["en_ru", "ru_ky"]},
        },
    )


def _rows(root: Element) -> list[Element]:
    return root.iter("tr", "segment")


def _cell(row: Element, lang: str) -> Element:
    (cell,) = [td for td in row.iter("td") if td.attrs.get("lang") == lang]
    return cell


def test_one_html5_document_with_the_ui_language_and_inline_css():
    root, doctype = parse(render_review(article()))
    assert doctype.lower() == "doctype html"
    (page,) = root.iter("html")
    assert page.attrs["lang"] == "en"
    assert root.iter("meta")[0].attrs == {"charset": "utf-8"}
    assert len(root.iter("style")) == 1
    assert root.iter("title")[0].text().startswith("Translation review")


def test_header_names_source_targets_engines_and_counts_terms_per_status():
    root, _ = parse(render_review(article()))
    (header,) = root.iter("header")
    pairs = dict(zip((d.text() for d in header.iter("dt")), (d.text() for d in header.iter("dd"))))
    assert pairs["Source"] == "en"
    assert pairs["Targets"] == "ru, ky"
    assert pairs["Engine ru"] == "argos · en → ru · translate-en_ru-1_9"
    assert pairs["Engine ky"] == "argos · en → ru → ky · en_ru > ru_ky"
    rows = {tr.attrs["data-lang"]: tr for tr in header.iter("tr") if "data-lang" in tr.attrs}
    assert list(rows) == ["ru", "ky"]
    counts = {
        lang: {s: int(row.iter("td", f"count-{s}")[0].text()) for s in STATUSES} for lang, row in rows.items()
    }
    assert counts["ru"] == {"model": 1, "inflected": 1, "repaired": 1, "missing": 0}
    assert counts["ky"] == {"model": 1, "inflected": 1, "repaired": 0, "missing": 1}
    # Language, four statuses, total terms, warnings, from memory.
    assert [td.text() for td in rows["ky"].iter("td")][5:] == ["3", "1", "1"]
    legend = header.iter("ul", "legend")[0]
    assert [m.classes for m in legend.iter("mark")][:4] == [["term", f"term-{s}"] for s in STATUSES]


def test_one_row_per_segment_one_column_per_language_source_first_grouped_by_paragraph():
    root, _ = parse(render_review(article()))
    (table,) = root.iter("table", "segments")
    heads = table.iter("thead")[0].iter("th")
    assert [th.attrs.get("lang") for th in heads] == [None, "en", "ru", "ky"]
    rows = _rows(table)
    assert [r.iter("th")[0].text() for r in rows] == ["p1.s1", "p1.s2", "p2.s1"]
    assert [r.attrs["id"] for r in rows] == ["seg-p1.s1", "seg-p1.s2", "seg-p2.s1"]
    for row in rows:
        assert [td.attrs["lang"] for td in row.iter("td")] == ["en", "ru", "ky"]
        assert "source" in row.iter("td")[0].classes
    groups = table.iter("tbody", "paragraph")
    assert [[r.attrs["id"] for r in _rows(g)] for g in groups] == [["seg-p1.s1", "seg-p1.s2"], ["seg-p2.s1"]]
    assert _cell(rows[0], "ru").iter("div", "text")[0].text() == RU1


def test_terms_are_marked_by_their_span_with_a_class_per_status_and_a_tooltip():
    root, _ = parse(render_review(article()))
    row = _rows(root)[0]
    marks = [(m.classes, m.text()) for m in _cell(row, "ru").iter("mark")]
    assert marks == [
        (["term", "term-model"], "Садыр Жапаров"),
        (["term", "term-inflected"], "Владимиром Путиным"),
        (["term", "term-repaired"], "Бишкеке"),
    ]
    inflected = _cell(row, "ru").iter("mark", "term-inflected")[0].attrs["title"]
    assert "Vladimir Putin" in inflected and "Case: ins" in inflected and "a preposition" in inflected
    model = _cell(row, "ru").iter("mark", "term-model")[0].attrs["title"]
    assert "Sadyr Japarov (person)" in model and "the model's own form" in model
    # A missing term has no span: it is listed under the text, not marked in it.
    ky = _cell(row, "ky")
    assert [(m.classes[1], m.text()) for m in ky.iter("mark")] == [
        ("term-model", "Садыр Жапаров"),
        ("term-inflected", "Бишкекте"),
    ]
    (missing,) = ky.iter("ul", "missing-terms")
    assert [li.text() for li in missing.iter("li")] == ["Vladimir Putin → expected “Владимир Путин”"]
    assert "flagged" in ky.classes
    # The source terms are marked in the source column, once each, with their entry only.
    source_marks = _cell(row, "en").iter("mark", "term-source")
    assert [m.text() for m in source_marks] == ["Sadyr Japarov", "Vladimir Putin", "Bishkek"]
    assert source_marks[0].attrs["title"] == "Glossary entry: Sadyr Japarov (person)"


def test_warnings_are_flagged_on_their_cell_and_memory_hits_are_marked():
    root, _ = parse(render_review(article()))
    rows = _rows(root)
    (warning,) = _cell(rows[1], "ru").iter("li", "warning")
    assert warning.classes == ["warning", "warning-repetition"]
    assert warning.attrs["data-code"] == "repetition"
    assert warning.text() == "repetition: the output repeats “продолжились” 3 times"
    assert "flagged" in _cell(rows[1], "ru").classes
    assert "flagged" not in _cell(rows[1], "ky").classes
    assert _cell(rows[2], "ky").iter("li", "warning")[0].classes[1] == "warning-copy"
    assert _cell(rows[2], "ru").iter("li", "warning")[0].classes[1] == "warning-too-long"
    # Memory: ky of the first segment only.
    assert [
        (r.attrs["id"], lang)
        for r in rows
        for lang in ("ru", "ky")
        if _cell(r, lang).iter("span", "memory-hit")
    ] == [("seg-p1.s1", "ky")]


def test_hostile_article_text_is_shown_as_text_never_as_markup():
    page = render_review(article())
    root, _ = parse(page)
    assert not root.iter("script") and not root.iter("img") and not root.iter("b")
    assert "<script" not in page.lower()
    row = _rows(root)[2]
    assert _cell(row, "en").text() == EN3
    assert _cell(row, "ru").iter("div", "text")[0].text() == RU3
    assert _cell(row, "ru").iter("li", "warning")[0].text() == "too long: <b>longer</b> than the source"
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp;" in page


def test_hostile_term_data_and_codes_are_escaped_and_bad_spans_left_unmarked():
    text = 'Он сказал "<i>".'
    hostile = ParallelArticle(
        "en",
        ["ru"],
        [
            Segment(
                "p1.s1",
                0,
                {"en": 'He said "<i>".', "ru": text},
                warnings={"ru": [{"code": '"><script>', "message": "x"}]},
                occurrences={
                    "ru": [
                        _term('"><script>alert(1)</script>', "<i>", text, "model"),
                        _term("out of range", "", text, "model"),
                        _term("overlapping", "<i>", text, "repaired"),
                    ]
                },
            )
        ],
        engines={"ru": {"engine": "<script>", "route": ["en", "ru"]}},
    )
    hostile.segments[0].occurrences["ru"][1] = TermOccurrence(
        0, 1, "x", "out of range", None, "x", "x", None, TermStatus.MODEL, 5, 500
    )
    page = render_review(hostile)
    root, _ = parse(page)
    assert "<script" not in page.lower() and not root.iter("script")
    cell = _cell(_rows(root)[0], "ru")
    assert cell.iter("div", "text")[0].text() == text
    (mark,) = cell.iter("mark")
    assert mark.text() == "<i>" and '"><script>alert(1)</script>' in mark.attrs["title"]
    assert cell.iter("li", "warning")[0].classes == ["warning", "warning-other"]


def test_self_contained_no_network_asset_no_script_no_event_handler():
    page = render_review(article())
    root, _ = parse(page)
    assert not root.iter("script") and not root.iter("link") and not root.iter("iframe")
    for element in root.iter():
        for name in element.attrs:
            assert not name.startswith("on"), name
            assert name not in ("src", "href", "action"), (element.tag, name)
    css = root.iter("style")[0].text()
    assert "url(" not in css and "@import" not in css
    # The only URL-like text in the page is the article's own (escaped) text.
    outside = page.replace("http://evil.example/x.png", "")
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", outside, re.IGNORECASE)


def test_an_article_without_terms_warnings_or_engines_still_renders():
    plain = ParallelArticle("en", ["ru"], [Segment("p1.s1", 0, {"en": "Hello.", "ru": ""})])
    root, _ = parse(render_review(plain))
    (row,) = _rows(root)
    assert _cell(row, "ru").text() == ""
    assert not root.iter("table", "segments")[0].iter("mark")


def _msgstr(lang: str, msgid: str) -> str:
    entry = polib.pofile(str(LOCALES / lang / "LC_MESSAGES" / "newsl10n.po")).find(msgid)
    assert entry is not None and entry.msgstr and "fuzzy" not in entry.flags
    return entry.msgstr


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_page_speaks_the_ui_language(lang: str):
    set_ui_language(lang)
    root, _ = parse(render_review(article()))
    assert root.iter("html")[0].attrs["lang"] == lang
    assert root.iter("h1")[0].text() == _msgstr(lang, "Translation review")
    legend = [m.text() for m in root.iter("ul", "legend")[0].iter("mark")]
    assert legend[0] == _msgstr(lang, "model: the model wrote it right")
    warning = _cell(_rows(root)[1], "ru").iter("li", "warning")[0].text()
    assert warning.startswith(_msgstr(lang, "repetition") + ": ")


def test_write_review_writes_the_page_atomically(tmp_path: Path):
    target = tmp_path / "out" / "review.html"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    write_review(article(), target)
    assert target.read_text(encoding="utf-8") == render_review(article())
    assert sorted(p.name for p in target.parent.iterdir()) == ["review.html"]  # no temporary left


def test_write_parallel_writes_review_html_beside_alignment_json(tmp_path: Path):
    files = write_parallel(article(), tmp_path, "story")
    folder = tmp_path / "story"
    assert folder / "review.html" in files
    assert (folder / "alignment.json").is_file()
    page = (folder / "review.html").read_text(encoding="utf-8")
    with open(folder / "alignment.json", encoding="utf-8") as fp:
        again = read_alignment(fp)
    # The page is a view of exactly what alignment.json holds.
    assert page == render_review(again)
    assert len(_rows(parse(page)[0])) == len(json.loads((folder / "alignment.json").read_text())["segments"])
