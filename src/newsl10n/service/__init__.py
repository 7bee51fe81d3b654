"""newsl10n as an HTTP service: LibreTranslate's API and newsl10n's own (issue 12).

:func:`create_app` builds the ASGI application (FastAPI) from a :class:`ServiceConfig`;
``newsl10n serve`` runs it on uvicorn. FastAPI and uvicorn are the ``serve`` extra
(``pip install "newsl10n[serve]"``): nothing here is imported by the library below it.
"""

from __future__ import annotations

from newsl10n.service.app import create_app
from newsl10n.service.config import ServiceConfig

__all__ = ["ServiceConfig", "create_app"]
