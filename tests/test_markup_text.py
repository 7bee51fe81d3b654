"""Plain text through the markup model, and choosing the format."""

from __future__ import annotations

import pytest

from newsl10n.markup import guess_format, parse, parse_text
from newsl10n.segment import segment_text

ARTICLE = "Japarov invites Putin\n\nSadyr Japarov met Putin. They talked\nfor three hours.\n\nMore.\n"


def test_text_segments_are_the_segmenters_sentences():
    doc = parse_text(ARTICLE)
    want = {s.id: s.text for s in segment_text(ARTICLE).sentences()}
    assert {s.id: s.text for s in doc.segments} == want
    assert doc.render({}) == ARTICLE
    out = doc.render({"p2.s2": "Алар үч саат сүйлөштү."})
    assert out == "Japarov invites Putin\n\nSadyr Japarov met Putin. Алар үч саат сүйлөштү.\n\nMore.\n"


def test_text_is_written_as_given_without_escaping():
    doc = parse_text("A & B < C.")
    assert doc.render({"p1.s1": "А & Б < В."}) == "А & Б < В."


@pytest.mark.parametrize(
    ("name", "text", "want"),
    [
        ("story.html", "plain words", "html"),
        ("story.HTM", "", "html"),
        ("post.md", "", "markdown"),
        ("post.markdown", "", "markdown"),
        ("story.txt", "<p>x</p>", "text"),
        (None, "<!DOCTYPE html><html><body>x</body></html>", "html"),
        (None, "Some text with <p>a paragraph</p>.", "html"),
        (None, "---\ntitle: x\n---\nBody", "markdown"),
        (None, "# Heading\n\nText with [a link](https://x.org).", "markdown"),
        (None, "Just a plain article. Nothing else.", "text"),
    ],
)
def test_guess_format(name, text, want):
    assert guess_format(text, name) == want


def test_parse_auto_uses_the_guess():
    assert parse("<p>Hello.</p>").format == "html"
    assert parse("# Hello\n").format == "markdown"
    assert parse("Hello.").format == "text"


def test_a_paragraph_without_letters_keeps_the_numbering():
    source = "First paragraph here.\n\n***\n\nThird paragraph here."
    doc = parse_text(source)
    assert [s.id for s in doc.segments] == [s.id for s in segment_text(source).sentences() if s.text != "***"]
    assert doc.render({}) == source


def test_importing_the_package_loads_no_parser():
    import subprocess
    import sys

    code = (
        "import sys, newsl10n.markup; assert 'markdown_it' not in sys.modules and 'yaml' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
