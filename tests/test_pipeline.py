"""translate_article / translate_file: alignment invariants, outputs, TMX and error paths."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from newsl10n.errors import InputError, LanguageError, ModelNotInstalledError
from newsl10n.files import translate_file, translate_files
from newsl10n.parallel.align import article_stem, read_alignment, render_text
from newsl10n.pipeline import translate_article
from newsl10n.translation.argos import ArgosTranslator, clear_model_cache
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.packages import install_package_file

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kant-air-defense.en.txt"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def paragraphs_of(text: str) -> list[str]:
    return text.rstrip("\n").split("\n\n")


def test_every_segment_has_every_language_and_one_batch_per_target(sample_text):
    fake = FakeTranslator()
    article = translate_article(sample_text, ["ru,ky"], "en", translator=fake)
    assert article.languages == ["en", "ru", "ky"]
    assert fake.calls == [("en", "ru", len(article.segments)), ("en", "ky", len(article.segments))]
    for segment in article.segments:
        assert segment.text["ru"] == f"[ru] {segment.text['en']}"
        assert segment.text["ky"] == f"[ky] {segment.text['en']}"
    assert len({s.id for s in article.segments}) == len(article.segments)
    assert article.engines["ru"].engine == "fake"


def test_joining_segments_by_paragraph_gives_each_language_file(sample_text, tmp_path):
    result = translate_file(SAMPLE, ["ru", "ky"], tmp_path, "en", translator=FakeTranslator())
    out = result.out_dir
    assert out == tmp_path / "kant-air-defense"
    alignment = json.loads((out / "alignment.json").read_text(encoding="utf-8"))
    for lang in ("en", "ru", "ky"):
        by_paragraph: dict[int, list[str]] = {}
        for segment in alignment["segments"]:
            by_paragraph.setdefault(segment["paragraph"], []).append(segment[lang])
        joined = "\n\n".join(" ".join(s) for _, s in sorted(by_paragraph.items())) + "\n"
        assert (out / f"{lang}.txt").read_text(encoding="utf-8") == joined
    source_paragraphs = [p for p in sample_text.splitlines() if p.strip()]
    assert len(paragraphs_of((out / "ru.txt").read_text(encoding="utf-8"))) == len(source_paragraphs)
    assert paragraphs_of((out / "en.txt").read_text())[0] == source_paragraphs[0]


def test_alignment_file_round_trips(tmp_path):
    result = translate_file(SAMPLE, ["ru"], tmp_path, "en", translator=FakeTranslator())
    with open(result.out_dir / "alignment.json", encoding="utf-8") as fp:
        again = read_alignment(fp)
    assert again.to_dict() == result.article.to_dict()
    assert again.text("ru") == render_text(result.article.segments, "ru")


def test_tmx_is_well_formed_tmx_14(tmp_path):
    result = translate_file(SAMPLE, ["ru", "ky"], tmp_path, "en", translator=FakeTranslator())
    root = ET.parse(result.out_dir / "kant-air-defense.tmx").getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attribute in (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ):
        assert header.get(attribute), attribute
    assert header.get("srclang") == "en"
    units = root.find("body").findall("tu")
    assert [tu.get("tuid") for tu in units] == [s.id for s in result.article.segments]
    for tu, segment in zip(units, result.article.segments):
        variants = {tuv.get(XML_LANG): tuv.find("seg").text for tuv in tu.findall("tuv")}
        assert variants == segment.text


def test_rewriting_replaces_the_folder_whole(tmp_path):
    translate_file(SAMPLE, ["ru", "ky"], tmp_path / "out", "en", translator=FakeTranslator())
    result = translate_file(SAMPLE, ["ru"], tmp_path / "out", "en", translator=FakeTranslator())
    assert sorted(p.name for p in result.out_dir.iterdir()) == [
        "alignment.json",
        "en.txt",
        "kant-air-defense.tmx",
        "review.html",
        "ru.txt",
    ]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["kant-air-defense"]


@pytest.mark.parametrize(
    "targets, source, error, match",
    [
        (["en"], "en", LanguageError, "is the source language"),
        (["xx"], "en", LanguageError, "unknown language code 'xx'"),
        (["ru"], "zz", LanguageError, "unknown language code 'zz'"),
        ([""], "en", LanguageError, "no target language"),
    ],
)
def test_bad_languages(sample_text, targets, source, error, match):
    with pytest.raises(error, match=match):
        translate_article(sample_text, targets, source, translator=FakeTranslator())


def test_empty_text_is_refused():
    with pytest.raises(InputError, match="empty"):
        translate_article("  \n\n ", ["ru"], "en", translator=FakeTranslator())


def test_source_language_is_detected(sample_text):
    article = translate_article(sample_text, ["ru"], translator=FakeTranslator())
    assert article.source == "en" and article.detection["language"] == "en"


def test_missing_model_fails_before_any_work(sample_text, tmp_path):
    with pytest.raises(ModelNotInstalledError) as info:
        translate_article(sample_text, ["ru"], "en", translator=ArgosTranslator(tmp_path / "none"))
    assert (info.value.src, info.value.tgt) == ("en", "ru")


def test_a_failing_article_does_not_stop_the_batch(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    cp1251 = tmp_path / "novost.ru.txt"
    cp1251.write_bytes(
        "Президент Садыр Жапаров прибыл в Москву. Переговоры начнутся завтра.".encode("cp1251")
    )
    seen = []
    results = translate_files(
        [binary, cp1251],
        ["en"],
        tmp_path / "out",
        "ru",
        translator=FakeTranslator(),
        progress=lambda *a: seen.append(a),
    )
    assert results[0].error and "binary" in results[0].error and results[0].article is None
    assert results[1].error is None and results[1].out_dir.name == "novost"
    assert (results[1].out_dir / "en.txt").read_text(encoding="utf-8").startswith("[en] Президент")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["novost"]
    assert seen and seen[-1][1] == seen[-1][2] == len(results[1].article.segments)


@pytest.mark.parametrize(
    "name, stem", [("kant.en.txt", "kant"), ("report.txt", "report"), ("v1.2.txt", "v1.2"), ("-", "stdin")]
)
def test_article_stem(name, stem):
    assert article_stem(name) == stem


def test_end_to_end_through_real_echo_models(argos_files, tmp_path, sample_text):
    folder = tmp_path / "models"
    for key in [("en", "ru", "echo"), ("en", "ky", "echo"), ("ru", "en", "echo")]:
        install_package_file(argos_files[key], folder)
    clear_model_cache()
    translator = ArgosTranslator(folder)
    article = translate_article(sample_text, ["ru", "ky"], "en", translator=translator)
    assert article.text("ru") == article.text("en") == article.text("ky")
    assert article.engines["ky"].models[0].startswith("translate-en_ky")
    pivot = translate_article(article.text("ru"), ["ky"], "ru", translator=translator)
    assert pivot.engines["ky"].route == ("ru", "en", "ky")
    assert pivot.to_dict()["engines"]["ky"]["route"] == ["ru", "en", "ky"]
    assert pivot.text("ky") == article.text("en")
    clear_model_cache()


def test_many_articles_share_one_engine_call_per_pair(tmp_path):
    paths = []
    for n in range(3):
        path = tmp_path / f"a{n}.txt"
        path.write_text(f"Article {n} opens here. It has a second sentence.\n", encoding="utf-8")
        paths.append(path)
    fake = FakeTranslator()
    results = translate_files(paths, ["ru", "ky"], tmp_path / "out", "en", translator=fake)
    assert [r.error for r in results] == [None, None, None]
    assert fake.calls == [("en", "ru", 6), ("en", "ky", 6)]
    assert (tmp_path / "out" / "a2" / "ru.txt").read_text() == (
        "[ru] Article 2 opens here. [ru] It has a second sentence.\n"
    )


def test_token_budget_splits_large_batches(tmp_path, monkeypatch):
    import newsl10n.pipeline as pipeline

    monkeypatch.setattr(pipeline, "TOKEN_BUDGET", 30)  # 12 estimated tokens each
    fake = FakeTranslator()
    text = " ".join(f"Sentence number {n} is about forty characters." for n in range(10))
    article = translate_article(text, ["ru"], "en", translator=fake)
    assert len(article.segments) == 10
    assert sum(n for _, _, n in fake.calls) == 10 and len(fake.calls) == 5
    assert all(s.text["ru"] == f"[ru] {s.text['en']}" for s in article.segments)


def test_memory_translates_only_what_changed(tmp_path):
    from newsl10n.translation.memory import TranslationMemory

    text = "First paragraph stays.\n\nSecond paragraph stays too.\n\nThird one is edited."
    with TranslationMemory.open(tmp_path / "tm.sqlite3") as memory:
        fake = FakeTranslator()
        first = translate_article(text, ["ru"], "en", translator=fake, memory=memory)
        edited = text.replace("Third one is edited.", "Third one was edited today.")
        second = translate_article(edited, ["ru"], "en", translator=fake, memory=memory)
    assert fake.calls == [("en", "ru", 3), ("en", "ru", 1)]
    assert [s.memory for s in second.segments] == [["ru"], ["ru"], []]
    assert second.text("ru") == first.text("ru").replace(
        "[ru] Third one is edited.", "[ru] Third one was edited today."
    )
    assert "memory" in second.to_dict()["segments"][0]


def test_model_failure_for_one_source_language_fails_only_those_articles(tmp_path):
    from newsl10n.errors import ModelNotInstalledError

    class OnlyEnglish(FakeTranslator):
        def translate_batch(self, sentences, src, tgt):
            if src != "en":
                raise ModelNotInstalledError(src, tgt)
            return super().translate_batch(sentences, src, tgt)

    en, ru = tmp_path / "en.txt", tmp_path / "ru.txt"
    en.write_text("The parliament met on Wednesday in Bishkek.", encoding="utf-8")
    ru.write_text("Парламент собрался в среду в Бишкеке и обсудил соглашение.", encoding="utf-8")
    results = translate_files([en, ru], ["ky"], tmp_path / "out", translator=OnlyEnglish())
    assert results[0].error is None
    assert results[1].error and "no model installed for ru -> ky" in results[1].error


def test_output_folder_and_files_get_normal_permissions(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        result = translate_file(SAMPLE, ["ru"], tmp_path / "out", "en", translator=FakeTranslator())
    finally:
        os.umask(old)
    assert stat.S_IMODE(result.out_dir.stat().st_mode) == 0o755
    assert {stat.S_IMODE(f.stat().st_mode) for f in result.files} == {0o644}


def test_terms_and_engines_stay_typed_until_output(tmp_path):
    import io

    from newsl10n.glossary.enforce import TermOccurrence
    from newsl10n.glossary.io import read_glossary
    from newsl10n.translation.protocol import PairInfo

    glossary = read_glossary(
        io.StringIO('msgid ""\nmsgstr "Language: ru\\n"\n\nmsgid "Bishkek"\nmsgstr "Бишкек"\n'),
        name="ru.po",
        lang="ru",
    )
    path = tmp_path / "city.txt"
    path.write_text("The mayor of Bishkek spoke on Monday.\n", encoding="utf-8")
    result = translate_file(
        path, ["ru"], tmp_path / "out", "en", translator=FakeTranslator(), glossary=glossary
    )
    (segment,) = result.article.segments
    (occurrence,) = segment.occurrences["ru"]
    assert isinstance(occurrence, TermOccurrence) and occurrence.rendering == "Бишкек"
    assert isinstance(result.article.engines["ru"], PairInfo)
    assert result.missing_terms == 0
    alignment = json.loads((result.out_dir / "alignment.json").read_text(encoding="utf-8"))
    assert alignment["segments"][0]["terms"] == {"ru": [occurrence.as_dict()]}
    assert alignment["engines"] == {"ru": result.article.engines["ru"].as_dict()}
    summary = json.loads(json.dumps(result.summary()))
    assert summary["engines"]["ru"]["models"] == ["fake"]
    with open(result.out_dir / "alignment.json", encoding="utf-8") as fp:
        again = read_alignment(fp)
    assert again.segments[0].occurrences == segment.occurrences
    assert again.engines == result.article.engines and again.to_dict() == alignment
