"""Cases a hostile-user pass found after issue 9's fixes, kept as tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsl10n.errors import GlossaryFormatError
from newsl10n.glossary.edit import add_term

ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "kant-air-defense.en.txt"


@pytest.mark.parametrize("term", ["", "   ", "Two\nLines", "nul\0"])
def test_a_term_that_is_not_one_line_is_refused_and_nothing_written(tmp_path, term):
    folder = tmp_path / "glossary"
    folder.mkdir()
    ru = folder / "ru.po"
    ru.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "Kant"\nmsgstr "Кант"\n', encoding="utf-8")
    before = ru.read_bytes()
    with pytest.raises(GlossaryFormatError, match="one non-empty line"):
        add_term(folder, term, {"ru": "x"})
    assert ru.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["ru.po"]


def test_a_bad_compute_type_is_a_usage_error_before_any_work(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsl10n",
            "translate",
            str(ARTICLE),
            "--to",
            "ru",
            "--compute-type",
            "bogus",
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "--compute-type" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
