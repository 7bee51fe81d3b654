"""``newsl10n serve`` as a real process on a loopback port, with a real echo Argos model.

The LibreTranslate client package (``libretranslatepy``) talks to it unchanged; 64
concurrent clients all get correct answers; on SIGTERM every request the server took gets
its full answer before the process exits.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.client import HTTPException, RemoteDisconnected
from pathlib import Path

import pytest

import newsl10n
from newsl10n.translation.packages import install_package_file

pytestmark = pytest.mark.slow

SRC = Path(newsl10n.__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A ``newsl10n serve`` subprocess and its base URL."""

    def __init__(self, models: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        command = [sys.executable, "-m", "newsl10n", "serve", "--port", str(self.port)]
        command += ["--models-dir", str(models), "--no-glossary", "--no-memory", *extra]
        self.process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited: {self.process.stderr.read()}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(self.url + "health", timeout=2) as answer:
                    if json.load(answer)["status"] == "ok":
                        return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not become healthy")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            _out, err = self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, err = self.process.communicate()
        return err


@pytest.fixture
def echo_models(argos_files, tmp_path) -> Path:
    folder = tmp_path / "models"
    for key in [("en", "ru", "echo"), ("ru", "en", "echo"), ("en", "ky", "echo")]:
        install_package_file(argos_files[key], folder)
    return folder


@pytest.fixture
def server(echo_models) -> Iterator[Server]:
    running = Server(echo_models)
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()


def post(url: str, body: dict[str, object], timeout: float = 60) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode("utf-8"), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_libretranslatepy_works_unchanged(server):
    from libretranslatepy import LibreTranslateAPI

    client = LibreTranslateAPI(server.url)
    assert client.translate("The minister spoke in Bishkek.", "en", "ru") == "The minister spoke in Bishkek."
    detected = client.detect("The government of Kyrgyzstan announced new measures on Tuesday.")
    assert detected[0]["language"] == "en"
    languages = {row["code"]: row for row in client.languages()}
    assert languages["en"]["targets"] == ["ky", "ru"]
    assert languages["ru"]["targets"] == ["en", "ky"]  # ru -> ky through English
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.translate("Hello.", "en", "de")
    assert refused.value.code == 400
    assert json.load(refused.value) == {"error": "no model installed for en -> de"}


def test_64_concurrent_clients_all_get_correct_answers(server):
    answers: dict[tuple[int, int], object] = {}

    def client(n: int) -> None:
        for k in range(3):
            text = f"Report {n} of the desk number {k} is ready."
            status, body = post(server.url + "translate", {"q": text, "source": "en", "target": "ru"})
            answers[(n, k)] = body["translatedText"] if status == 200 else (status, body)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(64)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(answers) == 64 * 3
    wrong = {
        key: got
        for key, got in answers.items()
        if got != f"Report {key[0]} of the desk number {key[1]} is ready."
    }
    assert wrong == {}


def test_sigterm_drains_requests_in_flight(echo_models):
    running = Server(echo_models)
    running.wait_ready()
    outcomes: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    # 64 clients x 12 sentences stay within the default queue (1024 sentences): no 503.
    text = " ".join(f"Sentence {i} of a long dispatch." for i in range(12))

    def client() -> None:
        while not stop.is_set():
            try:
                status, body = post(running.url + "translate", {"q": text, "source": "en", "target": "ru"})
                outcome = (
                    "answered" if status == 200 and body["translatedText"] == text else f"wrong {status}"
                )
            except urllib.error.URLError as error:
                # Refused, or reset while still in the listen queue: the server never took it.
                never_taken = isinstance(error.reason, (ConnectionRefusedError, ConnectionResetError))
                outcome = "not connected" if never_taken else f"lost: {error!r}"
                stop.set()
            except RemoteDisconnected as error:  # taken, then closed without an answer
                outcome = f"lost: {error!r}"
                stop.set()
            except ConnectionResetError:  # a reset, as for a connection in the listen queue
                outcome = "not connected"
                stop.set()
            except (HTTPException, OSError) as error:
                outcome = f"lost: {error!r}"
                stop.set()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=client) for _n in range(64)]
    for thread in threads:
        thread.start()
    while True:
        with lock:
            if outcomes.count("answered") >= 32:
                break
        time.sleep(0.05)
    with lock:
        before = outcomes.count("answered")
    running.process.send_signal(signal.SIGTERM)
    running.process.wait(60)
    stop.set()
    for thread in threads:
        thread.join(60)
    # uvicorn, once drained, re-raises the signal it caught: the exit is "killed by SIGTERM".
    assert running.process.returncode in (0, -signal.SIGTERM)
    lost = [outcome for outcome in outcomes if outcome not in ("answered", "not connected")]
    assert lost == []
    assert outcomes.count("answered") > before  # requests in flight at SIGTERM were answered
    err = running.stop()
    assert "Sentence 1 of a long dispatch" not in err  # no article text in the logs


def test_without_a_key_file_it_fails_in_one_line(echo_models, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-m", "newsl10n", "serve", "--no-glossary", "--api-keys", str(tmp_path / "none")],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ")
