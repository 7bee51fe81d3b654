"""``newsl10n serve``: the translation service (LibreTranslate's API and newsl10n's) on uvicorn.

The command only turns its options into a :class:`~newsl10n.service.ServiceConfig` and runs
uvicorn; FastAPI and uvicorn (the ``serve`` extra) are imported when it runs, never by
``import newsl10n``. On SIGTERM or Ctrl-C, uvicorn stops accepting connections and lets the
requests in flight finish (up to the request timeout) before the process exits.
"""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from newsl10n.cli._common import (
    Engine,
    EngineChoice,
    GlossaryPath,
    MemoryFile,
    ModelsDir,
    NoGlossary,
    NoMemory,
    fail,
    guarded,
)
from newsl10n.i18n import _

__all__ = ["QueryStringFilter", "register", "serve"]


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve", help=_("Run the translation service (LibreTranslate's API and newsl10n's)."))(serve)


class QueryStringFilter(logging.Filter):
    """Drop the query string from uvicorn's access log lines: it may carry the text (``?q=``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            path = record.args[2].split("?", 1)[0]
            record.args = (*record.args[:2], path, *record.args[3:])
        return True


@guarded
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", metavar="HOST", help=_("Address to listen on.")),
    port: int = typer.Option(5000, "--port", min=0, max=65535, metavar="N", help=_("Port to listen on.")),
    models_dir: ModelsDir = None,
    glossary: GlossaryPath = None,
    no_glossary: NoGlossary = False,
    memory_path: MemoryFile = None,
    no_memory: NoMemory = False,
    engine: EngineChoice = Engine.argos,
    api_keys: Path | None = typer.Option(
        None, "--api-keys", metavar="FILE", help=_("File of API keys, one a line (default: no key needed).")
    ),
    max_batch: int = typer.Option(
        32, "--max-batch", min=1, metavar="N", help=_("Most sentences in one engine call.")
    ),
    batch_wait_ms: float = typer.Option(
        5.0,
        "--batch-wait-ms",
        min=0,
        metavar="MS",
        help=_("How long a request waits for others to join it while the engine is idle."),
    ),
    rate_limit: int = typer.Option(
        0, "--rate-limit", min=0, metavar="N", help=_("Requests per minute per API key or address (0: none).")
    ),
    cors_origins: list[str] = typer.Option(
        [], "--cors-origin", metavar="ORIGIN", help=_("Allow browser requests from this origin (repeat it).")
    ),
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, help=_("Log more (-v: requests, -vv: debug, with texts).")
    ),
) -> None:
    """Serve translations over HTTP until stopped (SIGTERM or Ctrl-C)."""
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError:
        raise fail(_('the service needs its extra: pip install "newsl10n[serve]"')) from None
    from newsl10n.glossary.io import load_glossary, resolve_glossary
    from newsl10n.service import ServiceConfig, create_app
    from newsl10n.service.security import read_api_keys
    from newsl10n.translation.memory import default_memory_path

    level = max(verbose, int(ctx.find_root().params.get("verbose") or 0))
    chosen = resolve_glossary(glossary, disabled=no_glossary)
    if chosen is not None:
        load_glossary(chosen)  # a broken glossary fails here, in one line, not in the server
    if api_keys is not None:
        read_api_keys(api_keys)
    config = ServiceConfig(
        engine=engine.value,
        models_dir=models_dir,
        glossary=chosen,
        memory=None if no_memory else (memory_path or default_memory_path()),
        api_keys=api_keys,
        max_batch=max_batch,
        batch_wait_ms=batch_wait_ms,
        rate_limit=rate_limit,
        cors_origins=tuple(cors_origins),
        log_text=level >= 2,
    )
    _configure_logging(level)
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            host=host,
            port=port,
            log_config=None,
            access_log=level >= 1,
            timeout_graceful_shutdown=int(config.request_timeout_s),
        )
    )
    server.run()
    if not server.started:
        raise typer.Exit(1)  # uvicorn has logged why (the port is taken, a model failed...)


def _configure_logging(level: int) -> None:
    """Our loggers and uvicorn's to stderr: warnings, ``-v`` requests, ``-vv`` everything."""
    levels = (logging.WARNING, logging.INFO, logging.DEBUG)
    logging.getLogger().setLevel(levels[min(level, 2)])
    logging.getLogger("uvicorn.error").setLevel(logging.DEBUG if level >= 2 else logging.INFO)
    logging.getLogger("uvicorn.access").setLevel(logging.INFO)
    if level < 2:
        logging.getLogger("uvicorn.access").addFilter(QueryStringFilter())
