"""Placeholders: the syntax, plain text with offsets, and the repair of model output."""

from __future__ import annotations

import random
import re

import pytest

from newsl10n.markup import plain, restore
from newsl10n.markup.placeholders import EXACT, marks
from newsl10n.tokens import SLOT_FOUND, TERM_FOUND

SOURCE = "President <g1>Sadyr</g1> Japarov met <g2>Vladimir <g3>Putin</g3></g2> in Moscow."


def well_formed(text, source):
    """Every source token once, pairs properly nested."""
    want = sorted((m.kind, m.n) for m in marks(source))
    found = marks(text)
    assert sorted((m.kind, m.n) for m in found) == want
    stack = []
    for mark in found:
        if mark.kind == "open":
            stack.append(mark.n)
        elif mark.kind == "close":
            assert stack and stack.pop() == mark.n, text
    assert not stack
    return True


def test_placeholders_never_collide_with_glossary_and_catalog_tokens():
    text = "<g1>NE1</g1> met <x2/> [X1X] and NE2ге."
    assert [m.group() for m in TERM_FOUND.finditer(text)] == ["NE1", "NE2ге"]
    assert [m.group() for m in SLOT_FOUND.finditer(text)] == ["[X1X]"]
    assert [m.group() for m in EXACT.finditer("NE1 [X1X] X1X ne1")] == []


def test_plain_text_and_offsets():
    text = "Visit of <g1>Sadyr</g1> Japarov,<x2/>Bishkek <x3/> today."
    flat, offsets = plain(text)
    assert flat == "Visit of Sadyr Japarov, Bishkek  today."
    assert len(offsets) == len(flat) + 1 and offsets[-1] == len(text)
    for i, char in enumerate(flat):
        assert text[offsets[i]] == char or (char == " " and text[offsets[i]] == "<")
    start = flat.index("Sadyr Japarov")
    assert text[offsets[start] : offsets[start + 12] + 1] == "Sadyr</g1> Japarov"


def test_kept_tokens_are_kept_as_the_model_placed_them():
    moved = "В Москве <g2>Владимир <g3>Путин</g3></g2> встретил президента <g1>Садыра</g1> Жапарова."
    assert restore(SOURCE, moved) == moved


def test_mangled_tokens_are_recognised():
    out = restore(SOURCE, "Президент < g1 >Садыр</ G1> Жапаров <G2>Владимир <х3/>Путин</g3></g2> Москвада.")
    assert out == "Президент <g1>Садыр</g1> Жапаров <g2>Владимир <g3>Путин</g3></g2> Москвада."


def test_duplicates_and_unknown_numbers_are_removed():
    out = restore(SOURCE, "<g1>Садыр</g1> <g1>Садыр</g1> <g7>Жапаров</g7> <g2>Владимир <g3>Путин</g3></g2>.")
    assert out == "<g1>Садыр</g1> Садыр Жапаров <g2>Владимир <g3>Путин</g3></g2>."


def test_a_lost_close_wraps_as_many_words_as_in_the_source():
    out = restore("A <g1>big deal</g1> today.", "Бүгүн <g1>чоң келишим болду.")
    assert out == "Бүгүн <g1>чоң келишим</g1> болду."


def test_a_lost_open_wraps_the_words_before_the_close():
    out = restore("A <g1>big deal</g1> today.", "Бүгүн чоң келишим</g1> болду.")
    assert out == "Бүгүн <g1>чоң келишим</g1> болду."


def test_a_lost_pair_goes_back_at_the_same_relative_place():
    out = restore("One two <g1>three</g1> four.", "Бир эки үч төрт.")
    assert out == "Бир эки <g1>үч</g1> төрт."
    out = restore("Line<x1/>next line.", "Сап кийинки сап.")
    assert out.count("<x1/>") == 1 and well_formed(out, "Line<x1/>next line.")


def test_crossing_pairs_are_nested_and_swapped_ones_taken_in_order():
    out = restore("<g1>a <g2>b</g2></g1> c", "<g1>a <g2>b</g1> c</g2>")
    assert out == "<g1>a <g2>b c</g2></g1>"
    out = restore("x <g1>y</g1> z", "x </g1>y<g1> z")
    assert out == "x <g1>y</g1> z"


def test_spaces_inside_a_pair_move_outside():
    assert restore("a <g1>b</g1> c", "a<g1> b </g1>c") == "a <g1>b</g1> c"


def test_a_source_without_placeholders_drops_invented_ones():
    assert restore("Plain.", "Жөнөкөй <g1>сөз</g1>.") == "Жөнөкөй сөз."


def test_an_empty_pair_stays_empty():
    out = restore("Anchor <g1></g1>here.", "Бул жерде.")
    assert well_formed(out, "Anchor <g1></g1>here.")
    assert "<g1></g1>" in out


@pytest.mark.parametrize("seed", range(200))
def test_any_model_output_comes_back_well_formed(seed):
    rng = random.Random(seed)
    tokens = ["<g1>", "</g1>", "<g2>", "</g2>", "<x3/>", "<g4>", "</g4>", "< g2 >", "</G1>", "<g9>", "<x3>"]
    words = ["сөз", "Садыр", "Жапаров", " ", " ", ".", "ж"]
    output = "".join(rng.choice(tokens if rng.random() < 0.3 else words) for _ in range(rng.randint(0, 30)))
    source = "A <g1>b <g2>c</g2></g1> d <x3/> e <g4>f</g4>."
    out = restore(source, output)
    assert well_formed(out, source)
    kept = re.sub(r"\s+", "", EXACT.sub("", out))
    assert kept == re.sub(r"\s+", "", re.sub(r"<\s*/?\s*[gGxXх]\s*\d+\s*/?\s*>", "", output))
