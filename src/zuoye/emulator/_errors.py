"""Baidu's error codes as the emulator sends them, and the exception that carries one.

The messages are the service's own (from the model pages' error tables and what users have
reported), so clients see the same text they would see from Baidu. Errors travel as HTTP 200
with a JSON body; the OAuth endpoint is the one exception (`OAuthError`, real HTTP statuses).
"""

from __future__ import annotations

# code -> the service's message. 336003/336006 carry a specific reason instead.
MESSAGES: dict[int, str] = {
    1: "Unknown error",
    2: "Service temporarily unavailable",
    3: "Unsupported openapi method",
    4: "Open api request limit reached",
    6: "No permission to access data",
    13: "Get service token failed",
    14: "IAM Certification failed",
    15: "app not exists or create failed",
    17: "Open api daily request limit reached",
    18: "Open api qps request limit reached",
    19: "Open api total request limit reached",
    100: "Invalid parameter",
    110: "Access token invalid or no longer valid",
    111: "Access token expired",
    336000: "Internal error",
    336001: "Invalid Argument",
    336002: "Invalid JSON",
    336003: "Invalid parameter",
    336004: "Permission error",
    336005: "API name not exist",
    336006: "Invalid message",
    336100: "人工智能是一项革命性的技术。与我互动的人过多，请您稍后重新向我提问。",
    336101: "Invalid HTTP Method",
    336104: "system is invalid",
    336501: "Rate limit reached for RPM",
    336502: "Rate limit reached for TPM",
}

# Errors raised by the gateway in front of the model service carry no conversation id;
# errors from the model service itself (the 336xxx family) do.
GATEWAY_CODES = frozenset({1, 2, 3, 4, 6, 13, 14, 15, 17, 18, 19, 100, 110, 111})


def message_for(code: int) -> str:
    return MESSAGES.get(code, "Unknown error")


class ApiError(Exception):
    """A Wenxin error reply: `{"error_code": code, "error_msg": msg}` with HTTP 200."""

    def __init__(self, code: int, msg: str | None = None) -> None:
        self.code = code
        self.msg = msg if msg is not None else message_for(code)
        super().__init__(f"{code}: {self.msg}")


class OAuthError(Exception):
    """An OAuth token-endpoint error: `{"error": ..., "error_description": ...}` with a real status."""

    def __init__(self, status: int, error: str, description: str) -> None:
        self.status = status
        self.error = error
        self.description = description
        super().__init__(f"{status} {error}: {description}")
