"""Glossary files: lint findings, small-diff edits, CLDR seeding, candidates, term checks."""

from __future__ import annotations

import difflib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from newsl10n.errors import GlossaryFormatError
from newsl10n.findings import Finding, Severity
from newsl10n.glossary.accuracy import check_terms, term_accuracy
from newsl10n.glossary.edit import (
    EntrySpec,
    add_entry,
    remove_entry,
    seed,
    seed_glossary,
    with_entry,
    without_entry,
)
from newsl10n.glossary.extract import extract_candidates, find_candidates
from newsl10n.glossary.io import load_glossary
from newsl10n.glossary.lint import lint

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"
MSGFMT = shutil.which("msgfmt")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", target)
    return target


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def msgfmt_ok(path: Path) -> None:
    if MSGFMT is None:
        return
    run = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr


def test_shipped_glossary_lints_clean_and_passes_msgfmt():
    assert [f for f in lint([ROOT / "glossary"]) if f.severity != "info"] == []
    for lang in ("ru", "ky"):
        msgfmt_ok(ROOT / "glossary" / f"{lang}.po")


def test_lint_reports_each_problem_with_file_and_line(tmp_path):
    path = tmp_path / "ru.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'
        '#. grammar: possesive\nmsgctxt "place"\nmsgid "Kyrgyzstan"\nmsgstr "Кыргызстан"\n\n'
        '#, fuzzy\nmsgid "Osh"\nmsgstr "Ош"\n\n'
        'msgid "Naryn"\nmsgstr ""\n\n'
        '#. variants: Kyrgyzstan\nmsgid "Kirghizia"\nmsgstr "Киргизия"\n\n'
        'msgctxt "place"\nmsgid "Kyrgyzstan"\nmsgstr "Кыргызстан"\n',
        encoding="utf-8",
    )
    found = {(f.line, f.severity, f.code) for f in lint([path])}
    assert {
        (6, "warning", "grammar"),
        (11, "warning", "fuzzy"),
        (15, "warning", "empty"),
        (18, "warning", "conflict"),
        (22, "error", "duplicate"),
    } <= found
    assert all(str(f).startswith(f"{path}:") for f in lint([path]))
    assert all(isinstance(f, Finding) and isinstance(f.severity, Severity) for f in lint([path]))
    (grammar,) = [f for f in lint([path]) if f.code == "grammar"]
    assert str(grammar) == f"{path}:6: warning: unknown grammar hint 'possesive' [grammar]"


@pytest.mark.skipif(MSGFMT is None, reason="msgfmt (gettext) is not installed")
def test_lint_reports_syntax_errors_polib_lets_through(tmp_path):
    path = tmp_path / "ky.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: ky\\n"\n\nmsgid "x\nmsgstr "y"\n', encoding="utf-8")
    errors = [f for f in lint([path]) if f.severity == "error"]
    assert errors and errors[0].line in (5, 6) and "string" in errors[0].message


def test_lint_tells_terms_missing_from_a_language(folder):
    remove_entry(folder / "ky.po", "Moscow")
    info = [f for f in lint([folder]) if f.code == "missing-language"]
    assert len(info) == 1 and "'Moscow'" in info[0].message and "ky" in info[0].message


def test_add_new_entry_appends_and_changes_nothing_else(folder):
    path = folder / "ru.po"
    before = path.read_text("utf-8")
    assert load_glossary(path).get("Tokmok") is None
    assert add_entry(path, EntrySpec("Tokmok", "Токмок", "place", ("Town in Chui Region.",)))
    after = path.read_text("utf-8")
    assert after.startswith(before)
    assert changed_lines(before, after) == [
        "+",
        "+#. Town in Chui Region.",
        '+msgctxt "place"',
        '+msgid "Tokmok"',
        '+msgstr "Токмок"',
    ]
    assert load_glossary(path).get("Tokmok", "place").rendering("ru") == "Токмок"
    msgfmt_ok(path)


def test_update_keeps_comments_flags_and_position(folder):
    path = folder / "ru.po"
    before = path.read_text("utf-8")
    assert add_entry(path, EntrySpec("Japarov", "Жапаров-ага", "person"))
    after = path.read_text("utf-8")
    assert changed_lines(before, after) == ['-msgstr "Жапаров"', '+msgstr "Жапаров-ага"']
    assert not add_entry(path, EntrySpec("Japarov", "Жапаров-ага", "person"))
    entry = load_glossary(path).entries()[[e.msgid for e in load_glossary(path).entries()].index("Japarov")]
    assert entry.variants["ru"] == ("Джапаров",)
    msgfmt_ok(path)


def test_new_rendering_clears_fuzzy():
    text = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n#, fuzzy\nmsgid "Osh"\nmsgstr "Ош?"\n'
    updated = with_entry(text, EntrySpec("Osh", "Ош"))
    assert "fuzzy" not in updated and 'msgstr "Ош"' in updated


