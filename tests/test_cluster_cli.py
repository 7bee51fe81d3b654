"""``newsl10n translate --executor ray``: the missing extra, a tiny archive on a local Ray, --resume."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app
from newsl10n.cluster import RayExecutor, RayNotInstalledError


def archive(root: Path) -> Path:
    for i, folder in enumerate(("a", "a/b", "c")):
        path = root / folder / f"story-{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"The council met on day {i}. It agreed on a new budget.\n", encoding="utf-8")
    (root / "c" / "broken.txt").write_bytes(b"")
    return root


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_without_ray_the_error_names_the_extra_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets without the extra
    with pytest.raises(RayNotInstalledError):
        RayExecutor().session().__enter__()
    monkeypatch.chdir(tmp_path)
    story = archive(tmp_path / "archive") / "a" / "story-0.txt"
    result = invoke("translate", str(story), "--to", "ru", "--engine", "fake", "--executor", "ray")
    assert result.exit_code == 1
    assert result.stderr == 'Error: the Ray executor needs its extra: pip install "newsl10n[ray]"\n'
    assert not (tmp_path / "translations").exists()


@pytest.mark.slow
def test_an_archive_on_a_local_ray_then_resumed(tmp_path, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.chdir(tmp_path)
    root = archive(tmp_path / "archive")
    args = ["translate", str(root), "--to", "ru,ky", "--engine", "fake", "--no-glossary", "--no-memory"]
    args += ["--out", "out", "--executor", "ray"]
    first = invoke(*args)
    assert first.exit_code == 1  # the empty article failed; the others are written
    assert "broken.txt" in first.stderr and first.stderr.count("Error:") == 1
    for stem in ("archive/a/story-0", "archive/a/b/story-1", "archive/c/story-2"):
        assert (tmp_path / "out" / stem / "ky.txt").read_text(encoding="utf-8").startswith("[ky] The council")

    (root / "c" / "broken.txt").write_text("Now it has a sentence.\n", encoding="utf-8")
    again = invoke(*args, "--resume")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.count("skipped") == 3
    assert (tmp_path / "out" / "archive" / "c" / "broken" / "ru.txt").exists()
