"""Catalogs gettext cannot represent: NUL characters, absurd plural counts."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.catalog.catalogs import MAX_NPLURALS, parse_plural_forms
from newsl10n.catalog.compile import compile_catalog
from newsl10n.cli import app
from newsl10n.errors import CatalogError
from newsl10n.pofile import parse_po

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)  # 5 lines, then a blank one: the first message starts at line 7


@pytest.mark.parametrize(
    ("entry", "line"),
    [
        ('msgid "a\\0b"\nmsgstr "x"\n', 7),
        ('msgid "a\\000"\nmsgstr "x"\n', 7),
        ('msgid "a\\x00"\nmsgstr "x"\n', 7),
        ('msgid "a"\nmsgstr "x\\0"\n', 8),
        ('msgctxt "c\\0"\nmsgid "a"\nmsgstr "x"\n', 7),
        ('msgid "a\x00b"\nmsgstr "x"\n', 7),
        ('msgid "a"\nmsgid_plural "as\\0"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n', 8),
    ],
    ids=["escape", "octal", "hex", "msgstr", "msgctxt", "raw", "plural"],
)
def test_a_nul_character_is_refused_with_file_and_line(tmp_path: Path, entry: str, line: int):
    path = tmp_path / "ru.po"
    path.write_text(HEADER + entry, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        compile_catalog(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert "NUL" in caught.value.reason
    assert not path.with_suffix(".mo").exists()


@pytest.mark.parametrize("text", ["a\\\\0", "a\\01", "a\\x01", "a\\\\x00"])
def test_escapes_that_are_not_nul_pass(text: str):
    (entry,) = parse_po(HEADER + f'msgid "{text}"\nmsgstr "x"\n')
    assert entry.msgstr == "x"


def test_compile_cli_refuses_a_nul_in_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "locales" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "site.po").write_text(HEADER + 'msgid "a\\0b"\nmsgstr "x"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["catalog", "compile", "locales"], catch_exceptions=False)
    assert result.exit_code == 1
    where = Path("locales/ru/LC_MESSAGES/site.po")
    assert result.stderr.splitlines() == [
        f"Error: {where}:7: NUL character in string (gettext cannot store it)"
    ]


def test_a_good_catalog_still_compiles_to_what_gettext_reads(tmp_path: Path):
    path = tmp_path / "ru.po"
    path.write_text(HEADER + 'msgid "Hello"\nmsgstr "Привет"\n', encoding="utf-8")
    result = compile_catalog(path)
    with open(result.mo_path, "rb") as stream:
        assert gettext.GNUTranslations(stream).gettext("Hello") == "Привет"


PLURALS = 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\n'


def big(nplurals: int, expr: str = "n") -> str:
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n'
        f'"Plural-Forms: nplurals={nplurals}; plural={expr};\\n"\n\n' + PLURALS
    )


def test_too_many_plural_forms_is_a_catalog_error_not_a_key_error(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "locales" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "site.po").write_text(big(100000), encoding="utf-8")
    for command in (
        ["catalog", "translate", "locales", "--engine", "fake", "--from", "en", "--no-memory"],
        ["catalog", "compile", "locales"],
    ):
        result = CliRunner().invoke(app, command, catch_exceptions=False)
        assert result.exit_code == 1, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith("Error: ") and "site.po:1: bad Plural-Forms header" in line
        assert "nplurals=100000" in line


def test_nplurals_is_bounded():
    with pytest.raises(ValueError, match="more than"):
        parse_plural_forms(f"nplurals={MAX_NPLURALS + 1}; plural=0;")
    assert parse_plural_forms("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : 3);").nplurals == 6


def test_a_plural_form_no_number_below_1000_uses_has_no_samples():
    rule = parse_plural_forms("nplurals=3; plural=(n==1 ? 0 : n<1000 ? 1 : 2);")
    assert rule.samples(2) == () and not rule.single_valued(2) and rule.single_valued(0)


@pytest.mark.parametrize(
    ("entry", "line"),
    [
        ('msgid "a\\x4"\nmsgstr "x"\n', 7),
        ('msgctxt "c\\004"\nmsgid "a"\nmsgstr "x"\n', 7),
        ('msgid "a"\nmsgstr "x\x04"\n', 8),
    ],
    ids=["hex", "octal", "raw"],
)
def test_an_eot_the_mo_context_separator_is_refused(tmp_path: Path, entry: str, line: int):
    path = tmp_path / "ru.po"
    path.write_text(HEADER + entry, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        compile_catalog(path)
    assert caught.value.line == line and "EOT" in caught.value.reason


ESCAPED = (
    'msgid "e\\303\\251 \\\\x41 q\\042 \\134 \\a"\nmsgstr "ok\\x4a"\n\n'
    'msgid "%d x\\x41"\nmsgid_plural "%d xs"\nmsgstr[0] "%d \\101"\nmsgstr[1] "%d b"\nmsgstr[2] "%d c"\n'
)
MEANT = {'eé \\x41 q" \\ \a': "okJ", ("%d xA", 0): "%d A", ("%d xA", 1): "%d b", ("%d xA", 2): "%d c"}


def mo_messages(path: Path) -> dict:
    with open(path, "rb") as stream:
        return {k: v for k, v in gettext.GNUTranslations(stream)._catalog.items() if k}  # type: ignore[attr-defined]


def test_octal_hex_and_bell_escapes_compile_to_what_they_mean(tmp_path: Path):
    path = tmp_path / "ru.po"
    path.write_text(HEADER + ESCAPED, encoding="utf-8")
    assert mo_messages(compile_catalog(path).mo_path) == MEANT


@pytest.mark.skipif(__import__("shutil").which("msgfmt") is None, reason="GNU msgfmt is not installed")
def test_escapes_compile_as_msgfmt_compiles_them(tmp_path: Path):
    import subprocess

    path = tmp_path / "ru.po"
    path.write_text(HEADER + ESCAPED, encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(tmp_path / "gnu.mo"), str(path)], check=True)
    assert mo_messages(compile_catalog(path).mo_path) == mo_messages(tmp_path / "gnu.mo")


@pytest.mark.parametrize(("text", "reason"), [("\\377", "not valid UTF-8"), ("\\x100", "above")])
def test_escapes_gettext_cannot_read_are_refused(text: str, reason: str):
    with pytest.raises(CatalogError, match=reason):
        parse_po(HEADER + f'msgid "a{text}"\nmsgstr "x"\n')
