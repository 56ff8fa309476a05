"""The HTTP API as Markdown, rendered from the OpenAPI document (docs/api.md).

    python -m api.apidoc > docs/api.md

The document is the single source: a test renders it again and compares, so docs/api.md never
says something the service does not do.
"""

from __future__ import annotations

import sys
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: dict[str, Any]) -> str:
    """A short type: `string (date)`, `VoteOut`, `array of UUID`, `one of: a, b`, `string or
    null`, `bytes` (a file of the media type it is listed under)."""
    if "$ref" in schema:
        return f"[{_ref_name(schema['$ref'])}](#{_ref_name(schema['$ref']).lower()})"
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            parts = [type_of(s) for s in schema[combined] if s.get("type") != "null"]
            return " or ".join(parts) + (" or null" if len(parts) < len(schema[combined])
                                         else "")
    if "enum" in schema:
        return "one of: " + ", ".join(f"`{v}`" for v in schema["enum"] if v is not None)
    if "contentMediaType" in schema and "type" not in schema:
        return "bytes"
    kinds = schema.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    nullable = "null" in kinds or schema.get("nullable")
    kind = " or ".join(k for k in kinds if k != "null")
    if kind == "array":
        kind = "array of " + type_of(schema.get("items", {}))
    elif "format" in schema:
        kind += f" ({schema['format']})"
    return kind + (" or null" if nullable else "")


def _operation(path: str, method: str, op: dict[str, Any], shared: list[dict[str, Any]]
               ) -> list[str]:
    lines = [f"### `{method.upper()} {path}`", ""]
    if op.get("operationId"):
        lines += [f"Operation `{op['operationId']}`.", ""]
    if op.get("summary"):
        lines += [op["summary"], ""]
    if op.get("description"):
        lines += [op["description"].strip(), ""]
    if op.get("security") == []:
        lines += ["No token needed.", ""]
    params = [*shared, *op.get("parameters", [])]
    if params:
        lines += ["| parameter | in | type | required | description |", "|---|---|---|---|---|"]
        for p in params:
            lines.append(
                f"| `{p['name']}` | {p['in']} | {_cell(type_of(p.get('schema', {})))} | "
                f"{'yes' if p.get('required') else 'no'} | {_cell(p.get('description', ''))} |"
            )
        lines.append("")
    body = op.get("requestBody", {}).get("content", {})
    for media, content in body.items():
        lines += [f"Body ({media}): {type_of(content.get('schema', {}))}", ""]
    answers = []
    for code, response in sorted(op.get("responses", {}).items()):
        if "$ref" in response:
            answers.append(f"{code} (problem+json)")
            continue
        media = ", ".join(
            f"{m}" + (f" {type_of(c['schema'])}" if c.get("schema") else "")
            for m, c in response.get("content", {}).items()
        )
        headers = ", ".join(f"`{h}`" for h in response.get("headers", {}))
        answers.append(f"{code}" + (f": {media}" if media else "")
                       + (f" (headers {headers})" if headers else ""))
    lines += ["Answers: " + "; ".join(answers), ""]
    return lines


def _schema(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    props = schema.get("properties", {})
    if not props:
        return [*lines, type_of(schema), ""]
    required = set(schema.get("required", ()))
    lines += ["| field | type | required | notes |", "|---|---|---|---|"]
    for field, spec in props.items():
        notes = []
        if spec.get("readOnly"):
            notes.append("read-only")
        if spec.get("description"):
            notes.append(spec["description"])
        lines.append(f"| `{field}` | {_cell(type_of(spec))} | "
                     f"{'yes' if field in required else 'no'} | {_cell('; '.join(notes))} |")
    return [*lines, ""]


def render(spec: dict[str, Any]) -> str:
    info = spec.get("info", {})
    lines = [
        f"# {info.get('title', 'API')} HTTP API {info.get('version', '')}".rstrip(), "",
        "<!-- Rendered from the OpenAPI document by `python -m api.apidoc`; do not edit. -->",
        "", info.get("description", ""), "",
        "Every path under `/v1/` needs `Authorization: Bearer <token>`. The running service "
        "serves this document at `/openapi.json` and a browsable page at `/docs`.", "",
    ]
    tags = {t["name"]: t.get("description", "") for t in spec.get("tags", [])}
    grouped: dict[str, list[tuple[str, str, dict[str, Any], list[dict[str, Any]]]]] = {}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method in item:
                op = item[method]
                tag = (op.get("tags") or ["other"])[0]
                grouped.setdefault(tag, []).append((path, method, op, shared))
    lines += ["## Contents", ""]
    lines += [f"- [{tags.get(tag) or tag}](#{tag})" for tag in grouped]
    lines += ["- [Schemas](#schemas)", ""]
    for tag, operations in grouped.items():
        lines += [f'<a id="{tag}"></a>', "", f"## {tags.get(tag) or tag}", ""]
        for path, method, op, shared in operations:
            lines += _operation(path, method, op, shared)
    lines += ['<a id="schemas"></a>', "", "## Schemas", ""]
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        lines += [f'<a id="{name.lower()}"></a>', "", *_schema(name, schema)]
    return "\n".join(lines).rstrip() + "\n"


def served_spec() -> dict[str, Any]:
    """The document as the service serves it (built on an in-memory store)."""
    from api import create_app

    app = create_app({"KIEZLEDGER_DATABASE_URL": "memory://"})
    return app.test_client().get("/openapi.json").get_json()


if __name__ == "__main__":
    sys.stdout.write(render(served_spec()))
