"""The TMX of an HTML or Markdown article: inline markup as TMX 1.4b <bpt>, <ept> and <ph>."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from newsl10n.files import translate_file
from newsl10n.parallel.align import write_article_tmx
from newsl10n.parallel.tmx import TranslationUnit, read_tmx, write_tmx
from newsl10n.pipeline import translate_article
from newsl10n.translation.fake import FakeTranslator

DATA = Path(__file__).resolve().parent / "data" / "markup"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tmx(html: str, fmt: str = "html") -> bytes:
    article = translate_article(html, ["ru"], "en", translator=FakeTranslator(), format=fmt)
    buffer = io.BytesIO()
    write_article_tmx(article, buffer)
    return buffer.getvalue()


def _segs(data: bytes, lang: str) -> list[ET.Element]:
    root = ET.fromstring(data)
    return [tuv.find("seg") for tuv in root.iter("tuv") if tuv.get(XML_LANG) == lang]  # type: ignore[misc]


def test_pairs_are_bpt_ept_and_points_ph_with_the_markup_escaped():
    data = _tmx('<p>President <b>Sadyr</b> Japarov met <a href="/p?a=1&amp;b=2">Putin</a> in<br>Moscow.</p>')
    assert b'<bpt i="1">&lt;b&gt;</bpt>Sadyr<ept i="1">&lt;/b&gt;</ept>' in data
    (source,) = [s for s in _segs(data, "en") if len(s)]
    assert source.text == "President "
    assert [(c.tag, c.get("i") or c.get("x"), c.text, c.tail) for c in source] == [
        ("bpt", "1", "<b>", "Sadyr"),
        ("ept", "1", "</b>", " Japarov met "),
        ("bpt", "2", '<a href="/p?a=1&amp;b=2">', "Putin"),
        ("ept", "2", "</a>", " in"),
        ("ph", "3", "<br>", " Moscow."),
    ]
    (target,) = [s for s in _segs(data, "ru") if len(s)]
    assert target.text == "[ru] President "
    assert [c.tag for c in target] == ["bpt", "ept", "bpt", "ept", "ph"]


def test_adjacent_tags_get_no_layout_whitespace_between_them():
    data = _tmx("<p>He met <a href='/v'>Vladimir <strong>Putin</strong></a> today.</p>")
    (seg,) = [s for s in _segs(data, "en") if len(s)]
    assert "".join(seg.itertext()) == "He met <a href='/v'>Vladimir <strong>Putin</strong></a> today."
    assert [c.tail for c in seg] == ["Vladimir ", "Putin", None, " today."]  # no text between the closes


def test_read_tmx_round_trips_placeholders_and_codes(tmp_path):
    result = translate_file(DATA / "article.html", ["ru"], tmp_path, "en", translator=FakeTranslator())
    assert result.article is not None
    with open(tmp_path / "article" / "article.tmx", "rb") as fp:
        document = read_tmx(fp, placeholders=True)
    by_id = {unit.tuid: unit for unit in document.units}
    for segment in result.article.segments:
        unit = by_id[segment.id]
        assert unit.variants == {"en": segment.text["en"], "ru": segment.text["ru"]}
        assert unit.codes == {t["n"]: (t["open"], t["close"]) for t in segment.tags}
    with open(tmp_path / "article" / "article.tmx", "rb") as fp:
        flat = read_tmx(fp)
    lead = next(u for u in flat.units if u.tuid == "p3.s1")
    assert lead.variants["en"].startswith("President <b>Sadyr</b> Japarov")
    assert lead.codes == {}


def test_markdown_markup_is_inline_elements_too():
    data = _tmx("He met **Putin** in [Moscow](https://example.com/m) today.\n", "markdown")
    (seg,) = [s for s in _segs(data, "en") if len(s)]
    assert [(c.tag, c.text) for c in seg][:2] == [("bpt", "**"), ("ept", "**")]
    assert ("bpt", "[") in [(c.tag, c.text) for c in seg]


def test_plain_text_tmx_has_no_inline_elements_even_with_tag_like_text():
    buffer = io.BytesIO()
    write_tmx(buffer, [TranslationUnit({"en": "a <g1>b</g1>", "ru": "а <g1>б</g1>"}, tuid="p1.s1")], "en")
    seg = _segs(buffer.getvalue(), "en")[0]
    assert len(seg) == 0 and seg.text == "a <g1>b</g1>"
    buffer.seek(0)
    assert read_tmx(buffer, placeholders=True).units[0].variants["en"] == "a <g1>b</g1>"
