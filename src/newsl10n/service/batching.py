"""Batching across requests: concurrent requests for one language pair share engine calls.

Each HTTP request runs the library pipeline in a worker thread of its own, and a newsroom
CMS sends many small requests at once. On the CPU one CTranslate2 call with 32 sentences
costs little more than a call with one, so :class:`CoalescingTranslator` gathers the
``translate_batch`` calls that wait at the same time for the same language pair into one
call of the engine it wraps:

* a dispatcher thread (a daemon, started on first use) takes the oldest waiting call of a
  pair, lets the others of that pair join for up to ``wait_ms`` after it arrived (no wait
  once ``max_batch`` sentences are there), and sends whole calls, up to ``max_batch``
  sentences, in one engine call; each caller gets its own results back, in order. There are
  ``engine_calls`` dispatchers (2 by default): one collects the next batch while the other's
  engine call runs, one at a time, so batches are never split between them;
* while another engine call is under way there is no hurry (a new call would wait behind
  it in the engine), so the batch being collected goes once it holds its share of
  ``max_batch`` (``max_batch // engine_calls`` sentences), or as soon as that call is back
  and ``wait_ms`` has passed. Without this rule the callers of a finished batch, who come
  back a few milliseconds apart, were sent in many small batches: 7 sentences per engine
  call on average for 32 clients, where a batch costs the engine nearly as much as a full
  one;
* pairs take turns (round robin over the pairs with waiting work), calls of one pair go in
  the order they came;
* at most ``queue_size`` sentences wait: a call beyond that raises :class:`OverloadedError`
  at once (the service answers 503 with ``Retry-After``);
* :meth:`CoalescingTranslator.close` stops the dispatchers; waiting and later calls raise
  :class:`TranslatorClosedError`.

A call is never cut: one larger than ``max_batch`` goes to the engine alone, as it would
without the coalescer. ``translate_with_prefix`` (glossary repair) is not coalesced: it goes
straight to the engine in the caller's thread (the Argos engine is safe to call from many
threads: CTranslate2 and SentencePiece are, and its own caches are filled under a lock).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from newsl10n.errors import NewsL10nError, TranslationError
from newsl10n.i18n import _
from newsl10n.translation.protocol import PairInfo, PrefixTranslator, Translator, describe_pair

__all__ = [
    "BatchingStats",
    "CoalescingTranslator",
    "OverloadedError",
    "TranslatorClosedError",
]

log = logging.getLogger(__name__)

MIN_RETRY_AFTER_S = 1.0
"""The shortest ``retry_after`` an :class:`OverloadedError` suggests (HTTP counts seconds)."""

_Pair = tuple[str, str]


class OverloadedError(NewsL10nError):
    """Too many sentences are waiting for the engine: try again later.

    Attributes:
        waiting: Sentences waiting when the call was refused.
        retry_after: Seconds after which a retry has a fair chance (at least
            :data:`MIN_RETRY_AFTER_S`): the time the engine needs for the waiting sentences
            at the pace of its recent calls.
    """

    def __init__(self, waiting: int, retry_after: float) -> None:
        self.waiting = waiting
        self.retry_after = retry_after
        super().__init__(
            _("the translation queue is full ({count} sentences waiting); retry in {seconds} s").format(
                count=waiting, seconds=math.ceil(retry_after)
            )
        )


class TranslatorClosedError(NewsL10nError):
    """The coalescing translator was closed (the service is stopping)."""

    def __init__(self) -> None:
        super().__init__(_("the translation service is shutting down"))


@dataclass(frozen=True)
class BatchingStats:
    """What a :class:`CoalescingTranslator` did so far.

    Attributes:
        calls: ``translate_batch`` calls accepted.
        engine_calls: ``translate_batch`` calls made to the engine (successful or not).
        sentences: Sentences sent to the engine.
        largest_batch: The most sentences of one engine call.
        waiting: Sentences waiting for the engine now.
        rejected: Calls refused with :class:`OverloadedError`.
    """

    calls: int = 0
    engine_calls: int = 0
    sentences: int = 0
    largest_batch: int = 0
    waiting: int = 0
    rejected: int = 0

    @property
    def mean_batch(self) -> float:
        """Sentences per engine call (0.0 before the first)."""
        return self.sentences / self.engine_calls if self.engine_calls else 0.0


@dataclass
class _Call:
    """One waiting ``translate_batch`` call and the future its caller blocks on."""

    sentences: list[str]
    arrived: float
    future: Future[list[str]] = field(default_factory=Future)


class CoalescingTranslator:
    """A translator that coalesces concurrent ``translate_batch`` calls (module docstring).

    It is a ``DescribingTranslator`` (the inner ``describe``) and a ``PrefixTranslator``
    exactly when the inner translator is one; ``translate_with_prefix`` then goes straight
    to the inner translator. Safe to use from any number of threads.

    Args:
        inner: The engine doing the work; its ``translate_batch`` is only ever called from
            the dispatcher threads, at most ``engine_calls`` calls at a time.
        max_batch: Most sentences of one engine call (a larger call goes alone, uncut).
        wait_ms: How long after a call arrived others may join it.
        queue_size: Most sentences waiting (an oversized call is still admitted into an
            empty queue, so that it is not refused forever).
        engine_calls: Engine calls under way at once. One dispatcher collects a batch at a
            time; with two, the next batch is collected, tokenised and decoded while the
            engine still works on the last one, so the engine's cores do not wait for the
            Python work around each call (on 2 cores: 110 against 82 requests a second in
            ``bench/serve.py``).

    Raises:
        ValueError: ``max_batch``, ``queue_size`` or ``engine_calls`` below 1, ``wait_ms``
            negative.
    """

    def __new__(
        cls, inner: Translator, *, max_batch: int, wait_ms: float, queue_size: int, engine_calls: int = 2
    ) -> CoalescingTranslator:
        chosen = cls
        if cls is CoalescingTranslator and isinstance(inner, PrefixTranslator):
            chosen = _PrefixCoalescingTranslator
        return super().__new__(chosen)

    def __init__(
        self,
        inner: Translator,
        *,
        max_batch: int,
        wait_ms: float,
        queue_size: int,
        engine_calls: int = 2,
    ) -> None:
        if max_batch < 1 or queue_size < 1 or engine_calls < 1 or wait_ms < 0:
            raise ValueError(
                f"max_batch, queue_size and engine_calls must be at least 1 and wait_ms at least 0, "
                f"not {max_batch}, {queue_size}, {engine_calls} and {wait_ms}"
            )
        self.engine_calls = engine_calls
        self.inner = inner
        self.max_batch = max_batch
        self.wait_ms = wait_ms
        self.queue_size = queue_size
        self._cond = threading.Condition()
        self._collecting = threading.Lock()  # one dispatcher collects a batch at a time
        self._pairs: dict[_Pair, deque[_Call]] = {}  # insertion order is the round robin
        self._waiting = 0
        self._in_engine = 0  # engine calls under way
        self._share = max(1, max_batch // engine_calls)
        self._closed = False
        self._threads: list[threading.Thread] = []
        self._counts = {"calls": 0, "engine_calls": 0, "sentences": 0, "largest_batch": 0, "rejected": 0}
        self._seconds_per_call = 0.0  # moving average of the engine's call time

    # ------------------------------------------------------------------ the callers' side

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        """Translate ``sentences`` in an engine call shared with concurrent callers.

        Blocks until the results are back.

        Raises:
            OverloadedError: Too many sentences are waiting; nothing was enqueued.
            TranslatorClosedError: :meth:`close` was called.
            NewsL10nError: Whatever the engine raised for the batch this call was in.
        """
        call = _Call(list(sentences), time.monotonic())
        with self._cond:
            if self._closed:
                raise TranslatorClosedError
            count = len(call.sentences)
            if self._waiting and self._waiting + count > self.queue_size:
                self._counts["rejected"] += 1
                raise OverloadedError(self._waiting, self._retry_after())
            self._pairs.setdefault((src, tgt), deque()).append(call)
            self._waiting += count
            self._counts["calls"] += 1
            if not self._threads:
                self._threads = [
                    threading.Thread(target=self._run, name=f"newsl10n-batching-{n}", daemon=True)
                    for n in range(self.engine_calls)
                ]
                for thread in self._threads:
                    thread.start()
            self._cond.notify_all()
        return call.future.result()

    def describe(self, src: str, tgt: str) -> PairInfo:
        """How the inner engine serves the pair."""
        return describe_pair(self.inner, src, tgt)

    def stats(self) -> BatchingStats:
        """What was done so far (a snapshot)."""
        with self._cond:
            return BatchingStats(waiting=self._waiting, **self._counts)

    def close(self, timeout: float | None = None) -> None:
        """Stop the dispatcher; waiting and later calls raise :class:`TranslatorClosedError`.

        The engine call under way, if any, finishes and its callers get their results.

        Args:
            timeout: Seconds to wait for that engine call (``None``: as long as it takes).
        """
        with self._cond:
            self._closed = True
            self._fail_waiting()
            threads = list(self._threads)
            self._cond.notify_all()
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(timeout)

    # ------------------------------------------------------------------ the dispatcher

    def _retry_after(self) -> float:
        batches = math.ceil(self._waiting / self.max_batch)
        return max(MIN_RETRY_AFTER_S, batches * self._seconds_per_call)

    def _fail_waiting(self) -> None:
        """Fail every waiting call (under the lock)."""
        for calls in self._pairs.values():
            for call in calls:
                call.future.set_exception(TranslatorClosedError())
        self._pairs.clear()
        self._waiting = 0

    def _run(self) -> None:
        try:
            while True:
                with self._collecting:
                    taken = self._next_batch()
                if taken is None:
                    return
                self._dispatch(*taken)
        finally:
            with self._cond:  # an unexpected end must not leave callers blocked
                self._closed = True
                self._fail_waiting()

    def _next_batch(self) -> tuple[_Pair, list[_Call]] | None:
        """Wait for work, then take the next pair's batch; ``None`` once closed."""
        with self._cond:
            while not self._pairs and not self._closed:
                self._cond.wait()
            if self._closed:
                return None
            pair, calls = next(iter(self._pairs.items()))
            deadline = calls[0].arrived + self.wait_ms / 1000
            while not self._closed and (size := sum(len(c.sentences) for c in calls)) < self.max_batch:
                if self._in_engine:  # no hurry: woken by each arrival and by that call's end
                    if size >= self._share:
                        break
                    self._cond.wait()
                    continue
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            if self._closed:
                return None
            batch = [calls.popleft()]
            size = len(batch[0].sentences)
            while calls and size + len(calls[0].sentences) <= self.max_batch:
                size += len(calls[0].sentences)
                batch.append(calls.popleft())
            del self._pairs[pair]
            if calls:
                self._pairs[pair] = calls  # to the back of the round robin
            self._waiting -= sum(len(call.sentences) for call in batch)
            self._in_engine += 1
            return pair, batch

    def _dispatch(self, pair: _Pair, batch: list[_Call]) -> None:
        """One engine call for ``batch``; results or the error go to each caller."""
        src, tgt = pair
        sentences = [sentence for call in batch for sentence in call.sentences]
        started = time.monotonic()
        try:
            outputs = self.inner.translate_batch(sentences, src, tgt)
            if len(outputs) != len(sentences):
                raise TranslationError(
                    src,
                    tgt,
                    f"the engine returned {len(outputs)} translations for {len(sentences)} sentences",
                )
        except Exception as exc:  # every caller of the batch gets it; the dispatcher goes on
            log.debug("engine call of %d sentence(s) failed: %s", len(sentences), exc)
            self._record(len(sentences), time.monotonic() - started)
            for call in batch:
                call.future.set_exception(exc)
            return
        self._record(len(sentences), time.monotonic() - started)
        start = 0
        for call in batch:
            end = start + len(call.sentences)
            call.future.set_result(list(outputs[start:end]))
            start = end

    def _record(self, size: int, seconds: float) -> None:
        """Count an engine call that is back (successful or not) and wake the collector."""
        with self._cond:
            self._in_engine -= 1
            self._cond.notify_all()
            counts = self._counts
            counts["engine_calls"] += 1
            counts["sentences"] += size
            counts["largest_batch"] = max(counts["largest_batch"], size)
            average = self._seconds_per_call
            self._seconds_per_call = seconds if not average else 0.8 * average + 0.2 * seconds


class _PrefixCoalescingTranslator(CoalescingTranslator):
    """A :class:`CoalescingTranslator` over a translator that can decode with a target prefix."""

    def translate_with_prefix(
        self, sentences: Sequence[str], prefixes: Sequence[str] | None, src: str, tgt: str
    ) -> list[str]:
        """The inner translator's prefixed decode, in the caller's thread (not coalesced).

        Raises:
            TranslatorClosedError: :meth:`close` was called.
        """
        inner = self.inner
        if not isinstance(inner, PrefixTranslator):  # pragma: no cover - chosen in __new__
            raise TranslationError(src, tgt, "the translator cannot decode with a prefix")
        if self._closed:
            raise TranslatorClosedError
        return inner.translate_with_prefix(sentences, prefixes, src, tgt)
