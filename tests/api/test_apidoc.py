"""docs/api.md is the OpenAPI document rendered: it may never drift from what is served."""

from __future__ import annotations

from pathlib import Path

from api.apidoc import render, served_spec

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_docs_api_md_is_the_served_document_rendered():
    assert DOC.read_text(encoding="utf-8") == render(served_spec()), (
        "docs/api.md is stale: run `python -m api.apidoc > docs/api.md`"
    )


def test_render_lists_parameters_body_answers_and_schemas():
    spec = {
        "info": {"title": "T", "version": "v1", "description": "D."},
        "tags": [{"name": "votes", "description": "Votes"}],
        "paths": {"/v1/votes/{id}/close": {
            "parameters": [{"in": "path", "name": "id", "required": True,
                            "schema": {"type": "string", "format": "uuid"}}],
            "post": {
                "tags": ["votes"], "summary": "Close the vote",
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/CloseIn"}}}},
                "responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/VoteOut"}}}},
                    "409": {"$ref": "#/components/responses/CONFLICT"}},
            },
        }},
        "components": {"schemas": {"CloseIn": {
            "properties": {"closed_on": {"type": "string", "format": "date"}},
            "required": ["closed_on"]}}},
    }
    text = render(spec)
    assert "### `POST /v1/votes/{id}/close`" in text
    assert "| `id` | path | string (uuid) | yes |  |" in text
    assert "Body (application/json): [CloseIn](#closein)" in text
    assert "Answers: 200: application/json [VoteOut](#voteout); 409 (problem+json)" in text
    assert "| `closed_on` | string (date) | yes |  |" in text


def test_types_of_openapi_3_1_render_with_their_null_and_bytes():
    from api.apidoc import type_of

    assert type_of({"type": ["string", "null"], "format": "date"}) == "string (date) or null"
    assert type_of({"anyOf": [{"$ref": "#/components/schemas/CountOut"}, {"type": "null"}]}
                   ) == "[CountOut](#countout) or null"
    assert type_of({"format": "binary", "contentMediaType": "application/pdf"}) == "bytes"
    assert type_of({"type": "array", "items": {"type": "string", "format": "uuid"}}) == (
        "array of string (uuid)")
