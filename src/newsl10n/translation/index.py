"""The online Argos package index: find a package for a pair and download it.

This is the only module of newsl10n that touches the network, and only when asked to
(``newsl10n models install en ru``). The index address follows Argos
(``$ARGOS_PACKAGE_INDEX``); entries are parsed by ``argostranslate.package.AvailablePackage``.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsl10n.errors import ModelIndexError
from newsl10n.translation.models import InstalledModel, install_package_file

__all__ = ["index_url", "fetch_index", "install_from_index"]

log = logging.getLogger(__name__)

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
ProgressCallback = Callable[[str, int, int], None]
_OFFLINE_HINT = ("download the .argosmodel file on a connected machine and run "
                 "'newsl10n models install FILE.argosmodel'")


def index_url() -> str:
    """The address of the package index's ``index.json``, resolved now."""
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def _get(url: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": "newsl10n"})
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - http(s) only, checked


def fetch_index(timeout: float = 20.0) -> list[Any]:
    """Download and parse the package index into ``AvailablePackage`` objects.

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
        raise ModelIndexError(
            f"cannot reach the Argos package index ({reason}); {_OFFLINE_HINT}") from None
    except ValueError:
        raise ModelIndexError(f"the package index at {url} is not valid JSON") from None
    if not isinstance(entries, list):
        raise ModelIndexError(f"the package index at {url} is not a list of packages")
    from argostranslate.package import AvailablePackage

    return [AvailablePackage(entry) for entry in entries if isinstance(entry, dict)]


def install_from_index(src: str, tgt: str, folder: str | Path | None = None, *,
                       progress: ProgressCallback | None = None,
                       timeout: float = 60.0) -> InstalledModel:
    """Download the newest ``src -> tgt`` package from the index and install it.

    Raises:
        ModelIndexError: The index is unreachable, lists no such pair, or the download fails.
        ModelPackageError: The downloaded file is not a valid package.
    """
    from packaging.version import InvalidVersion, Version

    def version(pkg: Any) -> Version:
        try:
            return Version(str(pkg.package_version or "0"))
        except InvalidVersion:
            return Version("0")

    candidates = [p for p in fetch_index(timeout) if p.type == "translate"
                  and (p.from_code, p.to_code) == (src, tgt)]
    if not candidates:
        raise ModelIndexError(f"the Argos package index has no {src} -> {tgt} package")
    package = max(candidates, key=version)
    with tempfile.TemporaryDirectory(prefix="newsl10n-download-") as tmp:
        target = Path(tmp) / f"translate-{src}_{tgt}.argosmodel"
        _download(list(package.links), target, f"{src} -> {tgt}", progress, timeout)
        return install_package_file(target, folder)


def _download(links: list[str], target: Path, label: str,
              progress: ProgressCallback | None, timeout: float) -> None:
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
