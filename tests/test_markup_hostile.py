"""Hostile input stays linear: long runs that would make a careless pattern backtrack.

Each case runs in a fresh process under a generous bound (not a timing assertion: a
linear pass takes well under a second; a quadratic one would take minutes).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HOSTILE = {
    "placeholder finder on spaces": "restore('a <g1>b</g1>', '<' + ' ' * 300000 + 'x')",
    "placeholder finder on many opens": "restore('a <g1>b</g1>', '< ' * 200000)",
    "spaces before a closing": "restore('a <g1>b</g1>', 'a' + ' ' * 300000 + 'b</g1>')",
    "markdown sniffing on newlines": "guess_format('\\n' * 20000 + 'x')",
    "markdown sniffing on brackets": "guess_format('[' * 20000)",
    "unclosed comments": "parse('<p>x' + '<!--' * 200000, 'html').render({})",
    "unclosed tags": "parse('<p>x' + '<a ' * 200000, 'html').render({})",
    "unclosed quotes": "parse('<p title=\"' + 'x ' * 200000, 'html').render({})",
    "many stray closings": "parse('<p>x' + '</b>' * 200000, 'html').render({})",
    "deep nesting": "parse('<p>' + '<b>x ' * 50000 + '.', 'html').render({})",
    "markdown brackets": "parse('[' * 100000 + 'x', 'markdown').render({})",
    "markdown emphasis": "parse('*a ' * 100000, 'markdown').render({})",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_finishes(case):
    code = "from newsl10n.markup import guess_format, parse, restore\n" + HOSTILE[case]
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_a_model_that_drops_every_one_of_many_tags():
    code = (
        "from newsl10n.markup import restore\n"
        "source = ' '.join(f'<g{n}>w</g{n}>' for n in range(1, 5000))\n"
        "out = restore(source, 'сөз ' * 5000)\n"
        "assert out.count('<g') == 4999\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
