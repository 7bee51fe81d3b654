"""The request and response bodies of the native API (``/v1/...``), as pydantic models.

They make ``/openapi.json`` (and the docs page) describe each field. Responses are built
from the library's own JSON forms (``ParallelArticle.to_dict``, ``TermFinding.as_dict``...)
and returned as they are: these models document them, they do not re-shape them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ApprovalRequest",
    "ApprovalResponse",
    "ArticleRequest",
    "ArticleResponse",
    "ErrorResponse",
    "GlossaryCheckRequest",
    "GlossaryCheckResponse",
    "GlossaryEntryModel",
]


class _Strict(BaseModel):
    """A request body: unknown fields are refused; ``api_key`` may come with any."""

    model_config = ConfigDict(extra="forbid")

    api_key: str | None = Field(None, description="The API key, when the server requires one.")


class ErrorResponse(BaseModel):
    """What every error answer holds."""

    error: str = Field(description="What is wrong, one line.")


class ArticleRequest(_Strict):
    """An article to translate."""

    text: str = Field(description="The article: plain text, HTML or Markdown.", min_length=1)
    format: Literal["auto", "text", "html", "markdown"] = Field(
        "auto", description="The article's format; `auto` sniffs it."
    )
    source: str | None = Field("auto", description="Source language code; `auto` (or null) detects it.")
    targets: list[str] | str = Field(
        description='Target language codes: a list, or one comma-separated string ("ru,ky").'
    )
    glossary: bool = Field(True, description="Apply the server's glossary.")


class WarningModel(BaseModel):
    """A finding of the quality checks about one translation."""

    code: str = Field(description="repetition, copy, too-long, empty, split...")
    message: str


class TermRow(BaseModel):
    """A glossary term in a source sentence and how it was rendered in one target."""

    start: int
    end: int
    source: str = Field(description="The occurrence as written in the source.")
    msgid: str
    msgctxt: str | None
    rendering: str = Field(description="The glossary's rendering (base form).")
    form: str | None = Field(description="The form written in the translation.")
    case: str | None
    evidence: str | None = Field(description="What chose the case.")
    status: Literal["model", "inflected", "repaired", "missing"]
    target_start: int | None
    target_end: int | None


class SegmentModel(BaseModel):
    """One source sentence with its translations; each language code is a key holding its text."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": {"type": "string"}})

    id: str = Field(description="Stable segment id, `p3.s2`.")
    paragraph: int
    warnings: dict[str, list[WarningModel]] | None = Field(None, description="Per target language.")
    terms: dict[str, list[TermRow]] | None = Field(None, description="Per target language.")
    memory: list[str] | None = Field(None, description="Targets taken from the translation memory.")
    tags: list[dict[str, object]] | None = Field(None, description="Inline markup of HTML/Markdown.")


class EngineModel(BaseModel):
    """How one target was translated."""

    engine: str
    route: list[str]
    models: list[str]
    pivot: str | None
    options: str


class DetectionModel(BaseModel):
    """The detected source language."""

    language: str
    confidence: float
    candidates: list[dict[str, object]]


class VersionModel(BaseModel):
    """One language's whole article, in the article's format."""

    name: str = Field(description="Its file name: `ru.txt`, `ru.html`...")
    text: str


class ArticleResponse(BaseModel):
    """The translated article: the content of `alignment.json`, plus its id and versions."""

    format: Literal["newsl10n-alignment"]
    version: int
    source: str
    targets: list[str]
    copies: list[str] = Field(description="Targets asked for that are the source language.")
    article_format: Literal["text", "html", "markdown"]
    detection: DetectionModel | None = Field(description="Null when the source was given.")
    engines: dict[str, EngineModel]
    segments: list[SegmentModel]
    id: str = Field(description="The article's id for `/review/{id}` and `PUT /v1/segments`.")
    versions: dict[str, VersionModel] = Field(description="Per language, source included.")
    approved: dict[str, list[str]] = Field(description="Per target, the segments an editor approved.")


class GlossaryEntryModel(BaseModel):
    """One entry of one language's glossary."""

    lang: str
    msgid: str = Field(description="The English term.")
    msgctxt: str | None
    msgstr: str
    rendering: str = Field(description="The enforced rendering (msgstr, or msgid when read-only).")
    fuzzy: bool
    keep: bool = Field(description="Read-only: kept as written in the source.")
    enforced: bool
    notes: list[str]
    variants: dict[str, list[str]]
    grammar: str
    cues: dict[str, list[str]]


class GlossaryCheckRequest(_Strict):
    """A translation whose glossary terms are to be checked."""

    source: str
    translation: str
    source_lang: str = "en"
    target_lang: str


class TermFindingModel(BaseModel):
    """How one source occurrence of a term fares in the translation."""

    msgid: str
    msgctxt: str | None
    start: int
    end: int
    source: str
    rendering: str
    found: str | None
    match: Literal["exact", "lemma", "missing"]
    target_start: int | None
    ok: bool


class GlossaryCheckResponse(BaseModel):
    """The term accuracy of the translation (as `newsl10n glossary check --json`)."""

    accuracy: float = Field(description="Share of occurrences present; 1.0 when there are none.")
    terms: list[TermFindingModel]
    glossary: bool = Field(description="Whether the server has a glossary.")


class ApprovalRequest(_Strict):
    """An editor's correction or approval of one segment."""

    source_lang: str
    target_lang: str
    source: str | None = Field(
        None, description="The source sentence; may be left out when `article` and `segment` are given."
    )
    translation: str = Field(description="The approved translation.")
    article: str | None = Field(None, description="The id of an article from `POST /v1/articles`.")
    segment: str | None = Field(None, description="The segment id in that article (`p1.s2`).")
    approved: bool = Field(
        True,
        description="True: into the memory as human-approved, used by every later request."
        " False: only the kept article is corrected (a draft).",
    )


class ApprovalResponse(BaseModel):
    """What was stored."""

    source_lang: str
    target_lang: str
    source: str
    translation: str
    approved: bool
    origin: Literal["human"] | None = Field(description="`human` when the memory holds it, else null.")
    changed: bool = Field(description="Whether the memory changed.")
    article: str | None
    segment: str | None
