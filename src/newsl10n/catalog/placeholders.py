"""Placeholders in UI strings: find them, shield them from machine translation, check them.

A UI string carries parts that a translation must keep exactly: printf directives (``%s``,
``%d``, ``%(name)s``, ``%1$s``, ``%%``), brace fields (``{name}``, ``{0}``, ``{0:.2f}``, ``{}``),
HTML tags and entities, line breaks and leading/trailing whitespace.

:func:`protect` strips the outer whitespace, cuts the string into lines (engines translate
sentences and lose line breaks) and replaces each placeholder by a numbered token ``[X1X]``
that engines copy through; :func:`restore` puts them back into the engine outputs and repairs
what the engine broke: unknown or repeated tokens are dropped, order-bound directives
(``%s``, ``{}``, tags) are given back in source order, lost ones are re-inserted at the start
or end of their line, where they stood, and stray ``%`` or braces the engine wrote are escaped.
:func:`check_placeholders` compares a source and a translation and returns findings
(:class:`newsl10n.findings.Finding`): codes ``missing``, ``extra``, ``order``,
``stray-percent``, ``stray-brace``, ``unbalanced-tags``, ``whitespace`` and ``newline``; an
``error`` breaks the string at run time (``msgfmt --check`` refuses it), a ``warning``
damages the text but works.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsl10n import tokens
from newsl10n.findings import Finding, Severity
from newsl10n.i18n import _

__all__ = [
    "BRACE",
    "PRINTF",
    "Finding",
    "Placeholder",
    "Protected",
    "Restored",
    "check_placeholders",
    "find_placeholders",
    "formats_for",
    "protect",
    "restore",
]

PRINTF = "printf"
BRACE = "brace"

_PRINTF_FLAGS = {"python-format", "c-format", "perl-format", "php-format", "sh-format"}
_BRACE_FLAGS = {"python-brace-format"}

# Every pattern here runs on text from outside, so each is linear: the flags, width and
# precision of a printf spec are bounded (a real one has at most a few of each; unbounded,
# ``%`` followed by thousands of ``0`` could be split between flags and width in quadratically
# many ways), and a tag's attributes are one greedy run with no optional whitespace around it.
_PRINTF_SPEC = (
    r"%(?:(?P<pos>\d{1,9})\$|\((?P<name>[^()]*)\))?"
    r"[-#0 +']{0,8}(?:\*|\d{1,9})?(?:\.(?:\*|\d{1,9}))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsaA]"
)
_PRINTF_STRICT = r"%(?:\d{1,9}\$|\([A-Za-z_]\w*\))?[-#0+]{0,8}\d{0,9}(?:\.\d{1,9})?[sdifFeEgGxXocr]"
_BRACE_FIELD = r"\{(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\]{}]*\])*|\d+)?(?:![rsa])?(?::[^{}]*)?\}"
_TAG = r"<!--.{0,1000}?-->|</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"
_ENTITY = r"&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);"
_LINE_BREAK = re.compile(r"((?<!\s)\s*\n\s*)")

#: Kinds whose instances are told apart by position only, so their order matters.
ORDERED_KINDS = frozenset({"printf", "brace-auto", "tag"})
#: Kinds whose loss breaks the program at run time (format errors), not only the text.
FORMAT_KINDS = frozenset({"printf", "printf-named", "brace", "brace-auto"})


@dataclass(frozen=True)
class Placeholder:
    """One protected span of a string.

    Attributes:
        text: The span exactly as written (``"%(date)s"``, ``"<strong>"``, ``"\\n"``).
        kind: ``printf`` (unnamed ``%s``), ``printf-named`` (``%(x)s``, ``%1$s``), ``escape``
            (``%%``, ``{{``, ``}}``), ``brace`` (``{name}``, ``{0}``), ``brace-auto``
            (``{}``, ``{:.2f}``), ``tag``, ``entity``, ``newline`` or ``token`` (a literal
            ``[X1X]`` in the source).
        start: Offset of the span in the text it was found in.
    """

    text: str
    kind: str
    start: int

    @property
    def ordered(self) -> bool:
        """Whether this placeholder is identified by its position among its kind."""
        return self.kind in ORDERED_KINDS

    @property
    def end(self) -> int:
        """Offset just past the span."""
        return self.start + len(self.text)


@dataclass(frozen=True)
class Protected:
    """A string prepared for machine translation.

    Attributes:
        source: The original string.
        segments: What the engine sees, one line each: placeholders as ``[X<n>X]``, no
            outer whitespace.
        separators: The line breaks (with the whitespace around them) between segments.
        placeholders: The protected spans; token ``[X<n>X]`` stands for ``placeholders[n-1]``.
        segment_of: For each placeholder, the index of its segment.
        at_start: Indices of placeholders that come before any word of their segment.
        lead: Leading whitespace of the original.
        trail: Trailing whitespace of the original.
        formats: The format syntaxes in force (:data:`PRINTF`, :data:`BRACE`).
        lines: The original text of each segment (placeholders as written).
    """

    source: str
    segments: tuple[str, ...]
    separators: tuple[str, ...]
    placeholders: tuple[Placeholder, ...]
    segment_of: tuple[int, ...]
    at_start: frozenset[int]
    lead: str
    trail: str
    formats: frozenset[str]
    lines: tuple[str, ...] = ()

    def join(self, lines: Sequence[str]) -> str:
        """Put translated ``lines`` (one per segment) back together with the original line
        breaks and outer whitespace.

        Raises:
            ValueError: ``lines`` does not hold one string per segment.
        """
        if len(lines) != len(self.segments):
            raise ValueError(f"{len(lines)} lines for {len(self.segments)} segments")
        core = lines[0] + "".join(sep + line for sep, line in zip(self.separators, lines[1:]))
        return self.lead + core + self.trail

    @property
    def has_words(self) -> bool:
        """Whether anything besides placeholders is left to translate."""
        return any(tokens.LETTER.search(tokens.SLOT_FOUND.sub(" ", text)) for text in self.segments)


@dataclass(frozen=True)
class Restored:
    """An engine output with the placeholders put back.

    Attributes:
        text: The restored translation.
        repairs: What had to be repaired, one line each; empty when the engine kept every token.
    """

    text: str
    repairs: tuple[str, ...] = field(default_factory=tuple)


def formats_for(flags: Iterable[str], *texts: str) -> frozenset[str]:
    """The format syntaxes of a message, from its gettext flags or, without flags, its text.

    ``python-format``/``c-format`` mean printf, ``python-brace-format`` means brace, and the
    ``no-...`` flags exclude a syntax. A syntax neither flagged nor excluded is assumed when
    every ``%`` (or brace) of the texts belongs to a well-formed directive and one exists.
    """
    flags = {flag.strip() for flag in flags}
    formats: set[str] = set()
    printf_excluded = any(f"no-{flag}" in flags for flag in _PRINTF_FLAGS)
    brace_excluded = "no-python-brace-format" in flags
    if flags & _PRINTF_FLAGS or (not printf_excluded and any(_looks_printf(text) for text in texts)):
        formats.add(PRINTF)
    if flags & _BRACE_FLAGS or (not brace_excluded and any(_looks_brace(text) for text in texts)):
        formats.add(BRACE)
    return frozenset(formats)


def _looks_printf(text: str) -> bool:
    rest = re.sub(_PRINTF_STRICT, "", text.replace("%%", ""))
    return "%" not in rest and re.search(_PRINTF_STRICT, text) is not None


def _looks_brace(text: str) -> bool:
    rest = re.sub(_BRACE_FIELD, "", text.replace("{{", "").replace("}}", ""))
    return "{" not in rest and "}" not in rest and re.search(_BRACE_FIELD, text) is not None


def _pattern(formats: frozenset[str]) -> re.Pattern[str]:
    parts = [
        rf"(?P<token>{tokens.SLOT_IN_SOURCE})",
        rf"(?P<tag>{_TAG})",
        rf"(?P<entity>{_ENTITY})",
        r"(?P<newline>\n)",
    ]
    if PRINTF in formats:
        parts += [r"(?P<pct>%%)", rf"(?P<printf>{_PRINTF_SPEC})"]
    if BRACE in formats:
        parts += [r"(?P<braces>\{\{|\}\})", rf"(?P<field>{_BRACE_FIELD})"]
    return re.compile("|".join(parts), re.DOTALL)


_PATTERNS: dict[frozenset[str], re.Pattern[str]] = {}


def find_placeholders(text: str, formats: Iterable[str] = ()) -> list[Placeholder]:
    """All placeholders of ``text`` in order, for the given format syntaxes.

    Tags, entities and line breaks are always found; printf directives only with
    :data:`PRINTF` in ``formats``, brace fields only with :data:`BRACE`.
    """
    key = frozenset(formats)
    pattern = _PATTERNS.setdefault(key, _pattern(key))
    found = []
    for match in pattern.finditer(text):
        found.append(Placeholder(match.group(), _kind(match), match.start()))
    return found


def _all_placeholders(text: str, formats: frozenset[str]) -> list[Placeholder]:
    """Placeholders of ``text`` including directives inside tags (``<a href="%(url)s">``)."""
    found = []
    for holder in find_placeholders(text, formats):
        found.append(holder)
        if holder.kind == "tag" and formats:
            found += [
                Placeholder(inner.text, inner.kind, holder.start + inner.start)
                for inner in find_placeholders(holder.text[1:-1], formats)
                if inner.kind not in ("tag", "entity", "newline", "token")
            ]
    return sorted(found, key=lambda h: h.start)


def _kind(match: re.Match[str]) -> str:
    group = match.lastgroup
    if group == "printf":
        return "printf-named" if match.group("pos") or match.group("name") is not None else "printf"
    if group == "field":
        inner = match.group()[1:-1]
        return "brace-auto" if inner == "" or inner[0] in ":!" else "brace"
    if group in ("pct", "braces"):
        return "escape"
    return str(group)


def protect(text: str, formats: Iterable[str] = ()) -> Protected:
    """Prepare ``text`` for an engine: strip outer whitespace, cut lines, tokenise placeholders."""
    formats = frozenset(formats)
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :] if core else ""
    lines = _LINE_BREAK.split(core)
    segments: list[str] = []
    holders: list[Placeholder] = []
    segment_of: list[int] = []
    at_start: set[int] = set()
    for number, line in enumerate(lines[::2]):
        pieces: list[str] = []
        last = 0
        for holder in find_placeholders(line, formats):
            if not tokens.LETTER.search(line[: holder.start]):
                at_start.add(len(holders))
            holders.append(holder)
            segment_of.append(number)
            pieces += [line[last : holder.start], tokens.slot(len(holders))]
            last = holder.end
        pieces.append(line[last:])
        segments.append("".join(pieces))
    return Protected(
        text,
        tuple(segments),
        tuple(lines[1::2]),
        tuple(holders),
        tuple(segment_of),
        frozenset(at_start),
        lead,
        trail,
        formats,
        tuple(lines[::2]),
    )


def restore(protected: Protected, outputs: Sequence[str]) -> Restored:
    """Put the placeholders back into the engine ``outputs``, one per segment, repairing them.

    Raises:
        ValueError: ``outputs`` does not hold one string per segment.
    """
    if len(outputs) != len(protected.segments):
        raise ValueError(f"{len(outputs)} outputs for {len(protected.segments)} segments")
    holders = protected.placeholders
    repairs: list[str] = []
    queues: dict[str, list[int]] = {}
    for index, holder in enumerate(holders):
        if holder.ordered:
            queues.setdefault(holder.kind, []).append(index)
    seen: set[int] = set()
    lines = []
    for output in outputs:
        items = _assign(_token_items(output, len(holders), repairs), holders, queues, seen, repairs)
        lines.append(_render(items, holders, protected.formats, repairs))
    missing = [i for i in range(len(holders)) if i not in seen]
    if missing:
        repairs.append("re-inserted " + ", ".join(repr(holders[i].text) for i in missing))
    for number in range(len(lines)):
        lost = [i for i in missing if protected.segment_of[i] == number]
        lines[number] = _reinsert(
            lines[number],
            [holders[i] for i in lost if i in protected.at_start],
            [holders[i] for i in lost if i not in protected.at_start],
        )
    return Restored(protected.join(lines), tuple(dict.fromkeys(repairs)))


def _token_items(output: str, count: int, repairs: list[str]) -> list[str | int]:
    """Split ``output`` into text pieces and the indices of the known tokens in it."""
    items: list[str | int] = []
    output = " ".join(output.split())
    last = 0
    for match in tokens.SLOT_FOUND.finditer(output):
        items.append(output[last : match.start()])
        number = int(match.group(1) or match.group(2))
        if 1 <= number <= count:
            items.append(number - 1)
        else:
            repairs.append(_("dropped unknown token {token!r}").format(token=match.group()))
        last = match.end()
    items.append(output[last:])
    return [item for item in items if item != ""]


def _render(
    items: list[str | int], holders: tuple[Placeholder, ...], formats: frozenset[str], repairs: list[str]
) -> str:
    """Join text pieces and placeholders, escaping format characters in the text pieces."""
    pieces: list[str] = []
    for item in items:
        if isinstance(item, int):
            pieces.append(holders[item].text)
            continue
        safe = _escape(item, formats)
        if safe != item:
            repairs.append(_("escaped stray format characters written by the engine"))
        pieces.append(safe)
    return re.sub(r" {2,}", " ", "".join(pieces)).strip()


def _assign(
    items: list[str | int],
    holders: tuple[Placeholder, ...],
    queues: dict[str, list[int]],
    seen: set[int],
    repairs: list[str],
) -> list[str | int]:
    """Drop repeated tokens and hand order-bound placeholders out in source order."""
    result: list[str | int] = []
    for item in items:
        if isinstance(item, str):
            result.append(item)
            continue
        index = item
        if holders[item].ordered:
            queue = queues[holders[item].kind]
            if not queue:
                repairs.append(_("dropped a repeated {placeholder!r}").format(placeholder=holders[item].text))
                continue
            index = queue.pop(0)
        elif item in seen:
            repairs.append(_("dropped a repeated {placeholder!r}").format(placeholder=holders[item].text))
            continue
        if index != item:
            repairs.append(
                _("moved {placeholder!r} back into source order").format(placeholder=holders[index].text)
            )
        seen.add(index)
        result.append(index)
    return result


def _escape(text: str, formats: frozenset[str]) -> str:
    """Escape format characters that the engine wrote into plain text."""
    if PRINTF in formats:
        text = text.replace("%", "%%")
    if BRACE in formats:
        text = text.replace("{", "{{").replace("}", "}}")
    return text


def _reinsert(core: str, front: list[Placeholder], back: list[Placeholder]) -> str:
    """Put lost placeholders at the start or the end, where they stood in the source."""

    def joined(holders: list[Placeholder]) -> str:
        out = ""
        for holder in holders:
            glue = "" if holder.kind in ("tag", "newline") or not out else " "
            out += glue + holder.text
        return out

    head, tail = joined(front), joined(back)
    if head and core and front[-1].kind not in ("tag", "newline"):
        head += " "
    if tail and core and back[0].kind not in ("tag", "newline"):
        tail = " " + tail
    return head + core + tail


def check_placeholders(
    source: str, target: str, formats: Iterable[str] = (), may_drop: Iterable[str] = ()
) -> list[Finding]:
    """Compare the placeholders of ``target`` with those of ``source``; return the findings.

    Every placeholder must appear as often as in the source; unnamed printf directives and
    ``{}`` fields in the same order; tags must stay balanced; no stray ``%`` or brace may be
    left where the syntax gives it a meaning; outer whitespace and line breaks must match.
    Placeholders of the kinds in ``may_drop`` (``"printf-named"``, ``"brace"``) may be
    missing, as in a plural form used for one number only.
    """
    formats = frozenset(formats)
    found_src = _all_placeholders(source, formats)
    found_tgt = _all_placeholders(target, formats)
    findings = _count_findings(found_src, found_tgt, frozenset(may_drop))
    for kind in ("printf", "brace-auto"):
        seq_src = [h.text for h in found_src if h.kind == kind]
        seq_tgt = [h.text for h in found_tgt if h.kind == kind]
        if Counter(seq_src) == Counter(seq_tgt) and seq_src != seq_tgt:
            order = _("{placeholders} are out of source order").format(placeholders=" ".join(seq_tgt))
            findings.append(Finding("order", order))
    findings += _stray_findings(target, found_tgt, formats)
    if _balanced(found_src) and not _balanced(found_tgt):
        findings.append(Finding("unbalanced-tags", _("HTML tags are not properly nested"), Severity.WARNING))
    findings += _whitespace_findings(source, target)
    return findings


def _count_findings(
    found_src: list[Placeholder], found_tgt: list[Placeholder], may_drop: frozenset[str]
) -> list[Finding]:
    want = Counter((h.text, h.kind) for h in found_src if h.kind != "escape")
    have = Counter((h.text, h.kind) for h in found_tgt if h.kind != "escape")
    findings: list[Finding] = []
    for (text, kind), number in sorted(want.items()):
        if have[(text, kind)] < number and kind not in may_drop:
            severity = Severity.ERROR if kind in FORMAT_KINDS else Severity.WARNING
            findings.append(Finding("missing", _("lacks {text!r}").format(text=text), severity))
    for (text, kind), number in sorted(have.items()):
        if want[(text, kind)] < number:
            severity = Severity.ERROR if kind in FORMAT_KINDS else Severity.WARNING
            findings.append(Finding("extra", _("has an extra {text!r}").format(text=text), severity))
    return findings


def _stray_findings(target: str, found: list[Placeholder], formats: frozenset[str]) -> list[Finding]:
    rest = list(target)
    for holder in found:
        rest[holder.start : holder.end] = [""] * len(holder.text)
    plain = "".join(rest)
    findings: list[Finding] = []
    if PRINTF in formats and "%" in plain:
        findings.append(Finding("stray-percent", _("has a '%' that is not a valid directive")))
    if BRACE in formats and ("{" in plain or "}" in plain):
        findings.append(Finding("stray-brace", _("has a brace that is not a valid field")))
    return findings


_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "source"}


def _balanced(found: list[Placeholder]) -> bool:
    stack: list[str] = []
    for holder in found:
        if holder.kind != "tag" or holder.text.startswith("<!--") or holder.text.endswith("/>"):
            continue
        name = re.match(r"</?([\w:.-]+)", holder.text).group(1).lower()  # type: ignore[union-attr]
        if name in _VOID:
            continue
        if holder.text.startswith("</"):
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def _whitespace_findings(source: str, target: str) -> list[Finding]:
    findings: list[Finding] = []
    if not target:
        return findings
    for leading, src_ws, tgt_ws in (
        (
            True,
            source[: len(source) - len(source.lstrip())],
            target[: len(target) - len(target.lstrip())],
        ),
        (False, source[len(source.rstrip()) :], target[len(target.rstrip()) :]),
    ):
        if ("\n" in src_ws) != ("\n" in tgt_ws):
            if leading:
                newline = _("leading line break differs from the source")
            else:
                newline = _("trailing line break differs from the source")
            findings.append(Finding("newline", newline))
        elif src_ws != tgt_ws:
            findings.append(
                Finding(
                    "whitespace",
                    (
                        _("leading whitespace {target!r} differs from the source's {source!r}")
                        if leading
                        else _("trailing whitespace {target!r} differs from the source's {source!r}")
                    ).format(target=tgt_ws, source=src_ws),
                    Severity.WARNING,
                )
            )
    return findings
