"""Every error the client raises, in one tree under `ErnieError`.

```
ErnieError
├── ValidationError            bad input found before anything was sent (also a ValueError)
├── FunctionCallError          the model's function_call.arguments is not a JSON object (also a ValueError)
├── APIConnectionError         the server could not be reached or the connection broke
│   └── APITimeoutError        ... or it did not answer in time
├── StreamError                the event stream was malformed
│   └── IncompleteStreamError  ... or ended before the event with is_end
└── APIError                   the service said no: code, error_code, error_msg, request_id, retryable
    ├── AuthenticationError              credentials missing, wrong or expired; v2 HTTP 401
    │   ├── MissingCredentialsError      nothing configured (nothing was sent)
    │   ├── AccessTokenError             110, 111, a rejected IAM bearer token: refreshed once, retried
    │   └── InvalidCredentialsError      13, 14, OAuth invalid_client, a rejected key, a half-set pair
    ├── PermissionDeniedError            6, 15, 336004, 336005, HTTP 403
    ├── APIRetiredError                  a v1 call answered as retired (Baidu retired v1 on 2026-08-31)
    ├── RateLimitError                   4, 18, 336501 (rpm), 336502 (tpm), HTTP 429: retried
    │   └── QuotaExceededError           17 (daily), 19 (total), v2 insufficient_quota: never retried
    ├── BadRequestError                  100, 3, 336001-336003, 336006, 336101, 336104, HTTP 400/404/413/422
    └── ServerError                      HTTP 5xx: retried
        ├── ServerBusyError              2, 336100, HTTP 503
        └── InternalServerError          1, 336000, HTTP 500
```
An error code not in the table becomes a plain `APIError` (not retried): the platform adds codes
faster than any table, and an unknown code is better reported than guessed at. `code` is the
service's code as text on both protocols (v2's `rpm_rate_limit_exceeded`, v1's `336501`);
`error_code` is v1's number (None on v2).

No message, repr or exception chain carries a secret: messages are passed through `redact` and
transport errors are re-raised without their httpx cause (whose request URL may hold the token).
"""

from __future__ import annotations

import re

# `access_token=...`, `client_secret=...` in URLs (and `"access_token": "..."` in JSON), and the
# bce-auth-v1 signature in headers.
_SECRET_RE = re.compile(
    r"(?P<key>access_token|client_secret|client_id|refresh_token|session_secret|session_key|api_key)"
    r"(?P<sep>\"?\s*[=:]\s*\"?)(?P<value>[^&\s\"',;}]+)",
    re.IGNORECASE,
)
_BCE_AUTH_RE = re.compile(r"bce-auth-v1/[^\s\"']+")
# A v2 API key (bce-v3/ALTAK-…/…) or any bearer credential, wherever it is quoted.
_BEARER_RE = re.compile(r"(?P<key>bce-v3/|[Bb]earer\s+)[^\s\"',;}]+")
# The IAM exchange's answer `{"token": "..."}` (in prose "token: expired" must stay readable).
_JSON_TOKEN_RE = re.compile(r'(?P<key>"(?:token|bearer_token)"\s*:\s*")[^"]+')


# Every credential value this process has configured or received (keys, secrets, tokens), so that
# a service or library that echoes one back in free text is masked too, not just `name=value` forms.
# Shorter values are left alone: masking "ab" everywhere would garble messages.
_KNOWN: set[str] = set()
_MIN_SECRET_LEN = 6


def register_secret(value: str | None) -> None:
    """Mask `value` in every message from now on."""
    if value and len(value) >= _MIN_SECRET_LEN:
        _KNOWN.add(value)


def redact(text: str) -> str:
    """Replace credential values in `text` with `***`, keeping the names so the text stays useful."""
    if not text:
        return text
    text = _SECRET_RE.sub(lambda m: f"{m['key']}{m['sep']}***", text)
    text = _BCE_AUTH_RE.sub("bce-auth-v1/***", text)
    text = _BEARER_RE.sub(lambda m: f"{m['key']}***", text)
    text = _JSON_TOKEN_RE.sub(lambda m: f"{m['key']}***", text)
    # Longest first, so a secret containing another is masked whole.
    for secret in sorted(_KNOWN, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "***")
    return text


