"""Homonyms told apart: Akylbek Japarov (chairman of the Cabinet) versus Sadyr Japarov (president).

The full name "Акылбек Жапаров" is its own entry (longest match); the surname alone is two
entries with the same msgid, ``msgctxt "person"`` (Sadyr, the default) and ``msgctxt "person:
Akylbek Japarov"``, whose ``cues:`` lines choose between them (docs/glossary.md, "Homonyms").
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsl10n.glossary.io import load_glossary, parse_comment, read_glossary
from newsl10n.glossary.lint import lint
from newsl10n.glossary.matching import choose_homonym, cue_spans, find_terms, tokenize
from newsl10n.glossary.model import Glossary, is_person
from newsl10n.glossary.morphology import Case, declension

ROOT = Path(__file__).resolve().parents[1]
SADYR = ("person", "Japarov")
AKYLBEK = ("person: Akylbek Japarov", "Japarov")
AKYLBEK_FULL = ("person", "Akylbek Japarov")
SADYR_FULL = ("person", "Sadyr Japarov")

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n\n'


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary")


def who(glossary: Glossary, text: str, lang: str, surface: str) -> tuple[str, str]:
    """The key of the term matched at ``surface`` (its first occurrence after any full name)."""
    for match in find_terms(glossary, text, lang):
        if match.text == surface:
            return match.term.key
    raise AssertionError(f"{surface!r} not matched in {text!r}")


@pytest.mark.parametrize(
    ("lang", "text", "surface", "expected"),
    [
        ("ru", "Председатель Кабмина Акылбек Жапаров провел заседание.", "Акылбек Жапаров", AKYLBEK_FULL),
        ("ru", "Садыр Жапаров освободил Акылбека Жапарова от должности.", "Акылбека Жапарова", AKYLBEK_FULL),
        ("ru", "Садыр Жапаров освободил Акылбека Жапарова от должности.", "Садыр Жапаров", SADYR_FULL),
        (
            "ky",
            "Министрлер Кабинетинин төрагасы Акылбек Жапаров Ошко барды.",
            "Акылбек Жапаров",
            AKYLBEK_FULL,
        ),
        (
            "ky",
            "Президент Садыр Жапаров Акылбек Жапаровду кызматтан бошотту.",
            "Акылбек Жапаровду",
            AKYLBEK_FULL,
        ),
        (
            "en",
            "Cabinet Chairman Akylbek Japarov met President Sadyr Japarov.",
            "Akylbek Japarov",
            AKYLBEK_FULL,
        ),
        ("en", "Akylbek Zhaparov resigned on Monday.", "Akylbek Zhaparov", AKYLBEK_FULL),
    ],
)
def test_the_full_name_akylbek_japarov_is_never_sadyr(glossary, lang, text, surface, expected):
    assert who(glossary, text, lang, surface) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ru", "Председатель Кабинета министров Жапаров подписал распоряжение.", AKYLBEK),
        ("ru", "Председатель кабмина Жапаров провел совещание с губернаторами.", AKYLBEK),
        ("ru", "Глава правительства Жапаров ответил на вопросы депутатов.", AKYLBEK),
        ("ru", "Президент Жапаров подписал указ.", SADYR),
        ("ru", "Президент Жапаров встретился с председателем кабмина.", SADYR),
        ("ru", "Жапаров заявил, что реформа продолжится.", SADYR),
        ("ky", "Министрлер Кабинетинин төрагасы Жапаров жыйын өткөрдү.", AKYLBEK),
        ("ky", "Өкмөт башчы Жапаров депутаттардын суроолоруна жооп берди.", AKYLBEK),
        ("ky", "Президент Жапаров Министрлер Кабинетинин төрагасы менен жолукту.", SADYR),
        ("ky", "Мамлекет башчы Жапаров жарлыкка кол койду.", SADYR),
        ("ky", "Жапаров маалымат жыйынын өткөрдү.", SADYR),
        ("en", "Cabinet Chairman Japarov said the budget would be revised.", AKYLBEK),
        ("en", "President Japarov signed the law.", SADYR),
        ("en", "Japarov said the talks went well.", SADYR),
    ],
)
def test_the_surname_alone_follows_the_nearest_cue_in_the_sentence(glossary, lang, text, expected):
    surface = "Japarov" if lang == "en" else "Жапаров"
    assert who(glossary, text, lang, surface) == expected


def test_a_later_surname_follows_the_latest_cue_of_the_text(glossary):
    text = "Акылбек Жапаров прибыл в Ош. Жапаров осмотрел объекты."
    matches = [(m.text, m.term.key) for m in find_terms(glossary, text, "ru")]
    assert matches == [("Акылбек Жапаров", AKYLBEK_FULL), ("Ош", ("place", "Osh")), ("Жапаров", AKYLBEK)]
    text = "Садыр Жапаров прибыл в Ош. Жапаров осмотрел объекты."
    assert [m.term.key for m in find_terms(glossary, text, "ru")][-1] == SADYR


def test_an_initial_is_not_the_end_of_a_sentence_and_names_akylbek(glossary):
    text = "Уход А. Жапарова не влечет отставки кабинета министров."
    (person, cabinet) = find_terms(glossary, text, "ru")
    assert (person.text, person.term.key, person.case) == ("А. Жапарова", AKYLBEK_FULL, Case.GEN)
    assert cabinet.term.msgid == "Cabinet of Ministers"


def test_akylbeks_surname_entry_is_a_person_and_renders_as_the_surname(glossary):
    term = glossary.get("Japarov", "person: Akylbek Japarov")
    assert term is not None and term.grammar("ru").person
    assert term.rendering("ru") == term.rendering("ky") == "Жапаров"
    assert glossary.get("Japarov") is glossary.get("Japarov", "person")  # Sadyr's: the default
    assert declension("Жапаров", "ru", term.grammar("ru"))[Case.ACC] == "Жапарова"  # animate
    (match,) = find_terms(glossary, "Премьер-министр встретился с Жапаровым.", "ru")
    assert match.term.key == AKYLBEK and match.case is Case.INS
    assert is_person("person") and is_person("person: Akylbek Japarov")
    assert not is_person("personal") and not is_person(None) and not is_person("place")


def test_cue_lines_are_read_by_language_and_are_not_notes():
    comment = parse_comment(
        "Akylbek Japarov, surname alone.\ncues: Cabinet | premier\ncues: Akylbek\n"
        "cues (ru): председател | Кабмин\nvariants: Zhaparov\ngrammar: person"
    )
    assert comment.notes == ("Akylbek Japarov, surname alone.",)
    assert comment.cues == {"en": ("Cabinet", "premier", "Akylbek"), "ru": ("председател", "Кабмин")}
    assert comment.variants == {"en": ("Zhaparov",)}
    assert comment.grammar == "person"


def test_cues_are_collected_from_every_catalog_of_the_term(glossary):
    term = glossary.get("Japarov", "person: Akylbek Japarov")
    assert "председател" in term.cues("ru") and "төрага" in term.cues("ky")
    assert term.cues("en").count("Cabinet") == 1  # written in both files, listed once


def test_a_cue_is_a_word_beginning_and_an_acronym_cue_a_whole_word():
    tokens = tokenize("Председателя кабмина и ЖКК встретили, Министрлер кабинетинин төрагасы.")
    assert cue_spans("председател", tokens) == [(0, 12)]
    assert cue_spans("Министрлер Кабинет", tokens) == [(38, 60)]
    assert cue_spans("ЖК", tokens) == []
    assert cue_spans("ЖКК", tokens) == [(23, 26)]
    assert cue_spans("", tokens) == []


def test_choose_homonym_without_cues_takes_the_first_in_file_order():
    ru = HEADER.format(lang="ru")
    text = (
        ru + 'msgctxt "place"\nmsgid "Georgia"\nmsgstr "Грузия"\n\n'
        '#. cues: Atlanta | state\nmsgctxt "us-state"\nmsgid "Georgia"\nmsgstr "Джорджия"\n'
    )
    glossary = read_glossary(io.StringIO(text), "ru.po")
    terms = [t for t in glossary.terms if t.msgid == "Georgia"]
    sentence = "Tbilisi is the capital of Georgia."
    start = sentence.index("Georgia")
    assert choose_homonym(terms, sentence, start, start + 7, "en").msgctxt == "place"
    (match,) = find_terms(glossary, "The governor of the state of Georgia spoke in Atlanta.", "en")
    assert match.term.msgctxt == "us-state"
    (match,) = find_terms(glossary, "Georgia and Armenia signed a treaty.", "en")
    assert match.term.msgctxt == "place"


def test_lint_warns_about_cues_that_have_no_homonym_to_choose_from(tmp_path):
    path = tmp_path / "ru.po"
    path.write_text(
        HEADER.format(lang="ru") + '#. cues: president\nmsgctxt "person"\nmsgid "Putin"\nmsgstr "Путин"\n\n'
        '#. cues: Cabinet\nmsgctxt "person: Akylbek Japarov"\nmsgid "Japarov"\nmsgstr "Жапаров"\n\n'
        'msgctxt "person"\nmsgid "Japarov"\nmsgstr "Жапаров"\n',
        encoding="utf-8",
    )
    cues = [(f.line, f.code, f.severity) for f in lint([path]) if f.code == "cues"]
    assert cues == [(6, "cues", "warning")]
    (finding,) = [f for f in lint([path]) if f.code == "cues"]
    assert "'Putin' (person)" in finding.message
