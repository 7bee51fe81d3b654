"""The online Argos package index: find a package for a pair and download it.

This is the only module of newsl10n that touches the network, and only when asked to
(``newsl10n models install en ru``). The index address follows Argos
(``$ARGOS_PACKAGE_INDEX``, else argospm's index). Entries are parsed here into
:class:`IndexEntry`, with the fields and defaults Argos uses; argostranslate is not needed.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsl10n.errors import ModelIndexError
from newsl10n.progress import ProgressCallback
from newsl10n.translation.models import InstalledModel, install_package_file

__all__ = ["IndexEntry", "fetch_index", "index_url", "install_from_index"]

log = logging.getLogger(__name__)

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
_OFFLINE_HINT = (
    "download the .argosmodel file on a connected machine and run 'newsl10n models install FILE.argosmodel'"
)


@dataclass(frozen=True)
class IndexEntry:
    """One package listed in the Argos package index.

    Attributes:
        from_code: Source language (``""`` when the entry has none).
        to_code: Target language (``""`` when the entry has none).
        type: Package type; only ``"translate"`` packages are installed.
        package_version: The package version, ``""`` when none.
        argos_version: The Argos version the package is meant for, ``""`` when none.
        from_name: Human-readable source language name.
        to_name: Human-readable target language name.
        links: Download addresses of the ``.argosmodel`` file, in order of preference.
    """

    from_code: str
    to_code: str
    type: str = "translate"
    package_version: str = ""
    argos_version: str = ""
    from_name: str = ""
    to_name: str = ""
    links: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> IndexEntry:
        """Parse one index entry; absent fields take Argos's defaults.

        Raises:
            ValueError: A field has the wrong type (one line, naming the field).
        """

        def text(name: str, default: str = "") -> str:
            value = entry.get(name)
            if value is None:
                return default
            if not isinstance(value, str):
                raise ValueError(f"{name} must be a string, not {type(value).__name__}")
            return value

        links = entry.get("links", [])
        if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
            raise ValueError("links must be a list of strings")
        return cls(
            from_code=text("from_code"),
            to_code=text("to_code"),
            type=text("type", "translate"),
            package_version=text("package_version"),
            argos_version=text("argos_version"),
            from_name=text("from_name"),
            to_name=text("to_name"),
            links=tuple(links),
        )


def index_url() -> str:
    """The address of the package index's ``index.json``, resolved now."""
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def _get(url: str, timeout: float) -> Any:
    # Callers pass http(s) addresses only: the index address and links are checked first.
    request = urllib.request.Request(url, headers={"User-Agent": "newsl10n"})
    return urllib.request.urlopen(request, timeout=timeout)


def fetch_index(timeout: float = 20.0) -> list[IndexEntry]:
    """Download and parse the package index.

    Entries that are not objects or have fields of the wrong type are skipped with a
    warning in the log, so one bad entry does not hide the others.

    Raises:
        ModelIndexError: The index cannot be reached or is not a package list.
    """
    url = index_url()
    if not url.startswith(("http://", "https://")):
        raise ModelIndexError(f"unsupported package index address {url!r}")
    try:
        with _get(url, timeout) as response:
            entries = json.load(response)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelIndexError(f"cannot reach the Argos package index ({reason}); {_OFFLINE_HINT}") from None
    except ValueError:
        raise ModelIndexError(f"the package index at {url} is not valid JSON") from None
    if not isinstance(entries, list):
        raise ModelIndexError(f"the package index at {url} is not a list of packages")
    parsed = []
    for number, entry in enumerate(entries):
        if not isinstance(entry, dict):
            log.warning("skipping entry %d of the package index: not an object", number)
            continue
        try:
            parsed.append(IndexEntry.from_json(entry))
        except ValueError as exc:
            log.warning("skipping entry %d of the package index: %s", number, exc)
    return parsed


def install_from_index(
    src: str,
    tgt: str,
    folder: str | Path | None = None,
    *,
    progress: ProgressCallback | None = None,
    timeout: float = 60.0,
) -> InstalledModel:
    """Download the newest ``src -> tgt`` package from the index and install it.

    Raises:
        ModelIndexError: The index is unreachable, lists no such pair, or the download fails.
        ModelPackageError: The downloaded file is not a valid package.
    """
    from packaging.version import InvalidVersion, Version

    def version(entry: IndexEntry) -> Version:
        try:
            return Version(entry.package_version or "0")
        except InvalidVersion:
            return Version("0")

    candidates = [
        p for p in fetch_index(timeout) if p.type == "translate" and (p.from_code, p.to_code) == (src, tgt)
    ]
    if not candidates:
        raise ModelIndexError(f"the Argos package index has no {src} -> {tgt} package")
    package = max(candidates, key=version)
    with tempfile.TemporaryDirectory(prefix="newsl10n-download-") as tmp:
        target = Path(tmp) / f"translate-{src}_{tgt}.argosmodel"
        _download(list(package.links), target, f"{src} -> {tgt}", progress, timeout)
        return install_package_file(target, folder)


def _download(
    links: list[str], target: Path, label: str, progress: ProgressCallback | None, timeout: float
) -> None:
    errors = []
    for link in links:
        if not link.startswith(("http://", "https://")):
            continue
        try:
            with _get(link, timeout) as response, open(target, "wb") as out:
                total = int(response.headers.get("Content-Length") or 0)
                done = 0
                while chunk := response.read(1 << 20):
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(label, done, total or done)
            return
        except (urllib.error.URLError, OSError) as exc:
            log.warning("download from %s failed: %s", link, exc)
            errors.append(str(getattr(exc, "reason", exc)))
    raise ModelIndexError(f"download of the {label} package failed ({'; '.join(errors) or 'no link'})")
