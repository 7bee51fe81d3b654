"""Issue 9: library calls with wrong types fail at the public boundary with a clear error;
overlong sentences are translated in parts instead of failing the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsl10n.errors import TranslationError
from newsl10n.files import translate_file, translate_files
from newsl10n.parallel.align import write_parallel
from newsl10n.pipeline import translate_article
from newsl10n.segment import MAX_SENTENCE_CHARS, split_long_sentence
from newsl10n.translation.fake import FakeTranslator

TEXT = "The parliament met on Wednesday. It voted for the law."


def _file(tmp_path: Path, name: str = "a.txt") -> Path:
    path = tmp_path / name
    path.write_text(TEXT + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- strings as sequences


@pytest.mark.parametrize("targets", ["ru", "ru,ky", ("ru",), ["ru", "ky"]])
def test_a_str_target_is_one_item_never_its_letters(targets):
    article = translate_article(TEXT, targets, "en", translator=FakeTranslator())
    expected = ["ru", "ky"] if "ky" in "".join(targets) else ["ru"]
    assert article.targets == expected


def test_translate_files_takes_one_path_as_one_item(tmp_path):
    path = _file(tmp_path)
    for given in (str(path), path):
        (result,) = translate_files(given, "ru", tmp_path / "out", "en", translator=FakeTranslator())
        assert result.error is None and result.out_dir == tmp_path / "out" / "a"


# --------------------------------------------------------------------------- wrong types


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: translate_article(None, ["ru"], "en", translator=FakeTranslator()), "text"),
        (lambda: translate_article(b"bytes", ["ru"], "en", translator=FakeTranslator()), "text"),
        (lambda: translate_article(TEXT, [5], "en", translator=FakeTranslator()), "targets"),
        (lambda: translate_article(TEXT, None, "en", translator=FakeTranslator()), "targets"),
        (lambda: translate_article(TEXT, 5, "en", translator=FakeTranslator()), "targets"),
        (lambda: translate_article(TEXT, ["ru"], 5, translator=FakeTranslator()), "source"),
        (lambda: translate_article(TEXT, ["ru"], "en", translator=object()), "translator"),
        (lambda: translate_article(TEXT, ["ru"], "en", translator="fake"), "translator"),
        (lambda: translate_article(TEXT, ["ru"], "en", translator=FakeTranslator(), glossary={}), "glossary"),
        (
            lambda: translate_article(TEXT, ["ru"], "en", translator=FakeTranslator(), memory="tm.db"),
            "memory",
        ),
        (lambda: translate_article(TEXT, ["ru"], "en", translator=FakeTranslator(), progress=5), "progress"),
    ],
)
def test_wrong_types_name_the_parameter(call, name):
    with pytest.raises(TypeError, match=rf"^{name} must"):
        call()


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"paths": None}, "paths"),
        ({"paths": [5]}, "paths"),
        ({"paths": 5}, "paths"),
        ({"targets": [None]}, "targets"),
        ({"out_dir": 5}, "out_dir"),
        ({"translator": object()}, "translator"),
        ({"glossary": "glossary"}, "glossary"),
    ],
)
def test_translate_files_checks_its_arguments_before_any_work(kwargs, name, tmp_path):
    arguments = {
        "paths": [_file(tmp_path)],
        "targets": ["ru"],
        "out_dir": tmp_path / "out",
        "source": "en",
        "translator": FakeTranslator(),
        **kwargs,
    }
    with pytest.raises(TypeError, match=rf"^{name} must"):
        translate_files(**arguments)
    assert not (tmp_path / "out").exists()


def test_translate_file_refuses_a_list(tmp_path):
    with pytest.raises(TypeError, match=r"^path must"):
        translate_file([_file(tmp_path)], ["ru"], tmp_path / "out", "en", translator=FakeTranslator())


def test_write_parallel_checks_its_arguments(tmp_path):
    article = translate_article(TEXT, ["ru"], "en", translator=FakeTranslator())
    with pytest.raises(TypeError, match=r"^article must"):
        write_parallel(article.to_dict(), tmp_path / "out", "a")
    with pytest.raises(TypeError, match=r"^stem must"):
        write_parallel(article, tmp_path / "out", None)
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- bad translators


class Returning:
    """A translator answering ``answer(sentences)``."""

    def __init__(self, answer):
        self.answer = answer

    def translate_batch(self, sentences, src, tgt):
        return self.answer(sentences)


@pytest.mark.parametrize(
    "answer, match",
    [
        (lambda s: None, "returned NoneType instead of a list"),
        (lambda s: "one string", "returned str instead of a list"),
        (lambda s: [], "returned 0 outputs for 2 sentences"),
        (lambda s: [*s, "extra"], "returned 3 outputs for 2 sentences"),
        (lambda s: [None] * len(s), "returned NoneType instead of a translation"),
        (lambda s: [5] * len(s), "returned int instead of a translation"),
    ],
)
def test_a_translator_giving_a_wrong_answer_is_a_translation_error(answer, match, tmp_path):
    with pytest.raises(TranslationError, match=match) as info:
        translate_article(TEXT, ["ru"], "en", translator=Returning(answer))
    assert (info.value.src, info.value.tgt) == ("en", "ru")
    (result,) = translate_files(
        [_file(tmp_path)], ["ru"], tmp_path / "out", "en", translator=Returning(answer)
    )
    assert result.error and match in result.error and isinstance(result.exception, TranslationError)


def test_checked_translator_keeps_describe_and_prefix(tmp_path):
    """The check around the translator changes neither its records nor glossary repair."""
    article = translate_article(TEXT, ["ru"], "en", translator=FakeTranslator())
    assert article.engines["ru"].engine == "fake"
    bare = translate_article(TEXT, ["ru"], "en", translator=Returning(list))
    assert bare.engines["ru"].engine == "Returning"


# --------------------------------------------------------------------------- overlong sentences


def test_an_overlong_sentence_reaches_the_engine_in_parts_and_stays_one_segment():
    clause = "the committee reviewed item number {n} of the budget, which was approved"
    long = "; ".join(clause.format(n=n) for n in range(40)).capitalize() + "."
    text = f"Short opening sentence. {long} Closing sentence.\n\nSecond paragraph here."
    sent: list[str] = []

    def rule(sentence, src, tgt):
        sent.append(sentence)
        return f"<{sentence}>"

    article = translate_article(text, ["ru"], "en", translator=FakeTranslator(rule=rule))
    assert max(map(len, sent)) <= MAX_SENTENCE_CHARS
    assert len(article.segments) == 4
    middle = article.segments[1]
    assert middle.text["en"] == long
    parts = split_long_sentence(long)
    assert len(parts) > 1 and " ".join(parts) == long
    assert all(part.endswith((";", ".")) for part in parts)  # cut at clause boundaries
    assert middle.text["ru"] == " ".join(f"<{p}>" for p in parts)
    codes = [w["code"] for w in middle.warnings["ru"]]
    assert "split" in codes
    assert all(
        "split" not in [w["code"] for w in s.warnings["ru"]] for s in article.segments if s is not middle
    )
    # The alignment invariant: joining each language's segments gives its file.
    for lang in ("en", "ru"):
        paragraphs = article.text(lang).rstrip("\n").split("\n\n")
        assert paragraphs[0] == " ".join(s.text[lang] for s in article.segments if s.paragraph == 0)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1000,  # no space at all: cut after the limit
        " ".join(["word"] * 300),  # spaces only
        "a, " * 400,
        "Да — " * 300,
        ("Очень длинное предложение без точек " * 40).strip(),
    ],
)
def test_split_parts_are_bounded_and_keep_every_character(text):
    parts = split_long_sentence(text)
    assert all(0 < len(p) <= MAX_SENTENCE_CHARS for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())
    assert split_long_sentence("Short.") == ["Short."]


def test_glossary_terms_in_a_split_sentence_keep_offsets_into_the_whole(tmp_path):
    import io

    from newsl10n.glossary.io import read_glossary

    glossary = read_glossary(
        io.StringIO('msgid ""\nmsgstr "Language: ru\\n"\n\nmsgid "Bishkek"\nmsgstr "Бишкек"\n'),
        name="ru.po",
        lang="ru",
    )
    clause = "the mayor of Bishkek reviewed item {n} of the city budget with the council"
    long = "The " + "; ".join(clause.format(n=n) for n in range(12))[4:] + "."
    assert len(long) > MAX_SENTENCE_CHARS
    article = translate_article(long, ["ru"], "en", translator=FakeTranslator(), glossary=glossary)
    (segment,) = article.segments
    assert "split" in [w["code"] for w in segment.warnings["ru"]]
    found = segment.occurrences["ru"]
    assert len(found) == 12
    for term in found:
        assert long[term.start : term.end] == "Bishkek"
        assert segment.text["ru"][term.target_start : term.target_end] == term.form
