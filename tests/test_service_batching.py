"""CoalescingTranslator: concurrent calls share engine calls, fairly, boundedly, identically.

The fake engine holds its first call until the test releases it, so that the calls made
meanwhile pile up in a known order; nothing here depends on timings (waits are conditions,
with a generous deadline only so that a bug fails instead of hanging).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsl10n.errors import NewsL10nError, TranslationError
from newsl10n.service.batching import (
    BatchingStats,
    CoalescingTranslator,
    OverloadedError,
    TranslatorClosedError,
)
from newsl10n.translation.argos import ArgosTranslator, EngineOptions, clear_model_cache
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.packages import install_package_file
from newsl10n.translation.protocol import DescribingTranslator, PrefixTranslator, Translator

DEADLINE_S = 30.0


def wait_until(condition: Callable[[], bool]) -> None:
    """Wait for ``condition``; fail (not hang) if it never comes."""
    end = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < end, "condition never met"
        time.sleep(0.001)


class HeldEngine:
    """A recording engine whose first call blocks until :attr:`release` is set.

    ``fail`` names sentences whose batch raises a TranslationError.
    """

    def __init__(self, fail: Sequence[str] = ()) -> None:
        self.calls: list[tuple[str, str, list[str]]] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        self.fail = set(fail)

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        self.calls.append((src, tgt, list(sentences)))
        if len(self.calls) == 1:
            self.entered.set()
            assert self.release.wait(DEADLINE_S)
        if self.fail & set(sentences):
            raise TranslationError(src, tgt, "boom")
        return [f"{tgt}:{sentence}" for sentence in sentences]


class Caller:
    """One ``translate_batch`` call made in a thread of its own."""

    def __init__(self, translator: Translator, sentences: Sequence[str], src: str, tgt: str) -> None:
        self.result: list[str] | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._call, args=(translator, list(sentences), src, tgt))
        self.thread.start()

    def _call(self, translator: Translator, sentences: list[str], src: str, tgt: str) -> None:
        try:
            self.result = translator.translate_batch(sentences, src, tgt)
        except BaseException as exc:
            self.error = exc

    def join(self) -> Caller:
        self.thread.join(DEADLINE_S)
        assert not self.thread.is_alive()
        return self


HOLDERS: dict[int, Caller] = {}
"""id(coalescer) -> the call holding its dispatcher in the engine."""


def held(engine: HeldEngine, max_batch: int = 32, queue_size: int = 1000) -> CoalescingTranslator:
    """A coalescer whose dispatcher is inside the engine's first call (``["hold"]``), held."""
    coalescer = CoalescingTranslator(
        engine, max_batch=max_batch, wait_ms=0, queue_size=queue_size, engine_calls=1
    )
    HOLDERS[id(coalescer)] = Caller(coalescer, ["hold"], "en", "ru")
    assert engine.entered.wait(DEADLINE_S)
    return coalescer


def enqueue(
    coalescer: CoalescingTranslator, sentences: Sequence[str], src: str = "en", tgt: str = "ru"
) -> Caller:
    """Make a call and wait until it waits in the queue (so calls queue in program order)."""
    before = coalescer.stats().waiting
    caller = Caller(coalescer, sentences, src, tgt)
    wait_until(lambda: coalescer.stats().waiting == before + len(sentences))
    return caller


def test_calls_waiting_together_share_one_engine_call():
    engine = HeldEngine()
    coalescer = held(engine)
    callers = [enqueue(coalescer, [f"s{i}a", f"s{i}b"][: 1 + i % 2]) for i in range(5)]
    engine.release.set()
    for i, caller in enumerate(callers):
        expected = [f"ru:s{i}a", f"ru:s{i}b"][: 1 + i % 2]
        assert caller.join().result == expected
    assert HOLDERS.pop(id(coalescer)).join().result == ["ru:hold"]
    assert engine.calls == [
        ("en", "ru", ["hold"]),
        ("en", "ru", ["s0a", "s1a", "s1b", "s2a", "s3a", "s3b", "s4a"]),
    ]
    assert coalescer.stats() == BatchingStats(
        calls=6, engine_calls=2, sentences=8, largest_batch=7, waiting=0, rejected=0
    )
    coalescer.close()


