"""The lean install: newsl10n runs without argostranslate and writes only where it is told.

Every command runs in a fresh process, with HOME and the XDG folders pointed at empty
folders, so that anything created at import time (argostranslate.settings creates its XDG
folders when imported) or by the commands themselves is seen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import newsl10n

pytestmark = pytest.mark.slow

ARTICLE = "The air defence exercise at Kant ended on Friday.\n"
XDG = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")


def clean_environment(tmp_path: Path) -> dict[str, str]:
    """os.environ without NEWSL10N_*/ARGOS_*, with HOME and XDG_* on empty folders.

    The commands run in another folder: PYTHONPATH is made absolute so that they import
    the newsl10n under test.
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith(("NEWSL10N_", "ARGOS_"))}
    env["PYTHONPATH"] = os.pathsep.join(
        [
            str(Path(newsl10n.__file__).parents[1]),
            *(str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p),
        ]
    )
    for name in ("HOME", *XDG):
        (tmp_path / "clean" / name).mkdir(parents=True)
        env[name] = str(tmp_path / "clean" / name)
    return env


def everything_under(tmp_path: Path) -> list[str]:
    """Every path created under the commands' HOME and XDG folders."""
    return sorted(
        str(path.relative_to(tmp_path / "clean"))
        for path in (tmp_path / "clean").rglob("*")
        if path.parent != tmp_path / "clean"
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """The working folder of the commands, holding one English article."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.mark.parametrize("how", ["--models-dir", "NEWSL10N_MODELS"])
def test_commands_create_nothing_outside_the_models_folder(argos_files, tmp_path, work, how):
    env = clean_environment(tmp_path)
    models = tmp_path / "models"
    if how == "NEWSL10N_MODELS":
        env["NEWSL10N_MODELS"] = str(models)
        where: list[str] = []
    else:
        where = ["--models-dir", str(models)]
    package = argos_files[("en", "ru", "echo")]

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "newsl10n", *args, *where],
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert json.loads(run("models", "list", "--json"))["installed"] == []
    installed = json.loads(run("models", "install", str(package), "--json"))
    assert [m["id"] for m in installed] == ["translate-en_ru@1.0"]
    assert Path(installed[0]["path"]).parent == models
    listed = json.loads(run("models", "list", "--json"))
    assert listed["models_dir"] == str(models)
    assert [m["id"] for m in listed["installed"]] == ["translate-en_ru@1.0"]
    run(
        "translate",
        "article.txt",
        "--to",
        "ru",
        "--from",
        "en",
        "--engine",
        "argos",
        "--no-memory",
        "--no-glossary",
        "--out",
        "out",
        "--quiet",
    )
    assert (work / "out" / "article" / "ru.txt").read_text("utf-8").strip() == ARTICLE.strip()

    assert everything_under(tmp_path) == []
    assert sorted(p.name for p in models.iterdir()) == ["translate-en_ru-1_0"]
    assert sorted(p.name for p in work.iterdir()) == ["article.txt", "out"]


def test_argostranslate_is_never_imported(argos_files, tmp_path, work):
    env = clean_environment(tmp_path)
    models = tmp_path / "models"
    package = argos_files[("en", "ru", "echo")]
    commands = [
        ["models", "list"],
        ["models", "install", str(package)],
        ["models", "list", "--json"],
        [
            "translate",
            "article.txt",
            "--to",
            "ru",
            "--from",
            "en",
            "--engine",
            "argos",
            "--no-memory",
            "--no-glossary",
            "--out",
            "out",
            "--quiet",
        ],
    ]
    code = (
        "import json, sys\n"
        "import newsl10n\n"
        "from newsl10n.cli import main\n"
        "from newsl10n.translation.models import list_installed\n"
        "from newsl10n.translation.argos import ArgosTranslator\n"
        f"models = {str(models)!r}\n"
        f"for args in {commands!r}:\n"
        "    sys.argv = ['newsl10n', *args, '--models-dir', models]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None), (args, exc.code)\n"
        "assert [m.id for m in list_installed(models)] == ['translate-en_ru@1.0']\n"
        "assert ArgosTranslator(models).translate_batch(['Hello.'], 'en', 'ru') == ['Hello.']\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0]\n"
        "               in ('argostranslate', 'torch', 'stanza', 'spacy', 'onnxruntime'))\n"
        "print(json.dumps(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=work, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    assert (work / "out" / "article" / "ru.txt").read_text("utf-8").strip() == ARTICLE.strip()
    assert everything_under(tmp_path) == []
