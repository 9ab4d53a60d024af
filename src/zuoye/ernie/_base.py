"""Everything the sync and async clients share that does no I/O: building a chat request, turning a
response (or a transport failure) into a result or a typed error, and deciding whether and when to
try again. `_client.py` holds only the two send loops around these.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._errors import (
    AccessTokenError,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ErnieError,
    InternalServerError,
    InvalidCredentialsError,
    PermissionDeniedError,
    QuotaExceededError,
    RateLimitError,
    ServerBusyError,
    ServerError,
    ValidationError,
    redact,
)
from zuoye.ernie._models import ModelInfo, custom_model, get_model
from zuoye.ernie._validate import check_messages, check_params, check_size
from zuoye.ernie.types import ChatResponse, RateLimitInfo

# --------------------------------------------------------------------------- building requests


@dataclass(slots=True, frozen=True)
class PreparedChat:
    model: ModelInfo
    path: str  # relative to the client's base URL
    body: bytes
    stream: bool
    messages: Sequence[Mapping[str, Any]]  # as sent
    system: str | None
    protocol: str = "v1"
    # v2: {function name sent: name given} for names v2 would refuse (see _wire_v2.py)
    names: Mapping[str, str] = dataclasses.field(default_factory=dict)


def _check_endpoint(endpoint: object) -> str:
    ok = isinstance(endpoint, str) and endpoint and all(c.isalnum() or c in "-_." for c in endpoint)
    if not ok:
        raise ValidationError(
            f"endpoint={endpoint!r} must be the API endpoint name from the model's page (the part "
            "after .../wenxinworkshop/chat/), e.g. 'completions_pro' or 'ernie-lite-8k'",
            field="endpoint",
            value=endpoint,
        )
    assert isinstance(endpoint, str)
    return endpoint


def prepare_chat(
    *,
    model: str | None,
    endpoint: str | None,
    messages: Sequence[Mapping[str, Any]],
    params: dict[str, Any],
    stream: bool,
    extra_body: Mapping[str, Any] | None,
) -> PreparedChat:
    """Validate a chat call and encode its body. `params` holds the optional parameters given."""
    if endpoint is not None:
        endpoint = _check_endpoint(endpoint)
        try:
            base = get_model(model) if model else None
        except ValidationError:
            base = None  # a model this table does not know, at the endpoint the caller named
        info = custom_model(endpoint, base)
        if base is None and model:
            info = dataclasses.replace(info, name=model.strip())
    elif model is None:
        raise ValidationError("model is required, e.g. model='ERNIE-4.0-8K' (or endpoint=...)", field="model")
    else:
        info = get_model(model)
    if not isinstance(stream, bool):
        raise ValidationError(f"stream must be True or False, got {stream!r}", field="stream", value=stream)
    check_messages(messages, info)
    check_params(params, info)
    check_size(messages, params, info)
    body: dict[str, Any] = {"messages": messages}
    body.update(params)
    if stream:
        body["stream"] = True
    if extra_body:
        if not isinstance(extra_body, Mapping):
            raise ValidationError(
                "extra_body must be a dict of parameters to add to the body", field="extra_body"
            )
        clash = sorted(set(extra_body) & {"messages", "stream"})
        if clash:
            raise ValidationError(
                f"extra_body may not set {clash}: pass messages= and stream= to chat() itself",
                field="extra_body",
                value=clash,
            )
        body.update(extra_body)
    try:
        encoded = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"the request cannot be encoded as JSON: {exc}", field="messages") from None
    return PreparedChat(
        info, C.CHAT_PATH_PREFIX + info.endpoint, encoded, stream, messages, params.get("system")
    )


# --------------------------------------------------------------------------- errors

# code -> (class, kind-or-field, what to do). Sources: the model pages' error tables and
# the "what to do" column of docs/protocol-v1.md.
_CODES: dict[int, tuple[type[APIError], str | None, str]] = {
    110: (AccessTokenError, None, "the access token is invalid; get a new one"),
    111: (AccessTokenError, None, "the access token has expired; get a new one"),
    13: (
        InvalidCredentialsError,
        None,
        "check that QIANFAN_AK/QIANFAN_SK are the application's API Key and Secret Key (not IAM keys)",
    ),
    14: (
        InvalidCredentialsError,
        None,
        "the IAM signature was rejected: check that QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY are IAM Access "
        "Key/Secret Key (not an application's API Key) and that this machine's clock is right",
    ),
    6: (
        PermissionDeniedError,
        None,
        "the application may not call this API: in the Qianfan console edit the application and tick this "
        "model's API",
    ),
    15: (PermissionDeniedError, None, "the application does not exist: check the API Key's application"),
    336004: (PermissionDeniedError, None, "permission denied for this API; check the application's settings"),
    336005: (PermissionDeniedError, None, "no such API name: check the endpoint name of the custom service"),
    4: (RateLimitError, "cluster", "the service's cluster limit was reached; try again shortly"),
    18: (RateLimitError, "qps", "too many requests per second; slow down (rpm=/tpm= limit the client)"),
    336501: (RateLimitError, "rpm", "requests-per-minute limit reached; slow down or buy more RPM"),
    336502: (RateLimitError, "tpm", "tokens-per-minute limit reached; slow down or buy more TPM"),
    17: (
        QuotaExceededError,
        "daily",
        "the daily request quota is used up, usually because billing is not enabled: enable pay-as-you-go "
        "billing (开通付费) for this API in the Qianfan console, or wait until tomorrow",
    ),
    19: (
        QuotaExceededError,
        "total",
        "the total request quota is used up: enable billing (开通付费) for this API in the Qianfan console",
    ),
    100: (
        BadRequestError,
        "access_token",
        "Baidu uses this code for a missing or invalid access_token parameter; check the credentials",
    ),
    3: (BadRequestError, "endpoint", "no such API: check the model/endpoint name in the URL"),
    336001: (BadRequestError, None, "the request is missing a required argument or has a wrong type"),
    336002: (BadRequestError, "body", "the request body is not valid JSON"),
    336003: (BadRequestError, None, "a parameter failed the service's validation"),
    336006: (BadRequestError, "messages", "the messages are not a valid conversation"),
    336101: (BadRequestError, None, "only POST is supported"),
    336104: (BadRequestError, "system", "the system text was refused; change it"),
    2: (ServerBusyError, None, "the service is temporarily unavailable; try again later"),
    336100: (ServerBusyError, None, "the service is overloaded; try again later"),
    1: (InternalServerError, None, "an unknown error on the service's side; try again later"),
    336000: (InternalServerError, None, "an internal error on the service's side; try again later"),
}

# Parameter names looked for in an error message to tell which field a 336001/336003 is about.
_FIELD_NAMES = (
    "messages", "max_output_tokens", "temperature", "top_p", "penalty_score", "system", "stop",
    "functions", "tool_choice", "user_id", "response_format",
)  # fmt: skip


def error_from_body(
    body: Mapping[str, Any], *, http_status: int | None, request_id: str | None, endpoint: str | None = None
) -> APIError:
    """Map a Baidu error body `{"error_code": N, "error_msg": "..."}` to its typed error."""
    raw_code: object = body.get("error_code")
    code: int | None = None
    if isinstance(raw_code, int | str):
        try:
            code = int(raw_code)
        except ValueError:
            code = None
    msg = redact(str(body.get("error_msg") or ""))
    request_id = request_id or (str(body["id"]) if body.get("id") else None)
    cls, extra, hint = _CODES.get(code, (APIError, None, "")) if code is not None else (APIError, None, "")
    if code == 3 and endpoint:
        hint = f"no API {endpoint!r}: check the model/endpoint name"
    where = f"error_code {raw_code}" + (f", request {request_id}" if request_id else "")
    text = f"{msg or 'error'} ({where})" + (f": {hint}" if hint else "")
    err = cls(text, error_code=code, error_msg=msg, request_id=request_id, http_status=http_status)
    if isinstance(err, RateLimitError) and extra:
        err.kind = extra
    elif isinstance(err, BadRequestError):
        err.field = extra or next((f for f in _FIELD_NAMES if f in msg), None)
    return err


def error_from_oauth(body: Mapping[str, Any], *, http_status: int | None) -> APIError:
    """The token endpoint's own error shape: `{"error": "invalid_client", "error_description": ...}`."""
    error = str(body.get("error") or "unknown_error")
    desc = redact(str(body.get("error_description") or ""))
    if error in ("invalid_client", "unauthorized_client", "invalid_grant"):
        return InvalidCredentialsError(
            f"the API Key/Secret Key were rejected ({error}: {desc}): check QIANFAN_AK and QIANFAN_SK "
            "(the application's API Key and Secret Key in the Qianfan console)",
            error_msg=f"{error}: {desc}",
            http_status=http_status,
        )
    retry = http_status is not None and http_status in C.RETRYABLE_HTTP_STATUSES
    return AuthenticationError(
        f"the access-token exchange failed ({error}: {desc})",
        error_msg=f"{error}: {desc}",
        http_status=http_status,
        retryable=retry,
    )


