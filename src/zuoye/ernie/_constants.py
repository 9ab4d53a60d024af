"""Timeouts, retry policy and protocol constants, as data: each choice says why in one line."""

from __future__ import annotations

# The three protocols a client can speak. v2 is Qianfan's OpenAI-compatible interface; v1 (Wenxin
# workshop) was retired by Baidu on 2026-08-31 and is kept for what still answers it; "openai" is
# any other OpenAI-compatible server (DeepSeek, vLLM, Ollama): v2's wire without Baidu's additions.
PROTOCOLS = ("v1", "v2", "openai")
V1_RETIRED_ON = "2026-08-31"

# v1: the public host; override with base_url= or QIANFAN_BASE_URL (e.g. `zuoye emulator`).
DEFAULT_BASE_URL = "https://aip.baidubce.com"
CHAT_PATH_PREFIX = "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/"
TOKEN_PATH = "/oauth/2.0/token"  # noqa: S105 (a name, not a secret)

# v2: the console API host (the official SDK's QIANFAN_CONSOLE_API_BASE_URL names the host, the
# paths carry /v2); IAM keys are exchanged for a bearer token at the IAM host.
DEFAULT_V2_BASE_URL = "https://qianfan.baidubce.com"
V2_CHAT_PATH = "/v2/chat/completions"
V2_MODELS_PATH = "/v2/models"
DEFAULT_IAM_BASE_URL = "https://iam.bj.baidubce.com"
IAM_BEARER_PATH = "/v1/BCE-BEARER/token"
# A bearer token may live up to 30 days; one day keeps a leaked token short-lived while a
# long-running server still fetches only once a day (refreshed ahead, like the v1 token).
IAM_BEARER_LIFETIME = 86_400
# An OpenAI-compatible server's base URL includes its version (".../v1"); paths follow it.
OPENAI_CHAT_PATH = "/chat/completions"
OPENAI_MODELS_PATH = "/models"

# Environment names the official SDK made familiar (docs/protocol-v1.md and protocol-v2.md).
ENV_API_KEY = "QIANFAN_AK"
ENV_SECRET_KEY = "QIANFAN_SK"  # noqa: S105 (a name, not a secret)
ENV_ACCESS_TOKEN = "QIANFAN_ACCESS_TOKEN"  # noqa: S105 (a name, not a secret)
ENV_ACCESS_KEY = "QIANFAN_ACCESS_KEY"
ENV_SECRET_ACCESS_KEY = "QIANFAN_SECRET_KEY"  # noqa: S105 (a name, not a secret)
ENV_BASE_URL = "QIANFAN_BASE_URL"
ENV_BEARER_TOKEN = "QIANFAN_BEARER_TOKEN"  # noqa: S105 (a name, not a secret)
ENV_V2_API_KEY = "QIANFAN_API_KEY"  # the same v2 key under the name OpenAI-style tools use
ENV_APP_ID = "QIANFAN_APP_ID"
ENV_V2_BASE_URL = "QIANFAN_CONSOLE_API_BASE_URL"
ENV_IAM_BASE_URL = "QIANFAN_IAM_BASE_URL"

# Connecting should be quick; a long answer from ERNIE-4.0 can take a minute to generate before the
# first byte of a non-streamed reply, so the read timeout is generous. Streams reset it per chunk.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 120.0
WRITE_TIMEOUT = 30.0
POOL_TIMEOUT = 30.0

# Two retries (three attempts) is what qianfan does and rides out the usual 336100/18 bursts
# without turning a real outage into minutes of waiting.
DEFAULT_MAX_RETRIES = 2
# Exponential backoff: 0.5 s, 1 s, 2 s ... capped at 8 s, each multiplied by a random factor in
# [1 - JITTER, 1] so that many clients hit by the same burst do not come back in lockstep.
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
RETRY_JITTER = 0.25
# A rate-limit answer (18, 336501, 336502) means the minute's quota is gone; waiting at least this
# long before retrying gives the window a real chance to refill instead of burning the retries.
RATE_LIMIT_MIN_DELAY = 1.0

# HTTP statuses worth another attempt: the request was throttled or the server side failed.
RETRYABLE_HTTP_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})

# Refresh the access token when this fraction of its lifetime is left (30-day tokens: 3 days, capped
# below), so a token never expires in the middle of a burst of requests or a long stream.
TOKEN_REFRESH_FRACTION = 0.1
TOKEN_REFRESH_MAX_MARGIN = 86_400.0
# The documented access-token lifetime (30 days): assumed when an answer or a cached entry lacks it.
TOKEN_LIFETIME = 2_592_000.0
# The token endpoint answers in well under a second; a stuck exchange should fail fast.
TOKEN_TIMEOUT = 10.0

# bce-auth-v1 signatures stay valid this long: the documented typical value, enough for clock skew.
SIGNATURE_EXPIRATION_SECONDS = 1800

# Baidu's rate-limit windows are one minute ("quota refreshes within 0-60 s").
RATE_LIMIT_WINDOW = 60.0
# What an answer is assumed to cost in output tokens when reserving v2's output budget before the
# call and max_output_tokens is not given: a step-by-step homework answer is a few hundred tokens;
# the reservation is settled with the real usage afterwards.
OUTPUT_TOKENS_ESTIMATE = 400

# Identifies the client to the service (kept here: zuoye.ernie imports nothing else from zuoye).
USER_AGENT = "zuoye-ernie/0.1"

# Response header carrying Baidu's request id (the official SDK reads the same one).
REQUEST_ID_HEADER = "x-baidu-request-id"

# Error messages quote at most this much of a malformed server payload: enough to recognise it.
MAX_QUOTED_PAYLOAD = 200