def test_remove_deletes_one_block(folder):
    path = folder / "ky.po"
    before = path.read_text("utf-8")
    assert remove_entry(path, "Moscow")
    after = path.read_text("utf-8")
    removed = changed_lines(before, after)
    assert all(line.startswith("-") for line in removed) and len(removed) == 5
    assert load_glossary(path).get("Moscow") is None
    assert not remove_entry(path, "Moscow")
    msgfmt_ok(path)


def test_without_entry_needs_the_context_when_ambiguous():
    text = (
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgctxt "place"\nmsgid "Georgia"\nmsgstr "Грузия"\n\n'
        'msgctxt "us-state"\nmsgid "Georgia"\nmsgstr "Джорджия"\n'
    )
    assert without_entry(text, "Georgia") == text
    assert "Грузия" not in without_entry(text, "Georgia", "place")


def test_writes_are_atomic(folder, monkeypatch):
    import os

    path = folder / "ru.po"
    before = path.read_text("utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(GlossaryFormatError, match="cannot write: disk full"):
        add_entry(path, EntrySpec("Tokmok", "Токмок"))
    assert path.read_text("utf-8") == before
    assert sorted(p.name for p in folder.iterdir()) == ["ky.po", "ru.po"]


def test_an_edited_glossary_file_keeps_normal_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "ru.po"
        assert add_entry(path, EntrySpec("Osh", "Ош"))
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o664)
        assert add_entry(path, EntrySpec("Naryn", "Нарын"))
        assert stat.S_IMODE(path.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_seed_takes_cldr_names_and_the_newsroom_wins():
    glossary = load_glossary(ROOT / "glossary")
    proposed = {s.msgid: s.msgstr for s in seed("ru", glossary)}
    assert proposed["France"] == "Франция"
    assert "Kyrgyzstan" not in proposed  # CLDR says Киргизия; the newsroom has Кыргызстан
    assert {s.msgid: s.msgstr for s in seed("ru")}["Kyrgyzstan"] == "Киргизия"
    assert {s.msgid: s.msgstr for s in seed("ky")}["Kyrgyzstan"] == "Кыргызстан"


def test_seed_glossary_appends_and_stays_valid(folder):
    path = folder / "ky.po"
    before = path.read_text("utf-8")
    result = seed_glossary(folder, "ky")
    added = result.added
    assert result.path == path and result.written
    after = path.read_text("utf-8")
    assert added and after.startswith(before)
    glossary = load_glossary(path)
    assert glossary.get("France").rendering("ky") == "Франция"
    assert glossary.get("Kyrgyzstan").rendering("ky") == "Кыргызстан"
    assert seed_glossary(folder, "ky").added == []
    msgfmt_ok(path)


def test_candidates_of_the_sample_article():
    found = {c.text: c.count for c in find_candidates(SAMPLE.read_text("utf-8"))}
    assert found["CSTO"] == 2 and found["Kyrgyzstan"] == 4
    assert "Collective Security Treaty Organisation" in found and "Vladimir Putin" in found
    assert "Bishkek" in found  # from the dateline in capitals
    for word in ("Nonetheless", "This", "President", "Wednesday", "BISHKEK"):
        assert word not in found


def test_extract_leaves_known_terms_out_and_writes_untranslated_entries():
    catalog = extract_candidates(
        SAMPLE.read_text("utf-8"), "en", glossary=load_glossary(ROOT / "glossary"), source_name="kant.txt"
    )
    msgids = [e.msgid for e in catalog]
    assert "Kyrgyzstan" not in msgids and "CSTO" not in msgids
    assert "Kyrgyz" in msgids
    entry = catalog.find("Kyrgyz")
    assert entry.msgstr == "" and entry.occurrences == [("kant.txt", "3")]
    assert "candidate: 3 occurrences" in entry.comment


def test_check_terms_exact_lemma_and_missing():
    glossary = load_glossary(ROOT / "glossary")
    source = "Sadyr Japarov met Putin in Bishkek. Japarov said the CSTO and Kyrgyzstan’s army agree."
    translation = (
        "Садыр Жапаров встретился с Путиным в Бишкеке. Джапаров заявил, что ОДКБ и армия Киргизии согласны."
    )
    findings = check_terms(source, translation, "en", "ru", glossary)
    assert [(f.source, f.match) for f in findings] == [
        ("Sadyr Japarov", "exact"),
        ("Putin", "lemma"),
        ("Bishkek", "lemma"),
        ("Japarov", "missing"),
        ("CSTO", "exact"),
        ("Kyrgyzstan", "missing"),
    ]
    assert term_accuracy(findings) == pytest.approx(4 / 6)
    assert term_accuracy([]) == 1.0
