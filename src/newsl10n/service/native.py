"""newsl10n's own API: articles, the glossary, editors' approvals and the review page.

* ``POST /v1/articles`` translates an article (:func:`newsl10n.pipeline.translate_article`
  with the server's glossary and memory) and answers the content of ``alignment.json``,
  each language's version and an ``id`` under which the article is kept for review
  (:mod:`newsl10n.service.articles`); ``GET /v1/articles/{id}`` answers it again, with
  the corrections made since.
* ``GET /v1/glossary`` lists the server glossary's entries; ``POST /v1/glossary/check``
  checks the terms of a translation (:func:`newsl10n.glossary.accuracy.check_terms`, as
  ``newsl10n glossary check``).
* ``PUT /v1/segments`` stores an editor's correction or approval in the translation memory
  as human-approved (:func:`newsl10n.glossary.approval.approve_translation`): every later
  translation of that sentence, here or through ``/translate``, is the editor's.
* ``GET /review/{id}`` (and ``/review?article=id``) is the review page of a kept article
  (:func:`newsl10n.parallel.review.render_review`), editable through ``PUT /v1/segments``.
* ``GET /docs`` is the offline docs page of ``/openapi.json`` (:mod:`newsl10n.service.docs`).

Each endpoint parses its body, runs one library call in a worker thread and renders the
answer; errors are ``NewsL10nError`` subclasses or ``HTTPException`` (``errors.py`` turns
them into ``{"error": message}``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from newsl10n.errors import InputError
from newsl10n.glossary.accuracy import check_terms, term_accuracy
from newsl10n.glossary.approval import approve_translation, checked_translation
from newsl10n.i18n import _
from newsl10n.languages import normalize_language
from newsl10n.parallel.review import EditMode, render_review
from newsl10n.pipeline import translate_article
from newsl10n.service import docs
from newsl10n.service.articles import MAX_ARTICLES, ArticleStore, KeptArticle, article_store
from newsl10n.service.models import (
    ApprovalRequest,
    ApprovalResponse,
    ArticleRequest,
    ArticleResponse,
    ErrorResponse,
    GlossaryCheckRequest,
    GlossaryCheckResponse,
    GlossaryEntryModel,
)
from newsl10n.service.security import check_length
from newsl10n.service.state import ServiceState
from newsl10n.translation.memory import normalize_segment

__all__ = ["router"]

router = APIRouter()
router.include_router(docs.router)

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Bad request: unknown language, no model, bad input."},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such article (it may have been forgotten)."}
}


def _state(request: Request) -> ServiceState:
    state = request.app.state.newsl10n
    if not isinstance(state, ServiceState):  # pragma: no cover - the lifespan sets it
        raise RuntimeError("the service state is missing: was the application started?")
    return state


def _admit(state: ServiceState, request: Request, key: str | None = None) -> None:
    """Let the request in (API key from the body, else the query string; rate limit)."""
    state.admit(
        key or request.query_params.get("api_key"), request.client.host if request.client else "unknown"
    )


def _store(request: Request) -> ArticleStore:
    app = request.app
    return article_store(app)


def _kept(store: ArticleStore, article_id: str) -> KeptArticle:
    kept = store.snapshot(article_id)
    if kept is None:
        raise HTTPException(
            404,
            # TRANSLATORS: the service keeps the last {n} translated articles for review.
            _("no article {id}; the server keeps only the last {n} articles").format(
                id=article_id, n=MAX_ARTICLES
            ),
        )
    return kept


@router.post(
    "/v1/articles",
    summary="Translate an article into its targets",
    description="Detects, segments and translates the article with the server's glossary and"
    " memory; answers the content of alignment.json, each language's version and an id for"
    " the review page and for corrections.",
    response_model=ArticleResponse,
    responses={**_ERRORS, 413: {"model": ErrorResponse, "description": "The text is too long."}},
    tags=["native"],
)
async def post_article(body: ArticleRequest, request: Request) -> JSONResponse:
    """Translate one article; keep it for review."""
    state = _state(request)
    _admit(state, request, body.api_key)
    check_length([body.text], state.config.max_chars)
    store = _store(request)

    def work() -> dict[str, Any]:
        article = translate_article(
            body.text,
            body.targets,
            body.source,
            translator=state.translator,
            glossary=state.glossary() if body.glossary else None,
            memory=state.memory(),
            format=body.format,
        )
        return store.add(article).payload()

    return JSONResponse(await state.run(work))


@router.get(
    "/v1/articles/{article_id}",
    summary="A translated article, with the corrections made since",
    response_model=ArticleResponse,
    responses=_NOT_FOUND,
    tags=["native"],
)
async def get_article(article_id: str, request: Request) -> JSONResponse:
    """An article kept by ``POST /v1/articles``."""
    state = _state(request)
    _admit(state, request)
    kept = _kept(_store(request), article_id)
    return JSONResponse(await state.run(kept.payload))


@router.get(
    "/v1/glossary",
    summary="The server glossary's entries",
    description="Every entry of every language (fuzzy ones too); an empty list without a glossary.",
    response_model=list[GlossaryEntryModel],
    tags=["native"],
)
async def get_glossary(
    request: Request, lang: str | None = Query(None, description="Only the entries of this language.")
) -> JSONResponse:
    """The glossary's entries, as JSON rows."""
    state = _state(request)
    _admit(state, request)

    def work() -> list[dict[str, Any]]:
        glossary = state.glossary()
        if glossary is None:
            return []
        code = normalize_language(lang) if lang else None
        return [
            {
                "lang": e.lang,
                "msgid": e.msgid,
                "msgctxt": e.msgctxt,
                "msgstr": e.msgstr,
                "rendering": e.rendering,
                "fuzzy": e.fuzzy,
                "keep": e.keep,
                "enforced": e.enforced,
                "notes": list(e.notes),
                "variants": {k: list(v) for k, v in e.variants.items()},
                "grammar": e.grammar_hint,
                "cues": {k: list(v) for k, v in e.cues.items()},
            }
            for e in glossary.entries(code)
        ]

    return JSONResponse(await state.run(work))


