"""What a running service is configured with: one frozen dataclass, checked once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsl10n.translation.argos import EngineOptions

__all__ = ["ServiceConfig"]


@dataclass(frozen=True)
class ServiceConfig:
    """Settings of one service process (``newsl10n serve`` options).

    Attributes:
        engine: ``"argos"`` (installed models) or ``"fake"`` (tests, demos).
        models_dir: The Argos packages folder; ``None`` for the default.
        engine_options: Decoding options of the Argos engine.
        glossary: The glossary folder or PO file, already resolved; ``None`` for none.
        memory: The translation memory file; ``None`` for no memory.
        api_keys: A file with one API key per line; ``None`` lets every request in.
        max_batch: Most sentences coalesced into one engine call.
        batch_wait_ms: How long a request waits for others to join its engine call.
        queue_size: Most sentences waiting for the engine; beyond it requests get 503.
        max_body_bytes: Largest request body accepted (413 beyond).
        max_chars: Largest total length of ``q`` in one request (413 beyond).
        request_timeout_s: A request still waiting after this long gets 503.
        rate_limit: Requests per minute per API key (per client address without keys);
            ``0`` for no limit.
        cors_origins: Origins allowed by CORS; empty turns CORS off.
        log_text: Logs may carry article text (``-vv``).
        max_files: Translated files kept for download (``/translate_file``); the oldest
            go first.
        warm_up: Load every installed model when the service starts, so the first request
            does not pay for it.
    """

    engine: str = "argos"
    models_dir: Path | None = None
    engine_options: EngineOptions = field(default_factory=EngineOptions)
    glossary: Path | None = None
    memory: Path | None = None
    api_keys: Path | None = None
    max_batch: int = 32
    batch_wait_ms: float = 5.0
    queue_size: int = 1024
    max_body_bytes: int = 2_000_000
    max_chars: int = 100_000
    request_timeout_s: float = 120.0
    rate_limit: int = 0
    cors_origins: tuple[str, ...] = ()
    log_text: bool = False
    max_files: int = 64
    warm_up: bool = True
