"""Tests for newsl10n.segment: paragraphs, sentences, offsets into the original text."""

from __future__ import annotations

import dataclasses
import random
import textwrap
from pathlib import Path

import pytest

from newsl10n.segment import SegmentedText, segment_text, split_sentences

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kant-air-defense.en.txt"
HEADLINE = "Kyrgyzstan ratifies joint air defense pact with Russia"

# (lang, paragraph, its sentences): each case is one convention in one language.
CASES: list[tuple[str, str, list[str]]] = [
    # initials
    ("ru", "Указ подписал Б. А. Садыков. Он вступит в силу завтра.",
     ["Указ подписал Б. А. Садыков.", "Он вступит в силу завтра."]),
    ("ru", "Президент В.В. Путин прибыл в Бишкек. Визит продлится два дня.",
     ["Президент В.В. Путин прибыл в Бишкек.", "Визит продлится два дня."]),
    ("ky", "Б. А. Садыков Бишкекке келди. Ал жыйынга катышты.",
     ["Б. А. Садыков Бишкекке келди.", "Ал жыйынга катышты."]),
    ("en", "The Hobbit was written by J. R. R. Tolkien. It appeared in 1937.",
     ["The Hobbit was written by J. R. R. Tolkien.", "It appeared in 1937."]),
    # abbreviations
    ("ru", "Это важно, т. е. необходимо. Далее т.д. и т.п. Потом.",
     ["Это важно, т. е. необходимо.", "Далее т.д. и т.п.", "Потом."]),
    ("ru", "В 2024 г. бюджет вырос. В 2020–2023 гг. он падал.",
     ["В 2024 г. бюджет вырос.", "В 2020–2023 гг. он падал."]),
    ("ru", "Митинг прошёл на ул. Киевской у школы им. Ленина. Полиция не вмешивалась.",
     ["Митинг прошёл на ул. Киевской у школы им. Ленина.", "Полиция не вмешивалась."]),
    ("ru", "Бюджет составил 5 млн. сомов. Это много.",
     ["Бюджет составил 5 млн. сомов.", "Это много."]),
    ("ky", "2024-ж. 12-мартта Жогорку Кеңеш мыйзамды кабыл алды. Мыйзам күчүнө кирди.",
     ["2024-ж. 12-мартта Жогорку Кеңеш мыйзамды кабыл алды.", "Мыйзам күчүнө кирди."]),
    ("ky", "Мыйзамдар 2020-2023-жж. Бишкекте кабыл алынган. Андан кийин шайлоо өттү.",
     ["Мыйзамдар 2020-2023-жж. Бишкекте кабыл алынган.", "Андан кийин шайлоо өттү."]),
    ("ky", "Бул окуя б.з.ч. 200-жылы болгон. Тарыхчылар муну тастыкташат.",
     ["Бул окуя б.з.ч. 200-жылы болгон.", "Тарыхчылар муну тастыкташат."]),
    ("ky", "Жыйында жер, суу ж. б. маселелер каралды. Андан соң сессия жабылды.",
     ["Жыйында жер, суу ж. б. маселелер каралды.", "Андан соң сессия жабылды."]),
    ("ky", "Кеңеш мис. Бишкек шаарын тандады. Ал б.а. борбор болуп калат.",
     ["Кеңеш мис. Бишкек шаарын тандады.", "Ал б.а. борбор болуп калат."]),
    ("en", "Mr. Smith met Mrs. Jones and Dr. Brown. They talked.",
     ["Mr. Smith met Mrs. Jones and Dr. Brown.", "They talked."]),
    ("en", "The U.S. and the U.N. agreed. Talks resume today.",
     ["The U.S. and the U.N. agreed.", "Talks resume today."]),
    ("en", "He works in the U.S. The firm is large.",
     ["He works in the U.S.", "The firm is large."]),
    ("en", "Some nations, e.g. Kazakhstan, agreed. Others did not.",
     ["Some nations, e.g. Kazakhstan, agreed.", "Others did not."]),
    ("en", "On Jan. 5 the law passed. Resolution No. 5 was adopted. He said no. Then he left.",
     ["On Jan. 5 the law passed.", "Resolution No. 5 was adopted.", "He said no.",
      "Then he left."]),
    # decimals and thousands
    ("ru", "Инфляция составила 3.5 процента. Рост — 1,5 млрд сомов.",
     ["Инфляция составила 3.5 процента.", "Рост — 1,5 млрд сомов."]),
    ("ky", "Бюджет 2,5 млрд сомго жетти. Инфляция 3.5 пайыз болду.",
     ["Бюджет 2,5 млрд сомго жетти.", "Инфляция 3.5 пайыз болду."]),
    ("en", "The deal is worth $1.5 billion. It covers 12,000 acres.",
     ["The deal is worth $1.5 billion.", "It covers 12,000 acres."]),
    # quotes with the final punctuation inside
    ("ru", "«Мы готовы к переговорам, — заявил он.» Затем он ушёл.",
     ["«Мы готовы к переговорам, — заявил он.»", "Затем он ушёл."]),
    ("ru", "Он сказал: „Мы готовы.“ Затем ушёл.", ["Он сказал: „Мы готовы.“", "Затем ушёл."]),
    ("ru", 'Он сказал: "Мы готовы." Затем ушёл.', ['Он сказал: "Мы готовы."', "Затем ушёл."]),
    ("ru", "«Мы готовы», — заявил он. Затем ушёл.", ["«Мы готовы», — заявил он.", "Затем ушёл."]),
    ("ky", "Ал: «Биз даярбыз.» Андан кийин кетти.", ["Ал: «Биз даярбыз.»", "Андан кийин кетти."]),
    ("en", 'He said, "We are ready." Then he left.', ['He said, "We are ready."', "Then he left."]),
    ("en", "He said, “We are ready.” Then he left.", ["He said, “We are ready.”", "Then he left."]),
    # ellipses, ?! and dashes
    ("ru", "Что это?! Никто не знает... Но всё же. Ждём…",
     ["Что это?!", "Никто не знает...", "Но всё же.", "Ждём…"]),
    ("ru", "Он ушёл — и не вернулся. — Почему? — спросила она.",
     ["Он ушёл — и не вернулся.", "— Почему? — спросила она."]),
    ("ky", "Эмне болду?! Эч ким билбейт… Бирок күтөбүз.",
     ["Эмне болду?!", "Эч ким билбейт…", "Бирок күтөбүз."]),
    ("en", "What?! Nobody knows... But we wait — and hope. Really?",
     ["What?!", "Nobody knows...", "But we wait — and hope.", "Really?"]),
    # datelines stay in the first sentence
    ("en", "BISHKEK—In a decisive move, parliament ratified it. Then more.",
     ["BISHKEK—In a decisive move, parliament ratified it.", "Then more."]),
    ("en", "WASHINGTON, Jan. 5 (Reuters) - The Senate voted. Then it adjourned.",
     ["WASHINGTON, Jan. 5 (Reuters) - The Senate voted.", "Then it adjourned."]),
    ("ru", "БИШКЕК, 12 марта — Парламент ратифицировал соглашение. Затем Путин прилетит.",
     ["БИШКЕК, 12 марта — Парламент ратифицировал соглашение.", "Затем Путин прилетит."]),
    ("ru", "МОСКВА, 12 мар — РИА Новости. Президент прилетел. Затем улетел.",
     ["МОСКВА, 12 мар — РИА Новости. Президент прилетел.", "Затем улетел."]),
    ("ky", "БИШКЕК, 12-март. /Кабар/. Парламент мыйзамды кабыл алды. Андан кийин.",
     ["БИШКЕК, 12-март. /Кабар/. Парламент мыйзамды кабыл алды.", "Андан кийин."]),
    # an all-caps word and a comma is no dateline
    ("en", "USA, Canada and Mexico. They agreed.", ["USA, Canada and Mexico.", "They agreed."]),
    # list numbering
    ("ru", "1. Первый пункт. 2. Второй пункт.", ["1. Первый пункт.", "2. Второй пункт."]),
    ("ky", "1) Биринчи пункт. 2) Экинчи пункт.", ["1) Биринчи пункт.", "2) Экинчи пункт."]),
    ("en", "1. First item. 2. Second item.", ["1. First item.", "2. Second item."]),
]  # fmt: skip


