"""Scenario files: JSON that scripts what the emulator answers.

```json
{"rules": [
  {"match": "天气", "when_functions": true,
   "reply": {"function_call": {"name": "get_current_weather", "arguments": "{\\"location\\": \\"上海市\\"}"}}},
  {"match": "忙", "reply": {"error_code": 336100, "times": 2}},
  {"match": "慢", "reply": {"result": "第一句。第二句。"}, "delay_ms": 200, "cut_after": 1}
 ],
 "endpoints": ["my_custom_endpoint"]}
```

A rule applies when all its conditions hold:
- `match`: a regular expression searched in the last *user* message (default: any);
- `when_functions`: true → only requests that carry `functions`; false → only those without;
- `endpoint`: only requests to that endpoint name;
- `model`: only v2 / OpenAI-face requests naming that model id (`endpoint` matches a v2 model
  whose v1 twin has that endpoint name);
- `protocol`: only requests on that face: "v1", "v2" or "openai";
- `after_function`: true → only requests whose last message is a `function` (v1) or `tool` (v2)
  result (by default rules skip those, which get a final answer built from the result).

Its `reply` is one of `{"result": text}`, `{"function_call": {name, arguments, thoughts?}}`,
`{"tool_calls": [{name, arguments}, ...]}` (parallel calls: v1 sends the first as its
`function_call`, v2 all of them as `tool_calls` with ids `call_…`), an error — v1's
`{"error_code": N, "error_msg"?: text}` or v2's `{"status"?: 429, "code": "tpm_rate_limit_exceeded",
"message"?: text}` (each face answers its own kind: `_v2errors` maps between them) — or
`{"flagged": true, "result"?: text}` (the need_clear_history / flag 2 answer to unsafe input).
`reasoning` (with `result`) is what a thinking model (ERNIE X1, DeepSeek-R1) sends as
`reasoning_content`; without it the emulator writes its own. `times` (in the reply or the rule) answers that many
matching requests and then falls through to the next matching rule or the default. Rule-level
`delay_ms` waits before each streamed event (before the whole reply when not streaming);
`cut_after` drops the connection after that many streamed events (a non-streamed reply is cut
before its body); `error_after` sends the reply's error as a bare JSON line after that many
streamed events, as Baidu does for an error once a stream has started (on v2: a
`data: {"error": …}` event).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zuoye.emulator._errors import ApiError
from zuoye.emulator._v2errors import STANDARD, V2Error, from_v1, to_v1


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file, the rule and the fix."""


PROTOCOLS = ("v1", "v2", "openai")


@dataclass(frozen=True, slots=True)
class Reply:
    result: str | None = None
    function_call: dict[str, str] | None = None  # the first of `tool_calls`
    error_code: int | None = None
    error_msg: str | None = None
    flagged: bool = False
    tool_calls: tuple[dict[str, str], ...] = ()
    reasoning: str | None = None
    status: int | None = None  # a v2 error named directly: status, code, message
    code: str | None = None
    message: str | None = None

    @property
    def is_error(self) -> bool:
        return self.error_code is not None or self.code is not None

    def v1_error(self) -> ApiError:
        if self.error_code is not None:
            return ApiError(self.error_code, self.error_msg)
        assert self.code is not None and self.status is not None
        return ApiError(to_v1(self.status, self.code), self.message)

    def v2_error(self) -> V2Error:
        if self.code is not None:
            return V2Error(self.code, self.message, status=self.status)
        assert self.error_code is not None
        return from_v1(self.error_code, self.error_msg)


@dataclass(slots=True)
class Rule:
    index: int
    reply: Reply
    match: re.Pattern[str] | None = None
    when_functions: bool | None = None
    endpoint: str | None = None
    model: str | None = None
    protocol: str | None = None
    after_function: bool = False
    times: int | None = None
    delay_ms: int = 0
    cut_after: int | None = None
    error_after: int | None = None
    used: int = 0

    def applies(
        self,
        *,
        question: str,
        has_functions: bool,
        endpoint: str | None,
        function_result: bool,
        model: str | None = None,
        protocol: str = "v1",
    ) -> bool:
        if self.times is not None and self.used >= self.times:
            return False
        if function_result != self.after_function:
            return False
        if self.when_functions is not None and self.when_functions != has_functions:
            return False
        if self.endpoint is not None and self.endpoint != endpoint:
            return False
        if self.model is not None and self.model != model:
            return False
        if self.protocol is not None and self.protocol != protocol:
            return False
        return self.match is None or self.match.search(question) is not None