@router.post(
    "/v1/glossary/check",
    summary="Check the glossary terms of a translation",
    description="As `newsl10n glossary check`: each source occurrence of a term is `exact`,"
    " `lemma` (another form of the rendering) or `missing` in the translation.",
    response_model=GlossaryCheckResponse,
    responses=_ERRORS,
    tags=["native"],
)
async def check_glossary(body: GlossaryCheckRequest, request: Request) -> JSONResponse:
    """The term findings of a translation."""
    state = _state(request)
    _admit(state, request, body.api_key)

    def work() -> dict[str, Any]:
        src, tgt = normalize_language(body.source_lang), normalize_language(body.target_lang)
        glossary = state.glossary()
        if glossary is None:
            return {"accuracy": 1.0, "terms": [], "glossary": False}
        findings = check_terms(body.source, body.translation, src, tgt, glossary)
        return {
            "accuracy": term_accuracy(findings),
            "terms": [f.as_dict() for f in findings],
            "glossary": True,
        }

    return JSONResponse(await state.run(work))


@router.put(
    "/v1/segments",
    summary="Correct or approve a segment",
    description="With `approved` (the default) the translation goes into the translation memory"
    " as human-approved and is used for every later request (`/v1/articles`, `/translate`);"
    " with an article id and segment id the kept article is corrected too.",
    response_model=ApprovalResponse,
    responses={
        **_ERRORS,
        **_NOT_FOUND,
        409: {"model": ErrorResponse, "description": "The server runs without a translation memory."},
    },
    tags=["native"],
)
async def put_segment(body: ApprovalRequest, request: Request) -> JSONResponse:
    """Store an editor's translation of one segment."""
    state = _state(request)
    _admit(state, request, body.api_key)
    store = _store(request)
    return JSONResponse(await state.run(lambda: _approve(state, store, body)))


def _approve(state: ServiceState, store: ArticleStore, body: ApprovalRequest) -> dict[str, Any]:
    """``PUT /v1/segments`` in a worker thread."""
    src, tgt = normalize_language(body.source_lang), normalize_language(body.target_lang)
    source = _segment_source(store, body, src, tgt)
    if body.approved:
        memory = state.memory()
        if memory is None:
            raise HTTPException(
                409, _("the server has no translation memory to keep approvals in (start it with --memory)")
            )
        approval = approve_translation(
            memory, state.translator, source, body.translation, src, tgt, glossary=state.glossary()
        )
        text, changed = approval.entry.target, approval.changed
    else:
        text, changed = checked_translation(source, body.translation), False
    if body.article is not None and body.segment is not None:
        store.correct(body.article, body.segment, tgt, text, approved=body.approved)
    return {
        "source_lang": src,
        "target_lang": tgt,
        "source": source,
        "translation": text,
        "approved": body.approved,
        "origin": "human" if body.approved else None,
        "changed": changed,
        "article": body.article,
        "segment": body.segment,
    }


def _segment_source(store: ArticleStore, body: ApprovalRequest, src: str, tgt: str) -> str:
    """The source sentence of the request: given, or the kept article's segment's.

    Raises:
        InputError: Neither is given, a draft has no article, the languages are not the
            article's, or the given source is not the segment's.
        HTTPException: 404 for an unknown article or segment.
    """
    if body.article is None or body.segment is None:
        if body.article is not None or body.segment is not None:
            raise InputError(_("give both the article and the segment id, or neither"))
        if not body.approved:
            raise InputError(_("a correction that is not approved needs an article and a segment"))
        if body.source is None:
            raise InputError(_("give the source sentence, or an article and a segment"))
        return body.source
    kept = _kept(store, body.article)
    article = kept.article
    segment = next((s for s in article.segments if s.id == body.segment), None)
    if segment is None:
        raise HTTPException(
            404, _("article {id} has no segment {segment}").format(id=body.article, segment=body.segment)
        )
    if src != article.source or tgt not in article.targets:
        raise InputError(
            _("the article is translated from {src} into {targets}").format(
                src=article.source, targets=", ".join(article.targets)
            )
        )
    source = segment.text[src]
    if body.source is not None and normalize_segment(body.source) != normalize_segment(source):
        raise InputError(_("the source sentence is not the segment's"))
    return source


@router.get(
    "/review/{article_id}",
    summary="The review page of an article, editable",
    description="The article's translations side by side; each target can be corrected and"
    " approved (saved through `PUT /v1/segments`).",
    response_class=HTMLResponse,
    responses=_NOT_FOUND,
    tags=["review"],
)
async def review_page(article_id: str, request: Request) -> HTMLResponse:
    """The editable review page of a kept article."""
    state = _state(request)
    _admit(state, request)
    kept = _kept(_store(request), article_id)
    edit = EditMode(
        endpoint=str(request.app.url_path_for("put_segment")),
        article=kept.id,
        approved=frozenset(kept.approved),
    )
    page = await state.run(lambda: render_review(kept.article, edit=edit))
    return HTMLResponse(page)


@router.get(
    "/review",
    summary="The review page of an article (`?article=<id>`)",
    response_class=HTMLResponse,
    responses=_NOT_FOUND,
    tags=["review"],
)
async def review_query(
    request: Request, article: str = Query(description="The article's id from `POST /v1/articles`.")
) -> HTMLResponse:
    """``/review?article=<id>``, the same page as ``/review/<id>``."""
    return await review_page(article, request)
