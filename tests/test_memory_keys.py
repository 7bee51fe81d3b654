"""One memory key builder: the pipeline, catalogs and MemoryTranslator find each other's entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newsl10n.pipeline import translate_article
from newsl10n.translation.memory import MemoryKey, TranslationMemory, memory_keys
from newsl10n.translation.memory_translator import MemoryTranslator
from newsl10n.translation.protocol import PairInfo


@dataclass
class Beamed:
    """An engine whose decoding options are part of how it serves a pair."""

    options: str = "beam=2,int8"
    calls: list[list[str]] = field(default_factory=list)

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        self.calls.append(list(sentences))
        return [f"<{self.options}> {s}" for s in sentences]

    def describe(self, src: str, tgt: str) -> PairInfo:
        return PairInfo("beam", (src, tgt), ("m@1",), self.options)


@pytest.fixture
def memory(tmp_path: Path):
    with TranslationMemory.open(tmp_path / "memory.sqlite3") as tm:
        yield tm


def test_keys_name_engine_models_options_and_fingerprint():
    keys = memory_keys(Beamed(), ["A.", "B."], "en", "ru", ["f1", ""])
    assert keys == [
        MemoryKey("beam", "m@1|beam=2,int8", "en", "ru", "f1", "A."),
        MemoryKey("beam", "m@1|beam=2,int8", "en", "ru", "", "B."),
    ]
    assert memory_keys(Beamed(options=""), ["A."], "en", "ru")[0].model == "m@1"
    with pytest.raises(ValueError):
        memory_keys(Beamed(), ["A."], "en", "ru", [])


def test_memory_translator_and_pipeline_build_the_same_keys(memory):
    engine = Beamed()
    assert MemoryTranslator(engine, memory).keys(["One."], "en", "ru") == memory_keys(
        engine, ["One."], "en", "ru"
    )
    MemoryTranslator(engine, memory).translate_batch(["One sentence here."], "en", "ru")
    article = translate_article("One sentence here.", ["ru"], "en", translator=engine, memory=memory)
    assert engine.calls == [["One sentence here."]]  # the pipeline found the stored entry
    assert article.segments[0].memory == ["ru"]


def test_other_decoding_options_are_not_served_by_the_memory_translator(memory):
    engine = Beamed()
    translator = MemoryTranslator(engine, memory)
    translator.translate_batch(["Hello."], "en", "ru")
    engine.options = "beam=4"
    assert translator.translate_batch(["Hello."], "en", "ru") == ["<beam=4> Hello."]
    assert engine.calls == [["Hello."], ["Hello."]]
