"""The project configuration: ``newsl10n.toml``, the desk's defaults for every run.

A newsroom keeps one file at the top of its article folder::

    # newsl10n.toml
    targets = ["ru", "ky"]          # translate --to
    expect = ["en", "ru", "ky"]     # detect --expect: the desk's languages
    format = "auto"                 # translate --format: auto | text | html | markdown
    glossary = "glossary"           # paths are relative to this file
    memory = "memory.sqlite3"
    models_dir = "models"

    [engine]
    name = "argos"                  # or "fake"
    beam_size = 2
    threads = 0
    device = "cpu"
    compute_type = "int8"
    terms = "auto"                  # mask | keep | auto

:func:`find_config` looks for it: ``$NEWSL10N_CONFIG``, else ``newsl10n.toml`` in the current
folder or the nearest one above it, else ``$XDG_CONFIG_HOME/newsl10n/newsl10n.toml``
(``~/.config`` when the variable is unset). :func:`load_config` reads and checks it into a
:class:`Config`. Options given on the command line always win; the command line feeds the
configuration to its options as defaults (:meth:`Config.defaults`). Nothing is read at
import time.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsl10n.errors import ConfigError, LanguageError
from newsl10n.i18n import _
from newsl10n.inputs import FORMATS
from newsl10n.languages import normalize_language

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 reads TOML with tomli, tomllib's original
    import tomli as tomllib

__all__ = ["CONFIG_NAME", "Config", "find_config", "load_config"]

CONFIG_NAME = "newsl10n.toml"
MAX_CONFIG_BYTES = 1 << 20
"""A configuration file larger than this is refused (it is a few lines)."""

_PATHS = ("glossary", "memory", "models_dir")
_ENGINE_CHOICES = {
    "name": ("argos", "fake"),
    "device": ("cpu", "cuda", "auto"),
    "terms": ("mask", "keep", "auto"),
}
_ENGINE_INTS = {"beam_size": (1, 16), "threads": (0, 1024)}
_TOP = frozenset(("targets", "expect", "format", *_PATHS, "engine"))
_ENGINE = frozenset(("name", "beam_size", "threads", "device", "compute_type", "terms"))


@dataclass(frozen=True)
class Config:
    """The checked content of a ``newsl10n.toml``.

    Attributes:
        path: The file it was read from.
        targets: Default target languages, normalised, or ``()``.
        expect: The desk's languages for detection, normalised, or ``()``.
        glossary: Glossary folder or file, resolved against the file's folder, or ``None``.
        memory: Translation memory file, likewise, or ``None``.
        models_dir: Models folder, likewise, or ``None``.
        format: The articles' format (one of ``newsl10n.inputs.FORMATS``), or ``None``.
        engine: Engine options by name (``name``, ``beam_size``, ``threads``, ``device``,
            ``compute_type``, ``terms``), as given.
    """

    path: Path
    targets: tuple[str, ...] = ()
    expect: tuple[str, ...] = ()
    glossary: Path | None = None
    memory: Path | None = None
    models_dir: Path | None = None
    format: str | None = None
    engine: Mapping[str, Any] | None = None

    def defaults(self) -> dict[str, dict[str, Any]]:
        """Defaults for the command line's options, by command then parameter name."""
        translate: dict[str, Any] = {}
        if self.targets:
            translate["to"] = list(self.targets)
        for key, param in (("glossary", "glossary"), ("memory", "memory_path"), ("models_dir", "models_dir")):
            value = getattr(self, key)
            if value is not None:
                translate[param] = str(value)
        if self.format is not None:
            translate["article_format"] = self.format
        names = {"name": "engine", "terms": "terms_mode"}
        for key, value in (self.engine or {}).items():
            translate[names.get(key, key)] = value
        detect: dict[str, Any] = {"expect": list(self.expect)} if self.expect else {}
        return {name: values for name, values in (("translate", translate), ("detect", detect)) if values}


