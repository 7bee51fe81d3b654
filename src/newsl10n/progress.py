"""The one progress-callback type every long-running library function takes."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ProgressCallback"]

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(label, done, total)``; ``total`` may grow as work is discovered."""
