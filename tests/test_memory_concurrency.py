"""Two real processes translating through one memory at once lose nothing and corrupt nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsl10n.translation.memory import MemoryKey, TranslationMemory

pytestmark = pytest.mark.slow

ROUNDS = 400
PER_ROUND = 5

# Each worker says it is ready, waits for the start signal, then opens the (not yet
# existing) memory and translates ROUNDS batches: PER_ROUND sentences of its own and
# PER_ROUND shared with the other worker.
WORKER = r"""
import sys, time
from pathlib import Path
from newsl10n.translation.memory import TranslationMemory
from newsl10n.translation.memory_translator import MemoryTranslator
from newsl10n.translation.fake import FakeTranslator

path, name, go, rounds, per_round = sys.argv[1:6]
Path(go + "." + name).touch()
deadline = time.monotonic() + 60
while not Path(go).exists():
    if time.monotonic() > deadline:
        sys.exit("no start signal")
    time.sleep(0.001)
started = time.time()
with TranslationMemory.open(path) as memory:
    translator = MemoryTranslator(FakeTranslator(), memory)
    for r in range(int(rounds)):
        batch = [f"{name} sentence {r}.{i}." for i in range(int(per_round))]
        batch += [f"Shared sentence {r}.{i}." for i in range(int(per_round))]
        out = translator.translate_batch(batch, "en", "ru")
        if out != [f"[ru] {s}" for s in batch]:
            sys.exit(f"wrong output in round {r}: {out}")
print(translator.hits, translator.misses, started, time.time())
"""


def expected_sentences() -> list[str]:
    own = [
        f"{name} sentence {r}.{i}."
        for name in ("alpha", "beta")
        for r in range(ROUNDS)
        for i in range(PER_ROUND)
    ]
    shared = [f"Shared sentence {r}.{i}." for r in range(ROUNDS) for i in range(PER_ROUND)]
    return own + shared


def test_two_processes_translating_at_once(tmp_path: Path) -> None:
    path = tmp_path / "tm" / "memory.sqlite3"
    go = tmp_path / "go"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), name, str(go), str(ROUNDS), str(PER_ROUND)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alpha", "beta")
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"go.{name}").exists() for name in ("alpha", "beta")):
        assert time.monotonic() < deadline and all(w.poll() is None for w in workers)
        time.sleep(0.005)
    go.touch()
    results = [worker.communicate(timeout=180) for worker in workers]
    for worker, (_, err) in zip(workers, results):
        assert worker.returncode == 0, err
    reports = [out.split() for out, _ in results]
    assert all(int(hits) + int(misses) == ROUNDS * PER_ROUND * 2 for hits, misses, _, _ in reports)
    starts, ends = [float(r[2]) for r in reports], [float(r[3]) for r in reports]
    assert max(starts) < min(ends), "the two workers did not run at the same time"

    sentences = expected_sentences()
    with TranslationMemory.open(path, readonly=True) as memory:
        found = memory.lookup([MemoryKey("fake", "fake", "en", "ru", "", s) for s in sentences])
        assert found == [f"[ru] {s}" for s in sentences]
        assert memory.stats().segments == len(sentences)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