def error_from_status(status: int, text: str, *, request_id: str | None) -> APIError:
    """An HTTP error without a Baidu body (a proxy, a gateway, an overloaded front end)."""
    snippet = redact(text.strip()[: C.MAX_QUOTED_PAYLOAD])
    base = f"HTTP {status} from the service" + (f" (request {request_id})" if request_id else "")
    base += f": {snippet}" if snippet else ""
    kwargs: dict[str, Any] = {"error_msg": snippet, "request_id": request_id, "http_status": status}
    if status == 429:
        limited = RateLimitError(base + "; slowing down", **kwargs)
        limited.kind = "http"
        return limited
    if status >= 500:
        return ServerError(base, **kwargs)
    if status == 401:
        return AuthenticationError(base + "; check the credentials", **kwargs)
    if status == 403:
        return PermissionDeniedError(base + "; the credentials may not call this API", **kwargs)
    if status == 404:
        missing = BadRequestError(base + "; check the base URL and the model/endpoint name", **kwargs)
        missing.field = "endpoint"
        return missing
    return APIError(base, retryable=status in C.RETRYABLE_HTTP_STATUSES, **kwargs)


def error_from_transport(exc: httpx.HTTPError) -> ErnieError:
    """An httpx failure as our error. The caller raises it *outside* its `except` block, so the
    httpx exception (whose request URL may carry `access_token=`) is neither cause nor context."""
    detail = redact(str(exc) or type(exc).__name__)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"the request timed out ({type(exc).__name__}: {detail})")
    return APIConnectionError(f"could not reach the service ({type(exc).__name__}: {detail})")


