"""Catalogs: init from a template, reading and writing, plural rules, compile, stats."""

from __future__ import annotations

import gettext
import io
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural

from newsl10n.catalog.catalogs import (
    CatalogFile,
    catalog_locale,
    catalog_stats,
    find_catalogs,
    init_catalogs,
    load_catalog,
    locale_stats,
    parse_plural_forms,
    plural_rule,
    read_catalog,
    save_catalog,
    stats_by_language,
)
from newsl10n.catalog.compile import check_catalog, compile_catalog, compile_catalogs
from newsl10n.errors import CatalogError, LanguageError

EXAMPLE_POT = Path(__file__).resolve().parents[1] / "examples" / "news-site.pot"
MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")


def msgfmt_check(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``msgfmt --check`` on ``path``; the result's returncode is 0 when it passes."""
    return subprocess.run(
        [MSGFMT or "msgfmt", "--check", *extra, "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    out = tmp_path / "locales"
    init_catalogs(EXAMPLE_POT, ["ru", "ky"], out)
    return out


def translate_by_hand(path: Path, fill: dict[str, list[str] | str]) -> None:
    """Give the entries named in ``fill`` (by msgid) translations, as a person would."""
    po = load_catalog(path)
    for entry in po:
        if entry.msgid in fill:
            value = fill[entry.msgid]
            if isinstance(value, list):
                entry.msgstr_plural = dict(enumerate(value))
            else:
                entry.msgstr = value
    save_catalog(po, path)


# --------------------------------------------------------------------------- init


def test_init_writes_one_catalog_per_language_with_cldr_headers(locales):
    template = polib.pofile(str(EXAMPLE_POT))
    for lang, nplurals in (("ru", 3), ("ky", 2)):
        po = load_catalog(locales / lang / "LC_MESSAGES" / "news-site.po")
        assert po.metadata["Language"] == lang
        assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        assert po.metadata["Plural-Forms"] == get_plural(lang).plural_forms
        assert parse_plural_forms(po.metadata["Plural-Forms"]).nplurals == nplurals
        assert po.metadata["POT-Creation-Date"] == template.metadata["POT-Creation-Date"]
        assert [(e.msgctxt, e.msgid) for e in po] == [(e.msgctxt, e.msgid) for e in template]
        for entry in po:
            assert not entry.translated() and not entry.fuzzy
            if entry.msgid_plural:
                assert sorted(entry.msgstr_plural) == list(range(nplurals))
        by_key = {(e.msgctxt, e.msgid): e for e in template}
        for entry in po:
            source = by_key[(entry.msgctxt, entry.msgid)]
            assert entry.comment == source.comment
            assert entry.occurrences == source.occurrences
            assert set(entry.flags) == set(source.flags) - {"fuzzy"}


@needs_msgfmt
def test_new_catalogs_pass_msgfmt_check(locales):
    for item in find_catalogs(locales):
        result = msgfmt_check(item.path)
        assert result.returncode == 0, result.stderr


def test_init_refuses_to_overwrite_unless_forced(locales):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    translate_by_hand(path, {"Read more": "Читать далее"})
    with pytest.raises(CatalogError, match="catalog exists"):
        init_catalogs(EXAMPLE_POT, ["ru"], locales)
    assert "Читать далее" in path.read_text(encoding="utf-8")
    init_catalogs(EXAMPLE_POT, ["ru"], locales, force=True)
    assert "Читать далее" not in path.read_text(encoding="utf-8")


def test_init_takes_domain_and_region_codes(tmp_path):
    (created,) = init_catalogs(EXAMPLE_POT, ["pt-BR"], tmp_path, domain="site")
    assert created.path == tmp_path / "pt_BR" / "LC_MESSAGES" / "site.po"
    assert load_catalog(created.path).metadata["Language"] == "pt_BR"


@pytest.mark.parametrize("code", ["xx", "english", "", "ru;ky"])
def test_unknown_language_codes_are_refused(tmp_path, code):
    with pytest.raises(LanguageError):
        init_catalogs(EXAMPLE_POT, ["ru", code], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_catalog_locale_normalises_known_codes():
    assert catalog_locale("RU") == "ru"
    assert catalog_locale("ky-KG") == "ky_KG"


# --------------------------------------------------------------------------- plural rules


def test_plural_rules_follow_cldr():
    ru, ky = plural_rule("ru"), plural_rule("ky")
    assert ru.nplurals == 3 and ky.nplurals == 2
    assert [ru.index(n) for n in (1, 2, 5, 11, 21, 22, 25)] == [0, 1, 2, 2, 0, 1, 2]
    assert ky.single_valued(ky.singular_form)
    assert not ru.single_valued(ru.singular_form)


@pytest.mark.parametrize(
    "value",
    [
        "nplurals=2; plural=n>1 ? 2 : 0;",
        "nplurals=2; plural=n+;",
        "nplurals=0; plural=0;",
        "plural=(n != 1);",
        "garbage",
    ],
)
def test_bad_plural_forms_are_refused(value):
    with pytest.raises(ValueError):
        parse_plural_forms(value)


# --------------------------------------------------------------------------- reading


MALFORMED = {
    "unterminated string": ('msgid "Read more\nmsgstr ""\n', 1),
    "invalid escape": ('msgid "a"\nmsgstr "b\\q"\n', 2),
    "msgid without msgstr": ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 3),
    "unknown keyword": ('msgid "a"\nmsgtext "b"\n', 2),
    "plural out of order": ('msgid "a"\nmsgid_plural "as"\nmsgstr[1] ""\n', 3),
    "duplicate": ('msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n', 4),
    "bad utf-8": (b'msgid "a"\nmsgstr "\xff"\n', 2),
}


@pytest.mark.parametrize(("data", "line"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_catalogs_are_refused_with_their_line(data, line):
    stream = io.BytesIO(data if isinstance(data, bytes) else data.encode("utf-8"))
    with pytest.raises(CatalogError) as caught:
        read_catalog(stream, "bad.po")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"bad.po:{line}: ")
    assert "\n" not in str(caught.value)


def test_missing_and_empty_catalogs_are_errors(tmp_path):
    with pytest.raises(CatalogError, match="no such file"):
        load_catalog(tmp_path / "nope.po")
    (tmp_path / "empty.po").write_text("", encoding="utf-8")
    with pytest.raises(CatalogError, match="empty"):
        load_catalog(tmp_path / "empty.po")


def test_legacy_charsets_are_decoded_and_written_back_as_utf8(tmp_path):
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=KOI8-R\\n"\n\nmsgid "Home"\nmsgstr "Главная"\n'
    )
    path = tmp_path / "legacy.po"
    path.write_bytes(text.encode("koi8-r"))
    po = load_catalog(path)
    assert po.find("Home").msgstr == "Главная"
    save_catalog(po, path)
    assert "charset=UTF-8" in path.read_text(encoding="utf-8")
    assert load_catalog(path).find("Home").msgstr == "Главная"


def test_round_trip_keeps_every_field(locales, tmp_path):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    translate_by_hand(
        path,
        {
            "Read more": "Читать далее",
            "%(count)d comment": ["%(count)d комментарий", "%(count)d комментария", "%(count)d комментариев"],
        },
    )
    first = load_catalog(path)
    copy = tmp_path / "copies" / "copy.po"
    save_catalog(first, copy)
    second = load_catalog(copy)
    fields = (
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "msgstr_plural",
        "flags",
        "comment",
        "tcomment",
        "occurrences",
    )
    assert [[getattr(e, f) for f in fields] for e in first] == [
        [getattr(e, f) for f in fields] for e in second
    ]
    assert first.metadata == second.metadata
    assert [p.name for p in copy.parent.iterdir()] == ["copy.po"]  # no temporary file left


# --------------------------------------------------------------------------- layout


def test_find_catalogs_filters_and_reports_what_is_missing(locales):
    assert [c.language for c in find_catalogs(locales)] == ["ky", "ru"]
    assert [c.language for c in find_catalogs(locales, ["ru"])] == ["ru"]
    with pytest.raises(CatalogError, match="no catalog for de"):
        find_catalogs(locales, ["de"])
    with pytest.raises(CatalogError, match="no such folder"):
        find_catalogs(locales / "nope")
    with pytest.raises(CatalogError, match=r"no <lang>/LC_MESSAGES/\*.po catalogs found"):
        find_catalogs(locales, domain="other")


# --------------------------------------------------------------------------- compile

RU_HAND = {
    "Read more": "Читать далее",
    "Published %(date)s": "Опубликовано %(date)s",
    "%(count)d comment": ["%(count)d комментарий", "%(count)d комментария", "%(count)d комментариев"],
    "Share on {network}": "Поделиться в {network}",
    "<strong>Breaking</strong>: %s": "<strong>Срочно</strong>: %s",
}


def test_compiled_catalog_serves_gettext_with_russian_plurals(locales):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    translate_by_hand(path, RU_HAND)
    result = compile_catalog(path)
    assert result.mo_path == path.with_suffix(".mo")
    assert result.messages == len(RU_HAND)
    with open(result.mo_path, "rb") as stream:
        catalog = gettext.GNUTranslations(stream)
    assert catalog.gettext("Read more") == "Читать далее"
    forms = {
        n: catalog.ngettext("%(count)d comment", "%(count)d comments", n) % {"count": n}
        for n in (1, 3, 5, 21)
    }
    assert forms == {1: "1 комментарий", 3: "3 комментария", 5: "5 комментариев", 21: "21 комментарий"}
    assert catalog.gettext("Share on {network}").format(network="Telegram") == "Поделиться в Telegram"


@pytest.mark.skipif(shutil.which("msgunfmt") is None, reason="GNU msgunfmt is not installed")
def test_compiled_catalog_reads_back_with_msgunfmt(locales, tmp_path):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    translate_by_hand(path, RU_HAND)
    result = compile_catalog(path)
    text = subprocess.run(
        ["msgunfmt", str(result.mo_path)], capture_output=True, text=True, check=True
    ).stdout
    back = polib.pofile(text)
    assert {
        e.msgid: (e.msgstr or [e.msgstr_plural[i] for i in sorted(e.msgstr_plural)]) for e in back
    } == RU_HAND


def test_fuzzy_entries_are_compiled_only_on_request(locales):
    path = locales / "ky" / "LC_MESSAGES" / "news-site.po"
    po = load_catalog(path)
    entry = po.find("Read more")
    entry.msgstr, entry.flags = "Толугураак", ["fuzzy"]
    save_catalog(po, path)
    assert compile_catalog(path).messages == 0
    assert compile_catalog(path, use_fuzzy=True).messages == 1


def test_compile_refuses_a_broken_placeholder_naming_file_and_line(locales):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    translate_by_hand(path, {"Published %(date)s": "Опубликовано"})
    line = load_catalog(path).find("Published %(date)s").linenum
    with pytest.raises(CatalogError) as caught:
        compile_catalogs(locales)
    assert caught.value.path == str(path) and caught.value.line == line
    assert "%(date)s" in str(caught.value)
    assert not list(locales.rglob("*.mo"))


@needs_msgfmt
def test_what_compile_refuses_msgfmt_refuses_too(locales):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    translate_by_hand(
        path,
        {
            "Share on {network}": "Поделиться",
            "%(count)d comment": ["один", "%(count)d комментария", "%(count)d комментариев"],
        },
    )
    po = load_catalog(path)
    findings = [f for f in check_catalog(po, path) if f.severity == "error"]
    assert len(findings) == 2
    result = msgfmt_check(path)
    assert result.returncode != 0
    msgfmt_lines = [int(n) for n in re.findall(rf"{re.escape(str(path))}:(\d+): ", result.stderr)]
    starts = [*sorted(e.linenum for e in po), 10**6]
    for finding in findings:
        end = next(start for start in starts if start > finding.line)
        assert any(finding.line <= line < end for line in msgfmt_lines), result.stderr


def test_a_one_number_form_may_drop_the_count(locales):
    path = locales / "ky" / "LC_MESSAGES" / "news-site.po"
    translate_by_hand(path, {"%(count)d comment": ["Бир комментарий", "%(count)d комментарий"]})
    assert compile_catalog(path).messages == 1
    ru = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    translate_by_hand(
        ru, {"%(count)d comment": ["Один комментарий", "%(count)d комментария", "%(count)d комментариев"]}
    )
    with pytest.raises(CatalogError, match=r"msgstr\[0\] lacks '%\(count\)d'"):
        compile_catalog(ru)


def test_compile_refuses_bad_plural_forms_and_wrong_form_counts(locales):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    po = load_catalog(path)
    po.metadata["Plural-Forms"] = "nplurals=3; plural=(n%10==1 ? 0 : 3);"
    save_catalog(po, path)
    with pytest.raises(CatalogError, match="Plural-Forms"):
        compile_catalog(path)
    po.metadata["Plural-Forms"] = plural_rule("ru").header
    po.find("%(count)d comment").msgstr_plural = {0: "%(count)d комментарий", 1: "%(count)d комментария"}
    save_catalog(po, path)
    with pytest.raises(CatalogError, match="2 plural forms where Plural-Forms says nplurals=3"):
        compile_catalog(path)


# --------------------------------------------------------------------------- stats


def test_stats_count_each_state(locales):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    po = load_catalog(path)
    live = [e for e in po if not e.obsolete]
    live[0].msgstr = "Читать далее"
    live[1].msgstr, live[1].flags = "Опубликовано %(date)s", ["fuzzy", "python-format"]
    live[2].msgstr, live[2].flags = "Обновлено %(time)s, %(author)s", ["fuzzy"]
    live[2].tcomment = "newsl10n-mt: machine translation by fake (fake), en -> ru"
    live[3].msgstr_plural = {0: "%(count)d комментарий", 1: "", 2: ""}
    gone = polib.POEntry(msgid="Old", msgstr="Старое", obsolete=True)
    po.append(gone)
    save_catalog(po, path)
    stats = catalog_stats(load_catalog(path), CatalogFile(path, "ru", "news-site"))
    assert (stats.translated, stats.fuzzy, stats.machine, stats.obsolete) == (1, 2, 1, 1)
    assert stats.untranslated == len(live) - 3
    assert stats.total == len(live)
    assert stats.as_dict()["percent"] == round(100 / len(live), 1)


def test_stats_by_language_sum_domains(locales):
    init_catalogs(EXAMPLE_POT, ["ru"], locales, domain="other")
    per_catalog = locale_stats(locales)
    assert [(s.language, s.domain) for s in per_catalog] == [
        ("ky", "news-site"),
        ("ru", "news-site"),
        ("ru", "other"),
    ]
    per_language = stats_by_language(per_catalog)
    assert [s.language for s in per_language] == ["ky", "ru"]
    assert per_language[1].untranslated == 2 * per_language[0].untranslated
