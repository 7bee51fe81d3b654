"""newsl10n's own interface in Russian and Kyrgyz: template, catalogs, .mo files, CLI, wheel.

Expected texts are read from the committed catalogs, never copied from program output: a test
looks up the translation of a message in ``locales/<lang>/LC_MESSAGES/newsl10n.po`` and checks
that the program shows that.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree as ET

import polib
import pytest

from newsl10n.catalog.catalogs import load_catalog, plural_rule
from newsl10n.catalog.compile import check_catalog, compile_catalog

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
TEMPLATE = LOCALES / "newsl10n.pot"
LANGUAGES = ("ru", "ky")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _tool() -> ModuleType:
    """``tools/update_locales.py`` as a module."""
    script = ROOT / "tools" / "update_locales.py"
    spec = importlib.util.spec_from_file_location("update_locales", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("update_locales", module)
    spec.loader.exec_module(module)
    return module


def _po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "newsl10n.po"


def _keys(po: polib.POFile) -> set[tuple[str | None, str, str | None]]:
    return {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in po if e.msgid and not e.obsolete}


def _translation(lang: str, msgid: str) -> str:
    """The committed translation of a singular message."""
    entry = load_catalog(_po_path(lang)).find(msgid)
    assert entry is not None and entry.msgstr, f"{msgid!r} has no {lang} translation"
    return entry.msgstr


def _flat(text: str) -> str:
    """Whitespace collapsed, so that help text wrapped by Click can be compared."""
    return " ".join(text.split())


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m newsl10n`` with no locale variables but those in ``env``.

    The autouse fixture of conftest.py has already pointed HOME, XDG and model folders into
    the test's tmp_path; this environment inherits them.
    """
    clean = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "newsl10n", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --------------------------------------------------------------------------- template


def test_template_matches_the_code_extracted_by_pybabel(tmp_path: Path) -> None:
    """pybabel itself, run on the sources now, finds exactly the template's messages."""
    from babel.messages.frontend import CommandLineInterface

    out = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "--no-default-keywords",
            "-k",
            "_",
            "-k",
            "ngettext:1,2",
            "-o",
            str(out),
            str(ROOT / "src" / "newsl10n"),
        ]
    )
    fresh, committed = _keys(polib.pofile(str(out))), _keys(polib.pofile(str(TEMPLATE)))
    assert fresh, "pybabel found no message at all"
    assert fresh == committed, (
        f"locales/newsl10n.pot is stale; run tools/update_locales.py. "
        f"Not in the template: {sorted(m[1] for m in fresh - committed)}; "
        f"gone from the code: {sorted(m[1] for m in committed - fresh)}"
    )


def test_update_script_agrees_with_the_template() -> None:
    tool = _tool()
    assert tool.message_keys(tool.extract_template()) == tool.message_keys(tool.read_template(TEMPLATE))
    assert tool.main(["--check"]) == 0


def test_update_script_ignores_only_the_creation_date() -> None:
    tool = _tool()
    data = TEMPLATE.read_bytes()
    redated = re.sub(
        rb'"POT-Creation-Date: [^"]*"', rb'"POT-Creation-Date: 1999-01-01 00:00+0000\\n"', data, count=1
    )
    assert redated != data
    assert tool.same_template(data, redated)
    assert not tool.same_template(
        data, data.replace(b'msgid "Error: {message}"', b'msgid "Failure: {message}"')
    )


def test_brace_messages_are_flagged_for_format_checks() -> None:
    template = polib.pofile(str(TEMPLATE))
    braced = [e for e in template if "{message}" in e.msgid]
    assert braced and all("python-brace-format" in e.flags for e in braced)
    assert all("python-brace-format" not in e.flags for e in template if "{" not in e.msgid)


