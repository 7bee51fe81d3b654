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
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from newsl10n.errors import ModelNotInstalledError, ModelPackageError

__all__ = [
    "InstalledModel",
    "Route",
    "find_route",
    "install_package_file",
    "list_installed",
    "models_dir",
    "reachable_routes",
    "remove_model",
]

log = logging.getLogger(__name__)

PIVOT_LANGUAGE = "en"
MAX_UNPACKED_BYTES = 8 * 1024**3


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
)
"""The ``metadata.json`` fields newsl10n reads; each must be a string when present."""


def _read_metadata(path: Path) -> dict[str, str]:
    """The string fields of ``path/metadata.json``, checked; absent or null ones are left out.

    Raises:
        ModelPackageError: No such file, not JSON, not a JSON object, or a field of the
            wrong type (one line, naming the field).
    """
    file = path / "metadata.json"
    if not file.is_file():
        raise ModelPackageError(path, "not an Argos package: no metadata.json")
    try:
        data = json.loads(file.read_bytes())
    except (OSError, ValueError) as exc:
        raise ModelPackageError(path, f"unreadable metadata.json: {exc}") from None
    if not isinstance(data, dict):
        raise ModelPackageError(
            path, f"unreadable metadata.json: expected a JSON object, not {_json_type(data)}"
        )
    fields: dict[str, str] = {}
    for name in _STRING_FIELDS:
        value = data.get(name)
        if value is None:  # absent, or null as Argos's own tools sometimes write it
            continue
        if not isinstance(value, str):
            raise ModelPackageError(
                path, f"bad metadata.json: {name} must be a string, not {_json_type(value)}"
            )
        fields[name] = value
    return fields


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def _read_package(path: Path) -> InstalledModel:
    """Read and check one package folder (metadata, CTranslate2 model, SentencePiece model)."""
    metadata = _read_metadata(path)
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise ModelPackageError(path, f"not an Argos translation package (type {kind!r})")
    if not metadata.get("from_code") or not metadata.get("to_code"):
        raise ModelPackageError(path, "not an Argos translation package (needs from_code and to_code)")
    if not (path / "model" / "model.bin").is_file():
        raise ModelPackageError(path, "the package has no CTranslate2 model (model/model.bin)")
    if not (path / "sentencepiece.model").is_file():
        raise ModelPackageError(path, "the package has no sentencepiece.model")
    return InstalledModel(
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        path=path,
        version=metadata.get("package_version", ""),
        target_prefix=metadata.get("target_prefix", ""),
    )


def list_installed(folder: str | Path | None = None) -> list[InstalledModel]:
    """All valid translation packages in ``folder`` (see :func:`models_dir`), sorted by pair.

    Folders that are not valid packages are skipped with a warning in the log.
    """
    root = models_dir(folder)
    if not root.is_dir():
        return []
    found = []
    for child in sorted(root.iterdir()):
        if child.is_dir() and not child.name.startswith("."):
            try:
                found.append(_read_package(child))
            except ModelPackageError as exc:
                log.warning("skipping %s", exc)
    return sorted(found, key=lambda m: (m.from_code, m.to_code, m.version))


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


def _check_archive(archive: zipfile.ZipFile, path: Path) -> str:
    """Check every member of an Argos archive; return its single top-level folder name."""
    tops: set[str] = set()
    total = 0
    for info in archive.infolist():
        name = PurePosixPath(info.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in info.filename or ":" in name.parts[0]:
            raise ModelPackageError(path, f"unsafe path in the archive: {info.filename!r}")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ModelPackageError(path, f"the archive contains a symbolic link: {info.filename!r}")
        tops.add(name.parts[0])
        total += info.file_size
    if total > MAX_UNPACKED_BYTES:
        raise ModelPackageError(path, "the archive unpacks to more than 8 GiB")
    if len(tops) != 1:
        raise ModelPackageError(path, "not an Argos package: expected one top-level folder")
    top = tops.pop()
    if f"{top}/metadata.json" not in archive.namelist():
        raise ModelPackageError(path, "not an Argos package: no metadata.json")
    return top


def install_package_file(package_file: str | Path, folder: str | Path | None = None) -> InstalledModel:
    """Install an ``.argosmodel`` file into the models folder, replacing an older copy.

    The archive is checked before anything is written, unpacked into a temporary folder
    inside the models folder and moved into place only once it reads as a valid package.

    Raises:
        ModelPackageError: The file is missing, not a zip, not an Argos translation package,
            or holds paths that would escape the models folder.
    """
    path = Path(package_file)
    if not path.is_file():
        raise ModelPackageError(path, "no such file")
    if not zipfile.is_zipfile(path):
        raise ModelPackageError(path, "not an Argos model: the file is not a zip archive")
    root = models_dir(folder)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
    try:
        with zipfile.ZipFile(path) as archive:
            top = _check_archive(archive, path)
            archive.extractall(staging)
        model = _read_package(staging / top)
        final = root / top
        if final.exists():
            shutil.rmtree(final)
        os.replace(staging / top, final)
    except zipfile.BadZipFile as exc:
        raise ModelPackageError(path, f"corrupt archive: {exc}") from None
    except ModelPackageError as exc:
        raise ModelPackageError(path, exc.reason) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("installed %s into %s", model.id, final)
    return _read_package(final)


def remove_model(src: str, tgt: str, folder: str | Path | None = None) -> list[InstalledModel]:
    """Remove every installed package for ``src -> tgt``; return what was removed.

    Raises:
        ModelNotInstalledError: No package for that pair is installed.
    """
    root = models_dir(folder)
    doomed = [m for m in list_installed(root) if (m.from_code, m.to_code) == (src, tgt)]
    if not doomed:
        raise ModelNotInstalledError(src, tgt, root)
    for model in doomed:
        shutil.rmtree(model.path)
    return doomed