def test_max_batch_takes_whole_calls_in_order_and_a_big_call_goes_alone_uncut():
    engine = HeldEngine()
    coalescer = held(engine, max_batch=4)
    sizes = [1, 2, 2, 6, 1, 3, 1]
    callers = [enqueue(coalescer, [f"c{i}.{k}" for k in range(n)]) for i, n in enumerate(sizes)]
    engine.release.set()
    for i, (caller, n) in enumerate(zip(callers, sizes)):
        assert caller.join().result == [f"ru:c{i}.{k}" for k in range(n)]
    batches = [len(sentences) for _src, _tgt, sentences in engine.calls[1:]]
    assert batches == [3, 2, 6, 4, 1]  # 1+2 | 2 (next is 6) | 6 alone | 1+3 | 1
    assert coalescer.stats().largest_batch == 6
    coalescer.close()


def test_pairs_take_turns_and_each_pair_keeps_its_order():
    engine = HeldEngine()
    coalescer = held(engine, max_batch=2)
    callers = [enqueue(coalescer, [f"ky{i}", f"ky{i}'"], "en", "ky") for i in range(3)]
    callers.append(enqueue(coalescer, ["ru0", "ru0'"], "en", "ru"))
    callers.append(enqueue(coalescer, ["en0", "en0'"], "ru", "en"))
    callers.append(enqueue(coalescer, ["ru1", "ru1'"], "en", "ru"))
    engine.release.set()
    for caller in callers:
        assert caller.join().error is None
    order = [sentences[0] for _src, _tgt, sentences in engine.calls[1:]]
    # first come, first served would be ky0 ky1 ky2 ru0 en0 ru1: the busy pair would wait the others
    assert order == ["ky0", "ru0", "en0", "ky1", "ru1", "ky2"]
    assert [caller.result for caller in callers[3::2]] == [["ru:ru0", "ru:ru0'"], ["ru:ru1", "ru:ru1'"]]
    coalescer.close()


def test_a_full_queue_refuses_at_once_with_retry_after_and_enqueues_nothing():
    engine = HeldEngine()
    coalescer = held(engine, queue_size=3)
    waiting = [enqueue(coalescer, ["a", "b"]), enqueue(coalescer, ["c"])]
    with pytest.raises(OverloadedError) as info:
        coalescer.translate_batch(["d"], "en", "ky")
    assert isinstance(info.value, NewsL10nError)
    assert info.value.retry_after >= 1.0 and info.value.waiting == 3
    assert "\n" not in str(info.value) and "3 sentences waiting" in str(info.value)
    assert coalescer.stats().rejected == 1 and coalescer.stats().waiting == 3
    engine.release.set()
    assert [caller.join().result for caller in waiting] == [["ru:a", "ru:b"], ["ru:c"]]
    assert coalescer.translate_batch(["d"], "en", "ky") == ["ky:d"]  # room again
    assert all("d" not in sentences for _s, _t, sentences in engine.calls[:-1])
    coalescer.close()


def test_a_call_larger_than_the_queue_is_admitted_into_an_empty_queue_only():
    engine = HeldEngine()
    engine.release.set()
    coalescer = CoalescingTranslator(engine, max_batch=2, wait_ms=0, queue_size=2, engine_calls=1)
    assert coalescer.translate_batch(["a", "b", "c"], "en", "ru") == ["ru:a", "ru:b", "ru:c"]
    coalescer.close()


def test_an_engine_error_reaches_exactly_the_callers_of_its_batch_and_the_next_batch_works():
    engine = HeldEngine(fail=["bad"])
    coalescer = held(engine, max_batch=3)
    doomed = [enqueue(coalescer, ["x"]), enqueue(coalescer, ["bad", "y"])]
    spared = [enqueue(coalescer, ["z", "w"])]
    other_pair = enqueue(coalescer, ["v"], "en", "ky")
    engine.release.set()
    errors = [caller.join().error for caller in doomed]
    assert all(isinstance(error, TranslationError) and "boom" in str(error) for error in errors)
    assert [caller.join().result for caller in spared] == [["ru:z", "ru:w"]]
    assert other_pair.join().result == ["ky:v"]
    assert coalescer.translate_batch(["after"], "en", "ru") == ["ru:after"]
    coalescer.close()


def test_a_wrong_number_of_results_is_a_translation_error_for_the_batch():
    class Short:
        def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
            return list(sentences)[1:]

    coalescer = CoalescingTranslator(Short(), max_batch=8, wait_ms=0, queue_size=8, engine_calls=1)
    with pytest.raises(TranslationError, match="returned 1 translations for 2 sentences"):
        coalescer.translate_batch(["a", "b"], "en", "ru")
    coalescer.close()