def assert_invariants(seg: SegmentedText) -> None:
    """Offsets round-trip, spans ordered and disjoint, ids unique and in order."""
    original = seg.text
    previous_end = 0
    ids = []
    for number, paragraph in enumerate(seg.paragraphs):
        assert paragraph.index == number
        assert paragraph.sentences, "a paragraph without sentences"
        assert previous_end <= paragraph.start < paragraph.end <= len(original)
        assert paragraph.text == " ".join(s.text for s in paragraph.sentences)
        for index, sentence in enumerate(paragraph.sentences):
            span = original[sentence.start : sentence.end]
            assert span and span == span.strip(), repr(span)
            assert sentence.text == " ".join(span.split())
            assert sentence.id == f"p{number + 1}.s{index + 1}"
            assert (sentence.paragraph, sentence.index) == (number, index)
            assert paragraph.start <= sentence.start and sentence.end <= paragraph.end
            assert sentence.start >= previous_end
            previous_end = sentence.end
            ids.append(sentence.id)
        assert paragraph.sentences[0].start == paragraph.start
        assert paragraph.sentences[-1].end == paragraph.end
    assert len(ids) == len(set(ids))
    assert [s.id for s in seg.sentences()] == ids


def texts(seg: SegmentedText) -> list[list[str]]:
    return [[s.text for s in p.sentences] for p in seg.paragraphs]


