"""Inline markup projected back through attention (``EngineOptions.markup="align"``).

The projection itself is a pure function, tested here on synthetic alignments (words
moved, dropped, one word made two, points, nested pairs); then the Argos engine end to end
on the test kit's models: the echo model's attention is a clean diagonal, so markup comes
back exactly where it was, and random weights (attention anywhere) still give every tag
once, properly nested, without changing sentences that have no markup.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsl10n.glossary.io import load_glossary
from newsl10n.pipeline import translate_article
from newsl10n.tokens import MARK_EXACT
from newsl10n.translation.argos import ArgosTranslator, EngineOptions, _cache, clear_model_cache
from newsl10n.translation.memory import memory_keys
from newsl10n.translation.packages import install_package_file
from newsl10n.translation.tagalign import Point, byte_to_char, links, project, strip_marks

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "tests" / "data" / "markup" / "article.html"
TAG = re.compile(r"<[^>]*>")
"""Every tag, comment and doctype of an HTML document."""
TRANSLATED = re.compile(r'\b(alt|title|content)="[^"]*"')
"""The attributes whose values are translated."""
PIECE = re.compile(r"\w+|[^\w\s]")
"""Test pieces: words and punctuation marks."""


def _spans(text: str, pattern: re.Pattern[str] = PIECE) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _one_hot(linked: list[int], sources: int) -> list[list[float]]:
    """Attention rows putting weight 0.9 on the linked source piece; the extra last column
    (``</s>``) always weighs more, so it must be ignored."""
    return [[0.9 if j == k else 0.01 for j in range(sources)] + [0.95] for k in linked]


def _project(source: str, target: str, links_by_word: dict[str, str] | None = None) -> str:
    """Project ``source``'s markup onto ``target``: each target piece is linked to the
    source piece with the same text, or to ``links_by_word[piece]``."""
    stripped = strip_marks(source)
    source_spans = _spans(stripped.plain)
    source_words = [stripped.plain[a:b] for a, b in source_spans]
    target_spans = _spans(target)
    wanted = [(links_by_word or {}).get(target[a:b], target[a:b]) for a, b in target_spans]
    linked = [source_words.index(word) if word in source_words else -1 for word in wanted]
    return project(
        stripped,
        source_spans,
        target,
        target_spans,
        links(_one_hot(linked, len(source_spans)), len(source_spans)),
    )


def _skeleton(html: str) -> list[str]:
    """The document's tags, with the values of translated attributes blanked."""
    return [TRANSLATED.sub(r'\1=""', tag) for tag in TAG.findall(html)]


def _well_formed(source: str, output: str) -> bool:
    """Every placeholder of ``source`` is in ``output`` once and pairs nest properly."""
    tokens = [m.group() for m in MARK_EXACT.finditer(output)]
    if sorted(tokens) != sorted(m.group() for m in MARK_EXACT.finditer(source)):
        return False
    stack: list[str] = []
    for match in MARK_EXACT.finditer(output):
        if match.group("point"):
            continue
        if match.group("close"):
            if not stack or stack.pop() != match.group("pair"):
                return False
        else:
            stack.append(match.group("pair"))
    return not stack


# --------------------------------------------------------------------------- the pure projection


def test_stripping_keeps_the_plain_text_and_each_tags_span():
    stripped = strip_marks("a <g1>b c</g1> d<x2/>e and <x3/> f")
    assert stripped.plain == "a b c d e and f"
    assert stripped.pairs == ((1, 2, 5),)
    assert stripped.points == (Point(2, 7, True, True, False), Point(3, 14, False, False, True))


def test_links_take_the_argmax_and_ignore_the_end_of_sentence_column():
    assert links([[0.1, 0.7, 0.2, 0.9], [0.6, 0.3, 0.1, 0.99]], 3) == [1, 0]
    assert links([[]], 0) == [-1]


def test_byte_offsets_become_character_offsets():
    assert byte_to_char("Бишкек ok", [0, 2, 12, 13, 15]) == [0, 1, 6, 7, 9]


def test_a_diagonal_alignment_gives_the_source_back():
    for source in (
        "a <g1>b c</g1> d",
        "<g1>Sadyr <g2>Japarov</g2></g1> came.",
        "Bishkek<x1/>Osh, then<x2/> more and <x3/> less.",
        "Read <g1>this</g1>.",
    ):
        assert _project(source, strip_marks(source).plain) == source


def test_reordered_words_carry_their_tags():
    assert (
        _project("The <g1>president</g1> met <g2>Putin</g2> today.", "Putin met the president today.")
        == "<g2>Putin</g2> met the <g1>president</g1> today."
    )


