"""The one finding type: a problem noticed at one place, for a person and for ``--json``.

Glossary lint, catalog checks, placeholder checks, pre-translation notes and translation
quality checks all report :class:`Finding` values. A finding knows its ``code`` (a short
stable name such as ``missing`` or ``duplicate``), its :class:`Severity` and a one-line
``message``; where it was found (``path``, ``line``, and for catalogs the message id) is
filled in by whoever knows it, with :meth:`Finding.at`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

__all__ = ["Finding", "Severity"]


class Severity(str, Enum):
    """How bad a finding is."""

    ERROR = "error"
    """The result breaks: a string fails at run time, ``msgfmt --check`` refuses it."""
    WARNING = "warning"
    """The result works but is damaged or doubtful."""
    INFO = "info"
    """Worth knowing, nothing to fix."""


@dataclass(frozen=True)
class Finding:
    """One problem, at one place.

    Attributes:
        code: A short stable name (``missing``, ``duplicate``, ``repetition``...).
        message: One line for a person.
        severity: How bad it is.
        path: The file, or ``None`` when not tied to a file.
        line: 1-based line, or ``None`` for the file as a whole.
        msgid: For catalogs and glossaries, the message concerned (``""`` for the header).
        msgctxt: Its context, or ``None``.
    """

    code: str
    message: str
    severity: Severity = Severity.ERROR
    path: str | None = None
    line: int | None = None
    msgid: str | None = None
    msgctxt: str | None = None

    def at(
        self,
        path: str | Path | None,
        line: int | None = None,
        *,
        msgid: str | None = None,
        msgctxt: str | None = None,
    ) -> Finding:
        """The same finding, placed at ``path:line`` (and message, when given)."""
        return replace(
            self,
            path=str(path) if path is not None else None,
            line=line,
            msgid=self.msgid if msgid is None else msgid,
            msgctxt=self.msgctxt if msgctxt is None else msgctxt,
        )

    @property
    def where(self) -> str:
        """``path:line``, ``path``, or ``""``."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        where = self.where
        return f"{where + ': ' if where else ''}{self.severity.value}: {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view; place fields only when known."""
        view: dict[str, object] = {
            "code": self.code,
            "message": self.message,
            "severity": self.severity.value,
        }
        place = {"path": self.path, "line": self.line, "msgid": self.msgid, "msgctxt": self.msgctxt}
        view.update((name, value) for name, value in place.items() if value is not None)
        return view
