"""Issue 12: the editable review page in a real browser (Debian's ``chromium``, headless).

A real uvicorn server runs the service (fake engine, shipped glossary, a memory in
``tmp_path``) on a loopback port in a thread. Chromium opens ``/review/<id>`` and is driven
through the Chrome DevTools Protocol over ``--remote-debugging-pipe`` (file descriptors 3
and 4, NUL-separated JSON: no extra package): the page's own script adds the editing
controls; the test clicks "Correct", types the new translation, clicks "Approve", and
waits for the page to say it was saved. The memory then holds the human-approved entry,
and a later ``/v1/articles`` request gets it. Skipped when chromium is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from newsl10n.service import ServiceConfig, create_app
from newsl10n.textio import read_text
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.memory import MemoryKey, TranslationMemory

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install --no-install-recommends chromium)",
)
TIMEOUT_S = 60.0


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The service on a loopback port (uvicorn in a thread); yields its base URL."""
    config = ServiceConfig(engine="fake", glossary=ROOT / "glossary", memory=tmp_path / "m.sqlite")
    app = create_app(config, translator=FakeTranslator())
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + TIMEOUT_S
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(TIMEOUT_S)
        sock.close()


_TRAMPOLINE = """
import os, sys
read, write = os.dup(int(sys.argv[1])), os.dup(int(sys.argv[2]))
os.dup2(read, 3)
os.dup2(write, 4)
os.set_inheritable(3, True)  # dup2 onto itself (read == 3) leaves close-on-exec set
os.set_inheritable(4, True)
os.execv(sys.argv[3], sys.argv[3:])
"""
"""Run as ``python -c``: puts its two fd arguments on fds 3 and 4, then becomes ``argv[3]``."""


class DevTools:
    """Headless chromium driven over the DevTools protocol on a pipe (fds 3 and 4)."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        # A Python trampoline puts the pipe ends on fds 3 and 4, then becomes chromium
        # (no preexec_fn: the server's threads are running).
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _TRAMPOLINE,
                str(to_chrome_r),
                str(from_chrome_w),
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--disable-background-networking",
                "--no-proxy-server",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(to_chrome_r, from_chrome_w),
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0

    def close(self) -> None:
        """Stop chromium and close the pipes."""
        self.process.kill()
        self.process.wait(TIMEOUT_S)
        os.close(self._to_chrome)
        os.close(self._from_chrome)

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 65536)
            assert chunk, "chromium closed the DevTools pipe"
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        found = json.loads(raw)
        assert isinstance(found, dict)
        return found

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Call ``method`` and return its result (events before the answer are dropped)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self._next:
                assert "error" not in answer, answer["error"]
                result = answer.get("result", {})
                assert isinstance(result, dict)
                return result

    def open(self, url: str) -> str:
        """Open ``url`` in a new page; its session id."""
        target = self.send("Target.createTarget", url=url)["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        assert isinstance(session, str)
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        """The value of ``expression`` in the page (promises awaited)."""
        result = self.send(
            "Runtime.evaluate", session, expression=expression, returnByValue=True, awaitPromise=True
        )
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def wait_for(self, session: str, expression: str) -> Any:
        """Evaluate ``expression`` until it is truthy; its value."""
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            value = self.evaluate(session, expression)
            if value:
                return value
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            time.sleep(0.05)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[DevTools]:
    """A headless chromium with a throw-away profile."""
    browser = DevTools(tmp_path / "profile")
    try:
        yield browser
    finally:
        browser.close()


CELL = 'document.querySelector(\'td.target[data-segment="{segment}"][lang="ru"]\')'


def test_an_editor_approves_a_correction_in_the_browser(server: str, chromium: DevTools, tmp_path: Path):
    with httpx.Client(base_url=server, timeout=TIMEOUT_S) as http:
        article = http.post("/v1/articles", json={"text": read_text(SAMPLE), "targets": "ru,ky"}).json()
        segment = article["segments"][2]
        page = chromium.open(f"{server}/review/{article['id']}")
        cell = CELL.format(segment=segment["id"])
        # The page's script has added the controls to every target cell.
        count = chromium.wait_for(page, "document.querySelectorAll('td.target button.edit-open').length")
        assert count == 2 * len(article["segments"])
        assert chromium.evaluate(page, f"{cell}.querySelector('textarea').hidden") is True
        chromium.evaluate(page, f"{cell}.querySelector('button.edit-open').click()")
        assert chromium.evaluate(page, f"{cell}.querySelector('textarea').value") == segment["ru"]
        # Type the correction over the old text, then approve it.
        corrected = "Исправленный редактором перевод."
        chromium.evaluate(page, f"{cell}.querySelector('textarea').select()")
        chromium.send("Input.insertText", page, text=corrected)
        chromium.evaluate(page, f"{cell}.querySelector('button.edit-approve').click()")
        status = chromium.wait_for(page, f"{cell}.classList.contains('approved') && {cell}.textContent")
        assert "approved" in status
        assert chromium.evaluate(page, f"{cell}.querySelector('.text').textContent") == corrected
        assert chromium.evaluate(page, f"{cell}.querySelector('textarea').hidden") is True
        # The memory holds it as human-approved ...
        with TranslationMemory.open(tmp_path / "m.sqlite", readonly=True) as tm:
            assert tm.stats().by_origin.get("human") == 1
            key = MemoryKey("", "", "en", "ru", "", segment["en"])
            assert tm.lookup([key]) == [corrected]
        # ... every later request gets it, and the page says so when opened again.
        later = http.post(
            "/v1/articles", json={"text": segment["en"], "targets": ["ru"], "source": "en"}
        ).json()
        assert later["segments"][0]["ru"] == corrected
        again = chromium.open(f"{server}/review/{article['id']}")
        chromium.wait_for(again, "document.querySelectorAll('button.edit-open').length")
        assert chromium.evaluate(again, f"{cell}.querySelector('.approved-mark') !== null") is True


def test_a_failed_save_is_shown_in_the_cell(server: str, chromium: DevTools):
    with httpx.Client(base_url=server, timeout=TIMEOUT_S) as http:
        article = http.post(
            "/v1/articles", json={"text": "Talks went on. The vote is on Friday.", "targets": "ru"}
        )
        data = article.json()
    page = chromium.open(f"{server}/review/{data['id']}")
    cell = CELL.format(segment=data["segments"][0]["id"])
    chromium.wait_for(page, "document.querySelectorAll('button.edit-open').length")
    chromium.evaluate(page, f"{cell}.querySelector('button.edit-open').click()")
    chromium.evaluate(page, f"{cell}.querySelector('textarea').value = '   '")  # empty: refused
    chromium.evaluate(page, f"{cell}.querySelector('button.edit-approve').click()")
    chromium.wait_for(page, f"{cell}.classList.contains('edit-error')")
    status = chromium.evaluate(page, f"{cell}.querySelector('.edit-status').textContent")
    assert status.startswith("not saved: ")
    assert chromium.evaluate(page, f"{cell}.classList.contains('approved')") is False
