"""newsl10n: offline localisation of news articles.

Detect the language of an article, translate it sentence by sentence with offline Argos
Translate models run through CTranslate2, render proper nouns as the newsroom's glossary
says, and write aligned parallel versions (text, alignment JSON, TMX) and gettext catalogs.

The names below are the public API. They are loaded on first use, so ``import newsl10n``
stays instant and has no side effects::

    import newsl10n

    article = newsl10n.translate_article(text, targets=["ru", "ky"])
    print(article.text("ky"))
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Where each public name lives; tests/test_api.py keeps it and __all__ in step.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "errors": (
        "NewsL10nError",
        "InputError",
        "LanguageError",
        "ModelError",
        "ModelNotInstalledError",
        "ModelPackageError",
        "ModelIndexError",
        "TranslationError",
        "GlossaryFormatError",
        "CatalogError",
        "ConfigError",
        "MemoryStoreError",
    ),
    "config": ("Config", "find_config", "load_config"),
    "findings": ("Finding", "Severity"),
    "progress": ("ProgressCallback",),
    "languages": ("normalize_language", "language_name"),
    "textio": ("read_text", "decode_text", "Decoded", "decode_text_report", "read_text_report"),
    "i18n": ("set_ui_language",),
    "detect": ("Detection", "check_source", "detect_language", "expected_languages"),
    "segment": (
        "Sentence",
        "Paragraph",
        "SegmentedText",
        "segment_text",
        "split_long_sentence",
        "split_sentences",
    ),
    "translation.protocol": (
        "Translator",
        "DescribingTranslator",
        "PrefixTranslator",
        "PairInfo",
        "describe_pair",
    ),
    "translation.fake": ("FakeTranslator",),
    "translation.argos": (
        "ArgosTranslator",
        "EngineOptions",
        "Evidence",
        "clear_model_cache",
        "open_translator",
        "thread_layout",
    ),
    "translation.models": (
        "InstalledModel",
        "models_dir",
        "list_installed",
        "find_route",
        "reachable_routes",
        "scan_installed",
        "ModelsScan",
    ),
    "translation.packages": ("install_package_file", "remove_model"),
    "translation.index": ("IndexEntry", "fetch_index", "install_from_index"),
    "translation.quality": ("check_translation",),
    "translation.memory": (
        "TranslationMemory",
        "MemoryKey",
        "MemoryEntry",
        "MemoryStats",
        "default_memory_path",
        "memory_keys",
    ),
    "translation.memory_translator": ("MemoryTranslator",),
    "glossary.model": ("Glossary", "GlossaryEntry", "Term"),
    "glossary.io": ("load_glossary", "read_glossary", "resolve_glossary"),
    "glossary.context": ("Evidence",),
    "glossary.enforce": ("TermOccurrence", "TermStatus", "TermStrategy", "default_strategy"),
    "glossary.apply": ("SentenceCodec", "SentenceResult", "translate_sentences"),
    "glossary.edit": ("add_term", "remove_term", "seed_glossary"),
    "glossary.accuracy": ("TermFinding", "check_terms", "term_accuracy"),
    "parallel.align": (
        "ParallelArticle",
        "Segment",
        "render_text",
        "read_alignment",
        "write_alignment",
        "write_article_tmx",
        "write_parallel",
    ),
    "parallel.tmx": ("TranslationUnit", "TmxDocument", "read_tmx", "write_tmx"),
    "catalog.catalogs": ("init_catalogs", "locale_stats"),
    "catalog.merge": ("update_catalogs",),
    "catalog.compile": ("compile_catalogs",),
    "catalog.pretranslate": ("translate_catalogs",),
    "pipeline": ("translate_article",),
    "files": ("translate_file", "translate_files", "FileResult", "Executor", "LocalExecutor"),
    "cluster": ("RayExecutor", "ClusterError", "RayNotInstalledError"),
}

_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "ArgosTranslator",
    "CatalogError",
    "ClusterError",
    "Config",
    "ConfigError",
    "Decoded",
    "DescribingTranslator",
    "Detection",
    "EngineOptions",
    "Evidence",
    "Executor",
    "FakeTranslator",
    "FileResult",
    "Finding",
    "Glossary",
    "GlossaryEntry",
    "GlossaryFormatError",
    "IndexEntry",
    "InputError",
    "InstalledModel",
    "LanguageError",
    "LocalExecutor",
    "MemoryEntry",
    "MemoryKey",
    "MemoryStats",
    "MemoryStoreError",
    "MemoryTranslator",
    "ModelError",
    "ModelIndexError",
    "ModelNotInstalledError",
    "ModelPackageError",
    "ModelsScan",
    "NewsL10nError",
    "PairInfo",
    "Paragraph",
    "ParallelArticle",
    "PrefixTranslator",
    "ProgressCallback",
    "RayExecutor",
    "RayNotInstalledError",
    "Segment",
    "SegmentedText",
    "Sentence",
    "SentenceCodec",
    "SentenceResult",
    "Severity",
    "Term",
    "TermFinding",
    "TermOccurrence",
    "TermStatus",
    "TermStrategy",
    "TmxDocument",
    "TranslationError",
    "TranslationMemory",
    "TranslationUnit",
    "Translator",
    "__version__",
    "add_term",
    "check_source",
    "check_terms",
    "check_translation",
    "clear_model_cache",
    "compile_catalogs",
    "decode_text",
    "decode_text_report",
    "default_memory_path",
    "default_strategy",
    "describe_pair",
    "detect_language",
    "expected_languages",
    "fetch_index",
    "find_config",
    "find_route",
    "init_catalogs",
    "install_from_index",
    "install_package_file",
    "language_name",
    "list_installed",
    "load_config",
    "load_glossary",
    "locale_stats",
    "memory_keys",
    "models_dir",
    "normalize_language",
    "open_translator",
    "reachable_routes",
    "read_alignment",
    "read_glossary",
    "read_text",
    "read_text_report",
    "read_tmx",
    "remove_model",
    "remove_term",
    "render_text",
    "resolve_glossary",
    "scan_installed",
    "seed_glossary",
    "segment_text",
    "set_ui_language",
    "split_long_sentence",
    "split_sentences",
    "term_accuracy",
    "thread_layout",
    "translate_article",
    "translate_catalogs",
    "translate_file",
    "translate_files",
    "translate_sentences",
    "update_catalogs",
    "write_alignment",
    "write_article_tmx",
    "write_parallel",
    "write_tmx",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'newsl10n' has no attribute {name!r}")
    value = getattr(import_module(f"newsl10n.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from newsl10n.catalog.catalogs import init_catalogs, locale_stats
    from newsl10n.catalog.compile import compile_catalogs
    from newsl10n.catalog.merge import update_catalogs
    from newsl10n.catalog.pretranslate import translate_catalogs
    from newsl10n.cluster import ClusterError, RayExecutor, RayNotInstalledError
    from newsl10n.config import Config, find_config, load_config
    from newsl10n.detect import Detection, check_source, detect_language, expected_languages
    from newsl10n.errors import (
        CatalogError,
        ConfigError,
        GlossaryFormatError,
        InputError,
        LanguageError,
        MemoryStoreError,
        ModelError,
        ModelIndexError,
        ModelNotInstalledError,
        ModelPackageError,
        NewsL10nError,
        TranslationError,
    )
    from newsl10n.files import Executor, FileResult, LocalExecutor, translate_file, translate_files
    from newsl10n.findings import Finding, Severity
    from newsl10n.glossary.accuracy import TermFinding, check_terms, term_accuracy
    from newsl10n.glossary.apply import SentenceCodec, SentenceResult, translate_sentences
    from newsl10n.glossary.context import Evidence
    from newsl10n.glossary.edit import add_term, remove_term, seed_glossary
    from newsl10n.glossary.enforce import TermOccurrence, TermStatus, TermStrategy, default_strategy
    from newsl10n.glossary.io import load_glossary, read_glossary, resolve_glossary
    from newsl10n.glossary.model import Glossary, GlossaryEntry, Term
    from newsl10n.i18n import set_ui_language
    from newsl10n.languages import language_name, normalize_language
    from newsl10n.parallel.align import (
        ParallelArticle,
        Segment,
        read_alignment,
        render_text,
        write_alignment,
        write_article_tmx,
        write_parallel,
    )
    from newsl10n.parallel.tmx import TmxDocument, TranslationUnit, read_tmx, write_tmx
    from newsl10n.pipeline import translate_article
    from newsl10n.progress import ProgressCallback
    from newsl10n.segment import (
        Paragraph,
        SegmentedText,
        Sentence,
        segment_text,
        split_long_sentence,
        split_sentences,
    )
    from newsl10n.textio import Decoded, decode_text, decode_text_report, read_text, read_text_report
    from newsl10n.translation.argos import (
        ArgosTranslator,
        EngineOptions,
        clear_model_cache,
        open_translator,
        thread_layout,
    )
    from newsl10n.translation.fake import FakeTranslator
    from newsl10n.translation.index import IndexEntry, fetch_index, install_from_index
    from newsl10n.translation.memory import (
        MemoryEntry,
        MemoryKey,
        MemoryStats,
        TranslationMemory,
        default_memory_path,
        memory_keys,
    )
    from newsl10n.translation.memory_translator import MemoryTranslator
    from newsl10n.translation.models import (
        InstalledModel,
        ModelsScan,
        find_route,
        list_installed,
        models_dir,
        reachable_routes,
        scan_installed,
    )
    from newsl10n.translation.packages import install_package_file, remove_model
    from newsl10n.translation.protocol import (
        DescribingTranslator,
        PairInfo,
        PrefixTranslator,
        Translator,
        describe_pair,
    )
    from newsl10n.translation.quality import check_translation
