"""Paragraph and sentence segmentation of news articles, with offsets into the original text.

Paragraphs
    If the text has blank lines, they separate paragraphs and the lines of a block are
    joined (hard wrap). A text without blank lines is either hard-wrapped or written one
    paragraph per line, and :func:`segment_text` decides from the lines themselves:

    * **Long lines**: when most lines (the last one aside) are longer than
      ``WRAP_LIMIT`` characters, nobody wrapped them and every line is a paragraph. This
      holds inside a blank-line block too, the one exception to "single newlines join".
    * **Short lines** may be hard-wrapped. A newline there ends a paragraph only before a
      line that starts like a sentence (capital, digit, quote, dash), and only when

      - the line ends a sentence (by the sentence rules below, so ``Mr.`` or a dateline
        at a line end is no end) and the next line's first word would have fitted on it
        within the wrap width, estimated as the longest line: a greedy wrapper never
        breaks there, so the newline was typed (the visible length drop);
      - or the line ends a sentence and the text is written one sentence per line:
        more of its newlines fall between whole sentences than before lower-case
        continuations;
      - or the line is the first (a headline) or at most half the wrap width (a
        subheading, a byline) and the next word would have fitted.

    A line starting with a lower-case letter always continues the paragraph before it.
    Wrongly joined lines cost only paragraph structure while wrongly split ones cut
    sentences, so every doubt resolves to joining.

Sentences
    razdel's rule-based Russian segmenter, with its rule list extended for Kyrgyz and
    English news conventions (abbreviations, ``2024-ж.``, ``U.S.`` before a new sentence,
    „…“ quotes closed inside, newswire datelines). The rule set is the union for ru, ky
    and en: their abbreviations do not collide, and news copy mixes scripts.

The first paragraph is a title when it is one short line without final ``. ! ? …``; a
title is kept as one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from razdel.rule import JOIN as _RAZDEL_JOIN
from razdel.rule import SPLIT as _RAZDEL_SPLIT
from razdel.rule import FunctionRule
from razdel.segmenters import punct, sokr
from razdel.segmenters.sentenize import (
    DELIMITERS,
    SentSegmenter,
    SentSplit,
    SentSplitter,
    close_bound,
    close_bracket,
    close_quote,
    dash_right,
    delimiter_right,
    empty_side,
    initials_left,
    is_sokr,
    list_item,
    lower_right,
    no_space_prefix,
)

JOIN: str = _RAZDEL_JOIN
SPLIT: str = _RAZDEL_SPLIT

__all__ = [
    "MAX_SENTENCE_CHARS",
    "Paragraph",
    "SegmentedText",
    "Sentence",
    "segment_text",
    "split_long_sentence",
    "split_sentences",
]

WRAP_LIMIT = 100
"""Lines longer than this many characters are taken as never hard-wrapped."""
TITLE_MAX_CHARS = 150
"""A first paragraph longer than this is never a title."""

_OPENERS = "\"'«“„‘([—–-•*"
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'»”“’)\]]*$")
_NEWLINE = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")


@dataclass(frozen=True)
class Sentence:
    """One sentence and where it sits in the original text.

    Attributes:
        id: ``"p3.s2"``: 1-based paragraph and sentence numbers.
        paragraph: 0-based paragraph index.
        index: 0-based index within the paragraph.
        text: The sentence with its whitespace (hard-wrap newlines) collapsed to single spaces.
        start: Offset of the first character in the original text.
        end: Offset just past the last character: ``original[start:end]`` is the sentence.
    """

    id: str
    paragraph: int
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: its sentences and its span in the original text.

    Attributes:
        index: 0-based paragraph index.
        sentences: The sentences, in order.
        start: Offset of the paragraph's first character in the original text.
        end: Offset just past its last character.
        is_title: The first paragraph when it is a headline.
    """

    index: int
    sentences: tuple[Sentence, ...]
    start: int
    end: int
    is_title: bool

    @property
    def text(self) -> str:
        """The sentence texts joined by single spaces."""
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class SegmentedText:
    """A text cut into paragraphs and sentences.

    Attributes:
        text: The original input.
        paragraphs: The paragraphs, in order; empty for blank text.
    """

    text: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def title(self) -> Paragraph | None:
        """The headline paragraph, if the text starts with one."""
        if self.paragraphs and self.paragraphs[0].is_title:
            return self.paragraphs[0]
        return None

    def sentences(self) -> list[Sentence]:
        """Every sentence of every paragraph, in order."""
        return [s for p in self.paragraphs for s in p.sentences]


