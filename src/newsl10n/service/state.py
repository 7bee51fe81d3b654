"""What a service process loads once and shares between requests.

:class:`ServiceState` holds the engine (wrapped so that concurrent requests share engine
calls, :mod:`newsl10n.service.batching`), the glossary (reloaded when its files change on
disk) and the translation memory (one SQLite connection per worker thread). Endpoints reach
it as ``request.app.state.newsl10n``.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from newsl10n.errors import NewsL10nError
from newsl10n.glossary.io import glossary_files, load_glossary
from newsl10n.service.batching import CoalescingTranslator
from newsl10n.translation.argos import open_translator
from newsl10n.translation.memory import TranslationMemory

if TYPE_CHECKING:
    from newsl10n.glossary.model import Glossary
    from newsl10n.service.config import ServiceConfig
    from newsl10n.translation.protocol import Translator

__all__ = ["GlossaryWatcher", "ServiceState"]

log = logging.getLogger(__name__)

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
        self._memories: dict[int, TranslationMemory] = {}
        self._memories_lock = threading.Lock()
        if config.memory is not None:
            self.memory()  # fail at start, not on the first request

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
                memory = self._memories[thread] = TranslationMemory.open(self.config.memory)
        return memory

    def close(self) -> None:
        """Stop the batching thread and close every memory connection."""
        self.translator.close()
        with self._memories_lock:
            for memory in self._memories.values():
                memory.close()
            self._memories.clear()
