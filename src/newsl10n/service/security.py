"""Who may use the service and how much: API keys, rate limits, the request body limit.

* :func:`read_api_keys` reads the keys file (``--api-keys``): one key a line, ``#``
  comments and blank lines skipped.
* :class:`KeyChecker` compares a request's key with every known key in constant time
  (:func:`hmac.compare_digest`), so neither the answer nor its timing tells how much of a
  guess was right, nor which key it was close to.
* :class:`RateLimiter` is a token bucket per API key (per client address without keys).
* :class:`BodyLimitMiddleware` refuses a body over the limit with 413: at once when
  ``Content-Length`` says so, else while it is read (a chunked body has no length).
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsl10n.errors import InputError
from newsl10n.i18n import _
from newsl10n.service.errors import Forbidden, RateLimited, TooLarge, error_response

__all__ = ["BodyLimitMiddleware", "KeyChecker", "RateLimiter", "check_length", "read_api_keys"]


def read_api_keys(path: Path) -> tuple[str, ...]:
    """The API keys in ``path``: one a line; blank lines and ``#`` comments are skipped.

    Raises:
        InputError: The file cannot be read, or holds no key.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(reason, path) from None
    keys = tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")
    )
    if not keys:
        raise InputError(_("the API keys file holds no key"), path)
    return keys


class KeyChecker:
    """Checks a request's API key against the known keys, in constant time.

    Args:
        keys: The known keys; none lets every request in.
    """

    def __init__(self, keys: tuple[str, ...] = ()) -> None:
        self._keys = [key.encode("utf-8") for key in keys]

    @property
    def required(self) -> bool:
        """Whether requests need a key."""
        return bool(self._keys)

    def check(self, key: str | None) -> None:
        """Let the request in, or refuse it.

        Every known key is compared, whichever matches, so the time taken does not depend on
        which key (if any) the guess is close to.

        Raises:
            Forbidden: Keys are required and ``key`` is missing or not one of them.
        """
        if not self._keys:
            return
        given = (key or "").encode("utf-8")
        found = False
        for known in self._keys:
            found |= hmac.compare_digest(given, known)
        if not found or not given:
            raise Forbidden(_("invalid or missing API key"))


class RateLimiter:
    """A token bucket per client: ``per_minute`` requests a minute, as a burst or spread.

    Args:
        per_minute: Requests allowed per minute per client; ``0`` for no limit.
        max_clients: Most buckets kept; the least recently seen client is forgotten first
            (a forgotten client starts again with a full bucket).
    """

    def __init__(self, per_minute: int, max_clients: int = 10_000) -> None:
        self.per_minute = per_minute
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str) -> None:
        """Count one request of ``client``.

        Raises:
            RateLimited: Its bucket is empty; ``retry_after`` says when a token is back.
        """
        if self.per_minute <= 0:
            return
        rate = self.per_minute / 60.0
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.pop(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - then) * rate)
            allowed = tokens >= 1.0
            self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        if not allowed:
            raise RateLimited(_("too many requests; retry later"), retry_after=(1.0 - tokens) / rate)


class _BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body grows over the limit (FastAPI lets it through)."""

    def __init__(self) -> None:
        super().__init__(413, _("the request is too large"))


class BodyLimitMiddleware:
    """Refuse a request body over ``limit`` bytes with 413 ``{"error": ...}``.

    Args:
        app: The application.
        limit: Most bytes of a request body.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await error_response(413, _("the request is too large"))(scope, receive, send)
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge()
            return message

        await self.app(scope, bounded, send)


def check_length(texts: Sequence[str], limit: int) -> None:
    """Refuse a request whose texts hold more than ``limit`` characters in all.

    Raises:
        TooLarge: They do (413).
    """
    if sum(len(text) for text in texts) > limit:
        raise TooLarge(_("the text is longer than {limit} characters").format(limit=limit))
