"""Schemathesis against /openapi.json: whatever a client sends that the schema allows (and much
that it does not), the server answers without a 5xx."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.tutor.fakes import ScriptedModel, ScriptedProvider
from zuoye.providers import Registry, Reply, StreamEvent, TextDelta, Usage
from zuoye.settings import Settings
from zuoye.store import Store
from zuoye.store.users import Accounts
from zuoye.web import create_app


class EchoModel(ScriptedModel):
    """Answers anything, at once."""

    async def stream(self, **_: Any) -> AsyncIterator[StreamEvent]:
        yield TextDelta("答：$x=1$。")
        yield Reply("答：$x=1$。", usage=Usage(1, 1, 2))


class Recognizer:
    text = "解方程 2x+3=7"
    lines = ("解方程 2x+3=7",)

    def __call__(self, data: bytes) -> Recognizer:
        return self


def _app(tmp_path: Path, **overrides: Any) -> tuple[Any, Store]:
    store = Store(f"sqlite:///{tmp_path / 'schema.db'}")
    app = create_app(
        Settings(home=tmp_path, **overrides)._validated(),
        store=store,
        registry=Registry([ScriptedProvider(EchoModel(supports_tools=False))]),
        recognize=Recognizer(),
    )
    return app, store


COVERED = {
    "POST /api/ask",
    "POST /api/conversations/{conversation_id}/regenerate",
    "GET /api/conversations/{conversation_id}/events",
    "POST /api/photo",
    "GET /api/photos/{photo_id}",
    "GET /api/mistakes",
    "POST /api/mistakes",
    "GET /api/mistakes/sheet",
    "DELETE /api/mistakes/{entry_id}",
    "POST /api/mistakes/{entry_id}/practice",
    "POST /api/mistakes/{entry_id}/answer",
    "GET /api/students/report",
    "GET /api/students/report.csv",
}

FUZZ = settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _fuzz(schema: Any, headers: dict[str, str] | None = None) -> list[str]:
    """Every operation, positive and negative examples; the failures, described."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case: Any) -> None:
                case.call_and_validate(headers=headers, checks=[not_a_server_error])

            try:
                check()
            except Unsatisfiable:
                pass  # nothing to get wrong: an operation without parameters has no negative cases
            except Exception as exc:  # collected, so one run reports every failing operation
                failures.append(f"{operation.label} ({mode.value}): {str(exc)[:800]}")
    return failures


def test_single_user_api_never_fails_with_a_server_error(tmp_path: Path) -> None:
    app, store = _app(tmp_path)
    try:
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        labels = {result.ok().label for result in schema.get_all_operations()}
        # every route a student's or an adult's data goes through is in the schema, so fuzzed
        assert len(labels) >= 15 and labels >= COVERED, COVERED - labels
        assert _fuzz(schema) == []
    finally:
        store.close()


def test_multi_user_api_never_fails_with_a_server_error(tmp_path: Path) -> None:
    app, store = _app(tmp_path, multi_user=True)
    try:
        accounts = Accounts(store)
        teacher = accounts.create_user(name="teacher", role="teacher")
        student = accounts.create_user(name="student")
        accounts.link(guardian_id=teacher.id, student_id=student.id)
        secret, _ = accounts.issue_token(user_id=teacher.id)
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        assert _fuzz(schema, {"Authorization": f"Bearer {secret}"}) == []
        assert _fuzz(schema) == []  # and without logging in
    finally:
        store.close()
