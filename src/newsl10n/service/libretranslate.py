"""LibreTranslate's API, so that its clients work unchanged against newsl10n.

The routes, fields, answers and error shapes are LibreTranslate's: ``POST /translate``,
``POST /detect``, ``GET /languages``, ``POST /translate_file`` and the download it points
to. Each takes JSON or a form (``/translate_file`` a multipart form), with the API key as
the ``api_key`` field. Differences, all additions:

* ``"glossary": false`` translates without the server's glossary;
* the source language of each text of a list is detected on its own;
* ``format`` may also be ``markdown``;
* ``alternatives`` are answered with empty lists (one translation per text).

Each route calls one library function, in a worker thread (:meth:`ServiceState.run`): a
list ``q`` goes through :func:`newsl10n.texts.translate_texts` in one call, so its texts
share engine calls.
"""

from __future__ import annotations

import json
import logging
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request, Response
from starlette.datastructures import UploadFile

from newsl10n.i18n import _
from newsl10n.service.errors import BadRequest
from newsl10n.service.security import check_length
from newsl10n.service.state import ServiceState, StoredFile

if TYPE_CHECKING:
    from newsl10n.parallel.align import ParallelArticle

__all__ = ["FILE_TYPES", "router"]

log = logging.getLogger(__name__)
router = APIRouter(tags=["LibreTranslate"])

FILE_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
"""The file types ``/translate_file`` takes, and the ``Content-Type`` of their download."""

_FALSE = ("false", "0", "no", "off")


def _state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.newsl10n
    return state


async def _fields(request: Request) -> dict[str, Any]:
    """The request's fields: its JSON object, else its form (and query string).

    Raises:
        BadRequest: The JSON does not parse or is not an object.
    """
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise BadRequest(_("invalid JSON")) from None
        if not isinstance(data, dict):
            raise BadRequest(_("invalid JSON"))
        return data
    fields: dict[str, Any] = dict(request.query_params)
    if _is_form(request):
        form = await request.form()
        fields.update((key, form.get(key)) for key in form)
    return fields


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in ("application/x-www-form-urlencoded", "multipart/form-data")


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _text_field(fields: dict[str, Any], name: str, required: bool = True) -> str | None:
    value = fields.get(name)
    if value is None or value == "":
        if required:
            raise BadRequest(_("invalid request: missing {name} parameter").format(name=name))
        return None
    if not isinstance(value, str):
        raise BadRequest(_("invalid request: {name} must be a string").format(name=name))
    return value


def _texts(fields: dict[str, Any], form: bool, limit: int) -> list[str]:
    """``q`` as a list of texts, checked: present, strings, within ``limit`` characters."""
    q = fields.get("q")
    if not q:
        raise BadRequest(_("invalid request: missing {name} parameter").format(name="q"))
    texts = q if isinstance(q, list) else [q]
    if not all(isinstance(text, str) for text in texts):
        raise BadRequest(_("invalid request: {name} must be a string").format(name="q"))
    if form:
        texts = ["\n".join(text.splitlines()) for text in texts]  # as LibreTranslate counts them
    check_length(texts, limit)
    return texts


def _alternatives(fields: dict[str, Any]) -> int:
    value = fields.get("alternatives", 0)
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        raise BadRequest(_("invalid request: {name} must be a number").format(name="alternatives")) from None


def _use_glossary(fields: dict[str, Any]) -> bool:
    value = fields.get("glossary", True)
    return not (value is False or (isinstance(value, str) and value.strip().lower() in _FALSE))


def _detected(detection: dict[str, Any] | None) -> dict[str, Any]:
    """A detection as LibreTranslate gives it: the language and a confidence from 0 to 100."""
    if detection is None:
        return {"language": "und", "confidence": 0.0}
    return {"language": detection["language"], "confidence": round(100 * detection["confidence"], 1)}


