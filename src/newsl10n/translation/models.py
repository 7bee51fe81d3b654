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

import contextlib
import json
import logging
import os
import re
import shutil
import stat
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from newsl10n.errors import LanguageError, ModelNotInstalledError, ModelPackageError
from newsl10n.languages import normalize_language

if sys.platform != "win32":
    import fcntl

__all__ = [
    "MAX_UNPACKED_BYTES",
    "InstalledModel",
    "ModelsScan",
    "Route",
    "find_route",
    "install_package_file",
    "list_installed",
    "models_dir",
    "package_folder_name",
    "reachable_routes",
    "remove_model",
    "scan_installed",
]

log = logging.getLogger(__name__)

PIVOT_LANGUAGE = "en"

MAX_UNPACKED_BYTES = 2 * 1024**3
"""Default cap on what one package may unpack to (and, in :mod:`.index`, download as).

Real Argos packages unpack to less than 500 MB (the largest CTranslate2 int8 models are
about 200 MB); 2 GiB leaves room for bigger future models while stopping a zip bomb long
before it fills a disk. :func:`install_package_file` takes another cap as ``max_bytes``.
"""

MAX_COMPRESSION_RATIO = 200
"""Largest unpacked/packed size ratio allowed for a member above :data:`RATIO_FLOOR_BYTES`.

Model weights (float or int8) barely compress (about 1.1:1), a SentencePiece model about
2:1 and vocabulary files about 5:1; only padding compresses by hundreds, and deflate tops out
near 1030:1. So 200:1 refuses nothing real and caps a 1 MB bomb at some 200 MB.
"""

RATIO_FLOOR_BYTES = 4 * 1024**2
"""Members up to this size are exempt from the ratio limit (small JSON or vocabulary files
may compress well); the total cap still counts them."""

MAX_MEMBERS = 1000
"""Most entries an archive may hold; a real package has about ten."""

MAX_METADATA_BYTES = 1024**2
"""Largest ``metadata.json`` read; a real one is under 1 kB."""

STAGING_PREFIX = ".install-"
"""Name prefix of the staging folders installs and removals work in, inside the models folder."""
_STAGING_NAME = re.compile(r"^\.install-[a-z0-9_]{8}$")
"""The names :func:`tempfile.mkdtemp` gives them: the only ones ever cleaned up."""

STALE_STAGING_SECONDS = 3600
"""A staging folder this old that no live process holds locked is a leftover, and removed."""

_CHUNK = 1024**2
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
        with open(file, "rb") as stream:
            raw = stream.read(MAX_METADATA_BYTES + 1)
    except OSError as exc:
        raise ModelPackageError(path, f"unreadable metadata.json: {_os_reason(exc)}") from None
    if len(raw) > MAX_METADATA_BYTES:
        raise ModelPackageError(path, "unreadable metadata.json: metadata.json is too large")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ModelPackageError(path, f"unreadable metadata.json: {exc}") from None
    except RecursionError:
        raise ModelPackageError(path, "unreadable metadata.json: nested too deeply") from None
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
    names = {type(None): "null", bool: "a boolean", int: "a number", float: "a number", list: "an array"}
    return names.get(type(value), "an object" if isinstance(value, dict) else "a string")


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
            path, f"bad metadata.json: {field} {_shown(code)} is not a known language code"
        )
    return code


def _check_pair(path: Path, metadata: dict[str, str]) -> tuple[str, str]:
    """The checked ``(from_code, to_code)`` of a translation package's metadata."""
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise ModelPackageError(path, f"not an Argos translation package (type {_shown(kind)})")
    if not metadata.get("from_code") or not metadata.get("to_code"):
        raise ModelPackageError(path, "not an Argos translation package (needs from_code and to_code)")
    src = _language(path, "from_code", metadata["from_code"])
    tgt = _language(path, "to_code", metadata["to_code"])
    if src == tgt:
        raise ModelPackageError(path, f"bad metadata.json: from_code and to_code are both {src!r}")
    return src, tgt


