"""Installing from the Argos package index, served from this machine's loopback only."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsl10n.errors import ModelIndexError
from newsl10n.translation.index import IndexEntry, fetch_index, install_from_index
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
        entries.append(
            {
                "type": "translate",
                "from_code": "en",
                "to_code": "ru",
                "package_version": version,
                "links": [f"{base}/{name}"],
            }
        )
    (root / "index.json").write_text(json.dumps(entries))


def test_install_newest_package_from_index(served, tmp_path, monkeypatch):
    root, base = served
    publish(root, base, ["1.0", "1.9"])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base + "/")
    entries = fetch_index()
    assert all(isinstance(entry, IndexEntry) for entry in entries)
    assert [(e.from_code, e.to_code, e.type, e.package_version) for e in entries] == [
        ("en", "ru", "translate", "1.0"),
        ("en", "ru", "translate", "1.9"),
    ]
    assert entries[1].links == (f"{base}/translate-en_ru-1.9.argosmodel",)
    seen = []
    model = install_from_index(
        "en", "ru", tmp_path / "models", progress=lambda label, done, total: seen.append((label, done, total))
    )
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
    with pytest.raises(ModelIndexError, match=r"models install FILE\.argosmodel"):
        install_from_index("en", "ru", tmp_path / "models", timeout=2)
    assert not (tmp_path / "models").exists()


def test_index_that_is_not_json(served, monkeypatch):
    root, base = served
    (root / "index.json").write_text("<html>")
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    with pytest.raises(ModelIndexError, match="not valid JSON"):
        fetch_index()


def test_index_entries_take_argos_defaults_and_are_frozen():
    entry = IndexEntry.from_json(
        {
            "from_code": "en",
            "to_code": "ky",
            "links": ["https://x/a"],
            "from_name": "English",
            "to_name": "Kyrgyz",
            "code": "ignored",
        }
    )
    assert entry == IndexEntry("en", "ky", "translate", "", "", "English", "Kyrgyz", ("https://x/a",))
    assert IndexEntry.from_json({}) == IndexEntry("", "")
    assert IndexEntry.from_json({"from_code": "en", "package_version": None}).package_version == ""
    with pytest.raises(AttributeError):
        entry.to_code = "ru"  # type: ignore[misc]
    with pytest.raises(ValueError, match="from_code must be a string"):
        IndexEntry.from_json({"from_code": 5})
    with pytest.raises(ValueError, match="links must be a list of strings"):
        IndexEntry.from_json({"links": "https://x/a"})


def test_bad_index_entries_are_skipped_not_fatal(served, tmp_path, monkeypatch, caplog):
    root, base = served
    publish(root, base, ["1.0"])
    entries = json.loads((root / "index.json").read_text())
    entries = [
        "junk",
        {"from_code": "en", "to_code": "ru", "package_version": 9, "links": []},
        {
            "type": "sbd",
            "from_code": "en",
            "to_code": "ru",
            "package_version": "5.0",
            "links": [f"{base}/missing.argosmodel"],
        },
        *entries,
    ]
    (root / "index.json").write_text(json.dumps(entries))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    with caplog.at_level("WARNING", logger="newsl10n.translation.index"):
        assert [(e.type, e.package_version) for e in fetch_index()] == [("sbd", "5.0"), ("translate", "1.0")]
    messages = [record.getMessage() for record in caplog.records]
    assert any("entry 0" in m and "not an object" in m for m in messages)
    assert any("entry 1" in m and "package_version must be a string" in m for m in messages)
    # The sbd entry is newer but not a translation package: the translate one is installed.
    assert install_from_index("en", "ru", tmp_path / "models").version == "1.0"


def test_index_that_is_not_a_list(served, monkeypatch):
    root, base = served
    (root / "index.json").write_text(json.dumps({"packages": []}))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    with pytest.raises(ModelIndexError, match="not a list of packages"):
        fetch_index()
