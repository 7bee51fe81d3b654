"""YAML front matter of a Markdown post (Hugo, Jekyll, Ghost exports).

Only the listed keys are translated, and only where they hold a one-line string (plain,
``'single'`` or ``"double"`` quoted); the translation is written in the same style when
it can be (a plain scalar that would read as something else, ``yes`` or ``a: b``, is
double quoted). Everything else in the block, other keys, comments, order, spacing and
the ``---`` lines, is left as written; PyYAML only decodes and checks single values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from newsl10n.markup.inline import Builder

__all__ = ["DEFAULT_KEYS", "read_front_matter"]

DEFAULT_KEYS = ("title", "description", "summary")
"""Front-matter keys translated by default."""

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]+(?P<value>\S(?:.*\S)?)[ \t]*$")
_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*"')
_SINGLE = re.compile(r"'(?:[^']|'')*'")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


def read_front_matter(source: str, builder: Builder, keys: Iterable[str] = DEFAULT_KEYS) -> int:
    """Add the front matter's skeleton and segments to ``builder``.

    Args:
        source: The whole post.
        builder: Receives the block (nothing when the post has none).
        keys: The keys to translate.

    Returns:
        Offset where the Markdown body starts (0 without front matter).
    """
    lines = [m for m in _LINE.finditer(source, 1 if source.startswith("\ufeff") else 0) if m.group()]
    if not lines or lines[0].group().rstrip() != "---":
        return 0
    closing = next((i for i, m in enumerate(lines[1:], 1) if m.group().rstrip() in ("---", "...")), None)
    if closing is None:
        return 0
    wanted = set(keys)
    cursor = 0
    for index in range(1, closing):
        line = lines[index]
        text = line.group().rstrip("\r\n")
        match = _KEY.match(text)
        if not match or match.group("key") not in wanted:
            continue
        following = lines[index + 1].group() if index + 1 < closing else ""
        if following[:1] in (" ", "\t") and following.strip():
            builder.notes.append(f"front matter {match.group('key')!r}: multi-line value left as written")
            continue
        found = _scalar(match.group("value"))
        if found is None:
            continue
        raw, value, style = found
        start = line.start() + match.start("value")
        builder.literal(source[cursor:start])
        key = match.group("key")
        slot = builder.add_field(f"fm.{key}", value, raw, key, _writer(style), kind="front-matter")
        builder.literal((slot,))
        cursor = start + len(raw)
    end = lines[closing].end()
    builder.literal(source[cursor:end])
    return end


def _scalar(value: str) -> tuple[str, str, str] | None:
    """``(raw, text, style)`` of a one-line string scalar, or ``None`` when it is not one."""
    if value[0] in "\"'":
        match = (_DOUBLE if value[0] == '"' else _SINGLE).match(value)
        if not match:
            return None
        raw, style = match.group(), value[0]
    elif value[0] in _INDICATORS:
        return None
    else:
        raw, style = re.split(r"[ \t]#", value, maxsplit=1)[0].rstrip(), ""
    import yaml

    try:
        text = yaml.safe_load(raw)
    except yaml.YAMLError:
        return None
    if not isinstance(text, str) or not re.search(r"\w", text):
        return None
    return raw, text, style


def _writer(style: str) -> _Write:
    return _Write(style)


class _Write:
    """Writes a translated value in the source's style (``""`` plain, ``'`` or ``"``)."""

    def __init__(self, style: str) -> None:
        self.style = style

    def __call__(self, text: str) -> str:
        text = " ".join(text.split())
        if self.style == "'":
            return "'" + text.replace("'", "''") + "'"
        if self.style == "" and _plain_ok(text):
            return text
        return json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    """``text`` reads back as itself when written as a plain scalar."""
    if not text or text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    import yaml

    try:
        return bool(yaml.safe_load(text) == text)
    except yaml.YAMLError:
        return False