def _read_package(path: Path) -> InstalledModel:
    """Read and check one package folder (metadata, CTranslate2 model, SentencePiece model).

    Language codes must be ones :func:`newsl10n.languages.normalize_language` knows, in its
    canonical form: a package for ``zz``, ``qaa`` (private use) or ``../x`` could never be
    asked for. The version must be a plain version string and ``name`` one line, since both
    are shown and the version goes into the folder name.
    """
    metadata = _read_metadata(path)
    src, tgt = _check_pair(path, metadata)
    version = metadata.get("package_version", "")
    if version and not _VERSION.match(version):
        raise ModelPackageError(
            path, f"bad metadata.json: package_version {_shown(version)} is not a version"
        )
    name = metadata.get("name", "")
    if _CONTROL.search(name) or len(name) > 200:
        raise ModelPackageError(path, f"bad metadata.json: name {_shown(name)} is not one line")
    if not (path / "model" / "model.bin").is_file():
        raise ModelPackageError(path, "the package has no CTranslate2 model (model/model.bin)")
    if not (path / "sentencepiece.model").is_file():
        raise ModelPackageError(path, "the package has no sentencepiece.model")
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


def _os_reason(exc: OSError) -> str:
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
            raise ModelPackageError(root, "the models folder is not a folder")
        children = sorted(root.iterdir())
    except OSError as exc:
        raise ModelPackageError(root, f"cannot read the models folder: {_os_reason(exc)}") from None
    _clean_stale_staging(root)
    found: list[InstalledModel] = []
    skipped: list[ModelPackageError] = []
    for child in children:
        if child.name.startswith("."):
            continue
        try:
            if child.is_dir():
                found.append(_read_package(child))
        except ModelPackageError as exc:
            skipped.append(exc)
        except OSError as exc:
            skipped.append(ModelPackageError(child, f"unreadable package folder: {_os_reason(exc)}"))
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
        log.warning("skipping %s", _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(error)))
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


# --------------------------------------------------------------------------- staging folders


@contextlib.contextmanager
def _locked(folder: Path, *, wait: bool, follow: bool = False) -> Iterator[bool]:
    """Hold an exclusive lock on ``folder`` while inside; yields ``False`` if another holds it.

    The lock (``flock`` on the folder itself) dies with its process, so a staging folder
    that can be locked belongs to no live install. Without ``flock`` (Windows) the lock is
    always granted and only the age rule protects a running install. The models folder is
    locked the same way (``follow``: it may be a link) while packages are moved in or out,
    so concurrent installs and removals do not trip over each other.
    """
    if sys.platform == "win32":
        yield True
        return
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | (0 if follow else os.O_NOFOLLOW))
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(handle)


def _clean_stale_staging(root: Path) -> None:
    """Remove staging folders (never links or files) older than an hour and unlocked.

    Only names this module makes (``.install-`` and 8 characters from mkdtemp) are touched;
    anything that fails is left alone.
    """
    try:
        children = [child for child in root.iterdir() if _STAGING_NAME.match(child.name)]
    except OSError:
        return
    for child in children:
        try:
            info = child.lstat()
            if not stat.S_ISDIR(info.st_mode) or time.time() - info.st_mtime < STALE_STAGING_SECONDS:
                continue
            with _locked(child, wait=False) as mine:
                if mine:
                    shutil.rmtree(child)
                    log.info("removed %s, left by an interrupted install", child)
        except OSError as exc:
            log.debug("cannot remove the staging folder %s: %s", child, exc)


@contextlib.contextmanager
def _staging(root: Path) -> Iterator[Path]:
    """A new locked staging folder in ``root``, removed with all it holds on leaving."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        with _locked(staging, wait=True):
            yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --------------------------------------------------------------------------- archives


def _limit(size: int) -> str:
    """``size`` bytes for messages: ``2 GiB``, ``1 MiB``, ``1500 bytes``."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size and not size % (1 << shift):
            return f"{size >> shift} {unit}"
    return f"{size} bytes"


