"""Localisation of newsl10n's own messages (gettext domain ``newsl10n``).

Library code marks user-facing strings with :func:`_` / :func:`ngettext`. The language is
chosen on first use, the way gettext programs choose it (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``), unless :func:`set_ui_language` was called first. Nothing is read
at import time.
"""

from __future__ import annotations

import gettext as _gettext
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["DOMAIN", "_", "gettext", "locale_dir", "ngettext", "set_ui_language", "ui_language"]

DOMAIN = "newsl10n"
_chosen: dict[str, list[str] | None] = {"languages": None}
"""The languages given to :func:`set_ui_language`; ``None`` follows the environment."""


def locale_dir() -> Path:
    """Return the folder holding ``<lang>/LC_MESSAGES/newsl10n.mo``.

    A wheel ships the catalogs inside the package; an editable install or a source checkout
    finds them in the project's top-level ``locales/``.
    """
    packaged = Path(__file__).resolve().parent / "locales"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "locales"


def set_ui_language(language: str | None) -> None:
    """Use ``language`` (``"ru"``, ``"ky"``, ``"en"``...) for messages; ``None`` follows the environment."""
    _chosen["languages"] = [language] if language else None
    _translations.cache_clear()


@lru_cache(maxsize=1)
def _translations() -> _gettext.NullTranslations:
    return _gettext.translation(
        DOMAIN, localedir=str(locale_dir()), languages=_chosen["languages"], fallback=True
    )


def _(message: str) -> str:
    """Translate ``message`` into the user interface language."""
    return _translations().gettext(message)


gettext = _
"""The same as :func:`_`, by a public name, for packages that import no private name
(``from newsl10n.i18n import gettext as _``)."""


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a plural form chosen for ``n``."""
    return _translations().ngettext(singular, plural, n)


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def ui_language() -> str:
    """The code of the interface language in force: the ``Language`` of the catalog in use,
    ``en`` when none is (English messages are the msgids)."""
    code = _translations().info().get("language", "").strip()
    return code.replace("_", "-") if _LANGUAGE_TAG.fullmatch(code) else "en"
