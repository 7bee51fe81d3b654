"""MemoryTranslator: one lookup, one engine call for the misses, glossary-aware keys."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newsl10n.errors import TranslationError
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.memory import MemoryEntry, MemoryKey, TranslationMemory
from newsl10n.translation.memory_translator import MemoryTranslator
from newsl10n.translation.protocol import DescribingTranslator, PairInfo, PrefixTranslator


@pytest.fixture
def memory(tmp_path: Path):
    with TranslationMemory.open(tmp_path / "memory.sqlite3") as tm:
        yield tm


@dataclass
class RecordingTranslator:
    """Records the sentences of each call; translation is upper-casing, from one model."""

    model: str = "m@1"
    received: list[list[str]] | None = None

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        if self.received is None:
            self.received = []
        self.received.append(list(sentences))
        return [f"{tgt}:{s.upper()}" for s in sentences]

    def describe(self, src: str, tgt: str) -> PairInfo:
        return PairInfo(engine="upper", route=(src, tgt), models=(self.model,))


class StandInGlossary:
    """A tiny glossary with the fingerprint contract: hash of the entries a sentence uses."""

    def __init__(self, entries: Mapping[str, str]) -> None:
        self.entries = dict(entries)

    def fingerprint(self, sentence: str, src: str, tgt: str) -> str:
        used = sorted(f"{term}={self.entries[term]}" for term in self.entries if term in sentence)
        if not used:
            return ""
        return hashlib.sha256(f"{src}>{tgt}|{'|'.join(used)}".encode()).hexdigest()[:16]


def test_second_translation_comes_from_memory(memory: TranslationMemory) -> None:
    inner = RecordingTranslator()
    translator = MemoryTranslator(inner, memory)
    sentences = ["One.", "Two.", "Three."]
    first = translator.translate_batch(sentences, "en", "ru")
    second = translator.translate_batch(sentences, "en", "ru")
    assert first == second == ["ru:ONE.", "ru:TWO.", "ru:THREE."]
    assert inner.received == [sentences]
    assert (translator.hits, translator.misses, translator.translated) == (3, 3, 3)


def test_only_misses_are_translated_in_one_deduplicated_call(memory: TranslationMemory) -> None:
    inner = RecordingTranslator()
    translator = MemoryTranslator(inner, memory)
    translator.translate_batch(["Kept.", "Also kept."], "en", "ru")
    out = translator.translate_batch(["New.", "Kept.", "New.", "Other.", " New. "], "en", "ru")
    assert out == ["ru:NEW.", "ru:KEPT.", "ru:NEW.", "ru:OTHER.", "ru:NEW."]
    assert inner.received == [["Kept.", "Also kept."], ["New.", "Other."]]
    assert translator.hits == 1 and translator.misses == 2 + 4 and translator.translated == 4


def test_whitespace_variants_share_one_translation(memory: TranslationMemory) -> None:
    inner = RecordingTranslator()
    translator = MemoryTranslator(inner, memory)
    out = translator.translate_batch(["A  b.", "A b.", " A\tb. "], "en", "ky")
    assert out == ["ky:A  B."] * 3
    assert inner.received == [["A  b."]]


def test_no_engine_call_when_everything_is_known(memory: TranslationMemory) -> None:
    inner = FakeTranslator()
    translator = MemoryTranslator(inner, memory)
    translator.translate_batch(["Hello."], "en", "ru")
    assert translator.translate_batch(["Hello.", "Hello."], "en", "ru") == ["[ru] Hello."] * 2
    assert inner.calls == [("en", "ru", 1)]
    assert translator.translate_batch([], "en", "ru") == []


def test_new_model_version_misses_old_entries(memory: TranslationMemory) -> None:
    inner = RecordingTranslator(model="m@1")
    translator = MemoryTranslator(inner, memory)
    translator.translate_batch(["Hello."], "en", "ru")
    inner.model = "m@2"
    translator.translate_batch(["Hello."], "en", "ru")
    assert inner.received == [["Hello."], ["Hello."]]
    assert memory.stats().by_model == {"upper/m@1": 1, "upper/m@2": 1}


def test_human_segment_is_used_instead_of_the_engine(memory: TranslationMemory) -> None:
    memory.store(
        [MemoryEntry(MemoryKey("", "", "en", "ru", "", "Kant air base."), "Авиабаза Кант.", "human")]
    )
    inner = RecordingTranslator()
    translator = MemoryTranslator(inner, memory, StandInGlossary({"Kant": "Кант"}).fingerprint)
    out = translator.translate_batch(["Kant air base.", "Other."], "en", "ru")
    assert out == ["Авиабаза Кант.", "ru:OTHER."]
    assert inner.received == [["Other."]]


def test_glossary_edit_invalidates_exactly_the_sentences_using_the_term(memory: TranslationMemory) -> None:
    glossary = StandInGlossary({"Kant": "Кант", "Bishkek": "Бишкек"})
    inner = RecordingTranslator()
    translator = MemoryTranslator(inner, memory, glossary.fingerprint)
    sentences = ["Kant is near Bishkek.", "The base at Kant.", "Bishkek is the capital.", "It rained."]
    translator.translate_batch(sentences, "en", "ru")
    glossary.entries["Kant"] = "Канта"
    translator.translate_batch(sentences, "en", "ru")
    assert inner.received == [sentences, ["Kant is near Bishkek.", "The base at Kant."]]
    # The edit concerns en -> ru only through the key's fingerprint: another pair is apart.
    translator.translate_batch(sentences[2:], "en", "ky")
    assert inner.received[-1] == sentences[2:]


def test_describe_is_forwarded(memory: TranslationMemory) -> None:
    translator = MemoryTranslator(RecordingTranslator(), memory)
    assert translator.describe("en", "ru") == PairInfo("upper", ("en", "ru"), ("m@1",))


def test_engine_returning_the_wrong_count_is_a_translation_error(memory: TranslationMemory) -> None:
    inner = FakeTranslator()
    inner.translate_batch = lambda sentences, src, tgt: ["only one"]  # type: ignore[method-assign]
    translator = MemoryTranslator(inner, memory)
    with pytest.raises(TranslationError, match="1 translations for 2 sentences"):
        translator.translate_batch(["A.", "B."], "en", "ru")
    assert memory.stats().segments == 0


@dataclass
class PrefixEngine(FakeTranslator):
    """Can decode with a target prefix, and records those calls."""

    prefixed: list[tuple[list[str], list[str]]] = field(default_factory=list)

    def translate_with_prefix(
        self, sentences: Sequence[str], prefixes: Sequence[str] | None, src: str, tgt: str
    ) -> list[str]:
        given = list(prefixes or [""] * len(sentences))
        self.prefixed.append((list(sentences), given))
        return [f"{prefix} rest." for prefix in given]


def test_memory_translator_has_exactly_the_inner_capabilities(memory: TranslationMemory) -> None:
    plain = MemoryTranslator(FakeTranslator(), memory)
    prefixed = MemoryTranslator(PrefixEngine(), memory)
    assert isinstance(plain, DescribingTranslator) and isinstance(prefixed, DescribingTranslator)
    assert not isinstance(plain, PrefixTranslator)
    assert isinstance(prefixed, PrefixTranslator) and isinstance(prefixed, MemoryTranslator)


def test_prefixed_decodes_go_past_the_memory(memory: TranslationMemory) -> None:
    inner = PrefixEngine()
    translator = MemoryTranslator(inner, memory)
    translator.translate_batch(["Hello."], "en", "ru")
    assert translator.translate_with_prefix(["Hello."], ["Привет"], "en", "ru") == ["Привет rest."]
    assert inner.prefixed == [(["Hello."], ["Привет"])]
    assert translator.translate_batch(["Hello."], "en", "ru") == ["[ru] Hello."]
    assert memory.stats().segments == 1


def test_under_the_memory_the_glossary_repair_redecodes_with_a_prefix(memory: TranslationMemory) -> None:
    import io
    import re

    from newsl10n.glossary import enforce
    from newsl10n.glossary.io import read_glossary

    glossary = read_glossary(
        io.StringIO('msgid ""\nmsgstr "Language: ru\\n"\n\nmsgid "Bishkek"\nmsgstr "Бишкек"\n'),
        name="ru.po",
        lang="ru",
    )
    inner = PrefixEngine(rule=lambda s, src, tgt: re.sub(r"\bNE\d+\b ?", "", s))
    translator = MemoryTranslator(inner, memory)
    sentences = ["The mayor of Bishkek spoke on Monday."]
    plan = enforce.prepare(glossary, sentences, "en", "ru")
    (result,) = enforce.finish(
        glossary, plan, translator.translate_batch(plan.inputs, "en", "ru"), translator
    )
    ((_, prefixes),) = inner.prefixed  # the repair reached the inner translator
    assert "Бишкек" in prefixes[0] and result.text.startswith(prefixes[0])
    assert [t.status for t in result.terms] == ["repaired"]
    assert all("rest." not in e for e in _targets(memory))


def _targets(memory: TranslationMemory) -> list[str]:
    import sqlite3

    with sqlite3.connect(memory.path) as conn:
        return [row[0] for row in conn.execute("SELECT target FROM segments")]
