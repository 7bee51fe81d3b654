"""Patterns that run on text from outside stay linear on hostile input (issue 9).

Each input below made a pattern backtrack super-linearly before and would take minutes:
"<a" + 5,000 spaces never finished within a minute; "%" + 3,000 zeros took 0.9 s and
6,000 took 3.3 s (so 60,000 takes minutes); 40,000 spaces took 5.9 s; 20,000 dots in an
article took 10.5 s in ``extract_candidates``. Each now runs in a fresh process under a
generous bound (not a timing assertion: a linear pass takes well under a second), and the
patterns still find what they found before on ordinary strings.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsl10n.catalog.placeholders import BRACE, PRINTF, find_placeholders, protect
from newsl10n.glossary.extract import _SENTENCE_END as SENTENCE_END

HOSTILE = {
    "tag attributes": "protect('<a' + ' ' * 5000 + 'x')",
    "unclosed comments": "protect('<!--' * 20000)",
    "printf zeros": "protect('%' + '0' * 60000, [PRINTF])",
    "printf zeros strict": "protect('%' * 2 + '0' * 60000 + 'q', [PRINTF])",
    "spaces around no line break": "protect('a' + ' ' * 300000 + 'b')",
    "sentence ends": "extract_candidates('Бишкек ' + '.' * 100000 + ' Ош', 'ru')",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_input_runs_in_bounded_time(kind: str) -> None:
    code = (
        "from newsl10n.catalog.placeholders import PRINTF, protect\n"
        "from newsl10n.glossary.extract import extract_candidates\n"
        f"{HOSTILE[kind]}\nprint('done')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "done"


def test_the_bounded_patterns_still_find_real_placeholders() -> None:
    text = "Hi <a href='x'>%(name)s</a>, %5.2f%% and %1$s, <br/> <br /> <!-- note --> {count} \n next"
    found = [p.text for p in find_placeholders(text, [PRINTF, BRACE])]
    assert found == [
        "<a href='x'>",
        "%(name)s",
        "</a>",
        "%5.2f",
        "%%",
        "%1$s",
        "<br/>",
        "<br />",
        "<!-- note -->",
        "{count}",
        "\n",
    ]
    assert protect("Line one  \n  line two").separators == ("  \n  ",)


def test_sentence_ends_are_found_at_the_start_of_a_run_only() -> None:
    assert [m.group() for m in SENTENCE_END.finditer("Да... Нет!» Ош.\n\nБишкек — столица")] == [
        "... ",
        "!» ",
        ".\n\n",
        "—",
    ]
