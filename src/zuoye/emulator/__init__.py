"""A faithful local ERNIE server for tests, demos and benchmarks: Qianfan v2, v1 and plain OpenAI.

One server, one port, four faces:

- **Qianfan v2** (QIANFAN-V2-NOTES.md): `POST /v2/chat/completions` and `GET /v2/models`, with
  `Authorization: Bearer <bce-v3/ALTAK-…/… API key or IAM-issued token>`, the optional `appid`
  header, v2's validation and error bodies (real HTTP statuses, `{"error": {"code", "message",
  "type"}, "id"}`), streams of `chat.completion.chunk` events ending in `data: [DONE]`, tool calls
  (streamed in fragments), `reasoning_content` for thinking models, `flag`/`content_filter` for
  flagged input, and three per-minute budgets reported as `X-Ratelimit-{Limit,Remaining}-
  {Requests,Input-Tokens,Output-Tokens}` (429 `rpm_/tpm_/input_tpm_/output_tpm_rate_limit_exceeded`).
- **IAM**: `GET /v1/BCE-BEARER/token?expireInSeconds=N` signed with `bce-auth-v1` gives a bearer
  token that /v2 accepts until it expires.
- **Wenxin v1** (PROTOCOL-NOTES.md): the OAuth token exchange (`/oauth/2.0/token`), the chat
  endpoints under `/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/<endpoint>` authenticated by
  `access_token` or a verified `bce-auth-v1` signature, Baidu's codes in HTTP 200 error bodies,
  sentence-by-sentence streams, QPS/RPM/TPM limits (18/336501/336502), function calls,
  `need_clear_history`, and the console call the official SDK makes for its model list.
  `--v1-retired MODE` makes every v1 chat call answer as a retired interface might.
- **A plain OpenAI-compatible server** ("a school's own vLLM or Ollama"): `POST /v1/chat/completions`
  and `GET /v1/models` (base URL `http://host:port/v1`), no Baidu fields, any key or none.

Answers are deterministic and the same on every face: a maths question is solved by `zuoye.math`
and written as ERNIE would (解：… 答：…, LaTeX in $…$); a function (tool) result gets a final answer
built from it; anything else gets a placeholder that says it comes from the emulator. Scenario
files script replies and errors of either protocol; fault injection works on every face.

Run it: `zuoye emulator --port 0` prints its base URL as the first line of stdout. Point the client
at it with `QIANFAN_CONSOLE_API_BASE_URL=<url> QIANFAN_BEARER_TOKEN=<any bce-v3 key>` (v2), also
`QIANFAN_IAM_BASE_URL=<url>` with IAM keys, `QIANFAN_BASE_URL=<url>` (v1), or an OpenAI client at
`<url>/v2` or `<url>/v1`. From tests: `zuoye.emulator.testing.running_emulator(**options)` (a
context manager yielding the base URL) or the `emulator` / `emulator_factory` fixtures.

Admin hooks for tests, on paths the real API does not use:
    GET  /_emulator/stats          counters: requests, chat_requests (v1), v2_requests, v2_replies,
                                   openai_requests, streams, streams_open_max, errors by v1 code,
                                   v2_errors by v2 code, models, tokens_issued,
                                   bearer_tokens_issued, signed_requests, ...
    POST /_emulator/expire-tokens  every issued token is now expired: v1 access tokens get 111,
                                   IAM bearer tokens a v2 401 invalid_iam_token
    POST /_emulator/revoke-tokens  every issued token is now invalid (110 / 401)
    POST /_emulator/reset          zero counters and rate windows; re-arm scenario `times`
`--token-ttl SECONDS` makes v1 tokens expire by themselves; a bearer token lives as long as its
`expireInSeconds` asked (at most 30 days).
"""

from __future__ import annotations

from zuoye.emulator._app import EmulatorApp
from zuoye.emulator._config import ALL_FAULT_KINDS, FAULT_KINDS, EmulatorConfig
from zuoye.emulator._models import CHAT_PREFIX, MODELS, V2_MODELS, ModelSpec, V2Model
from zuoye.emulator._retired import RETIRED_MODES
from zuoye.emulator._scenario import Scenario, ScenarioError, load_scenario, parse_scenario
from zuoye.emulator._server import serve

__all__ = [
    "ALL_FAULT_KINDS",
    "CHAT_PREFIX",
    "FAULT_KINDS",
    "MODELS",
    "RETIRED_MODES",
    "V2_MODELS",
    "EmulatorApp",
    "EmulatorConfig",
    "ModelSpec",
    "Scenario",
    "ScenarioError",
    "V2Model",
    "load_scenario",
    "parse_scenario",
    "serve",
]