def _check_archive(
    archive: zipfile.ZipFile, path: Path, max_bytes: int
) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Check every member of an Argos archive from its declared sizes and names.

    Returns each member with its path inside the single top-level folder (whose own name
    is not used). Nothing is unpacked here; :func:`_extract` counts again while unpacking.
    """
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ModelPackageError(path, f"the archive has more than {MAX_MEMBERS} entries")
    tops: set[str] = set()
    seen: set[str] = set()
    files: set[PurePosixPath] = set()
    folders: set[PurePosixPath] = set()
    members = []
    total = 0
    for info in infos:
        name = PurePosixPath(info.filename)
        unsafe = not name.parts or name.is_absolute() or ".." in name.parts or "\\" in info.filename
        if unsafe or ":" in name.parts[0]:
            raise ModelPackageError(path, f"unsafe path in the archive: {info.filename!r}")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ModelPackageError(path, f"the archive contains a symbolic link: {info.filename!r}")
        if info.flag_bits & 0x1:
            raise ModelPackageError(path, f"the archive entry {info.filename!r} is encrypted")
        if info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
            zipfile.ZIP_BZIP2,
            zipfile.ZIP_LZMA,
        ):
            raise ModelPackageError(
                path, f"unsupported compression method {info.compress_type} for {info.filename!r}"
            )
        key = str(name).casefold()
        if key in seen:
            raise ModelPackageError(path, f"duplicate entry in the archive: {info.filename!r}")
        seen.add(key)
        tops.add(name.parts[0])
        inner = PurePosixPath(*name.parts[1:])
        if info.is_dir():
            folders.add(inner)
        elif len(name.parts) == 1:
            raise ModelPackageError(path, "not an Argos package: expected one top-level folder")
        else:
            files.add(inner)
        folders.update(inner.parents)
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise ModelPackageError(
                path,
                f"the archive entry {info.filename!r} exceeds the compression ratio limit "
                f"({MAX_COMPRESSION_RATIO}:1): a zip bomb?",
            )
        total += info.file_size
        if total > max_bytes:
            raise ModelPackageError(path, f"the archive unpacks to more than {_limit(max_bytes)}")
        members.append((info, inner))
    if len(tops) != 1:
        raise ModelPackageError(path, "not an Argos package: expected one top-level folder")
    both = files & folders
    if both:
        raise ModelPackageError(path, f"the archive entry {str(min(both))!r} is both a file and a folder")
    if PurePosixPath("metadata.json") not in files:
        raise ModelPackageError(path, "not an Argos package: no metadata.json")
    return members


def _extract(
    archive: zipfile.ZipFile,
    members: list[tuple[zipfile.ZipInfo, PurePosixPath]],
    target: Path,
    path: Path,
    max_bytes: int,
) -> None:
    """Unpack checked ``members`` under ``target``, counting every byte as it is written: a
    zip can lie about its sizes, so the first byte past a member's declared size or past
    ``max_bytes`` stops the install."""
    target.mkdir()
    total = 0
    for info, inner in members:
        destination = target.joinpath(*inner.parts)
        if info.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, open(destination, "xb") as out:
            written = 0
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > info.file_size:
                    reason = f"the archive entry {info.filename!r} unpacks to more than its declared size"
                    raise ModelPackageError(path, reason)
                if total + written > max_bytes:
                    raise ModelPackageError(path, f"the archive unpacks to more than {_limit(max_bytes)}")
                out.write(chunk)
            total += written


def _place(package: Path, final: Path, model: InstalledModel, staging: Path) -> None:
    """Move the unpacked ``package`` to ``final``, replacing only a package of the same pair.

    The old copy is moved into ``staging`` first (removed with it), and put back if the new
    one cannot be moved in, so the models folder always holds one of the two.
    """
    pair = f"{model.from_code} -> {model.to_code}"
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise ModelPackageError(final, f"exists and is not a {pair} package folder; remove it first")
    if not final.exists():
        os.replace(package, final)
        return
    try:
        same = _check_pair(final, _read_metadata(final)) == (model.from_code, model.to_code)
    except ModelPackageError:
        same = False
    if not same:
        raise ModelPackageError(final, f"exists and is not a {pair} package folder; remove it first")
    old = staging / "replaced"
    os.replace(final, old)
    try:
        os.replace(package, final)
    except BaseException:  # an error or Ctrl-C: the old copy goes back before staging is removed
        os.replace(old, final)
        raise


def install_package_file(
    package_file: str | Path, folder: str | Path | None = None, *, max_bytes: int = MAX_UNPACKED_BYTES
) -> InstalledModel:
    """Install an ``.argosmodel`` file into the models folder, replacing an older copy.

    The archive is checked before anything is written (paths, links, declared sizes and
    compression ratios), unpacked into a staging folder inside the models folder while every
    byte is counted, and moved into place only once it reads as a valid package. Its folder
    is named from its metadata (:func:`package_folder_name`); an existing folder of that
    name is replaced only if it holds a package of the same pair.

    Args:
        package_file: The ``.argosmodel`` file.
        folder: The models folder (see :func:`models_dir`).
        max_bytes: Most bytes the package may unpack to (:data:`MAX_UNPACKED_BYTES`).

    Raises:
        ModelPackageError: The file is missing, not a zip, not an Argos translation package,
            holds paths that would escape the models folder, unpacks to too much, would
            replace something else, or the models folder cannot be written.
    """
    path = Path(package_file)
    try:
        if not path.is_file():
            raise ModelPackageError(path, "no such file")
    except OSError as exc:  # a name too long, a folder that cannot be searched
        raise ModelPackageError(path, _os_reason(exc)) from None
    if not zipfile.is_zipfile(path):
        raise ModelPackageError(path, "not an Argos model: the file is not a zip archive")
    root = models_dir(folder)
    try:
        if root.exists() and not root.is_dir():
            raise ModelPackageError(path, f"cannot install into {root}: the models folder is not a folder")
        root.mkdir(parents=True, exist_ok=True)
        _clean_stale_staging(root)
        with _staging(root) as staging:
            try:
                with zipfile.ZipFile(path) as archive:
                    members = _check_archive(archive, path, max_bytes)
                    _extract(archive, members, staging / "package", path, max_bytes)
                model = _read_package(staging / "package")
                final = root / package_folder_name(model)
                with _locked(root, wait=True, follow=True):
                    _place(staging / "package", final, model, staging)
                    installed = _read_package(final)
            except ModelPackageError as exc:
                raise ModelPackageError(path, exc.reason) from None
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise ModelPackageError(path, f"corrupt archive: {exc}") from None
            except NotImplementedError as exc:
                raise ModelPackageError(path, f"unsupported archive: {exc}") from None
    except OSError as exc:
        raise ModelPackageError(path, f"cannot install into {root}: {_os_reason(exc)}") from None
    log.info("installed %s into %s", installed.id, final)
    return installed


def remove_model(src: str, tgt: str, folder: str | Path | None = None) -> list[InstalledModel]:
    """Remove every installed package for ``src -> tgt``; return what was removed.

    Each package folder is first moved into a staging folder, in one rename, and removed
    from there: an interrupted removal leaves no half-deleted package. A package folder that
    is a symbolic link loses the link only, never what it points to.

    Raises:
        ModelNotInstalledError: No package for that pair is installed.
        ModelPackageError: The models folder cannot be written (nothing was removed).
    """
    root = models_dir(folder)
    doomed = [m for m in list_installed(root) if (m.from_code, m.to_code) == (src, tgt)]
    if not doomed:
        raise ModelNotInstalledError(src, tgt, root)
    try:
        with _locked(root, wait=True, follow=True):
            for model in doomed:
                with _staging(root) as staging:
                    os.replace(model.path, staging / "removed")
    except OSError as exc:
        raise ModelPackageError(root, f"cannot remove {src} -> {tgt}: {_os_reason(exc)}") from None
    return doomed
