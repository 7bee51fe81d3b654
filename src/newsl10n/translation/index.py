"""The online Argos package index: find a package for a pair and download it.

This is the only module of newsl10n that touches the network, and only when asked to
(``newsl10n models install en ru``). The index address follows Argos
(``$ARGOS_PACKAGE_INDEX``, else argospm's index). Entries are parsed here into
:class:`IndexEntry`, with the fields and defaults Argos uses; argostranslate is not needed.

The index and the files it points to are not trusted: the index is read up to
:data:`MAX_INDEX_BYTES`, entries whose language codes newsl10n does not know are skipped,
and a download stops (and its partial file is removed) as soon as it passes the same cap
as an install (:data:`~newsl10n.translation.models.MAX_UNPACKED_BYTES`).
"""

from __future__ import annotations

import http.client
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

from newsl10n.errors import LanguageError, ModelIndexError
from newsl10n.i18n import _
from newsl10n.languages import normalize_language
from newsl10n.progress import ProgressCallback
from newsl10n.translation.models import InstalledModel
from newsl10n.translation.packages import MAX_UNPACKED_BYTES, install_package_file

__all__ = ["IndexEntry", "fetch_index", "index_url", "install_from_index"]

log = logging.getLogger(__name__)

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
MAX_INDEX_BYTES = 64 * 1024**2
"""Most bytes of ``index.json`` read; argospm's index is about 100 kB."""


def _offline_hint() -> str:
    """What to do without a network, for messages."""
    return _(
        "download the .argosmodel file on a connected machine and run "
        "'newsl10n models install FILE.argosmodel'"
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


def _reason(exc: Exception) -> object:
    """What went wrong in a network error, for messages."""
    return exc.reason if isinstance(exc, urllib.error.URLError) else exc


def _size(size: int) -> str:
    return f"{size / 1024**2:g} MiB" if size >= 1024**2 else f"{size / 1024:g} KiB"


def _unknown_code(entry: IndexEntry) -> str | None:
    """The first language code of ``entry`` that is not a canonical known code, if any."""
    for code in (entry.from_code, entry.to_code):
        try:
            if code and normalize_language(code) != code:
                return code
        except LanguageError:
            return code
    return None


def fetch_index(timeout: float = 20.0) -> list[IndexEntry]:
    """Download and parse the package index.

    Entries that are not objects, have fields of the wrong type or language codes newsl10n
    does not know (``zz``, ``../x``, ``EN``) are skipped with a warning in the log, so one
    bad entry does not hide the others.

    Raises:
        ModelIndexError: The index cannot be reached, is larger than
            :data:`MAX_INDEX_BYTES` or is not a package list.
    """
    url = index_url()
    if not url.startswith(("http://", "https://")):
        raise ModelIndexError(_("unsupported package index address {url!r}").format(url=url))
    try:
        with _get(url, timeout) as response:
            raw = response.read(MAX_INDEX_BYTES + 1)
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        raise ModelIndexError(
            _("cannot reach the Argos package index ({reason}); {hint}").format(
                reason=_reason(exc), hint=_offline_hint()
            )
        ) from None
    if len(raw) > MAX_INDEX_BYTES:
        raise ModelIndexError(
            _("the package index at {url} is larger than {size}").format(url=url, size=_size(MAX_INDEX_BYTES))
        )
    try:
        entries = json.loads(raw)
    except (ValueError, RecursionError):
        raise ModelIndexError(_("the package index at {url} is not valid JSON").format(url=url)) from None
    if not isinstance(entries, list):
        raise ModelIndexError(_("the package index at {url} is not a list of packages").format(url=url))
    parsed = []
    for number, entry in enumerate(entries):
        if not isinstance(entry, dict):
            log.warning("skipping entry %d of the package index: not an object", number)
            continue
        try:
            package = IndexEntry.from_json(entry)
        except ValueError as exc:
            log.warning("skipping entry %d of the package index: %s", number, exc)
            continue
        code = _unknown_code(package)
        if code is not None:
            log.warning(
                "skipping entry %d of the package index: %r is not a known language code", number, code
            )
            continue
        parsed.append(package)
    return parsed


def install_from_index(
    src: str,
    tgt: str,
    folder: str | Path | None = None,
    *,
    progress: ProgressCallback | None = None,
    timeout: float = 60.0,
    max_bytes: int = MAX_UNPACKED_BYTES,
) -> InstalledModel:
    """Download the newest ``src -> tgt`` package from the index and install it.

    ``max_bytes`` caps both the download and what it unpacks to (see
    :func:`~newsl10n.translation.models.install_package_file`).

    Raises:
        ModelIndexError: The index is unreachable, lists no such pair, or the download fails
            or is larger than ``max_bytes``.
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
        raise ModelIndexError(
            _("the Argos package index has no {src} -> {tgt} package").format(src=src, tgt=tgt)
        )
    package = max(candidates, key=version)
    with tempfile.TemporaryDirectory(prefix="newsl10n-download-") as tmp:
        target = Path(tmp) / f"translate-{src}_{tgt}.argosmodel"
        _download(list(package.links), target, f"{src} -> {tgt}", progress, timeout, max_bytes)
        return install_package_file(target, folder, max_bytes=max_bytes)


def _download(
    links: list[str],
    target: Path,
    label: str,
    progress: ProgressCallback | None,
    timeout: float,
    max_bytes: int,
) -> None:
    """Download the first link that works into ``target``, counting against ``max_bytes``.

    A link whose Content-Length is over the cap, or whose stream passes it, stops the
    download at once (the partial file is removed): the package is too large wherever it
    comes from. A body shorter than its Content-Length is a failed link.
    """
    # TRANSLATORS: {package} is a package name, "translate-en_ru".
    too_large = _("the {package} package is larger than the {size} limit").format(
        package=label, size=_size(max_bytes)
    )
    errors = []
    for link in links:
        if not link.startswith(("http://", "https://")):
            continue
        try:
            with _get(link, timeout) as response, open(target, "wb") as out:
                length = str(response.headers.get("Content-Length") or "").strip()
                total = int(length) if length.isdigit() else 0
                if total > max_bytes:
                    raise ModelIndexError(too_large)
                done = 0
                while chunk := response.read(1 << 20):
                    done += len(chunk)
                    if done > max_bytes:
                        raise ModelIndexError(too_large)
                    out.write(chunk)
                    if progress:
                        progress(label, done, total or done)
                if total and done != total:
                    raise OSError(
                        _("the download ended after {done} of {total} bytes").format(done=done, total=total)
                    )
            return
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            target.unlink(missing_ok=True)
            log.warning("download from %s failed: %s", link, exc)
            errors.append(str(_reason(exc)))
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    raise ModelIndexError(
        _("download of the {package} package failed ({reasons})").format(
            package=label, reasons="; ".join(errors) or _("no link")
        )
    )
