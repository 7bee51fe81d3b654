"""The translation memory: a SQLite store of translated segments, so nothing is translated twice.

A segment is keyed by :class:`MemoryKey` — engine, model ids with versions and the decoding
options that change the output, language pair, glossary fingerprint and the normalised source
sentence (NFC, whitespace collapsed). Keys are built by :func:`memory_keys` only. A new model
version, other decoding options or an edited glossary entry therefore change the key of exactly
the segments they can change, and old entries are simply no longer found.

Segments have an origin: ``"machine"`` (stored by :class:`MemoryTranslator`) or ``"human"``
(imported from a TMX file a translator approved). The precedence rules are:

* A lookup returns the **human** segment with the same source language, target language and
  normalised source if there is one — whatever its engine, model or glossary fingerprint; with
  several, the most recently updated. Only otherwise does it return the machine segment whose
  key matches exactly.
* Storing machine output never overwrites a human segment; storing a human segment overwrites
  whatever has the same key.

The database runs in WAL mode with a busy timeout and writes in ``BEGIN IMMEDIATE``
transactions, so several processes can translate at once. One :class:`TranslationMemory`
object belongs to one thread.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO, Literal

from newsl10n.errors import InputError, LanguageError, MemoryStoreError
from newsl10n.i18n import _
from newsl10n.languages import normalize_language
from newsl10n.translation.protocol import PairInfo, Translator, describe_pair

if TYPE_CHECKING:
    from newsl10n.parallel.tmx import TmxDocument, TranslationUnit

__all__ = [
    "MemoryEntry",
    "MemoryKey",
    "MemoryStats",
    "Origin",
    "TranslationMemory",
    "default_memory_path",
    "memory_keys",
    "model_id",
    "normalize_segment",
]

log = logging.getLogger(__name__)

Origin = Literal["machine", "human"]

APPLICATION_ID = 0x4E4C544D  # "NLTM", marks a newsl10n translation memory
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 30.0
_CHUNK = 128  # keys per lookup query: 7 parameters each stays under SQLite's old 999 limit

_SCHEMA = """
CREATE TABLE segments (
    engine TEXT NOT NULL,
    model TEXT NOT NULL,
    src TEXT NOT NULL,
    tgt TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('machine', 'human')),
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (engine, model, src, tgt, fingerprint, source)
);
CREATE INDEX segments_human ON segments (src, tgt, source, updated) WHERE origin = 'human';
"""

_UPSERT = """
INSERT INTO segments (engine, model, src, tgt, fingerprint, source, target, origin,
                      created, updated)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (engine, model, src, tgt, fingerprint, source) DO UPDATE SET
    target = excluded.target, origin = excluded.origin, updated = excluded.updated
WHERE (excluded.origin = 'human' OR segments.origin = 'machine')
  AND (segments.target IS NOT excluded.target OR segments.origin IS NOT excluded.origin)
"""

_LOOKUP = """
WITH want(i, engine, model, src, tgt, fingerprint, source) AS (VALUES {values})
SELECT want.i, COALESCE(
    (SELECT h.target FROM segments AS h
      WHERE h.origin = 'human' AND h.src = want.src AND h.tgt = want.tgt
        AND h.source = want.source
      ORDER BY h.updated DESC, h.rowid DESC LIMIT 1),
    (SELECT m.target FROM segments AS m
      WHERE m.engine = want.engine AND m.model = want.model AND m.src = want.src
        AND m.tgt = want.tgt AND m.fingerprint = want.fingerprint AND m.source = want.source))
FROM want
"""


def normalize_segment(text: str) -> str:
    """The form a source segment is keyed by: Unicode NFC, whitespace runs collapsed, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def default_memory_path() -> Path:
    """Where the translation memory lives, resolved now from the environment.

    ``$NEWSL10N_MEMORY`` when set, else ``$XDG_DATA_HOME/newsl10n/memory.sqlite3`` (by default
    ``~/.local/share/newsl10n/memory.sqlite3``): approved translations are data worth keeping,
    not a cache. Nothing is created.
    """
    explicit = os.environ.get("NEWSL10N_MEMORY")
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME")
    base = Path(data_home) if data_home else Path.home() / ".local" / "share"
    return base / "newsl10n" / "memory.sqlite3"


