"""HTML ``translate``: it inherits, the nearest ancestor wins, ``class="notranslate"`` is ``no``."""

from __future__ import annotations

import pytest

from newsl10n.markup import parse_html


def texts(doc):
    return [s.text for s in doc.segments]


def upper(doc):
    return doc.render({s.id: s.text.upper() for s in doc.segments})


def test_no_yes_no_nesting():
    source = (
        '<div translate="no"><p>Keep one.</p>'
        '<section translate="yes"><p>Translate two.</p>'
        '<p class="notranslate">Keep three.</p><p>Translate <b>four</b>.</p></section>'
        "<p>Keep five.</p></div><p>Translate six.</p>"
    )
    doc = parse_html(source)
    assert texts(doc) == ["Translate two.", "Translate <g1>four</g1>.", "Translate six."]
    assert doc.render({}) == source
    assert upper(doc) == (
        '<div translate="no"><p>Keep one.</p>'
        '<section translate="yes"><p>TRANSLATE TWO.</p>'
        '<p class="notranslate">Keep three.</p><p>TRANSLATE <b>FOUR</b>.</p></section>'
        "<p>Keep five.</p></div><p>TRANSLATE SIX.</p>"
    )


def test_an_inline_no_span_in_a_sentence_stays_one_untranslated_placeholder():
    source = '<p>The <span translate="no">Ala-Too</span> square was full.</p>'
    doc = parse_html(source)
    (segment,) = doc.segments
    assert segment.text == "The <x1/> square was full."
    assert segment.tags[0].open == '<span translate="no">Ala-Too</span>'
    out = doc.render({segment.id: "<x1/> аянты толук болчу."})
    assert out == '<p><span translate="no">Ala-Too</span> аянты толук болчу.</p>'


def test_a_yes_element_inside_an_inline_no_span_is_translated_inside_the_placeholder():
    source = (
        '<p>We saw <span class="notranslate">CASA <em translate="yes">power line</em> 1000</span> today.</p>'
    )
    doc = parse_html(source)
    assert sorted(texts(doc)) == ["We saw <x1/> today.", "power line"]
    assert doc.render({}) == source
    assert upper(doc) == (
        '<p>WE SAW <span class="notranslate">CASA <em translate="yes">POWER LINE</em> 1000</span> TODAY.</p>'
    )


def test_attributes_follow_the_nearest_ancestor_too():
    source = (
        '<figure translate="no"><img alt="Kept alt" src="a.jpg">'
        '<img translate="yes" alt="A translated alt" src="b.jpg">'
        '<figcaption translate="yes" title="A title">The caption.</figcaption></figure>'
    )
    doc = parse_html(source)
    assert sorted(texts(doc)) == ["A title", "A translated alt", "The caption."]
    out = upper(doc)
    assert 'alt="Kept alt"' in out and 'alt="A TRANSLATED ALT"' in out
    assert '<figcaption translate="yes" title="A TITLE">THE CAPTION.</figcaption></figure>' in out


@pytest.mark.parametrize(
    "source",
    [
        '<div translate="no"><pre><span translate="yes">code stays</span></pre></div>',
        '<div class="notranslate"><code translate="yes">x = 1 stays</code></div>',
        '<p translate="no">A <script>var s = "<p translate=yes>stays</p>";</script> b</p>',
    ],
)
def test_code_and_scripts_stay_untranslated_whatever_translate_says(source):
    doc = parse_html(source)
    assert texts(doc) == []
    assert doc.render({}) == source


def test_the_translate_attribute_wins_over_the_class_on_one_element_and_empty_means_yes():
    source = (
        '<ul translate="no"><li>keep</li><li translate="">go now</li>'
        '<li class="notranslate" translate="yes">go too</li><li translate="maybe">kept</li></ul>'
    )
    doc = parse_html(source)
    assert texts(doc) == ["go now", "go too"]
    assert doc.render({}) == source


def test_an_unclosed_no_region_with_a_yes_inside_loses_no_text():
    source = '<div translate="no">Keep <p translate="yes">Translate <b>this'
    doc = parse_html(source)
    assert texts(doc) == ["Translate <g1>this</g1>"]
    assert doc.render({}) == source
    assert upper(doc) == '<div translate="no">Keep <p translate="yes">TRANSLATE <b>THIS</b>'
