"""The ASGI application: one FastAPI app, its state, its routes and its error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI

from newsl10n import __version__
from newsl10n.service import errors, libretranslate, native
from newsl10n.service.state import ServiceState

if TYPE_CHECKING:
    from newsl10n.service.config import ServiceConfig
    from newsl10n.translation.protocol import Translator

__all__ = ["create_app"]


def create_app(config: ServiceConfig, *, translator: Translator | None = None) -> FastAPI:
    """The service application for ``config``.

    The engine, glossary and memory are opened when the application starts (its lifespan)
    and closed when it stops.

    Args:
        config: The service settings.
        translator: An engine to use instead of the one ``config`` names (tests).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = ServiceState(config, translator)
        app.state.newsl10n = state
        try:
            yield
        finally:
            state.close()

    app = FastAPI(title="newsl10n", version=__version__, lifespan=lifespan)
    errors.install(app)
    app.include_router(libretranslate.router)
    app.include_router(native.router)
    return app
