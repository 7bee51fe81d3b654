"""Tests of the test model kit, run through the real CTranslate2 and SentencePiece."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

import modelkit

ctranslate2 = pytest.importorskip("ctranslate2")
sentencepiece = pytest.importorskip("sentencepiece")

SENTENCES = [
    "The air defence exercise at Kant ended on Friday.",
    "Парламент одобрил бюджет — 78 голосов «за».",
    "Жогорку Кеңеш өкмөттүн токтомун бүгүн кабыл алды.",
    "Ұлттық банк мөлшерлемені 14,25% деңгейінде сақтады.",
    "Prices rose 3%, and the „new“ tariff starts 1 May.",
    "Ok",
    "日本 ✓ Ǻ — символы вне корпуса.",
]


def _processor(spm_model: Path) -> sentencepiece.SentencePieceProcessor:
    return sentencepiece.SentencePieceProcessor(model_file=str(spm_model))


@pytest.fixture(scope="module")
def echo_dir(spm_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return modelkit.build_echo_model(spm_model, tmp_path_factory.mktemp("echo") / "model")


# --------------------------------------------------------------------------- vocabulary


def test_spm_roundtrip_and_special_ids(spm_model: Path) -> None:
    processor = _processor(spm_model)
    assert [processor.unk_id(), processor.bos_id(), processor.eos_id()] == [
        modelkit.UNK_ID,
        modelkit.BOS_ID,
        modelkit.EOS_ID,
    ]
    assert processor.pad_id() == -1
    for sentence in SENTENCES:
        pieces = processor.encode(sentence, out_type=str)
        assert processor.decode(pieces) == sentence
        assert "<unk>" not in pieces
    # Characters outside the corpus go through byte pieces.
    assert any(p.startswith("<0x") for p in processor.encode("日本", out_type=str))


def test_spm_training_is_deterministic(tmp_path: Path) -> None:
    first = modelkit.train_sentencepiece(modelkit.CORPUS, tmp_path / "a", vocab_size=600)
    second = modelkit.train_sentencepiece(modelkit.CORPUS, tmp_path / "b", vocab_size=600)
    assert first.read_bytes() == second.read_bytes()
    assert len(modelkit.spm_vocabulary(first)) == 600


def test_spm_extra_symbols_extend_vocabulary(tmp_path: Path) -> None:
    model = modelkit.train_sentencepiece(modelkit.CORPUS, tmp_path, vocab_size=600, extra_symbols=50)
    vocabulary = modelkit.spm_vocabulary(model)
    assert len(vocabulary) == 650
    assert "⟦00049⟧" in vocabulary
    processor = _processor(model)
    assert processor.decode(["▁a", "⟦00007⟧"]) == "a⟦00007⟧"
    assert not any(p.startswith("⟦") for p in processor.encode(SENTENCES[1], out_type=str))


# --------------------------------------------------------------------------- echo model


@pytest.mark.parametrize("beam_size", [1, 2])
def test_echo_model_reproduces_batched_sources(echo_dir: Path, spm_model: Path, beam_size: int) -> None:
    processor = _processor(spm_model)
    sources = processor.encode(SENTENCES, out_type=str)
    translator = ctranslate2.Translator(str(echo_dir), intra_threads=1)
    results = translator.translate_batch(sources, beam_size=beam_size, return_scores=True)
    for sentence, source, result in zip(SENTENCES, sources, results):
        assert result.hypotheses[0] == source
        assert processor.decode(result.hypotheses[0]) == sentence
        assert result.scores[0] > -1e-3  # the copy is (nearly) certain, not a lucky argmax


def test_echo_model_stops_after_copy(echo_dir: Path, spm_model: Path) -> None:
    processor = _processor(spm_model)
    source = processor.encode(SENTENCES[0], out_type=str)
    translator = ctranslate2.Translator(str(echo_dir), intra_threads=1)
    result = translator.translate_batch([source], max_decoding_length=200, return_end_token=True)[0]
    assert result.hypotheses[0] == [*source, "</s>"]


def test_echo_model_position_limit(spm_model: Path, tmp_path: Path) -> None:
    model = modelkit.build_echo_model(spm_model, tmp_path / "echo", max_positions=16)
    translator = ctranslate2.Translator(str(model), intra_threads=1)
    pieces = modelkit.spm_vocabulary(spm_model)[300:316]
    longest = pieces[:15]  # 15 pieces + </s> fill the 16 positions
    result = translator.translate_batch([longest], max_decoding_length=16)[0]
    assert result.hypotheses[0] == longest
    with pytest.raises((RuntimeError, ValueError), match="position"):
        translator.translate_batch([pieces], max_decoding_length=16)


# --------------------------------------------------------------------------- random model


def test_random_model_without_eos_runs_to_max_length(spm_model: Path, tmp_path: Path) -> None:
    model = modelkit.build_random_model(spm_model, tmp_path / "random", suppress_eos=True)
    sources = _processor(spm_model).encode(SENTENCES, out_type=str)
    translator = ctranslate2.Translator(str(model), intra_threads=1)
    results = translator.translate_batch(sources, max_decoding_length=17, return_end_token=True)
    hypotheses = [result.hypotheses[0] for result in results]
    assert all(len(h) == 17 and "</s>" not in h for h in hypotheses)
    assert len({tuple(h) for h in hypotheses}) > 1  # output depends on the source


def test_random_model_is_seeded_and_quantizable(spm_model: Path, tmp_path: Path) -> None:
    built = {
        name: modelkit.build_random_model(spm_model, tmp_path / name, seed=seed, quantization=quantization)
        for name, seed, quantization in [("a", 3, None), ("b", 3, None), ("c", 4, None), ("int8", 3, "int8")]
    }
    weights = {name: (path / "model.bin").read_bytes() for name, path in built.items()}
    assert weights["a"] == weights["b"]
    assert weights["a"] != weights["c"]
    assert len(weights["int8"]) < len(weights["a"]) / 2
    source = _processor(spm_model).encode(SENTENCES[:2], out_type=str)
    for name in ("a", "int8"):
        translator = ctranslate2.Translator(str(built[name]), intra_threads=1)
        results = translator.translate_batch(source, max_decoding_length=9)
        assert all(0 < len(r.hypotheses[0]) <= 9 for r in results)


# --------------------------------------------------------------------------- packages


def _extracted_ky_en(echo_dir: Path, spm_model: Path, tmp_path: Path) -> Path:
    """The ky -> en echo package (version 1.2, target prefix ``__en__``), extracted."""
    package = modelkit.package_argos_model(
        echo_dir,
        spm_model,
        tmp_path / "out" / "p.argosmodel",
        "ky",
        "en",
        package_version="1.2",
        target_prefix="__en__",
    )
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "extracted")
    return tmp_path / "extracted" / "translate-ky_en-1_2"


def test_package_layout_is_what_argos_expects(echo_dir: Path, spm_model: Path, tmp_path: Path) -> None:
    package = modelkit.package_argos_model(
        echo_dir,
        spm_model,
        tmp_path / "out" / "p.argosmodel",
        "ky",
        "en",
        package_version="1.2",
        target_prefix="__en__",
    )
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"translate-ky_en-1_2"}
    top = _extracted_ky_en(echo_dir, spm_model, tmp_path)
    for member in (
        "metadata.json",
        "README.md",
        "sentencepiece.model",
        "model/model.bin",
        "model/config.json",
        "model/shared_vocabulary.json",
    ):
        assert (top / member).is_file(), member
    assert not (top / "stanza").exists() and not (top / "minisbd").exists()
    metadata = json.loads((top / "metadata.json").read_text("utf-8"))
    assert metadata["type"] == "translate"
    assert (metadata["from_name"], metadata["to_name"]) == ("Kyrgyz", "English")


def test_packages_load_with_our_reader(echo_dir: Path, spm_model: Path, tmp_path: Path) -> None:
    from newsl10n.translation.models import read_package
    from newsl10n.translation.packages import install_package_file

    top = _extracted_ky_en(echo_dir, spm_model, tmp_path)
    loaded = read_package(top)
    assert (loaded.from_code, loaded.to_code, loaded.target_prefix) == ("ky", "en", "__en__")
    assert (loaded.version, loaded.id, loaded.path) == ("1.2", "translate-ky_en@1.2", top)
    installed = install_package_file(tmp_path / "out" / "p.argosmodel", tmp_path / "models")
    assert installed == read_package(tmp_path / "models" / top.name)
    assert (installed.from_code, installed.to_code, installed.version, installed.target_prefix) == (
        "ky",
        "en",
        "1.2",
        "__en__",
    )


def test_packages_load_with_argostranslate(echo_dir: Path, spm_model: Path, tmp_path: Path) -> None:
    """Interoperability: argospm's own reader (when installed, e.g. the bench extra) agrees."""
    argos_package = pytest.importorskip("argostranslate.package")
    from newsl10n.translation.models import read_package

    top = _extracted_ky_en(echo_dir, spm_model, tmp_path)
    loaded = argos_package.Package(top)
    assert (loaded.from_code, loaded.to_code, loaded.target_prefix) == ("ky", "en", "__en__")
    assert (loaded.from_name, loaded.to_name) == ("Kyrgyz", "English")
    assert loaded.package_version == "1.2"
    assert loaded.tokenizer.encode(SENTENCES[2]) == _processor(spm_model).encode(SENTENCES[2], out_type=str)
    assert loaded.packaged_sbd_path is None
    ours = read_package(top)
    assert (ours.from_code, ours.to_code, ours.version, ours.target_prefix) == (
        loaded.from_code,
        loaded.to_code,
        loaded.package_version,
        loaded.target_prefix,
    )


