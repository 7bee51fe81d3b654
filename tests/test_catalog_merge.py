"""Merging a changed template into catalogs, as msgmerge does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from newsl10n.catalog.catalogs import init_catalogs, load_catalog, plural_rule, save_catalog
from newsl10n.catalog.merge import merge_catalog, update_catalogs
from newsl10n.errors import CatalogError

OLD_POT = """\
msgid ""
msgstr ""
"POT-Creation-Date: 2024-05-01 10:00+0600\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: a.html:1
msgid "Read more"
msgstr ""

#, python-format
msgid "Published %(date)s"
msgstr ""

msgid "Subscribe to our morning newsletter"
msgstr ""

msgid "Weather"
msgstr ""

msgid "Untranslated and removed"
msgstr ""

#, python-format
msgid "%(count)d comment"
msgid_plural "%(count)d comments"
msgstr[0] ""
msgstr[1] ""

msgid "Photo"
msgstr ""
"""

NEW_POT = """\
msgid ""
msgstr ""
"POT-Creation-Date: 2024-06-01 10:00+0600\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: b.html:7
#. New note for translators.
msgid "Read more"
msgstr ""

#, python-format
msgid "Published %(date)s"
msgstr ""

msgid "Subscribe to our evening newsletter"
msgstr ""

msgid "Live blog"
msgstr ""

#, python-format
msgid "%(count)d comment"
msgid_plural "%(count)d comments in total"
msgstr[0] ""
msgstr[1] ""

msgid "Photos"
msgid_plural "Photos"
msgstr[0] ""
msgstr[1] ""
"""

RU = {
    "Read more": "Читать далее",
    "Published %(date)s": "Опубликовано %(date)s",
    "Subscribe to our morning newsletter": "Подпишитесь на утреннюю рассылку",
    "Weather": "Погода",
    "%(count)d comment": ["%(count)d комментарий", "%(count)d комментария", "%(count)d комментариев"],
    "Photo": "Фото",
}


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    old_pot, new_pot = tmp_path / "site.pot", tmp_path / "new" / "site.pot"
    new_pot.parent.mkdir()
    old_pot.write_text(OLD_POT, encoding="utf-8")
    new_pot.write_text(NEW_POT, encoding="utf-8")
    locales = tmp_path / "locales"
    (item,) = init_catalogs(old_pot, ["ru"], locales)
    po = load_catalog(item.path)
    for entry in po:
        value = RU.get(entry.msgid)
        if isinstance(value, list):
            entry.msgstr_plural = dict(enumerate(value))
        elif value:
            entry.msgstr = value
    save_catalog(po, item.path)
    return new_pot, locales, item.path


def test_update_merges_like_msgmerge(setup):
    new_pot, locales, path = setup
    (result,) = update_catalogs(new_pot, locales)
    po = load_catalog(path)
    live = {e.msgid: e for e in po if not e.obsolete}
    obsolete = {e.msgid: e for e in po if e.obsolete}
    assert list(live) == [e.msgid for e in polib.pofile(str(new_pot))]
    # unchanged: translation kept, references and comments from the template
    assert live["Read more"].msgstr == "Читать далее" and not live["Read more"].fuzzy
    assert live["Read more"].occurrences == [("b.html", "7")]
    assert live["Read more"].comment == "New note for translators."
    # changed: the similar old translation, fuzzy, with the old msgid recorded
    changed = live["Subscribe to our evening newsletter"]
    assert changed.fuzzy and changed.msgstr == RU["Subscribe to our morning newsletter"]
    assert changed.previous_msgid == "Subscribe to our morning newsletter"
    # changed plural: kept but fuzzy
    plural = live["%(count)d comment"]
    assert plural.fuzzy and [plural.msgstr_plural[i] for i in range(3)] == RU["%(count)d comment"]
    assert plural.previous_msgid_plural == "%(count)d comments"
    # singular became plural: every form filled from the old text, fuzzy
    photos = live["Photos"]
    assert photos.fuzzy and sorted(photos.msgstr_plural) == [0, 1, 2]
    assert set(photos.msgstr_plural.values()) == {"Фото"}
    # new: untranslated
    assert live["Live blog"].msgstr == "" and not live["Live blog"].fuzzy
    # removed: obsolete when translated, dropped when not or when lent to a changed message
    assert list(obsolete) == ["Weather"]
    assert obsolete["Weather"].msgstr == "Погода"
    assert po.metadata["POT-Creation-Date"] == "2024-06-01 10:00+0600"
    assert po.metadata["Plural-Forms"] == plural_rule("ru").header
    assert (result.kept, result.fuzzy, result.added) == (2, 3, 1)
    assert result.obsolete == len(obsolete)


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU msgmerge is not installed")
def test_update_agrees_with_gnu_msgmerge(setup, tmp_path):
    new_pot, locales, path = setup
    expected_file = tmp_path / "msgmerge.po"
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(expected_file), str(path), str(new_pot)], check=True
    )
    update_catalogs(new_pot, locales)

    def states(po: polib.POFile) -> dict[tuple[str, bool], tuple[bool, str | None, str]]:
        return {
            (e.msgid, e.obsolete): (e.fuzzy, e.previous_msgid, e.msgstr or e.msgstr_plural.get(0, ""))
            for e in po
        }

    assert states(load_catalog(path)) == states(polib.pofile(str(expected_file)))


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt is not installed")
def test_merged_catalog_passes_msgfmt_check(setup):
    new_pot, locales, path = setup
    update_catalogs(new_pot, locales)
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_an_obsolete_message_that_returns_is_revived_fuzzy(setup, tmp_path):
    new_pot, locales, path = setup
    update_catalogs(new_pot, locales)
    old_pot = tmp_path / "again" / "site.pot"
    old_pot.parent.mkdir()
    old_pot.write_text(OLD_POT, encoding="utf-8")
    update_catalogs(old_pot, locales)
    weather = [e for e in load_catalog(path) if e.msgid == "Weather"]
    assert len(weather) == 1
    assert not weather[0].obsolete and weather[0].fuzzy and weather[0].msgstr == "Погода"


def test_merging_the_same_template_changes_nothing(setup):
    _, _, path = setup
    before = load_catalog(path)
    merged, counts = merge_catalog(before, polib.pofile(OLD_POT), plural_rule("ru"))
    assert counts == {"kept": 7, "fuzzy": 0, "added": 0, "obsolete": 0}
    assert [(e.msgid, e.msgstr, e.msgstr_plural, e.fuzzy) for e in merged] == [
        (e.msgid, e.msgstr, e.msgstr_plural, e.fuzzy) for e in before
    ]


def test_update_needs_existing_catalogs(setup, tmp_path):
    new_pot, _, _ = setup
    with pytest.raises(CatalogError, match="no such folder"):
        update_catalogs(new_pot, tmp_path / "elsewhere")
