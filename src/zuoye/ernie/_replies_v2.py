"""v2 (and OpenAI-compatible) replies and errors as the client's types (no I/O).

A reply's `choices[0].message` becomes `ChatResponse.result`/`reasoning`/`tool_calls`, its
`finish_reason` is told in v1's words (so code written for v1 keeps working), and `flag` ≥ 2 or a
`content_filter` finish means the conversation must start over (`need_clear_history`): the caller
shows a refusal instead of an empty answer. Errors carry a real HTTP status and
`{"error": {"code", "message", "type"}}`; each maps to its place in the error tree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._base import (
    decode_json,
    error_from_body,
    error_from_status,
    ratelimit_from_headers,
    request_id_of,
)
from zuoye.ernie._errors import (
    AccessTokenError,
    APIError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    PermissionDeniedError,
    QuotaExceededError,
    RateLimitError,
    ServerBusyError,
    ServerError,
    redact,
)
from zuoye.ernie.types import ChatResponse, FunctionCall, Usage

# v2's finish reasons in v1's words.
FINISH = {"stop": "normal", "tool_calls": "function_call", "function_call": "function_call"}
# From this safety flag on the conversation must end (2), or the text not be shown (3, 4).
CLEAR_FROM_FLAG = 2

# 429 codes -> RateLimitError.kind (the limiter empties that budget).
_LIMIT_KINDS = {
    "rpm_rate_limit_exceeded": "rpm",
    "tpm_rate_limit_exceeded": "tpm",
    "input_tpm_rate_limit_exceeded": "input_tpm",
    "output_tpm_rate_limit_exceeded": "output_tpm",
    "user_rate_limit_exceeded": "qps",
    "rate_limit_exceeded": "http",
}
# Codes that mean money or a daily allowance, not this minute: waiting seconds does not help.
_QUOTA_CODES = frozenset({"insufficient_quota", "quota_exceeded", "billing_not_active"})
# An error's `type`/`code` when there is no HTTP status to go by (an error event in a stream).
_STATUS_OF_KIND = {
    "server_error": 500, "internal_error": 500, "api_error": 500, "service_unavailable": 503,
    "overloaded": 503, "rate_limit_exceeded": 429, "invalid_request_error": 400, "access_denied": 401,
}  # fmt: skip
# Codes that name what was wrong (Baidu's v2 error table; malformed_json's message says only
# "Invalid Argument").
_BAD_REQUEST_FIELDS = {
    "invalid_model": "model", "malformed_json": "body", "invalid_messages": "messages",
    "characters_too_long": "messages", "tokens_too_long": "messages", "invalid_argument": None,
    "method_not_supported": None,
}  # fmt: skip
_FIELDS = (
    "messages", "model", "temperature", "top_p", "penalty_score", "stop", "tools", "tool_choice",
    "max_completion_tokens", "response_format", "user", "seed", "web_search",
)  # fmt: skip


def parse_reply(response: httpx.Response, content: bytes, names: Mapping[str, str]) -> ChatResponse:
    """A non-streamed reply, or raise its error."""
    request_id = request_id_of(response.headers)
    data = decode_json(content, status=response.status_code, request_id=request_id)
    if "error" in data or "error_code" in data or response.status_code >= 400:
        raise error_from_v2(response.status_code, data, request_id=request_id)
    choices = data.get("choices")
    choice = choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else {}
    message = choice.get("message")
    if not isinstance(message, dict):
        message = {}
    calls = tool_calls(message.get("tool_calls"), names)
    return response_from(
        data,
        text=str(message.get("content") or ""),
        reasoning=str(message.get("reasoning_content") or ""),
        calls=calls,
        finish=choice.get("finish_reason"),
        flag=choice.get("flag", data.get("flag")),
        usage=Usage.from_dict(data.get("usage")),
        request_id=request_id,
        ratelimit=ratelimit_from_headers(response.headers),
        ban_round=choice.get("ban_round", data.get("ban_round")),
    )


def response_from(
    data: dict[str, Any],
    *,
    text: str,
    reasoning: str,
    calls: list[FunctionCall],
    finish: object,
    flag: object,
    usage: Usage,
    request_id: str | None,
    ratelimit: Any,
    ban_round: object = None,
) -> ChatResponse:
    """Shared by the non-streamed reply and a finished stream."""
    reason = str(finish) if finish else ("tool_calls" if calls else None)
    level = flag if isinstance(flag, int) and not isinstance(flag, bool) else None
    return ChatResponse(
        id=str(data.get("id") or ""),
        result=text,
        usage=usage,
        finish_reason=FINISH.get(reason, reason) if reason else None,
        function_call=calls[0] if calls else None,
        is_truncated=reason == "length",
        need_clear_history=reason == "content_filter" or (level is not None and level >= CLEAR_FROM_FLAG),
        ban_round=ban_round if isinstance(ban_round, int) else None,
        created=data.get("created"),
        object=data.get("object"),
        request_id=request_id,
        ratelimit=ratelimit,
        raw=data,
        reasoning=reasoning,
        tool_calls=calls,
        flag=level,
    )


def tool_calls(raw: object, names: Mapping[str, str]) -> list[FunctionCall]:
    if not isinstance(raw, list):
        return []
    out = []
    for call in raw:
        fn = call.get("function") if isinstance(call, dict) else None
        if not isinstance(fn, dict):
            continue
        name = str(fn.get("name") or "")
        out.append(
            FunctionCall(
                names.get(name, name), str(fn.get("arguments") or ""), None, str(call.get("id") or "")
            )
        )
    return out


def error_from_v2(status: int, data: Mapping[str, Any], *, request_id: str | None) -> APIError:
    """The typed error for a v2 error answer (or v1's shape, which Baidu's gateway still uses for
    some errors in front of v2)."""
    if "error_code" in data and "error" not in data:
        return error_from_body(data, http_status=status, request_id=request_id)
    err = data.get("error")
    if isinstance(err, str):  # some OpenAI-compatible servers: {"error": "message"}
        err = {"message": err}
    if not isinstance(err, Mapping):
        return error_from_status(status, str(data)[: C.MAX_QUOTED_PAYLOAD], request_id=request_id)
    code = str(err.get("code") or err.get("type") or "") or None
    if status < 400:  # an error event inside a stream (the status was 200 by then): judge by its kind
        status = _STATUS_OF_KIND.get(str(err.get("type") or ""), _STATUS_OF_KIND.get(code or "", status))
    message = redact(str(err.get("message") or ""))
    request_id = request_id or (str(data["id"]) if data.get("id") else None)
    where = (
        f"HTTP {status}" + (f", {code}" if code else "") + (f", request {request_id}" if request_id else "")
    )
    text = f"{message or 'error'} ({where})"
    kwargs: dict[str, Any] = {
        "error_msg": message,
        "request_id": request_id,
        "http_status": status,
        "code": code,
    }
    if code in _QUOTA_CODES:
        quota = QuotaExceededError(
            text + ": the account's quota or balance is used up; check billing in the Qianfan console",
            **kwargs,
        )
        quota.kind = "daily"
        return quota
    if status == 429 or code in _LIMIT_KINDS:
        limited = RateLimitError(text + "; slowing down", **kwargs)
        limited.kind = _LIMIT_KINDS.get(code or "", "http")
        return limited
    if status == 401:
        if code in ("invalid_iam_token", "iam_token_expired"):
            return AccessTokenError(text + ": the bearer token was refused; a new one is fetched", **kwargs)
        return AuthenticationError(
            text + ": the key was refused; check QIANFAN_BEARER_TOKEN (a v2 API key, bce-v3/ALTAK-…, "
            "from 千帆控制台 → API Key; the old v1 API Key/Secret Key do not work on v2)",
            **kwargs,
        )
    if status == 403:
        return PermissionDeniedError(
            text + ": the key may not call this model; enable it for the key in the Qianfan console", **kwargs
        )
    if status in (400, 404, 405, 413, 422) or code in _BAD_REQUEST_FIELDS:
        bad = BadRequestError(text, **kwargs)
        bad.field = _BAD_REQUEST_FIELDS.get(code or "") or next((f for f in _FIELDS if f in message), None)
        return bad
    if status == 503:
        return ServerBusyError(text + "; try again later", **kwargs)
    if status == 500:
        return InternalServerError(text + "; try again later", **kwargs)
    if status >= 500:
        return ServerError(text + "; try again later", **kwargs)
    return APIError(text, retryable=status in C.RETRYABLE_HTTP_STATUSES, **kwargs)
