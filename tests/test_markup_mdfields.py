"""Markdown image alt text and titles of links, images and reference definitions."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from newsl10n.markup import parse_markdown


def texts(doc):
    return {s.id: (s.context, s.text) for s in doc.segments if s.kind == "attribute"}


def inline_attrs(source):
    """``(type, href/src, title, alt)`` of every link and image markdown-it reads in ``source``."""
    found = []
    md = MarkdownIt("commonmark").enable(["table"])
    for token in md.parse(source):
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                alt = md.renderer.renderInlineAsText(child.children or [], md.options, {})
                alt = alt if child.type == "image" else None
                url = child.attrs.get("href", child.attrs.get("src"))
                found.append((child.type, url, child.attrs.get("title"), alt))
    return found


def test_alt_and_titles_are_attribute_segments_and_urls_stay():
    source = 'See ![A cat on a roof](/img/cat.png "Roof cat") and [the site](/a_(b) "Our site").\n'
    doc = parse_markdown(source)
    assert texts(doc) == {
        "a1": ("alt", "A cat on a roof"),
        "a2": ("title", "Roof cat"),
        "a3": ("title", "Our site"),
    }
    (sentence,) = [s for s in doc.segments if s.kind == "sentence"]
    assert sentence.text == "See <x1/> and <g2>the site</g2>."
    assert [t.open + t.close for t in sentence.tags] == [
        '![A cat on a roof](/img/cat.png "Roof cat")',
        '[](/a_(b) "Our site")',
    ]
    assert doc.render({}) == source
    out = doc.render(
        {
            "a1": "Мышык чатырда",
            "a2": "Чатыр",
            "a3": "Биздин сайт",
            sentence.id: "Кара <x1/> жана <g2>сайтты</g2>.",
        }
    )
    assert out == 'Кара ![Мышык чатырда](/img/cat.png "Чатыр") жана [сайтты](/a_(b) "Биздин сайт").\n'


def test_only_the_alt_or_only_the_sentence_translated():
    source = "A photo ![Osh bazaar](o.jpg) here.\n"
    doc = parse_markdown(source)
    assert doc.render({"a1": "Ош базары"}) == "A photo ![Ош базары](o.jpg) here.\n"
    assert doc.render({"p1.s1": "Сүрөт <x1/> бул жерде."}) == "Сүрөт ![Osh bazaar](o.jpg) бул жерде.\n"


@pytest.mark.parametrize(
    ("title", "translated"),
    [
        ('"Quoted"', 'He said "yes" \\ no'),
        ("'Single'", "It's 'fine'"),
        ("(Paren)", "A (nested) title)"),
        ('"Entity"', "Tom &amp; Jerry &copy;"),
    ],
)
def test_a_translated_title_with_its_delimiter_inside_stays_one_title(title, translated):
    source = f"Read [the report](https://x.org/r {title}) now.\n"
    doc = parse_markdown(source)
    assert [s.context for s in doc.segments] == ["title", "p"]
    out = doc.render({"a1": translated})
    assert inline_attrs(out) == [("link_open", "https://x.org/r", translated, None)]
    assert out.startswith("Read [the report](https://x.org/r ") and out.endswith(") now.\n")


def test_a_translated_alt_with_brackets_and_markup_characters_stays_one_image():
    source = "![Photo](p.jpg)\n"
    doc = parse_markdown(source)
    translated = "Сүрөт [1] *жаңы* _x_ `y` <b> \\ end"
    out = doc.render({"a1": translated})
    assert inline_attrs(out) == [("image", "p.jpg", None, translated)]


def test_reference_definition_titles_are_translated_and_the_reference_still_resolves():
    source = (
        "Meet [Putin][p] and [Osh].\n\n"
        '[p]: https://en.wikipedia.org/wiki/Putin "The president"\n'
        "[osh]: <https://osh.kg/a b> 'City page'\n"
        "[none]: https://no.title\n"
    )
    doc = parse_markdown(source)
    assert texts(doc) == {"a1": ("title", "The president"), "a2": ("title", "City page")}
    assert doc.render({}) == source
    out = doc.render({"a1": 'Президент "РФ"', "a2": "Шаардын 'барагы'"})
    assert '[p]: https://en.wikipedia.org/wiki/Putin "Президент \\"РФ\\""\n' in out
    assert "[osh]: <https://osh.kg/a b> 'Шаардын \\'барагы\\''\n" in out
    assert "[none]: https://no.title\n" in out
    assert inline_attrs(out) == [
        ("link_open", "https://en.wikipedia.org/wiki/Putin", 'Президент "РФ"', None),
        ("link_open", "https://osh.kg/a%20b", "Шаардын 'барагы'", None),
    ]


def test_definitions_in_a_blockquote_and_multi_line_titles():
    source = '> Quote [a].\n>\n> [a]: /a "Quoted title"\n\n[b]: /b\n  "Two\n  lines"\n\nUse [b].\n'
    doc = parse_markdown(source)
    assert doc.render({}) == source
    assert texts(doc) == {"a1": ("title", "Quoted title"), "a2": ("title", "Two lines")}
    out = doc.render({"a1": "Цитата", "a2": "Эки сап"})
    assert '> [a]: /a "Цитата"\n' in out
    assert '[b]: /b\n  "Эки сап"\n' in out
    assert [a[2] for a in inline_attrs(out)] == ["Цитата", "Эки сап"]


def test_an_alt_with_markup_and_a_title_across_lines_in_a_quote_are_left_as_written():
    source = '![A *bold* cat](c.png)\n\n> See [x](/x "one\n> two").\n'
    doc = parse_markdown(source)
    assert texts(doc) == {}
    assert doc.render({}) == source


def test_titles_in_table_cells_escape_the_pipe():
    source = '| Link |\n|------|\n| [site](/s "A title") and ![img](/i.png) |\n'
    doc = parse_markdown(source)
    assert texts(doc) == {"a1": ("title", "A title"), "a2": ("alt", "img")}
    out = doc.render({"a1": "a | b", "a2": "c | d"})
    assert inline_attrs(out) == [("link_open", "/s", "a | b", None), ("image", "/i.png", None, "c | d")]


def test_a_link_split_across_sentences_writes_its_title_in_both_halves():
    source = '[One. Two.](/u "Both") End.\n'
    doc = parse_markdown(source)
    sentences = [s.id for s in doc.segments if s.kind == "sentence"]
    assert len(sentences) >= 2
    assert doc.render({}) == source
    out = doc.render({"a1": "Экөө", sentences[0]: "Бир."})
    assert [a[2] for a in inline_attrs(out)] == ["Экөө", "Экөө"]


def test_an_image_only_paragraph_still_has_its_alt_translated():
    source = "![Kant air base](k.jpg)\n\nText.\n"
    doc = parse_markdown(source)
    assert [s.id for s in doc.segments] == ["a1", "p1.s1"]
    assert doc.render({"a1": "Кант авиабазасы"}) == "![Кант авиабазасы](k.jpg)\n\nText.\n"