def test_a_name_moved_to_the_front_takes_its_link_along():
    source = "Talks were held with <g1>Vladimir Putin</g1> in <g2>Moscow</g2>."
    target = "Vladimir Putin held talks in Moscow."
    assert _project(source, target, {"held": "held", "talks": "Talks"}) == (
        "<g1>Vladimir Putin</g1> held talks in <g2>Moscow</g2>."
    )


def test_a_dropped_word_leaves_its_tag_to_the_positional_fallback():
    source = "He saw a <g1>big</g1> dog."
    output = _project(source, "He saw dog.")
    assert _well_formed(source, output)
    assert MARK_EXACT.sub("", output) == "He saw dog."


def test_one_source_word_made_two_target_words_are_both_covered():
    source = "The <g1>parliament</g1> met."
    target = "The Жогорку Кеңеш met."
    assert _project(source, target, {"Жогорку": "parliament", "Кеңеш": "parliament"}) == (
        "The <g1>Жогорку Кеңеш</g1> met."
    )


def test_a_pair_covers_whole_target_words_even_when_part_of_one_is_linked():
    source = "We visited <g1>Bishkek</g1> yesterday."
    target = "Кечээ Бишкекке бардык."  # the case ending is a piece of its own
    stripped = strip_marks(source)
    source_spans = _spans(stripped.plain)
    target_spans = [(0, 5), (6, 12), (12, 14), (15, 21), (21, 22)]
    linked = [3, 2, 0, 1, 4]  # yesterday, Bishkek, We (the ending), visited, "."
    output = project(stripped, source_spans, target, target_spans, links(_one_hot(linked, 5), 5))
    assert output == "Кечээ <g1>Бишкекке</g1> бардык."


def test_a_pair_inside_a_word_stays_inside_it():
    source = "Water is H<g1>2</g1>O."
    stripped = strip_marks(source)
    pieces = re.compile(r"[A-Za-z]+|\d|[^\w\s]")
    spans = _spans(stripped.plain, pieces)
    output = project(stripped, spans, stripped.plain, spans, list(range(len(spans))))
    assert output == source


def test_a_point_follows_the_word_it_stood_before():
    assert _project("Photo: <x1/>Kabar agency", "agency Kabar photo:", {"photo": "Photo"}) == (
        "agency <x1/>Kabar photo:"
    )


def test_a_point_glued_to_a_word_follows_that_word():
    assert _project("one.<x1/> Two", "Two one.") == "Two one.<x1/>"
    assert _project("Bishkek<x1/>Osh", "Osh Bishkek") == "Osh Bishkek<x1/>"


def test_a_point_with_nothing_after_it_goes_at_the_end():
    assert _project("Go <x1/>", "Go there") == "Go there<x1/>"
    assert _project("A <x1/>b", "A c") == "A c<x1/>"  # "b" was not translated


def test_nested_pairs_stay_nested_when_moved():
    assert _project("<g1>Sadyr <g2>Japarov</g2></g1> came.", "came Sadyr Japarov.") == (
        "came <g1>Sadyr <g2>Japarov</g2></g1>."
    )
    assert _project("<g1><g2>Putin</g2></g1> spoke.", "spoke Putin.") == "spoke <g1><g2>Putin</g2></g1>."


def test_an_inner_pair_moved_out_of_its_outer_pair_is_still_nested():
    source = "<g1>border <g2>cooperation</g2></g1> and trade"
    output = _project(source, "cooperation and trade border")
    assert _well_formed(source, output)
    assert MARK_EXACT.sub("", output) == "cooperation and trade border"


def test_crossing_hulls_are_nested_by_restore():
    source = "<g1>a b</g1> <g2>c d</g2>"
    output = _project(source, "a c b d")
    assert _well_formed(source, output)
    assert MARK_EXACT.sub("", output) == "a c b d"


def test_no_link_at_all_still_gives_every_tag_once():
    source = "x <g1>y</g1> <x2/>z"
    stripped = strip_marks(source)
    output = project(stripped, _spans(stripped.plain), "p q r", [], [])
    assert _well_formed(source, output)


# --------------------------------------------------------------------------- the engine


@pytest.fixture
def echo(argos_files, tmp_path):
    """The echo packages installed into a fresh models folder."""
    folder = tmp_path / "echo"
    for (_src, _tgt, kind), path in argos_files.items():
        if kind == "echo":
            install_package_file(path, folder)
    clear_model_cache()
    yield folder
    clear_model_cache()


@pytest.fixture
def noisy(argos_files, tmp_path):
    """The random-weight en -> ru package installed into a fresh models folder."""
    folder = tmp_path / "random"
    install_package_file(argos_files[("en", "ru", "random")], folder)
    clear_model_cache()
    yield folder
    clear_model_cache()