def segment_text(text: str, lang: str | None = None) -> SegmentedText:
    """Cut ``text`` into paragraphs and sentences (see the module docstring for the rules).

    Args:
        text: The article, any line endings (``\\n``, ``\\r\\n``, ``\\r``).
        lang: Its language code (``ru``, ``ky``, ``en``...), or ``None``. The rules cover
            the three news languages at once, so the code does not change the result.

    Returns:
        The segmentation; no paragraphs when ``text`` is empty or only whitespace.
    """
    groups = _paragraph_line_groups(text)
    paragraphs: list[Paragraph] = []
    for number, lines in enumerate(groups):
        start, end = lines[0][0], lines[-1][1]
        is_title = number == 0 and len(groups) > 1 and _looks_like_title(text, lines)
        spans = [(0, end - start)] if is_title else split_sentences(text[start:end], lang)
        sentences = tuple(
            Sentence(
                id=f"p{number + 1}.s{i + 1}",
                paragraph=number,
                index=i,
                text=" ".join(text[start + s : start + e].split()),
                start=start + s,
                end=start + e,
            )
            for i, (s, e) in enumerate(spans)
        )
        paragraphs.append(Paragraph(number, sentences, start, end, is_title))
    return SegmentedText(text, tuple(paragraphs))


def split_sentences(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Sentence spans in one paragraph's text.

    Newlines inside ``text`` count as spaces. Each span is stripped and non-empty, and the
    spans are in order and do not overlap.

    Args:
        text: One paragraph.
        lang: Its language code, or ``None``; accepted for symmetry with
            :func:`segment_text` (the rules cover ru, ky and en at once).

    Returns:
        ``(start, end)`` offsets into ``text``.
    """
    return [(part.start, part.stop) for part in _SEGMENTER(text) if part.stop > part.start]


# --------------------------------------------------------------------------- paragraphs

_Line = tuple[int, int]
"""A line's stripped content as ``(start, end)`` offsets into the text."""


def _paragraph_line_groups(text: str) -> list[list[_Line]]:
    """Group the non-blank lines of ``text`` into paragraphs."""
    blocks: list[list[_Line]] = [[]]
    for start, end in _line_spans(text):
        line = _strip_span(text, start, end)
        if line is not None:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    separated = len(blocks) > 1
    groups: list[list[_Line]] = []
    for block in blocks:
        groups.extend(_split_block(text, block, separated))
    return groups


def _line_spans(text: str) -> list[_Line]:
    """Every line of ``text``, blank ones included, without its line break."""
    spans: list[_Line] = []
    start = 0
    for match in _NEWLINE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _strip_span(text: str, start: int, end: int) -> _Line | None:
    """The span of ``text[start:end]`` without surrounding whitespace, ``None`` if blank."""
    chunk = text[start:end]
    stripped = chunk.lstrip()
    if not stripped:
        return None
    start += len(chunk) - len(stripped)
    return start, start + len(stripped.rstrip())


def _split_block(text: str, lines: list[_Line], separated: bool) -> list[list[_Line]]:
    """Cut a block of consecutive non-blank lines into paragraphs.

    Args:
        text: The original text.
        lines: The block's lines.
        separated: The text has blank lines, so by default single newlines join.
    """
    strings = [text[start:end] for start, end in lines]
    long_lines = sum(len(s) > WRAP_LIMIT for s in strings[:-1]) * 2 > len(strings) - 1
    if len(lines) == 1 or (separated and not long_lines):
        return [lines]
    if long_lines:
        breaks = [not _first_letter_is_lower(s) for s in strings[1:]]
    else:
        breaks = _short_line_breaks(strings, _line_ends_sentence(text, lines))
    groups = [[lines[0]]]
    for line, new_paragraph in zip(lines[1:], breaks):
        if new_paragraph:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _short_line_breaks(strings: Sequence[str], ends: Sequence[bool]) -> list[bool]:
    """For each newline between short lines, whether it ends a paragraph.

    Args:
        strings: The lines.
        ends: For each line, whether a sentence ends with it.
    """
    width = max(len(s) for s in strings)
    per_line = _sentence_per_line(strings, ends)
    breaks = []
    for i in range(1, len(strings)):
        previous, current = strings[i - 1], strings[i]
        fits = _would_fit(previous, current, width)
        heading = i == 1 or len(previous) * 2 <= width
        breaks.append(
            _starts_sentence(current) and ((ends[i - 1] and (per_line or fits)) or (heading and fits))
        )
    return breaks


def _line_ends_sentence(text: str, lines: list[_Line]) -> list[bool]:
    """For each line, whether the sentence rules end a sentence with it (abbreviations,
    initials and datelines at a line end are no sentence end)."""
    start = lines[0][0]
    ends = {start + end for _, end in split_sentences(text[start : lines[-1][1]])}
    return [end in ends for _, end in lines]


def _sentence_per_line(strings: Sequence[str], ends: Sequence[bool]) -> bool:
    """More line breaks fall between whole sentences than inside a sentence."""
    finished = continued = 0
    for i in range(1, len(strings)):
        if _first_letter_is_lower(strings[i]):
            continued += 1
        elif ends[i - 1] and _starts_sentence(strings[i]):
            finished += 1
    return finished > continued


def _would_fit(line: str, next_line: str, width: int) -> bool:
    """The first word of ``next_line`` fits after ``line`` within ``width`` characters."""
    return len(line) + 1 + len(next_line.split(maxsplit=1)[0]) <= width


def _first_letter_is_lower(line: str) -> bool:
    """The line, past opening quotes and brackets, starts with a lower-case letter."""
    head = line.lstrip(_OPENERS + " \t")
    return bool(head) and head[0].islower()


def _starts_sentence(line: str) -> bool:
    """The line, past quotes, brackets, dashes and bullets, starts with a capital or digit."""
    head = line.lstrip(_OPENERS + " \t")
    return bool(head) and (head[0].isupper() or head[0].isdigit())


def _looks_like_title(text: str, lines: list[_Line]) -> bool:
    """One short line with no sentence-final punctuation."""
    if len(lines) != 1:
        return False
    start, end = lines[0]
    return end - start <= TITLE_MAX_CHARS and not _ENDS_SENTENCE.search(text[start:end])


# --------------------------------------------------------------------------- sentences

_ALWAYS_JOIN_WORDS = (sokr.HEAD_SOKRS - {"no"}) | {
    # English titles before a name, and Kyrgyz "мис." (for example).
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col",
    "capt", "sgt", "st", "rev", "hon", "pres", "мис",
}  # fmt: skip
_BEFORE_NUMBER_WORDS = sokr.SOKRS | {
    # Join only before a digit, a lower-case word or punctuation ("Jan. 5", "No. 5").
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "nos", "vol", "pp", "fig", "jr", "sr", "ltd", "co", "etc", "approx",
    "янв", "фев", "февр", "мар", "апр", "авг", "сент", "окт", "нояб", "дек",
}  # fmt: skip
# e.g. i.e. б.а. б.з.ч. | ж.б. ж.б.у.с. б.з. ө.к.
_ALWAYS_JOIN_PAIRS = sokr.HEAD_PAIR_SOKRS | {("e", "g"), ("i", "e"), ("б", "а"), ("з", "ч")}
_BEFORE_NUMBER_PAIRS = sokr.PAIR_SOKRS | {("ж", "б"), ("у", "с"), ("б", "з"), ("ө", "к")}
_YEAR_UNITS = {"ж", "жж"}  # Kyrgyz 2024-ж., 2020-2023-жж.
_ENGLISH_STARTERS = {
    # Closed-class words that open English sentences: "in the U.S. The talks..." splits.
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they",
    "we", "i", "his", "her", "their", "our", "but", "and", "however", "meanwhile",
    "there", "in", "on", "at", "after", "while", "when", "if", "as",
}  # fmt: skip
_ACRONYM = re.compile(r"(?:^|[^\w.])((?:[^\W\d_]\.)+[^\W\d_])$")
_CAPS = "A-ZА-ЯЁӨҮҢ"
_DATELINE = re.compile(
    rf"\s*[{_CAPS}][{_CAPS}'’ -]*[{_CAPS}]"  # BISHKEK, БИШКЕК
    r"(?P<date>\s*,\s*[^.,\d]{0,12}\d{1,4}[^.,]{0,12}?)?"  # , 12 марта / , 12-март / , Oct 5
    r"(?P<agency>[.\s]*/[^/]{1,30}/|\s*\([^)]{1,30}\)"  # /Кабар/, (AP)
    rf"|\s*[—–-]\s*[{_CAPS}\d][\w.-]*(?:\s+[{_CAPS}][\w.-]*){{0,2}})?"  # — РИА Новости
    r"\s*$"
)


def _dateline_left(split: SentSplit) -> str | None:
    """Never end a sentence on a bare dateline (``БИШКЕК, 12-март. /Кабар/.``)."""
    if split.delimiter != ".":
        return None
    match = _DATELINE.match(split.buffer)
    return JOIN if match and (match.group("date") or match.group("agency")) else None


def _year_left(split: SentSplit) -> str | None:
    """Kyrgyz year abbreviation after a number: ``2024-ж. 12-мартта``."""
    return JOIN if split.delimiter == "." and split.left_int_sokr in _YEAR_UNITS else None


def _acronym_left(split: SentSplit) -> str | None:
    """``U.S.``/``U.N.``: part of the sentence unless an English sentence starter follows."""
    if split.delimiter != ".":
        return None
    match = _ACRONYM.search(split.left)
    if not match or not match.group(1).isupper():
        return None
    return SPLIT if (split.right_word or "").lower() in _ENGLISH_STARTERS else JOIN


def _abbreviation_left(split: SentSplit) -> str | None:
    """razdel's ``sokr_left`` over the word lists extended for ky and en."""
    if split.delimiter != ".":
        return None
    before_number = is_sokr(split.right_token)
    pair = split.left_pair_sokr
    if pair:
        key = (pair[0].lower(), pair[1].lower())
        if key in _ALWAYS_JOIN_PAIRS or (key in _BEFORE_NUMBER_PAIRS and before_number):
            return JOIN
        if key in _BEFORE_NUMBER_PAIRS:
            return None
    word = split.left_token.lower()
    if word in _ALWAYS_JOIN_WORDS or (word in _BEFORE_NUMBER_WORDS and before_number):
        return JOIN
    return None


def _inside_pair(split: SentSplit) -> str | None:
    """razdel's ``inside_pair_sokr`` (``т. е.``) over the extended pairs (``ж. б.``)."""
    if split.delimiter != ".":
        return None
    key = (split.left_token.lower(), (split.right_token or "").lower())
    return JOIN if key in _ALWAYS_JOIN_PAIRS or key in _BEFORE_NUMBER_PAIRS else None


def _low_close_quote(split: SentSplit) -> str | None:
    """„…“ quotes: a “ glued to the text before it closes, and may end a sentence."""
    if split.delimiter != "“":
        return None
    return JOIN if split.left_space_suffix else cast("str | None", close_bound(split))


_RULES = [
    empty_side, no_space_prefix, lower_right, delimiter_right,
    _dateline_left, _year_left, _acronym_left, _abbreviation_left, _inside_pair,
    initials_left, list_item, close_quote, close_bracket, _low_close_quote, dash_right,
]  # fmt: skip
_SEGMENTER = SentSegmenter(
    split=SentSplitter(pattern=f"({punct.SMILES}|[{re.escape(DELIMITERS + '“')}])"),
    rules=[FunctionRule(rule) for rule in _RULES],
)
"""razdel's sentence segmenter: its splitter also stops at “, its rules extended as above."""


MAX_SENTENCE_CHARS = 600
"""Longer sentences are translated in parts cut at clause boundaries. An Argos model's 1024
positions hold a source of about 400 tokens with room for its output; news text runs three
to five characters per token, and the engine itself cuts (at word starts) any source that
still does not fit (``EngineOptions.max_positions``)."""


_CLAUSE_END = re.compile(r"[;:,)\]»”\"]\s|\s[—–-]\s")


def split_long_sentence(text: str, limit: int | None = None) -> list[str]:
    """``text`` cut into parts of at most ``limit`` characters (:data:`MAX_SENTENCE_CHARS`).

    Each cut is at the last clause boundary (``;`` ``:`` ``,`` a closing bracket or quote, a
    spaced dash) in the second half of the window, else at its last space, else after
    ``limit`` characters. The parts are stripped; joined with spaces they give ``text`` up to
    whitespace. A sentence within the limit is one part.
    """
    limit = limit or MAX_SENTENCE_CHARS
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        ends = [m.end() for m in _CLAUSE_END.finditer(window) if m.end() > limit // 2]
        spaces = [i for i in range(limit // 2, limit + 1) if window[i].isspace()]
        cut = ends[-1] if ends else spaces[-1] if spaces else limit
        head, rest = rest[:cut].strip(), rest[cut:].strip()
        if head:
            parts.append(head)
    if rest:
        parts.append(rest)
    return parts or [text]
