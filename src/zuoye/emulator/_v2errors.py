"""Errors the v2 way: real HTTP statuses and `{"error": {"code", "message", "type"}, "id"}`.

The codes, types and messages are Qianfan v2's published ones (QIANFAN-V2-NOTES.md and the v2
error table): 400 `invalid_request_error` (malformed_json, invalid_model, invalid_messages,
characters_too_long, tokens_too_long, invalid_argument), 401 (`access_denied`, and
`invalid_iam_token`/`invalid_appid` typed `invalid_request_error`), 405 method_not_supported, 429
`rate_limit_exceeded` (rpm/tpm/input_tpm/output_tpm), 500 internal_error. v2's 503 code is not
documented; the emulator says `service_unavailable`.

The OpenAI-compatible face answers the same failures in OpenAI's dialect
(`{"error": {"message", "type", "param", "code"}}`, no `id`), as vLLM and Ollama do.
"""

from __future__ import annotations

from typing import Any

_TYPES = {400: "invalid_request_error", 404: "invalid_request_error", 405: "invalid_request_error"}
_TYPES |= {413: "invalid_request_error", 429: "rate_limit_exceeded", 500: "internal_error"}
_TYPES |= {503: "service_unavailable"}
# 401s are typed per code in v2's table: access_denied for a missing credential, the rest
# invalid_request_error.
_CODE_TYPES = {"access_denied": "access_denied", "no_parameter_permission": "access_denied"}

# code -> (status, message) for errors that carry no request-specific detail.
STANDARD: dict[str, tuple[int, str]] = {
    "malformed_json": (400, "Invalid Argument"),
    "tokens_too_long": (400, "Prompt tokens too long"),
    "access_denied": (401, "Access denied: send Authorization: Bearer <API Key>"),
    "invalid_iam_token": (401, "IAM Certification failed"),
    "invalid_appid": (401, "No permission to use the appid"),
    "no_parameter_permission": (401, "No permission to access data"),
    "method_not_supported": (405, "Method not supported: use POST"),
    "rpm_rate_limit_exceeded": (429, "Rate limit reached for RPM"),
    "tpm_rate_limit_exceeded": (429, "Rate limit reached for TPM"),
    "input_tpm_rate_limit_exceeded": (429, "Rate limit reached for input TPM"),
    "output_tpm_rate_limit_exceeded": (429, "Rate limit reached for output TPM"),
    "internal_error": (500, "Internal error"),
    "service_unavailable": (503, "Service temporarily unavailable, please retry later"),
}

# A v1 error code (fault kinds and scenario `error_code`s) as v2 would report the same failure.
_FROM_V1: dict[int, str] = {
    1: "internal_error",
    2: "service_unavailable",
    4: "rpm_rate_limit_exceeded",
    6: "no_parameter_permission",
    14: "invalid_iam_token",
    18: "rpm_rate_limit_exceeded",
    100: "access_denied",
    110: "invalid_iam_token",
    111: "invalid_iam_token",
    336000: "internal_error",
    336002: "malformed_json",
    336004: "no_parameter_permission",
    336100: "service_unavailable",
    336501: "rpm_rate_limit_exceeded",
    336502: "tpm_rate_limit_exceeded",
}
_FROM_V1_BAD_REQUEST = {3: "invalid_argument", 336001: "invalid_argument"}
_FROM_V1_BAD_REQUEST |= {336003: "invalid_argument", 336006: "invalid_messages", 336104: "invalid_argument"}

# And back: a v2-named scenario error answered on v1.
_TO_V1: dict[str, int] = {
    "rpm_rate_limit_exceeded": 336501,
    "tpm_rate_limit_exceeded": 336502,
    "input_tpm_rate_limit_exceeded": 336502,
    "output_tpm_rate_limit_exceeded": 336502,
    "user_rate_limit_exceeded": 18,
    "malformed_json": 336002,
    "invalid_messages": 336006,
    "invalid_iam_token": 110,
    "access_denied": 100,
    "service_unavailable": 336100,
}
_TO_V1_BY_STATUS = {400: 336003, 401: 110, 403: 6, 429: 336501, 503: 336100}


class V2Error(Exception):
    """A v2 error reply; `status`, `code` and `message` as the client will see them."""

    def __init__(self, code: str, message: str | None = None, *, status: int | None = None) -> None:
        standard = STANDARD.get(code)
        self.code = code
        self.status = status if status is not None else (standard[0] if standard else 400)
        self.message = message if message is not None else (standard[1] if standard else code)
        self.param: str | None = None
        super().__init__(f"{self.status} {code}: {self.message}")

    @property
    def type(self) -> str:
        return _CODE_TYPES.get(self.code) or _TYPES.get(self.status, "invalid_request_error")


def invalid(field: str, message: str, code: str = "invalid_argument") -> V2Error:
    """A 400 that names the field, as v2's messages do."""
    error = V2Error(code, f"{field}: {message}" if field else message, status=400)
    error.param = field or None
    return error


def from_v1(code: int, msg: str | None = None) -> V2Error:
    """The v2 face of a v1 error code; the v1 message goes along where v2 has no standard one."""
    v2_code = _FROM_V1.get(code)
    if v2_code is not None:
        return V2Error(v2_code)
    if code in _FROM_V1_BAD_REQUEST:
        return V2Error(_FROM_V1_BAD_REQUEST[code], msg or "Invalid parameter", status=400)
    return V2Error("internal_error", msg)


def to_v1(status: int, code: str) -> int:
    """The v1 error code closest to a v2 error (a scenario may name either kind)."""
    return _TO_V1.get(code) or _TO_V1_BY_STATUS.get(status, 336000)


def v2_body(error: V2Error, request_id: str) -> dict[str, Any]:
    return {"error": {"code": error.code, "message": error.message, "type": error.type}, "id": request_id}


def openai_body(error: V2Error) -> dict[str, Any]:
    kind = "invalid_request_error" if error.status < 500 and error.status != 429 else error.type
    return {"error": {"message": error.message, "type": kind, "param": error.param, "code": error.code}}
