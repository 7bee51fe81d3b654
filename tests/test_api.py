"""The public API: complete, importable, and free of import-time side effects."""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import newsl10n

# Modules whose every public name (their own __all__) is part of the top-level API.
CORE_MODULES = [
    "errors",
    "findings",
    "progress",
    "translation.protocol",
    "translation.fake",
    "translation.argos",
    "translation.memory_translator",
    "glossary.apply",
    "detect",
    "segment",
    "pipeline",
    "parallel.align",
    "parallel.tmx",
    "glossary.accuracy",
]


def test_all_is_the_explicit_list_of_every_lazy_export():
    lazy = {name for names in newsl10n._EXPORTS.values() for name in names}
    assert sorted(newsl10n.__all__) == sorted({"__version__", *lazy})
    assert len(newsl10n.__all__) == len(set(newsl10n.__all__))


def test_the_library_exports_what_the_cli_calls():
    """Each CLI command calls one library function: those functions are public API."""
    for name in (
        "translate_files",
        "detect_language",
        "install_package_file",
        "install_from_index",
        "remove_model",
        "list_installed",
        "reachable_routes",
        "load_glossary",
        "resolve_glossary",
        "add_term",
        "remove_term",
        "seed_glossary",
        "check_terms",
        "init_catalogs",
        "update_catalogs",
        "translate_catalogs",
        "compile_catalogs",
        "locale_stats",
        "TranslationMemory",
        "translate_sentences",
        "TermStrategy",
    ):
        assert name in newsl10n.__all__, name


def test_the_glossary_step_exports_its_strategy_and_evidence():
    """What a caller of translate_article / translate_sentences chooses and reads back."""
    from newsl10n.glossary.context import Evidence
    from newsl10n.glossary.enforce import TermStrategy, default_strategy

    assert newsl10n.TermStrategy is TermStrategy
    assert newsl10n.default_strategy is default_strategy
    assert newsl10n.Evidence is Evidence


def test_every_exported_name_resolves():
    for name in newsl10n.__all__:
        assert getattr(newsl10n, name) is not None, name


def test_all_is_complete_for_the_core_modules():
    for module_name in CORE_MODULES:
        module = importlib.import_module(f"newsl10n.{module_name}")
        missing = set(module.__all__) - set(newsl10n.__all__)
        missing -= {
            "FORMAT",
            "FORMAT_VERSION",
            "MIN_LETTERS",
            "UNDETERMINED",
            "TOKEN_BUDGET",
            "MAX_SENTENCE_CHARS",
            "FALLBACK_STEM",
            "article_stem",
        }
        assert not missing, f"newsl10n.{module_name} exports {sorted(missing)} not in newsl10n.__all__"


def test_exported_errors_share_one_root():
    for name in newsl10n.__all__:
        value = getattr(newsl10n, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, newsl10n.NewsL10nError), name


def test_unknown_attribute_is_an_attribute_error():
    try:
        newsl10n.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_import_has_no_side_effects_and_stays_light(tmp_path):
    work = tmp_path / "work"
    home = work / "home"
    home.mkdir(parents=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "d"),
        "XDG_CONFIG_HOME": str(home / "c"),
        "XDG_CACHE_HOME": str(home / "k"),
    }
    code = (
        "import json, os, sys; before = dict(os.environ)\n"
        "import newsl10n, newsl10n.cli, newsl10n.pipeline, newsl10n.translation.argos\n"
        "import newsl10n.glossary.model, newsl10n.glossary.enforce, newsl10n.glossary.apply\n"
        "import newsl10n.catalog.catalogs, newsl10n.translation.memory, newsl10n.detect\n"
        "heavy = [m for m in ('ctranslate2', 'sentencepiece', 'torch', 'argostranslate', 'numpy',"
        " 'langdetect', 'pymorphy3', 'kyrgyz', 'polib', 'typer', 'rich', 'babel', 'razdel')"
        " if m in sys.modules]\n"
        "print(json.dumps({'heavy': heavy, 'env_changed': dict(os.environ) != before}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=work, capture_output=True, text=True, check=True
    )
    report = json.loads(out.stdout)
    assert report == {"heavy": [], "env_changed": False}
    assert list(home.iterdir()) == [] and sorted(p.name for p in work.iterdir()) == ["home"]


def test_library_code_never_prints_or_uses_bare_except():
    root = Path(newsl10n.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if "cli" not in path.parts and isinstance(node, ast.Call):
                assert not (isinstance(node.func, ast.Name) and node.func.id == "print"), (
                    f"{path}:{node.lineno} prints"
                )
            if isinstance(node, ast.ExceptHandler):
                assert node.type is not None, f"{path}:{node.lineno} has a bare except"
