"""The ASGI application: one FastAPI app, its state, its routes and its error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request

from newsl10n import __version__
from newsl10n.service import errors, libretranslate, native
from newsl10n.service.security import BodyLimitMiddleware
from newsl10n.service.state import ServiceState

if TYPE_CHECKING:
    from newsl10n.service.config import ServiceConfig
    from newsl10n.translation.protocol import Translator

__all__ = ["create_app"]


def create_app(config: ServiceConfig, *, translator: Translator | None = None) -> FastAPI:
    """The service application for ``config``.

    The engine, glossary and memory are opened when the application starts (its lifespan)
    and closed when it stops. Middleware, outermost first: CORS (only with
    ``cors_origins``), the body limit, the catch-all for unexpected errors.

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

    app = FastAPI(title="newsl10n", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None)
    errors.install(app)
    app.add_middleware(BodyLimitMiddleware, limit=config.max_body_bytes)
    if config.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST", "PUT"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_api_route("/health", health, methods=["GET"], summary="Health check")
    app.include_router(libretranslate.router)
    app.include_router(native.router)
    return app


async def health(request: Request) -> dict[str, Any]:
    """``{"status": "ok", ...}``: the models, glossary and memory are loaded.

    The application only answers once its lifespan has loaded them, so an answer is the
    readiness signal.
    """
    state: ServiceState = request.app.state.newsl10n
    glossary = state.glossary()
    return {
        "status": "ok",
        "version": __version__,
        "engine": state.config.engine,
        "languages": len(state.routes),
        "glossary": glossary is not None,
        "memory": state.config.memory is not None,
    }
