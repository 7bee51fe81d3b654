"""One strict PO reader for catalogs and glossaries: the same text is refused by both."""

from __future__ import annotations

import io

import pytest

from newsl10n.errors import CatalogError, GlossaryFormatError
from newsl10n.glossary.io import load_glossary, read_glossary
from newsl10n.pofile import parse_po, read_catalog

HEADER = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
UNTERMINATED = HEADER + 'msgid "Kant"\nmsgstr "Кант\n'
BAD_ESCAPE = HEADER + 'msgid "Kant"\nmsgstr "Ка\\qнт"\n'
DUPLICATE = HEADER + 'msgid "Kant"\nmsgstr "Кант"\n\nmsgid "Kant"\nmsgstr "Канат"\n'


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (UNTERMINATED, 7, "unterminated"),
        (BAD_ESCAPE, 7, "escape"),
    ],
)
def test_glossary_and_catalog_refuse_the_same_malformed_text(tmp_path, text, line, words):
    path = tmp_path / "ru.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryFormatError) as glossary_error:
        load_glossary(path)
    with pytest.raises(CatalogError) as catalog_error:
        read_catalog(io.BytesIO(text.encode("utf-8")), path)
    for error in (glossary_error.value, catalog_error.value):
        assert error.line == line and words in error.reason and error.path == str(path)


def test_an_unterminated_glossary_string_is_not_read_as_a_shorter_term(tmp_path):
    # polib alone reads 'msgstr "Кант' as the term "Кант" (or a truncation of it).
    with pytest.raises(GlossaryFormatError, match=r"ru\.po:7: unterminated string"):
        read_glossary(io.StringIO(UNTERMINATED), str(tmp_path / "ru.po"))


def test_duplicates_are_refused_unless_the_caller_reports_them_itself():
    with pytest.raises(CatalogError, match="duplicate"):
        parse_po(DUPLICATE, "ru.po")
    entries = [e.msgid for e in parse_po(DUPLICATE, "ru.po", duplicates=True) if e.msgid]
    assert entries == ["Kant", "Kant"]


def test_a_byte_order_mark_is_tolerated_in_text_and_bytes():
    assert [e.msgstr for e in parse_po("\ufeff" + HEADER + 'msgid "Kant"\nmsgstr "Кант"\n') if e.msgid] == [
        "Кант"
    ]
    po = read_catalog(io.BytesIO(("\ufeff" + HEADER + 'msgid "a"\nmsgstr "б"\n').encode()), "x.po")
    assert [e.msgstr for e in po if e.msgid] == ["б"]
