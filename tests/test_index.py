"""Installing from the Argos package index, served from this machine's loopback only."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsl10n.errors import ModelIndexError, ModelPackageError
from newsl10n.translation import index as index_module
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


# --------------------------------------------------------------------------- hostile servers (issue 9)


class HostileHandler(QuietHandler):
    """Serves ``/endless.argosmodel`` without a Content-Length, ``/short.argosmodel`` with a
    Content-Length it does not keep, and the files of the folder otherwise."""

    def do_GET(self):
        if self.path == "/endless.argosmodel":
            self.send_response(200)
            self.end_headers()
            for _ in range(16):
                self.wfile.write(b"\0" * (256 * 1024))
        elif self.path == "/short.argosmodel":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"PK")
        elif self.path == "/nonsense-length.argosmodel":
            self.send_response(200)
            self.send_header("Content-Length", "lots")
            self.end_headers()
            self.wfile.write(b"not a zip")
        else:
            super().do_GET()


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    root = tmp_path / "www"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(HostileHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    yield root, f"http://127.0.0.1:{server.server_address[1]}", temporary
    server.shutdown()
    server.server_close()


def index_of(root: Path, base: str, link: str) -> None:
    entry = {"from_code": "en", "to_code": "ru", "package_version": "1.0", "links": [f"{base}/{link}"]}
    (root / "index.json").write_text(json.dumps([entry]))


def test_download_with_a_content_length_over_the_cap_is_refused(hostile, tmp_path, monkeypatch):
    root, base, temporary = hostile
    members = package_members("en", "ru")
    members["translate-en_ru-1_0/model/model.bin"] = os.urandom(200_000)
    make_zip(root / "big.argosmodel", members)
    index_of(root, base, "big.argosmodel")
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    with pytest.raises(ModelIndexError, match="larger than the 64 KiB limit"):
        install_from_index("en", "ru", tmp_path / "models", max_bytes=64 * 1024)
    assert list(temporary.iterdir()) == []
    assert not (tmp_path / "models").exists()
    assert install_from_index("en", "ru", tmp_path / "models", max_bytes=1024**2).version == "1.0"


def test_download_stream_over_the_cap_is_stopped(hostile, tmp_path, monkeypatch):
    root, base, temporary = hostile
    index_of(root, base, "endless.argosmodel")
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    seen = []
    with pytest.raises(ModelIndexError, match="larger than the 1 MiB limit"):
        install_from_index(
            "en", "ru", tmp_path / "models", max_bytes=1024**2, progress=lambda *a: seen.append(a[1])
        )
    assert max(seen) <= 1024**2
    assert list(temporary.iterdir()) == []
    assert not (tmp_path / "models").exists()


@pytest.mark.parametrize("link", ["short.argosmodel", "nonsense-length.argosmodel"])
def test_download_that_breaks_its_content_length_is_an_index_error(hostile, tmp_path, monkeypatch, link):
    root, base, temporary = hostile
    index_of(root, base, link)
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    with pytest.raises((ModelIndexError, ModelPackageError)):
        install_from_index("en", "ru", tmp_path / "models")
    assert list(temporary.iterdir()) == []


def test_index_entries_with_hostile_codes_are_skipped(served, tmp_path, monkeypatch, caplog):
    root, base = served
    publish(root, base, ["1.0"])
    good = json.loads((root / "index.json").read_text())
    hostile_entries = [
        {**good[0], "from_code": "../../x"},
        {**good[0], "to_code": "zz"},
        {**good[0], "from_code": "EN"},
        {**good[0], "to_code": "qaa"},
    ]
    (root / "index.json").write_text(json.dumps([*hostile_entries, *good]))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    with caplog.at_level("WARNING", logger="newsl10n.translation.index"):
        assert [(e.from_code, e.to_code) for e in fetch_index()] == [("en", "ru")]
    assert sum("not a known language code" in r.getMessage() for r in caplog.records) == 4
    with pytest.raises(ModelIndexError, match=r"no \.\./\.\./x -> ru package"):
        install_from_index("../../x", "ru", tmp_path / "models")
    assert not (tmp_path / "models").exists()


def test_index_that_is_too_large_or_too_deep(served, monkeypatch):
    root, base = served
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    (root / "index.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ModelIndexError, match="not valid JSON"):
        fetch_index()
    (root / "index.json").write_text(json.dumps([{"from_code": "en", "pad": "x" * 5000}]))
    monkeypatch.setattr(index_module, "MAX_INDEX_BYTES", 1000)
    with pytest.raises(ModelIndexError, match="larger than"):
        fetch_index()
