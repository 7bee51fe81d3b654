"""Issue 11: review.html in a real browser (Debian's ``chromium``, headless).

The sample article is translated into Russian and Kyrgyz with the fake engine and the
shipped glossary, written by ``write_parallel``, and opened from disk with JavaScript off:
the DOM chromium builds has one row per segment and the term marks, and a screenshot
comes out as a PNG of the window's size. Skipped when chromium is not installed (``.ci/run``
installs it, so CI runs it).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from newsl10n.glossary.io import load_glossary
from newsl10n.parallel.align import ParallelArticle, write_parallel
from newsl10n.pipeline import translate_article
from newsl10n.textio import read_text
from newsl10n.translation.fake import FakeTranslator
from test_review import parse

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install --no-install-recommends chromium)",
)


def _chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless chromium on ``page`` with a throw-away profile, JavaScript off."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-javascript",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        f"--user-data-dir={profile}",
        *args,
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def written(tmp_path: Path) -> tuple[ParallelArticle, Path]:
    """The sample article in ru and ky (fake engine, shipped glossary) and its review.html."""
    article = translate_article(
        read_text(SAMPLE),
        ["ru", "ky"],
        "en",
        translator=FakeTranslator(),
        glossary=load_glossary(ROOT / "glossary"),
    )
    write_parallel(article, tmp_path / "out", "kant-air-defense")
    return article, tmp_path / "out" / "kant-air-defense" / "review.html"


def test_chromium_builds_the_rows_and_term_marks(written: tuple[ParallelArticle, Path], tmp_path: Path):
    article, page = written
    result = _chromium(page, tmp_path / "profile", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    root, _ = parse(result.stdout)
    (table,) = root.iter("table", "segments")
    rows = table.iter("tr", "segment")
    assert [r.attrs["id"] for r in rows] == [f"seg-{s.id}" for s in article.segments]
    for row in rows:
        assert [td.attrs["lang"] for td in row.iter("td")] == ["en", "ru", "ky"]
    marks = {
        lang: [m for r in rows for td in r.iter("td") if td.attrs["lang"] == lang for m in td.iter("mark")]
        for lang in ("ru", "ky")
    }
    for lang, found in marks.items():
        expected = [
            t
            for s in article.segments
            for t in sorted(s.occurrences.get(lang, []), key=lambda t: t.target_start or 0)
            if t.target_start is not None and t.status.value != "missing"
        ]
        assert expected, "the sample has glossary terms"
        assert len(found) == len(expected)
        assert [m.text() for m in found] == [t.form for t in expected]
        assert [m.classes[1] for m in found] == [f"term-{t.status.value}" for t in expected]
    assert not root.iter("script")


def test_chromium_takes_a_screenshot_of_the_page(written: tuple[ParallelArticle, Path], tmp_path: Path):
    _article, page = written
    shot = tmp_path / "review.png"
    result = _chromium(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1400,900")
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (1400, 900)
    assert len(data) > 20_000  # a page with text, not a blank window
