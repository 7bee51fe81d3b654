"""HTML articles: segments, inline placeholders, what is never translated, malformed markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsl10n.markup import parse, parse_html, plain

ARTICLE = (Path(__file__).parent / "data" / "markup" / "article.html").read_text(encoding="utf-8")


def texts(doc):
    return {s.id: s.text for s in doc.segments}


def by_text(doc, start):
    return next(s for s in doc.segments if s.text.startswith(start))


def test_inline_tags_stay_inside_the_sentence_as_placeholders():
    doc = parse_html('<p>President <b>Sadyr</b> Japarov met <a href="/p">Vladimir <em>Putin</em></a>.</p>')
    (segment,) = doc.segments
    assert segment.text == "President <g1>Sadyr</g1> Japarov met <g2>Vladimir <g3>Putin</g3></g2>."
    assert [(t.n, t.kind, t.name, t.open, t.close) for t in segment.tags] == [
        (1, "pair", "b", "<b>", "</b>"),
        (2, "pair", "a", '<a href="/p">', "</a>"),
        (3, "pair", "em", "<em>", "</em>"),
    ]
    translated = "Президент <g1>Садыр</g1> Жапаров <g2>Владимир <g3>Путин</g3></g2> менен жолукту."
    assert doc.render({segment.id: translated}) == (
        '<p>Президент <b>Садыр</b> Жапаров <a href="/p">Владимир <em>Путин</em></a> менен жолукту.</p>'
    )


def test_a_name_split_by_markup_is_found_on_the_plain_text():
    doc = parse_html("<p>Visit of <b>Sadyr</b> Japarov.</p>")
    text = doc.segments[0].text
    flat, offsets = plain(text)
    assert flat == "Visit of Sadyr Japarov."
    start = flat.index("Sadyr Japarov")
    end = start + len("Sadyr Japarov")
    assert text[offsets[start] : offsets[end - 1] + 1] == "Sadyr</g1> Japarov"


def test_sentences_are_segments_and_a_tag_across_them_is_split_in_two_balanced_pairs():
    doc = parse_html("<p>One <b>two. Three</b> four.</p>")
    assert texts(doc) == {"p1.s1": "One <g1>two.</g1>", "p1.s2": "<g1>Three</g1> four."}
    assert doc.render({"p1.s1": "Бир <g1>эки.</g1>"}) == "<p>Бир <b>эки.</b> <b>Three</b> four.</p>"


def test_markup_around_a_whole_sentence_is_not_sent_to_the_model():
    doc = parse_html("<h2><a href='/x'><b>Breaking news</b></a></h2>")
    assert texts(doc) == {"p1.s1": "Breaking news"}
    assert doc.render({"p1.s1": "Срочно"}) == "<h2><a href='/x'><b>Срочно</b></a></h2>"


def test_headings_are_one_segment_and_newlines_inside_a_paragraph_are_spaces():
    doc = parse_html("<h1>Japarov: a year. What next?</h1><p>A long\n   wrapped\tline.</p>")
    assert list(texts(doc).values()) == ["Japarov: a year. What next?", "A long wrapped line."]


def test_the_article_fixture_segments():
    doc = parse(ARTICLE, name="article.html")
    got = texts(doc)
    assert got["p1.s1"] == "Japarov invites Putin to Kyrgyzstan"  # <title>
    assert by_text(doc, "Sadyr Japarov &").context == "content"  # meta description, decoded
    assert by_text(doc, "Sadyr Japarov and Vladimir").context == "alt"
    assert by_text(doc, "Vladimir Putin, president").context == "title"
    assert by_text(doc, "Japarov and Putin in the Kremlin").context == "figcaption"
    assert by_text(doc, "Photo: <g1>Kabar</g1>").context == "figcaption"
    assert by_text(doc, "We value our <g1>friendship</g1>").context == "p"
    assert by_text(doc, "A treaty on <g1>border <g2>cooperation</g2></g1>.").context == "li"
    assert by_text(doc, "Met with <g1>@KremlinRussia_E</g1> today.")  # the embedded tweet
    assert "President <g1>Sadyr</g1> Japarov invited" in got["p3.s1"]
    assert "Kyrgyzstan\xa0next year." in got["p3.s1"]  # &nbsp;
    assert "«strategic partnership»" in by_text(doc, "The leaders").text  # &laquo; &raquo;
    everything = " ".join(got.values())
    for never in (
        "dataLayer",
        "margin",
        "analytics",
        "curl",
        "CASA-1000",
        "Do not translate",
        "Ctrl",
        "og:image",
    ):
        assert never not in everything


def test_what_is_not_translated_stays_byte_identical_in_a_translation():
    doc = parse(ARTICLE, name="article.html")
    out = doc.render({s.id: s.text.upper() for s in doc.segments})
    for kept in (
        '<script type="text/javascript">\n  window.dataLayer = window.dataLayer || []; if (a < b && c > d) '
        '{ console.log("<p>not a paragraph</p>"); }\n</script>',
        "<style>p { margin: 0 } .lead > b { color: #333 }</style>",
        "<!-- analytics: do not remove -->",
        "<!DOCTYPE html>",
        '<meta property="og:image" content="https://example.com/photo.jpg">',
        "<article class='story' data-id=42>",
        '<a href="https://en.wikipedia.org/wiki/Vladimir_Putin" title="VLADIMIR PUTIN, PRESIDENT OF RUSSIA">',
        '<span class="notranslate">CASA-1000</span>',
        "<code>docs/eaeu.pdf</code>",
        "<pre><code>curl https://example.com/api?q=japarov&amp;lang=en\n</code></pre>",
        '<li translate="no">Do not translate this item.</li>',
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
        "<kbd>Ctrl</kbd>+<kbd>C</kbd>, <samp>OK</samp>, <var>x</var>.<br>\nBISHKEK<br/>MOSCOW",
        "&laquo;STRATEGIC PARTNERSHIP&raquo;",
        "KYRGYZSTAN&nbsp;NEXT YEAR.",
        'content="SADYR JAPAROV &amp; VLADIMIR PUTIN MET IN MOSCOW."',
    ):
        assert kept in out


def test_attribute_translations_keep_quoting_and_escape_quotes():
    doc = parse_html("<img alt='A cat' title=Cat src=x.png>")
    assert [s.text for s in doc.segments] == ["A cat", "Cat"]
    out = doc.render({"a1": "Мышык 'кара'", "a2": 'Кара "мышык"'})
    assert out == "<img alt='Мышык &#39;кара&#39;' title=\"Кара &quot;мышык&quot;\" src=x.png>"


def test_translated_text_is_escaped_for_html():
    doc = parse_html("<p>Tom &amp; Jerry.</p>")
    assert doc.segments[0].text == "Tom & Jerry."
    assert doc.render({"p1.s1": "Том & Джерри <3."}) == "<p>Том &amp; Джерри &lt;3.</p>"


def test_source_text_that_looks_like_a_placeholder_is_protected():
    doc = parse_html("<p>Write &lt;g1&gt; here.</p>")
    assert doc.segments[0].text == "Write <x1/> here."
    assert doc.render({"p1.s1": "Жаз <x1/> бул жерге."}) == "<p>Жаз &lt;g1&gt; бул жерге.</p>"


def test_unclosed_inline_tags_are_closed_at_the_end_of_their_block():
    source = "<p>Unclosed <b>bold text\n<p>Next paragraph."
    doc = parse_html(source)
    assert texts(doc) == {"p1.s1": "Unclosed <g1>bold text</g1>", "p2.s1": "Next paragraph."}
    assert doc.render({}) == source
    assert doc.render({"p1.s1": "Жабылбаган <g1>калың текст</g1>"}) == (
        "<p>Жабылбаган <b>калың текст</b>\n<p>Next paragraph."
    )


def test_misnested_tags_are_read_as_a_browser_does():
    doc = parse_html("<p>A <b>bold <i>both</b> italic</i> end.</p>")
    assert doc.segments[0].text == "A <g1>bold <g2>both</g2></g1> <g3>italic</g3> end."
    out = doc.render({"p1.s1": doc.segments[0].text.upper()})
    assert out == "<p>A <b>BOLD <i>BOTH</i></b> <i>ITALIC</i> END.</p>"


def test_a_stray_closing_tag_is_kept_and_never_loses_text():
    doc = parse_html("<p>A stray </b> closing.</p>")
    assert doc.segments[0].text == "A stray <x1/> closing."
    assert doc.render({"p1.s1": "Адашкан <x1/> жабуу."}) == "<p>Адашкан </b> жабуу.</p>"


@pytest.mark.parametrize(
    "source",
    [
        "<p>Unfinished tag <b class='x",
        "<p>Unfinished comment <!-- never closed",
        "<p>Text then </",
        "<p>Bare < and & and &notanentity; text.</p>",
        "<script>never closed",
        "</p></div>Text after stray closings.",
        "<p>Text</p></body></html><p>After the end.</p>",
    ],
)
def test_broken_markup_round_trips_and_keeps_its_text(source):
    doc = parse_html(source)
    assert doc.render({}) == source
    out = doc.render({s.id: s.text.upper() for s in doc.segments})
    words = [w for w in ("Unfinished", "Bare", "stray", "After") if w in source.split("<")[1] or w in source]
    for word in words:
        assert word.upper() in out or word in out


def test_unknown_segment_ids_are_refused():
    from newsl10n.errors import InputError

    doc = parse_html("<p>Hello.</p>")
    with pytest.raises(InputError, match=r"p9\.s9"):
        doc.render({"p9.s9": "x"})


def test_an_inline_svg_icon_is_one_point_with_all_its_children():
    source = (
        '<p><a href="/s"><svg viewBox="0 0 9 9"><title>Icon</title><path d="M0"/><g><path/></g></svg>'
        " Share</a> this story.</p>"
    )
    doc = parse_html(source)
    assert [s.text for s in doc.segments] == ["<g1><x2/> Share</g1> this story."]
    assert doc.render({"p1.s1": "<g1><x2/> Бөлүшүү</g1> бул макаланы."}) == source.replace(
        " Share</a> this story.", " Бөлүшүү</a> бул макаланы."
    )


def test_placeholders_a_model_invents_are_dropped():
    doc = parse_html("<p>Plain sentence.</p>")
    assert doc.render({"p1.s1": "Жөнөкөй <g1>сүйлөм</g1>.<x2/>"}) == "<p>Жөнөкөй сүйлөм.</p>"


def test_two_sentences_that_differ_only_in_markup_have_different_memory_keys():
    bold, italic = parse_html("<p><b>Sadyr</b> Japarov.</p><p><i>Sadyr</i> Japarov.</p>").segments
    assert bold.text == italic.text == "<g1>Sadyr</g1> Japarov."
    assert bold.markup_key != italic.markup_key
    assert parse_html("<p>Plain.</p>").segments[0].markup_key == "Plain."
