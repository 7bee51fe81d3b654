"""Catalog pre-translation with a translation memory: real catalog text in, real text out.

The memory sits outside the glossary and the placeholder shielding: it is keyed by the catalog
line as written (``Bishkek: %d°C``) and holds the translation with its placeholders restored,
never the glossary's ``NE1`` or the engine's ``[X1X]`` tokens.
"""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.catalog.catalogs import init_catalogs, load_catalog
from newsl10n.catalog.pretranslate import translate_catalogs
from newsl10n.cli.catalog import catalog_app
from newsl10n.glossary.io import read_glossary
from newsl10n.glossary.model import Glossary
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.memory import TranslationMemory

POT = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#, c-format
msgid "Bishkek: %d°C"
msgstr ""

msgid "Read more"
msgstr ""

msgid "Search the archive"
msgstr ""

#, python-format
msgid "First line about %(place)s\\nSecond line"
msgstr ""
"""

GLOSSARY = 'msgid ""\nmsgstr "Language: ru\\n"\n\nmsgid "Bishkek"\nmsgstr "Бишкек"\n'


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    pot = tmp_path / "site.pot"
    pot.write_text(POT, encoding="utf-8")
    out = tmp_path / "locales"
    init_catalogs(pot, ["ru"], out)
    return out


@pytest.fixture
def glossary() -> Glossary:
    return read_glossary(io.StringIO(GLOSSARY), name="ru.po", lang="ru")


def rows(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT source, target FROM segments"))


def assert_real_text(found: list[tuple[str, str]]) -> None:
    for source, target in found:
        for token in ("NE1", "НЕ1", "[X", "X1X", "X0X"):
            assert token not in source and token not in target, (source, target)


def test_catalog_translate_stores_real_text_in_the_memory(locales, tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "ru.po").write_text(GLOSSARY, encoding="utf-8")
    memory = tmp_path / "tm.sqlite3"
    args = [
        "translate",
        str(locales),
        "--to",
        "ru",
        "--engine",
        "fake",
        "--glossary",
        str(folder),
        "--memory",
        str(memory),
        "--json",
    ]
    result = CliRunner().invoke(catalog_app, args)
    assert result.exit_code == 0, result.output
    found = rows(memory)
    assert ("Bishkek: %d°C", "[ru] Бишкек: %d°C") in found
    assert_real_text(found)
    po = load_catalog(locales / "ru" / "LC_MESSAGES" / "site.po")
    assert po.find("Bishkek: %d°C").msgstr == "[ru] Бишкек: %d°C"
    # Again with --refresh: the machine entries are redone, every line from the memory.
    result = CliRunner().invoke(catalog_app, [*args, "--refresh"])
    assert result.exit_code == 0, result.output
    (catalog,) = json.loads(result.stdout)["catalogs"]
    assert catalog["filled"] == 4 and catalog["from_memory"] == 5
    assert rows(memory) == found


def test_second_run_needs_no_engine_call(locales, glossary, tmp_path):
    with TranslationMemory.open(tmp_path / "tm.sqlite3") as memory:
        first = FakeTranslator()
        translate_catalogs(locales, first, ["ru"], glossary=glossary, memory=memory)
        assert first.calls == [("en", "ru", 5)]  # 5 distinct lines
        second = FakeTranslator()
        (result,) = translate_catalogs(
            locales, second, ["ru"], glossary=glossary, memory=memory, refresh=True
        )
    assert second.calls == [] and result.from_memory == 5 and result.filled == 4
    po = load_catalog(result.path)
    assert po.find("First line about %(place)s\nSecond line").msgstr == (
        "[ru] First line about %(place)s\n[ru] Second line"
    )
    assert_real_text(rows(tmp_path / "tm.sqlite3"))


def test_memory_lines_are_keyed_by_line_and_whitespace_is_kept(locales, tmp_path):
    with TranslationMemory.open(tmp_path / "tm.sqlite3") as memory:
        translate_catalogs(locales, FakeTranslator(), ["ru"], memory=memory)
    found = dict(rows(tmp_path / "tm.sqlite3"))
    assert found["First line about %(place)s"] == "[ru] First line about %(place)s"
    assert found["Second line"] == "[ru] Second line"


def test_unusable_output_is_not_stored(locales, tmp_path):
    def empty_for_archive(s: str, src: str, tgt: str) -> str:
        return "" if "archive" in s else f"[{tgt}] {s}"

    with TranslationMemory.open(tmp_path / "tm.sqlite3") as memory:
        (result,) = translate_catalogs(locales, FakeTranslator(rule=empty_for_archive), ["ru"], memory=memory)
    assert result.fallbacks == 1
    assert "Search the archive" not in dict(rows(tmp_path / "tm.sqlite3"))


def test_framed_context_strings_are_not_stored(tmp_path):
    pot = tmp_path / "site.pot"
    pot.write_text('msgid ""\nmsgstr ""\n\nmsgctxt "button"\nmsgid "Share"\nmsgstr ""\n', encoding="utf-8")
    init_catalogs(pot, ["ru"], tmp_path / "locales")
    table = {
        ("en", "ru"): {
            "button: [X0X] Share": "кнопка: [X0X] Поделиться",
            "button": "кнопка",
            "Share": "Акция",
        }
    }
    with TranslationMemory.open(tmp_path / "tm.sqlite3") as memory:
        (result,) = translate_catalogs(
            tmp_path / "locales", FakeTranslator(table=table), ["ru"], memory=memory
        )
    assert load_catalog(result.path).find("Share", msgctxt="button").msgstr == "Поделиться"
    assert rows(tmp_path / "tm.sqlite3") == [("Share", "Акция")]
