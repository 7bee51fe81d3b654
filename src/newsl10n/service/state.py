"""What a service process loads once and shares between requests.

:class:`ServiceState` holds the engine (wrapped so that concurrent requests share engine
calls, :mod:`newsl10n.service.batching`), the glossary (reloaded when its files change on
disk) and the translation memory (one SQLite connection per worker thread). Endpoints reach
it as ``request.app.state.newsl10n``.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from newsl10n.errors import NewsL10nError
from newsl10n.glossary.io import glossary_files, load_glossary
from newsl10n.i18n import _
from newsl10n.service.batching import CoalescingTranslator
from newsl10n.service.errors import Unavailable
from newsl10n.service.security import KeyChecker, RateLimiter, read_api_keys
from newsl10n.translation.argos import open_translator
from newsl10n.translation.memory import TranslationMemory
from newsl10n.translation.models import InstalledModel, reachable_routes

if TYPE_CHECKING:
    from newsl10n.glossary.model import Glossary
    from newsl10n.service.config import ServiceConfig
    from newsl10n.translation.protocol import Translator

__all__ = ["FileStore", "GlossaryWatcher", "ModelListing", "ServiceState", "StoredFile"]

log = logging.getLogger(__name__)
T = TypeVar("T")

RELOAD_CHECK_S = 1.0
"""How often at most the glossary files' modification times are looked at."""


