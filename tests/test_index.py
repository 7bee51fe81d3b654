"""Installing from the Argos package index, served from this machine's loopback only."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsl10n.errors import ModelIndexError
from newsl10n.translation.index import fetch_index, install_from_index
from newsl10n.translation.models import list_installed
from test_models import make_zip, package_members


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def publish(root: Path, base: str, versions: list[str]) -> None:
    entries = []
    for version in versions:
        name = f"translate-en_ru-{version}.argosmodel"
        make_zip(root / name, package_members("en", "ru", version=version))
        entries.append({"type": "translate", "from_code": "en", "to_code": "ru",
                        "package_version": version, "links": [f"{base}/{name}"]})
    (root / "index.json").write_text(json.dumps(entries))


def test_install_newest_package_from_index(served, tmp_path, monkeypatch):
    root, base = served
    publish(root, base, ["1.0", "1.9"])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base + "/")
    assert len(fetch_index()) == 2
    seen = []
    model = install_from_index("en", "ru", tmp_path / "models",
                               progress=lambda label, done, total: seen.append((label, done, total)))
    assert model.version == "1.9"
    assert [m.id for m in list_installed(tmp_path / "models")] == ["translate-en_ru@1.9"]
    assert seen and seen[-1][1] == seen[-1][2] > 0


def test_missing_pair_in_index(served, tmp_path, monkeypatch):
    root, base = served
    publish(root, base, ["1.0"])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    with pytest.raises(ModelIndexError, match="no en -> ky package"):
        install_from_index("en", "ky", tmp_path / "models")


def test_unreachable_index_names_the_offline_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    with pytest.raises(ModelIndexError, match="models install FILE.argosmodel"):
        install_from_index("en", "ru", tmp_path / "models", timeout=2)
    assert not (tmp_path / "models").exists()


def test_index_that_is_not_json(served, monkeypatch):
    root, base = served
    (root / "index.json").write_text("<html>")
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    with pytest.raises(ModelIndexError, match="not valid JSON"):
        fetch_index()
