"""A retired v1: what the chat endpoints may answer after Baidu switched v1 off on 2026-08-31.

Baidu did not document what a retired v1 endpoint returns (QIANFAN-V2-NOTES.md), so
`--v1-retired MODE` serves each likely answer, for testing that a client says v1 is gone:
"3" (the default) Baidu's "Unsupported openapi method" as JSON with HTTP 200, "6" its "No
permission to access data", "404" a bare HTTP 404, "html" an HTML notice page with HTTP 200.
The token exchange keeps working: old keys still get tokens that no chat call accepts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zuoye.emulator import _http
from zuoye.emulator._errors import message_for

if TYPE_CHECKING:
    from zuoye.emulator._app import EmulatorApp

RETIRED_MODES = ("3", "6", "404", "html")
_HTML = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>接口已下线</title></head>'
    "<body><h1>接口已下线</h1><p>千帆模型服务 V1 接口已于 2026-08-31 下线，请改用 V2 接口"
    "（https://qianfan.baidubce.com/v2/chat/completions）和 V2 API Key。</p></body></html>"
).encode()


async def answer_retired(app: EmulatorApp, mode: str, receive: _http.Receive, send: _http.Send) -> None:
    app.stats.retired_calls += 1
    await _http.read_body(receive)
    if mode == "404":
        await _http.send_bytes(
            send, 404, b"404 Not Found\n", [(b"Content-Type", b"text/plain; charset=utf-8")]
        )
    elif mode == "html":
        await _http.send_bytes(send, 200, _HTML, [(b"Content-Type", b"text/html; charset=utf-8")])
    else:
        code = int(mode)
        app.stats.errors[code] += 1
        body = {"error_code": code, "error_msg": message_for(code)}
        await _http.send_json(send, body, headers=[app.request_id_header()])
