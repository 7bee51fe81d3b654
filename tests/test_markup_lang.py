"""A translated whole HTML document states its new language (issue 11)."""

from __future__ import annotations

from newsl10n.markup import parse_html

PAGE = (
    "<!DOCTYPE html>\n<html lang='ru' xml:lang=\"ru\" class=x>\n<head><title>Новости</title></head>\n"
    "<body><p>Президент прибыл.</p></body>\n</html>\n"
)


def _translated(source: str, language: str | None) -> str:
    doc = parse_html(source)
    return doc.render(
        {s.id: "Президент келди." for s in doc.segments if s.text == "Президент прибыл."}, language=language
    )


def test_the_root_lang_and_xml_lang_become_the_target_language() -> None:
    out = _translated(PAGE, "ky")
    assert "<html lang='ky' xml:lang=\"ky\" class=x>" in out
    assert "<p>Президент келди.</p>" in out
    assert out.replace("ky", "ru").replace("келди", "прибыл") == PAGE


def test_a_document_without_lang_gets_one_and_untranslated_stays_byte_exact() -> None:
    page = '<html data-x="1"><body><p title="Заголовок">Президент прибыл.</p></body></html>'
    assert _translated(page, "en").startswith('<html lang="en" data-x="1">')
    assert parse_html(page).render({}) == page
    assert parse_html(PAGE).render({}) == PAGE
    assert parse_html(PAGE).render({}, language="ky").startswith("<!DOCTYPE html>\n<html lang='ky'")


def test_without_a_language_or_in_a_fragment_nothing_changes() -> None:
    assert _translated(PAGE, None) == PAGE.replace("прибыл", "келди")
    fragment = '<div lang="ru"><p>Президент прибыл.</p></div>'
    assert _translated(fragment, "ky") == '<div lang="ru"><p>Президент келди.</p></div>'


def test_only_the_first_html_tag_is_the_root_and_other_attributes_still_translate() -> None:
    page = '<html lang=ru title="Новости"><body><p>Президент прибыл.</p><html lang="ru"></body></html>'
    doc = parse_html(page)
    assert [s.text for s in doc.segments if s.kind == "attribute"] == ["Новости"]
    out = doc.render({"a1": "Жаңылыктар"}, language="zh_Hant")
    assert out.startswith('<html lang=zh-Hant title="Жаңылыктар">')
    assert out.endswith('<html lang="ru"></body></html>')
