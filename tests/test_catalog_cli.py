"""``newsl10n catalog ...`` through Typer's CliRunner, on the sub-app itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.catalog.catalogs import load_catalog
from newsl10n.cli.catalog import catalog_app

EXAMPLE_POT = Path(__file__).resolve().parents[1] / "examples" / "news-site.pot"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def locales(tmp_path: Path, runner: CliRunner) -> Path:
    out = tmp_path / "locales"
    result = runner.invoke(catalog_app, ["init", str(EXAMPLE_POT), "--lang", "ru,ky", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_init_reports_each_catalog(tmp_path, runner):
    out = tmp_path / "loc"
    result = runner.invoke(
        catalog_app, ["init", str(EXAMPLE_POT), "-l", "ru", "-l", "ky", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(c["language"], c["domain"]) for c in data["catalogs"]] == [
        ("ru", "news-site"),
        ("ky", "news-site"),
    ]
    assert data["catalogs"][0]["plural_forms"].startswith("nplurals=3;")
    for catalog in data["catalogs"]:
        assert Path(catalog["path"]).is_file()


def test_the_whole_workflow(locales, runner, tmp_path):
    result = runner.invoke(
        catalog_app, ["translate", str(locales), "--to", "ru,ky", "--engine", "fake", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {c["language"]: c["filled"] for c in data["catalogs"]} == {"ru": 24, "ky": 24}
    assert data["catalogs"][0]["pair"]["engine"] == "fake"

    result = runner.invoke(catalog_app, ["stats", str(locales), "--json"])
    assert result.exit_code == 0, result.output
    stats = {s["language"]: s for s in json.loads(result.stdout)["languages"]}
    assert stats["ru"]["fuzzy"] == stats["ru"]["machine"] == 24
    assert stats["ky"]["translated"] == 0

    result = runner.invoke(catalog_app, ["compile", str(locales), "--use-fuzzy", "--json"])
    assert result.exit_code == 0, result.output
    compiled = json.loads(result.stdout)["catalogs"]
    assert {c["messages"] for c in compiled} == {24}
    assert all(Path(c["mo_path"]).is_file() for c in compiled)

    changed = tmp_path / "changed" / "news-site.pot"
    changed.parent.mkdir()
    changed.write_text(
        EXAMPLE_POT.read_text(encoding="utf-8").replace('msgid "Read more"', 'msgid "Read the full story"'),
        encoding="utf-8",
    )
    result = runner.invoke(catalog_app, ["update", str(changed), str(locales), "--json"])
    assert result.exit_code == 0, result.output
    merged = json.loads(result.stdout)["catalogs"]
    assert {(m["added"], m["obsolete"]) for m in merged} == {(1, 1)}


def test_plain_output_is_one_line_per_catalog(locales, runner):
    result = runner.invoke(catalog_app, ["translate", str(locales), "--engine", "fake"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 2
    assert "24 filled" in result.stdout
    result = runner.invoke(catalog_app, ["stats", str(locales)])
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[0] == "language" and [line.split()[0] for line in lines[1:]] == ["ky", "ru"]


def test_quiet_prints_nothing(locales, runner):
    for args in (
        ["translate", str(locales), "--engine", "fake", "--quiet"],
        ["compile", str(locales), "--quiet"],
        ["update", str(EXAMPLE_POT), str(locales), "--quiet"],
    ):
        result = runner.invoke(catalog_app, args)
        assert result.exit_code == 0, result.output
        assert result.output == ""


def test_malformed_catalog_is_one_error_line(locales, runner):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    path.write_text(
        path.read_text(encoding="utf-8").replace('msgid "Read more"', 'msgid "Read more'), encoding="utf-8"
    )
    for command in ("stats", "compile", "translate"):
        args = [command, str(locales)] + (["--engine", "fake"] if command == "translate" else [])
        result = runner.invoke(catalog_app, args)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(f"Error: {path}:") and "unterminated string" in lines[0]


def test_format_error_blocks_compile_with_file_and_line(locales, runner):
    path = locales / "ky" / "LC_MESSAGES" / "news-site.po"
    po = load_catalog(path)
    po.find("Share on {network}").msgstr = "Бөлүшүү"
    po.save(str(path))
    line = load_catalog(path).find("Share on {network}").linenum
    result = runner.invoke(catalog_app, ["compile", str(locales)])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {path}:{line}: 'Share on {{network}}': lacks '{{network}}'")
    assert not list(locales.rglob("*.mo"))


@pytest.mark.parametrize(
    "args",
    [
        ["init", str(EXAMPLE_POT), "--lang", "xx"],
        ["translate", "LOCALES", "--to", "zz", "--engine", "fake"],
        ["stats", "LOCALES/missing"],
        ["init", "missing.pot", "--lang", "ru"],
    ],
)
def test_bad_input_is_one_error_line(locales, runner, args, tmp_path):
    args = [a.replace("LOCALES", str(locales)) for a in args]
    if args[0] == "init":
        args += ["--out", str(tmp_path / "other")]
    result = runner.invoke(catalog_app, args)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("Error: ")


def test_bad_options_exit_2(locales, runner):
    assert runner.invoke(catalog_app, ["stats", str(locales), "--bogus"]).exit_code == 2
    assert runner.invoke(catalog_app, ["init", str(EXAMPLE_POT)]).exit_code == 2