# --------------------------------------------------------------------------- catalogs


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_complete_and_well_formed(lang: str) -> None:
    path = _po_path(lang)
    po = load_catalog(path)
    rule = plural_rule(lang)
    assert po.metadata["Language"] == lang
    assert po.metadata["Plural-Forms"] == rule.header
    assert rule.nplurals == {"ru": 3, "ky": 2}[lang]
    assert _keys(po) == _keys(polib.pofile(str(TEMPLATE))), "run tools/update_locales.py"
    live = [e for e in po if not e.obsolete]
    assert [e.msgid for e in live if e.fuzzy] == []
    assert [e.msgid for e in live if not e.translated()] == []
    assert [e.msgid for e in po if e.obsolete] == []
    for entry in live:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == list(range(rule.nplurals)), entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid
    findings = check_catalog(po, path, include_fuzzy=True)
    assert [str(f) for f in findings] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_passes_msgfmt_check(lang: str, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    done = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", str(tmp_path / "x.mo"), str(_po_path(lang))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "fuzzy" not in done.stderr and "untranslated" not in done.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committed_mo_is_up_to_date(lang: str, tmp_path: Path) -> None:
    committed = _po_path(lang).with_suffix(".mo")
    assert committed.is_file(), "run tools/update_locales.py"
    fresh = tmp_path / "fresh.mo"
    compile_catalog(_po_path(lang), fresh)

    def content(path: Path) -> dict[tuple[str | None, str], object]:
        return {
            (e.msgctxt, e.msgid): (dict(e.msgstr_plural) if e.msgid_plural else e.msgstr)
            for e in polib.mofile(str(path))
        }

    assert content(committed) == content(fresh)
    assert len(content(fresh)) > 100


# --------------------------------------------------------------------------- the CLI


def test_language_variable_gives_kyrgyz_help() -> None:
    done = _cli("--help", env={"LANGUAGE": "ky"})
    assert done.returncode == 0, done.stderr
    english = "Localise news articles offline: detect, translate, align, glossaries, catalogs."
    assert _flat(_translation("ky", english)) in _flat(done.stdout)
    assert english not in _flat(done.stdout)
    assert _flat(_translation("ky", "Show the version and exit.")) in _flat(done.stdout)


def test_lang_variable_gives_russian_output(tmp_path: Path) -> None:
    done = _cli("models", "list", "--models-dir", str(tmp_path / "no-models"), env={"LANG": "ru_RU.UTF-8"})
    assert done.returncode == 0, done.stderr
    folder = _translation("ru", "Models folder: {path}").format(path=tmp_path / "no-models")
    assert done.stdout.splitlines()[0] == folder


def test_language_variable_wins_over_lang_and_ui_lang_over_both() -> None:
    english = "Localise news articles offline: detect, translate, align, glossaries, catalogs."
    both = {"LANGUAGE": "ky", "LANG": "ru_RU.UTF-8"}
    assert _flat(_translation("ky", english)) in _flat(_cli("--help", env=both).stdout)
    done = _cli("--ui-lang", "ru", "--help", env=both)
    assert _flat(_translation("ru", english)) in _flat(done.stdout)
    assert _flat(_translation("ky", english)) not in _flat(done.stdout)


def test_ui_lang_option_translates_subcommand_help() -> None:
    english = (
        "Gettext catalogs: start them from a template, merge template changes, "
        "pre-translate by machine, compile, count."
    )
    done = _cli("--ui-lang=ru", "catalog", "--help", env={"LANGUAGE": "ky"})
    assert done.returncode == 0, done.stderr
    assert _flat(_translation("ru", english)) in _flat(done.stdout)


def test_english_without_locale_or_with_unknown_language() -> None:
    english = "Localise news articles offline: detect, translate, align, glossaries, catalogs."
    assert english in _flat(_cli("--help").stdout)
    assert english in _flat(_cli("--ui-lang", "en", "--help", env={"LANGUAGE": "ru"}).stdout)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_error_message_is_localised(lang: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.tmx"
    done = _cli("--ui-lang", lang, "memory", "import", str(missing))
    assert done.returncode == 1
    reason = f"{missing}: {_translation(lang, 'no such file')}"
    assert done.stderr.strip() == _translation(lang, "Error: {message}").format(message=reason)
    assert not (tmp_path / "xdg-data" / "newsl10n").exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_help_text_of_the_cli_is_translated(lang: str) -> None:
    """Walk every command and option: each help text is a translation from the catalog."""
    script = (
        "import json, sys\n"
        "from newsl10n.i18n import set_ui_language\n"
        "set_ui_language(sys.argv[1])\n"
        "import typer.main\n"
        "from newsl10n.cli.application import app\n"
        "def walk(cmd, path):\n"
        "    yield path, cmd.help\n"
        "    for p in cmd.params:\n"
        "        yield f'{path} {p.name}', getattr(p, 'help', None)\n"
        "    for name, sub in getattr(cmd, 'commands', {}).items():\n"
        "        yield from walk(sub, f'{path} {name}')\n"
        "print(json.dumps([[w, h] for w, h in walk(typer.main.get_command(app), 'newsl10n')"
        " if h]))\n"
    )
    clean = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    done = subprocess.run(
        [sys.executable, "-c", script, lang],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    helps = json.loads(done.stdout)
    assert len(helps) > 80
    translations = {e.msgstr for e in load_catalog(_po_path(lang)) if e.msgstr}
    assert [(where, text) for where, text in helps if text not in translations] == []


# --------------------------------------------------------------------------- outputs


@pytest.fixture
def ui_language():  # type: ignore[no-untyped-def]
    """Set the interface language in this process; restored to the environment's after."""
    from newsl10n.i18n import set_ui_language

    yield set_ui_language
    set_ui_language(None)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tmx_header_note_is_localised(lang: str, ui_language) -> None:  # type: ignore[no-untyped-def]
    from newsl10n.parallel.align import ParallelArticle, Segment, write_article_tmx

    article = ParallelArticle(
        source="en",
        targets=["ky"],
        segments=[Segment(id="p0.s0", paragraph=0, text={"en": "Hello.", "ky": "Салам."})],
        engines={"ky": {"engine": "argos", "models": ["translate-en_ru@1.0", "translate-ru_ky@1.0"]}},
    )
    ui_language(lang)
    buffer = io.BytesIO()
    write_article_tmx(article, buffer, tool_version="test")
    header = ET.fromstring(buffer.getvalue()).find("header")
    assert header is not None
    notes = [note.text for note in header.findall("note")]
    label = _translation(lang, "Machine translation {lang}: {engine} {models}")
    assert notes == [
        label.format(lang="ky", engine="argos", models="translate-en_ru@1.0 > translate-ru_ky@1.0")
    ]


# --------------------------------------------------------------------------- the wheel


def test_wheel_ships_the_compiled_catalogs(tmp_path: Path) -> None:
    """Build the wheel offline and use its catalogs from an unpacked copy."""
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip(
            "hatchling is not installed in this environment; an offline (--no-isolation) wheel build needs it"
        )
    if importlib.util.find_spec("build") is None:
        pytest.skip("the 'build' package (test extra) is not installed")
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("newsl10n-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for lang in LANGUAGES:
            member = f"newsl10n/locales/{lang}/LC_MESSAGES/newsl10n.mo"
            assert member in names
            assert archive.read(member) == _po_path(lang).with_suffix(".mo").read_bytes()
        archive.extractall(tmp_path / "unpacked")
    assert time.monotonic() - started < 60
    probe = "from newsl10n.i18n import _, locale_dir\nprint(locale_dir())\nprint(_('Error: {message}'))\n"
    clean = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    clean.update(PYTHONPATH=str(tmp_path / "unpacked"), LANGUAGE="ky")
    run = subprocess.run(
        [sys.executable, "-c", probe],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    folder, message = run.stdout.splitlines()
    assert Path(folder) == (tmp_path / "unpacked" / "newsl10n" / "locales").resolve()
    assert message == _translation("ky", "Error: {message}")


# --------------------------------------------------------------------------- errors and Typer's words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_library_error_messages_follow_the_interface_language(
    lang: str,
    ui_language,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    from newsl10n.errors import LanguageError, ModelNotInstalledError, TranslationError
    from newsl10n.translation.argos import ArgosTranslator

    ui_language(lang)
    assert str(ModelNotInstalledError("en", "ky")) == _translation(
        lang, "no model installed for {src} -> {tgt}"
    ).format(src="en", tgt="ky")
    assert str(ModelNotInstalledError("en", "ky", "/m")) == _translation(
        lang, "no model installed for {src} -> {tgt} in {folder}"
    ).format(src="en", tgt="ky", folder="/m")
    assert str(TranslationError("en", "ru", "boom")) == _translation(
        lang, "translation {src} -> {tgt} failed: {reason}"
    ).format(src="en", tgt="ru", reason="boom")
    with pytest.raises(LanguageError) as info:
        ArgosTranslator(tmp_path).translate_batch(["Hi."], "ky", "ky")
    assert str(info.value) == _translation(
        lang, "the target language {code!r} is the source language"
    ).format(code="ky")
    ui_language(None)
    assert str(ModelNotInstalledError("en", "ky")) == "no model installed for en -> ky"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_input_and_language_reasons_follow_the_interface_language(
    lang: str,
    ui_language,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    from newsl10n.errors import InputError, LanguageError
    from newsl10n.languages import normalize_language
    from newsl10n.pipeline import translate_article
    from newsl10n.textio import read_text
    from newsl10n.translation.fake import FakeTranslator

    ui_language(lang)
    with pytest.raises(LanguageError) as language:
        normalize_language("xx")
    assert language.value.reason == _translation(lang, "unknown language code {code!r}").format(code="xx")
    with pytest.raises(InputError) as missing:
        read_text(tmp_path / "nope.txt")
    assert missing.value.reason == _translation(lang, "no such file")
    with pytest.raises(InputError) as empty:
        translate_article("  ", ["ru"], "en", translator=FakeTranslator())
    assert empty.value.reason == _translation(lang, "the text is empty")
    assert _translation(lang, "the text is empty") != "the text is empty"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_model_error_and_its_hint_are_localised(lang: str, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The parliament met on Monday in Bishkek.\n", encoding="utf-8")
    folder = tmp_path / "none"
    done = _cli(
        "--ui-lang",
        lang,
        "translate",
        str(article),
        "--to",
        "ru",
        "--from",
        "en",
        "--no-memory",
        "--quiet",
        "--models-dir",
        str(folder),
        "--out",
        str(tmp_path / "o"),
    )
    assert done.returncode == 1
    message = _translation(lang, "no model installed for {src} -> {tgt} in {folder}").format(
        src="en", tgt="ru", folder=folder
    )
    hint = _translation(
        lang, "run 'newsl10n models install {src} {tgt}' or 'newsl10n models install FILE.argosmodel'"
    ).format(src="en", tgt="ru")
    assert (
        done.stderr
        == _translation(lang, "Error: {message}").format(message=f"{article}: {message}; {hint}") + "\n"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_typer_and_click_words_of_the_help_screen_are_localised(lang: str) -> None:
    done = _cli("--ui-lang", lang, "translate", "--help")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith(_translation(lang, "Usage:") + " newsl10n translate [OPTIONS] FILE...")
    for heading in ("Arguments", "Options"):
        assert f"\n{_translation(lang, heading)}:\n" in out
    flat = _flat(out)
    assert _flat(_translation(lang, "Show this message and exit.")) in flat
    assert f"[{_translation(lang, 'required')}]" in flat
    assert _flat(_translation(lang, "default: {default}").format(default="auto")) in flat
    assert _flat(_translation(lang, "env var: {var}").format(var="NEWSL10N_MODELS")) in flat
    assert _flat(_translation(lang, "{min} to {max}").format(min=1, max=16)) in flat
    for english in (
        "Usage:",
        "Arguments:",
        "Options:",
        "Show this message",
        "[required]",
        "default:",
        "env var:",
    ):
        assert english not in out, english
    root = _cli("--ui-lang", lang, "--help")
    assert f"\n{_translation(lang, 'Commands')}:\n" in root.stdout
    assert _flat(_translation(lang, "Show this message and exit.")) in _flat(root.stdout)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_usage_errors_are_localised(lang: str) -> None:
    def error(message: str) -> str:
        return _translation(lang, "Error: {message}").format(message=message)

    done = _cli("--ui-lang", lang, "translate", "--bogus")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0].startswith(_translation(lang, "Usage:") + " newsl10n translate ")
    assert lines[1] == _translation(lang, "Try '{command} {option}' for help.").format(
        command="newsl10n translate", option="-h"
    )
    assert lines[-1].startswith(error(_translation(lang, "No such option: {name}").format(name="--bogus")))
    missing = _cli("--ui-lang", lang, "translate")
    assert missing.returncode == 2
    assert missing.stderr.splitlines()[-1] == error(
        _translation(lang, "Missing argument {name}.").format(name="'FILE...'")
    )
    engine = _cli("--ui-lang", lang, "translate", "x", "--to", "ru", "--engine", "nope")
    assert engine.returncode == 2
    choices = _translation(lang, "{list} or {last}").format(list="'argos'", last="'fake'")
    value = _translation(lang, "{value}; choose {choices}").format(value="'nope'", choices=choices)
    assert engine.stderr.splitlines()[-1] == error(
        _translation(lang, "Invalid value for {name}: {message}").format(name="'--engine'", message=value)
    )
    command = _cli("--ui-lang", lang, "no-such-command")
    assert command.returncode == 2
    assert command.stderr.splitlines()[-1] == error(
        _translation(lang, "No such command {name!r}.").format(name="no-such-command")
    )


def test_ui_lang_is_eager_so_help_after_it_is_localised_in_process() -> None:
    from typer.testing import CliRunner

    from newsl10n.cli import app

    result = CliRunner().invoke(app, ["--ui-lang", "ky", "translate", "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(_translation("ky", "Usage:") + " ")
    assert _flat(_translation("ky", "Show this message and exit.")) in _flat(result.stdout)


def test_typer_gettext_passes_unknown_messages_through(ui_language) -> None:  # type: ignore[no-untyped-def]
    from newsl10n.cli.application import typer_gettext

    assert typer_gettext("Commands") == "Commands"
    ui_language("ru")
    assert typer_gettext("Commands") == _translation("ru", "Commands")
    assert typer_gettext("something Typer adds later") == "something Typer adds later"


# --------------------------------------------------------------------------- library errors of every area


@pytest.mark.parametrize("lang", LANGUAGES)
def test_package_catalog_glossary_and_folder_errors_are_localised(
    lang: str,
    ui_language,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A zip bomb, bad metadata, a malformed PO file, a glossary lint finding, a read-only
    folder and a read-only memory: each reason is the catalog's translation."""
    import errno
    import stat
    import tempfile

    from newsl10n.errors import CatalogError, MemoryStoreError, ModelPackageError
    from newsl10n.glossary.lint import lint
    from newsl10n.pofile import parse_po, save_catalog
    from newsl10n.translation.memory import TranslationMemory
    from newsl10n.translation.models import read_package
    from newsl10n.translation.packages import MAX_COMPRESSION_RATIO, install_package_file

    ui_language(lang)

    def tr(english: str, /, **fields: object) -> str:
        translated = _translation(lang, english)
        assert translated != english
        return translated.format(**fields)

    # A zip bomb: one member of 8 MiB of zeros, a few kilobytes once compressed.
    bomb = tmp_path / "bomb.argosmodel"
    member = "translate-en_ru-1_0/model/model.bin"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("translate-en_ru-1_0/metadata.json", "{}")
        archive.writestr(member, b"\0" * (8 * 1024**2))
    with pytest.raises(ModelPackageError) as package:
        install_package_file(bomb, tmp_path / "models")
    assert package.value.reason == tr(
        "the archive entry {name!r} exceeds the compression ratio limit ({ratio}:1): a zip bomb?",
        name=member,
        ratio=MAX_COMPRESSION_RATIO,
    )

    # metadata.json that is not a JSON object: the type's name is translated too.
    folder = tmp_path / "broken-package"
    folder.mkdir()
    (folder / "metadata.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ModelPackageError) as metadata:
        read_package(folder)
    assert metadata.value.reason == tr(
        "unreadable metadata.json: expected a JSON object, not {kind}", kind=_translation(lang, "an array")
    )
    assert str(metadata.value) == f"{folder}: {metadata.value.reason}"

    # Malformed PO text.
    with pytest.raises(CatalogError) as unterminated:
        parse_po('msgid "Hello"\nmsgstr "Привет\n', "ru.po")
    assert (unterminated.value.line, unterminated.value.reason) == (2, tr("unterminated string"))
    assert str(unterminated.value) == f"ru.po:2: {tr('unterminated string')}"
    with pytest.raises(CatalogError) as duplicate:
        parse_po('msgid ""\nmsgstr ""\n\nmsgid "A"\nmsgstr "a"\n\nmsgid "A"\nmsgstr "b"\n', "ru.po")
    assert (duplicate.value.line, duplicate.value.reason) == (
        7,
        tr("duplicate message {msgid!r} (first defined at line {line})", msgid="A", line=4),
    )

    # A glossary lint finding.
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "ru.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'
        '#, fuzzy\nmsgid "Bishkek"\nmsgstr "Бишкек"\n',
        encoding="utf-8",
    )
    fuzzy = [f for f in lint([glossary]) if f.code == "fuzzy"]
    assert [f.message for f in fuzzy] == [tr("{entry} is fuzzy: proposed, not enforced", entry="'Bishkek'")]

    # A catalog saved into a read-only folder (as root, chmod does not stop writes: refuse
    # the temporary file the way the kernel would).
    locked = tmp_path / "locked"
    locked.mkdir()
    po = parse_po('msgid "A"\nmsgstr "a"\n', "a.po")
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(kwargs.get("dir") or ".").resolve() == locked.resolve():
            raise PermissionError(errno.EACCES, "Permission denied", str(locked))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(CatalogError) as read_only:
            save_catalog(po, locked / "ru.po")
    finally:
        locked.chmod(stat.S_IRWXU)
    assert read_only.value.reason == tr("cannot write: {reason}", reason=os.strerror(errno.EACCES))

    # A translation memory opened read-only: the action and the reason are both translated.
    TranslationMemory.open(tmp_path / "memory.sqlite3").close()
    memory = TranslationMemory.open(tmp_path / "memory.sqlite3", readonly=True)
    try:
        with pytest.raises(MemoryStoreError) as memory_error:
            memory.clear()
    finally:
        memory.close()
    assert memory_error.value.reason == tr(
        "{action}: opened read-only", action=_translation(lang, "cannot clear translation memory")
    )
