"""The exception tree of newsl10n.

Every error newsl10n raises on purpose derives from :class:`NewsL10nError`, so a caller
(and the CLI) can catch the root once. Each subclass carries the data that describes the
problem as attributes, and its ``str()`` is one line meant for a person, in the interface
language (:mod:`newsl10n.i18n`) in force when the error is created. Messages state the
problem only: advice on which ``newsl10n`` command to run is the command line's business
(``newsl10n.cli._common.hint_for``), since a library caller has no such commands::

    NewsL10nError
    ├── InputError                  bad article text: empty, binary, undecodable
    ├── LanguageError               unknown language code, target equal to source
    ├── ModelError                  raised itself for an unknown engine name (open_translator)
    │   ├── ModelNotInstalledError  no installed model (or pivot) for a pair
    │   ├── ModelPackageError       corrupt, non-Argos or unsafe .argosmodel file
    │   └── ModelIndexError         the online Argos index cannot be reached or read
    ├── TranslationError            the engine failed while translating
    ├── GlossaryFormatError         malformed glossary PO file (path, line)
    ├── CatalogError                malformed or inconsistent gettext catalog (path, line)
    ├── ConfigError                 malformed project configuration newsl10n.toml (path, line)
    ├── MemoryStoreError            the translation memory cannot be used
    │
    │   Defined beside what raises them (above the library, for its callers):
    ├── cluster.ClusterError        Ray cannot be started or reached, or its workers keep failing
    │   └── RayNotInstalledError    the ``ray`` extra is missing
    ├── service.batching.OverloadedError        the service's queue is full (retry_after)
    ├── service.batching.TranslatorClosedError  the service is shutting down
    └── service.errors.ServiceError  an HTTP request refused (status, message): BadRequest 400,
                                    Forbidden 403, TooLarge 413, RateLimited 429, Unavailable 503
"""

from __future__ import annotations

from pathlib import Path

from newsl10n.i18n import _

__all__ = [
    "CatalogError",
    "ConfigError",
    "GlossaryFormatError",
    "InputError",
    "LanguageError",
    "MemoryStoreError",
    "ModelError",
    "ModelIndexError",
    "ModelNotInstalledError",
    "ModelPackageError",
    "NewsL10nError",
    "TranslationError",
]


class NewsL10nError(Exception):
    """Root of every error newsl10n raises on purpose."""


class InputError(NewsL10nError):
    """An input text cannot be used: empty, binary or in an unknown encoding.

    Attributes:
        path: The file the text came from, or ``None`` for text given directly.
        reason: What is wrong, one line.
    """

    def __init__(self, reason: str, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class LanguageError(NewsL10nError):
    """A language code is unknown or cannot be used here.

    Attributes:
        code: The offending code as given.
        reason: What is wrong, one line.
    """

    def __init__(self, code: str, reason: str) -> None:
        self.code = code
        self.reason = reason
        super().__init__(reason)


class ModelError(NewsL10nError):
    """Errors about translation models and the engine that runs them.

    Raised as itself (not a subclass) when a translation engine name is unknown: nothing
    more specific applies (no language pair is involved, so it is not a
    :class:`TranslationError`), and the CLI rejects such a name as a bad option before any
    library call.
    """


class ModelNotInstalledError(ModelError):
    """No installed model, direct or through a pivot language, translates ``src`` to ``tgt``.

    Attributes:
        src: Source language code.
        tgt: Target language code.
        models_dir: Where models were looked for.
    """

    def __init__(self, src: str, tgt: str, models_dir: str | Path | None = None) -> None:
        self.src = src
        self.tgt = tgt
        self.models_dir = str(models_dir) if models_dir is not None else None
        if self.models_dir:
            # TRANSLATORS: {folder} is the models folder, a path.
            message = _("no model installed for {src} -> {tgt} in {folder}").format(
                src=src, tgt=tgt, folder=self.models_dir
            )
        else:
            message = _("no model installed for {src} -> {tgt}").format(src=src, tgt=tgt)
        super().__init__(message)


class ModelPackageError(ModelError):
    """A model package file or folder is corrupt, not an Argos package, or unsafe.

    Attributes:
        path: The package file or folder.
        reason: What is wrong, one line.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ModelIndexError(ModelError):
    """The Argos package index cannot be fetched or does not list the wanted pair.

    Attributes:
        reason: What is wrong, one line.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class TranslationError(NewsL10nError):
    """The translation engine failed.

    Attributes:
        src: Source language code.
        tgt: Target language code.
        reason: What went wrong, one line.
    """

    def __init__(self, src: str, tgt: str, reason: str) -> None:
        self.src = src
        self.tgt = tgt
        self.reason = reason
        super().__init__(
            _("translation {src} -> {tgt} failed: {reason}").format(src=src, tgt=tgt, reason=reason)
        )


class _FileLineError(NewsL10nError):
    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class GlossaryFormatError(_FileLineError):
    """A glossary PO file is malformed.

    Attributes:
        path: The glossary file.
        line: 1-based line of the problem, or ``None`` when unknown.
        reason: What is wrong, one line.
    """


class CatalogError(_FileLineError):
    """A gettext catalog (PO/POT/MO) is malformed or cannot be processed.

    Attributes:
        path: The catalog file.
        line: 1-based line of the problem, or ``None`` when unknown.
        reason: What is wrong, one line.
    """


class ConfigError(_FileLineError):
    """The project configuration (``newsl10n.toml``) is malformed or holds a bad value.

    Attributes:
        path: The configuration file.
        line: 1-based line of the problem, or ``None`` when unknown.
        reason: What is wrong, one line.
    """


class MemoryStoreError(NewsL10nError):
    """The translation memory database cannot be opened, read or written.

    Attributes:
        path: The database file.
        reason: What is wrong, one line.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