@dataclass(frozen=True)
class MemoryKey:
    """What identifies a translated segment.

    Attributes:
        engine: Engine name (``PairInfo.engine``).
        model: Model ids with their versions, ``"+"``-joined along a pivot route, then
            ``"|"`` and the decoding options when there are any (:func:`model_id`).
        src: Source language code.
        tgt: Target language code.
        fingerprint: Glossary fingerprint of the sentence for this pair, ``""`` when no
            glossary entry applies.
        source: The source sentence as given; it is normalised for the key.
    """

    engine: str
    model: str
    src: str
    tgt: str
    fingerprint: str
    source: str

    def row(self) -> tuple[str, str, str, str, str, str]:
        """The key columns, with the source normalised."""
        return (self.engine, self.model, self.src, self.tgt, self.fingerprint, normalize_segment(self.source))


def model_id(info: PairInfo) -> str:
    """The ``model`` part of a key: model ids ``"+"``-joined, then ``"|options"`` if any.

    Decoding options that change the output (``beam=2,int8``) are part of it, so that output
    decoded one way is never served for a request decoded another way.
    """
    model = "+".join(info.models)
    return f"{model}|{info.options}" if info.options else model


def memory_keys(
    translator: Translator,
    sentences: Sequence[str],
    src: str,
    tgt: str,
    fingerprints: Sequence[str] | None = None,
) -> list[MemoryKey]:
    """The memory key of each of ``sentences`` (real text) for ``src -> tgt`` by ``translator``.

    The one place keys are built (engine, models and options from ``describe_pair``): the
    pipeline, catalog pre-translation and :class:`MemoryTranslator` all call it.
    ``fingerprints`` holds the glossary fingerprint of each sentence, ``None`` without one.

    Raises:
        ModelNotInstalledError: The translator cannot serve the pair.
        ValueError: ``fingerprints`` does not have one value per sentence.
    """
    if fingerprints is not None and len(fingerprints) != len(sentences):
        raise ValueError(f"{len(fingerprints)} fingerprints for {len(sentences)} sentences")
    info = describe_pair(translator, src, tgt)
    model = model_id(info)
    prints = fingerprints if fingerprints is not None else [""] * len(sentences)
    return [
        MemoryKey(info.engine, model, src, tgt, fingerprint, sentence)
        for sentence, fingerprint in zip(sentences, prints)
    ]


@dataclass(frozen=True)
class MemoryEntry:
    """A segment to store: its key, its translation and who made it."""

    key: MemoryKey
    target: str
    origin: Origin = "machine"