def find_config(start: Path | None = None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the current folder), if any.

    Args:
        start: Where to begin the upward search.
        environ: The environment to read (default: ``os.environ``).

    Returns:
        ``$NEWSL10N_CONFIG`` when set (it must exist: :func:`load_config` says otherwise),
        else the nearest ``newsl10n.toml`` at or above ``start``, else the user's one in
        ``$XDG_CONFIG_HOME/newsl10n/``, else ``None``.
    """
    env = os.environ if environ is None else environ
    if env.get("NEWSL10N_CONFIG"):
        return Path(env["NEWSL10N_CONFIG"])
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    base = env.get("XDG_CONFIG_HOME") or (str(Path(env["HOME"]) / ".config") if env.get("HOME") else "")
    user = Path(base) / "newsl10n" / CONFIG_NAME if base else None
    return user if user is not None and user.is_file() else None


def load_config(path: str | Path) -> Config:
    """Read and check the configuration file at ``path``.

    Raises:
        ConfigError: The file cannot be read, is not TOML, has an unknown key or a bad value
            (with the line when TOML tells it).
    """
    path = Path(path)
    try:
        with path.open("rb") as fp:
            raw = fp.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(path, None, _("cannot read: {reason}").format(reason=exc.strerror or exc)) from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(path, None, _("too large for a configuration file"))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(path, None, _("not UTF-8 text")) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(
            path, int(found[1]) if found else None, _("invalid TOML: {reason}").format(reason=reason)
        ) from None
    return _checked(path, data)


def _checked(path: Path, data: dict[str, Any]) -> Config:
    """A :class:`Config` from parsed TOML, every key and value checked."""
    unknown = sorted(set(data) - _TOP)
    if unknown:
        raise ConfigError(path, None, _("unknown setting {key!r}").format(key=unknown[0]))
    engine = data.get("engine", {})
    if not isinstance(engine, dict):
        raise ConfigError(path, None, _("{key!r} must be a table").format(key="engine"))
    unknown = sorted(set(engine) - _ENGINE)
    if unknown:
        raise ConfigError(path, None, _("unknown setting {key!r}").format(key=f"engine.{unknown[0]}"))
    for key, choices in _ENGINE_CHOICES.items():
        if key in engine and engine[key] not in choices:
            raise ConfigError(
                path,
                None,
                _("{key!r} must be one of: {choices}").format(
                    key=f"engine.{key}", choices=", ".join(choices)
                ),
            )
    for key, (low, high) in _ENGINE_INTS.items():
        value = engine.get(key, low)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ConfigError(
                path,
                None,
                _("{key!r} must be a whole number from {low} to {high}").format(
                    key=f"engine.{key}", low=low, high=high
                ),
            )
    if "compute_type" in engine and not isinstance(engine["compute_type"], str):
        raise ConfigError(path, None, _("{key!r} must be a string").format(key="engine.compute_type"))
    if "format" in data and data["format"] not in FORMATS:
        raise ConfigError(
            path,
            None,
            _("{key!r} must be one of: {choices}").format(key="format", choices=", ".join(FORMATS)),
        )
    paths = {key: _path(path, key, data.get(key)) for key in _PATHS}
    return Config(
        path=path,
        targets=_languages(path, "targets", data.get("targets")),
        expect=_languages(path, "expect", data.get("expect")),
        glossary=paths["glossary"],
        memory=paths["memory"],
        models_dir=paths["models_dir"],
        format=data.get("format"),
        engine=dict(engine),
    )


def _languages(path: Path, key: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, None, _("{key!r} must be a list of language codes").format(key=key))
    try:
        return tuple(dict.fromkeys(normalize_language(v) for v in value))
    except LanguageError as exc:
        raise ConfigError(path, None, f"{key}: {exc.reason}") from None


def _path(path: Path, key: str, value: object) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        raise ConfigError(path, None, _("{key!r} must be a path").format(key=key))
    given = Path(value).expanduser()
    return given if given.is_absolute() else path.parent / given
