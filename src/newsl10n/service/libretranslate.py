"""PLACEHOLDER (issue 12): the libretranslate routes."""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["router"]

router = APIRouter()