@router.post("/translate", summary="Translate text (LibreTranslate)")
async def translate(request: Request) -> dict[str, Any]:
    """Translate ``q`` (a text or a list) from ``source`` (a code or ``auto``) into ``target``.

    Answers ``{"translatedText": ...}``, with ``detectedLanguage`` for ``auto`` and
    ``alternatives`` when asked for (empty), each a list for a list ``q``.
    """
    from newsl10n.formats import check_format
    from newsl10n.texts import translate_texts

    state = _state(request)
    fields = await _fields(request)
    state.admit(_text_field(fields, "api_key", required=False), _client(request))
    texts = _texts(fields, _is_form(request), state.config.max_chars)
    source = _text_field(fields, "source")
    target = str(_text_field(fields, "target"))
    text_format = check_format(_text_field(fields, "format", required=False) or "text")
    alternatives = _alternatives(fields)
    glossary = state.glossary() if _use_glossary(fields) else None
    wanted = [i for i, text in enumerate(texts) if text.strip()]  # blank texts come back as sent
    if state.config.log_text:
        log.debug("translate %s -> %s: %r", source, target, texts)

    def work() -> list[ParallelArticle]:
        return translate_texts(
            [texts[i] for i in wanted],
            [target],
            None if source == "auto" else source,
            translator=state.translator,
            glossary=glossary,
            memory=state.memory(),
            format=text_format,
        )

    articles = dict(zip(wanted, await state.run(work))) if wanted else {}
    outputs = [_rendered(text, articles[i]) if i in articles else text for i, text in enumerate(texts)]
    detections = [_detected(articles[i].detection if i in articles else None) for i in range(len(texts))]
    listed = isinstance(fields["q"], list)
    answer: dict[str, Any] = {"translatedText": outputs if listed else outputs[0]}
    if source == "auto":
        answer["detectedLanguage"] = detections if listed else detections[0]
    if alternatives:
        answer["alternatives"] = [[] for _text in texts] if listed else []
    return answer


def _version(article: ParallelArticle) -> str:
    """The article in its (one) target language: the source itself when it already is."""
    return article.version(article.targets[0] if article.targets else article.source)


def _rendered(source: str, article: ParallelArticle) -> str:
    """The translation of ``source``: a text version ends with a newline only if it did."""
    version = _version(article)
    return version if source.endswith("\n") else version.rstrip("\n")


@router.post("/detect", summary="Detect the language of text (LibreTranslate)")
async def detect(request: Request) -> list[dict[str, Any]]:
    """The likely languages of ``q``, most likely first: ``[{language, confidence}]``."""
    from newsl10n.detect import detect_language

    state = _state(request)
    fields = await _fields(request)
    state.admit(_text_field(fields, "api_key", required=False), _client(request))
    text = "\n\n".join(_texts(fields, False, state.config.max_chars))
    found = await state.run(lambda: detect_language(text))
    if not found.candidates:
        return [_detected(None)]
    return [_detected({"language": code, "confidence": p}) for code, p in found.candidates]


@router.get("/languages", summary="Supported languages (LibreTranslate)")
async def languages(request: Request) -> list[dict[str, Any]]:
    """Every source language with its targets, pivot routes included."""
    from newsl10n.languages import language_name

    routes = _state(request).routes
    return [{"code": code, "name": language_name(code), "targets": to} for code, to in routes.items()]


@router.post("/translate_file", summary="Translate a file (LibreTranslate)")
async def translate_file(request: Request) -> dict[str, str]:
    """Translate an uploaded ``.txt``, ``.html`` or ``.md`` file (multipart field ``file``).

    Answers ``{"translatedFileUrl": ...}``: where to download the translation, kept in
    memory under a random id (the oldest go first).
    """
    from newsl10n.pipeline import translate_article
    from newsl10n.textio import decode_text

    state = _state(request)
    fields = await _fields(request)
    state.admit(_text_field(fields, "api_key", required=False), _client(request))
    upload = fields.get("file")
    if not isinstance(upload, UploadFile):
        raise BadRequest(_("invalid request: missing {name} parameter").format(name="file"))
    source = _text_field(fields, "source")
    target = str(_text_field(fields, "target"))
    name = PurePosixPath((upload.filename or "").replace("\\", "/")).name
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in FILE_TYPES:
        raise BadRequest(_("unsupported file type; send {types}").format(types=", ".join(sorted(FILE_TYPES))))
    data = await upload.read()
    glossary = state.glossary() if _use_glossary(fields) else None

    def work() -> str:
        text = decode_text(data, name)
        check_length([text], state.config.max_chars)
        article = translate_article(
            text,
            [target],
            None if source == "auto" else source,
            translator=state.translator,
            glossary=glossary,
            memory=state.memory(),
            name=name,
        )
        return _version(article)

    translated = await state.run(work)
    stem = PurePosixPath(name).stem or "file"
    stored = StoredFile(f"{stem}.{target}{suffix}", translated.encode("utf-8"), FILE_TYPES[suffix])
    key = state.files.add(stored)
    return {"translatedFileUrl": str(request.url_for("download_file", key=key))}


@router.get("/download_file/{key}", summary="Download a translated file (LibreTranslate)")
async def download_file(request: Request, key: str) -> Response:
    """The file ``/translate_file`` translated, as an attachment.

    Raises:
        HTTPException: 404 for an unknown or forgotten id.
    """
    from fastapi import HTTPException

    stored = _state(request).files.get(key)
    if stored is None:
        raise HTTPException(404, "Not Found")
    disposition = f"attachment; filename*=UTF-8''{_quoted(stored.name)}"
    return Response(stored.data, media_type=stored.media_type, headers={"Content-Disposition": disposition})


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
