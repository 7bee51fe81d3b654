"""Language codes: validation and display names, from CLDR through Babel."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsl10n.errors import LanguageError
from newsl10n.i18n import _

__all__ = ["language_name", "normalize_language", "parse_language_list"]

_CODE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


def normalize_language(code: str) -> str:
    """Return the lower-case language part of ``code`` (``"RU"`` -> ``"ru"``, ``"ky_KG"`` -> ``"ky"``).

    Raises:
        LanguageError: ``code`` is not a language CLDR knows.
    """
    from babel import Locale, UnknownLocaleError

    raw = code.strip()
    if not _CODE.match(raw):
        raise LanguageError(code, _("unknown language code {code!r}").format(code=code))
    lang = re.split(r"[-_]", raw)[0].lower()
    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        raise LanguageError(code, _("unknown language code {code!r}").format(code=code)) from None
    return lang


def parse_language_list(values: Iterable[str]) -> list[str]:
    """Split comma lists (``["ru,ky", "en"]``), normalise each code and drop repeats, keeping order.

    Raises:
        LanguageError: A code is unknown, or the list is empty.
    """
    codes: list[str] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                code = normalize_language(part)
                if code not in codes:
                    codes.append(code)
    if not codes:
        raise LanguageError("", _("no target language given"))
    return codes


def language_name(code: str, locale: str = "en") -> str:
    """The CLDR name of language ``code`` in ``locale``.

    ``language_name("ky", "ru")`` -> ``"киргизский"``.
    """
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).get_display_name(locale) or code
    except (UnknownLocaleError, ValueError):
        return code
