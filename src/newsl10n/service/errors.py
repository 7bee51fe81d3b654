"""The error tree as HTTP statuses: every error answer is ``{"error": message}``.

PLACEHOLDER (issue 12, helper "service" completes it).
"""

from __future__ import annotations

from fastapi import FastAPI

__all__ = ["install"]


def install(app: FastAPI) -> None:
    """Add the exception handlers to ``app``."""
