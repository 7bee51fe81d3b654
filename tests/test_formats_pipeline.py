"""HTML and Markdown articles through the pipeline and the CLI: markup kept, text translated."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsl10n.cli import app
from newsl10n.errors import InputError
from newsl10n.files import translate_file, translate_files
from newsl10n.glossary.io import load_glossary
from newsl10n.glossary.model import Glossary
from newsl10n.parallel.align import read_alignment
from newsl10n.pipeline import translate_article
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.memory import TranslationMemory

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "markup"
ARTICLE = DATA / "article.html"
POST = DATA / "post.md"

TAG = re.compile(r"<[^>]*>")
"""Every tag, comment and doctype of an HTML document."""
VERBATIM = re.compile(r"<(script|style|pre|code|kbd|samp|var)\b.*?</\1>|<!--.*?-->", re.S)
"""What is never translated, whole."""


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary")


def _skeleton(tag: str) -> str:
    """A tag with the values of the attributes that are translated blanked."""
    tag = re.sub(r'\b(alt|title)="[^"]*"', r'\1=""', tag)
    if tag.startswith("<html"):  # a version's <html lang> is its language
        tag = re.sub(r'\b((?:xml:)?lang)="[^"]*"', r'\1=""', tag)
    return re.sub(r'content="[^"]*"', 'content=""', tag) if 'name="description"' in tag else tag


def _html(lang: str = "ru") -> tuple[str, str]:
    source = ARTICLE.read_text(encoding="utf-8")
    article = translate_article(source, [lang], "en", translator=FakeTranslator(), format="html")
    return source, article.version(lang)


def test_html_keeps_every_tag_attribute_script_and_comment_byte_for_byte():
    source, translated = _html()
    assert translated != source
    # Every tag with its attributes, in order (translated attribute values blanked): the
    # skeleton is the same.
    assert [_skeleton(t) for t in TAG.findall(translated)] == [_skeleton(t) for t in TAG.findall(source)]
    assert VERBATIM.findall(translated) == VERBATIM.findall(source)
    for kept in re.finditer(VERBATIM, source):
        assert kept.group(0) in translated
    assert "[ru] President <b>Sadyr</b> Japarov" in translated
    assert '<html lang="ru">' in translated
    assert 'alt="[ru] Sadyr Japarov and Vladimir Putin shake hands"' in translated
    assert '<meta property="og:image" content="https://example.com/photo.jpg">' in translated
    assert '<li translate="no">Do not translate this item.</li>' in translated
    assert '<span class="notranslate">CASA-1000</span>' in translated
    assert "&laquo;strategic partnership&raquo;" in translated


def test_the_source_language_version_is_the_source_itself(tmp_path):
    result = translate_file(ARTICLE, ["ru", "ky"], tmp_path, "en", translator=FakeTranslator())
    names = sorted(p.name for p in result.files)
    assert names == sorted(["en.html", "ru.html", "ky.html", "alignment.json", "article.tmx", "review.html"])
    assert (tmp_path / "article" / "en.html").read_bytes() == ARTICLE.read_bytes()
    assert "[ky] Japarov invites <em>Putin</em> to Kyrgyzstan" in (
        tmp_path / "article" / "ky.html"
    ).read_text(encoding="utf-8")


def test_alignment_json_records_the_format_and_each_segments_tags(tmp_path):
    translate_file(ARTICLE, ["ru"], tmp_path, "en", translator=FakeTranslator())
    data = json.loads((tmp_path / "article" / "alignment.json").read_text(encoding="utf-8"))
    assert data["article_format"] == "html"
    lead = next(s for s in data["segments"] if s["id"] == "p3.s1")
    assert lead["en"].startswith("President <g1>Sadyr</g1> Japarov")
    assert lead["tags"][0] == {"n": 1, "kind": "pair", "name": "b", "open": "<b>", "close": "</b>"}
    assert [t["name"] for t in lead["tags"]] == ["b", "a", "strong"]
    assert any(s["id"].startswith("a") for s in data["segments"])  # alt / title / description
    with open(tmp_path / "article" / "alignment.json", encoding="utf-8") as fp:
        article = read_alignment(fp)
    assert article.format == "html"
    assert next(s for s in article.segments if s.id == "p3.s1").tags == lead["tags"]


def test_markdown_post_keeps_urls_code_and_front_matter_keys(tmp_path):
    result = translate_file(POST, ["ky"], tmp_path, "en", translator=FakeTranslator())
    source = POST.read_text(encoding="utf-8")
    out = (tmp_path / "post" / "ky.md").read_text(encoding="utf-8")
    assert result.article is not None and result.article.format == "markdown"
    assert (tmp_path / "post" / "en.md").read_text(encoding="utf-8") == source
    assert 'title: "[ky] Japarov invites Putin to Kyrgyzstan"' in out
    assert "slug: japarov-putin" in out
    for url in re.findall(r"\]\(([^)\s]+)", source) + re.findall(r"^\[[^\]]+\]:[ \t]*\S+", source, re.M):
        assert url in out
    fence = re.search(r"^```.*?^```", source, re.S | re.M)
    assert fence is not None and fence.group(0) in out
    assert "`code span`" in out


def test_plain_text_is_as_it_always_was(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Sadyr Japarov arrived. He spoke.\n\nThe end came.\n", encoding="utf-8")
    result = translate_file(story, ["ru"], tmp_path / "out", "en", translator=FakeTranslator())
    assert sorted(p.name for p in result.files) == sorted(
        ["en.txt", "ru.txt", "alignment.json", "story.tmx", "review.html"]
    )
    assert [s.id for s in result.article.segments] == ["p1.s1", "p1.s2", "p2.s1"]
    assert all(not s.tags for s in result.article.segments)
    assert (tmp_path / "out" / "story" / "ru.txt").read_text(encoding="utf-8") == (
        "[ru] Sadyr Japarov arrived. [ru] He spoke.\n\n[ru] The end came.\n"
    )
    data = json.loads((tmp_path / "out" / "story" / "alignment.json").read_text(encoding="utf-8"))
    assert data["article_format"] == "text"
    assert all("tags" not in s for s in data["segments"])


def test_format_auto_sniffs_content_and_an_explicit_format_wins(tmp_path):
    snippet = tmp_path / "snippet.txt"
    snippet.write_text("<p>Bishkek is <b>cold</b> today.</p>\n", encoding="utf-8")
    as_text = translate_files(
        [snippet], ["ru"], tmp_path / "a", "en", translator=FakeTranslator(), format="text"
    )
    assert as_text[0].article.format == "text"
    translate_files([snippet], ["ru"], tmp_path / "b", "en", translator=FakeTranslator(), format="html")
    assert (tmp_path / "b" / "snippet" / "ru.html").read_text(encoding="utf-8") == (
        "<p>[ru] Bishkek is <b>cold</b> today.</p>\n"
    )
    article = translate_article("<p>Osh is <i>warm</i>.</p>", ["ru"], "en", translator=FakeTranslator())
    assert article.format == "html"
    assert article.version("ru") == "<p>[ru] Osh is <i>warm</i>.</p>"
    with pytest.raises(InputError):
        translate_article("x", ["ru"], "en", translator=FakeTranslator(), format="docx")


def test_tags_the_model_drops_or_repeats_are_restored():
    def sloppy(sentence: str, src: str, tgt: str) -> str:
        return re.sub(r"</?g1>", "", sentence) + " <g2></g2><g2>"

    html = '<p>President <b>Sadyr</b> Japarov met <a href="/p">Putin</a>.</p>'
    article = translate_article(html, ["ru"], "en", translator=FakeTranslator(rule=sloppy), format="html")
    out = article.version("ru")
    assert out.count("<b>") == out.count("</b>") == 1
    assert out.count('<a href="/p">') == out.count("</a>") == 1


def test_glossary_names_inside_and_split_by_markup_are_enforced(glossary):
    html = (
        "<p>President <b>Sadyr</b> Japarov met <a href='/vp'>Vladimir Putin</a> today."
        " Then <i>Sadyr Japarov</i> left. See <code>Sadyr Japarov</code>"
        ' and <img alt="A photo" src="Sadyr Japarov.jpg">.</p>'
    )
    for strategy in (None, "keep"):
        from newsl10n.glossary.enforce import TermStrategy

        article = translate_article(
            html,
            ["ru"],
            "en",
            translator=FakeTranslator(),
            format="html",
            glossary=glossary,
            term_strategy=None if strategy is None else TermStrategy(strategy),
        )
        out = article.version("ru")
        assert "<b>Садыр</b> Жапаров" in out  # split by markup: found, the same word in bold
        assert "<a href='/vp'>Владимир Путин</a>" in out  # inside a link
        assert "<i>Садыр Жапаров</i>" in out
        assert "<code>Sadyr Japarov</code>" in out  # code is never touched
        assert 'src="Sadyr Japarov.jpg"' in out  # nor untranslated attributes
        assert article.missing_terms() == 0


def test_the_memory_tells_apart_sentences_that_differ_only_in_markup(tmp_path):
    path = tmp_path / "memory.sqlite3"

    def run(html: str, label: str):
        engine = FakeTranslator(rule=lambda s, src, tgt: f"{label} {s}")
        with TranslationMemory.open(path) as memory:
            return translate_article(html, ["ru"], "en", translator=engine, memory=memory, format="html")

    first = run("<p><b>Kant</b> air base.</p>", "ONE")
    assert first.version("ru") == "<p>ONE <b>Kant</b> air base.</p>"
    other = run("<p><i>Kant</i> air base.</p>", "TWO")
    assert other.version("ru") == "<p>TWO <i>Kant</i> air base.</p>"
    assert other.segments[0].memory == []
    again = run("<p><b>Kant</b> air base.</p>", "THREE")
    assert again.version("ru") == "<p>ONE <b>Kant</b> air base.</p>"
    assert again.segments[0].memory == ["ru"]
    plain = run("<p>Kant air base.</p>", "FOUR")
    assert plain.version("ru") == "<p>FOUR Kant air base.</p>"


def test_cli_translates_html_and_markdown_end_to_end(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app,
        ["translate", str(ARTICLE), str(POST), "--to", "ru,ky", "--from", "en", "--engine", "fake"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "translations"
    assert sorted(p.name for p in (out / "article").iterdir()) == sorted(
        ["en.html", "ru.html", "ky.html", "alignment.json", "article.tmx", "review.html"]
    )
    assert sorted(p.name for p in (out / "post").iterdir()) == sorted(
        ["en.md", "ru.md", "ky.md", "alignment.json", "post.tmx", "review.html"]
    )
    ru = (out / "article" / "ru.html").read_text(encoding="utf-8")
    assert "<title>[ru] Japarov invites Putin to Kyrgyzstan</title>" in ru
    assert VERBATIM.findall(ru) == VERBATIM.findall(ARTICLE.read_text(encoding="utf-8"))
    as_text = CliRunner().invoke(
        app,
        ["translate", str(ARTICLE), "--to", "ru", "--from", "en", "--engine", "fake", "--format", "text"],
        catch_exceptions=False,
    )
    assert as_text.exit_code == 0, as_text.output
    assert (out / "article" / "ru.txt").exists()
    as_json = CliRunner().invoke(
        app,
        ["translate", str(POST), "--to", "ru", "--from", "en", "--engine", "fake", "--json", "--no-memory"],
        catch_exceptions=False,
    )
    summary = json.loads(as_json.output)["articles"][0]
    assert summary["format"] == "markdown"
    assert summary["files"][1].endswith("ru.md")
    bad = CliRunner().invoke(app, ["translate", str(ARTICLE), "--to", "ru", "--format", "docx"])
    assert bad.exit_code != 0


def test_malformed_html_loses_no_text_and_an_identity_engine_changes_no_byte():
    source = (DATA / "malformed.html").read_text(encoding="utf-8")
    same = FakeTranslator(rule=lambda s, src, tgt: s)
    assert translate_article(source, ["ru"], "en", translator=same, format="html").version("ru") == source
    out = translate_article(source, ["ru"], "en", translator=FakeTranslator(), format="html").version("ru")
    words = re.findall(r"[A-Za-z]{4,}", re.sub(r"<[^>]*>", " ", source))
    assert all(word in out for word in words)
    assert out.count("[ru]") >= 8


def test_stdin_markup_is_sniffed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app,
        ["translate", "-", "--to", "ru", "--from", "en", "--engine", "fake", "--no-memory"],
        input="# Kant\n\nThe **air base** is near [Bishkek](https://example.com/b).\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    out = (tmp_path / "translations" / "stdin" / "ru.md").read_text(encoding="utf-8")
    assert out == "# \\[ru\\] Kant\n\n\\[ru\\] The **air base** is near [Bishkek](https://example.com/b).\n"


def test_versions_keep_the_inputs_own_extension(tmp_path):
    page = tmp_path / "page.htm"
    page.write_text("<p>Osh is <b>warm</b>.</p>\n", encoding="utf-8")
    note = tmp_path / "note.markdown"
    note.write_text("Osh is *warm*.\n", encoding="utf-8")
    results = translate_files([page, note], ["ru"], tmp_path / "out", "en", translator=FakeTranslator())
    assert [sorted(p.name for p in r.files) for r in results] == [
        ["alignment.json", "en.htm", "page.tmx", "review.html", "ru.htm"],
        ["alignment.json", "en.markdown", "note.tmx", "review.html", "ru.markdown"],
    ]
    assert (tmp_path / "out" / "note" / "ru.markdown").read_text(
        encoding="utf-8"
    ) == "\\[ru\\] Osh is *warm*.\n"


def test_a_pair_that_begins_outside_a_name_covers_the_whole_rendered_name(glossary):
    html = "<p><b>President Sadyr</b> Japarov spoke. <b>Sadyr</b> <i>Japarov</i> came.</p>"
    article = translate_article(
        html, ["ky"], "en", translator=FakeTranslator(), format="html", glossary=glossary
    )
    out = article.version("ky")
    assert "<b>President Садыр Жапаров</b>" in out
    assert "<b>Садыр <i>Жапаров</i></b>" in out
    assert out.count("<b>") == out.count("</b>") == 2 and out.count("<i>") == out.count("</i>") == 1
    assert article.missing_terms() == 0