class ErnieError(Exception):
    """Base class of every error raised by `zuoye.ernie`."""

    def __init__(self, message: str) -> None:
        message = redact(message)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class ValidationError(ErnieError, ValueError):
    """The request is invalid; nothing was sent. `field` names the parameter, `value` what was given."""

    def __init__(self, message: str, *, field: str | None = None, value: object = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class FunctionCallError(ErnieError, ValueError):
    """`FunctionCall.parsed_arguments()` found something other than a JSON object."""

    def __init__(self, message: str, *, name: str, arguments: str) -> None:
        super().__init__(message)
        self.name = name
        self.arguments = arguments


class APIConnectionError(ErnieError):
    """The request did not get an answer: DNS, refused connection, reset, TLS, protocol errors."""

    retryable = True


class APITimeoutError(APIConnectionError):
    """Connecting, sending or reading took longer than the configured timeout."""


class StreamError(ErnieError):
    """The server's event stream could not be understood; the answer would be incomplete."""

    def __init__(self, message: str, *, partial_result: str = "") -> None:
        super().__init__(message)
        # What had arrived before the failure, so a caller can store a cut-off answer as such.
        self.partial_result = partial_result


class IncompleteStreamError(StreamError):
    """The stream ended without the event marked `is_end`: the answer was cut off."""


class APIError(ErnieError):
    """The service answered with an error.

    `code` is the service's error code as text (v2's string code, or v1's number), `error_code`
    v1's number (None on v2 and for an HTTP-level failure without a Baidu body), `error_msg` the
    service's message, `request_id` the X-Baidu-Request-Id or the body's `id`, `http_status` the
    HTTP status, and `retryable` whether trying again later can succeed.
    """

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        error_code: int | None = None,
        error_msg: str = "",
        request_id: str | None = None,
        http_status: int | None = None,
        retryable: bool | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.error_code = error_code
        self.code = code if code is not None else (None if error_code is None else str(error_code))
        self.error_msg = redact(error_msg)
        self.request_id = request_id
        self.http_status = http_status
        if retryable is not None:
            self.retryable = retryable


class AuthenticationError(APIError):
    """Credentials are missing, wrong or expired."""


class MissingCredentialsError(AuthenticationError):
    """No credentials are configured: raised by the client's constructor, so a caller can fall back
    (see also `credentials_configured()`)."""


class AccessTokenError(AuthenticationError):
    """110/111: the access token is invalid or expired. A key pair's token is refreshed and the
    request retried once before this reaches the caller."""


class InvalidCredentialsError(AuthenticationError):
    """The token exchange or the IAM signature was rejected (wrong key, secret or key type), or a
    key pair is only half configured (raised by the constructor)."""


class PermissionDeniedError(APIError):
    """The application may not call this API (not enabled for it, missing, or a wrong API name)."""


class APIRetiredError(APIError):
    """The v1 (Wenxin workshop) chat interface answered as retired: Baidu switched it off on
    2026-08-31. The message says how to move to v2 (a v2 API key in QIANFAN_BEARER_TOKEN)."""


class RateLimitError(APIError):
    """Too many requests or tokens right now. `kind`: qps, cluster, rpm, tpm, input_tpm, output_tpm,
    http, daily, total."""

    retryable = True

    kind: str = "qps"


class QuotaExceededError(RateLimitError):
    """17/19: the daily or total quota is used up, usually because billing is not enabled. Waiting
    seconds does not help, so this is never retried."""

    retryable = False


class BadRequestError(APIError):
    """The service refused the request's content; `field` names the parameter when known."""

    field: str | None = None


class ServerError(APIError):
    """The service failed on its side; trying again later may succeed."""

    retryable = True


class ServerBusyError(ServerError):
    """2/336100: the service is overloaded or temporarily unavailable."""


class InternalServerError(ServerError):
    """1/336000: an internal error on the service's side."""
