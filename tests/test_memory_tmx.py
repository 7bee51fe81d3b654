"""Exchanging the translation memory with CAT tools as TMX (through newsl10n.parallel.tmx)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsl10n.errors import InputError
from newsl10n.parallel.tmx import TranslationUnit, read_tmx, write_tmx
from newsl10n.translation.memory import MemoryEntry, MemoryKey, TranslationMemory


def open_memory(tmp_path: Path, name: str) -> TranslationMemory:
    return TranslationMemory.open(tmp_path / name / "memory.sqlite3")


ENTRIES = [
    MemoryEntry(MemoryKey("argos", "translate-en_ru@1.9", "en", "ru", "", "The base."), "База."),
    MemoryEntry(MemoryKey("argos", "translate-en_ru@1.9", "en", "ru", "fp1", "Kant."), "Кант."),
    MemoryEntry(
        MemoryKey("argos", "translate-ru_en@1.9+translate-en_ky@1.9", "ru", "ky", "", "База."),
        "База.",
        "machine",
    ),
    MemoryEntry(MemoryKey("", "", "en", "ru", "", "Air defense."), "ПВО.", "human"),
]


def units_of(data: bytes) -> list[tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]]:
    document = read_tmx(io.BytesIO(data))
    return sorted((tuple(sorted(u.variants.items())), tuple(sorted(u.props.items()))) for u in document.units)


def test_export_then_import_restores_keys_and_origins(tmp_path: Path) -> None:
    with open_memory(tmp_path, "a") as first:
        first.store(ENTRIES)
        exported = io.BytesIO()
        assert first.export_tmx(exported) == len(ENTRIES)
    with open_memory(tmp_path, "b") as second:
        assert second.import_tmx(io.BytesIO(exported.getvalue()), origin="file") == len(ENTRIES)
        assert second.lookup([e.key for e in ENTRIES]) == [e.target for e in ENTRIES]
        assert second.stats().by_origin == {"human": 1, "machine": 3}
        again = io.BytesIO()
        second.export_tmx(again)
    assert units_of(again.getvalue()) == units_of(exported.getvalue())


def test_export_carries_origin_engine_model_and_mixed_source_languages(tmp_path: Path) -> None:
    with open_memory(tmp_path, "a") as tm:
        tm.store(ENTRIES)
        out = io.BytesIO()
        tm.export_tmx(out)
    document = read_tmx(io.BytesIO(out.getvalue()))
    assert document.srclang == "*all*"
    kant = next(u for u in document.units if u.variants.get("en") == "Kant.")
    assert kant.props == {
        "x-origin": "machine",
        "x-engine": "argos",
        "x-model": "translate-en_ru@1.9",
        "x-fingerprint": "fp1",
        "x-srclang": "en",
    }
    assert kant.variants == {"en": "Kant.", "ru": "Кант."}


def test_export_of_one_pair_names_its_source_language(tmp_path: Path) -> None:
    with open_memory(tmp_path, "a") as tm:
        tm.store(ENTRIES)
        out = io.BytesIO()
        assert tm.export_tmx(out, src="en", tgt="ru", origin="machine") == 2
    document = read_tmx(io.BytesIO(out.getvalue()))
    assert document.srclang == "en"
    assert all("x-srclang" not in u.props and set(u.variants) == {"en", "ru"} for u in document.units)


def test_default_import_makes_segments_human_and_they_win(tmp_path: Path) -> None:
    with open_memory(tmp_path, "a") as tm:
        tm.store(ENTRIES[:2])
        exported = io.BytesIO()
        tm.export_tmx(exported)
    edited = exported.getvalue().replace("База.".encode(), "Военная база.".encode())
    with open_memory(tmp_path, "a") as tm:
        assert tm.import_tmx(io.BytesIO(edited)) == 2
        assert tm.stats().by_origin == {"human": 2}
        other_engine = MemoryKey("fake", "fake", "en", "ru", "", "The base.")
        assert tm.lookup([ENTRIES[0].key, other_engine]) == ["Военная база."] * 2


def test_cat_tool_file_with_region_codes_and_no_properties(tmp_path: Path) -> None:
    units = [
        TranslationUnit({"en-US": "Good morning.", "ru-RU": "Доброе утро.", "ky-KG": "Кутман таң."}),
        TranslationUnit({"en-US": "Only English."}),
        TranslationUnit({"ru-RU": "Без источника."}),
    ]
    data = io.BytesIO()
    write_tmx(data, units, "en-US")
    with open_memory(tmp_path, "a") as tm:
        assert tm.import_tmx(io.BytesIO(data.getvalue())) == 2
        keys = [MemoryKey("argos", "m", "en", tgt, "", "Good morning.") for tgt in ("ru", "ky")]
        assert tm.lookup(keys) == ["Доброе утро.", "Кутман таң."]
        assert tm.stats().segments == 2


def test_machine_import_without_engine_is_skipped(tmp_path: Path) -> None:
    data = io.BytesIO()
    write_tmx(data, [TranslationUnit({"en": "A.", "ru": "А."})], "en")
    with open_memory(tmp_path, "a") as tm:
        assert tm.import_tmx(io.BytesIO(data.getvalue()), origin="machine") == 0
        assert tm.stats().segments == 0


def test_unknown_language_code_is_an_input_error(tmp_path: Path) -> None:
    data = io.BytesIO()
    write_tmx(data, [TranslationUnit({"en": "A.", "qqq-9": "А."})], "en")
    with open_memory(tmp_path, "a") as tm, pytest.raises(InputError, match="qqq-9"):
        tm.import_tmx(io.BytesIO(data.getvalue()), name="cat.tmx")


def test_not_tmx_is_an_input_error(tmp_path: Path) -> None:
    with open_memory(tmp_path, "a") as tm, pytest.raises(InputError, match=r"cat\.tmx"):
        tm.import_tmx(io.BytesIO(b"<html></html>"), name="cat.tmx")


def test_write_tmx_streams_units_and_keeps_the_indented_layout() -> None:
    out = io.BytesIO()
    seen_before: list[bytes] = []

    def units():
        for i in range(4):
            seen_before.append(out.getvalue())
            yield TranslationUnit({"en": f"s{i} & <x>", "ru": f"п{i}"}, f"p{i}.s1")

    write_tmx(out, units(), "en", tool_version="1")
    # unit i-1 is on disk before unit i+1 is even made: nothing holds the whole tree.
    assert b'tuid="p1.s1"' in seen_before[3] and b'tuid="p3.s1"' not in seen_before[3]
    text = out.getvalue().decode("utf-8")
    assert "\n  <body>\n    <tu " in text and text.endswith("    </tu>\n  </body>\n</tmx>\n")
    document = read_tmx(io.BytesIO(out.getvalue()))
    assert [u.variants["en"] for u in document.units] == [f"s{i} & <x>" for i in range(4)]
    empty = io.BytesIO()
    write_tmx(empty, [], "en")
    assert (
        empty.getvalue().endswith(b"<body />\n</tmx>\n")
        and read_tmx(io.BytesIO(empty.getvalue())).units == []
    )
