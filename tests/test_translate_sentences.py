"""translate_sentences: the memory around the glossary around the engine, typed results."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest

from newsl10n.errors import TranslationError
from newsl10n.glossary.apply import SentenceResult, translate_sentences
from newsl10n.glossary.enforce import TermOccurrence
from newsl10n.glossary.io import read_glossary
from newsl10n.glossary.model import Glossary
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.memory import TranslationMemory

GLOSSARY = 'msgid ""\nmsgstr "Language: ru\\n"\n\nmsgid "Bishkek"\nmsgstr "Бишкек"\n'
SENTENCE = "The mayor of Bishkek spoke on Monday."


def _drop_placeholders(s: str, src: str, tgt: str) -> str:
    return re.sub(r"\bNE\d+\b ?", "", s)


@pytest.fixture
def glossary() -> Glossary:
    return read_glossary(io.StringIO(GLOSSARY), name="ru.po", lang="ru")


@pytest.fixture
def memory(tmp_path: Path):
    with TranslationMemory.open(tmp_path / "tm.sqlite3") as tm:
        yield tm


def rows(memory: TranslationMemory) -> list[tuple[str, str]]:
    with sqlite3.connect(memory.path) as conn:
        return sorted(conn.execute("SELECT source, target FROM segments"))


def test_memory_holds_real_text_and_hits_skip_the_engine(glossary, memory):
    engine = FakeTranslator()
    (first,) = translate_sentences([SENTENCE], "en", "ru", engine, glossary=glossary, memory=memory)
    assert first == SentenceResult(first.text, first.terms, from_memory=False)
    assert "Бишкек" in first.text and "NE1" not in first.text
    assert [type(t) for t in first.terms] == [TermOccurrence]
    assert rows(memory) == [(SENTENCE, first.text)]
    (second,) = translate_sentences([SENTENCE], "en", "ru", engine, glossary=glossary, memory=memory)
    assert engine.calls == [("en", "ru", 1)]
    assert second.from_memory and second.text == first.text
    assert [t.status for t in second.terms] == ["model"]  # placed by finish, not repaired


def test_a_translation_with_a_missing_term_is_not_stored(glossary, memory, monkeypatch):
    from newsl10n.glossary import enforce

    original = enforce.finish
    monkeypatch.setattr(
        enforce,
        "finish",
        lambda g, plan, outputs, translator, **kw: original(g, plan, outputs, translator, repair=False),
    )
    engine = FakeTranslator(rule=_drop_placeholders)
    (result,) = translate_sentences(
        [SENTENCE],
        "en",
        "ru",
        engine,
        glossary=glossary,
        memory=memory,
        term_strategy=enforce.TermStrategy.MASK,
    )
    assert [t.status for t in result.missing] == ["missing"]
    assert rows(memory) == []


def test_sentences_not_to_remember_are_neither_looked_up_nor_stored(memory):
    engine = FakeTranslator()
    translate_sentences(["Kept.", "Not kept."], "en", "ru", engine, memory=memory, remember=[True, False])
    assert rows(memory) == [("Kept.", "[ru] Kept.")]
    results = translate_sentences(
        ["Kept.", "Kept."], "en", "ru", engine, memory=memory, remember=[True, False]
    )
    assert [r.from_memory for r in results] == [True, False]
    assert engine.calls[-1] == ("en", "ru", 1)


class Brackets:
    """A codec: the engine sees the text in angle brackets; ``!`` outputs are unusable."""

    def encode(self, text: str) -> str:
        return f"<{text}>"

    def decode(self, output: str) -> str:
        return output.replace("<", "").replace(">", "")

    def keep(self, translation: str) -> bool:
        return "!" not in translation


def test_codecs_wrap_the_engine_inside_the_memory(memory):
    engine = FakeTranslator()
    results = translate_sentences(
        ["One.", "Two!"], "en", "ru", engine, memory=memory, codecs=[Brackets(), Brackets()]
    )
    assert [r.text for r in results] == ["[ru] One.", "[ru] Two!"]
    assert rows(memory) == [("One.", "[ru] One.")]


def test_wrong_output_count_is_a_translation_error(memory):
    class Short(FakeTranslator):
        def translate_batch(self, sentences, src, tgt):
            return super().translate_batch(sentences, src, tgt)[:-1]

    with pytest.raises(TranslationError, match="1 outputs for 2 sentences"):
        translate_sentences(["A.", "B."], "en", "ru", Short(), memory=memory)
    assert rows(memory) == []
    with pytest.raises(ValueError):
        translate_sentences(["A."], "en", "ru", Short(), remember=[])
