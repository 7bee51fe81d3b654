"""Placeholders: finding, shielding from MT, restoring with repairs, and checking."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from newsl10n.catalog.placeholders import (
    BRACE,
    PRINTF,
    check_placeholders,
    find_placeholders,
    formats_for,
    protect,
    restore,
)

EXAMPLE_POT = Path(__file__).resolve().parents[1] / "examples" / "news-site.pot"
BOTH = {PRINTF, BRACE}


@pytest.mark.parametrize(
    ("text", "formats", "expected"),
    [
        ("%s", {PRINTF}, [("%s", "printf")]),
        ("%-5.2f", {PRINTF}, [("%-5.2f", "printf")]),
        ("%(date)s", {PRINTF}, [("%(date)s", "printf-named")]),
        ("%1$s", {PRINTF}, [("%1$s", "printf-named")]),
        ("100%%", {PRINTF}, [("%%", "escape")]),
        ("{network}", {BRACE}, [("{network}", "brace")]),
        ("{0}", {BRACE}, [("{0}", "brace")]),
        ("{0:.2f}", {BRACE}, [("{0:.2f}", "brace")]),
        ("{user.name!r}", {BRACE}, [("{user.name!r}", "brace")]),
        ("{}", {BRACE}, [("{}", "brace-auto")]),
        ("{{", {BRACE}, [("{{", "escape")]),
        ("<strong>", set(), [("<strong>", "tag")]),
        ('<a href="/x">', set(), [('<a href="/x">', "tag")]),
        ("<br/>", set(), [("<br/>", "tag")]),
        ("&amp;", set(), [("&amp;", "entity")]),
        ("&#169;", set(), [("&#169;", "entity")]),
        ("a\nb", set(), [("\n", "newline")]),
    ],
)
def test_each_syntax_is_found_with_its_kind(text, formats, expected):
    found = find_placeholders(text, formats)
    assert [(h.text, h.kind) for h in found] == expected


def test_printf_and_brace_are_only_found_for_their_formats():
    text = "%(n)d of {total}"
    assert find_placeholders(text, ()) == []
    assert [h.text for h in find_placeholders(text, {PRINTF})] == ["%(n)d"]
    assert [h.text for h in find_placeholders(text, {BRACE})] == ["{total}"]


@pytest.mark.parametrize(
    ("flags", "texts", "expected"),
    [
        (["python-format"], ["Read more"], {PRINTF}),
        (["c-format"], ["%1$s"], {PRINTF}),
        (["python-brace-format"], ["Share"], {BRACE}),
        ([], ["Hello %s"], {PRINTF}),
        ([], ["Published %(date)s"], {PRINTF}),
        ([], ["50% off"], set()),
        ([], ["%(a)s and 5%"], set()),
        ([], ["Share on {network}"], {BRACE}),
        ([], ["{ not a field"], set()),
        (["no-python-format"], ["Hello %s"], set()),
        (["no-python-brace-format"], ["{x}"], set()),
    ],
)
def test_formats_come_from_flags_or_well_formed_text(flags, texts, expected):
    assert formats_for(flags, *texts) == frozenset(expected)


def test_protect_strips_outer_whitespace_and_cuts_lines():
    protected = protect("  Comments are closed.\n\nWrite to %s.\n", {PRINTF})
    assert protected.lead == "  "
    assert protected.trail == "\n"
    assert protected.segments == ("Comments are closed.", "Write to [X1X].")
    assert protected.separators == ("\n\n",)
    assert [h.text for h in protected.placeholders] == ["%s"]
    assert protected.segment_of == (1,)


def test_protect_shields_a_literal_token_of_the_source():
    protected = protect("See [X1X] and %s", {PRINTF})
    assert [h.text for h in protected.placeholders] == ["[X1X]", "%s"]
    assert restore(protected, list(protected.segments)).text == "See [X1X] and %s"


def test_a_string_of_placeholders_only_has_no_words():
    assert not protect("%s: %s", {PRINTF}).has_words
    assert protect("%s items", {PRINTF}).has_words


def _example_sources() -> list[tuple[str, frozenset[str]]]:
    sources = []
    for entry in polib.pofile(str(EXAMPLE_POT)):
        formats = formats_for(entry.flags, entry.msgid, entry.msgid_plural or "")
        for text in filter(None, (entry.msgid, entry.msgid_plural)):
            sources.append((text, formats))
    return sources


EXAMPLES = _example_sources()
EXTRA = [
    ("  Page {0} of {1}\n", frozenset({BRACE})),
    ("%s scored %d goals", frozenset({PRINTF})),
    ("<em>%s</em> and <b>{}</b>\nnext line &nbsp;", frozenset(BOTH)),
]


@pytest.mark.parametrize(("text", "formats"), EXAMPLES + EXTRA)
def test_restoring_untouched_segments_gives_the_source_back(text, formats):
    protected = protect(text, formats)
    restored = restore(protected, list(protected.segments))
    assert restored.text == text
    assert restored.repairs == ()


def _reverse_words(s: str) -> str:
    return " ".join(reversed(s.split()))


SCRAMBLES = {
    "reverse-words": _reverse_words,
    "drop-brackets": lambda s: s.replace("[", "").replace("]", ""),
    "lowercase-no-x": lambda s: s.lower().replace("x", ""),
    "garbage-with-format-chars": lambda s: "gibberish 50% {oops} }",
    "duplicate-and-unknown-tokens": lambda s: "[X7X] " + s + " " + s,
    "tokens-only": lambda s: " ".join(re.findall(r"\[X\d+X\]", s)) or "?",
}


@pytest.mark.parametrize("scramble", SCRAMBLES.values(), ids=SCRAMBLES.keys())
@pytest.mark.parametrize(("text", "formats"), EXAMPLES + EXTRA)
def test_restore_repairs_whatever_the_engine_did(text, formats, scramble):
    protected = protect(text, formats)
    restored = restore(protected, [scramble(s) for s in protected.segments])
    assert check_placeholders(text, restored.text, formats) == []


def test_order_bound_directives_are_given_back_in_source_order():
    protected = protect("%s scored %d goals", {PRINTF})
    restored = restore(protected, ["[X2X] goals scored by [X1X]"])
    assert restored.text == "%s goals scored by %d"
    assert any("source order" in note for note in restored.repairs)


def test_named_placeholders_keep_the_engine_order():
    protected = protect("Updated %(time)s by %(author)s", {PRINTF})
    assert restore(protected, ["[X2X] updated at [X1X]"]).text == "%(author)s updated at %(time)s"


def test_lost_placeholders_go_back_where_they_stood():
    protected = protect("%(count)d new articles since your visit", {PRINTF})
    restored = restore(protected, ["новых статей с вашего визита"])
    assert restored.text.startswith("%(count)d ")
    protected = protect("Published %(date)s", {PRINTF})
    assert restore(protected, ["Опубликовано"]).text == "Опубликовано %(date)s"


def test_stray_format_characters_from_the_engine_are_escaped():
    protected = protect("Get %(n)d off", {PRINTF})
    restored = restore(protected, ["Скидка [X1X] 5%"])
    assert restored.text == "Скидка %(n)d 5%%"
    protected = protect("On {network}", {BRACE})
    assert restore(protected, ["В {сети} [X1X]"]).text == "В {{сети}} {network}"


def test_restore_needs_one_output_per_segment():
    with pytest.raises(ValueError, match="segments"):
        restore(protect("a\nb"), ["only one"])


@pytest.mark.parametrize(
    ("source", "target", "formats", "code", "severity"),
    [
        ("Published %(date)s", "Опубликовано", {PRINTF}, "missing", "error"),
        ("Published", "Опубликовано %s", {PRINTF}, "extra", "error"),
        ("%s of %d", "%d из %s", {PRINTF}, "order", "error"),
        ("Get 5 off", "Скидка 5 %", {PRINTF}, "stray-percent", "error"),
        ("Get %d off", "Скидка %d %", {PRINTF}, "stray-percent", "error"),
        ("On {network}", "В {network} {", {BRACE}, "stray-brace", "error"),
        ("On {network}", "В {сеть}", {BRACE}, "missing", "error"),
        ("<b>Hot</b>", "<b>Горячо", set(), "missing", "warning"),
        ("<b>x</b> <i>y</i>", "<b>x <i></b> y</i>", set(), "unbalanced-tags", "warning"),
        ("Filed under: ", "Рубрика:", set(), "whitespace", "warning"),
        ("Line\n", "Строка", set(), "newline", "error"),
        ("\nLine", "Строка", set(), "newline", "error"),
        ('<a href="%(url)s">Subscribe</a>', "Подписаться", {PRINTF}, "missing", "error"),
        ("Save 20%% now", "Сэкономьте 20 процентов", {PRINTF}, None, None),
    ],
)
def test_check_reports_each_kind_of_damage(source, target, formats, code, severity):
    findings = check_placeholders(source, target, formats)
    if code is None:
        assert findings == []
    else:
        assert (code, severity) in {(f.code, f.severity) for f in findings}


def test_check_without_the_format_ignores_its_syntax():
    assert check_placeholders("Save 50% now", "Скидка 50 %", ()) == []


def test_named_placeholders_may_be_dropped_when_allowed():
    assert (
        check_placeholders("%(count)d comment", "Один комментарий", {PRINTF}, may_drop=("printf-named",))
        == []
    )
    findings = check_placeholders("%(count)d comment", "Один %(other)s", {PRINTF}, may_drop=("printf-named",))
    assert [f.code for f in findings] == ["extra"]


def test_check_messages_name_the_placeholder():
    (finding,) = check_placeholders("Share on {network}", "Поделиться", {BRACE})
    assert re.search(r"\{network\}", finding.message)
    assert finding.as_dict()["code"] == "missing"
