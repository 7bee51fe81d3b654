"""Translation models: installed Argos packages, routes between languages, safe installs.

Models are Argos Translate packages (``.argosmodel`` zip files holding a CTranslate2 model
and a SentencePiece model). They live where Argos keeps them (``$ARGOS_PACKAGES_DIR``, else
``$XDG_DATA_HOME/argos-translate/packages``) unless ``$NEWSL10N_MODELS`` or an explicit
folder says otherwise, so argospm and newsl10n share one folder. A package's
``metadata.json`` is read here, with the fields and defaults Argos uses (``type`` defaults
to ``"translate"``); argostranslate itself is not needed and never imported. The archive is
checked and extracted here too, atomically, so that no path can escape the models folder
and a failed install leaves nothing behind. Nothing is created on disk except the models
folder, and only when a package is installed.

Packages are hostile until checked: an archive may lie about its sizes or unpack to
gigabytes (:data:`MAX_UNPACKED_BYTES`, :data:`MAX_COMPRESSION_RATIO`), and its metadata may
name languages that do not exist or paths. The installed folder's name is made here from
the checked metadata (``translate-en_ru-1_0``), never taken from the archive, and an install
replaces only a package of the same pair. A folder in the models folder that does not read
as a package is skipped and reported (:func:`scan_installed`), never fatal. Staging folders
(``.install-*``) left by an interrupted install are removed once stale.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsl10n.errors import LanguageError, ModelNotInstalledError, ModelPackageError
from newsl10n.i18n import _
from newsl10n.languages import normalize_language
from newsl10n.textio import one_line
from newsl10n.translation.staging import clean_stale_staging

if sys.platform != "win32":
    pass

__all__ = [
    "InstalledModel",
    "ModelsScan",
    "Route",
    "check_pair",
    "find_route",
    "list_installed",
    "models_dir",
    "os_reason",
    "package_folder_name",
    "reachable_routes",
    "read_metadata",
    "read_package",
    "scan_installed",
]

log = logging.getLogger(__name__)

PIVOT_LANGUAGE = "en"

MAX_METADATA_BYTES = 1024**2
"""Largest ``metadata.json`` read; a real one is under 1 kB."""

_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class InstalledModel:
    """One installed Argos translation package.

    Attributes:
        from_code: Source language.
        to_code: Target language.
        path: The package folder.
        version: The package version (``package_version`` in its metadata).
        target_prefix: Token the decoder must start with, ``""`` when none.
    """

    from_code: str
    to_code: str
    path: Path
    version: str
    target_prefix: str = ""

    @property
    def id(self) -> str:
        """A stable identifier, ``translate-en_ru@1.9``."""
        return f"translate-{self.from_code}_{self.to_code}@{self.version or '0'}"

    def as_dict(self) -> dict[str, str]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "from": self.from_code,
            "to": self.to_code,
            "version": self.version,
            "path": str(self.path),
        }


Route = tuple[InstalledModel, ...]


def models_dir(explicit: str | Path | None = None) -> Path:
    """The folder holding installed models, resolved now (nothing is created).

    Order: ``explicit``, ``$NEWSL10N_MODELS``, ``$ARGOS_PACKAGES_DIR``, then Argos's own
    default ``$XDG_DATA_HOME/argos-translate/packages``.
    """
    if explicit:
        return Path(explicit).expanduser()
    for variable in ("NEWSL10N_MODELS", "ARGOS_PACKAGES_DIR"):
        if os.environ.get(variable):
            return Path(os.environ[variable]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "argos-translate" / "packages"


_STRING_FIELDS = (
    "type",
    "from_code",
    "to_code",
    "package_version",
    "argos_version",
    "target_prefix",
    "from_name",
    "to_name",
    "name",
)
"""The ``metadata.json`` fields newsl10n reads; each must be a string when present."""


def read_metadata(path: Path) -> dict[str, str]:
    """The string fields of ``path/metadata.json``, checked; absent or null ones are left out.

    Raises:
        ModelPackageError: No such file, not JSON, not a JSON object, or a field of the
            wrong type (one line, naming the field).
    """
    file = path / "metadata.json"
    if not file.is_file():
        raise ModelPackageError(path, _("not an Argos package: no metadata.json"))
    try:
        with open(file, "rb") as stream:
            raw = stream.read(MAX_METADATA_BYTES + 1)
    except OSError as exc:
        reason = _("unreadable metadata.json: {reason}").format(reason=os_reason(exc))
        raise ModelPackageError(path, reason) from None
    if len(raw) > MAX_METADATA_BYTES:
        raise ModelPackageError(path, _("unreadable metadata.json: metadata.json is too large"))
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ModelPackageError(path, _("unreadable metadata.json: {reason}").format(reason=exc)) from None
    except RecursionError:
        raise ModelPackageError(path, _("unreadable metadata.json: nested too deeply")) from None
    if not isinstance(data, dict):
        raise ModelPackageError(
            path,
            _("unreadable metadata.json: expected a JSON object, not {kind}").format(kind=_json_type(data)),
        )
    fields: dict[str, str] = {}
    for name in _STRING_FIELDS:
        value = data.get(name)
        if value is None:  # absent, or null as Argos's own tools sometimes write it
            continue
        if not isinstance(value, str):
            raise ModelPackageError(
                path,
                _("bad metadata.json: {field} must be a string, not {kind}").format(
                    field=name, kind=_json_type(value)
                ),
            )
        fields[name] = value
    return fields


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for error messages."""
    names = {
        type(None): "null",
        bool: _("a boolean"),
        int: _("a number"),
        float: _("a number"),
        list: _("an array"),
    }
    return names.get(type(value), _("an object") if isinstance(value, dict) else _("a string"))


