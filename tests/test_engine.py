"""The Argos engine through real CTranslate2 inference on models built by the test kit.

The echo models return their input exactly, so outputs can be asserted; the random models
scramble everything and never end a sentence, so they show that decoding is bounded.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsl10n.errors import ModelNotInstalledError, TranslationError
from newsl10n.translation.argos import (
    ArgosTranslator,
    EngineOptions,
    _cache,
    _load,
    clear_model_cache,
    sub_batch_size,
    thread_layout,
)
from newsl10n.translation.models import list_installed
from newsl10n.translation.packages import install_package_file

SENTENCES = {
    "en": [
        "The Kyrgyz parliament ratified the agreement on Wednesday.",
        "Putin will meet Sadyr Japarov in Bishkek.",
        "Hello.",
    ],
    "ru": [
        "Парламент Кыргызстана ратифицировал соглашение в среду.",
        "Путин встретится с Садыром Жапаровым в Бишкеке.",
    ],
    "ky": ["Жогорку Кеңеш келишимди шаршемби күнү ратификациялады."],
}


@pytest.fixture
def installed(argos_files, tmp_path):
    """Install the echo packages into a fresh models folder and return the folder."""
    folder = tmp_path / "models"
    for (_src, _tgt, kind), path in argos_files.items():
        if kind == "echo":
            install_package_file(path, folder)
    clear_model_cache()
    yield folder
    clear_model_cache()


def test_echo_translation_is_exact_through_real_inference(installed):
    translator = ArgosTranslator(installed)
    for tgt in ("ru", "ky"):
        assert translator.translate_batch(SENTENCES["en"], "en", tgt) == SENTENCES["en"]


def test_default_options_are_int8_with_beam_search(installed):
    options = EngineOptions()
    assert (options.compute_type, options.device, options.beam_size) == ("int8", "cpu", 2)
    translator = ArgosTranslator(installed, EngineOptions(beam_size=1, compute_type="float32"))
    assert translator.translate_batch(SENTENCES["ky"], "en", "ru") == SENTENCES["ky"]


def test_pivot_through_english(installed):
    translator = ArgosTranslator(installed)
    info = translator.describe("ru", "ky")
    assert info.route == ("ru", "en", "ky") and info.pivot == "en"
    assert [m.split("@")[0] for m in info.models] == ["translate-ru_en", "translate-en_ky"]
    assert translator.translate_batch(SENTENCES["ru"], "ru", "ky") == SENTENCES["ru"]


def test_one_ctranslate2_call_per_model_and_models_loaded_once(installed):
    first = ArgosTranslator(installed)
    first.translate_batch(["warm up."], "ru", "ky")
    calls = []
    for loaded in _cache.values():
        original = loaded.translator

        class Counting:
            def __init__(self, inner):
                self.inner = inner

            def translate_batch(self, *args, **kwargs):
                calls.append(len(args[0]))
                return self.inner.translate_batch(*args, **kwargs)

        loaded.translator = Counting(original)
    cached = len(_cache)
    second = ArgosTranslator(installed)
    assert second.translate_batch(SENTENCES["ru"] * 5, "ru", "ky") == SENTENCES["ru"] * 5
    assert calls == [10, 10]
    assert len(_cache) == cached


def test_empty_sentences_and_empty_batches(installed):
    translator = ArgosTranslator(installed)
    assert translator.translate_batch([], "en", "ru") == []
    assert translator.translate_batch(["", "Hello."], "en", "ru") == ["", "Hello."]


def test_forced_prefix_starts_the_output(installed):
    translator = ArgosTranslator(installed, EngineOptions(beam_size=1))
    out = translator.translate_with_prefix(["Putin will meet Japarov."], ["Кант"], "en", "ru")
    assert out[0].startswith("Кант")


def test_missing_pair_is_model_not_installed_with_its_data(installed):
    translator = ArgosTranslator(installed)
    with pytest.raises(ModelNotInstalledError, match="no model installed for en -> kk") as info:
        translator.translate_batch(["Hi."], "en", "kk")
    assert (info.value.src, info.value.tgt) == ("en", "kk")
    assert info.value.models_dir == str(translator.folder)


def test_corrupt_model_is_a_translation_error(installed):
    (next(installed.glob("*en_ru*")) / "model" / "model.bin").write_bytes(b"garbage")
    with pytest.raises(TranslationError, match="cannot load model"):
        ArgosTranslator(installed).translate_batch(["Hi."], "en", "ru")


def test_random_weights_decode_within_the_length_bound(argos_files, tmp_path):
    folder = tmp_path / "random"
    install_package_file(argos_files[("en", "ru", "random")], folder)
    clear_model_cache()
    options = EngineOptions(length_ratio=1.5, length_margin=4, retry_repetition=False)
    translator = ArgosTranslator(folder, options)
    translator.translate_batch(["warm up."], "en", "ru")
    loaded = next(iter(_cache.values()))
    calls = []

    class Recording:
        def __init__(self, inner):
            self.inner = inner

        def translate_batch(self, sources, **kwargs):
            results = self.inner.translate_batch(sources, **kwargs)
            calls.append((len(sources), kwargs["max_decoding_length"], [r.hypotheses[0] for r in results]))
            return results

    loaded.translator = Recording(loaded.translator)
    sentences = ["Short.", SENTENCES["en"][0] + " " + SENTENCES["en"][1]]
    outputs = translator.translate_batch(sentences, "en", "ru")
    lengths = [len(loaded.tokenizer.encode(s)) for s in sentences]
    bounds = [int(1.5 * length) + 4 for length in lengths]
    # One call for both with the longest source's limit; random weights never end a
    # sentence, so the short one reached its own bound and is decoded again alone with it.
    assert calls[0][:2] == (2, bounds[1])
    assert calls[1][:2] == (1, bounds[0]) and len(calls) == 2
    hypotheses = [calls[1][2][0], calls[0][2][1]]
    for bound, hypothesis, output in zip(bounds, hypotheses, outputs):
        assert len(hypothesis) == bound
        assert output == loaded.tokenizer.decode(hypothesis).strip()
        assert output and output not in sentences
    assert len(outputs[0]) < len(outputs[1])
    clear_model_cache()


def test_translating_never_imports_torch_or_argostranslate_translate(argos_files, tmp_path):
    folder = tmp_path / "m"
    install_package_file(argos_files[("en", "ru", "echo")], folder)
    code = (
        "import sys\n"
        "from newsl10n.translation.argos import ArgosTranslator\n"
        f"out = ArgosTranslator({str(folder)!r}).translate_batch(['Hello.'], 'en', 'ru')\n"
        "assert out == ['Hello.'], out\n"
        "bad = [m for m in ('torch', 'stanza', 'argostranslate.translate', 'spacy') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**__import__("os").environ})


def test_package_target_prefix_is_forced_and_stripped(model_kit_dir, tmp_path):
    import modelkit

    vocabulary = modelkit.spm_vocabulary(modelkit.shared_spm_model(model_kit_dir))
    prefix = next(piece for piece in vocabulary[3:] if piece.startswith("▁") and len(piece) > 3)
    package = modelkit.make_argos_package(model_kit_dir, "en", "kk", kind="random", target_prefix=prefix)
    folder = tmp_path / "prefixed"
    install_package_file(package, folder)
    clear_model_cache()
    translator = ArgosTranslator(folder, EngineOptions(retry_repetition=False))
    translator.translate_batch(["warm up."], "en", "kk")
    loaded = next(iter(_cache.values()))
    assert loaded.prefix == [prefix]
    seen = {}

    class Recording:
        def __init__(self, inner):
            self.inner = inner

        def translate_batch(self, sources, **kwargs):
            results = self.inner.translate_batch(sources, **kwargs)
            seen.setdefault("prefix", kwargs["target_prefix"])
            seen.setdefault("first", [r.hypotheses[0][0] for r in results])
            return results

    loaded.translator = Recording(loaded.translator)
    outputs = translator.translate_batch(["One sentence.", "And another one."], "en", "kk")
    assert seen["prefix"] == [[prefix], [prefix]]
    assert seen["first"] == [prefix, prefix]
    assert all(out and not out.startswith(prefix.lstrip("▁") + " ") for out in outputs)
    clear_model_cache()


def test_threads_become_single_threaded_workers_up_to_four(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(16)))  # a 16-core machine
    assert thread_layout(1, "cpu") == (1, 1)
    assert thread_layout(2, "cpu") == (2, 1)
    assert thread_layout(8, "cpu") == (4, 2)
    assert thread_layout(6, "auto") == (4, 1)
    assert thread_layout(0, "cuda") == (1, 0)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1, 2})
    assert thread_layout(0, "cpu") == (3, 1)


def test_sub_batches_keep_every_worker_busy():
    assert sub_batch_size(60, 2, 32) == 30
    assert sub_batch_size(100, 2, 32) == 32
    assert sub_batch_size(3, 2, 32) == 2
    assert sub_batch_size(1, 4, 32) == 1
    assert sub_batch_size(7, 1, 32) == 7


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_parallel_workers_decode_what_one_worker_decodes(argos_files, tmp_path, threads):
    folder = tmp_path / "random"
    install_package_file(argos_files[("en", "ru", "random")], folder)
    sentences = SENTENCES["en"] * 3 + ["One more line about Bishkek."]
    clear_model_cache()
    reference = ArgosTranslator(folder, EngineOptions(threads=1)).translate_batch(sentences, "en", "ru")
    clear_model_cache()
    translator = ArgosTranslator(folder, EngineOptions(threads=threads))
    assert translator.translate_batch(sentences, "en", "ru") == reference
    loaded = next(iter(_cache.values()))
    assert loaded.workers == thread_layout(threads, "cpu")[0]
    clear_model_cache()


@pytest.mark.parametrize(("gpus", "expected"), [(0, ("cpu", 3, 1)), (1, ("cuda", 1, 3))])
def test_auto_device_is_resolved_before_the_thread_layout(installed, monkeypatch, gpus, expected):
    import ctranslate2

    created = []
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(4)))  # a 4-core machine
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: gpus)
    monkeypatch.setattr(ctranslate2, "Translator", lambda path, **kwargs: created.append(kwargs))
    model = list_installed(installed)[0]
    loaded = _load(model, EngineOptions(device="auto", threads=3))
    assert [(c["device"], c["inter_threads"], c["intra_threads"]) for c in created] == [expected]
    assert loaded.workers == expected[1]
    clear_model_cache()


# --------------------------------------------------------------------------- issue 9: limits


def test_threads_are_bounded_by_the_cores_with_a_warning(monkeypatch, caplog):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1, 2})
    with caplog.at_level("WARNING", logger="newsl10n.translation.argos"):
        assert thread_layout(100000, "cpu") == (3, 1)
        assert thread_layout(100000, "cuda") == (1, 3)
    assert "100000 threads asked for, but this process may use 3 cores" in caplog.text
    caplog.clear()
    assert thread_layout(3, "cpu") == (3, 1) and not caplog.text


def test_a_huge_thread_count_still_translates(installed):
    translator = ArgosTranslator(installed, EngineOptions(threads=100000))
    assert translator.translate_batch(SENTENCES["en"], "en", "ru") == SENTENCES["en"]
    loaded = next(iter(_cache.values()))
    assert loaded.workers <= thread_layout(0, "cpu")[0]


@pytest.mark.parametrize(
    "options, error, match",
    [
        ({"beam_size": -1}, ValueError, "beam_size must be at least 1, not -1"),
        ({"beam_size": 0}, ValueError, "beam_size must be at least 1"),
        ({"threads": -3}, ValueError, "threads must be at least 0, not -3"),
        ({"max_batch_size": 0}, ValueError, "max_batch_size must be at least 1"),
        ({"length_margin": -1}, ValueError, "length_margin must be at least 0"),
        ({"no_repeat_ngram_size": -2}, ValueError, "no_repeat_ngram_size must be at least 0"),
        ({"length_ratio": 0}, ValueError, "length_ratio must be above 0"),
        ({"length_ratio": float("nan")}, ValueError, "length_ratio must be above 0"),
        ({"max_positions": 3}, ValueError, "max_positions must be at least 16"),
        ({"device": "gpu"}, ValueError, "device must be one of cpu, cuda, auto, not 'gpu'"),
        ({"compute_type": " "}, ValueError, "compute_type must not be empty"),
        ({"beam_size": "4"}, TypeError, "beam_size must be an int, not str"),
        ({"beam_size": 2.0}, TypeError, "beam_size must be an int, not float"),
        ({"threads": True}, TypeError, "threads must be an int, not bool"),
        ({"device": None}, TypeError, "device must be a str, not NoneType"),
        ({"length_ratio": "2"}, TypeError, "length_ratio must be a number"),
        ({"retry_repetition": 1}, TypeError, "retry_repetition must be a bool"),
    ],
)
def test_engine_options_are_checked_when_made(options, error, match):
    with pytest.raises(error, match=match):
        EngineOptions(**options)


def test_the_default_options_are_valid():
    assert EngineOptions().max_positions == 1024
    EngineOptions(beam_size=1, threads=0, device="auto", max_batch_size=1, length_ratio=1)


@pytest.fixture
def short_model(model_kit_dir, tmp_path):
    """An echo model with 64 positions: CTranslate2 fails on a source of 64 tokens or more."""
    import modelkit

    package = modelkit.make_argos_package(model_kit_dir, "en", "ru", "echo", max_positions=64)
    folder = tmp_path / "short"
    install_package_file(package, folder)
    clear_model_cache()
    yield folder
    clear_model_cache()


LONG = " ".join(f"Bishkek parliament {n} voted" for n in range(30)) + "."


def test_a_source_past_the_models_positions_fails_without_the_guard(short_model):
    options = EngineOptions(beam_size=1, retry_repetition=False)  # max_positions=1024: wrong here
    with pytest.raises(TranslationError, match="position"):
        ArgosTranslator(short_model, options).translate_batch([LONG], "en", "ru")


def test_a_source_past_the_models_positions_is_decoded_in_parts(short_model, caplog):
    from newsl10n.translation.argos import source_token_limit

    options = EngineOptions(beam_size=1, retry_repetition=False, max_positions=64)
    translator = ArgosTranslator(short_model, options)
    translator.translate_batch(["warm up."], "en", "ru")
    loaded = next(iter(_cache.values()))
    assert len(loaded.tokenizer.encode(LONG)) > 64
    seen = []

    class Recording:
        def __init__(self, inner):
            self.inner = inner

        def translate_batch(self, sources, **kwargs):
            seen.append(([len(s) for s in sources], kwargs["max_decoding_length"]))
            return self.inner.translate_batch(sources, **kwargs)

    loaded.translator = Recording(loaded.translator)
    with caplog.at_level("WARNING", logger="newsl10n.translation.argos"):
        out = translator.translate_batch(["Hello.", LONG], "en", "ru")
    assert out == ["Hello.", LONG]  # echo: the parts join back into the sentence
    (lengths, decoding), *_ = seen
    limit = source_token_limit(options)
    assert len(lengths) > 2 and max(lengths) <= limit and decoding <= 64
    assert "1 sentence(s) longer than" in caplog.text


def test_argos_translator_checks_its_options(tmp_path):
    with pytest.raises(TypeError, match=r"^options must be an EngineOptions or None, not dict"):
        ArgosTranslator(tmp_path, {"beam_size": 4})
    with pytest.raises(TypeError, match=r"^pivot must be a str"):
        ArgosTranslator(tmp_path, pivot=None)
