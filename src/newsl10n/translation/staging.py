"""Staging folders and locks inside the models folder.

Installs and removals work in a hidden staging folder (``.install-*``) inside the models
folder and hold an exclusive lock on the models folder while a package is moved in or out.
A staging folder left by an interrupted install is removed once stale; nothing else is.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from newsl10n.textio import folder_lock

__all__ = ["STAGING_PREFIX", "STALE_STAGING_SECONDS", "clean_stale_staging", "locked", "staging_folder"]

log = logging.getLogger(__name__)

STAGING_PREFIX = ".install-"
"""Name prefix of the staging folders installs and removals work in, inside the models folder."""
STAGING_NAME = re.compile(r"^\.install-[a-z0-9_]{8}$")
"""The names :func:`tempfile.mkdtemp` gives them: the only ones ever cleaned up."""

STALE_STAGING_SECONDS = 3600
"""A staging folder this old that no live process holds locked is a leftover, and removed."""


# --------------------------------------------------------------------------- staging folders


@contextlib.contextmanager
def locked(folder: Path, *, wait: bool, follow: bool = False) -> Iterator[bool]:
    """Hold an exclusive lock on ``folder`` while inside; yields ``False`` if another holds it.

    The lock (:func:`newsl10n.textio.folder_lock`) dies with its process, so a staging folder
    that can be locked belongs to no live install. Without ``flock`` (Windows) the lock is
    always granted and only the age rule protects a running install. The models folder is
    locked the same way (``follow``: it may be a link) while packages are moved in or out,
    so concurrent installs and removals do not trip over each other.
    """
    with folder_lock(folder, wait=wait, follow=follow) as granted:
        yield granted


def clean_stale_staging(root: Path) -> None:
    """Remove staging folders (never links or files) older than an hour and unlocked.

    Only names this module makes (``.install-`` and 8 characters from mkdtemp) are touched;
    anything that fails is left alone.
    """
    try:
        children = [child for child in root.iterdir() if STAGING_NAME.match(child.name)]
    except OSError:
        return
    for child in children:
        try:
            info = child.lstat()
            if not stat.S_ISDIR(info.st_mode) or time.time() - info.st_mtime < STALE_STAGING_SECONDS:
                continue
            with locked(child, wait=False) as mine:
                if mine:
                    shutil.rmtree(child)
                    log.info("removed %s, left by an interrupted install", child)
        except OSError as exc:
            log.debug("cannot remove the staging folder %s: %s", child, exc)


@contextlib.contextmanager
def staging_folder(root: Path) -> Iterator[Path]:
    """A new locked staging folder in ``root``, removed with all it holds on leaving."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        with locked(staging, wait=True):
            yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)
