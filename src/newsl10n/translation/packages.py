"""Installing and removing model packages, safely.

An ``.argosmodel`` archive is hostile until checked: it may lie about its sizes or unpack to
gigabytes (:data:`MAX_UNPACKED_BYTES`, :data:`MAX_COMPRESSION_RATIO`, :data:`MAX_MEMBERS`),
hold paths that escape the models folder, or name a different package than the folder it
would replace. It is checked before anything is written, streamed into a staging folder
with a running count, and moved into place, under our own folder name, only once it reads
as a valid package of the same pair; a failed install leaves nothing behind.
"""

from __future__ import annotations

import logging
import os
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from newsl10n.errors import ModelNotInstalledError, ModelPackageError
from newsl10n.i18n import _
from newsl10n.translation.models import (
    InstalledModel,
    check_pair,
    list_installed,
    models_dir,
    os_reason,
    package_folder_name,
    read_metadata,
    read_package,
)
from newsl10n.translation.staging import clean_stale_staging, locked, staging_folder

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_MEMBERS",
    "MAX_UNPACKED_BYTES",
    "install_package_file",
    "remove_model",
]

log = logging.getLogger(__name__)

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

_CHUNK = 1024**2


# --------------------------------------------------------------------------- archives


def _limit(size: int) -> str:
    """``size`` bytes for messages: ``2 GiB``, ``1 MiB``, ``1500 bytes``."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size and not size % (1 << shift):
            return f"{size >> shift} {unit}"
    return _("{size} bytes").format(size=size)


def _check_archive(
    archive: zipfile.ZipFile, path: Path, max_bytes: int
) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Check every member of an Argos archive from its declared sizes and names.

    Returns each member with its path inside the single top-level folder (whose own name
    is not used). Nothing is unpacked here; :func:`_extract` counts again while unpacking.
    """
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ModelPackageError(path, _("the archive has more than {n} entries").format(n=MAX_MEMBERS))
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
            raise ModelPackageError(
                path, _("unsafe path in the archive: {name!r}").format(name=info.filename)
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ModelPackageError(
                path, _("the archive contains a symbolic link: {name!r}").format(name=info.filename)
            )
        if info.flag_bits & 0x1:
            raise ModelPackageError(
                path, _("the archive entry {name!r} is encrypted").format(name=info.filename)
            )
        if info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
            zipfile.ZIP_BZIP2,
            zipfile.ZIP_LZMA,
        ):
            raise ModelPackageError(
                path,
                _("unsupported compression method {method} for {name!r}").format(
                    method=info.compress_type, name=info.filename
                ),
            )
        key = str(name).casefold()
        if key in seen:
            raise ModelPackageError(
                path, _("duplicate entry in the archive: {name!r}").format(name=info.filename)
            )
        seen.add(key)
        tops.add(name.parts[0])
        inner = PurePosixPath(*name.parts[1:])
        if info.is_dir():
            folders.add(inner)
        elif len(name.parts) == 1:
            raise ModelPackageError(path, _("not an Argos package: expected one top-level folder"))
        else:
            files.add(inner)
        folders.update(inner.parents)
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise ModelPackageError(
                path,
                _(
                    "the archive entry {name!r} exceeds the compression ratio limit ({ratio}:1): a zip bomb?"
                ).format(name=info.filename, ratio=MAX_COMPRESSION_RATIO),
            )
        total += info.file_size
        if total > max_bytes:
            raise ModelPackageError(
                path, _("the archive unpacks to more than {size}").format(size=_limit(max_bytes))
            )
        members.append((info, inner))
    if len(tops) != 1:
        raise ModelPackageError(path, _("not an Argos package: expected one top-level folder"))
    both = files & folders
    if both:
        raise ModelPackageError(
            path, _("the archive entry {name!r} is both a file and a folder").format(name=str(min(both)))
        )
    if PurePosixPath("metadata.json") not in files:
        raise ModelPackageError(path, _("not an Argos package: no metadata.json"))
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
                    reason = _("the archive entry {name!r} unpacks to more than its declared size").format(
                        name=info.filename
                    )
                    raise ModelPackageError(path, reason)
                if total + written > max_bytes:
                    reason = _("the archive unpacks to more than {size}").format(size=_limit(max_bytes))
                    raise ModelPackageError(path, reason)
                out.write(chunk)
            total += written


def _place(package: Path, final: Path, model: InstalledModel, staging: Path) -> None:
    """Move the unpacked ``package`` to ``final``, replacing only a package of the same pair.

    The old copy is moved into ``staging`` first (removed with it), and put back if the new
    one cannot be moved in, so the models folder always holds one of the two.
    """
    pair = f"{model.from_code} -> {model.to_code}"
    # TRANSLATORS: {pair} is a language pair, "en -> ru".
    occupied = _("exists and is not a {pair} package folder; remove it first").format(pair=pair)
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise ModelPackageError(final, occupied)
    if not final.exists():
        os.replace(package, final)
        return
    try:
        same = check_pair(final, read_metadata(final)) == (model.from_code, model.to_code)
    except ModelPackageError:
        same = False
    if not same:
        raise ModelPackageError(final, occupied)
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
            raise ModelPackageError(path, _("no such file"))
    except OSError as exc:  # a name too long, a folder that cannot be searched
        raise ModelPackageError(path, os_reason(exc)) from None
    if not zipfile.is_zipfile(path):
        raise ModelPackageError(path, _("not an Argos model: the file is not a zip archive"))
    root = models_dir(folder)
    try:
        if root.exists() and not root.is_dir():
            raise ModelPackageError(
                path, _("cannot install into {folder}: the models folder is not a folder").format(folder=root)
            )
        root.mkdir(parents=True, exist_ok=True)
        clean_stale_staging(root)
        with staging_folder(root) as staging:
            try:
                with zipfile.ZipFile(path) as archive:
                    members = _check_archive(archive, path, max_bytes)
                    _extract(archive, members, staging / "package", path, max_bytes)
                model = read_package(staging / "package")
                final = root / package_folder_name(model)
                with locked(root, wait=True, follow=True):
                    _place(staging / "package", final, model, staging)
                    installed = read_package(final)
            except ModelPackageError as exc:
                raise ModelPackageError(path, exc.reason) from None
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise ModelPackageError(path, _("corrupt archive: {reason}").format(reason=exc)) from None
            except NotImplementedError as exc:
                raise ModelPackageError(path, _("unsupported archive: {reason}").format(reason=exc)) from None
    except OSError as exc:
        reason = _("cannot install into {folder}: {reason}").format(folder=root, reason=os_reason(exc))
        raise ModelPackageError(path, reason) from None
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
        with locked(root, wait=True, follow=True):
            for model in doomed:
                with staging_folder(root) as staging:
                    os.replace(model.path, staging / "removed")
    except OSError as exc:
        reason = _("cannot remove {src} -> {tgt}: {reason}").format(src=src, tgt=tgt, reason=os_reason(exc))
        raise ModelPackageError(root, reason) from None
    return doomed
