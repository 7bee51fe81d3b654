"""The shipped glossary (glossary/ru.po, glossary/ky.po): the names a Bishkek desk writes daily.

Every term is in both catalogs with its rendering, the catalogs lint clean, and each term is
recognised in news-like Russian and Kyrgyz sentences in its inflected forms (hyphenated Russian
names, surnames pymorphy misreads, Kyrgyz acronyms with a suffix in either harmony).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsl10n.glossary.io import load_glossary
from newsl10n.glossary.lint import lint
from newsl10n.glossary.matching import find_terms
from newsl10n.glossary.model import Glossary
from newsl10n.glossary.morphology import Case

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "glossary"

# (msgctxt, msgid, ru, ky): the terms issue 10 adds.
NEW_TERMS = [
    ("org", "Jogorku Kenesh", "Жогорку Кенеш", "Жогорку Кеңеш"),
    ("org", "Cabinet of Ministers", "Кабинет министров", "Министрлер Кабинети"),
    ("person", "Akylbek Japarov", "Акылбек Жапаров", "Акылбек Жапаров"),
    ("person: Akylbek Japarov", "Japarov", "Жапаров", "Жапаров"),
    ("place", "Osh", "Ош", "Ош"),
    ("place", "Jalal-Abad", "Джалал-Абад", "Жалал-Абад"),
    ("place", "Batken", "Баткен", "Баткен"),
    ("place", "Talas", "Талас", "Талас"),
    ("place", "Naryn", "Нарын", "Нарын"),
    ("place", "Issyk-Kul", "Иссык-Куль", "Ысык-Көл"),
    ("place", "Chui", "Чуйская область", "Чүй облусу"),
    ("place", "Osh Region", "Ошская область", "Ош облусу"),
    ("place", "Jalal-Abad Region", "Джалал-Абадская область", "Жалал-Абад облусу"),
    ("place", "Batken Region", "Баткенская область", "Баткен облусу"),
    ("place", "Talas Region", "Таласская область", "Талас облусу"),
    ("place", "Naryn Region", "Нарынская область", "Нарын облусу"),
    ("place", "Issyk-Kul Region", "Иссык-Кульская область", "Ысык-Көл облусу"),
    ("place", "Karakol", "Каракол", "Каракол"),
    ("place", "Uzbekistan", "Узбекистан", "Өзбекстан"),
    ("place", "China", "Китай", "Кытай"),
    ("person", "Kassym-Jomart Tokayev", "Касым-Жомарт Токаев", "Касым-Жомарт Токаев"),
    ("person", "Tokayev", "Токаев", "Токаев"),
    ("person", "Shavkat Mirziyoyev", "Шавкат Мирзиёев", "Шавкат Мирзиёев"),
    ("person", "Mirziyoyev", "Мирзиёев", "Мирзиёев"),
    ("person", "Emomali Rahmon", "Эмомали Рахмон", "Эмомали Рахмон"),
    ("person", "Rahmon", "Рахмон", "Рахмон"),
    ("person", "Alexander Lukashenko", "Александр Лукашенко", "Александр Лукашенко"),
    ("person", "Lukashenko", "Лукашенко", "Лукашенко"),
    ("person", "Xi Jinping", "Си Цзиньпин", "Си Цзиньпин"),
    ("org", "SCO", "ШОС", "ШКУ"),
    (
        "org",
        "Shanghai Cooperation Organisation",
        "Шанхайская организация сотрудничества",
        "Шанхай кызматташтык уюму",
    ),
    ("org", "EAEU", "ЕАЭС", "ЕАЭБ"),
    ("org", "Eurasian Economic Union", "Евразийский экономический союз", "Евразия экономикалык бирлиги"),
    ("org", "CIS", "СНГ", "КМШ"),
    (
        "org",
        "Commonwealth of Independent States",
        "Содружество Независимых Государств",
        "Көз карандысыз мамлекеттердин шериктештиги",
    ),
    ("org", "UN", "ООН", "БУУ"),
    ("org", "United Nations", "Организация Объединенных Наций", "Бириккен Улуттар Уюму"),
    ("org", "Kabar", "Кабар", "Кабар"),
    ("org", "AKIpress", "AKIpress", "AKIpress"),
    ("org", "24.kg", "24.kg", "24.kg"),
    ("org", "Azattyk", "Азаттык", "Азаттык"),
    ("org", "Sputnik", "Sputnik", "Sputnik"),
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY)


def test_the_shipped_catalogs_lint_clean_and_hold_every_term_in_both_languages():
    assert lint([GLOSSARY]) == []


@pytest.mark.parametrize(("ctxt", "msgid", "ru", "ky"), NEW_TERMS, ids=[t[1] + "/" + t[0] for t in NEW_TERMS])
def test_every_new_term_has_its_ru_and_ky_rendering(glossary, ctxt, msgid, ru, ky):
    term = glossary.get(msgid, ctxt)
    assert term is not None and term.msgctxt == ctxt
    assert term.rendering("ru") == ru
    assert term.rendering("ky") == ky


def test_the_shipped_glossary_counts_65_terms(glossary):
    """README and docs/glossary.md quote this count ("2 languages, 65 terms")."""
    assert glossary.languages == ("ky", "ru")
    assert len(glossary.terms) == 65


def test_kyrgyz_names_take_suffixes_only_the_adjective_is_indeclinable(glossary):
    indeclinable = [e.msgid for e in glossary.entries("ky") if e.grammar.indeclinable]
    assert indeclinable == ["Armenian"]


def test_russian_acronyms_are_kyrgyz_variants_and_the_agencies_keep_their_names(glossary):
    for msgid, acronym in (("CSTO", "ОДКБ"), ("SCO", "ШОС"), ("EAEU", "ЕАЭС"), ("CIS", "СНГ"), ("UN", "ООН")):
        term = glossary.get(msgid)
        assert term is not None and acronym in term.variants("ky")
    for msgid in ("AKIpress", "24.kg", "Sputnik"):
        term = glossary.get(msgid)
        assert term is not None and term.keep and term.target_rendering("ky") == msgid


def test_leaders_are_people_and_their_surnames_stand_alone(glossary):
    for full, surname in (
        ("Kassym-Jomart Tokayev", "Tokayev"),
        ("Shavkat Mirziyoyev", "Mirziyoyev"),
        ("Emomali Rahmon", "Rahmon"),
        ("Alexander Lukashenko", "Lukashenko"),
    ):
        for msgid in (full, surname):
            term = glossary.get(msgid, "person")
            assert term is not None and term.grammar("ru").person
        assert glossary.get(full).rendering("ru").endswith(glossary.get(surname).rendering("ru"))


# (lang, sentence, surface, msgid, case): news-like sentences, the name as written in them.
RECOGNISED = [
    # Russian
    ("ru", "Депутаты Жогорку Кенеш приняли закон в третьем чтении.", "Жогорку Кенеш", "Jogorku Kenesh", None),
    pytest.param(
        "ru",
        "Законопроект внесен на рассмотрение Жогорку Кенеша.",
        "Жогорку Кенеша",
        "Jogorku Kenesh",
        Case.GEN,
    ),
    pytest.param(
        "ru",
        "Вопрос обсудили в Жогорку Кенеше.",
        "Жогорку Кенеше",
        "Jogorku Kenesh",
        Case.LOC,
    ),
    (
        "ru",
        "Постановление Кабинета министров вступает в силу.",
        "Кабинета министров",
        "Cabinet of Ministers",
        Case.GEN,
    ),
    ("ru", "Проект направлен в кабмин на согласование.", "кабмин", "Cabinet of Ministers", None),
    ("ru", "Председатель кабмина провел совещание.", "кабмина", "Cabinet of Ministers", Case.GEN),
    (
        "ru",
        "Садыр Жапаров освободил Акылбека Жапарова от должности.",
        "Акылбека Жапарова",
        "Akylbek Japarov",
        Case.ACC,  # освободил + accusative (animate: the genitive's form)
    ),
    ("ru", "В Оше прошел форум предпринимателей.", "Оше", "Osh", Case.LOC),
    ("ru", "Из Оша в Бишкек запустят новый рейс.", "Оша", "Osh", Case.GEN),
    pytest.param("ru", "В Джалал-Абаде отремонтируют дороги.", "Джалал-Абаде", "Jalal-Abad", Case.LOC),
    ("ru", "Жители Баткена пожаловались на нехватку воды.", "Баткена", "Batken", Case.GEN),
    ("ru", "В Таласе открыли новую школу.", "Таласе", "Talas", Case.LOC),
    ("ru", "Трасса до Нарына будет закрыта.", "Нарына", "Naryn", Case.GEN),
    ("ru", "Туристы едут на Иссык-Куль.", "Иссык-Куль", "Issyk-Kul", None),
    pytest.param("ru", "Отдых на Иссык-Куле подорожал.", "Иссык-Куле", "Issyk-Kul", Case.LOC),
    ("ru", "В Чуйской области выпал снег.", "Чуйской области", "Chui", Case.LOC),
    ("ru", "В Ошской области проверят школы.", "Ошской области", "Osh Region", Case.LOC),
    pytest.param(
        "ru",
        "В Иссык-Кульской области ввели карантин.",
        "Иссык-Кульской области",
        "Issyk-Kul Region",
        Case.LOC,
    ),
    ("ru", "Мэрия Каракола объявила конкурс.", "Каракола", "Karakol", Case.GEN),
    ("ru", "Кыргызстан и Узбекистан подписали соглашение о границе.", "Узбекистан", "Uzbekistan", None),
    ("ru", "Товарооборот с Китаем вырос на 20 процентов.", "Китаем", "China", Case.INS),
    pytest.param(
        "ru",
        "Садыр Жапаров поздравил Токаева с днем рождения.",
        "Токаева",
        "Tokayev",
        Case.ACC,
    ),
    (
        "ru",
        "Президент встретился с Шавкатом Мирзиёевым.",
        "Шавкатом Мирзиёевым",
        "Shavkat Mirziyoyev",
        Case.INS,
    ),
    ("ru", "Переговоры с Эмомали Рахмоном прошли в Душанбе.", "Эмомали Рахмоном", "Emomali Rahmon", Case.INS),
    ("ru", "Александр Лукашенко прибыл в Бишкек.", "Александр Лукашенко", "Alexander Lukashenko", None),
    pytest.param(
        "ru",
        "Лидеры провели переговоры с председателем КНР Си Цзиньпином.",
        "Си Цзиньпином",
        "Xi Jinping",
        Case.INS,
    ),
    ("ru", "Визит Си Цзиньпина в Астану начался.", "Си Цзиньпина", "Xi Jinping", Case.GEN),
    ("ru", "Саммит ШОС пройдет в Бишкеке.", "ШОС", "SCO", None),
    ("ru", "Страны ЕАЭС обсудили общий рынок.", "ЕАЭС", "EAEU", None),
    ("ru", "Неформальный саммит СНГ прошел в Петербурге.", "СНГ", "CIS", None),
    ("ru", "Генсек ООН призвал к диалогу.", "ООН", "UN", None),
    ("ru", "Об этом сообщает Кабар.", "Кабар", "Kabar", None),
    ("ru", "Как сообщает 24.kg, заседание перенесли.", "24.kg", "24.kg", None),
    ("ru", "Об этом пишет AKIpress.", "AKIpress", "AKIpress", None),
    ("ru", "Об этом сообщает радио Азаттык.", "Азаттык", "Azattyk", None),
    ("ru", "Журналисты «Клоопа» и «Азаттыка» выпустили расследование.", "Азаттыка", "Azattyk", Case.GEN),
    ("ru", "Об этом сообщили «Кабару» в пресс-службе.", "Кабару", "Kabar", Case.DAT),
    ("ru", "БИШКЕК, 16 дек — Sputnik.", "Sputnik", "Sputnik", None),
    # Kyrgyz
    ("ky", "Жогорку Кеңештин жыйынында мыйзам кабыл алынды.", "Жогорку Кеңештин", "Jogorku Kenesh", Case.GEN),
    ("ky", "Долбоор Жогорку Кеңешке жиберилди.", "Жогорку Кеңешке", "Jogorku Kenesh", Case.DAT),
    ("ky", "Маселе Жогорку Кенеште талкууланды.", "Жогорку Кенеште", "Jogorku Kenesh", Case.LOC),
    (
        "ky",
        "Министрлер кабинетинин төрагасы жолугушуу өткөрдү.",
        "Министрлер кабинетинин",
        "Cabinet of Ministers",
        Case.GEN,
    ),
    (
        "ky",
        "Токтом Министрлер Кабинетинде кабыл алынды.",
        "Министрлер Кабинетинде",
        "Cabinet of Ministers",
        Case.LOC,
    ),
    ("ky", "Ошто эл аралык форум өттү.", "Ошто", "Osh", Case.LOC),
    ("ky", "Президент Ошко иш сапары менен барды.", "Ошко", "Osh", Case.DAT),
    ("ky", "Оштон Бишкекке жаңы каттам ачылды.", "Оштон", "Osh", Case.ABL),
    ("ky", "Оштогу базарда өрт чыкты.", "Оштогу", "Osh", Case.ATTR),
    ("ky", "Жалал-Абадда жолдор оңдолот.", "Жалал-Абадда", "Jalal-Abad", Case.LOC),
    ("ky", "Баткендин тургундары суу жетишсиз экенин айтышты.", "Баткендин", "Batken", Case.GEN),
    ("ky", "Таласта жаңы мектеп ачылды.", "Таласта", "Talas", Case.LOC),
    ("ky", "Нарындан Бишкекке чейинки жол жабылат.", "Нарындан", "Naryn", Case.ABL),
    ("ky", "Туристер Ысык-Көлгө агылып келүүдө.", "Ысык-Көлгө", "Issyk-Kul", Case.DAT),
    ("ky", "Чүй облусунда кар жаады.", "Чүй облусунда", "Chui", Case.LOC),
    ("ky", "Ош облусунун губернатору отчет берди.", "Ош облусунун", "Osh Region", Case.GEN),
    (
        "ky",
        "Ысык-Көл облусундагы мектептер текшерилет.",
        "Ысык-Көл облусундагы",
        "Issyk-Kul Region",
        Case.ATTR,
    ),
    ("ky", "Караколдо кышкы фестиваль башталды.", "Караколдо", "Karakol", Case.LOC),
    (
        "ky",
        "Кыргызстан менен Өзбекстандын ортосунда келишим түзүлдү.",
        "Өзбекстандын",
        "Uzbekistan",
        Case.GEN,
    ),
    ("ky", "Кытайга экспорт 20 пайызга өстү.", "Кытайга", "China", Case.DAT),
    ("ky", "Кытайдан келген жүк ташуучу унаалар.", "Кытайдан", "China", Case.ABL),
    ("ky", "Тажикистандын чек ара кызматы билдирди.", "Тажикистандын", "Tajikistan", Case.GEN),
    ("ky", "Таджикистанга делегация жөнөдү.", "Таджикистанга", "Tajikistan", Case.DAT),
    (
        "ky",
        "Садыр Жапаров Касым-Жомарт Токаевди куттуктады.",
        "Касым-Жомарт Токаевди",
        "Kassym-Jomart Tokayev",
        Case.ACC,
    ),
    ("ky", "Президент Токаевге телефон чалды.", "Токаевге", "Tokayev", Case.DAT),
    ("ky", "Шавкат Мирзиёев менен сүйлөшүү болду.", "Шавкат Мирзиёев", "Shavkat Mirziyoyev", None),
    ("ky", "Эмомали Рахмондун сапары жарыяланды.", "Эмомали Рахмондун", "Emomali Rahmon", Case.GEN),
    ("ky", "Лукашенконун билдирүүсү талкууланды.", "Лукашенконун", "Lukashenko", Case.GEN),
    ("ky", "Си Цзиньпин Бишкекке келди.", "Си Цзиньпин", "Xi Jinping", None),
    ("ky", "ЖККУнун саммити Минскиде өттү.", "ЖККУнун", "CSTO", Case.GEN),
    pytest.param("ky", "ОДКБнын саммити Минскиде өттү.", "ОДКБнын", "CSTO", Case.GEN),
    ("ky", "Кыргызстан ОДКБ менен кызматташат.", "ОДКБ", "CSTO", None),
    ("ky", "ШКУнун баш катчысы Бишкекке келди.", "ШКУнун", "SCO", Case.GEN),
    ("ky", "ЕАЭБге мүчө өлкөлөр макулдашты.", "ЕАЭБге", "EAEU", Case.DAT),
    pytest.param("ky", "КМШнын саммити Ашхабадда өттү.", "КМШнын", "CIS", Case.GEN),
    ("ky", "БУУнун Башкы катчысы билдирүү жасады.", "БУУнун", "UN", Case.GEN),
    (
        "ky",
        "Шанхай кызматташтык уюмуна мүчө мамлекеттер.",
        "Шанхай кызматташтык уюмуна",
        "Shanghai Cooperation Organisation",
        Case.DAT,
    ),
    ("ky", "Бул тууралуу Кабарга маалымдашты.", "Кабарга", "Kabar", Case.DAT),
    ("ky", "Элчи Азаттыкка билдирди.", "Азаттыкка", "Azattyk", Case.DAT),
    ("ky", "Бул тууралуу РИА Новостиге билдирди.", "РИА Новостиге", "RIA Novosti", Case.DAT),
]


def _ids(cases: list) -> list[str]:
    ids = []
    for item in cases:
        values = item.values if hasattr(item, "values") else item
        lang, _sentence, _surface, msgid, case = values
        ids.append(f"{lang}-{msgid}-{case.value if case else 'any'}-{len(ids)}")
    return ids


@pytest.mark.parametrize(("lang", "sentence", "surface", "msgid", "case"), RECOGNISED, ids=_ids(RECOGNISED))
def test_each_term_is_recognised_in_news_sentences_in_its_inflected_forms(
    glossary, lang, sentence, surface, msgid, case
):
    found = {m.text: m for m in find_terms(glossary, sentence, lang)}
    assert surface in found, sorted(found)
    assert found[surface].term.msgid == msgid
    assert sentence.index(surface) == found[surface].start
    if case is not None:
        assert found[surface].case is case


def test_english_spellings_of_the_new_terms(glossary):
    text = (
        "Zhogorku Kenesh deputies met the Cabinet in Jalalabad and Ysyk-Kol; "
        "Tokaev, Mirziyoev and Lukashenka flew to the Chuy region for the EEU and U.N. talks."
    )
    found = [(m.text, m.term.msgid) for m in find_terms(glossary, text, "en")]
    assert found == [
        ("Zhogorku Kenesh", "Jogorku Kenesh"),
        ("Cabinet", "Cabinet of Ministers"),
        ("Jalalabad", "Jalal-Abad"),
        ("Ysyk-Kol", "Issyk-Kul"),
        ("Tokaev", "Tokayev"),
        ("Mirziyoev", "Mirziyoyev"),
        ("Lukashenka", "Lukashenko"),
        ("Chuy region", "Chui"),
        ("EEU", "EAEU"),
        ("U.N.", "UN"),
    ]
