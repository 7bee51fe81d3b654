"""The articles a service process keeps for review: a bounded, in-memory LRU.

``POST /v1/articles`` keeps each translated article under a random id, so that the review
page (``/review/<id>``) can show it and corrections (``PUT /v1/segments``) can update it.
The store holds at most :data:`MAX_ARTICLES`; the least recently used one goes first.
Nothing is written to disk: a restart forgets the articles (the approvals are in the
translation memory).
"""

from __future__ import annotations

import copy
import secrets
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI

from newsl10n.parallel.align import ParallelArticle

__all__ = ["MAX_ARTICLES", "ArticleStore", "KeptArticle", "article_store"]

MAX_ARTICLES = 256
"""Most articles a process keeps for review."""


@dataclass
class KeptArticle:
    """A translated article and what editors approved in it.

    Attributes:
        id: The id it is kept under.
        article: The article (its segments updated by corrections).
        approved: ``(segment id, language)`` of every segment an editor approved.
    """

    id: str
    article: ParallelArticle
    approved: set[tuple[str, str]] = field(default_factory=set)

    def payload(self) -> dict[str, Any]:
        """The JSON answer of ``/v1/articles``: ``alignment.json``'s content, id, versions, approvals."""
        article = self.article
        versions = {
            lang: {"name": article.version_name(lang), "text": article.version(lang)}
            for lang in article.languages
        }
        approved: dict[str, list[str]] = {}
        for segment in article.segments:
            for lang in article.targets:
                if (segment.id, lang) in self.approved:
                    approved.setdefault(lang, []).append(segment.id)
        return {**article.to_dict(), "id": self.id, "versions": versions, "approved": approved}


class ArticleStore:
    """At most ``limit`` articles by id, least recently used dropped first; thread-safe.

    Args:
        limit: Most articles kept.
    """

    def __init__(self, limit: int = MAX_ARTICLES) -> None:
        self.limit = limit
        self._items: OrderedDict[str, KeptArticle] = OrderedDict()
        self.lock = threading.RLock()
        """Held while an article is read or changed."""

    def __len__(self) -> int:
        with self.lock:
            return len(self._items)

    def add(self, article: ParallelArticle) -> KeptArticle:
        """Keep ``article`` under a new id and return it."""
        kept = KeptArticle(secrets.token_urlsafe(12), article)
        with self.lock:
            self._items[kept.id] = kept
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        return kept

    def get(self, article_id: str) -> KeptArticle | None:
        """The article kept under ``article_id`` (now the most recently used), or ``None``."""
        with self.lock:
            kept = self._items.get(article_id)
            if kept is not None:
                self._items.move_to_end(article_id)
            return kept

    def snapshot(self, article_id: str) -> KeptArticle | None:
        """A copy of the article kept under ``article_id``, safe to render while others change it."""
        with self.lock:
            kept = self.get(article_id)
            if kept is None:
                return None
            article = copy.copy(kept.article)
            article.segments = [copy.deepcopy(s) for s in kept.article.segments]
            return KeptArticle(kept.id, article, set(kept.approved))

    def correct(self, article_id: str, segment_id: str, lang: str, text: str, *, approved: bool) -> bool:
        """Put ``text`` as ``lang``'s translation of a segment; ``False`` when there is no such segment."""
        with self.lock:
            kept = self.get(article_id)
            if kept is None or lang not in kept.article.targets:
                return False
            for segment in kept.article.segments:
                if segment.id == segment_id:
                    segment.text[lang] = text
                    if approved:
                        kept.approved.add((segment_id, lang))
                    else:
                        kept.approved.discard((segment_id, lang))
                    return True
        return False


_LOCK = threading.Lock()
_STORES: weakref.WeakKeyDictionary[FastAPI, ArticleStore] = weakref.WeakKeyDictionary()


def article_store(app: FastAPI) -> ArticleStore:
    """The article store of ``app``, created on first use (one per application)."""
    with _LOCK:
        store = _STORES.get(app)
        if store is None:
            store = _STORES[app] = ArticleStore()
        return store
