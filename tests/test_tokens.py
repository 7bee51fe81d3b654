"""One set of MT tokens: the glossary and the catalog maskers write and find the same ones."""

from __future__ import annotations

import re
from pathlib import Path

import newsl10n
from newsl10n import tokens
from newsl10n.catalog.placeholders import PRINTF, protect
from newsl10n.glossary.enforce import prepare
from newsl10n.glossary.model import Glossary, GlossaryEntry

ROOT = Path(newsl10n.__file__).parent


def test_glossary_masks_with_the_term_token_and_finds_its_mangled_forms():
    glossary = Glossary([GlossaryEntry("ru", "Kant", "place", "Кант")])
    plan = prepare(glossary, ["Putin visits Kant today."], "en", "ru")
    assert plan.inputs == [f"Putin visits {tokens.term(1)} today."]
    for written, n, suffix in (
        ("NE1", "1", None),
        ("НЕ1", "1", None),
        ("NE 2", "2", None),
        ("NE1ге", "1", "ге"),
    ):
        found = tokens.TERM_FOUND.search(f"в {written} ")
        assert found and found["n"] == n and found["suffix"] == suffix, written
    assert tokens.TERM_FOUND.search("не 1 раз") is None


def test_catalog_masks_with_the_slot_token_and_finds_its_mangled_forms():
    protected = protect("Bishkek: %d°C", [PRINTF])
    assert protected.segments == (f"Bishkek: {tokens.slot(1)}°C",)
    for written in ("[X1X]", "[ X 1 X ]", "[x1x]", "X1X"):
        found = tokens.SLOT_FOUND.search(f"Бишкек: {written}°C")
        assert found and (found.group(1) or found.group(2)) == "1", written
    assert tokens.FRAME_FOUND.search("кнопка: [ X0X ] Поделиться")


def test_no_module_but_tokens_spells_a_token_pattern():
    spelled = re.compile(r"NE\{n\}|\(\?:NE\||\\\[X|\[X\{|\[X0X\]|\\\[\\s\*\[Xx\]")
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path.name == "tokens.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if spelled.search(code) and "``" not in code:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
