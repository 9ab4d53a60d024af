"""The emulator as a raw ASGI application: routing, the v1 chat flow and the admin hooks.

Routes: v1 Wenxin (`/oauth/2.0/token`, `/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/<endpoint>`, the
console's service list), Qianfan v2 (`/v2/chat/completions`, `/v2/models`, see `_v2chat`), IAM
(`/v1/BCE-BEARER/token`, see `_iam`) and a plain OpenAI-compatible face (`/v1/chat/completions`,
`/v1/models`: base URL `http://host:port/v1`). The v1 routes live under `/rpc/2.0/…` and
`/oauth/2.0/…`, so the two `/v1/…` faces never meet them.

v1 checks run in the order Baidu's gateway and model service apply them: endpoint (3), credentials
(100/110/111/14), QPS (18), method (336101), body (336002/336001/336006/336003), RPM (336501),
TPM (336502); then injected faults, the scenario and the answer. The answer machinery (`compose`,
`pick_rule`, `draw_fault`) is shared with v2.
"""

from __future__ import annotations

import asyncio
import random
import re
import string
import time
from collections.abc import Callable
from typing import Any

from zuoye.emulator import _http, _iam, _v2chat
from zuoye.emulator._admin import ADMIN_PREFIX, admin
from zuoye.emulator._answer import (
    FLAGGED_REPLY,
    Answer,
    MathsAnswerer,
    apply_limits,
    from_function_result,
    placeholder,
)
from zuoye.emulator._auth import TokenStore, verify_signature
from zuoye.emulator._bearer import BearerTokens
from zuoye.emulator._budgets import Budgets
from zuoye.emulator._config import EmulatorConfig
from zuoye.emulator._errors import GATEWAY_CODES, ApiError, OAuthError
from zuoye.emulator._http import JSON_TYPE, STATEMENT, Receive, Scope, Send
from zuoye.emulator._models import CHAT_PREFIX, ModelSpec, V2Model, model_table, v2_model_table
from zuoye.emulator._ratelimit import RateLimiter
from zuoye.emulator._retired import answer_retired
from zuoye.emulator._scenario import Rule
from zuoye.emulator._stats import Stats
from zuoye.emulator._stream import stream_reply
from zuoye.emulator._v2errors import V2Error, v2_body
from zuoye.emulator._v2reply import OPENAI, V2
from zuoye.emulator._validate import ChatRequest, decode_body, validate_chat

TOKEN_PATH = "/oauth/2.0/token"  # noqa: S105 - a URL path, not a secret
SERVICE_LIST_PATH = "/wenxinworkshop/service/list"  # the console API qianfan asks for its model list
_ID_CHARS = string.ascii_lowercase + string.digits


