"""Throughput and latency of ``newsl10n serve`` under load (issue 12, "Benchmarks").

32 concurrent clients (threads, one keep-alive HTTP connection each) send single English
news sentences, 1,000 requests in all, as LibreTranslate's ``POST /translate {q, source,
target}``. Three systems run back to back in this one process, on the same Argos package in
the same packages folder:

* **raw CTranslate2** (the limit): the same sentences, tokenised with the package's
  SentencePiece model, decoded by ``ctranslate2.Translator.translate_batch`` in batches of 32
  with newsl10n's ``EngineOptions`` defaults (beam 2, int8, its thread layout, sub-batch size
  and decoding limit); a sentence's latency is its batch's time. "+ retry" also re-decodes the
  outputs that loop, as newsl10n's ``retry_repetition`` does (most loop on random weights).
* **newsl10n serve**: ``python -m newsl10n serve --host 127.0.0.1 --port P --models-dir D
  --max-batch 32 --batch-wait-ms 5`` as a subprocess (the ``newsl10n`` importable by this
  Python: set ``PYTHONPATH`` to try a branch).
* **LibreTranslate**: its own virtualenv under ``bench/_work/serve/lt-venv`` (``--setup-lt``
  makes it: ``pip install libretranslate==1.9.6``, which brings argos-translate-lt and MiniSBD,
  no torch), started offline on a loopback port, pointed at the same packages folder.

The model is a random-weight Transformer (``--size small``: 3+3 layers, d_model 256, 8,000
SentencePiece pieces, int8) whose end-of-sentence logit gets a bias (``SIZES``) so that it stops
by itself after about as many tokens as the source (median shorter, a few long ones). Every
system decodes at most newsl10n's limit (2.5 x the longest source of the batch + 10 tokens).

LibreTranslate runs offline thanks to two installed packages (with fewer it downloads the index:
the bench adds a tiny ru -> en echo package) and its launcher (``bench/serve_lt_launch.py``),
whose sentence splitter returns each request whole (MiniSBD would download an ONNX model) and
which caps decoding as newsl10n does; beam 2 (``ARGOS_BEAM_SIZE``), otherwise its defaults.

Everything is written under ``bench/_work/serve`` (``--work``): models, home, XDG and Argos
folders of every process. ``python bench/serve.py --help`` lists the options; ``--stand-in``
replaces ``newsl10n serve`` by a tiny in-process server (one engine call per request, no
batching) to test the harness, ``--tiny`` is the smoke test's mode (stand-in, 16 requests).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import math
import os
import shlex
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
WORK = BENCH_DIR / "_work" / "serve"
SRC, TGT = "en", "ru"
LANGID = ROOT / "tests" / "data" / "langid"
SENTENCE_FILES = (
    ROOT / "examples" / "kant-air-defense.en.txt",
    LANGID / "en.txt",
    LANGID / "en_headlines.txt",
)
SIZES: dict[str, dict[str, Any]] = {
    "tiny": {"layers": 2, "d_model": 64, "heads": 2, "ffn": 128, "fillers": 0, "eos_bias": 1.5},
    "small": {"layers": 3, "d_model": 256, "heads": 4, "ffn": 1024, "fillers": 7000, "eos_bias": 1.5},
}
"""Model sizes. ``eos_bias`` was tuned so outputs are about as long as sources on the bench's
sentences (``small``: mean 34 tokens for sources of mean 35, median 18)."""
VOCAB = 1000
LT_VERSION = "1.9.6"
LT_VENV = "lt-venv"


# --------------------------------------------------------------------------- environment


def isolate(work: Path) -> dict[str, str]:
    """Point home, XDG, Argos and newsl10n folders into ``work``, for this process and children.

    Returns:
        The variables set (also written into ``os.environ``).
    """
    for name in list(os.environ):
        if name.startswith(("ARGOS_", "NEWSL10N_")):
            del os.environ[name]
    home = work / "home"
    values = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_PACKAGES_DIR": str(work / "models"),
        "NEWSL10N_MODELS": str(work / "models"),
        "NEWSL10N_MEMORY": str(work / "memory.sqlite3"),
    }
    for sub in ("data", "config", "cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    os.environ.update(values)
    return values


# --------------------------------------------------------------------------- the model


def build_stopping_model(spm: Path, out: Path, size: dict[str, Any], seed: int = 0) -> Path:
    """A random Transformer like ``modelkit.build_random_model`` whose ``</s>`` has a logit bias.

    ``modelkit`` can only suppress the end of sentence (outputs then run to the limit); a
    positive bias makes a random model stop after a realistic number of tokens instead.
    """
    import numpy as np

    import modelkit as kit

    d_model = size["d_model"]
    vocabulary = kit.spm_vocabulary(spm)
    rng = np.random.default_rng(seed)
    spec = kit._new_transformer(size["layers"], size["heads"])
    shape, scale = (len(vocabulary), d_model), np.float32(1 / math.sqrt(d_model))
    for embeddings in (spec.encoder.embeddings[0], spec.decoder.embeddings):
        embeddings.weight = rng.standard_normal(shape, dtype=np.float32) * scale
    for stack in (spec.encoder, spec.decoder):
        kit._set_layer_norm(stack.layer_norm, np.ones(d_model), np.zeros(d_model))
        for layer in stack.layer:
            kit._fill_random_layer(layer, d_model, size["ffn"], rng)
    bias = np.zeros(len(vocabulary))
    bias[kit.EOS_ID] = size["eos_bias"]
    weight = rng.standard_normal(shape, dtype=np.float32) * scale
    kit._set_linear(spec.decoder.projection, weight, bias)
    return kit._save(spec, vocabulary, out, "int8")


def ensure_models(work: Path, size_name: str, rebuild: bool = False) -> Path:
    """Build and install en -> ru (``size_name``) and a tiny ru -> en echo package once.

    LibreTranslate downloads the package index when fewer than two packages are installed,
    hence the second one. Returns the packages folder both servers read.
    """
    sys.path.insert(0, str(ROOT / "tests"))
    import modelkit
    from newsl10n.translation.packages import install_package_file

    size = SIZES[size_name]
    models = work / "models"
    stamp = models / "serve-bench.json"
    stamp_text = json.dumps({"size": size_name, **size, "vocab": VOCAB}, sort_keys=True)
    installed = models / modelkit.argos_package_name(SRC, TGT) / "model" / "model.bin"
    if not rebuild and installed.is_file() and stamp.is_file() and stamp.read_text() == stamp_text:
        return models
    started = time.perf_counter()
    if models.exists():
        import shutil

        shutil.rmtree(models)
    spm_dir = work / f"spm-{size['fillers']}"
    spm = spm_dir / modelkit.SPM_FILENAME
    if rebuild or not spm.is_file():
        spm = modelkit.train_sentencepiece(modelkit.CORPUS, spm_dir, VOCAB, extra_symbols=size["fillers"])
    model_dir = build_stopping_model(spm, work / f"ct2-{size_name}", size)
    package = modelkit.package_argos_model(model_dir, spm, work / f"{SRC}_{TGT}.argosmodel", SRC, TGT)
    install_package_file(package, models)
    echo = modelkit.make_argos_package(work / "echo", TGT, SRC, "echo")
    install_package_file(echo, models)
    stamp.write_text(stamp_text)
    print(f"built and installed the {size_name} model in {time.perf_counter() - started:.1f} s")
    return models


# --------------------------------------------------------------------------- sentences


def news_sentences() -> list[str]:
    """Distinct English news sentences: the sample article, segmented, then the langid set."""
    from newsl10n.segment import segment_text

    found: dict[str, None] = {}
    for path in SENTENCE_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in segment_text(line, SRC).sentences():
                if sentence.text.strip():
                    found[sentence.text.strip()] = None
    return list(found)


def request_texts(sentences: Sequence[str], count: int) -> list[str]:
    """``count`` requests cycling through ``sentences`` in order."""
    return list(itertools.islice(itertools.cycle(sentences), count))


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    """One system's run: wall time, per-request latencies and outputs."""

    name: str
    wall: float
    latencies: list[float]
    outputs: list[str]
    errors: list[str] = field(default_factory=list)
    notes: str = ""
    cpu_s: float | None = None  # CPU seconds the serving process spent on the timed load

    def summary(self) -> dict[str, Any]:
        """Requests per second and latency percentiles in milliseconds."""
        done = len(self.latencies)
        return {
            "system": self.name,
            "requests": done,
            "errors": len(self.errors),
            "wall_s": round(self.wall, 3),
            "req_per_s": round(done / self.wall, 2) if self.wall > 0 else 0.0,
            "p50_ms": round(percentile(self.latencies, 50) * 1000, 1),
            "p95_ms": round(percentile(self.latencies, 95) * 1000, 1),
            "cpu_ms_per_req": round(1000 * self.cpu_s / done, 2) if self.cpu_s is not None and done else None,
            "notes": self.notes,
        }


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile of ``values``, linearly interpolated (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def run_load(name: str, port: int, texts: Sequence[str], clients: int) -> Run:
    """``clients`` threads, one keep-alive connection each, post ``texts`` to ``/translate``.

    Each thread takes the next request when its previous answer arrives; outputs are in
    request order. Errors (status, transport) are collected, not raised.
    """
    outputs = [""] * len(texts)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = iter(range(len(texts)))

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        while True:
            with lock:
                index = next(queue, None)
            if index is None:
                break
            body = json.dumps({"q": texts[index], "source": SRC, "target": TGT})
            started = time.perf_counter()
            try:
                connection.request("POST", "/translate", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                with lock:
                    errors.append(f"{index}: {exc!r}")
                continue
            elapsed = time.perf_counter() - started
            with lock:
                if response.status == 200:
                    outputs[index] = json.loads(data)["translatedText"]
                    latencies.append(elapsed)
                else:
                    errors.append(f"{index}: {response.status} {data[:200]!r}")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(name, time.perf_counter() - started, latencies, outputs, errors)


def raw_ctranslate2(
    models: Path, texts: Sequence[str], batch: int, retry: bool = False, in_flight: int = 1
) -> Run:
    """(limit) ``translate_batch`` over ``texts`` in batches of ``batch``, newsl10n's options.

    Its notes count the outputs that loop (``find_repetition``): newsl10n decodes those twice,
    and so does this side with ``retry`` (``no_repeat_ngram_size=3``, as newsl10n's retry).
    With ``in_flight`` above 1, that many threads each take the next batch when theirs is
    done, as newsl10n serve's dispatchers do (``engine_calls``).
    """
    from concurrent.futures import ThreadPoolExecutor

    import ctranslate2
    import sentencepiece

    from newsl10n.translation.argos import EngineOptions, sub_batch_size, thread_layout
    from newsl10n.translation.quality import find_repetition

    options = EngineOptions()
    package = next(p for p in models.iterdir() if p.name.startswith(f"translate-{SRC}_{TGT}"))
    inter, intra = thread_layout(options.threads, "cpu")
    translator = ctranslate2.Translator(
        str(package / "model"), compute_type=options.compute_type, inter_threads=inter, intra_threads=intra
    )
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    sources = tokenizer.encode(list(texts), out_type=str)

    def decode(part: list[list[str]], norepeat: int = 0) -> list[str]:
        limit = int(options.length_ratio * max(map(len, part))) + options.length_margin
        results = translator.translate_batch(
            part,
            beam_size=options.beam_size,
            max_batch_size=sub_batch_size(len(part), inter, options.max_batch_size),
            max_decoding_length=min(limit, options.max_positions),
            no_repeat_ngram_size=norepeat,
            repetition_penalty=1.2 if norepeat else 1.0,
            return_scores=False,
        )
        texts = [tokenizer.decode(r.hypotheses[0]).strip() for r in results]
        again = [i for i, text in enumerate(texts) if retry and not norepeat and find_repetition(text)]
        for i, text in zip(again, decode([part[i] for i in again], 3) if again else []):
            texts[i] = text
        return texts

    decode(sources[:batch])  # warm-up
    outputs: list[str] = []
    latencies: list[float] = []

    def timed(part: list[list[str]]) -> tuple[list[str], float]:
        begun = time.perf_counter()
        return decode(part), time.perf_counter() - begun

    started, cpu = time.perf_counter(), time.process_time()  # every thread, CTranslate2's too
    parts = [sources[first : first + batch] for first in range(0, len(sources), batch)]
    with ThreadPoolExecutor(in_flight) as pool:
        for part, (decoded, seconds) in zip(parts, pool.map(timed, parts)):
            outputs.extend(decoded)
            latencies.extend([seconds] * len(part))
    loops = sum(1 for text in outputs if find_repetition(text))
    notes = f"batches of {batch}, {inter}x{intra} threads, beam {options.beam_size}; {loops} outputs loop"
    name = "raw CTranslate2 + retry" if retry else "raw CTranslate2"
    name += f", {in_flight} batches in flight" if in_flight > 1 else ""
    return Run(
        name, time.perf_counter() - started, latencies, outputs, notes=notes, cpu_s=time.process_time() - cpu
    )


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, path: str, process: subprocess.Popen[bytes] | None, timeout: float) -> None:
    """Poll ``GET path`` until it answers 200.

    Raises:
        RuntimeError: The process exited, or ``timeout`` seconds passed.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode} before it was ready")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                connection.close()
                return
            connection.close()
        time.sleep(0.2)
    raise RuntimeError(f"no answer from 127.0.0.1:{port}{path} within {timeout:.0f} s")


@contextlib.contextmanager
def subprocess_server(
    command: list[str], port: int, ready_path: str, env: dict[str, str], log: Path, timeout: float = 300
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server subprocess (output to ``log``) until the block ends, then SIGTERM it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            wait_ready(port, ready_path, process, timeout)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def newsl10n_command(
    port: int, models: Path, max_batch: int, wait_ms: float, extra: Sequence[str] = ()
) -> list[str]:
    """The ``newsl10n serve`` command line of the contract, then ``extra``."""
    options = f"--port {port} --max-batch {max_batch} --batch-wait-ms {wait_ms:g}".split()
    serve = [sys.executable, "-m", "newsl10n", "serve", "--host", "127.0.0.1", *options]
    return [*serve, "--models-dir", str(models), *extra]


class _StandInHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    translate: Callable[[str, str, str], str]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        """``/health``."""
        self._answer(200 if self.path == "/health" else 404, {"status": "ok"})

    def do_POST(self) -> None:
        """``/translate`` of one string: one engine call per request."""
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length))
        text = type(self).translate(request["q"], request["source"], request["target"])
        self._answer(200, {"translatedText": text})


@contextlib.contextmanager
def stand_in_server(models: Path) -> Iterator[int]:
    """An in-process LibreTranslate-shaped server over ``ArgosTranslator`` (no batching)."""
    from newsl10n.translation.argos import ArgosTranslator

    engine = ArgosTranslator(models)
    handler = type(
        "Handler",
        (_StandInHandler,),
        {"translate": staticmethod(lambda q, s, t: engine.translate_batch([q], s, t)[0])},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- LibreTranslate

LAUNCHER = BENCH_DIR / "serve_lt_launch.py"
"""Starts LibreTranslate offline (run by its virtualenv's Python)."""


def lt_python(work: Path) -> Path:
    """The Python of LibreTranslate's virtualenv."""
    return work / LT_VENV / "bin" / "python"


def setup_libretranslate(work: Path) -> None:
    """Create ``work/lt-venv`` and ``pip install libretranslate`` into it (network needed once)."""
    venv = work / LT_VENV
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, f"libretranslate=={LT_VERSION}"], check=True)