@dataclass(frozen=True)
class MemoryStats:
    """What a translation memory holds.

    Attributes:
        path: The database file.
        exists: Whether the file exists.
        segments: Number of segments.
        by_origin: Segments per origin (``"machine"``, ``"human"``).
        by_pair: Segments per language pair, ``"en-ru"``.
        by_model: Segments per ``"engine/model"``.
        size_bytes: Size on disk, write-ahead log included.
    """

    path: str
    exists: bool
    segments: int
    by_origin: dict[str, int]
    by_pair: dict[str, int]
    by_model: dict[str, int]
    size_bytes: int

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return asdict(self)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class TranslationMemory:
    """A translation memory database. Open it with :meth:`open`; use it as a context manager."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection | None, readonly: bool, timeout: float = BUSY_TIMEOUT_S
    ) -> None:
        self.path = path
        self.readonly = readonly
        self.timeout = timeout
        self._conn = conn
        self._closed = False

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        readonly: bool = False,
        timeout: float = BUSY_TIMEOUT_S,
        any_thread: bool = False,
    ) -> TranslationMemory:
        """Open the memory at ``path`` (default :func:`default_memory_path`).

        Opened for writing, the folder and the database are created when missing. Opened
        ``readonly``, nothing is created and a missing file is an empty memory. A memory is
        used by the thread that opened it, unless ``any_thread``: then another thread may
        use or close it, and the caller makes sure only one does at a time (the service
        opens one per worker thread and closes them all at shutdown).

        Raises:
            MemoryStoreError: The file is not a newsl10n translation memory, is corrupt, or
                cannot be created or opened.
        """
        target = Path(path) if path is not None else default_memory_path()
        if readonly:
            if not target.exists():
                return cls(target, None, readonly=True)
            uri = target.resolve().as_uri() + ("?mode=ro&immutable=1" if _frozen(target) else "?mode=ro")
            conn = _connect(
                target,
                lambda: sqlite3.connect(
                    uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=not any_thread
                ),
            )
        else:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise MemoryStoreError(
                    target,
                    _("cannot create folder {folder}: {reason}").format(
                        folder=target.parent, reason=exc.strerror or exc
                    ),
                ) from None
            conn = _connect(
                target,
                lambda: sqlite3.connect(
                    target, timeout=timeout, isolation_level=None, check_same_thread=not any_thread
                ),
            )
        memory = cls(target, conn, readonly, timeout)
        try:
            memory._prepare()
        except BaseException:
            conn.close()
            raise
        return memory

    def _prepare(self) -> None:
        """Check that the database is ours; create the schema in a new one."""
        conn = self._require()
        with self._guard(_("cannot open translation memory")):
            if not self.readonly:
                mode = _enable_wal(conn, self.timeout)
                if mode != "wal":
                    log.warning("%s: WAL journal not available, using %s", self.path, mode)
                conn.execute("PRAGMA synchronous = NORMAL")
            fresh = self._check_schema()
            if fresh and self.readonly:
                self._conn = None
                conn.close()
            elif fresh:
                with self._transaction(_("cannot create translation memory")):
                    if self._check_schema():  # another process may have won the race
                        for statement in _SCHEMA.split(";"):
                            if statement.strip():
                                conn.execute(statement)
                        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_schema(self) -> bool:
        """Return whether the database is empty; raise when it is someone else's or newer."""
        conn = self._require()
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == APPLICATION_ID:
            if version > SCHEMA_VERSION:
                raise MemoryStoreError(
                    self.path,
                    _("written by a newer newsl10n (schema {version}, this one reads {supported})").format(
                        version=version, supported=SCHEMA_VERSION
                    ),
                )
            return False
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0:
            return True
        raise MemoryStoreError(self.path, _("not a newsl10n translation memory"))

    def close(self) -> None:
        """Close the database; the object cannot be used afterwards."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._closed = True

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- plumbing -----------------------------------------------------------------------------

    def _reader(self) -> sqlite3.Connection | None:
        """The connection, or ``None`` for a read-only memory whose file did not exist."""
        if self._closed:
            raise MemoryStoreError(self.path, _("the translation memory is closed"))
        return self._conn

    def _require(self) -> sqlite3.Connection:
        conn = self._reader()
        if conn is None:
            raise MemoryStoreError(self.path, _("the translation memory does not exist"))
        return conn

    def _writable(self, action: str) -> sqlite3.Connection:
        if self.readonly:
            # TRANSLATORS: {action} is what failed, "cannot write translation memory".
            raise MemoryStoreError(self.path, _("{action}: opened read-only").format(action=action))
        return self._require()

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise MemoryStoreError(self.path, f"{action}: {exc}") from None

    @contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``) so it never deadlocks."""
        conn = self._writable(action)
        with self._guard(action):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # -- segments -----------------------------------------------------------------------------

    def lookup(self, keys: Sequence[MemoryKey]) -> list[str | None]:
        """Find the stored translation of each key, ``None`` when there is none.

        Human segments win over machine ones (see the module documentation). One query per
        chunk of 128 keys.

        Raises:
            MemoryStoreError: The database cannot be read.
        """
        found: list[str | None] = [None] * len(keys)
        conn = self._reader()
        if conn is None:
            return found
        with self._guard(_("cannot read translation memory")):
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                sql = _LOOKUP.format(values=", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(chunk)))
                params = [value for offset, key in enumerate(chunk) for value in (start + offset, *key.row())]
                for index, target in conn.execute(sql, params):
                    found[index] = target
        return found

    def store(self, entries: Iterable[MemoryEntry]) -> int:
        """Store ``entries`` in one transaction; return how many segments were added or changed.

        A machine entry never replaces a human segment with the same key; a human entry
        replaces anything. Safe while other processes write the same keys.

        Raises:
            MemoryStoreError: The memory is read-only or the database cannot be written.
        """
        now = _now()
        rows = []
        for entry in entries:
            if entry.origin not in ("machine", "human"):
                raise MemoryStoreError(
                    self.path, _("unknown segment origin {origin!r}").format(origin=entry.origin)
                )
            rows.append((*entry.key.row(), entry.target, entry.origin, now, now))
        if not rows:
            return 0
        with self._transaction(_("cannot write translation memory")) as conn:
            return conn.executemany(_UPSERT, rows).rowcount

    def clear(self, *, origin: Origin | None = None) -> int:
        """Delete every segment, or only those of ``origin``; return how many were deleted.

        Raises:
            MemoryStoreError: The memory is read-only or the database cannot be written.
        """
        if self._reader() is None:
            return 0
        where, params = _filters(origin=origin)
        with self._transaction(_("cannot clear translation memory")) as conn:
            return conn.execute(f"DELETE FROM segments{where}", params).rowcount

    def stats(self) -> MemoryStats:
        """Count the segments per origin, language pair and model.

        Raises:
            MemoryStoreError: The database cannot be read.
        """
        files = (self.path, self.path.with_name(self.path.name + "-wal"))
        size = sum(p.stat().st_size for p in files if p.exists())
        conn = self._reader()
        if conn is None:
            return MemoryStats(str(self.path), self.path.exists(), 0, {}, {}, {}, size)
        with self._guard(_("cannot read translation memory")):
            by_origin = _counts(conn, "origin")
            by_pair = _counts(conn, "src || '-' || tgt")
            by_model = _counts(
                conn, "CASE WHEN engine = '' AND model = '' THEN '-' ELSE engine || '/' || model END"
            )
        return MemoryStats(str(self.path), True, sum(by_origin.values()), by_origin, by_pair, by_model, size)

    # -- TMX exchange -------------------------------------------------------------------------

    def export_tmx(
        self,
        fp: BinaryIO,
        *,
        src: str | None = None,
        tgt: str | None = None,
        origin: Origin | None = None,
        tool_version: str = "",
    ) -> int:
        """Write the segments (optionally of one pair or origin) as TMX to ``fp``.

        Each unit carries ``x-origin``, ``x-engine``, ``x-model`` and ``x-fingerprint``
        properties, so that importing the file back restores the same keys. When the file
        mixes source languages the header says ``*all*`` and each unit has ``x-srclang``.

        Returns:
            The number of units written.

        Raises:
            MemoryStoreError: The database cannot be read.
        """
        from newsl10n.parallel.tmx import write_tmx

        rows: list[tuple[str, ...]] = []
        conn = self._reader()
        if conn is not None:
            where, params = _filters(src=src, tgt=tgt, origin=origin)
            with self._guard(_("cannot read translation memory")):
                rows = conn.execute(
                    "SELECT src, tgt, source, target, origin, engine, model, fingerprint "
                    f"FROM segments{where} ORDER BY src, tgt, source, origin, engine, model, "
                    "fingerprint",
                    params,
                ).fetchall()
        sources = {row[0] for row in rows}
        srclang = next(iter(sources)) if len(sources) == 1 else (src or "*all*")
        units = [_tmx_unit(row, mixed=len(sources) > 1) for row in rows]
        write_tmx(fp, units, srclang, tool_version=tool_version)
        return len(units)

    def import_tmx(
        self, fp: BinaryIO, origin: Origin | Literal["file"] = "human", *, name: str = "<tmx>"
    ) -> int:
        """Store the segments of a TMX file read from ``fp``.

        Every variant other than the source language's becomes one segment. ``origin`` is the
        origin given to them; ``"file"`` takes each unit's ``x-origin`` property (``"human"``
        when absent). Keys take ``x-engine``, ``x-model`` and ``x-fingerprint`` from the unit
        when present, ``""`` otherwise; machine segments without an engine are skipped, as no
        lookup could find them. Language codes lose their region (``en-US`` -> ``en``).

        Returns:
            The number of segments added or changed.

        Raises:
            InputError: The file is not TMX or names an unknown language.
            MemoryStoreError: The memory is read-only or the database cannot be written.
        """
        from newsl10n.parallel.tmx import read_tmx

        return self.import_document(read_tmx(fp, name=name), origin, name=name)

    def import_document(
        self, document: TmxDocument, origin: Origin | Literal["file"] = "human", *, name: str = "<tmx>"
    ) -> int:
        """Store the segments of a TMX document already read; see :meth:`import_tmx`."""
        entries = list(_tmx_entries(document.units, document.srclang, origin, name))
        return self.store(entries)


def _frozen(path: Path) -> bool:
    """Whether a read-only open must not expect SQLite's WAL side files to be creatable.

    A WAL database opened read-only needs its ``-shm`` (and ``-wal``) file; SQLite creates
    them, which fails in a folder we cannot write ("attempt to write a readonly database").
    When the folder is not writable and there is no ``-wal`` file, or an empty one (left by
    a read-only open or a crash, holding nothing), nobody we could see has the database open
    for writing, so it is opened as immutable: no locks, no side files, nothing written.
    """
    if os.access(path.parent, os.W_OK):
        return False
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _connect(path: Path, connect: Callable[[], sqlite3.Connection]) -> sqlite3.Connection:
    try:
        return connect()
    except sqlite3.Error as exc:
        raise MemoryStoreError(
            path, _("cannot open translation memory: {reason}").format(reason=exc)
        ) from None


def _enable_wal(conn: sqlite3.Connection, timeout: float) -> str:
    """Switch to WAL unless already there; return the journal mode in force.

    Leaving the rollback journal needs an exclusive lock that SQLite does not wait for (a
    lock upgrade), so when two processes create the memory at once one of them retries.
    """
    mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    deadline = time.monotonic() + timeout
    delay = 0.001
    while mode != "wal":
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
    return mode


def _filters(**columns: str | None) -> tuple[str, list[str]]:
    """A ``WHERE`` clause matching the given (non-``None``) column values."""
    used = {column: value for column, value in columns.items() if value is not None}
    if not used:
        return "", []
    return " WHERE " + " AND ".join(f"{column} = ?" for column in used), list(used.values())


def _counts(conn: sqlite3.Connection, expression: str) -> dict[str, int]:
    query = f"SELECT {expression} AS k, count(*) FROM segments GROUP BY k ORDER BY k"
    return {key: count for key, count in conn.execute(query)}


def _tmx_unit(row: tuple[str, ...], *, mixed: bool) -> TranslationUnit:
    from newsl10n.parallel.tmx import TranslationUnit

    src, tgt, source, target, origin, engine, model, fingerprint = row
    props = {"x-origin": origin}
    for prop, value in (("x-engine", engine), ("x-model", model), ("x-fingerprint", fingerprint)):
        if value:
            props[prop] = value
    if mixed:
        props["x-srclang"] = src
    return TranslationUnit(variants={src: source, tgt: target}, props=props)


def _tmx_entries(
    units: Iterable[TranslationUnit], header_srclang: str, origin: Origin | Literal["file"], name: str
) -> Iterator[MemoryEntry]:
    """The memory entries of TMX units: one per target-language variant."""
    skipped = 0
    codes: dict[str, str | None] = {}

    def language(code: str) -> str | None:
        if code not in codes:
            codes[code] = _tmx_language(code, name)
        return codes[code]

    for unit in units:
        srclang = language(unit.props.get("x-srclang") or header_srclang)
        variants = {language(lang): text for lang, text in unit.variants.items()}
        source = variants.get(srclang) if srclang else None
        unit_origin = origin if origin != "file" else unit.props.get("x-origin", "human")
        if unit_origin not in ("machine", "human"):
            reason = _("unit {unit}: unknown x-origin {origin!r}").format(
                unit=unit.tuid or "?", origin=unit_origin
            )
            raise InputError(reason, name)
        engine = unit.props.get("x-engine", "")
        if srclang is None or not source or not source.strip() or (unit_origin == "machine" and not engine):
            skipped += 1
            continue
        for lang, text in variants.items():
            if lang and lang != srclang and text.strip():
                key = MemoryKey(
                    engine,
                    unit.props.get("x-model", ""),
                    srclang,
                    lang,
                    unit.props.get("x-fingerprint", ""),
                    source,
                )
                yield MemoryEntry(key, text, "human" if unit_origin == "human" else "machine")
    if skipped:
        log.warning(
            "%s: %d TMX units skipped (no source segment, or machine output without x-engine)", name, skipped
        )


def _tmx_language(code: str, name: str) -> str | None:
    """The language of a TMX ``xml:lang`` by :func:`~newsl10n.languages.normalize_language`
    (``en-US`` -> ``en``); ``None`` for ``*all*`` or nothing.

    Raises:
        InputError: The code is not a language (the error names the file).
    """
    if not code or code.strip() == "*all*":
        return None
    try:
        return normalize_language(code)
    except LanguageError:
        raise InputError(_("unknown language code {code!r}").format(code=code), name) from None