class EmulatorApp:
    """`EmulatorApp(config)` is an ASGI 3 callable; serve it with uvicorn (see `serve`)."""

    def __init__(
        self, config: EmulatorConfig | None = None, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.config = config = config or EmulatorConfig()
        self.clock = clock
        extra = config.endpoints + (config.scenario.endpoints if config.scenario else ())
        self.models: dict[str, ModelSpec] = model_table(extra)
        self.tokens = TokenStore(
            api_key=config.api_key,
            secret_key=config.secret_key,
            ttl=config.token_ttl,
            app_id=config.app_id,
            clock=clock,
        )
        self.limiter = RateLimiter(qps=config.qps, rpm=config.rpm, tpm=config.tpm, clock=clock)
        self.v2_models: dict[str, V2Model] = v2_model_table(config.models)
        self.bearer = BearerTokens(api_key=config.bearer_token, clock=clock)
        self.budgets = Budgets(
            rpm=config.rpm,
            tpm=config.tpm,
            input_tpm=config.input_tpm,
            output_tpm=config.output_tpm,
            clock=clock,
        )
        self.stats = Stats()
        self.maths = MathsAnswerer(enabled=config.solver, timeout=config.solver_timeout)
        self._rng = random.Random(config.seed)
        self._flag = re.compile(config.flag_pattern) if config.flag_pattern else None

    def close(self) -> None:
        """Release the solver's threads; the server calls this when it stops."""
        self.maths.close()

    # --- ASGI entry --------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        if path.startswith(ADMIN_PREFIX):
            await admin(self, path[len(ADMIN_PREFIX) :], scope, send)
            return
        self.stats.requests += 1
        # The OpenAI-style faces answer their own errors (v2's or OpenAI's bodies) themselves.
        if path == _v2chat.V2_CHAT_PATH:
            await _v2chat.chat(self, V2, scope, receive, send)
            return
        if path == _v2chat.OPENAI_CHAT_PATH:
            await _v2chat.chat(self, OPENAI, scope, receive, send)
            return
        try:
            if path.startswith(CHAT_PREFIX):
                if self.config.v1_retired is not None:
                    await answer_retired(self, self.config.v1_retired, receive, send)
                else:
                    await self._chat(path[len(CHAT_PREFIX) :], scope, receive, send)
            elif path == TOKEN_PATH:
                await self._token(scope, receive, send)
            elif path == _iam.IAM_TOKEN_PATH:
                await _iam.bearer_token(self, scope, receive, send)
            elif path == _v2chat.V2_MODELS_PATH:
                await _v2chat.models(self, V2, scope, receive, send)
            elif path == _v2chat.OPENAI_MODELS_PATH:
                await _v2chat.models(self, OPENAI, scope, receive, send)
            elif path.startswith("/v2/"):
                await self._v2_not_found(send)
            elif path == SERVICE_LIST_PATH:
                await self._service_list(scope, receive, send)
            else:
                raise ApiError(3)
        except ApiError as exc:
            await self._send_error(send, exc)
        except _http.ClientGone:
            return
        except _http.BodyTooLarge:
            await self._send_error(send, ApiError(336003, "request body too large"))

    def new_id(self) -> str:
        return "as-" + self.random_id()

    def random_id(self, k: int = 10) -> str:
        """Lower-case letters and digits from the seeded generator (reply ids, tool call ids)."""
        return "".join(self._rng.choices(_ID_CHARS, k=k))

    def request_id_header(self) -> tuple[bytes, bytes]:
        # Baidu tags replies with a request id (the header the official SDK names XResponseID).
        return (b"X-Baidu-Request-Id", b"%032x" % self._rng.getrandbits(128))

    async def _send_error(self, send: Send, exc: ApiError) -> None:
        self.stats.errors[exc.code] += 1
        body: dict[str, Any] = {"error_code": exc.code, "error_msg": exc.msg}
        if exc.code not in GATEWAY_CODES:
            body = {"id": self.new_id(), **body}
        await _http.send_json(send, body, headers=[self.request_id_header()])

    async def _v2_not_found(self, send: Send) -> None:
        error = V2Error("not_found", "the emulator serves /v2/chat/completions and /v2/models", status=404)
        self.stats.v2_errors[error.code] += 1
        await _http.send_json(send, v2_body(error, self.new_id()), status=404)

    # --- token exchange ----------------------------------------------------------------------

    async def _token(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.stats.token_requests += 1
        params = _http.query_params(scope)
        body = await _http.read_body(receive)
        headers = _http.header_map(scope)
        if body and "application/x-www-form-urlencoded" in headers.get("content-type", ""):
            from urllib.parse import parse_qsl

            for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
                params.setdefault(key, value)
        no_store = (b"Cache-Control", b"no-store")
        try:
            reply = self.tokens.issue(
                params.get("client_id"), params.get("client_secret"), params.get("grant_type")
            )
        except OAuthError as exc:
            self.stats.oauth_errors[exc.error] += 1
            payload = {"error": exc.error, "error_description": exc.description}
            await _http.send_json(send, payload, status=exc.status, headers=[no_store])
            return
        self.stats.tokens_issued += 1
        await _http.send_json(send, reply, headers=[no_store])

    # --- authentication shared by chat and console --------------------------------------------

    def _authenticate(self, scope: Scope, params: dict[str, str]) -> bool:
        """Check the request's credentials; True when it was signed rather than tokened."""
        token = params.get("access_token")
        if token is not None:
            self.tokens.check(token)
            return False
        headers = _http.header_map(scope)
        authorization = headers.get("authorization")
        if not authorization:
            raise ApiError(100) if scope["path"].startswith(CHAT_PREFIX) else ApiError(14)
        verify_signature(
            authorization,
            method=scope["method"],
            path=scope["path"],
            query=params,
            headers=headers,
            access_key=self.config.iam_access_key,
            secret_key=self.config.iam_secret_key,
            now=self.clock(),
        )
        return True

    # --- chat --------------------------------------------------------------------------------

    async def _chat(self, endpoint: str, scope: Scope, receive: Receive, send: Send) -> None:
        stats = self.stats
        stats.chat_requests += 1
        model = self.models.get(endpoint)
        if model is None:
            raise ApiError(3)
        stats.endpoints[endpoint] += 1
        if self._authenticate(scope, _http.query_params(scope)):
            stats.signed_requests += 1
        self.limiter.check_qps()
        if scope["method"] != "POST":
            raise ApiError(336101)
        request = validate_chat(decode_body(await _http.read_body(receive)), model)
        self.limiter.admit(request.prompt_tokens)

        fault = self.draw_fault()
        if fault in ("2", "336100", "18"):
            raise ApiError(int(fault))
        rule = self.pick_rule(
            request, endpoint=endpoint, model=None, protocol="v1", has_functions=request.functions is not None
        )
        # A scripted error fails at once, unless `error_after` puts it inside a stream.
        if rule is not None and rule.reply.is_error and (rule.error_after is None or not request.stream):
            raise rule.reply.v1_error()

        answer = await self.compose(request, rule, max_output_default=model.max_output_default)
        single_event = answer.function_call is not None or answer.flagged
        if fault == "stream_error" and (not request.stream or single_event):
            raise ApiError(336100)  # no stream to break into: fail the way a request fails
        self.limiter.spend(answer.completion_tokens)
        delay = self.config.latency_ms + (self.config.fault_latency_ms if fault == "slow" else 0)
        if delay:
            await asyncio.sleep(delay / 1000)
        stats.chat_replies += 1
        if answer.function_call is not None:
            stats.function_calls += 1
        if request.stream:
            await stream_reply(self, send, request, model, answer, rule, fault)
        else:
            await self._reply(send, request, answer, rule, fault)

    def draw_fault(self) -> str | None:
        if self.config.fault_rate and self._rng.random() < self.config.fault_rate:
            self.stats.faults += 1
            return self._rng.choice(self.config.fault_kinds)
        return None

    def pick_rule(
        self,
        request: ChatRequest,
        *,
        endpoint: str | None,
        model: str | None,
        protocol: str,
        has_functions: bool,
    ) -> Rule | None:
        scenario = self.config.scenario
        if scenario is None:
            return None
        return scenario.pick(
            question=request.question,
            has_functions=has_functions,
            endpoint=endpoint,
            function_result=request.function_name is not None,
            model=model,
            protocol=protocol,
        )

    def _flagged_round(self, request: ChatRequest) -> int | None:
        """None when no user message is flagged; -1 for the current one, else its round (1-based)."""
        if self._flag is None:
            return None
        users = [m for m in request.messages if m["role"] == "user"]
        if users and users[-1] is request.messages[-1] and self._flag.search(users[-1]["content"]):
            return -1
        for i, message in enumerate(users):
            if self._flag.search(message.get("content") or ""):
                return i + 1
        return None

    async def compose(self, request: ChatRequest, rule: Rule | None, *, max_output_default: int) -> Answer:
        reply = rule.reply if rule is not None else None
        ban_round = self._flagged_round(request)
        if reply is not None and reply.flagged and ban_round is None:
            ban_round = -1
        if ban_round is not None:
            text = reply.result if reply is not None and reply.result is not None else FLAGGED_REPLY
            return Answer(text, finish_reason="content_filter", flagged=True, ban_round=ban_round)
        if reply is not None and reply.function_call is not None:
            return Answer(
                "",
                function_call=reply.function_call,
                finish_reason="function_call",
                tool_calls=reply.tool_calls,
            )
        if reply is not None and reply.result is not None:
            text = reply.result
        elif request.function_name is not None:
            text = from_function_result(
                request.function_name, request.function_content or "", request.question
            )
        elif self.maths.looks_like_maths(request.question):
            before = self.maths.calls
            text = await self.maths.answer(request.question)
            self.stats.solver_calls += self.maths.calls - before
        else:
            text = placeholder(request.question)
        limit = request.max_output_tokens or max_output_default
        text, finish, truncated = apply_limits(text, max_output_tokens=limit, stop=request.stop)
        return Answer(text, finish_reason=finish, is_truncated=truncated)

    def reply_headers(self) -> list[tuple[bytes, bytes]]:
        return [STATEMENT, self.request_id_header(), *self.limiter.headers()]

    def body_for(self, answer: Answer, request: ChatRequest, *, rid: str, created: int) -> dict[str, Any]:
        completion = answer.completion_tokens
        body: dict[str, Any] = {
            "id": rid,
            "object": "chat.completion",
            "created": created,
            "result": answer.result,
            "is_truncated": answer.is_truncated,
            "need_clear_history": answer.flagged,
            "finish_reason": answer.finish_reason,
            "usage": {
                "prompt_tokens": request.prompt_tokens,
                "completion_tokens": completion,
                "total_tokens": request.prompt_tokens + completion,
            },
        }
        if answer.flagged:
            body["ban_round"] = answer.ban_round
            body["flag"] = 1
        if answer.function_call is not None:
            body["function_call"] = answer.function_call
        return body

    async def _reply(
        self, send: Send, request: ChatRequest, answer: Answer, rule: Rule | None, fault: str | None
    ) -> None:
        if rule is not None and rule.delay_ms:
            await asyncio.sleep(rule.delay_ms / 1000)
        body = self.body_for(answer, request, rid=self.new_id(), created=int(self.clock()))
        headers = [JSON_TYPE, *self.reply_headers()]
        if fault == "disconnect" or (rule is not None and rule.cut_after is not None):
            self.stats.cuts += 1
            await _http.send_cut(send, _http.dumps(body), headers)
            return
        await _http.send_bytes(send, 200, _http.dumps(body), headers)

    # --- console API ---------------------------------------------------------------

    async def _service_list(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.stats.console_requests += 1
        self._authenticate(scope, _http.query_params(scope))
        await _http.read_body(receive)
        common = [
            {
                "name": m.name,
                "url": f"https://aip.baidubce.com{CHAT_PREFIX}{m.endpoint}",
                "apiType": "chat",
                "chargeStatus": "OPENED",
                "versionList": [{"trainType": m.name, "serviceStatus": "Done"}],
            }
            for m in self.models.values()
        ]
        await _http.send_json(send, {"log_id": self.new_id(), "result": {"common": common, "custom": []}})
