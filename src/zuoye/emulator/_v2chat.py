"""The OpenAI-compatible chat flow, for Qianfan v2 and for the plain OpenAI face.

One handler serves two faces. `/v2/chat/completions` is Qianfan v2: `Authorization: Bearer` with
a `bce-v3` API key or an IAM-issued token, the optional `appid` header, Baidu's additions (`flag`,
`ban_round`, `web_search`, `penalty_score`, thinking switches), v2's error bodies and the three
budgets in `X-Ratelimit-*` headers. `/v1/chat/completions` is "a school's own vLLM or Ollama":
any key or none (unless `--openai-api-key`), no Baidu fields, OpenAI's error dialect, `chatcmpl-`
ids, no rate-limit headers (the budgets and faults still apply, so 429/5xx handling is testable).

Checks run as v2's gateway would: credentials (401), method (405), body (400), budgets (429);
then injected faults, the scenario and the answer — the same answer machinery as v1.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

from zuoye.emulator import _http
from zuoye.emulator._answer import apply_limits
from zuoye.emulator._text import estimate_tokens
from zuoye.emulator._v2errors import V2Error, from_v1, openai_body, v2_body
from zuoye.emulator._v2reply import Face, V2Answer, completion_body, reply_headers
from zuoye.emulator._v2stream import stream_v2
from zuoye.emulator._v2validate import V2Request, decode_json, validate_v2

if TYPE_CHECKING:
    from zuoye.emulator._app import EmulatorApp
    from zuoye.emulator._scenario import Rule

V2_CHAT_PATH = "/v2/chat/completions"
V2_MODELS_PATH = "/v2/models"
OPENAI_CHAT_PATH = "/v1/chat/completions"
OPENAI_MODELS_PATH = "/v1/models"
_APPID = re.compile(r"app-[A-Za-z0-9_-]+")
_FAULT_ERRORS = ("2", "336100", "18")
MODELS_CREATED = 1_719_792_000  # a fixed `created` for the model list: 2024-07-01, v2's launch summer


def authenticate(app: EmulatorApp, face: Face, scope: _http.Scope) -> None:
    headers = _http.header_map(scope)
    authorization = headers.get("authorization")
    if face.baidu:
        app.bearer.check(authorization)
        appid = headers.get("appid")
        if appid is not None and not _APPID.fullmatch(appid):
            raise V2Error("invalid_appid")
        return
    key = app.config.openai_api_key
    if key is not None and authorization != f"Bearer {key}":
        raise V2Error("invalid_api_key", "Incorrect API key provided", status=401)


async def send_error(app: EmulatorApp, face: Face, send: _http.Send, exc: V2Error, rid: str) -> None:
    if face.baidu:
        app.stats.v2_errors[exc.code] += 1
        headers = [app.request_id_header(), *app.budgets.headers()]
        await _http.send_json(send, v2_body(exc, rid), status=exc.status, headers=headers)
    else:
        app.stats.openai_errors[exc.code] += 1
        await _http.send_json(send, openai_body(exc), status=exc.status)


async def chat(
    app: EmulatorApp, face: Face, scope: _http.Scope, receive: _http.Receive, send: _http.Send
) -> None:
    stats = app.stats
    if face.baidu:
        stats.v2_requests += 1
    else:
        stats.openai_requests += 1
    rid = face.id_prefix + app.random_id()
    try:
        authenticate(app, face, scope)
        if scope["method"] != "POST":
            raise V2Error("method_not_supported")
        request = validate_v2(decode_json(await _http.read_body(receive)), app.v2_models, baidu=face.baidu)
        stats.models[request.model.id] += 1
        app.budgets.admit(request.chat.prompt_tokens)
        fault = app.draw_fault()
        if fault is not None and fault in _FAULT_ERRORS:
            raise from_v1(int(fault))
        rule = app.pick_rule(
            request.chat,
            endpoint=request.model.v1_endpoint,
            model=request.model.id,
            protocol=face.name,
            has_functions=request.tools_allowed,
        )
        if rule is not None and rule.reply.is_error and (rule.error_after is None or not request.chat.stream):
            raise rule.reply.v2_error()
        reply = await _compose(app, request, rule)
        if fault == "stream_error" and not request.chat.stream:
            raise from_v1(336100)  # no stream to break into: fail the way a request fails
        app.budgets.spend(reply.completion_tokens)
        delay = app.config.latency_ms + (app.config.fault_latency_ms if fault == "slow" else 0)
        if delay:
            await asyncio.sleep(delay / 1000)
        if face.baidu:
            stats.v2_replies += 1
        else:
            stats.openai_replies += 1
        if reply.calls:
            stats.function_calls += 1
        if request.chat.stream:
            await stream_v2(app, face, send, request, reply, rule, fault, rid)
        else:
            await _reply(app, face, send, request, reply, rule, fault, rid)
    except V2Error as exc:
        await send_error(app, face, send, exc, rid)
    except _http.ClientGone:
        return
    except _http.BodyTooLarge:
        await send_error(
            app, face, send, V2Error("invalid_argument", "request body too large", status=413), rid
        )


def _reasoning(request: V2Request, reply_text: str | None) -> str:
    """What a thinking model thinks first: the scenario's words, or the emulator's own."""
    if reply_text is None:
        question = " ".join(request.chat.question.split())[:40]
        reply_text = (
            f"（模拟器的思考过程）题目是「{question}」。先弄清楚题目问的是什么，"
            "再一步一步地推理，最后检查答案是否符合题意。"
        )
    if request.thinking_budget is not None:
        reply_text = apply_limits(reply_text, max_output_tokens=request.thinking_budget, stop=[])[0]
    return reply_text


async def _compose(app: EmulatorApp, request: V2Request, rule: Rule | None) -> V2Answer:
    answer = await app.compose(request.chat, rule, max_output_default=request.model.max_output_default)
    calls: list[dict[str, Any]] = []
    if answer.function_call is not None:
        chosen = answer.tool_calls if request.parallel_tool_calls else answer.tool_calls[:1]
        calls = [
            {
                "id": "call_" + app.random_id(24),
                "type": "function",
                "function": {"name": call["name"], "arguments": call["arguments"]},
            }
            for call in chosen
        ]
    reasoning = ""
    if request.thinking and not answer.flagged:
        reasoning = _reasoning(request, rule.reply.reasoning if rule is not None else None)
    completion = answer.completion_tokens + estimate_tokens(reasoning)
    return V2Answer(answer, calls, reasoning, completion)


async def _reply(
    app: EmulatorApp,
    face: Face,
    send: _http.Send,
    request: V2Request,
    reply: V2Answer,
    rule: Rule | None,
    fault: str | None,
    rid: str,
) -> None:
    if rule is not None and rule.delay_ms:
        await asyncio.sleep(rule.delay_ms / 1000)
    body = _http.dumps(completion_body(face, request, reply, rid=rid, created=int(app.clock())))
    headers = [_http.JSON_TYPE, *reply_headers(app, face)]
    if fault == "disconnect" or (rule is not None and rule.cut_after is not None):
        app.stats.cuts += 1
        await _http.send_cut(send, body, headers)
        return
    await _http.send_bytes(send, 200, body, headers)


async def models(
    app: EmulatorApp, face: Face, scope: _http.Scope, receive: _http.Receive, send: _http.Send
) -> None:
    """`GET /v2/models` (bearer-authenticated) and `GET /v1/models`: an OpenAI-style list."""
    app.stats.models_requests += 1
    try:
        authenticate(app, face, scope)
        await _http.read_body(receive)
        if scope["method"] != "GET":
            raise V2Error("method_not_supported", "Method not supported: use GET")
    except V2Error as exc:
        await send_error(app, face, send, exc, face.id_prefix + app.random_id())
        return
    except _http.ClientGone:
        return
    data = [
        {"id": m.id, "object": "model", "created": MODELS_CREATED, "owned_by": m.owned_by}
        for m in app.v2_models.values()
    ]
    await _http.send_json(send, {"object": "list", "data": data})
