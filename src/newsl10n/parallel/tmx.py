"""Reading and writing TMX 1.4b translation memories, the exchange format CAT tools read.

One :class:`TranslationUnit` per aligned segment, one variant (``<tuv xml:lang>``) per
language. Writers and readers take binary file objects.

Inline markup (HTML and Markdown articles) is in the variants as placeholders
(``<g1>``...``</g1>``, ``<x2/>``, :mod:`newsl10n.markup.placeholders`) and in
``TranslationUnit.codes`` as the markup each stands for. It is written as TMX 1.4b inline
elements, so that CAT tools show tags, not escaped text: a pair as
``<bpt i="1">&lt;b&gt;</bpt>Sadyr<ept i="1">&lt;/b&gt;</ept>``, a point as
``<ph x="2">&lt;br&gt;</ph>``, the original markup as their (escaped) content.
``read_tmx(..., placeholders=True)`` reads them back into placeholders and codes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import BinaryIO

from newsl10n import tokens
from newsl10n.errors import InputError
from newsl10n.i18n import _

__all__ = ["TmxDocument", "TranslationUnit", "read_tmx", "write_tmx"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DOCTYPE = b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'


@dataclass
class TranslationUnit:
    """One aligned segment.

    Attributes:
        variants: Segment text per language code.
        tuid: Identifier of the unit (newsl10n uses segment ids such as ``p3.s2``).
        props: ``<prop type=...>`` values, e.g. ``{"x-paragraph": "2"}``.
        notes: ``<note>`` texts.
        codes: The markup each placeholder of the variants stands for, by its number:
            ``(opening, closing)`` for a pair (``("<b>", "</b>")``), ``(markup, "")`` for a
            point. A placeholder without a code is written as text.
    """

    variants: dict[str, str]
    tuid: str | None = None
    props: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    codes: dict[int, tuple[str, str]] = field(default_factory=dict)


@dataclass
class TmxDocument:
    """A whole TMX file: header source language, header properties and units."""

    srclang: str
    units: list[TranslationUnit]
    props: dict[str, str] = field(default_factory=dict)


def write_tmx(
    fp: BinaryIO,
    units: Iterable[TranslationUnit],
    srclang: str,
    *,
    props: Mapping[str, str] | None = None,
    notes: Iterable[str] = (),
    tool_version: str = "",
) -> None:
    """Write ``units`` as a TMX 1.4b document (UTF-8) to the binary file object ``fp``."""
    header = ET.Element(
        "header",
        {
            "creationtool": "newsl10n",
            "creationtoolversion": tool_version or "0",
            "segtype": "sentence",
            "o-tmf": "newsl10n",
            "adminlang": "en",
            "srclang": srclang,
            "datatype": "plaintext",
            "creationdate": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
        },
    )
    for text in notes:
        ET.SubElement(header, "note").text = text
    for key, value in (props or {}).items():
        _prop(header, key, value)
    # Streamed one unit at a time, laid out as ET.indent lays out the whole tree, so an archive
    # of any size never holds its whole TMX tree in memory.
    fp.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    fp.write(_DOCTYPE)
    fp.write(b'<tmx version="1.4">\n  ')
    fp.write(_serialise(header, level=1, tail="\n  "))
    previous: ET.Element | None = None
    for unit in units:
        if previous is None:
            fp.write(b"<body>\n    ")
        else:
            fp.write(_serialise(previous, level=2, tail="\n    "))
        previous = _unit_element(unit)
    if previous is None:
        fp.write(b"<body />\n</tmx>\n")
    else:
        fp.write(_serialise(previous, level=2, tail="\n  "))
        fp.write(b"</body>\n</tmx>\n")


def _serialise(element: ET.Element, *, level: int, tail: str) -> bytes:
    """``element`` indented as if at ``level`` of the document, followed by ``tail``.

    The content of each ``<seg>`` (its text and the tails of its inline elements) is kept
    as it was: indenting would put line breaks between two adjacent tags.
    """
    kept = [(seg, seg.text, [child.tail for child in seg]) for seg in element.iter("seg") if len(seg)]
    ET.indent(element, space="  ", level=level)
    for seg, text, tails in kept:
        seg.text = text
        for child, child_tail in zip(seg, tails):
            child.tail = child_tail
    element.tail = tail
    data: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=False)
    return data


def _prop(parent: ET.Element, key: str, value: str) -> None:
    ET.SubElement(parent, "prop", {"type": key}).text = value


def _unit_element(unit: TranslationUnit) -> ET.Element:
    tu = ET.Element("tu", {"tuid": unit.tuid} if unit.tuid else {})
    for text in unit.notes:
        ET.SubElement(tu, "note").text = text
    for key, value in unit.props.items():
        _prop(tu, key, value)
    for lang, text in unit.variants.items():
        tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
        _fill_seg(ET.SubElement(tuv, "seg"), text, unit.codes)
    return tu


def _fill_seg(seg: ET.Element, text: str, codes: Mapping[int, tuple[str, str]]) -> None:
    """``seg`` holding ``text``, its coded placeholders as ``<bpt>``, ``<ept>`` and ``<ph>``."""
    seg.text = text
    if not codes:
        return
    last: ET.Element | None = None
    cursor = 0
    chunks: list[str] = []
    for match in tokens.MARK_EXACT.finditer(text):
        element = _inline(match, codes)
        if element is None:
            continue
        chunks.append(text[cursor : match.start()])
        if last is None:
            seg.text = "".join(chunks)
        else:
            last.tail = "".join(chunks)
        chunks = []
        seg.append(element)
        last = element
        cursor = match.end()
    if last is not None:
        last.tail = text[cursor:]


def _inline(match: re.Match[str], codes: Mapping[int, tuple[str, str]]) -> ET.Element | None:
    if match.group("point"):
        n = int(match.group("point"))
        if n not in codes:
            return None
        element = ET.Element("ph", {"x": str(n)})
        element.text = codes[n][0]
        return element
    n = int(match.group("pair"))
    if n not in codes:
        return None
    closing = bool(match.group("close"))
    element = ET.Element("ept" if closing else "bpt", {"i": str(n)})
    element.text = codes[n][1] if closing else codes[n][0]
    return element


def read_tmx(fp: BinaryIO, *, name: str = "<tmx>", placeholders: bool = False) -> TmxDocument:
    """Read a TMX document (1.1 to 1.4b) from the binary file object ``fp``.

    Inline markup inside ``<seg>`` (``<bpt>``, ``<ph>``...) is flattened to its text, or
    with ``placeholders`` read back as newsl10n writes it: ``<bpt i="1">`` and
    ``<ept i="1">`` as ``<g1>`` and ``</g1>``, ``<ph x="2">`` as ``<x2/>``, the markup they
    hold in ``TranslationUnit.codes`` (other inline elements stay flattened).

    Raises:
        InputError: The file is not well-formed XML or not a TMX document.
    """
    try:
        root = ET.parse(fp).getroot()
    except ET.ParseError as exc:
        raise InputError(_("not well-formed TMX: {reason}").format(reason=exc), name) from None
    header, body = root.find("header"), root.find("body")
    if root.tag != "tmx" or header is None or body is None:
        raise InputError(_("not a TMX document (needs <tmx>, <header> and <body>)"), name)
    units = [_read_unit(tu, placeholders) for tu in body.iter("tu")]
    props = {p.get("type", ""): p.text or "" for p in header.findall("prop")}
    return TmxDocument(srclang=header.get("srclang", ""), units=units, props=props)


def _read_unit(tu: ET.Element, placeholders: bool = False) -> TranslationUnit:
    variants: dict[str, str] = {}
    codes: dict[int, tuple[str, str]] = {}
    for tuv in tu.findall("tuv"):
        lang = tuv.get(_XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        if lang and seg is not None:
            variants[lang] = _read_seg(seg, codes) if placeholders else "".join(seg.itertext())
    return TranslationUnit(
        codes=codes,
        variants=variants,
        tuid=tu.get("tuid"),
        props={p.get("type", ""): p.text or "" for p in tu.findall("prop")},
        notes=[n.text or "" for n in tu.findall("note")],
    )


def _read_seg(seg: ET.Element, codes: dict[int, tuple[str, str]]) -> str:
    """``seg``'s text with its ``<bpt>``, ``<ept>`` and ``<ph>`` as placeholders."""
    out = [seg.text or ""]
    for child in seg:
        markup = "".join(child.itertext())
        number = child.get("i") if child.tag in ("bpt", "ept") else child.get("x")
        if child.tag in ("bpt", "ept", "ph") and number is not None and number.isdigit():
            n = int(number)
            opening, closing = codes.get(n, ("", ""))
            if child.tag == "bpt":
                codes[n] = (markup, closing)
                out.append(f"<g{n}>")
            elif child.tag == "ept":
                codes[n] = (opening, markup)
                out.append(f"</g{n}>")
            else:
                codes[n] = (markup, "")
                out.append(f"<x{n}/>")
        else:
            out.append(markup)
        out.append(child.tail or "")
    return "".join(out)