@dataclass(slots=True)
class Scenario:
    rules: list[Rule] = field(default_factory=list)
    endpoints: tuple[str, ...] = ()
    source: str = "<scenario>"

    def pick(
        self,
        *,
        question: str,
        has_functions: bool,
        endpoint: str | None,
        function_result: bool,
        model: str | None = None,
        protocol: str = "v1",
    ) -> Rule | None:
        """The first rule that applies, counted as used; None means the default answer."""
        for rule in self.rules:
            if rule.applies(
                question=question,
                has_functions=has_functions,
                endpoint=endpoint,
                function_result=function_result,
                model=model,
                protocol=protocol,
            ):
                rule.used += 1
                return rule
        return None

    def reset(self) -> None:
        for rule in self.rules:
            rule.used = 0


_RULE_KEYS = {"match", "when_functions", "endpoint", "after_function", "reply", "times", "delay_ms"}
_RULE_KEYS |= {"cut_after", "error_after", "model", "protocol"}
_REPLY_KEYS = {"result", "function_call", "error_code", "error_msg", "times", "flagged"}
_REPLY_KEYS |= {"tool_calls", "reasoning", "status", "code", "message"}


def _nonneg_int(where: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScenarioError(f"{where}: `{key}` must be a whole number ≥ 0, got {value!r}")
    return value


def _parse_call(where: str, key: str, call: Any) -> dict[str, str]:
    if not isinstance(call, dict) or not isinstance(call.get("name"), str) or not call["name"]:
        raise ScenarioError(f"{where}: `{key}` needs a non-empty `name`")
    arguments = call.get("arguments", "{}")
    if not isinstance(arguments, str):  # accept an object and send it as the JSON string Baidu uses
        arguments = json.dumps(arguments, ensure_ascii=False)
    return {"name": call["name"], "arguments": arguments, "thoughts": str(call.get("thoughts", ""))}


def _parse_v2_error(where: str, raw: dict[str, Any]) -> tuple[int, str]:
    code, status = raw.get("code"), raw.get("status")
    if not isinstance(code, str) or not code:
        raise ScenarioError(f'{where}: `code` must be a v2 error code such as "tpm_rate_limit_exceeded"')
    if status is None and code in STANDARD:
        status = STANDARD[code][0]
    if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
        raise ScenarioError(f"{where}: `status` must be an HTTP error status (400–599) for code {code!r}")
    return status, code


def _parse_reply(where: str, raw: Any) -> tuple[Reply, int | None]:
    if not isinstance(raw, dict):
        raise ScenarioError(f'{where}: `reply` must be an object such as {{"result": "…"}}')
    unknown = set(raw) - _REPLY_KEYS
    if unknown:
        raise ScenarioError(
            f"{where}: unknown reply key(s) {sorted(unknown)}; allowed: {sorted(_REPLY_KEYS)}"
        )
    kinds = [k for k in ("result", "function_call", "tool_calls", "error_code", "code") if k in raw]
    if len(kinds) > 1 or (not kinds and not raw.get("flagged")):
        raise ScenarioError(
            f"{where}: a reply needs exactly one of `result`, `function_call`, `tool_calls`, "
            f"`error_code`, `code` (or `flagged: true`), got {sorted(raw)}"
        )
    times = _nonneg_int(where, "times", raw["times"]) if "times" in raw else None
    for text_key in ("result", "reasoning", "error_msg", "message"):
        if text_key in raw and not isinstance(raw[text_key], str):
            raise ScenarioError(f"{where}: `{text_key}` must be a string")
    calls: tuple[dict[str, str], ...] = ()
    if "function_call" in raw:
        calls = (_parse_call(where, "function_call", raw["function_call"]),)
    elif "tool_calls" in raw:
        if not isinstance(raw["tool_calls"], list) or not raw["tool_calls"]:
            raise ScenarioError(f"{where}: `tool_calls` must be a non-empty list of {{name, arguments}}")
        calls = tuple(_parse_call(where, "tool_calls", call) for call in raw["tool_calls"])
    code = raw.get("error_code")
    if code is not None and (isinstance(code, bool) or not isinstance(code, int)):
        raise ScenarioError(f"{where}: `error_code` must be a number such as 336100")
    status, v2_code = _parse_v2_error(where, raw) if "code" in raw else (None, None)
    if "status" in raw and v2_code is None:
        raise ScenarioError(f"{where}: `status` goes with a v2 error `code`")
    reply = Reply(
        result=raw.get("result"),
        function_call=calls[0] if calls else None,
        error_code=code,
        error_msg=raw.get("error_msg"),
        flagged=bool(raw.get("flagged", False)),
        tool_calls=calls,
        reasoning=raw.get("reasoning"),
        status=status,
        code=v2_code,
        message=raw.get("message"),
    )
    return reply, times


def parse_scenario(data: Any, source: str = "<scenario>") -> Scenario:
    """Build a Scenario from already-decoded JSON, raising ScenarioError on anything off."""
    if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
        raise ScenarioError(f'{source}: expected an object like {{"rules": [...]}}')
    rules: list[Rule] = []
    for i, raw in enumerate(data.get("rules", [])):
        where = f"{source}: rule {i + 1}"
        if not isinstance(raw, dict):
            raise ScenarioError(f"{where}: each rule must be an object")
        unknown = set(raw) - _RULE_KEYS
        if unknown:
            raise ScenarioError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_RULE_KEYS)}")
        if "reply" not in raw:
            raise ScenarioError(f"{where}: missing `reply`")
        reply, reply_times = _parse_reply(where, raw["reply"])
        pattern = None
        if "match" in raw:
            if not isinstance(raw["match"], str):
                raise ScenarioError(f"{where}: `match` must be a regular expression string")
            try:
                pattern = re.compile(raw["match"])
            except re.error as exc:
                raise ScenarioError(f"{where}: `match` is not a valid regular expression: {exc}") from None
        for flag in ("when_functions", "after_function"):
            if flag in raw and not isinstance(raw[flag], bool):
                raise ScenarioError(f"{where}: `{flag}` must be true or false")
        rule_times = _nonneg_int(where, "times", raw["times"]) if "times" in raw else None
        error_after = _nonneg_int(where, "error_after", raw["error_after"]) if "error_after" in raw else None
        if error_after is not None and not reply.is_error:
            raise ScenarioError(f"{where}: `error_after` needs a reply with `error_code` or `code`")
        protocol = raw.get("protocol")
        if protocol is not None and protocol not in PROTOCOLS:
            raise ScenarioError(f"{where}: `protocol` must be one of {', '.join(PROTOCOLS)}")
        for text_key in ("endpoint", "model"):
            if text_key in raw and not isinstance(raw[text_key], str):
                raise ScenarioError(f"{where}: `{text_key}` must be a string")
        rules.append(
            Rule(
                index=i,
                reply=reply,
                match=pattern,
                when_functions=raw.get("when_functions"),
                endpoint=raw.get("endpoint"),
                model=raw.get("model"),
                protocol=protocol,
                after_function=raw.get("after_function", False),
                times=reply_times if reply_times is not None else rule_times,
                delay_ms=_nonneg_int(where, "delay_ms", raw.get("delay_ms", 0)),
                cut_after=_nonneg_int(where, "cut_after", raw["cut_after"]) if "cut_after" in raw else None,
                error_after=error_after,
            )
        )
    endpoints = data.get("endpoints", [])
    if not isinstance(endpoints, list) or not all(isinstance(e, str) and e for e in endpoints):
        raise ScenarioError(f"{source}: `endpoints` must be a list of endpoint names")
    return Scenario(rules=rules, endpoints=tuple(endpoints), source=source)


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file; ScenarioError says what is wrong and where."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot read scenario file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not UTF-8 text; save the scenario as UTF-8 JSON") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return parse_scenario(data, str(path))
