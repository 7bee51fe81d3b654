"""Language codes are checked against CLDR."""

from __future__ import annotations

import pytest

from newsl10n.errors import LanguageError
from newsl10n.languages import language_name, normalize_language, parse_language_list


@pytest.mark.parametrize(
    "code, expected", [("ru", "ru"), ("KY", "ky"), ("ky_KG", "ky"), ("en-US", "en"), (" kk ", "kk")]
)
def test_codes_are_normalised(code, expected):
    assert normalize_language(code) == expected


@pytest.mark.parametrize("code", ["xx", "klingon", "1", "", "r u", "ru;ky"])
def test_unknown_codes_are_refused(code):
    with pytest.raises(LanguageError, match="unknown language code"):
        normalize_language(code)


def test_lists_split_commas_and_drop_repeats():
    assert parse_language_list(["ru,ky", "en", "RU"]) == ["ru", "ky", "en"]
    with pytest.raises(LanguageError):
        parse_language_list([" , "])


def test_names_come_from_cldr():
    assert language_name("ky", "ru") == "киргизский"
    assert language_name("ru", "ky") == "орусча"