class GlossaryWatcher:
    """The glossary at ``path``, read again when one of its files changes.

    A change that does not parse is logged and the glossary in use is kept.

    Args:
        path: A glossary folder or PO file; ``None`` for no glossary.

    Raises:
        GlossaryFormatError: The glossary cannot be read the first time.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._stamp = self._files_stamp()
        self._glossary = load_glossary(path) if path is not None else None

    def _files_stamp(self) -> tuple[tuple[str, int, int], ...]:
        if self.path is None:
            return ()
        stamps = []
        for file in glossary_files(self.path):
            try:
                stat = file.stat()
            except OSError:
                continue
            stamps.append((str(file), stat.st_mtime_ns, stat.st_size))
        return tuple(stamps)

    def current(self) -> Glossary | None:
        """The glossary as it is on disk now (checked at most every :data:`RELOAD_CHECK_S`)."""
        if self.path is None:
            return None
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= RELOAD_CHECK_S:
                self._checked = now
                try:
                    stamp = self._files_stamp()
                    if stamp != self._stamp:
                        self._glossary = load_glossary(self.path)
                        self._stamp = stamp
                        log.info("glossary reloaded from %s", self.path)
                except NewsL10nError as exc:
                    log.error("glossary not reloaded: %s", exc)
            return self._glossary


@runtime_checkable
class ModelListing(Protocol):
    """An engine over installed models (the Argos engine): it can list them."""

    def installed(self) -> list[InstalledModel]:
        """The installed models."""
        ...


DEMO_LANGUAGES = ("en", "ru", "ky")
"""The languages an engine without models (``--engine fake``) offers, each to each."""


@dataclass(frozen=True)
class StoredFile:
    """A translated file waiting for its download.

    Attributes:
        name: The file name to download it as (the upload's, with the target language).
        data: Its bytes.
        media_type: Its ``Content-Type``.
    """

    name: str
    data: bytes
    media_type: str


class FileStore:
    """Translated files in memory, under random ids, at most ``limit`` of them.

    No file name or path from a request ever reaches the file system: the id is the
    only key, made here by :func:`secrets.token_urlsafe`.
    """

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._files: OrderedDict[str, StoredFile] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, file: StoredFile) -> str:
        """Keep ``file`` (forgetting the oldest beyond the limit) and return its id."""
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._files[key] = file
            while len(self._files) > self.limit:
                self._files.popitem(last=False)
        return key

    def get(self, key: str) -> StoredFile | None:
        """The file stored under ``key``, or ``None``."""
        with self._lock:
            return self._files.get(key)


class ServiceState:
    """The engine, glossary and memory of one service process.

    Args:
        config: The service settings.
        translator: An engine to use instead of the one ``config`` names (tests).

    Raises:
        NewsL10nError: The engine, glossary or memory cannot be opened.
    """

    def __init__(self, config: ServiceConfig, translator: Translator | None = None) -> None:
        self.config = config
        engine = translator or open_translator(config.engine, config.models_dir, config.engine_options)
        self.engine = engine
        self.translator = CoalescingTranslator(
            engine, max_batch=config.max_batch, wait_ms=config.batch_wait_ms, queue_size=config.queue_size
        )
        self.glossaries = GlossaryWatcher(config.glossary)
        self.keys = KeyChecker(read_api_keys(config.api_keys) if config.api_keys else ())
        self.limiter = RateLimiter(config.rate_limit)
        self.files = FileStore(config.max_files)
        self._memories: dict[int, TranslationMemory] = {}
        self._memories_lock = threading.Lock()
        if config.memory is not None:
            self.memory()  # fail at start, not on the first request
        self.routes = self._routes()
        if config.warm_up:
            self.warm_up()

    def _routes(self) -> dict[str, list[str]]:
        if isinstance(self.engine, ModelListing):
            pairs = list(reachable_routes(self.engine.installed()))
        else:
            pairs = [(a, b) for a in DEMO_LANGUAGES for b in DEMO_LANGUAGES if a != b]
        routes: dict[str, list[str]] = {}
        for src, tgt in pairs:
            routes.setdefault(src, []).append(tgt)
            routes.setdefault(tgt, [])
        return {src: sorted(targets) for src, targets in sorted(routes.items())}

    def warm_up(self) -> None:
        """Load every installed model now: translate one word through each direct pair.

        A model that fails is logged; requests for its pair will fail the same way.
        """
        if not isinstance(self.engine, ModelListing):
            return
        pairs = sorted({(m.from_code, m.to_code) for m in self.engine.installed()})
        for src, tgt in pairs:
            try:
                self.engine.translate_batch(["news"], src, tgt)
            except NewsL10nError as exc:
                log.warning("model %s -> %s not loaded: %s", src, tgt, exc)
        log.info("%d models loaded", len(pairs))

    def admit(self, key: str | None, client: str) -> None:
        """Let a request in: its API key, then its rate (per key, else per client address).

        Raises:
            Forbidden: Keys are required and ``key`` is not one of them.
            RateLimited: The key or client is over its rate.
        """
        self.keys.check(key)
        self.limiter.take(f"key:{key}" if key else f"address:{client}")

    async def run(self, func: Callable[[], T]) -> T:
        """Run ``func`` in a worker thread, off the event loop, within the request timeout.

        A request that times out is answered; its thread finishes its work unobserved.

        Raises:
            Unavailable: ``func`` took longer than ``request_timeout_s``.
        """
        import anyio
        import anyio.to_thread

        try:
            with anyio.fail_after(self.config.request_timeout_s):
                return await anyio.to_thread.run_sync(func, abandon_on_cancel=True)
        except TimeoutError:
            raise Unavailable(_("the request took too long"), retry_after=1.0) from None

    def glossary(self) -> Glossary | None:
        """The server's glossary as it is now, or ``None``."""
        return self.glossaries.current()

    def memory(self) -> TranslationMemory | None:
        """This thread's connection to the translation memory, or ``None`` without one."""
        if self.config.memory is None:
            return None
        thread = threading.get_ident()
        with self._memories_lock:
            memory = self._memories.get(thread)
            if memory is None:
                memory = self._memories[thread] = TranslationMemory.open(self.config.memory, any_thread=True)
        return memory

    def close(self) -> None:
        """Stop the batching thread and close every memory connection."""
        self.translator.close()
        with self._memories_lock:
            for memory in self._memories.values():
                memory.close()
            self._memories.clear()
