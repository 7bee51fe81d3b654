"""Markdown posts: inline markup as placeholders, URLs and code untouched, front matter."""

from __future__ import annotations

from pathlib import Path

from newsl10n.markup import parse, parse_markdown

POST = (Path(__file__).parent / "data" / "markup" / "post.md").read_text(encoding="utf-8")


def texts(doc):
    return {s.id: s.text for s in doc.segments}


def upper(doc):
    return doc.render({s.id: s.text.upper() for s in doc.segments})


def test_emphasis_links_and_code_become_placeholders():
    doc = parse_markdown("President **Sadyr** Japarov met [Putin](https://x.org/p_(1)) and `ran code`.\n")
    (segment,) = doc.segments
    assert segment.text == "President <g1>Sadyr</g1> Japarov met <g2>Putin</g2> and <x3/>."
    assert [(t.name, t.open, t.close) for t in segment.tags] == [
        ("strong", "**", "**"),
        ("link", "[", "](https://x.org/p_(1))"),
        ("code", "`ran code`", ""),
    ]
    out = doc.render({segment.id: "Президент <g1>Садыр</g1> Жапаров <g2>Путин</g2> менен <x3/> жолукту."})
    assert out == "Президент **Садыр** Жапаров [Путин](https://x.org/p_(1)) менен `ran code` жолукту.\n"


def test_the_post_fixture_segments():
    doc = parse(POST, name="post.md")
    got = texts(doc)
    assert got["fm.title"] == "Japarov invites Putin to Kyrgyzstan"
    assert got["fm.description"] == "Talks in Moscow on trade and energy"
    assert got["fm.summary"] == "The presidents met for three hours."
    assert "fm.slug" not in got and "fm.date" not in got
    assert got["p1.s1"] == "Japarov invites <g1>Putin</g1>"
    assert got["p2.s1"] == (
        "President <g1>Sadyr</g1> Japarov invited <g2>Vladimir Putin</g2> to visit "
        "<g3>Kyrgyzstan</g3> next year."
    )
    assert doc.segment("p3.s1").text == "We value our <g1>friendship</g1> with Russia."
    assert doc.segment("p3.s1").context == "blockquote"
    assert doc.segment("p5.s1").context == "li"
    assert "China | HK" in got.values()
    everything = " ".join(got.values())
    for never in ("echo", "indented code", "HTML block", "wikipedia", "president.kg", "example.com", "draft"):
        assert never not in everything
    assert not doc.notes


def test_a_translated_post_keeps_urls_references_code_and_other_keys():
    out = upper(parse(POST, name="post.md"))
    for kept in (
        "date: 2024-05-09T10:00:00+06:00\ndraft: false\ntags: [politics, russia]\n",
        "slug: japarov-putin\n---\n",
        '```bash\necho "Not translated. Ever." && curl https://example.com\n```\n',
        "    indented code block, left alone.\n",
        '<div class="embed">An HTML block, left alone.</div>\n',
        '[putin]: https://en.wikipedia.org/wiki/Vladimir_Putin "PUTIN"\n[the press service]: https://president.kg\n',
        "[VLADIMIR PUTIN][putin]",
        "[THE PRESS SERVICE][the press service]",  # a collapsed reference keeps resolving
        '[THE STATEMENT](https://president.kg/en/news/1 "STATEMENT")',
        "`code span`",
        "![IMAGE](/img/a.png)",
        "<https://example.com>",
        "| CHINA \\| HK |",
        "> WE VALUE OUR _FRIENDSHIP_ WITH RUSSIA.",
        "1. A TREATY ON **BORDER _COOPERATION_**.",
        "# JAPAROV INVITES **PUTIN**",
        'title: "JAPAROV INVITES PUTIN TO KYRGYZSTAN"',
        "description: TALKS IN MOSCOW ON TRADE AND ENERGY # shown in previews",
        "summary: 'THE PRESIDENTS MET FOR THREE HOURS.'",
    ):
        assert kept in out, kept


def test_a_hard_break_is_a_point_and_keeps_its_source():
    doc = parse_markdown("> First line  \n> second line.\n")
    assert doc.segments[0].text == "First line<x1/> second line."
    assert doc.render({"p1.s1": "Биринчи сап<x1/> экинчи сап."}) == "> Биринчи сап  \n> экинчи сап.\n"


def test_translated_text_is_escaped_for_markdown():
    doc = parse_markdown("Plain words.\n")
    out = doc.render({"p1.s1": "# not a heading, *not* emphasis [nor] a link_"})
    assert out == "\\# not a heading, \\*not\\* emphasis \\[nor\\] a link\\_\n"


def test_front_matter_values_are_written_back_in_a_safe_style():
    source = "---\ntitle: Plain title\nsummary: x\n---\nBody text.\n"
    doc = parse_markdown(source)
    out = doc.render({"fm.title": "Аталыш: эки чекит", "fm.summary": "Жөнөкөй"})
    assert out == '---\ntitle: "Аталыш: эки чекит"\nsummary: Жөнөкөй\n---\nBody text.\n'


def test_front_matter_keys_are_configurable_and_odd_values_are_left_alone():
    source = "---\ntitle: [a, b]\nsubtitle: A subtitle\ndescription: |\n  Block text\n---\nBody.\n"
    doc = parse_markdown(source, front_matter_keys=("title", "subtitle", "description"))
    assert [s.id for s in doc.segments] == ["fm.subtitle", "p1.s1"]
    assert doc.render({}) == source


def test_a_post_without_front_matter_and_a_thematic_break():
    source = "Text.\n\n---\n\nMore *text*.\n"
    doc = parse_markdown(source)
    assert [s.text for s in doc.segments] == ["Text.", "More <g1>text</g1>."]
    assert doc.render({}) == source


def structure(source):
    """markdown-it's token types, soft breaks aside (a translation is written on one line)."""
    from markdown_it import MarkdownIt

    types = []
    for token in MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(source):
        types.append(token.type)
        for child in token.children or []:
            if child.type == "softbreak" or (child.type == "text" and types[-1] == "text"):
                continue
            types.append(child.type)
    return types


def test_a_translated_post_has_the_same_markdown_structure():
    doc = parse(POST, name="post.md")
    body = POST.split("---\n", 2)[2]
    out_body = upper(doc).split("---\n", 2)[2]
    assert structure(out_body) == structure(body)