def test_packages_are_reproducible(echo_dir: Path, spm_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = modelkit.package_argos_model(echo_dir, spm_model, out / "1.argosmodel", "en", "ru")
    second = modelkit.package_argos_model(echo_dir, spm_model, out / "2.argosmodel", "en", "ru")
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["1.argosmodel", "2.argosmodel"]  # no .part
    with zipfile.ZipFile(first) as archive:
        metadata = json.loads(archive.read("translate-en_ru-1_0/metadata.json"))
    assert "target_prefix" not in metadata


def test_argos_files_translate_through_extracted_packages(argos_files: dict, tmp_path: Path) -> None:
    from newsl10n.translation.models import read_package

    assert set(argos_files) == {
        ("en", "ru", "echo"),
        ("en", "ky", "echo"),
        ("ru", "en", "echo"),
        ("ky", "en", "echo"),
        ("en", "ru", "random"),
        ("en", "ky", "random"),
        ("ru", "en", "random"),
    }
    for (src, tgt, kind), package in argos_files.items():
        with zipfile.ZipFile(package) as archive:
            archive.extractall(tmp_path / f"{src}-{tgt}-{kind}")
        (top,) = (tmp_path / f"{src}-{tgt}-{kind}").iterdir()
        metadata = json.loads((top / "metadata.json").read_text("utf-8"))
        assert (metadata["from_code"], metadata["to_code"]) == (src, tgt)
        model = read_package(top)
        assert (model.from_code, model.to_code) == (src, tgt)
        processor = _processor(top / "sentencepiece.model")
        translator = ctranslate2.Translator(str(top / "model"), intra_threads=1)
        sources = processor.encode(SENTENCES[:3], out_type=str)
        outputs = [
            processor.decode(r.hypotheses[0])
            for r in translator.translate_batch(sources, max_decoding_length=64)
        ]
        if kind == "echo":
            assert outputs == SENTENCES[:3]
        else:
            assert outputs != SENTENCES[:3]


def test_make_argos_package_caches_and_validates(tmp_path: Path) -> None:
    first = modelkit.make_argos_package(tmp_path, "en", "ky", "random", layers=1)
    stamp = first.stat().st_mtime_ns
    assert modelkit.make_argos_package(tmp_path, "en", "ky", "random", layers=1) == first
    assert first.stat().st_mtime_ns == stamp
    other = modelkit.make_argos_package(tmp_path, "en", "ky", "random", layers=2)
    assert other != first
    assert len(list((tmp_path / "spm").iterdir())) == 1
    with pytest.raises(ValueError, match="unknown model kind"):
        modelkit.make_argos_package(tmp_path, "en", "ky", "parrot")


def test_environment_points_into_tmp_path(isolated_environment: dict, tmp_path: Path) -> None:
    for variable in (
        "HOME",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "ARGOS_PACKAGES_DIR",
        "NEWSL10N_MODELS",
        "NEWSL10N_HOME",
    ):
        assert Path(os.environ[variable]).is_relative_to(tmp_path), variable
        assert isolated_environment[variable] == Path(os.environ[variable])
    assert Path.home() == tmp_path / "home"
    assert Path.home().is_dir()