def libretranslate_command(work: Path, port: int, threads: int | None) -> list[str]:
    """The launcher's command line: loopback, ``en,ru`` only, no model updates."""
    command = [str(lt_python(work)), str(LAUNCHER), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--load-only", f"{SRC},{TGT}", "--disable-files-translation"]
    if threads is not None:
        command += ["--threads", str(threads)]
    return command


def lt_version(work: Path) -> str:
    """LibreTranslate's and argostranslate's versions in the bench venv."""
    code = "from importlib.metadata import version as v; print(*(n + ' ' + v(n) for n in sys.argv[1:]))"
    done = subprocess.run(
        [str(lt_python(work)), "-c", "import sys; " + code, "libretranslate", "argos-translate-lt"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


# --------------------------------------------------------------------------- the run


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user and system, every thread) process ``pid`` has used; ``None`` off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def warm_and_load(name: str, port: int, texts: Sequence[str], clients: int, pid: int | None = None) -> Run:
    """Warm a server up with one request per client, then time the load (and process ``pid``'s CPU)."""
    run_load(name, port, texts[:clients], clients)
    before = process_cpu(pid) if pid is not None else None
    run = run_load(name, port, texts, clients)
    after = process_cpu(pid) if pid is not None else None
    run.cpu_s = after - before if after is not None and before is not None else None
    return run


def compare(runs: Sequence[Run]) -> list[dict[str, Any]]:
    """Each run's summary with its throughput ratio to raw CTranslate2 and to LibreTranslate."""
    rows = [run.summary() for run in runs]
    by_name = {row["system"]: row["req_per_s"] for row in rows}
    for row in rows:
        for key, other in (("vs_raw", "raw CTranslate2"), ("vs_libretranslate", "LibreTranslate")):
            base = by_name.get(other)
            row[key] = round(row["req_per_s"] / base, 3) if base else None
    return rows


def agreement(runs: Sequence[Run]) -> dict[str, float]:
    """Share of requests whose output equals raw CTranslate2's, per other system."""
    raw = next((r for r in runs if r.name == "raw CTranslate2"), None)
    if raw is None:
        return {}
    return {
        run.name: round(sum(a == b for a, b in zip(raw.outputs, run.outputs)) / max(1, len(raw.outputs)), 3)
        for run in runs
        if run is not raw
    }


def targets(rows: Sequence[dict[str, Any]]) -> dict[str, bool | None]:
    """The issue's targets for newsl10n serve (``None`` where a side was not measured)."""
    ours = next((r for r in rows if r["system"].startswith("newsl10n")), None)
    lt = next((r for r in rows if r["system"] == "LibreTranslate"), None)
    if ours is None:
        return {}
    return {
        "throughput >= 0.8x raw": None if ours["vs_raw"] is None else ours["vs_raw"] >= 0.8,
        "throughput >= 3x LibreTranslate": (
            None if ours["vs_libretranslate"] is None else ours["vs_libretranslate"] >= 3
        ),
        "p95 <= LibreTranslate's": None if lt is None else ours["p95_ms"] <= lt["p95_ms"],
    }


def table(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| system | req/s | p50 ms | p95 ms | x raw | x LibreTranslate | CPU ms/req | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratios = [f"{r[k]:.2f}" if r[k] is not None else "-" for k in ("vs_raw", "vs_libretranslate")]
        cpu = "-" if r["cpu_ms_per_req"] is None else f"{r['cpu_ms_per_req']:.1f}"
        lines.append(
            f"| {r['system']} | {r['req_per_s']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} "
            f"| {ratios[0]} | {ratios[1]} | {cpu} | {r['errors']} |"
        )
    return "\n".join(lines)


def serve_run(
    args: argparse.Namespace,
    name: str,
    models: Path,
    texts: Sequence[str],
    env: dict[str, str],
    src: str = "",
    more: Sequence[str] = (),
) -> Run:
    """Start ``newsl10n serve`` with ``env`` (and ``more`` options), warm it up, time the load, stop it."""
    port = free_port()
    extra = [*shlex.split(args.serve_args), *more]
    command = newsl10n_command(port, models, args.max_batch, args.batch_wait_ms, extra)
    slug = "".join(ch for ch in name.replace(" ", "-") if ch.isalnum() or ch == "-")
    log = Path(args.work).resolve() / f"{slug}.log"
    with subprocess_server(command, port, "/health", env, log) as process:
        run = warm_and_load(name, port, texts, args.clients, process.pid)
    run.notes = f"--max-batch {args.max_batch} --batch-wait-ms {args.batch_wait_ms:g} {' '.join(extra)}"
    run.notes += f", PYTHONPATH={src}" if src else ""
    return run


def one_round(args: argparse.Namespace, models: Path, texts: Sequence[str], env: dict[str, str]) -> list[Run]:
    """Every selected system once, back to back, on ``texts``."""
    runs = [raw_ctranslate2(models, texts, args.max_batch, retry) for retry in (False, True)]
    if args.raw_in_flight > 1:
        runs.append(raw_ctranslate2(models, texts, args.max_batch, True, args.raw_in_flight))
    if args.stand_in:
        with stand_in_server(models) as port:
            runs.append(warm_and_load("newsl10n stand-in (no batching)", port, texts, args.clients))
    else:
        runs.append(serve_run(args, "newsl10n serve", models, texts, env))
        # The same requests without decoding: the service's own CPU per request (HTTP, pipeline).
        runs.append(
            serve_run(args, "newsl10n serve, fake engine", models, texts, env, more=["--engine", "fake"])
        )
    for index, src in enumerate(args.also_src, 1):
        src_env = {**env, "PYTHONPATH": str(Path(src).resolve())}
        runs.append(serve_run(args, f"newsl10n serve ({index})", models, texts, src_env, src))
    if not args.skip_libretranslate:
        runs.append(libretranslate_run(args, texts, env, None))
        if args.lt_equal_decoding:
            runs.append(libretranslate_run(args, texts, env, 1.0))
    return runs


def libretranslate_run(
    args: argparse.Namespace, texts: Sequence[str], env: dict[str, str], length_penalty: float | None
) -> Run:
    """Start LibreTranslate (with Argos's length penalty, or ``length_penalty``), time the load."""
    work, port = Path(args.work).resolve(), free_port()
    lt_env = {**env, "ARGOS_BEAM_SIZE": "2", "ARGOS_CHUNK_TYPE": "MINISBD"}
    name, log = "LibreTranslate", work / "libretranslate.log"
    if length_penalty is not None:
        lt_env["NEWSL10N_BENCH_LENGTH_PENALTY"] = str(length_penalty)
        name, log = f"LibreTranslate, length penalty {length_penalty:g}", work / "libretranslate-penalty.log"
    command = libretranslate_command(work, port, args.lt_threads)
    with subprocess_server(command, port, "/languages", lt_env, log) as process:
        run = warm_and_load(name, port, texts, args.clients, process.pid)
    run.notes = lt_version(work) + ("" if length_penalty is None else f", length_penalty={length_penalty:g}")
    return run


def run_all(args: argparse.Namespace) -> dict[str, Any]:
    """Build the model, run every selected system on the same requests; the report.

    With ``args.rounds`` above 1 each system keeps its fastest round (the machine is shared).
    """
    work = Path(args.work).resolve()
    env = {**os.environ, **isolate(work)}
    models = ensure_models(work, args.size, args.rebuild)
    sentences = news_sentences()
    texts = request_texts(sentences, args.requests)
    if not args.skip_libretranslate and not lt_python(work).is_file():
        raise SystemExit(f"no LibreTranslate virtualenv in {work / LT_VENV}: run with --setup-lt once")
    rounds = [one_round(args, models, texts, env) for _ in range(args.rounds)]
    runs = [min(same, key=lambda run: run.wall) for same in zip(*rounds)]
    lt_about = next((run.notes for run in runs if run.name == "LibreTranslate"), "")
    rows = compare(runs)
    return {
        "config": {
            "requests": args.requests,
            "clients": args.clients,
            "size": args.size,
            "model": SIZES[args.size],
            "distinct_sentences": len(sentences),
            "cores": len(os.sched_getaffinity(0)),
            "libretranslate": lt_about,
            "rounds": args.rounds,
        },
        "systems": rows,
        "same_output_as_raw": agreement(runs),
        "targets": targets(rows),
        "errors": {run.name: run.errors[:5] for run in runs if run.errors},
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--small", action="store_const", const="small", dest="size", help="--size small")
    parser.add_argument("--rounds", type=int, default=1, help="run everything N times, keep each best")
    parser.add_argument("--max-batch", type=int, default=32)
    parser.add_argument("--batch-wait-ms", type=float, default=5)
    parser.add_argument(
        "--raw-in-flight",
        type=int,
        default=2,
        help="also raw CTranslate2 + retry with N batches at once, as the service's 2 dispatchers (1: not)",
    )
    parser.add_argument(
        "--serve-args",
        default="--no-memory --no-glossary",
        help="more newsl10n serve options (default: %(default)s, so every request is decoded)",
    )
    parser.add_argument(
        "--also-src",
        action="append",
        default=[],
        metavar="DIR",
        help="also measure the newsl10n of this src folder (e.g. a branch's), in the same run",
    )
    parser.add_argument("--skip-libretranslate", action="store_true")
    parser.add_argument("--lt-threads", type=int, help="LibreTranslate's --threads (default: its own)")
    parser.add_argument(
        "--lt-equal-decoding",
        action="store_true",
        help="also LibreTranslate with newsl10n's length penalty (1.0, not Argos's 0.2): equal decoding work",
    )
    parser.add_argument("--stand-in", action="store_true", help="a tiny in-process server, no batching")
    parser.add_argument("--tiny", action="store_true", help="smoke mode: tiny model, 16 requests")
    parser.add_argument("--setup-lt", action="store_true", help="create the LibreTranslate venv first")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--work", default=str(WORK), help="scratch folder (default bench/_work/serve)")
    args = parser.parse_args(argv)
    if args.tiny:
        args.size, args.requests, args.clients = "tiny", 16, 4
        args.stand_in = args.skip_libretranslate = True
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; print the table (or JSON)."""
    args = parse_args(argv)
    if args.setup_lt:
        setup_libretranslate(Path(args.work).resolve())
    report = run_all(args)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    config = report["config"]
    print(
        f"{config['requests']} requests, {config['clients']} clients, {config['size']} model, "
        f"{config['distinct_sentences']} distinct sentences, {config['cores']} cores"
    )
    print(table(report["systems"]))
    for row in report["systems"]:
        print(f"{row['system']}: {row['notes']}")
    print("same output as raw CTranslate2:", report["same_output_as_raw"])
    for name, met in report["targets"].items():
        print(f"target {name}: {'-' if met is None else 'met' if met else 'NOT met'}")
    for name, errors in report["errors"].items():
        print(f"{name}: errors, first ones: {errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
