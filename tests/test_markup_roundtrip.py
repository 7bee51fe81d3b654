"""Round trips: every fixture, random markup and a 10 MB single line come back byte for byte."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from newsl10n.markup import parse

DATA = Path(__file__).parent / "data" / "markup"
FIXTURES = sorted(p.name for p in DATA.iterdir())
TAG = re.compile(r"</?[a-zA-Z][^\s/>]*")


def upper(doc):
    return {s.id: s.text.upper() for s in doc.segments}


@pytest.mark.parametrize("name", FIXTURES)
def test_identity_render_is_the_source_byte_for_byte(name):
    source = (DATA / name).read_text(encoding="utf-8")
    doc = parse(source, name=name)
    assert doc.segments
    assert doc.render({}) == source
    assert doc.render({s.id: s.text for s in doc.segments}) == source


def is_subsequence(small, big):
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


@pytest.mark.parametrize("name", [n for n in FIXTURES if n.endswith(".html")])
def test_a_translated_html_fixture_keeps_its_tag_skeleton(name):
    source = (DATA / name).read_text(encoding="utf-8")
    doc = parse(source, name=name)
    out = doc.render(upper(doc))
    want = [t.lower() for t in TAG.findall(source)]
    got = [t.lower() for t in TAG.findall(out)]
    # Upper-casing moves no tag; repairs of malformed markup only add closings.
    assert is_subsequence(want, got)
    assert all(t.startswith("</") for t in got[len(want) :]) or len(got) >= len(want)
    if name == "article.html":
        assert got == want


def test_crlf_and_bom_survive():
    source = "\ufeff<p>One line.\r\nSecond <b>bold</b> line.</p>\r\n"
    assert parse(source, "html").render({}) == source
    md = "\ufeff# Title\r\n\r\nSome *text*\r\nhere.\r\n"
    assert parse(md, "markdown").render({}) == md
    text = "Title\r\n\r\nOne. Two.\r\n"
    assert parse(text, "text").render({}) == text


PIECES = [
    "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<a href='x'>", "</a>", "<br>", "<div>", "</div>",
    "<span class=notranslate>", "</span>", "<code>", "</code>", "<!-- c -->", "<img alt=\"A cat\" src=x>",
    "&nbsp;", "&laquo;", "&amp;", "&lt;g1&gt;", " ", "\n", "Word", "Sadyr Japarov", ". ", "! ", "Mr. ",
    "<li>", "<script>x<y</script>", "<title>T</title>", "<", ">", "&", "</", "<!", "<p title='t'", '"',
]  # fmt: skip
MD_PIECES = [
    "*", "**", "_", "`", "[", "]", "(", ")", "![", "<", ">", "\\", "&amp;", "# ", "> ", "- ", "1. ",
    "\n", "\n\n", "  \n", "```\n", "| a | b |\n|---|---|\n", "[x]: /u\n", "Word ", "Sentence. ",
    "[link](/u)", "[ref][x]", "<b>", "</b>", "\t", "    ", "---\ntitle: T\n---\n",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(60))
def test_random_html_round_trips(seed):
    rng = random.Random(seed)
    source = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 80)))
    doc = parse(source, "html")
    assert doc.render({}) == source
    out = doc.render(upper(doc))
    assert len(out) >= len(source) // 2


@pytest.mark.parametrize("seed", range(60))
def test_random_markdown_round_trips(seed):
    rng = random.Random(seed)
    source = "".join(rng.choice(MD_PIECES) for _ in range(rng.randint(1, 80)))
    doc = parse(source, "markdown")
    assert doc.render({}) == source
    doc.render(upper(doc))


def test_a_10_mb_single_line_of_html_round_trips():
    paragraph = (
        '<p>President <b>Sadyr</b> Japarov met <a href="/x">Putin</a> on&nbsp;Monday. Talks went well.</p>'
    )
    source = paragraph * (10_000_000 // len(paragraph))
    assert "\n" not in source
    doc = parse(source, "html")
    assert doc.render({}) == source
    first = doc.segments[0]
    out = doc.render({first.id: first.text.upper()})
    assert out.startswith(
        '<p>PRESIDENT <b>SADYR</b> JAPAROV MET <a href="/x">PUTIN</a> ON&nbsp;MONDAY. Talks'
    )


def test_a_10_mb_single_paragraph_round_trips():
    source = "<p>" + "Word <b>bold</b> and more words, " * 300_000 + "end.</p>"
    doc = parse(source, "html")
    assert doc.render({}) == source
    assert len(doc.segments) == 1


def test_a_10_mb_single_line_with_many_comments_and_entities_round_trips():
    source = "<p>" + "word<!-- c --> &amp; <i>more</i>" * 300_000 + ".</p>"
    doc = parse(source, "html")
    assert doc.render({}) == source


def test_a_2_mb_single_markdown_line_round_trips():
    # markdown-it-py itself takes most of the time here; 2 MB keeps the suite short.
    source = "Word **bold** and [link](/u) with `code`, &amp; more. " * 36_000
    doc = parse(source, "markdown")
    assert not doc.notes
    assert doc.render({}) == source
    first = doc.segments[0]
    assert doc.render({first.id: first.text.upper()}).startswith(
        "WORD **BOLD** AND [LINK](/u) WITH `code`, &"
    )
