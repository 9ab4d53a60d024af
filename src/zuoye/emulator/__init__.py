"""A faithful local Wenxin (Qianfan v1) server for tests, demos and benchmarks.

It speaks the protocol of ../../shared/spec: the OAuth token exchange (`/oauth/2.0/token`), the
chat endpoints of the model table under `/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/<endpoint>`
authenticated by `access_token` or a verified `bce-auth-v1` signature, Baidu's validation and
error codes (HTTP 200 error bodies), streamed replies sentence by sentence, `Statement` and
`X-Ratelimit-*` headers, QPS/RPM/TPM limits (18/336501/336502), function calls, the
`need_clear_history` answer to flagged input, scenario files and fault injection. It also serves
the console call the official SDK makes for its model list (`/wenxinworkshop/service/list`).

Answers are deterministic: a maths question is solved by `zuoye.math` and written as ERNIE
would (解：… 答：…, LaTeX in $…$); a function result gets a final answer built from it; anything
else gets a placeholder that says it comes from the emulator.

Run it: `zuoye emulator --port 0` prints its base URL as the first line of stdout. From tests:
`zuoye.emulator.testing.running_emulator(**options)` (a context manager yielding the base URL).

Admin hooks for tests, on paths the real API does not use:
    GET  /_emulator/stats          counters: requests, chat_requests, streams, streams_open_max,
                                   errors by code, tokens_issued, signed_requests, ...
    POST /_emulator/expire-tokens  every issued token now gets 111 (Access token expired)
    POST /_emulator/revoke-tokens  every issued token now gets 110 (Access token invalid)
    POST /_emulator/reset          zero counters and rate windows; re-arm scenario `times`
`--token-ttl SECONDS` makes tokens expire by themselves.
"""

from __future__ import annotations

from zuoye.emulator._app import EmulatorApp
from zuoye.emulator._config import ALL_FAULT_KINDS, FAULT_KINDS, EmulatorConfig
from zuoye.emulator._models import CHAT_PREFIX, MODELS, ModelSpec
from zuoye.emulator._scenario import Scenario, ScenarioError, load_scenario, parse_scenario
from zuoye.emulator._server import serve

__all__ = [
    "ALL_FAULT_KINDS",
    "CHAT_PREFIX",
    "FAULT_KINDS",
    "MODELS",
    "EmulatorApp",
    "EmulatorConfig",
    "ModelSpec",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "parse_scenario",
    "serve",
]
