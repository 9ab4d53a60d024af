"""Validation before sending: each bad request is refused with a message that names the field, the
value and what is allowed, and nothing reaches the server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.ernie._fake import FakeWenxin, chat, close, make_client
from zuoye.ernie import Ernie, ValidationError

pytestmark = pytest.mark.anyio

U = {"role": "user", "content": "问题"}
A = {"role": "assistant", "content": "回答"}
FN = {"name": "solve", "description": "解方程", "parameters": {"type": "object", "properties": {}}}


@pytest.fixture
def client(fake: FakeWenxin) -> Ernie:
    c = make_client(True, fake)
    assert isinstance(c, Ernie)
    return c


def refused(client: Ernie, fake: FakeWenxin, **kwargs: Any) -> ValidationError:
    kwargs.setdefault("messages", [U])
    with pytest.raises(ValidationError) as info:
        client.chat(**kwargs)
    assert fake.chat_requests == 0 and fake.token_requests == 0, "a refused request must not be sent"
    assert isinstance(info.value, ValueError)
    return info.value


@pytest.mark.parametrize(
    ("messages", "field", "words"),
    [
        ([], "messages", "empty"),
        ("你好", "messages", "list"),
        ([U, A], "messages", "odd number"),
        ([A], "messages[0].role", "must be 'user' or 'function'"),
        ([U, U, U], "messages[1].role", "must be 'assistant'"),
        ([{"role": "function", "name": "f", "content": "{}"}], "messages[0].role", "cannot be a 'function'"),
        ([U, {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": "{}"}},
          {"role": "function", "content": "{}"}], "messages[2].name", "without 'name'"),
        ([{"role": "user", "content": " \n\t\u3000"}], "messages[0].content", "blank"),
        ([U, A, {"role": "system", "content": "你是老师"}, U], "messages", "only before"),
        ([{"role": "bot", "content": "x"}], "messages[0].role", "not one of"),
        ([{"role": "user", "content": "x", "extra": 1}], "messages[0]", "unknown key"),
        ([{"role": "user", "content": 3}], "messages[0].content", "must be a string"),
        ([U, {"role": "assistant", "content": ""}, U], "messages[1].content", "blank"),
    ],
)  # fmt: skip
def test_message_rules(client: Ernie, fake: FakeWenxin, messages: Any, field: str, words: str) -> None:
    error = refused(client, fake, messages=messages)
    assert error.field == field
    assert words in str(error)


def test_valid_function_round_trip_is_accepted(client: Ernie, fake: FakeWenxin) -> None:
    messages = [
        U,
        {"role": "assistant", "content": None, "function_call": {"name": "solve", "arguments": "{}"}},
        {"role": "function", "name": "solve", "content": '{"x": 2}'},
    ]
    client.chat(model="ERNIE-3.5-8K", messages=messages, functions=[FN])
    assert fake.chat_bodies()[0]["messages"] == messages


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"temperature": 0}, "temperature", "(0.0, 1.0]"),
        ({"temperature": 1.5}, "temperature", "out of range"),
        ({"temperature": True}, "temperature", "must be a number"),
        ({"top_p": -0.1}, "top_p", "[0.0, 1.0]"),
        ({"penalty_score": 0.9}, "penalty_score", "[1.0, 2.0]"),
        ({"max_output_tokens": 1}, "max_output_tokens", "[2, 2048]"),
        ({"max_output_tokens": 4096}, "max_output_tokens", "[2, 2048]"),
        ({"max_output_tokens": 2.5}, "max_output_tokens", "integer"),
        ({"stop": ["a", "b", "c", "d", "e"]}, "stop", "at most 4"),
        ({"stop": ["x" * 21]}, "stop", "1-20 characters"),
        ({"stop": "。"}, "stop", "list of strings"),
        ({"response_format": "xml"}, "response_format", "'text' or 'json_object'"),
        ({"disable_search": "yes"}, "disable_search", "True or False"),
        ({"user_id": ""}, "user_id", "non-empty string"),
        ({"system": "人" * 1025}, "system", "at most 1024"),
        ({"enable_system_memory": True}, "system_memory_id", "needs system_memory_id"),
    ],
)
def test_parameter_ranges(
    client: Ernie, fake: FakeWenxin, params: dict[str, Any], field: str, words: str
) -> None:
    error = refused(client, fake, model="ERNIE-4.0-8K", **params)
    assert error.field == field
    assert words in str(error)
    if field in params and field != "system":
        assert error.value == params[field]  # the value given travels with the error


def test_unknown_parameter_suggests_the_right_one(client: Ernie, fake: FakeWenxin) -> None:
    error = refused(client, fake, max_tokens=100)
    assert error.field == "max_tokens"
    assert "did you mean 'max_output_tokens'" in str(error)
    assert "extra_body" in str(error)


def test_functions_on_a_model_without_them(client: Ernie, fake: FakeWenxin) -> None:
    error = refused(client, fake, model="ERNIE-Speed-8K", functions=[FN])
    assert error.field == "functions"
    assert "ERNIE-Speed-8K does not accept 'functions'" in str(error)
    assert "ERNIE-4.0-8K" in str(error)  # where to go instead


def test_tool_choice_only_where_documented_and_pointing_at_a_function(
    client: Ernie, fake: FakeWenxin
) -> None:
    choice = {"type": "function", "function": {"name": "solve"}}
    assert (
        refused(client, fake, model="ERNIE-4.0-8K", functions=[FN], tool_choice=choice).field == "tool_choice"
    )
    bad = {"type": "function", "function": {"name": "other"}}
    assert "not among functions" in str(
        refused(client, fake, model="ERNIE-3.5-8K", functions=[FN], tool_choice=bad)
    )
    client.chat(model="ERNIE-3.5-8K", messages=[U], functions=[FN], tool_choice=choice)
    assert fake.chat_bodies()[0]["tool_choice"] == choice


@pytest.mark.parametrize(
    ("functions", "words"),
    [
        ([{"name": "f", "description": "d"}], "needs 'parameters'"),
        ([{"description": "d", "parameters": {}}], "name must be a non-empty string"),
        ([FN, FN], "used twice"),
        ([{**FN, "strict": True}], "unknown key"),
        ([], "non-empty list"),
    ],
)
def test_function_descriptions(client: Ernie, fake: FakeWenxin, functions: Any, words: str) -> None:
    assert words in str(refused(client, fake, model="ERNIE-3.5-8K", functions=functions))


def test_input_longer_than_the_documented_limit(client: Ernie, fake: FakeWenxin) -> None:
    error = refused(client, fake, model="ERNIE-4.0-8K", messages=[{"role": "user", "content": "字" * 20_001}])
    assert "20001 characters" in str(error) and "allows 20000" in str(error)
    assert "trim_messages" in str(error)


def test_unknown_model_and_the_endpoint_override(client: Ernie, fake: FakeWenxin) -> None:
    error = refused(client, fake, model="ERNIE-Bot-5")
    assert error.field == "model"
    assert "endpoint=" in str(error)
    assert "ERNIE-4.0-8K" in str(error)
    assert "endpoint" in str(refused(client, fake, endpoint="chat/../../x"))
    # Any other endpoint is reachable, with every documented parameter allowed.
    client.chat(endpoint="ernie-lite-8k", messages=[U], temperature=0.3)
    assert fake.requests[-1].url.path.endswith("/chat/ernie-lite-8k")


def test_known_model_rules_at_an_overridden_endpoint(client: Ernie, fake: FakeWenxin) -> None:
    assert (
        refused(client, fake, model="ERNIE-Speed-8K", endpoint="my_speed", functions=[FN]).field
        == "functions"
    )
    client.chat(model="ERNIE-Speed-8K", endpoint="my_speed", messages=[U])
    assert fake.requests[-1].url.path.endswith("/chat/my_speed")


def test_names_are_case_insensitive_and_aliases_work(client: Ernie, fake: FakeWenxin) -> None:
    for name in ("ernie-bot-4", "ERNIE-4.0-8K", "completions_pro", "  Ernie-4.0-8k "):
        client.chat(model=name, messages=[U])
    assert {r.url.path.rsplit("/", 1)[-1] for r in fake.requests if "chat" in r.url.path} == {
        "completions_pro"
    }


def test_extra_body_is_sent_as_given(client: Ernie, fake: FakeWenxin) -> None:
    assert refused(client, fake, extra_body={"stream": True}).field == "extra_body"
    client.chat(messages=[U], extra_body={"enable_new_thing": True})
    assert fake.chat_bodies()[0]["enable_new_thing"] is True


def test_an_unknown_model_name_at_an_explicit_endpoint(client: Ernie, fake: FakeWenxin) -> None:
    client.chat(model="ERNIE-Lite-8K", endpoint="ernie-lite-8k", messages=[U], top_p=0.5)
    assert fake.requests[-1].url.path.endswith("/chat/ernie-lite-8k")


def test_body_holds_only_given_parameters(client: Ernie, fake: FakeWenxin) -> None:
    client.chat(messages=[U], system="你是数学老师", temperature=0.5, user_id="stu-1")
    body = json.loads(fake.requests[-1].content)
    assert body == {"messages": [U], "system": "你是数学老师", "temperature": 0.5, "user_id": "stu-1"}
    # Chinese travels as UTF-8, not \\u escapes.
    assert "数学".encode() in fake.requests[-1].content


async def test_refused_in_both_clients_without_sending(sync: bool, fake: FakeWenxin) -> None:
    client = make_client(sync, fake)
    with pytest.raises(ValidationError, match="temperature"):
        await chat(client, temperature=2)
    assert fake.requests == []
    await close(client)