TAGGED = [
    "a <g1>b c</g1> d",
    "President <g1>Sadyr <g2>Japarov</g2></g1> arrived in <g3>Bishkek</g3>.",
    "Contact: Bishkek<x1/>Moscow, <g2>H<g3>2</g3>O</g2>.",
]


def test_an_echo_model_gives_tagged_sentences_back_exactly(echo):
    translator = ArgosTranslator(echo)
    assert translator.translate_batch(TAGGED, "en", "ru") == TAGGED
    assert translator.translate_batch(TAGGED, "ky", "ru") == TAGGED  # through en: projected twice


def test_an_echo_html_article_comes_back_with_its_markup_where_it_was(echo):
    source = ARTICLE.read_text(encoding="utf-8")
    article = translate_article(source, ["ru"], "en", translator=ArgosTranslator(echo), format="html")
    # Byte for byte, but for the document's language, which is the target's.
    assert article.version("ru") == source.replace('<html lang="en">', '<html lang="ru">', 1)
    glossary = load_glossary(ROOT / "glossary")
    named = translate_article(
        source, ["ru"], "en", translator=ArgosTranslator(echo), glossary=glossary, format="html"
    ).version("ru")
    assert _skeleton(named) == _skeleton(source.replace('<html lang="en">', '<html lang="ru">', 1))
    assert "<strong>Путин</strong>" in named


def test_only_tagged_sentences_are_decoded_with_attention(echo):
    translator = ArgosTranslator(echo)
    translator.translate_batch(["warm up."], "en", "ru")
    calls: list[tuple[int, bool]] = []
    for loaded in _cache.values():

        class Recording:
            def __init__(self, inner):
                self.inner = inner

            def translate_batch(self, sources, **kwargs):
                calls.append((len(sources), bool(kwargs.get("return_attention"))))
                return self.inner.translate_batch(sources, **kwargs)

        loaded.translator = Recording(loaded.translator)
    assert translator.translate_batch(["Plain one.", *TAGGED, "Plain two."], "en", "ru")[0] == "Plain one."
    assert sorted(calls) == [(2, False), (3, True)]
    calls.clear()
    translator.translate_batch(["Plain one.", "Plain two."], "en", "ru")
    assert calls == [(2, False)]


def test_a_forced_prefix_keeps_carrying_the_tags(echo):
    translator = ArgosTranslator(echo)
    assert translator.translate_with_prefix(TAGGED[:1], ["a"], "en", "ru") == TAGGED[:1]


def test_random_weights_give_every_tag_once_and_leave_plain_sentences_alone(noisy):
    plain = ["The Kyrgyz parliament ratified the agreement.", "Hello.", "Prices rose by 15% in May."]
    tagged = [
        *TAGGED,
        "<g1>Breaking:</g1> the <g2>border <g3>treaty</g3></g2> was <x4/>signed<x5/>.",
        "<x1/>",
    ]
    sentences = [plain[0], *tagged, plain[1], plain[2]]
    aligned = ArgosTranslator(noisy, EngineOptions(markup="align")).translate_batch(sentences, "en", "ru")
    carried = ArgosTranslator(noisy, EngineOptions(markup="carry")).translate_batch(sentences, "en", "ru")
    for source, output in zip(sentences, aligned):
        assert _well_formed(source, output), (source, output)
    kept = [0, len(sentences) - 2, len(sentences) - 1]
    assert [aligned[i] for i in kept] == [carried[i] for i in kept]
    assert aligned[len(tagged)] != carried[len(tagged)]


def test_a_random_model_html_article_keeps_every_tag(noisy):
    source = ARTICLE.read_text(encoding="utf-8")
    article = translate_article(source, ["ru"], "en", translator=ArgosTranslator(noisy), format="html")
    translated = article.version("ru")
    assert translated != source
    # Random attention may move a tag past another one inside a sentence, never lose or add one.
    assert sorted(_skeleton(translated)) == sorted(
        _skeleton(source.replace('<html lang="en">', '<html lang="ru">', 1))
    )
    assert sum(bool(MARK_EXACT.search(segment.text["en"])) for segment in article.segments) > 5
    for segment in article.segments:
        assert _well_formed(segment.text["en"], segment.text["ru"]), segment.id


def test_the_markup_mode_is_checked_and_keys_the_memory(echo):
    with pytest.raises(ValueError, match="markup"):
        EngineOptions(markup="drop")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="markup"):
        EngineOptions(markup=1)  # type: ignore[arg-type]
    align = ArgosTranslator(echo, EngineOptions(markup="align"))
    carry = ArgosTranslator(echo, EngineOptions(markup="carry"))
    assert align.describe("en", "ru").options.endswith(",markup=align")
    assert memory_keys(align, TAGGED, "en", "ru") != memory_keys(carry, TAGGED, "en", "ru")
