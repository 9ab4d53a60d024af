"""The IAM endpoint that turns Access Key / Secret Key into a v2 bearer token.

`GET /v1/BCE-BEARER/token?expireInSeconds=N`, signed with `bce-auth-v1` (checked by the same
`verify_signature` as v1's signed calls: with `--iam-access-key/--iam-secret-key` the key must be
that one and the signature must hold; without, any signer in its validity window is welcome). It
answers `{"userId", "token", "status": "enable", "createTime", "expireTime"}`; N is capped at 30
days, as IAM caps it. Failures are BCE's, not Qianfan's: a real HTTP status, a JSON body
`{"requestId", "code", "message"}`, and the `X-Bce-Error-Code`/`X-Bce-Error-Message` headers the
qianfan SDK reads to explain a wrong access key or secret key.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from zuoye.emulator import _http
from zuoye.emulator._auth import SignatureError, verify_signature
from zuoye.emulator._bearer import DEFAULT_BEARER_TTL, MAX_BEARER_TTL

if TYPE_CHECKING:
    from zuoye.emulator._app import EmulatorApp

IAM_TOKEN_PATH = "/v1/BCE-BEARER/token"  # noqa: S105 - a URL path, not a secret

# SignatureError.reason -> (status, BCE code, message).
_SIGNATURE_ERRORS = {
    "missing": (401, "AccessDenied", "Access denied: sign the request with bce-auth-v1"),
    "malformed": (401, "InvalidHTTPAuthHeader", "The Authorization header you provided is invalid"),
    "expired": (401, "RequestExpired", "Request has expired: sign it again with the current time"),
    "unknown_key": (401, "NotFound", "Could not find credential."),
    "mismatch": (401, "SignatureDoesNotMatch", "Fail to authn user: Signature does not match"),
}


class IamError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


def _ttl(params: dict[str, str]) -> int:
    raw = params.get("expireInSeconds")
    if raw is None or raw == "":
        return DEFAULT_BEARER_TTL
    try:
        seconds = int(raw)
    except ValueError:
        seconds = 0
    if seconds <= 0:
        raise IamError(
            400, "InvalidParameterValue", f"expireInSeconds must be a positive number, got {raw!r}"
        )
    return min(seconds, MAX_BEARER_TTL)


def _issue(app: EmulatorApp, scope: _http.Scope) -> dict[str, str]:
    if scope["method"] != "GET":
        raise IamError(405, "MethodNotAllowed", "use GET")
    params = _http.query_params(scope)
    headers = _http.header_map(scope)
    authorization = headers.get("authorization")
    try:
        if not authorization:
            raise SignatureError("missing")
        verify_signature(
            authorization,
            method="GET",
            path=scope["path"],
            query=params,
            headers=headers,
            access_key=app.config.iam_access_key,
            secret_key=app.config.iam_secret_key,
            now=app.clock(),
        )
    except SignatureError as exc:
        raise IamError(*_SIGNATURE_ERRORS[exc.reason]) from None
    access_key = authorization.split("/")[1]
    return app.bearer.issue(access_key, _ttl(params))


async def bearer_token(
    app: EmulatorApp, scope: _http.Scope, receive: _http.Receive, send: _http.Send
) -> None:
    stats = app.stats
    stats.bearer_token_requests += 1
    await _http.read_body(receive)
    request_id = (b"X-Bce-Request-Id", str(uuid.uuid4()).encode())
    try:
        reply = _issue(app, scope)
    except IamError as exc:
        stats.iam_errors[exc.code] += 1
        body = {"requestId": request_id[1].decode(), "code": exc.code, "message": exc.message}
        headers = [
            request_id,
            (b"X-Bce-Error-Code", exc.code.encode()),
            (b"X-Bce-Error-Message", f"{exc.code}, cause: {exc.message}".encode()),
        ]
        await _http.send_json(send, body, status=exc.status, headers=headers)
        return
    stats.bearer_tokens_issued += 1
    await _http.send_json(send, reply, headers=[request_id, (b"Cache-Control", b"no-store")])
