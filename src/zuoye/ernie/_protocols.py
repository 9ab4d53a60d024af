"""One way of calling `chat()` on three protocols (no I/O): preparing the request, reading the
reply and the stream, and telling a retired v1 interface from an ordinary error.

v2 and "openai" share the wire (`_wire_v2.py`, `_replies_v2.py`, `_stream_v2.py`) and differ only
in the path and in whether Baidu's additions are allowed; v1 is `_base.py` and `_streaming.py`,
with OpenAI-shaped arguments first put in v1's words (`_wire_v1.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._base import PreparedChat, parse_chat, prepare_chat
from zuoye.ernie._errors import APIError, APIRetiredError, BadRequestError, ErnieError, PermissionDeniedError
from zuoye.ernie._models import v2_model
from zuoye.ernie._replies_v2 import parse_reply
from zuoye.ernie._stream_v2 import V2StreamState
from zuoye.ernie._streaming import StreamState
from zuoye.ernie._validate import fail
from zuoye.ernie._wire_v1 import to_v1
from zuoye.ernie._wire_v2 import build_body
from zuoye.ernie.types import ChatResponse


def prepare(
    protocol: str,
    *,
    model: str | None,
    endpoint: str | None,
    messages: Sequence[Mapping[str, Any]],
    params: dict[str, Any],
    stream: bool,
    extra_body: Mapping[str, Any] | None,
) -> PreparedChat:
    """Validate a chat call and encode it for `protocol`. `params` holds the parameters given."""
    if protocol == "v1":
        messages, params = to_v1(messages, params)
        return prepare_chat(
            model=model,
            endpoint=endpoint,
            messages=messages,
            params=params,
            stream=stream,
            extra_body=extra_body,
        )
    if endpoint is not None:
        raise fail(
            "endpoint= names a v1 endpoint; v2 and OpenAI-compatible servers take the model id instead, "
            "e.g. chat(model='ernie-lite-8k', ...)",
            "endpoint",
        )
    if model is None:
        raise fail("model is required, e.g. model='ernie-4.0-8k'", "model")
    if not isinstance(stream, bool):
        raise fail(f"stream must be True or False, got {stream!r}", "stream", stream)
    info = v2_model(model)
    body, wire, names = build_body(
        info=info,
        messages=messages,
        params=params,
        stream=stream,
        extra_body=extra_body,
        qianfan=protocol == "v2",
    )
    path = C.V2_CHAT_PATH if protocol == "v2" else C.OPENAI_CHAT_PATH
    return PreparedChat(info, path, body, stream, wire, None, protocol, names)


def parse(prepared: PreparedChat, response: httpx.Response, content: bytes) -> ChatResponse:
    """A non-streamed reply, or raise its error."""
    if prepared.protocol == "v1":
        return parse_chat(response, content, prepared.model.endpoint)
    return parse_reply(response, content, prepared.names)


def stream_state(prepared: PreparedChat, response: httpx.Response) -> StreamState:
    if prepared.protocol == "v1":
        return StreamState.for_response(response, prepared.model.endpoint)
    return V2StreamState.for_v2(response, prepared.names)


def retired(error: ErnieError, prepared: PreparedChat) -> ErnieError:
    """`error` as APIRetiredError when it is how a retired v1 interface answers: "no such API"
    (code 3) or no permission (code 6) for a model v1 used to serve, HTTP 404, or a page that is not
    JSON at all. Baidu does not document the answer, so all of them are taken for it; only on an
    endpoint of a model v1 served (on `endpoint=` of the caller's choosing, code 3 may be a typo)."""
    if prepared.protocol != "v1" or not isinstance(error, APIError):
        return error
    gone = (
        (error.error_code in (3, 6) and prepared.model.documented)
        or error.http_status == 404
        or (
            error.error_code is None
            and not error.retryable
            and type(error) in (APIError, BadRequestError, PermissionDeniedError)
        )
    )
    if not gone:
        return error
    return APIRetiredError(
        f"文心 v1 接口已于 {C.V1_RETIRED_ON} 下线：请在千帆控制台 → API Key 创建 v2 API Key，设置环境变量 "
        "QIANFAN_BEARER_TOKEN（或 IAM 密钥 QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY），并删除 QIANFAN_AK/QIANFAN_SK。 "
        f"Baidu retired the v1 (Wenxin workshop) chat interface on {C.V1_RETIRED_ON}; the service answered "
        f"{prepared.model.name} with: {error.message}. Create a v2 API key in the Qianfan console (千帆控制台 → "
        "API Key), set QIANFAN_BEARER_TOKEN to it (or the IAM keys QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY), and "
        "unset QIANFAN_AK/QIANFAN_SK and QIANFAN_ACCESS_TOKEN.",
        error_code=error.error_code,
        error_msg=error.error_msg,
        request_id=error.request_id,
        http_status=error.http_status,
        code=error.code,
    )
