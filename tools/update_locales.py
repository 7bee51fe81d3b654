#!/usr/bin/env python3
"""Bring newsl10n's own translations up to date: extract, merge, compile.

Run from anywhere, with the project's virtualenv::

    python tools/update_locales.py            # re-extract the POT, merge into ru/ky, compile
    python tools/update_locales.py --check    # only say whether the POT is stale (exit 1 if so)

1. The template ``locales/newsl10n.pot`` is extracted from ``src/newsl10n`` with Babel, keywords
   ``_`` and ``ngettext``; ``# TRANSLATORS:`` comments go along. Messages with ``{name}`` fields
   are flagged ``python-brace-format`` so that ``msgfmt --check`` and Poedit check them.
2. Each catalog ``locales/<lang>/LC_MESSAGES/newsl10n.po`` is merged with the template by
   :func:`newsl10n.catalog.merge.merge_catalog` (as ``msgmerge`` does; a missing catalog is
   started with :func:`newsl10n.catalog.catalogs.init_catalogs`).
3. Every catalog is checked and compiled to ``newsl10n.mo`` beside it by
   :func:`newsl10n.catalog.compile.compile_catalogs`; a catalog with format errors stops it.

Files whose content would not change are not rewritten, so running it twice changes nothing.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "newsl10n"
LOCALES = ROOT / "locales"
DOMAIN = "newsl10n"
LANGUAGES = ("ru", "ky")
KEYWORDS: dict[str, tuple[int, ...] | None] = {"_": None, "ngettext": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
_BRACE_FIELD = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")
HEADER = (
    "# Translations template for PROJECT, the newsroom localisation tool.\n"
    "# This file is distributed under the same license as the PROJECT project.\n#"
)
_CREATION_DATE = re.compile(rb'^"POT-Creation-Date: [^"]*"\n', re.MULTILINE)


def template_path(locales: Path = LOCALES) -> Path:
    """Where the template lives: ``<locales>/newsl10n.pot``."""
    return locales / f"{DOMAIN}.pot"


def extract_template(source: Path = SOURCE, root: Path = ROOT) -> Catalog:
    """Extract the messages of the Python files under ``source`` into a Babel catalog.

    References are paths relative to ``root`` (``src/newsl10n/cli/models.py``), without line
    numbers, so that moving code does not change the template.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(
        project=DOMAIN,
        version=_version(source),
        charset="utf-8",
        msgid_bugs_address="",
        header_comment=HEADER,
    )
    found = extract_from_dir(
        str(source),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    prefix = source.resolve().relative_to(root.resolve()).as_posix()
    for filename, lineno, message, comments, context in found:
        msgid = message if isinstance(message, str) else tuple(message)
        texts = [msgid] if isinstance(msgid, str) else list(msgid)
        flags = ["python-brace-format"] if any(_BRACE_FIELD.search(t) for t in texts) else []
        catalog.add(
            msgid,
            None,
            [(f"{prefix}/{filename}", lineno)],
            auto_comments=comments,
            flags=flags,
            context=context,
        )
    return catalog


def _version(source: Path) -> str:
    match = re.search(r'^__version__ = "([^"]+)"', (source / "__init__.py").read_text("utf-8"), re.MULTILINE)
    return match.group(1) if match else "0"


def render_template(catalog: Catalog) -> bytes:
    """The catalog as POT file bytes, sorted as extracted, references without line numbers."""
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79, include_lineno=False, omit_header=False)
    return buffer.getvalue()


def message_keys(catalog: Catalog) -> set[tuple[str | None, str, str | None]]:
    """``(msgctxt, msgid, msgid_plural)`` of every message of a Babel catalog."""
    keys = set()
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        keys.add((message.context, ids[0], ids[1] if len(ids) > 1 else None))
    return keys


def read_template(path: Path) -> Catalog:
    """Read a POT file with Babel."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as stream:
        return read_po(stream)


def same_template(old: bytes, new: bytes) -> bool:
    """Whether two POT files differ at most in their ``POT-Creation-Date``."""
    return _CREATION_DATE.sub(b"", old) == _CREATION_DATE.sub(b"", new)


def write_template(catalog: Catalog, path: Path) -> bool:
    """Write the template to ``path`` unless only its creation date would change.

    Returns:
        Whether the file was written.
    """
    from newsl10n.textio import atomic_open

    data = render_template(catalog)
    if path.exists() and same_template(path.read_bytes(), data):
        return False
    with atomic_open(path, "wb") as stream:
        stream.write(data)
    return True


def merge_into(template: Path, locales: Path, language: str) -> str:
    """Merge the template into ``language``'s catalog (created if missing); say what happened."""
    from newsl10n.catalog.catalogs import (
        catalog_plural_rule,
        init_catalogs,
        load_catalog,
        revision_timestamp,
        save_catalog,
    )
    from newsl10n.catalog.merge import merge_catalog

    path = locales / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        init_catalogs(template, [language], locales, domain=DOMAIN)
        return f"{path}: created"
    catalog = load_catalog(path)
    merged, counts = merge_catalog(catalog, load_catalog(template), catalog_plural_rule(catalog, path))
    if str(merged) == str(catalog):
        return f"{path}: up to date"
    merged.metadata["PO-Revision-Date"] = revision_timestamp()
    save_catalog(merged, path)
    return (
        f"{path}: {counts['kept']} kept, {counts['fuzzy']} fuzzy, {counts['added']} new, "
        f"{counts['obsolete']} obsolete"
    )


def compile_all(locales: Path) -> list[str]:
    """Check and compile every catalog of the domain; one line per ``.mo`` written."""
    from newsl10n.catalog.compile import compile_catalogs

    results = compile_catalogs(locales, LANGUAGES, DOMAIN)
    return [f"{r.mo_path}: {r.messages} messages" for r in results]


def main(argv: list[str] | None = None) -> int:
    """Run the steps; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the template matches the code")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    catalog = extract_template()
    path = template_path()
    if args.check:
        stale = not path.exists() or message_keys(read_template(path)) != message_keys(catalog)
        print(f"{path}: {'stale, run tools/update_locales.py' if stale else 'up to date'}")
        return 1 if stale else 0
    print(f"{path}: {'written' if write_template(catalog, path) else 'up to date'} ({len(catalog)} messages)")
    for language in LANGUAGES:
        print(merge_into(path, LOCALES, language))
    for line in compile_all(LOCALES):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
