"""Case inflection of glossary renderings: Kyrgyz suffixes and Russian endings."""

from __future__ import annotations

import pytest

from newsl10n.glossary.context import case_from_context
from newsl10n.glossary.morphology import (
    Case,
    Grammar,
    case_of_suffix,
    declension,
    lexeme,
    same_lemma,
)

PERSON = Grammar(person=True)


@pytest.mark.parametrize(
    "word, case, expected",
    [
        ("Жапаров", Case.GEN, "Жапаровдун"),
        ("Жапаров", Case.DAT, "Жапаровго"),
        ("Кант", Case.LOC, "Кантта"),
        ("Бишкек", Case.LOC, "Бишкекте"),
        ("Бишкек", Case.ABL, "Бишкектен"),
        ("Кыргызстан", Case.GEN, "Кыргызстандын"),
        ("Москва", Case.DAT, "Москвага"),
        ("Садыр Жапаров", Case.ACC, "Садыр Жапаровду"),
    ],
)
def test_kyrgyz_suffixes_follow_harmony_and_assimilation(word, case, expected):
    assert declension(word, "ky", PERSON if "Жапаров" in word else Grammar())[case] == expected


def test_kyrgyz_acronym_takes_lowercase_suffixes():
    forms = declension("ЖККУ", "ky")
    assert forms[Case.GEN] == "ЖККУнун"
    assert forms[Case.DAT] == "ЖККУга"


@pytest.mark.parametrize(
    "phrase, case, expected",
    [
        ("Кыргыз Республикасы", Case.LOC, "Кыргыз Республикасында"),
        ("Кыргыз Республикасы", Case.ACC, "Кыргыз Республикасын"),
        (
            "Жамааттык коопсуздук жөнүндө келишим уюму",
            Case.DAT,
            "Жамааттык коопсуздук жөнүндө келишим уюмуна",
        ),
        ("Кант авиабазасы", Case.GEN, "Кант авиабазасынын"),
    ],
)
def test_kyrgyz_possessive_head_takes_pronominal_n(phrase, case, expected):
    assert declension(phrase, "ky", Grammar(possessive=True))[case] == expected


@pytest.mark.parametrize(
    "name, case, expected",
    [
        ("Жапаров", Case.INS, "Жапаровым"),
        ("Жапаров", Case.GEN, "Жапарова"),
        ("Жапаров", Case.ACC, "Жапарова"),
        ("Садыр Жапаров", Case.DAT, "Садыру Жапарову"),
        ("Владимир Путин", Case.INS, "Владимиром Путиным"),
    ],
)
def test_russian_person_names_decline_every_word_regularly(name, case, expected):
    assert declension(name, "ru", PERSON)[case] == expected


def test_russian_places_are_inanimate():
    forms = declension("Кант", "ru")
    assert forms[Case.LOC] == "Канте"
    assert forms[Case.ACC] == "Кант"  # not "Канта": the town, not the philosopher


def test_russian_acronym_is_indeclinable():
    assert set(declension("ОДКБ", "ru").values()) == {"ОДКБ"}


def test_indeclinable_hint_freezes_every_case():
    assert set(declension("РИА Новости", "ru", Grammar(indeclinable=True)).values()) == {"РИА Новости"}


@pytest.mark.parametrize(
    "phrase, case, expected",
    [
        ("авиабаза Кант", Case.LOC, "авиабазе Кант"),
        (
            "Организация Договора о коллективной безопасности",
            Case.GEN,
            "Организации Договора о коллективной безопасности",
        ),
        ("Российская Федерация", Case.ACC, "Российскую Федерацию"),
        ("Нагорный Карабах", Case.LOC, "Нагорном Карабахе"),
        (
            "Объединенная региональная система противовоздушной обороны",
            Case.INS,
            "Объединенной региональной системой противовоздушной обороны",
        ),
    ],
)
def test_russian_multiword_declines_adjectives_and_head_only(phrase, case, expected):
    assert declension(phrase, "ru")[case] == expected


def test_head_hint_limits_the_declined_words():
    assert declension("Российская Федерация", "ru", Grammar(head=1))[Case.GEN] == "Российской Федерация"


def test_other_languages_keep_the_base_form():
    assert set(declension("Kyrgyzstan", "en").values()) == {"Kyrgyzstan"}


@pytest.mark.parametrize(
    "suffix, lang, case",
    [
        ("га", "ky", Case.DAT),
        ("-дын", "ky", Case.GEN),
        ("да", "ky", Case.LOC),
        ("дан", "ky", Case.ABL),
        ("ом", "ru", Case.INS),
        ("xyz", "ky", None),
    ],
)
def test_case_of_suffix(suffix, lang, case):
    assert case_of_suffix(suffix, lang) is case


@pytest.mark.parametrize(
    "before, after, lang, case",
    [
        ("Он живёт в ", "", "ru", Case.LOC),
        ("Учения на ", " прошли", "ru", Case.LOC),
        ("Визит в ", "", "ru", Case.ACC),
        ("Делегация вылетела вчера в ", "", "ru", Case.ACC),
        ("Переговоры с ", "", "ru", Case.INS),
        ("Делегация из ", "", "ru", Case.GEN),
        ("", " каршы чыкты", "ky", Case.DAT),
        ("", " кийин", "ky", Case.ABL),
        ("", " менен сүйлөштү", "ky", Case.NOM),
        ("", "’s parliament", "en", Case.GEN),
        ("a visit to ", "", "en", Case.DAT),
        ("Он сказал ", "", "ru", None),
    ],
)
def test_case_from_context(before, after, lang, case):
    assert case_from_context(before, after, lang) is case


def test_lexeme_accepts_adjective_agreement():
    forms = lexeme("армянский", "ru")
    assert forms["армянской"] is Case.GEN
    assert "армянские" in forms
    assert lexeme("Кант", "ru") == {}


def test_same_lemma_uses_pymorphy_for_russian_only():
    assert same_lemma("Москвой", "Москва", "ru")
    assert not same_lemma("Бишкеком", "Москва", "ru")
    assert not same_lemma("Москвада", "Москва", "ky")


def test_grammar_hint_parsing():
    assert Grammar.parse("possessive, head=2") == Grammar(possessive=True, head=2)
    assert Grammar.parse("indeclinable | person").indeclinable
    assert Grammar.parse("", person=True).person