def test_close_releases_waiting_callers_and_refuses_new_calls():
    engine = HeldEngine()
    coalescer = held(engine)
    waiting = [enqueue(coalescer, ["a"]), enqueue(coalescer, ["b"], "en", "ky")]
    closer = threading.Thread(target=coalescer.close)
    closer.start()
    for caller in waiting:
        assert isinstance(caller.join().error, TranslatorClosedError)
    engine.release.set()  # the engine call under way still ends well
    closer.join(DEADLINE_S)
    assert not closer.is_alive()
    assert HOLDERS.pop(id(coalescer)).join().result == ["ru:hold"]
    with pytest.raises(TranslatorClosedError, match="shutting down"):
        coalescer.translate_batch(["c"], "en", "ru")
    assert len(engine.calls) == 1


def test_close_before_any_call_and_twice_is_fine():
    coalescer = CoalescingTranslator(FakeTranslator(), max_batch=4, wait_ms=1, queue_size=8)
    coalescer.close()
    coalescer.close()
    with pytest.raises(TranslatorClosedError):
        coalescer.translate_batch(["a"], "en", "ru")


def test_many_threads_get_their_own_results_in_order():
    fake = FakeTranslator()
    coalescer = CoalescingTranslator(fake, max_batch=16, wait_ms=2, queue_size=10_000)

    def work(i: int) -> list[str]:
        return coalescer.translate_batch([f"{i}-{k}" for k in range(i % 5)], "en", ("ru", "ky")[i % 2])

    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(work, range(400)))
    for i, result in enumerate(results):
        assert result == [f"[{('ru', 'ky')[i % 2]}] {i}-{k}" for k in range(i % 5)]
    stats = coalescer.stats()
    assert stats.calls == 400 and stats.sentences == sum(i % 5 for i in range(400))
    assert stats.largest_batch <= 16 and stats.waiting == 0
    assert sum(n for _s, _t, n in fake.calls) == stats.sentences
    coalescer.close()


def test_protocols_follow_the_inner_translator():
    plain = CoalescingTranslator(FakeTranslator(), max_batch=4, wait_ms=0, queue_size=8)
    assert isinstance(plain, DescribingTranslator) and not isinstance(plain, PrefixTranslator)
    assert plain.describe("en", "ru").engine == "fake"
    argos = CoalescingTranslator(ArgosTranslator(), max_batch=4, wait_ms=0, queue_size=8)
    assert isinstance(argos, PrefixTranslator) and isinstance(argos, DescribingTranslator)
    with pytest.raises(ValueError, match="max_batch"):
        CoalescingTranslator(FakeTranslator(), max_batch=0, wait_ms=0, queue_size=8)
    plain.close()
    argos.close()


# --------------------------------------------------------------------------- real model


@pytest.fixture
def random_models(argos_files, tmp_path):
    """A models folder with the random-weight en -> ru and en -> ky packages."""
    folder = tmp_path / "random"
    for pair in (("en", "ru", "random"), ("en", "ky", "random")):
        install_package_file(argos_files[pair], folder)
    clear_model_cache()
    yield folder
    clear_model_cache()


