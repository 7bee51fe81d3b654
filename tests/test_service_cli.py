"""``newsl10n serve``'s command line: the missing extra, and logs that keep texts out."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

import newsl10n
from newsl10n.cli.serve import QueryStringFilter
from newsl10n.service import ServiceConfig, create_app
from newsl10n.translation.fake import FakeTranslator

SRC = Path(newsl10n.__file__).resolve().parents[1]


def test_without_the_extra_it_names_it_in_one_line():
    code = "import sys; sys.modules['uvicorn'] = None; sys.argv = ['newsl10n', 'serve']; " + (
        "from newsl10n.cli import main; main()"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, check=False, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr == 'Error: the service needs its extra: pip install "newsl10n[serve]"\n'


def test_our_logs_never_carry_the_text(caplog):
    secret = "The minister resigned this morning in Bishkek."
    caplog.set_level(logging.DEBUG)
    app = create_app(ServiceConfig(engine="fake"), translator=FakeTranslator())
    with TestClient(app) as client:
        client.post("/translate", json={"q": secret, "source": "ru", "target": "ru"})  # a 400
        client.post("/translate", json={"q": secret, "source": "en", "target": "ru"})
        client.post("/detect", json={"q": secret})
    assert caplog.records
    assert not [r for r in caplog.records if "Bishkek" in r.getMessage()]


def test_access_log_lines_lose_their_query_string():
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "POST", "/translate?q=secret+text", "1.1", 200),
        None,
    )
    assert QueryStringFilter().filter(record)
    assert "secret" not in record.getMessage()
    assert "/translate" in record.getMessage()