def request_id_of(headers: httpx.Headers) -> str | None:
    value: str | None = headers.get(C.REQUEST_ID_HEADER)
    return value


# X-Ratelimit-* header (lower case) -> RateLimitInfo field.
_RATELIMIT_FIELDS = {
    b"x-ratelimit-limit-requests": "limit_requests",
    b"x-ratelimit-limit-tokens": "limit_tokens",
    b"x-ratelimit-remaining-requests": "remaining_requests",
    b"x-ratelimit-remaining-tokens": "remaining_tokens",
    b"x-ratelimit-limit-input-tokens": "limit_input_tokens",
    b"x-ratelimit-remaining-input-tokens": "remaining_input_tokens",
    b"x-ratelimit-limit-output-tokens": "limit_output_tokens",
    b"x-ratelimit-remaining-output-tokens": "remaining_output_tokens",
}


def ratelimit_from_headers(headers: httpx.Headers) -> RateLimitInfo | None:
    """v1's budgets (requests, tokens) and v2's (requests, input tokens, output tokens).

    One pass over the raw headers: eight `headers.get()` calls would each scan them all, which
    was the largest cost this client added to a call (bench/bench_client_v2.py)."""
    found: dict[str, int] = {}
    for name, value in headers.raw:
        if name[:12].lower() == b"x-ratelimit-":
            field = _RATELIMIT_FIELDS.get(name.lower())
            # The docs' own example shows these headers blank: only numbers count.
            if field is not None and value.strip().isdigit():
                found[field] = int(value)
    return RateLimitInfo(**found) if found else None


def decode_json(content: bytes, *, status: int, request_id: str | None) -> dict[str, Any]:
    """A JSON object from the body, or the right error for anything else."""
    try:
        data = json.loads(content)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        if status >= 400:
            raise error_from_status(status, content.decode("utf-8", "replace"), request_id=request_id)
        raise APIError(
            f"the service answered HTTP {status} with something that is not a JSON object: "
            f"{redact(content[: C.MAX_QUOTED_PAYLOAD].decode('utf-8', 'replace'))!r}",
            request_id=request_id,
            http_status=status,
        )
    return data


def parse_chat(response: httpx.Response, content: bytes, endpoint: str | None = None) -> ChatResponse:
    """A non-streamed chat answer, or raise its error."""
    request_id = request_id_of(response.headers)
    data = decode_json(content, status=response.status_code, request_id=request_id)
    if "error_code" in data:
        raise error_from_body(
            data, http_status=response.status_code, request_id=request_id, endpoint=endpoint
        )
    if response.status_code >= 400:
        raise error_from_status(
            response.status_code, content.decode("utf-8", "replace"), request_id=request_id
        )
    return ChatResponse.from_dict(
        data, request_id=request_id, ratelimit=ratelimit_from_headers(response.headers)
    )


def is_event_stream(response: httpx.Response) -> bool:
    content_type: str = response.headers.get("content-type", "")
    return content_type.startswith("text/event-stream")


# --------------------------------------------------------------------------- retries


@dataclass(slots=True, frozen=True)
class RetryPolicy:
    """How often and how long to wait. `initial_delay=0` makes retries immediate (tests)."""

    max_retries: int = C.DEFAULT_MAX_RETRIES
    initial_delay: float = C.INITIAL_RETRY_DELAY
    max_delay: float = C.MAX_RETRY_DELAY
    jitter: float = C.RETRY_JITTER

    def __post_init__(self) -> None:
        if (
            isinstance(self.max_retries, bool)
            or not isinstance(self.max_retries, int)
            or self.max_retries < 0
        ):
            raise ValidationError(
                f"max_retries must be an integer >= 0, got {self.max_retries!r}",
                field="max_retries",
                value=self.max_retries,
            )
        if self.initial_delay < 0 or self.max_delay < 0:
            raise ValidationError("retry delays must be >= 0", field="retry_delay", value=self.initial_delay)

    def should_retry(self, error: ErnieError, retries_done: int) -> bool:
        return retries_done < self.max_retries and bool(getattr(error, "retryable", False))

    def delay(self, error: ErnieError, retries_done: int) -> float:
        """Seconds to wait before retry number `retries_done + 1`: exponential, capped, jittered."""
        if self.initial_delay == 0:
            return 0.0
        delay = min(self.initial_delay * (2.0**retries_done), self.max_delay)
        if isinstance(error, RateLimitError):
            delay = max(delay, C.RATE_LIMIT_MIN_DELAY)
        return delay * (1 - self.jitter * random.random())