def corpus_sentences(count: int) -> list[str]:
    """Distinct English-ish lines of the fixture corpus, of varied lengths."""
    from modelkit import CORPUS

    lines = [line.strip() for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return [line for line in dict.fromkeys(lines) if line.isascii() and line][:count]


class Gate:
    """Passes calls to ``inner``; the first waits until :attr:`open` is set."""

    def __init__(self, inner: Translator) -> None:
        self.inner = inner
        self.open = threading.Event()
        self.sizes: list[int] = []

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        self.sizes.append(len(sentences))
        assert self.open.wait(DEADLINE_S)
        return self.inner.translate_batch(sentences, src, tgt)


def coalesced_vs_alone(folder, options: EngineOptions, sentences: list[str]) -> tuple[list[str], list[str]]:
    """Each sentence alone through Argos, and all of them in one coalesced engine call."""
    engine = ArgosTranslator(folder, options)
    alone = [engine.translate_batch([sentence], "en", "ru")[0] for sentence in sentences]
    gate = Gate(engine)
    coalescer = CoalescingTranslator(
        gate, max_batch=len(sentences), wait_ms=0, queue_size=1000, engine_calls=1
    )
    first = Caller(coalescer, sentences[:1], "en", "ru")
    wait_until(lambda: gate.sizes == [1])
    rest = [enqueue(coalescer, [sentence]) for sentence in sentences[1:]]
    gate.open.set()
    together = [caller.join().result[0] for caller in [first, *rest]]  # type: ignore[index]
    assert gate.sizes == [1, len(sentences) - 1]
    coalescer.close()
    return alone, together


def test_greedy_results_through_the_coalescer_are_those_of_each_sentence_alone(random_models):
    sentences = corpus_sentences(16)
    alone, together = coalesced_vs_alone(random_models, EngineOptions(beam_size=1), sentences)
    assert together == alone
    assert len(set(alone)) == len(alone)  # the model tells the sentences apart


def test_free_running_threads_get_what_each_sentence_gives_alone(random_models):
    sentences = corpus_sentences(24)
    engine = ArgosTranslator(random_models, EngineOptions(beam_size=1))
    pairs = [("en", "ru"), ("en", "ky")]
    alone = {(s, t): engine.translate_batch([s], "en", t)[0] for s in sentences for _f, t in pairs}
    coalescer = CoalescingTranslator(engine, max_batch=8, wait_ms=5, queue_size=1000)
    jobs = [(s, t) for s in sentences for _f, t in pairs]
    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(lambda job: coalescer.translate_batch([job[0]], "en", job[1]), jobs))
    assert [result[0] for result in results] == [alone[job] for job in jobs]
    assert coalescer.stats().engine_calls <= len(jobs)
    coalescer.close()


@pytest.mark.parametrize("beam", [2, 4])
def test_beam_results_through_the_coalescer_are_those_of_each_sentence_alone(random_models, beam: int):
    # A sentence that reaches its own length bound inside a longer batch is decoded again
    # with its own bound (ArgosTranslator._hypotheses): beam search then picks what it
    # picks alone.
    sentences = corpus_sentences(16)
    alone, together = coalesced_vs_alone(random_models, EngineOptions(beam_size=beam), sentences)
    assert together == alone


def test_while_an_engine_call_is_under_way_a_batch_goes_once_it_holds_its_share():
    engine = HeldEngine()
    coalescer = CoalescingTranslator(engine, max_batch=8, wait_ms=0, queue_size=1000, engine_calls=2)
    holder = Caller(coalescer, ["hold"], "en", "ru")
    assert engine.entered.wait(DEADLINE_S)
    # The first dispatcher is inside the engine: the second collects up to its share (8 // 2).
    first = [enqueue(coalescer, [f"s{n}"]) for n in range(3)]
    time.sleep(0.1)  # wait_ms is 0, yet three sentences are not sent while the engine is busy
    assert len(engine.calls) == 1 and coalescer.stats().waiting == 3
    first.append(Caller(coalescer, ["s3"], "en", "ru"))
    assert [caller.join().result for caller in first] == [[f"ru:s{n}"] for n in range(4)]
    assert holder.thread.is_alive() and holder.result is None  # sent and answered while held
    assert engine.calls[1] == ("en", "ru", ["s0", "s1", "s2", "s3"])
    # Below the share they wait for the held call; once it is back they go at once.
    later = [enqueue(coalescer, [f"t{n}"]) for n in range(2)]
    assert len(engine.calls) == 2
    engine.release.set()
    assert holder.join().result == ["ru:hold"]
    assert [caller.join().result for caller in later] == [["ru:t0"], ["ru:t1"]]
    assert engine.calls[2] == ("en", "ru", ["t0", "t1"])
    coalescer.close()


def test_a_lone_call_waits_no_longer_than_the_window_when_the_engine_is_idle():
    engine = HeldEngine()
    engine.release.set()  # nothing is held: every call returns at once
    coalescer = CoalescingTranslator(engine, max_batch=32, wait_ms=20, queue_size=1000, engine_calls=2)
    caller = Caller(coalescer, ["one"], "en", "ru")
    caller.thread.join(5.0)  # the 20 ms window applies, not the share: nothing is under way
    assert not caller.thread.is_alive() and caller.result == ["ru:one"]
    assert coalescer.stats().engine_calls == 1
    coalescer.close()
