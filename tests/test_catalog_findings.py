"""One finding type: quality, placeholder, catalog and pre-translation findings are all
newsl10n.findings.Finding, placed with .at(); the commands print them as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsl10n
from newsl10n.catalog.catalogs import init_catalogs, load_catalog
from newsl10n.catalog.compile import check_catalog, compile_catalogs
from newsl10n.catalog.placeholders import check_placeholders
from newsl10n.catalog.pretranslate import translate_catalogs
from newsl10n.cli.catalog import catalog_app
from newsl10n.findings import Finding, Severity
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.quality import check_translation

EXAMPLE_POT = Path(__file__).resolve().parents[1] / "examples" / "news-site.pot"


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    out = tmp_path / "locales"
    init_catalogs(EXAMPLE_POT, ["ru"], out)
    return out


def test_quality_findings_are_warnings():
    (finding,) = newsl10n.check_translation("The parliament met.", "")
    assert type(finding) is Finding and finding.severity is Severity.WARNING
    assert finding.as_dict() == {
        "code": "empty",
        "severity": "warning",
        "message": "the model returned an empty translation",
    }
    assert check_translation("A b.", "") == [finding]


def test_placeholder_findings_carry_the_severity_enum():
    findings = check_placeholders("<b>%s</b> ", "%s <b>", {"printf"})
    assert all(type(f) is Finding for f in findings)
    assert {f.code: f.severity for f in findings} == {
        "missing": Severity.WARNING,
        "unbalanced-tags": Severity.WARNING,
        "whitespace": Severity.WARNING,
    }


def test_catalog_findings_are_placed_at_the_entry(locales):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    po = load_catalog(path)
    po.find("Share on {network}").msgstr = "Бөлүшүү"
    po.find("Read more").msgstr = "<b>Читать"
    po.save(str(path))
    saved = load_catalog(path)
    by_code = {f.code: f for f in check_catalog(saved, path)}
    missing = by_code["missing"]
    assert type(missing) is Finding and missing.severity is Severity.ERROR
    assert (missing.path, missing.line, missing.msgid) == (
        str(path),
        saved.find("Share on {network}").linenum,
        "Share on {network}",
    )
    assert missing.where == f"{path}:{missing.line}"
    po.find("Share on {network}").msgstr = "Бөлүшүү {network}"
    po.save(str(path))
    (result,) = compile_catalogs(locales)
    assert result.warnings and all(w.severity is Severity.WARNING for w in result.warnings)
    assert {w.msgid for w in result.warnings} == {"Read more"}
    assert {w["msgid"] for w in result.as_dict()["warnings"]} == {"Read more"}


def test_pretranslation_findings_are_placed_and_graded(locales):
    def broken(s: str, src: str, tgt: str) -> str:
        return "" if "archive" in s else s.replace("[X1X]", "")

    (result,) = translate_catalogs(locales, FakeTranslator(rule=broken), ["ru"])
    po = load_catalog(result.path)
    fallback = next(f for f in result.findings if f.code == "fallback")
    assert type(fallback) is Finding and fallback.severity is Severity.WARNING
    assert (fallback.msgid, fallback.line) == ("Search the archive", po.find("Search the archive").linenum)
    repaired = next(f for f in result.findings if f.code == "repaired")
    assert repaired.severity is Severity.INFO and repaired.path == str(result.path)
    framed = [f for f in result.findings if f.msgctxt is not None]
    assert all(f.line == po.find(f.msgid, msgctxt=f.msgctxt).linenum for f in framed)


def test_the_commands_print_findings_as_before(locales):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    po = load_catalog(path)
    po.find("Read more").msgstr = "<b>Читать"
    po.save(str(path))
    line = load_catalog(path).find("Read more").linenum
    result = CliRunner().invoke(catalog_app, ["compile", str(locales)])
    assert result.exit_code == 0, result.output
    assert f"  warning: {path}:{line}: 'Read more': has an extra '<b>'" in result.stderr
    result = CliRunner().invoke(
        catalog_app, ["translate", str(locales), "--engine", "fake", "--no-memory", "--refresh"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