@pytest.mark.parametrize(
    ("lang", "paragraph", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_conventions(lang: str, paragraph: str, expected: list[str]) -> None:
    seg = segment_text(paragraph, lang)
    assert_invariants(seg)
    assert texts(seg) == [expected]
    assert segment_text(paragraph) == seg  # the language code does not change the rules
    spans = split_sentences(paragraph, lang)
    assert [paragraph[s:e] for s, e in spans] == expected


def test_ids_and_offsets_of_a_two_sentence_paragraph() -> None:
    text = "Указ подписал Б. А. Садыков. Он вступит в силу завтра."
    second = segment_text(text, "ru").sentences()[1]
    assert second.id == "p1.s2"
    assert (second.paragraph, second.index) == (0, 1)
    assert second.start == text.index("Он вступит")
    assert second.end == len(text)


def test_conventions_combined_into_one_article() -> None:
    """Cases joined by blank lines (any line ending) come back paragraph by paragraph."""
    rng = random.Random(7)
    for _ in range(20):
        chosen = rng.sample(CASES, 6)
        separators = ["\n\n", "\r\n\r\n", "\n \t\n", "\r\r", "\n\n\n"]
        text = "".join(p + rng.choice(separators) for _, p, _ in chosen)
        seg = segment_text(text)
        assert_invariants(seg)
        assert texts(seg) == [expected for _, _, expected in chosen]


def test_sample_article_one_paragraph_per_line() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    seg = segment_text(text, "en")
    assert_invariants(seg)
    assert len(seg.paragraphs) == 8
    assert seg.title is None
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    assert [p.start for p in seg.paragraphs] == line_starts
    first = seg.paragraphs[0].sentences
    assert len(first) == 1 and first[0].text.startswith("BISHKEK—In a decisive move")
    assert first[0].text.endswith("this Central Asian nation.")
    # Paragraphs 3, 5, 6 and 7 hold two sentences each, the rest one.
    assert [len(p.sentences) for p in seg.paragraphs] == [1, 1, 2, 1, 2, 2, 2, 1]
    assert seg.paragraphs[2].sentences[1].text.startswith("As elucidated by the Kyrgyz parliament")


def test_sample_article_with_headline() -> None:
    text = HEADLINE + "\n" + SAMPLE.read_text(encoding="utf-8")
    seg = segment_text(text)
    assert_invariants(seg)
    assert len(seg.paragraphs) == 9
    assert seg.title is seg.paragraphs[0]
    assert seg.title.text == HEADLINE
    assert [s.id for s in seg.title.sentences] == ["p1.s1"]
    assert not any(p.is_title for p in seg.paragraphs[1:])


@pytest.mark.parametrize(
    "first",
    [
        "Parliament ratified the pact.",  # final punctuation
        "Что будет с базой в Канте?",
        "«Мы готовы!»",
        "x" * 200,  # too long for a headline
    ],
)
def test_first_paragraph_that_is_no_title(first: str) -> None:
    seg = segment_text(first + "\n\nThe second paragraph follows here.")
    assert seg.title is None
    assert len(seg.paragraphs) == 2


def test_single_line_is_body_not_title() -> None:
    assert segment_text(HEADLINE).title is None


def test_title_kept_as_one_sentence() -> None:
    headline = "U.S. envoy visits Bishkek. Talks on base"
    seg = segment_text(headline + "\n\nThe envoy arrived on Monday.")
    assert seg.title is not None
    assert [s.text for s in seg.title.sentences] == [headline]


def _sample_paragraphs() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("width", [60, 72, 80])
def test_hard_wrapped_without_blank_lines_keeps_sentences(width: int) -> None:
    """Wrongly joined paragraphs are tolerable, but wrapping never cuts a sentence."""
    paragraphs = _sample_paragraphs()
    wrapped = "\n".join(textwrap.fill(p, width, break_on_hyphens=False) for p in paragraphs)
    assert max(len(line) for line in wrapped.splitlines()) <= width
    seg = segment_text(wrapped)
    assert_invariants(seg)
    reference = segment_text("\n".join(paragraphs))
    assert [s.text for s in seg.sentences()] == [s.text for s in reference.sentences()]
    true_starts = {wrapped.index(p[:40]) for p in paragraphs}
    assert {p.start for p in seg.paragraphs} <= true_starts


def test_hard_wrapped_paragraph_breaks_found_by_short_lines() -> None:
    text = (
        "Parliament vote\n"
        "BISHKEK—In a decisive move, Kyrgyzstan's parliament officially ratified a\n"
        "pivotal agreement for the establishment of a joint regional air defense\n"
        "system with Russia.\n"
        "The accord designates a sprawling land parcel spanning twelve acres within\n"
        "the confines of the Kant base.\n"
        "Officials declined to comment further on\n"
        "Wednesday evening."
    )
    seg = segment_text(text)
    assert_invariants(seg)
    assert seg.title is not None and seg.title.text == "Parliament vote"
    assert [p.text[:12] for p in seg.paragraphs] == [
        "Parliament v", "BISHKEK—In a", "The accord d", "Officials de",
    ]  # fmt: skip
    assert seg.paragraphs[1].text.endswith("joint regional air defense system with Russia.")
    # A short line that does not end a sentence is a typed newline inside the sentence.
    assert seg.paragraphs[3].text == "Officials declined to comment further on Wednesday evening."


def test_blank_lines_separate_and_single_newlines_join() -> None:
    text = (
        "Парламент ратифицировал соглашение\n"
        "\n"
        "БИШКЕК, 12 марта — Жогорку Кенеш ратифицировал соглашение о создании\n"
        "объединённой региональной системы ПВО. Документ подписал\n"
        "Б. А. Садыков.\n"
        "\n"
        "Визит В.В. Путина\n"
        "отменён.\n"
    )
    seg = segment_text(text, "ru")
    assert_invariants(seg)
    assert len(seg.paragraphs) == 3
    assert seg.title is not None and seg.title.text == "Парламент ратифицировал соглашение"
    body = seg.paragraphs[1].sentences
    assert [s.text for s in body] == [
        "БИШКЕК, 12 марта — Жогорку Кенеш ратифицировал соглашение о создании "
        "объединённой региональной системы ПВО.",
        "Документ подписал Б. А. Садыков.",
    ]
    assert "\n" in text[body[1].start : body[1].end]  # offsets index the wrapped original
    assert seg.paragraphs[2].text == "Визит В.В. Путина отменён."
    assert not seg.paragraphs[2].is_title


def test_blank_line_block_of_long_lines_is_one_paragraph_per_line() -> None:
    paragraphs = _sample_paragraphs()
    text = HEADLINE + "\n\n" + "\n".join(paragraphs)
    seg = segment_text(text)
    assert_invariants(seg)
    assert len(seg.paragraphs) == 1 + len(paragraphs)
    assert seg.title is not None


def test_short_lines_one_sentence_per_line() -> None:
    lines = [
        "Kyrgyzstan ratifies pact",
        "Parliament approved the deal on Tuesday.",
        "Putin will visit Bishkek on Thursday.",
        "The talks cover air defense and the Kant base.",
        "Officials declined to comment.",
    ]
    seg = segment_text("\n".join(lines))
    assert_invariants(seg)
    assert [p.text for p in seg.paragraphs] == lines
    assert seg.title is seg.paragraphs[0]


def test_lower_case_line_continues_the_paragraph_even_one_per_line() -> None:
    long = "Kyrgyzstan's parliament officially ratified a pivotal agreement " * 3
    text = f"{long.strip()}\nand the president signed it the same evening.\n{long.strip()}"
    seg = segment_text(text)
    assert_invariants(seg)
    assert len(seg.paragraphs) == 2
    first = seg.paragraphs[0].text
    assert first.endswith("agreement and the president signed it the same evening.")


def test_windows_line_endings_and_trailing_whitespace() -> None:
    lf = SAMPLE.read_text(encoding="utf-8")
    crlf = HEADLINE + " \t\r\n" + lf.replace("\n", "  \r\n") + "\r\n\r\n"
    seg = segment_text(crlf)
    assert_invariants(seg)
    reference = segment_text(HEADLINE + "\n" + lf)
    assert texts(seg) == texts(reference)
    assert seg.title is not None and seg.title.text == HEADLINE
    for sentence in seg.sentences():
        assert "\r" not in crlf[sentence.start : sentence.end]


def test_crlf_blank_lines_separate_and_crlf_wraps_join() -> None:
    text = "First paragraph wrapped\r\nover two lines.\r\n\r\nSecond one.\r\n"
    seg = segment_text(text)
    assert_invariants(seg)
    first, second = seg.paragraphs
    assert (first.text, second.text) == ("First paragraph wrapped over two lines.", "Second one.")
    assert text[first.start : first.end] == "First paragraph wrapped\r\nover two lines."


def test_leading_blank_lines_and_indentation_keep_offsets() -> None:
    text = "\n\n   Начало текста. Конец текста.   \n\n"
    seg = segment_text(text)
    assert_invariants(seg)
    assert [s.start for s in seg.sentences()] == [text.index("Начало"), text.index("Конец")]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", " \t\r\n\r\n  "])
def test_blank_text_has_no_paragraphs(text: str) -> None:
    seg = segment_text(text)
    assert seg.text == text
    assert seg.paragraphs == ()
    assert seg.title is None
    assert seg.sentences() == []
    assert split_sentences(text) == []


def test_split_sentences_offsets_within_the_given_string() -> None:
    paragraph = "  Mr. Smith\narrived. He left.  "
    spans = split_sentences(paragraph, "en")
    second = paragraph.index("He")
    assert spans == [(2, second - 1), (second, paragraph.rindex(".") + 1)]


def test_results_are_frozen() -> None:
    seg = segment_text("One. Two.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        seg.paragraphs[0].sentences[0].text = "x"  # type: ignore[misc]


def test_invariants_hold_on_random_text() -> None:
    """Property: any mix of letters, punctuation, quotes and line endings segments cleanly."""
    pieces = [*"aA бБ өҮ . ! ? … « » „ “ ” \" ' ( ) — - 1 , : \t",
        " ", "\n", "\n\n", "\r\n", "\r", "\u2028", "\xa0", "U.S. ", "Mr. ", "т.е. ",
        "2024-ж. ", "BISHKEK—", "БИШКЕК, 12 марта — ", " /Кабар/. ", "...", "1. ",
    ]  # fmt: skip
    rng = random.Random(20240312)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        seg = segment_text(text)
        assert_invariants(seg)
        assert (seg.paragraphs == ()) == (not text.strip())


@pytest.mark.parametrize("width", [40, 60, 78])
def test_hard_wrapped_cases_in_all_languages_keep_sentences(width: int) -> None:
    """The convention cases, three to a paragraph, hard-wrapped with no blank lines."""
    paragraphs = [" ".join(p for _, p, _ in CASES[i : i + 3]) for i in range(0, len(CASES), 3)]
    wrapped = "\n".join(
        textwrap.fill(p, width, break_on_hyphens=False, break_long_words=False) for p in paragraphs
    )
    seg = segment_text(wrapped)
    assert_invariants(seg)
    assert [s.text for s in seg.sentences()] == [t for _, _, expected in CASES for t in expected]


def test_short_lines_break_at_subheadings_but_not_after_abbreviations() -> None:
    text = (
        "Parliament approved the deal on Tuesday.\n"
        "Putin will visit Bishkek on Thursday, said Mr.\n"
        "Smith. The talks cover air defense.\n"
        "Background\n"
        "Officials declined to comment on the Kant base plan."
    )
    seg = segment_text(text)
    assert_invariants(seg)
    assert [p.text for p in seg.paragraphs] == [
        "Parliament approved the deal on Tuesday.",
        "Putin will visit Bishkek on Thursday, said Mr. Smith. The talks cover air defense.",
        "Background",
        "Officials declined to comment on the Kant base plan.",
    ]
    assert seg.sentences()[1].text == "Putin will visit Bishkek on Thursday, said Mr. Smith."
