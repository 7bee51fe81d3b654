"""The API docs page, ``/docs``: the OpenAPI document as one self-contained HTML page.

FastAPI's own pages load Swagger UI or ReDoc from a CDN, which an offline newsroom cannot
reach. This page is rendered on the server from ``app.openapi()``: every path with its
methods, summary and description, parameters, request body and responses, the schemas they
refer to listed at the end with their fields. Inline CSS, no script, no network asset.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

__all__ = ["render_docs", "router"]

router = APIRouter()

_METHODS = ("get", "post", "put", "patch", "delete")

_CSS = """
body { font: 15px/1.5 "DejaVu Sans", "Noto Sans", Arial, sans-serif; margin: 1.5rem auto; max-width: 60rem;
  color: #1b1e23; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1rem; }
nav ul { columns: 2; }
section.operation { border: 1px solid #c9ccd1; border-radius: 4px; padding: .3rem 1rem 1rem; margin: 1rem 0; }
.method { font: bold 13px monospace; color: #fff; border-radius: 3px; padding: 1px 6px;
  text-transform: uppercase; }
.method-get { background: #1565c0; } .method-post { background: #2e7d32; }
.method-put { background: #b26a00; }
.method-delete { background: #c62828; } .method-patch { background: #6a1b9a; }
code, .path { font-family: monospace; }
table { border-collapse: collapse; margin: .3rem 0; }
th, td { border: 1px solid #c9ccd1; padding: .15rem .5rem; text-align: left; vertical-align: top; }
.muted { color: #5b616b; }
"""


@router.get("/docs", include_in_schema=False)
async def docs_page(request: Request) -> HTMLResponse:
    """The docs page of this application's OpenAPI document."""
    return HTMLResponse(render_docs(request.app.openapi()))


def render_docs(spec: Mapping[str, Any]) -> str:
    """The docs page of the OpenAPI document ``spec``: one self-contained HTML5 page.

    Args:
        spec: An OpenAPI 3 document (``FastAPI.openapi()``).

    Returns:
        The page.
    """
    info = spec.get("info", {})
    title = f"{info.get('title', 'API')} {info.get('version', '')}".strip()
    operations = [
        (path, method, op)
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
        if method in _METHODS
    ]
    nav = "".join(
        f'<li><a href="#{_anchor(m, p)}"><span class="method method-{m}">{m}</span> '
        f'<span class="path">{_e(p)}</span></a> {_e(op.get("summary", ""))}</li>'
        for p, m, op in operations
    )
    body = "".join(_operation(path, method, op) for path, method, op in operations)
    schemas = spec.get("components", {}).get("schemas", {})
    models = "".join(_schema_section(name, schema) for name, schema in schemas.items())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1><p>{_e(info.get('description', ''))}</p>"
        '<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a>.</p>'
        f"<nav><h2>Endpoints</h2><ul>{nav}</ul></nav>{body}"
        f"<h2>Schemas</h2>{models}</body></html>\n"
    )


def _operation(path: str, method: str, op: Mapping[str, Any]) -> str:
    parts = [
        f'<section class="operation" id="{_anchor(method, path)}">',
        f'<h3><span class="method method-{method}">{method}</span> <span class="path">{_e(path)}</span>'
        f" — {_e(op.get('summary', ''))}</h3>",
    ]
    if op.get("description"):
        parts.append(f"<p>{_e(op['description'])}</p>")
    params = op.get("parameters", [])
    if params:
        rows = "".join(
            f"<tr><td><code>{_e(p.get('name'))}</code></td><td>{_e(p.get('in'))}</td>"
            f"<td>{_type(p.get('schema', {}))}</td><td>{'yes' if p.get('required') else 'no'}</td>"
            f"<td>{_e(p.get('description', ''))}</td></tr>"
            for p in params
        )
        parts.append(
            "<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>required</th>"
            f"<th>description</th></tr>{rows}</table>"
        )
    content = op.get("requestBody", {}).get("content", {})
    if content:
        kinds = "".join(
            f"<li><code>{_e(k)}</code>: {_type(v.get('schema', {}))}</li>" for k, v in content.items()
        )
        parts.append(f"<h4>Request body</h4><ul>{kinds}</ul>")
    responses = op.get("responses", {})
    if responses:
        rows = "".join(
            f"<tr><td>{_e(code)}</td><td>{_e(r.get('description', ''))}</td>"
            f"<td>{_content_types(r.get('content', {}))}</td></tr>"
            for code, r in responses.items()
        )
        parts.append(
            f"<h4>Responses</h4><table><tr><th>status</th><th>meaning</th><th>body</th></tr>{rows}</table>"
        )
    parts.append("</section>")
    return "".join(parts)


def _content_types(content: Mapping[str, Any]) -> str:
    return "<br>".join(f"<code>{_e(k)}</code> {_type(v.get('schema', {}))}" for k, v in content.items())


def _schema_section(name: str, schema: Mapping[str, Any]) -> str:
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    rows = "".join(
        f"<tr><td><code>{_e(field)}</code></td><td>{_type(sub)}</td>"
        f"<td>{'yes' if field in required else 'no'}</td>"
        f"<td>{_e(sub.get('description', ''))}{_default(sub)}</td></tr>"
        for field, sub in props.items()
    )
    table = (
        f"<table><tr><th>field</th><th>type</th><th>required</th><th>description</th></tr>{rows}</table>"
        if rows
        else f"<p>{_type(schema)}</p>"
    )
    extra = schema.get("additionalProperties")
    more = f"<p class='muted'>Other keys: {_type(extra)}</p>" if isinstance(extra, Mapping) else ""
    about = _e(schema.get("description", ""))
    return f'<section id="schema-{_e(name)}"><h3>{_e(name)}</h3><p>{about}</p>{table}{more}</section>'


def _type(schema: Mapping[str, Any]) -> str:
    """A schema's type in a few words, references linked to their section."""
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return f'<a href="#schema-{_e(name)}">{_e(name)}</a>'
    for combiner in ("anyOf", "oneOf", "allOf"):
        if combiner in schema:
            return " | ".join(_type(s) for s in schema[combiner])
    kind = schema.get("type")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), Mapping):
        return f"object of {_type(schema['additionalProperties'])}"
    if "enum" in schema:
        return " | ".join(f"<code>{_e(json.dumps(v))}</code>" for v in schema["enum"])
    if "const" in schema:
        return f"<code>{_e(json.dumps(schema['const']))}</code>"
    return _e(kind or "any")


def _default(schema: Mapping[str, Any]) -> str:
    if "default" not in schema:
        return ""
    return f" <span class='muted'>(default <code>{_e(json.dumps(schema['default']))}</code>)</span>"


def _anchor(method: str, path: str) -> str:
    return _e(f"op-{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""))


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)
