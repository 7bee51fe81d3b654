"""Reading and writing TMX 1.4b translation memories, the exchange format CAT tools read.

One :class:`TranslationUnit` per aligned segment, one variant (``<tuv xml:lang>``) per
language. Writers and readers take binary file objects.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import BinaryIO

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
    """

    variants: dict[str, str]
    tuid: str | None = None
    props: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


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
    """``element`` indented as if at ``level`` of the document, followed by ``tail``."""
    ET.indent(element, space="  ", level=level)
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
        ET.SubElement(tuv, "seg").text = text
    return tu


def read_tmx(fp: BinaryIO, *, name: str = "<tmx>") -> TmxDocument:
    """Read a TMX document (1.1 to 1.4b) from the binary file object ``fp``.

    Inline markup inside ``<seg>`` (``<bpt>``, ``<ph>``...) is flattened to its text.

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
    units = [_read_unit(tu) for tu in body.iter("tu")]
    props = {p.get("type", ""): p.text or "" for p in header.findall("prop")}
    return TmxDocument(srclang=header.get("srclang", ""), units=units, props=props)


def _read_unit(tu: ET.Element) -> TranslationUnit:
    variants: dict[str, str] = {}
    for tuv in tu.findall("tuv"):
        lang = tuv.get(_XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        if lang and seg is not None:
            variants[lang] = "".join(seg.itertext())
    return TranslationUnit(
        variants=variants,
        tuid=tu.get("tuid"),
        props={p.get("type", ""): p.text or "" for p in tu.findall("prop")},
        notes=[n.text or "" for n in tu.findall("note")],
    )
