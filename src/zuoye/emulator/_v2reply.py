"""What a v2 / OpenAI-face reply is made of: the two faces, the answer in v2's terms, the body.

Shared by the non-streamed reply (`_v2chat`) and the streamed one (`_v2stream`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zuoye.emulator import _http
from zuoye.emulator._answer import Answer
from zuoye.emulator._text import estimate_tokens
from zuoye.emulator._v2validate import V2Request

if TYPE_CHECKING:
    from zuoye.emulator._app import EmulatorApp

# v1's finish reasons in v2's words.
FINISH = {"normal": "stop", "stop": "stop", "length": "length", "function_call": "tool_calls"}
FINISH["content_filter"] = "content_filter"


@dataclass(frozen=True, slots=True)
class Face:
    name: str  # what scenario rules call it: "v2" or "openai"
    baidu: bool  # Baidu's fields, error bodies and headers
    id_prefix: str


V2 = Face("v2", True, "as-")
OPENAI = Face("openai", False, "chatcmpl-")


@dataclass(frozen=True, slots=True)
class V2Answer:
    """An answer in v2's terms: the text or tool calls, the reasoning, the usage."""

    answer: Answer
    calls: list[dict[str, Any]]  # OpenAI tool_calls with ids
    reasoning: str
    completion_tokens: int

    @property
    def finish_reason(self) -> str:
        return FINISH.get(self.answer.finish_reason, "stop")


def completion_body(
    face: Face, request: V2Request, reply: V2Answer, *, rid: str, created: int
) -> dict[str, Any]:
    answer = reply.answer
    message: dict[str, Any] = {"role": "assistant", "content": answer.result}
    if reply.calls:
        message["tool_calls"] = reply.calls
        if not face.baidu:
            message["content"] = None  # OpenAI's form; v2 sends an empty string, as v1 did
    if reply.reasoning:
        message["reasoning_content"] = reply.reasoning
    choice: dict[str, Any] = {"index": 0, "message": message, "finish_reason": reply.finish_reason}
    if face.baidu:
        choice["flag"] = 2 if answer.flagged else 0
        if answer.flagged:
            choice["ban_round"] = answer.ban_round
    return {
        "id": rid,
        "object": "chat.completion",
        "created": created,
        "model": request.model.id,
        "choices": [choice],
        "usage": usage(request, reply),
    }


def usage(request: V2Request, reply: V2Answer) -> dict[str, Any]:
    prompt = request.chat.prompt_tokens
    out: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": reply.completion_tokens,
        "total_tokens": prompt + reply.completion_tokens,
    }
    if reply.reasoning:
        out["completion_tokens_details"] = {"reasoning_tokens": estimate_tokens(reply.reasoning)}
    return out


def reply_headers(app: EmulatorApp, face: Face) -> list[tuple[bytes, bytes]]:
    if face.baidu:
        return [_http.STATEMENT, app.request_id_header(), *app.budgets.headers()]
    return []
