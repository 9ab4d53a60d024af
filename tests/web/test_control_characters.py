"""Control characters in every text field of the API are a clear 422, the same on SQLite and
PostgreSQL (PostgreSQL cannot store NUL: it used to be a 500 there, and stored on SQLite).

The fields are not listed by hand: the test walks the app's own OpenAPI schema (request bodies,
path and query parameters) and Hypothesis puts generated text with control characters in each
string field, the other fields holding valid values, as a client would send them.
"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.conftest import db_url, postgres_url  # noqa: F401 -- fixtures, used by name
from tests.tutor.fakes import ScriptedModel, ScriptedProvider
from tests.web.conftest import CSRF
from zuoye.providers import Registry
from zuoye.settings import Settings
from zuoye.store import Store
from zuoye.store.users import Accounts
from zuoye.web import create_app

# What the API refuses: C0 controls but tab and line breaks, DEL, C1.
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]]


@dataclass(frozen=True)
class TextField:
    """A string the API takes: where it goes (body, path or query) and its schema."""

    method: str
    path: str
    where: str
    name: str
    schema: dict[str, Any]
    body: dict[str, Any] | None  # the operation's body schema, if it has one


def text_fields(spec: dict[str, Any]) -> list[TextField]:
    components = spec.get("components", {}).get("schemas", {})

    def resolve(schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = components[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    found = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            body = None
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = resolve(content["application/json"]["schema"])
                for name, prop in body.get("properties", {}).items():
                    if is_text(resolve(prop), resolve):
                        found.append(TextField(method, path, "body", name, prop, body))
            for param in op.get("parameters", []):
                # HTTP itself refuses control characters in headers (h11, before the app): the
                # text that can carry them arrives in bodies, paths and queries.
                if param["in"] != "header" and is_text(resolve(param["schema"]), resolve):
                    found.append(TextField(method, path, param["in"], param["name"], param["schema"], body))
    return found


def is_text(schema: dict[str, Any], resolve: Any) -> bool:
    branches = [resolve(s) for s in schema.get("anyOf", [])] or [schema]
    return any(b.get("type") == "string" for b in branches)


def valid(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A valid value for a schema (for the fields not under test)."""
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    branches = schema.get("anyOf", [schema])
    branch = next((b for b in branches if b.get("type") != "null"), branches[0])
    if "enum" in branch:
        return branch["enum"][0]
    if branch.get("type") == "string":
        return "0" * 32 if "pattern" in branch else "问题"
    if branch.get("type") == "integer":
        return max(1, branch.get("minimum", 1))
    if branch.get("type") == "boolean":
        return False  # "stream": false — and never a real answer: the request is refused first
    return None


@st.composite
def with_control_characters(draw: st.DrawFn) -> str:
    """Text (any script, any length up to a few dozen) with at least one control character."""
    text = draw(st.text(st.characters(codec="utf-8"), max_size=30))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(CONTROLS)) + text[at:]
    return text


def test_the_walk_finds_every_text_field_a_person_types(tmp_path: Path) -> None:
    app = create_app(
        Settings(multi_user=True)._validated(),
        store=Store("sqlite:///" + str(tmp_path / "w.db")),
        registry=Registry([]),
    )
    fields = {(f.path, f.where, f.name) for f in text_fields(app.openapi())}
    assert {
        ("/api/login", "body", "name"),
        ("/api/login", "body", "password"),
        ("/api/ask", "body", "question"),
        ("/api/ask", "body", "model"),
        ("/api/conversations", "body", "title"),
        ("/api/tokens", "body", "label"),
        ("/api/conversations/{conversation_id}", "path", "conversation_id"),
    } <= fields
    app.state.zuoye.store.close()


def test_control_characters_in_any_text_field_are_refused_with_422(db_url: str, tmp_path: Path) -> None:  # noqa: F811
    store = Store(db_url)
    app = create_app(
        Settings(home=tmp_path, multi_user=True)._validated(),
        store=store,
        registry=Registry([ScriptedProvider(ScriptedModel())]),  # no replies: nothing may be answered
    )
    spec = app.openapi()
    components = spec["components"]["schemas"]
    fields = text_fields(spec)
    # A teacher can call every endpoint (the students' ones too): each request reaches validation.
    teacher = Accounts(store).create_user(name="teacher", role="teacher")
    secret, _ = Accounts(store).issue_token(user_id=teacher.id)
    seen: set[tuple[str, str, str]] = set()

    with asyncio.Runner() as runner:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app),
            base_url="http://t",
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"} | CSRF,
        )

        @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(field=st.sampled_from(fields), value=with_control_characters())
        def check(field: TextField, value: str) -> None:
            seen.add((field.method, field.path, field.name))
            params = {}
            path = field.path
            for name in re.findall(r"{(\w+)}", path):
                given_value = value if (field.where, field.name) == ("path", name) else "0" * 32
                path = path.replace("{" + name + "}", urllib.parse.quote(given_value, safe=""))
            if field.where == "query":
                params[field.name] = value
            content = None
            if field.body is not None:
                body = {
                    name: valid(prop, components)
                    for name, prop in field.body.get("properties", {}).items()
                    if name in field.body.get("required", []) or name == "stream"
                }
                if field.where == "body":
                    body[field.name] = value
                # ASCII-escaped JSON: any text survives the trip, as from any JSON client
                content = json.dumps(body, ensure_ascii=True)
            response = runner.run(client.request(field.method, path, params=params, content=content))
            assert response.status_code < 500, (field, value, response.status_code, response.text)
            if field.where == "path" and "/" in value:
                # %2F is a slash to the router: another path (no route, or a trailing-slash redirect)
                assert response.status_code in (307, 404, 405), (field, value, response.status_code)
                return
            assert response.status_code == 422, (field, value, response.status_code, response.text)
            error = response.json()["error"]
            assert error["code"] == "invalid_request" and error["message"]
            free_text = "enum" not in json.dumps(field.schema) and "pattern" not in json.dumps(field.schema)
            if field.where == "body" and free_text:
                # Chinese: the request names no language (English is tested in tests/web/test_language.py)
                assert "不能含有控制字符" in error["message"], error

        try:
            check()
        finally:
            runner.run(client.aclose())
            runner.run(app.state.zuoye.aclose())
            store.close()
    assert len(seen) > len(fields) // 2  # the examples were spread over the fields


@pytest.mark.anyio
async def test_tab_and_line_breaks_are_still_text(tmp_path: Path) -> None:
    model = ScriptedModel(["第一行的回答。"])
    app = create_app(
        Settings(home=tmp_path)._validated(),
        store=Store("sqlite:///" + str(tmp_path / "w.db")),
        registry=Registry([ScriptedProvider(model)]),
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        r = await c.post("/api/ask", json={"question": "第一行\n\t第二行\r\n", "stream": False})
        assert r.status_code == 200, r.text
        assert r.json()["turn"]["question"] == "第一行\n\t第二行"
    await app.state.zuoye.aclose()
    app.state.zuoye.store.close()
