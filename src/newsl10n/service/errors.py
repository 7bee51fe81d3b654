"""The error tree as HTTP statuses: every error answer is ``{"error": message}``.

Routes raise :class:`ServiceError` subclasses (their status is theirs), the library's
:class:`~newsl10n.errors.NewsL10nError` tree, or FastAPI's ``HTTPException``;
:func:`install` turns each into a JSON answer as LibreTranslate gives it:

* 400: bad JSON or form, a missing or wrong field, an unknown language, no model for the
  pair, unusable text (``InputError``, ``LanguageError``, ``ModelNotInstalledError``);
* 403: a bad or missing API key; 404, 405: no such route, a wrong method;
* 413: the body or ``q`` is too large; 429: rate limited (``Retry-After``);
* 503: overloaded (``Retry-After``) or timed out;
* 500: anything else, ``"internal error"`` (a ``TranslationError`` says what failed).

An error that carries ``retry_after`` (the batching queue's ``OverloadedError``,
:class:`RetryLater`) is a 503 with ``Retry-After``. A traceback is only ever logged, never
sent; messages never quote the request's text.
"""

from __future__ import annotations

import logging
import math
from typing import Any, Protocol, runtime_checkable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsl10n.errors import (
    InputError,
    LanguageError,
    ModelNotInstalledError,
    NewsL10nError,
    TranslationError,
)
from newsl10n.i18n import _
from newsl10n.service.batching import TranslatorClosedError

__all__ = [
    "BadRequest",
    "CatchAllMiddleware",
    "Forbidden",
    "RateLimited",
    "RetryLater",
    "ServiceError",
    "TooLarge",
    "Unavailable",
    "error_response",
    "install",
]

log = logging.getLogger(__name__)


class ServiceError(NewsL10nError):
    """An error answer of the service: its HTTP status and message.

    Attributes:
        status: The HTTP status code.
        message: The ``error`` of the answer, one line.
        retry_after: Seconds to wait before retrying (``Retry-After``), or ``None``.
    """

    status = 500

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        self.message = message
        self.retry_after = retry_after
        super().__init__(message)


class BadRequest(ServiceError):
    """400: the request cannot be understood (a missing or wrong field, bad JSON)."""

    status = 400


class Forbidden(ServiceError):
    """403: a bad or missing API key."""

    status = 403


class TooLarge(ServiceError):
    """413: the body, or the text to translate, is over its limit."""

    status = 413


class RateLimited(ServiceError):
    """429: the key (or client address) sent more requests than its rate allows."""

    status = 429


class Unavailable(ServiceError):
    """503: the service cannot take the request now (overloaded, timed out)."""

    status = 503


@runtime_checkable
class RetryLater(Protocol):
    """An error that says when to retry: the batching queue's ``OverloadedError``."""

    retry_after: float


CLIENT_ERRORS = (InputError, LanguageError, ModelNotInstalledError)
"""Library errors that are the request's fault: 400."""


def error_response(status: int, message: str, retry_after: float | None = None) -> JSONResponse:
    """``{"error": message}`` with ``status`` (and ``Retry-After`` in whole seconds)."""
    headers = {"Retry-After": str(max(1, math.ceil(retry_after)))} if retry_after is not None else None
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _library_error(exc: NewsL10nError) -> JSONResponse:
    if isinstance(exc, ServiceError):
        return error_response(exc.status, exc.message, exc.retry_after)
    if isinstance(exc, RetryLater):
        return error_response(503, str(exc), exc.retry_after)
    if isinstance(exc, TranslatorClosedError):  # shutting down: another instance may answer
        return error_response(503, str(exc))
    if isinstance(exc, ModelNotInstalledError):
        # The same message without the server's models folder.
        return error_response(400, str(ModelNotInstalledError(exc.src, exc.tgt)))
    if isinstance(exc, CLIENT_ERRORS):
        return error_response(400, str(exc))
    if isinstance(exc, TranslationError):
        log.error("%s", exc)
        return error_response(500, str(exc))
    # Memory, glossary, model files: the server's trouble, and their messages name its paths.
    log.error("%s: %s", type(exc).__name__, exc)
    return error_response(500, _("internal error"))


async def _on_library_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NewsL10nError)
    return _library_error(exc)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    response = error_response(exc.status_code, str(exc.detail))
    response.headers.update(exc.headers or {})
    return response


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first: dict[str, Any] = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    message = str(first.get("msg", "invalid request"))
    return error_response(400, f"{where}: {message}" if where else message)


class CatchAllMiddleware:
    """Answer an unexpected exception with 500 ``{"error": "internal error"}``, logged.

    It sits inside Starlette's own error middleware, so the traceback is logged once, here,
    and the client never sees it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await error_response(500, _("internal error"))(scope, receive, send)


def install(app: FastAPI) -> None:
    """Add the exception handlers and the catch-all middleware to ``app``."""
    app.add_exception_handler(NewsL10nError, _on_library_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_middleware(CatchAllMiddleware)
