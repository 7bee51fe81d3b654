"""Machine pre-translation of catalogs: invariants under scrambling engines, human work kept."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from newsl10n.catalog.catalogs import (
    MT_MARKER,
    find_catalogs,
    init_catalogs,
    is_machine_entry,
    load_catalog,
    plural_rule,
    save_catalog,
)
from newsl10n.catalog.compile import check_catalog, check_entry, compile_catalogs
from newsl10n.catalog.pretranslate import pretranslate, translate_catalogs
from newsl10n.errors import LanguageError, TranslationError
from newsl10n.translation.fake import FakeTranslator

EXAMPLE_POT = Path(__file__).resolve().parents[1] / "examples" / "news-site.pot"


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    out = tmp_path / "locales"
    init_catalogs(EXAMPLE_POT, ["ru", "ky"], out)
    return out


def _reverse_words(s: str, src: str, tgt: str) -> str:
    return " ".join(reversed(s.split()))


def _drop_format_chars(s: str, src: str, tgt: str) -> str:
    return re.sub(r"[%{}\[\]]", "", s)


def _mangle(s: str, src: str, tgt: str) -> str:
    words = s.split()
    return " ".join(w.upper() if i % 2 else w[::-1] for i, w in enumerate(words)) + " 100% {x}"


SCRAMBLES: dict[str, Callable[[str, str, str], str]] = {
    "tag-only": lambda s, src, tgt: f"[{tgt}] {s}",
    "reverse-words": _reverse_words,
    "drop-percent-braces-brackets": _drop_format_chars,
    "mangle-and-add-format-chars": _mangle,
}


def assert_invariants(path: Path) -> None:
    """Every entry is filled, complete in plural forms, and passes the placeholder check."""
    po = load_catalog(path)
    rule = plural_rule(po.metadata["Language"])
    for entry in po:
        if entry.obsolete:
            continue
        assert check_entry(entry, rule) == [], entry.msgid
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == list(range(rule.nplurals))
            assert all(entry.msgstr_plural.values()), entry.msgid
        else:
            assert entry.msgstr, entry.msgid
    assert [f for f in check_catalog(po, path, include_fuzzy=True) if f.severity == "error"] == []


@pytest.mark.parametrize("rule", SCRAMBLES.values(), ids=SCRAMBLES.keys())
def test_placeholders_and_plurals_survive_any_engine(locales, rule):
    translator = FakeTranslator(rule=rule)
    results = translate_catalogs(locales, translator, ["ru", "ky"])
    assert sorted((src, tgt) for src, tgt, _ in translator.calls) == [("en", "ky"), ("en", "ru")]
    for result in results:
        assert result.filled + result.fallbacks == 24 and result.kept == 0
        assert_invariants(result.path)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt is not installed")
@pytest.mark.parametrize("rule", SCRAMBLES.values(), ids=SCRAMBLES.keys())
def test_machine_translated_catalogs_pass_msgfmt_check(locales, rule):
    translate_catalogs(locales, FakeTranslator(rule=rule))
    for item in find_catalogs(locales):
        result = subprocess.run(
            ["msgfmt", "--check", "--use-fuzzy", "-o", "/dev/null", str(item.path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr


def test_filled_entries_are_fuzzy_and_name_the_engine(locales):
    translate_catalogs(locales, FakeTranslator(), ["ru"])
    po = load_catalog(locales / "ru" / "LC_MESSAGES" / "news-site.po")
    for entry in po:
        assert entry.fuzzy and is_machine_entry(entry)
        assert entry.tcomment == f"{MT_MARKER} machine translation by fake (fake), en -> ru"
    assert po.find("Read more").msgstr == "[ru] Read more"
    assert compile_catalogs(locales, ["ru"])[0].messages == 0  # nothing reviewed yet


def test_one_engine_call_per_catalog(locales):
    translator = FakeTranslator()
    translate_catalogs(locales, translator)
    assert len(translator.calls) == 2
    assert {tgt for _, tgt, _ in translator.calls} == {"ru", "ky"}


def test_plural_forms_come_from_msgid_or_msgid_plural_by_cldr(locales):
    translate_catalogs(locales, FakeTranslator())
    ru = load_catalog(locales / "ru" / "LC_MESSAGES" / "news-site.po")
    ky = load_catalog(locales / "ky" / "LC_MESSAGES" / "news-site.po")
    comments = ru.find("%(count)d comment").msgstr_plural
    assert comments == {
        0: "[ru] %(count)d comment",
        1: "[ru] %(count)d comments",
        2: "[ru] %(count)d comments",
    }
    # Russian form 0 also serves 21, 31...: it needs the count, so it follows msgid_plural
    articles = ru.find("One new article since your last visit").msgstr_plural
    assert set(articles.values()) == {"[ru] %(count)d new articles since your last visit"}
    # Kyrgyz form 0 serves n == 1 only: the singular text without a number is right there
    articles = ky.find("One new article since your last visit").msgstr_plural
    assert articles[0] == "[ky] One new article since your last visit"
    assert articles[1] == "[ky] %(count)d new articles since your last visit"


def _set(
    po: polib.POFile,
    msgid: str,
    msgstr: str,
    flags: list[str],
    tcomment: str = "",
    msgctxt: str | None = None,
) -> None:
    entry = po.find(msgid, msgctxt=msgctxt) if msgctxt else po.find(msgid)
    entry.msgstr, entry.flags, entry.tcomment = msgstr, flags, tcomment


def test_human_work_is_never_touched(locales):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    po = load_catalog(path)
    _set(po, "Read more", "Читать далее", [])
    _set(po, "Search the archive", "Поиск по архиву", ["fuzzy"])
    _set(po, "Home", "Главная", ["fuzzy"], "Checked by the desk", msgctxt="main navigation")
    _set(
        po,
        "Photo: %s",
        "Фото: %s",
        ["fuzzy", "python-format"],
        f"{MT_MARKER} machine translation by old (old), en -> ru",
    )
    save_catalog(po, path)
    before = {(e.msgctxt, e.msgid): str(e) for e in load_catalog(path)}
    (result,) = translate_catalogs(locales, FakeTranslator(), ["ru"])
    after = {(e.msgctxt, e.msgid): str(e) for e in load_catalog(path)}
    assert result.kept == 4 and result.filled == 20
    for key in [
        (None, "Read more"),
        (None, "Search the archive"),
        ("main navigation", "Home"),
        (None, "Photo: %s"),
    ]:
        assert after[key] == before[key]


def test_refresh_redoes_machine_entries_only(locales):
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    translate_catalogs(locales, FakeTranslator(), ["ru"])
    po = load_catalog(path)
    _set(po, "Read more", "Читать далее", ["fuzzy"], "Unsure about the tone")
    _set(po, "Search the archive", "Поиск по архиву", [])
    save_catalog(po, path)
    (result,) = translate_catalogs(locales, FakeTranslator(rule=_reverse_words), ["ru"], refresh=True)
    po = load_catalog(path)
    assert result.filled == 22 and result.kept == 2
    assert po.find("Read more").msgstr == "Читать далее"
    assert po.find("Search the archive").msgstr == "Поиск по архиву"
    assert po.find("Photo: %s").msgstr == "%s Photo:"
    assert po.find("Photo: %s").tcomment.count(MT_MARKER) == 1


def test_broken_output_falls_back_to_the_source_and_is_reported(locales):
    def add_markup(s: str, src: str, tgt: str) -> str:
        return "" if "archive" in s else f"<b>{s}</b> &amp;"

    (result,) = translate_catalogs(locales, FakeTranslator(rule=add_markup), ["ru"])
    po = load_catalog(result.path)
    assert result.fallbacks == 24 and result.filled == 0
    assert {f.code for f in result.findings} == {"fallback"}
    search = po.find("Search the archive")
    assert search.msgstr == "Search the archive" and search.fuzzy
    assert "source text copied" in search.tcomment
    finding = next(f for f in result.findings if f.msgid == "Search the archive")
    assert "no text" in finding.message and finding.line == search.linenum
    assert_invariants(result.path)


def test_repairs_are_reported(locales):
    def drop_tokens(s: str, src: str, tgt: str) -> str:
        return re.sub(r"\[X\d+X\]", "", s)

    (result,) = translate_catalogs(locales, FakeTranslator(rule=drop_tokens), ["ky"])
    repaired = {f.msgid: f.message for f in result.findings if f.code == "repaired"}
    assert "'%(date)s'" in repaired["Published %(date)s"]
    assert "Read more" not in repaired
    po = load_catalog(result.path)
    assert po.find("Published %(date)s").msgstr == "Published %(date)s"
    assert po.find("%(count)d comment").msgstr_plural[1] == "%(count)d comments"


def test_context_disambiguates_short_strings(locales):
    table = {
        ("en", "ru"): {
            "Share": "Акция",
            "button": "кнопка",
            "button: [X0X] Share": "кнопка: [X0X] Поделиться",
            "noun, a stock market share": "существительное, акция",
            "noun, a stock market share: [X0X] Share": "существительное, акция: [X0X] Акция",
        }
    }
    path = locales / "ru" / "LC_MESSAGES" / "news-site.po"
    translate_catalogs(locales, FakeTranslator(table=table), ["ru"])
    po = load_catalog(path)
    assert po.find("Share", msgctxt="button").msgstr == "Поделиться"
    assert po.find("Share", msgctxt="noun, a stock-market share").msgstr == "Акция"
    init_catalogs(EXAMPLE_POT, ["ru"], locales, force=True)
    translate_catalogs(locales, FakeTranslator(table=table), ["ru"], use_context=False)
    assert load_catalog(path).find("Share", msgctxt="button").msgstr == "Акция"


def test_a_lost_frame_falls_back_to_the_plain_translation(locales):
    (result,) = translate_catalogs(locales, FakeTranslator(rule=_reverse_words), ["ru"])
    po = load_catalog(result.path)
    assert po.find("Share", msgctxt="button").msgstr == "Share"
    assert po.find("Home", msgctxt="main navigation").msgstr == "Home"


class RecordingGlossary:
    """Doubles of the glossary steps (``enforce.prepare``/``finish``): record, mark results."""

    def __init__(self) -> None:
        self.prepared: list[tuple[list[str], str, str]] = []

    def prepare(self, glossary, sentences, src, tgt, *, strategy=None, mask=None):
        assert glossary is self
        self.prepared.append((list(sentences), src, tgt))
        return type("Plan", (), {"inputs": [s.upper() for s in sentences]})()

    def finish(self, glossary, plan, outputs, translator, *, repair=True):
        assert glossary is self
        return [type("Result", (), {"text": f"{o} (g)", "terms": []})() for o in outputs]


def test_the_glossary_seam_wraps_the_engine_call(locales, monkeypatch):
    from newsl10n.glossary import enforce

    glossary = RecordingGlossary()
    monkeypatch.setattr(enforce, "prepare", glossary.prepare)
    monkeypatch.setattr(enforce, "finish", glossary.finish)
    translator = FakeTranslator()
    (result,) = translate_catalogs(locales, translator, ["ky"], glossary=glossary)
    ((sentences, src, tgt),) = glossary.prepared
    assert (src, tgt) == ("en", "ky") and "Read more" in sentences
    assert translator.calls == [("en", "ky", len(sentences))]
    po = load_catalog(result.path)
    assert po.find("Read more").msgstr == "[ky] READ MORE (g)"
    assert_invariants(result.path)


def test_a_real_glossary_renders_its_terms(locales):
    from newsl10n.glossary.io import read_glossary

    text = 'msgid ""\nmsgstr "Language: ru\\n"\n\nmsgid "Bishkek"\nmsgstr "Бишкек"\n'
    glossary = read_glossary(io.StringIO(text), name="ru.po", lang="ru")
    (result,) = translate_catalogs(locales, FakeTranslator(), ["ru"], glossary=glossary)
    weather = load_catalog(result.path).find("Bishkek: {temperature:.1f} °C, wind {wind} m/s")
    assert "Бишкек" in weather.msgstr
    assert_invariants(result.path)


def test_wrong_number_of_outputs_is_an_error(locales):
    class Short(FakeTranslator):
        def translate_batch(self, sentences, src, tgt):
            return super().translate_batch(sentences, src, tgt)[:-1]

    with pytest.raises(TranslationError, match="outputs"):
        translate_catalogs(locales, Short(), ["ru"])
    assert not load_catalog(locales / "ru" / "LC_MESSAGES" / "news-site.po").find("Read more").msgstr


def test_target_equal_to_source_is_refused(locales):
    init_catalogs(EXAMPLE_POT, ["en"], locales)
    with pytest.raises(LanguageError, match="source"):
        translate_catalogs(locales, FakeTranslator(), ["en"])
    results = translate_catalogs(locales, FakeTranslator())
    assert sorted(r.language for r in results) == ["ky", "ru"]


def test_pretranslate_works_in_memory(locales):
    path = locales / "ky" / "LC_MESSAGES" / "news-site.po"
    po = load_catalog(path)
    result = pretranslate(po, FakeTranslator(), "en", "ky", name=path)
    assert result.filled == 24
    assert load_catalog(path).find("Read more").msgstr == ""
    assert po.find("Read more").msgstr == "[ky] Read more"


# --------------------------------------------------------------------------- real engine


def _install(argos_files, tmp_path: Path, kind: str) -> Path:
    from newsl10n.translation.packages import install_package_file

    folder = tmp_path / f"models-{kind}"
    for tgt in ("ru", "ky"):
        install_package_file(argos_files[("en", tgt, kind)], folder)
    return folder


def test_random_weight_models_keep_every_invariant(argos_files, locales, tmp_path):
    from newsl10n.translation.argos import ArgosTranslator

    translator = ArgosTranslator(_install(argos_files, tmp_path, "random"))
    results = translate_catalogs(locales, translator)
    for result in results:
        assert result.pair.engine == "argos" and result.pair.models
        assert result.filled + result.fallbacks == 24
        assert_invariants(result.path)
        po = load_catalog(result.path)
        assert result.pair.models[0] in po.find("Read more").tcomment


def test_an_echo_model_gives_the_source_back_through_the_tokens(argos_files, locales, tmp_path):
    from newsl10n.translation.argos import ArgosTranslator

    translator = ArgosTranslator(_install(argos_files, tmp_path, "echo"))
    (result,) = translate_catalogs(locales, translator, ["ru"], use_context=False)
    assert result.findings == ()
    for entry in load_catalog(result.path):
        if not entry.msgid_plural:
            assert entry.msgstr == entry.msgid