def _shown(value: str) -> str:
    """``value`` quoted for a one-line message, cut when long."""
    return repr(value if len(value) <= 40 else value[:40] + "...")


def _language(path: Path, field: str, code: str) -> str:
    """``code`` if it is a canonical language code (``ru``, not ``RU``, ``ru_RU`` or ``zz``)."""
    try:
        known = normalize_language(code) == code
    except LanguageError:
        known = False
    if not known:
        raise ModelPackageError(
            path,
            _("bad metadata.json: {field} {code} is not a known language code").format(
                field=field, code=_shown(code)
            ),
        )
    return code


def check_pair(path: Path, metadata: dict[str, str]) -> tuple[str, str]:
    """The checked ``(from_code, to_code)`` of a translation package's metadata."""
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise ModelPackageError(
            path, _("not an Argos translation package (type {kind})").format(kind=_shown(kind))
        )
    if not metadata.get("from_code") or not metadata.get("to_code"):
        raise ModelPackageError(path, _("not an Argos translation package (needs from_code and to_code)"))
    src = _language(path, "from_code", metadata["from_code"])
    tgt = _language(path, "to_code", metadata["to_code"])
    if src == tgt:
        raise ModelPackageError(
            path, _("bad metadata.json: from_code and to_code are both {code!r}").format(code=src)
        )
    return src, tgt


def read_package(path: Path) -> InstalledModel:
    """Read and check one package folder (metadata, CTranslate2 model, SentencePiece model).

    Language codes must be ones :func:`newsl10n.languages.normalize_language` knows, in its
    canonical form: a package for ``zz``, ``qaa`` (private use) or ``../x`` could never be
    asked for. The version must be a plain version string and ``name`` one line, since both
    are shown and the version goes into the folder name.
    """
    metadata = read_metadata(path)
    src, tgt = check_pair(path, metadata)
    version = metadata.get("package_version", "")
    if version and not _VERSION.match(version):
        raise ModelPackageError(
            path,
            _("bad metadata.json: package_version {version} is not a version").format(
                version=_shown(version)
            ),
        )
    name = metadata.get("name", "")
    if _CONTROL.search(name) or len(name) > 200:
        raise ModelPackageError(
            path, _("bad metadata.json: name {name} is not one line").format(name=_shown(name))
        )
    if not (path / "model" / "model.bin").is_file():
        raise ModelPackageError(path, _("the package has no CTranslate2 model (model/model.bin)"))
    if not (path / "sentencepiece.model").is_file():
        raise ModelPackageError(path, _("the package has no sentencepiece.model"))
    return InstalledModel(
        from_code=src,
        to_code=tgt,
        path=path,
        version=version,
        target_prefix=metadata.get("target_prefix", ""),
    )


def package_folder_name(model: InstalledModel) -> str:
    """The folder a package is installed in, argospm's ``translate-en_ru-1_9``.

    Made from checked metadata only (letters, digits and ``._+-``, never a leading dot), so
    an archive cannot choose where it lands or hide itself.
    """
    return f"translate-{model.from_code}_{model.to_code}-{(model.version or '0').replace('.', '_')}"


