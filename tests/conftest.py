"""Shared pytest fixtures.

Sections: environment isolation (autouse), then the test model kit. Append new
fixtures in their own section below.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import modelkit

# --------------------------------------------------------------------------- isolation

ISOLATED_DIRS = {
    "HOME": "home",
    "XDG_DATA_HOME": "xdg-data",
    "XDG_CONFIG_HOME": "xdg-config",
    "XDG_CACHE_HOME": "xdg-cache",
    "ARGOS_PACKAGES_DIR": "argos-packages",
    "NEWSL10N_MODELS": "newsl10n-models",
    "NEWSL10N_HOME": "newsl10n-home",
}
"""Environment variable -> folder under ``tmp_path`` it points to during a test."""


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    """Points home, XDG, Argos and newsl10n locations into ``tmp_path``.

    Inherited ``NEWSL10N_*`` and ``ARGOS_*`` variables are removed first so the
    developer's own settings never leak into a test. The home and XDG folders exist;
    the model folders do not (code under test must cope with that).

    The locale variables are removed too, so messages are English, and the interface
    language chosen by one test (``--ui-lang``) is reset for the next.

    Yields:
        The variable -> folder mapping in force.
    """
    for name in list(os.environ):
        if name.startswith(("NEWSL10N_", "ARGOS_")):
            monkeypatch.delenv(name)
    folders = {}
    for variable, folder in ISOLATED_DIRS.items():
        folders[variable] = tmp_path / folder
        monkeypatch.setenv(variable, str(folders[variable]))
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        folders[variable].mkdir()
    # Messages in English whatever the developer's locale; no --ui-lang carried between tests.
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    from newsl10n.i18n import set_ui_language

    set_ui_language(None)
    yield folders
    set_ui_language(None)


# --------------------------------------------------------------------------- model kit

ARGOS_FIXTURE_PAIRS = (
    ("en", "ru", "echo"),
    ("en", "ky", "echo"),
    ("ru", "en", "echo"),
    ("ky", "en", "echo"),
    ("en", "ru", "random"),
    ("en", "ky", "random"),
    ("ru", "en", "random"),
)
"""(source, target, kind) of the packages in :func:`argos_files`."""


@pytest.fixture(scope="session")
def model_kit_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Session folder holding the shared SentencePiece model, models and packages."""
    return tmp_path_factory.mktemp("modelkit")


@pytest.fixture(scope="session")
def spm_model(model_kit_dir: Path) -> Path:
    """SentencePiece model trained once per session on ``tests/data/spm_corpus.txt``."""
    return modelkit.shared_spm_model(model_kit_dir)


@pytest.fixture(scope="session")
def argos_files(model_kit_dir: Path) -> dict[tuple[str, str, str], Path]:
    """Tiny ``.argosmodel`` files keyed by ``(source, target, kind)``.

    ``kind`` is ``"echo"`` (translation returns the input) or ``"random"`` (seeded
    gibberish from a 2-layer, d_model 64 model). Built once per session, on first use.
    """
    return {key: modelkit.make_argos_package(model_kit_dir, *key) for key in ARGOS_FIXTURE_PAIRS}
