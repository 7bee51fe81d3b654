"""Where the glossary comes from, how it is written, and how its modules depend on each other.

The default glossary is ``--glossary``, else ``$NEWSL10N_GLOSSARY``, else ``./glossary`` — never
the source checkout's folder, which an installed package does not have.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app
from newsl10n.cli.glossary import glossary_app
from newsl10n.errors import GlossaryFormatError, LanguageError
from newsl10n.glossary.edit import add_term, remove_term
from newsl10n.glossary.io import load_glossary, resolve_glossary
from test_architecture import cycles, graph

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsl10n" / "glossary"
SAMPLE = ROOT / "examples" / "kant-air-defense.en.txt"


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder outside the checkout, with no glossary in the environment."""
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


@pytest.fixture
def checkout_glossary() -> dict[str, bytes]:
    """The checkout's glossary files as they are, to prove a command left them alone."""
    return {p.name: p.read_bytes() for p in (ROOT / "glossary").iterdir()}


def copy_glossary(target: Path) -> Path:
    shutil.copytree(ROOT / "glossary", target)
    return target


# --------------------------------------------------------------------------- the resolver


def test_resolver_order_explicit_then_environment_then_local(elsewhere, monkeypatch, tmp_path):
    assert resolve_glossary(None) is None
    local = copy_glossary(elsewhere / "glossary")
    assert resolve_glossary(None) == Path("glossary") and Path("glossary").resolve() == local
    env = copy_glossary(tmp_path / "env-glossary")
    monkeypatch.setenv("NEWSL10N_GLOSSARY", str(env))
    assert resolve_glossary(None) == env
    explicit = copy_glossary(tmp_path / "explicit")
    assert resolve_glossary(explicit) == explicit
    assert resolve_glossary(explicit, disabled=True) is None


def test_resolver_never_falls_back_to_the_checkout(elsewhere):
    assert resolve_glossary(None) is None
    assert resolve_glossary(None, create=True) == Path("glossary")
    assert not (elsewhere / "glossary").exists()


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_an_explicit_path_must_hold_a_glossary(tmp_path, make):
    path = tmp_path / "given"
    if make == "empty":
        path.mkdir()
    with pytest.raises(GlossaryFormatError):
        resolve_glossary(path)
    assert resolve_glossary(path, create=True) == path


def test_an_environment_path_that_does_not_exist_is_an_error(elsewhere, monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSL10N_GLOSSARY", str(tmp_path / "nowhere"))
    with pytest.raises(GlossaryFormatError, match="no such glossary"):
        resolve_glossary(None)


# --------------------------------------------------------------------------- commands outside a checkout


def test_glossary_list_outside_a_checkout_finds_nothing_and_says_so(elsewhere):
    result = CliRunner().invoke(glossary_app, ["list"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "No glossary found" in result.stderr
    json_result = CliRunner().invoke(glossary_app, ["list", "--json"])
    assert json_result.stdout.strip() == "[]"


def test_glossary_add_outside_a_checkout_writes_to_local_glossary(elsewhere, checkout_glossary):
    result = CliRunner().invoke(glossary_app, ["add", "Osh", "--ru", "Ош", "--context", "place"])
    assert result.exit_code == 0, result.output
    assert "creating glossary/" in result.stderr
    assert sorted(p.name for p in (elsewhere / "glossary").iterdir()) == ["ru.po"]
    assert load_glossary(elsewhere / "glossary").get("Osh", "place").rendering("ru") == "Ош"
    assert {p.name: p.read_bytes() for p in (ROOT / "glossary").iterdir()} == checkout_glossary


@pytest.mark.parametrize(
    "command", [["remove", "Osh"], ["check", str(SAMPLE), str(SAMPLE), "-l", "ru"], ["lint"]]
)
def test_commands_that_need_a_glossary_fail_outside_a_checkout(elsewhere, command):
    result = CliRunner().invoke(glossary_app, command)
    assert result.exit_code == 1
    assert result.output.startswith("Error: no glossary found")


def test_translate_says_which_glossary_it_uses(elsewhere):
    runner = CliRunner()
    args = [
        "translate",
        str(SAMPLE),
        "--to",
        "ru",
        "--from",
        "en",
        "--engine",
        "fake",
        "--out",
        str(elsewhere / "out"),
        "--no-memory",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "No glossary found; translating without one (use --glossary)" in result.stderr
    copy_glossary(elsewhere / "glossary")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    terms = len(load_glossary(elsewhere / "glossary").terms)
    assert f"Glossary: glossary/ (2 languages, {terms} terms)" in result.stderr
    for quiet in ("--quiet", "--json"):
        assert "lossary" not in runner.invoke(app, [*args, quiet]).stderr


def test_translate_with_a_missing_explicit_glossary_fails(elsewhere):
    result = CliRunner().invoke(
        app,
        [
            "translate",
            str(SAMPLE),
            "--to",
            "ru",
            "--from",
            "en",
            "--engine",
            "fake",
            "--out",
            str(elsewhere / "out"),
            "--no-memory",
            "--glossary",
            str(elsewhere / "nope"),
        ],
    )
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert "no such glossary" in result.stderr


# --------------------------------------------------------------------------- editing


def test_add_term_takes_its_languages_from_the_glossary_files(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "newsroom-kk.po").write_text('msgid ""\nmsgstr ""\n"Language: kk\\n"\n', "utf-8")
    edits = add_term(folder, "Kaspersky", keep=True)
    assert [(e.path.name, e.lang, e.changed) for e in edits] == [("newsroom-kk.po", "kk", True)]
    edits = add_term(
        folder,
        "Osh",
        {"kk": "Ош", "uz": "O'sh"},
        msgctxt="place",
        variants={"en": ["Oš"], "kk": ["Оша"]},
        grammar={"kk": "indeclinable"},
    )
    assert [(e.path.name, e.created) for e in edits] == [("newsroom-kk.po", False), ("uz.po", True)]
    term = load_glossary(folder).get("Osh", "place")
    assert term.rendering("kk") == "Ош" and term.rendering("uz") == "O'sh"
    assert term.variants("en") == ("Oš",) and term.variants("kk") == ("Оша",)
    assert term.grammar("kk").indeclinable and not term.grammar("uz").indeclinable
    assert [e.lang for e in remove_term(folder, "Osh", "place", lang="uz")] == ["uz"]
    assert load_glossary(folder).get("Osh").rendering("uz") is None


def test_add_term_without_any_language_is_refused(tmp_path):
    with pytest.raises(LanguageError):
        add_term(tmp_path / "glossary", "Kaspersky", keep=True)


# --------------------------------------------------------------------------- module structure


def _glossary_graph() -> dict[str, set[str]]:
    """Which glossary modules each glossary module imports (the project-wide graph, narrowed)."""
    prefix = "newsl10n.glossary."
    return {
        module.removeprefix(prefix): {t.removeprefix(prefix) for t in targets if t.startswith(prefix)}
        for module, targets in graph().items()
        if module.startswith(prefix)
    }


def test_no_import_cycles_inside_the_glossary_package():
    glossary = _glossary_graph()
    assert glossary["model"] <= {"morphology"}
    assert glossary["morphology"] == set()
    assert cycles(glossary) == []


def test_no_private_name_is_imported_from_another_module():
    # Stricter than the project-wide rule: TYPE_CHECKING imports count, and so does
    # gettext's ``_`` (glossary modules import it as ``gettext as _``).
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newsl10n"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"