def os_reason(exc: OSError) -> str:
    """The one-line reason of an ``OSError``, without the path it names."""
    return exc.strerror or str(exc)


@dataclass(frozen=True)
class ModelsScan:
    """What a models folder holds: valid packages, and folders skipped as broken.

    Attributes:
        folder: The models folder.
        installed: Valid translation packages, sorted by pair and version.
        skipped: One error per folder that is not a valid package (``path`` and ``reason``).
    """

    folder: Path
    installed: tuple[InstalledModel, ...] = ()
    skipped: tuple[ModelPackageError, ...] = ()


def scan_installed(folder: str | Path | None = None) -> ModelsScan:
    """Read every package folder in ``folder`` (see :func:`models_dir`); nothing is logged.

    Hidden entries (``.install-*`` staging folders among them) and files are not packages
    and are not reported; stale staging folders are removed (see
    :data:`STALE_STAGING_SECONDS`). A missing folder holds nothing.

    Raises:
        ModelPackageError: ``folder`` exists but is not a folder, or cannot be read.
    """
    root = models_dir(folder)
    try:
        if not root.exists():
            return ModelsScan(root)
        if not root.is_dir():
            raise ModelPackageError(root, _("the models folder is not a folder"))
        children = sorted(root.iterdir())
    except OSError as exc:
        reason = _("cannot read the models folder: {reason}").format(reason=os_reason(exc))
        raise ModelPackageError(root, reason) from None
    clean_stale_staging(root)
    found: list[InstalledModel] = []
    skipped: list[ModelPackageError] = []
    for child in children:
        if child.name.startswith("."):
            continue
        try:
            if child.is_dir():
                found.append(read_package(child))
        except ModelPackageError as exc:
            skipped.append(exc)
        except OSError as exc:
            reason = _("unreadable package folder: {reason}").format(reason=os_reason(exc))
            skipped.append(ModelPackageError(child, reason))
    installed = sorted(found, key=lambda m: (m.from_code, m.to_code, m.version))
    return ModelsScan(root, tuple(installed), tuple(skipped))


def list_installed(folder: str | Path | None = None) -> list[InstalledModel]:
    """All valid translation packages in ``folder`` (see :func:`models_dir`), sorted by pair.

    Folders that are not valid packages are skipped with a warning in the log; use
    :func:`scan_installed` to get them as a result instead.

    Raises:
        ModelPackageError: ``folder`` exists but is not a folder, or cannot be read.
    """
    scan = scan_installed(folder)
    for error in scan.skipped:
        log.warning("skipping %s", one_line(str(error)))
    return list(scan.installed)


def _best_by_pair(models: Iterable[InstalledModel]) -> dict[tuple[str, str], InstalledModel]:
    from packaging.version import InvalidVersion, Version

    def key(model: InstalledModel) -> Version:
        try:
            return Version(model.version or "0")
        except InvalidVersion:
            return Version("0")

    best: dict[tuple[str, str], InstalledModel] = {}
    for model in models:
        pair = (model.from_code, model.to_code)
        if pair not in best or key(model) > key(best[pair]):
            best[pair] = model
    return best


def find_route(
    src: str,
    tgt: str,
    models: Sequence[InstalledModel],
    pivot: str = PIVOT_LANGUAGE,
    where: Path | None = None,
) -> Route:
    """The models that take ``src`` to ``tgt``: a direct one, else two through ``pivot``.

    Raises:
        ModelNotInstalledError: No direct model and no pivot route.
    """
    best = _best_by_pair(models)
    if (src, tgt) in best:
        return (best[(src, tgt)],)
    if pivot not in (src, tgt) and (src, pivot) in best and (pivot, tgt) in best:
        return (best[(src, pivot)], best[(pivot, tgt)])
    raise ModelNotInstalledError(src, tgt, where)


def reachable_routes(
    models: Sequence[InstalledModel], pivot: str = PIVOT_LANGUAGE
) -> dict[tuple[str, str], Route]:
    """Every pair the installed models can translate, directly or through ``pivot``."""
    best = _best_by_pair(models)
    routes: dict[tuple[str, str], Route] = {pair: (m,) for pair, m in best.items()}
    for (a, b), first in best.items():
        if b != pivot:
            continue
        for (c, d), second in best.items():
            if c == pivot and d != a and (a, d) not in routes:
                routes[(a, d)] = (first, second)
    return dict(sorted(routes.items()))
