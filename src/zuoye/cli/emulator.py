"""`zuoye emulator`: run the local Qianfan (v2 and v1) and OpenAI-compatible server."""

from __future__ import annotations

from pathlib import Path

import typer

from zuoye.cli._app import EXIT_CONFIG, EXIT_USAGE, CliError, app
from zuoye.cli._files import reason
from zuoye.messages import say

_HELP = """Run a local ERNIE server for tests, demos and benchmarks: Qianfan v2
(POST /v2/chat/completions, GET /v2/models), the IAM bearer-token endpoint
(GET /v1/BCE-BEARER/token), Wenxin v1 (the OAuth token exchange and the chat endpoints), and a
plain OpenAI-compatible face (POST /v1/chat/completions, GET /v1/models) like a school's vLLM.

The first line of stdout is the base URL (--port 0 picks a free port). Point clients at it:
v2 with QIANFAN_CONSOLE_API_BASE_URL=<url> QIANFAN_BEARER_TOKEN=<any bce-v3/ALTAK-…/… key>, or IAM
keys with QIANFAN_IAM_BASE_URL=<url>; v1 with QIANFAN_BASE_URL=<url>; OpenAI clients with
base URL <url>/v2 (Qianfan) or <url>/v1 (the plain face).

Without --bearer-token any well-formed bce-v3 key is accepted on v2. Without --api-key/--secret-key
any non-empty v1 key pair gets a token. Without the --iam-* pair, bce-auth-v1 signatures (v1 calls
and the IAM endpoint) are checked for form and validity window only.

Test hooks, on paths the real API does not use: GET /_emulator/stats (counters);
POST /_emulator/expire-tokens (v1 tokens now get error 111, IAM bearer tokens a v2 401);
POST /_emulator/revoke-tokens (error 110 / 401); POST /_emulator/reset (counters, rate windows,
scenario `times`). --token-ttl makes v1 tokens expire by themselves; a bearer token lives as long
as its expireInSeconds asked (at most 30 days).
"""


@app.command(help=_HELP)
def emulator(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8866, help="Port to listen on; 0 picks a free one."),
    api_key: str = typer.Option(None, envvar="ZUOYE_EMULATOR_API_KEY", help="Accept only this API Key."),
    secret_key: str = typer.Option(
        None, envvar="ZUOYE_EMULATOR_SECRET_KEY", help="Accept only this Secret Key.", show_default=False
    ),
    iam_access_key: str = typer.Option(
        None, envvar="ZUOYE_EMULATOR_IAM_ACCESS_KEY", help="Verify bce-auth-v1 signatures for this IAM AK."
    ),
    iam_secret_key: str = typer.Option(
        None, envvar="ZUOYE_EMULATOR_IAM_SECRET_KEY", help="The IAM SK to verify signatures with."
    ),
    bearer_token: str = typer.Option(
        None,
        envvar="ZUOYE_EMULATOR_BEARER_TOKEN",
        help="v2: accept only this API key (bce-v3/ALTAK-…/…) besides IAM-issued tokens.",
        show_default=False,
    ),
    openai_api_key: str = typer.Option(
        None,
        envvar="ZUOYE_EMULATOR_OPENAI_API_KEY",
        help="The OpenAI face (/v1/chat/completions): require this key (default: any key or none).",
        show_default=False,
    ),
    scenario: Path = typer.Option(None, help="A JSON scenario file scripting replies (see zuoye.emulator)."),
    rpm: int = typer.Option(
        None, help="Requests per minute before v1 error 336501 / v2 429 (counted apart)."
    ),
    tpm: int = typer.Option(
        None, help="Tokens per minute before v1 error 336502; on v2 a combined budget (429 tpm_…)."
    ),
    input_tpm: int = typer.Option(
        None, help="v2 input tokens per minute before 429 input_tpm_rate_limit_exceeded."
    ),
    output_tpm: int = typer.Option(
        None, help="v2 output tokens per minute before 429 output_tpm_rate_limit_exceeded."
    ),
    qps: float = typer.Option(None, help="v1 requests per second before error 18."),
    latency_ms: int = typer.Option(0, help="Added before every chat reply's first byte."),
    stream_interval_ms: int = typer.Option(0, help="Pause between streamed sentences."),
    fault_rate: float = typer.Option(0.0, help="Probability that a chat request gets an injected fault."),
    fault_kinds: str = typer.Option(
        "2,336100,18,slow,disconnect",
        help="Faults to draw from: 2, 336100, 18 (errors; on v2 503, 503, 429), slow, disconnect, stream_error.",
    ),
    fault_latency_ms: int = typer.Option(1000, help="What a `slow` fault adds."),
    token_ttl: int = typer.Option(2_592_000, help="Access token lifetime in seconds (Baidu: 30 days)."),
    endpoint: list[str] = typer.Option(None, help="Serve this extra v1 chat endpoint name (repeatable)."),
    model: list[str] = typer.Option(None, help="Serve this extra v2 model id (repeatable)."),
    tool_call_stream: str = typer.Option(
        "fragments",
        help="How a v2 stream sends a tool call: fragments (OpenAI's: name first, then argument "
        "pieces) or whole (complete in one delta, the shape the qianfan SDK's types expect).",
    ),
    v1_retired: str = typer.Option(
        None,
        help="Answer every v1 chat call as a retired interface might: 3 (Baidu's error_code 3 with HTTP 200), "
        "6 (its no-permission error), 404 or html. The token exchange keeps working.",
        show_default=False,
    ),
    flag_pattern: str = typer.Option(
        "敏感词",
        help="User input matching this regular expression gets need_clear_history ('' turns it off).",
    ),
    no_solver: bool = typer.Option(False, "--no-solver", help="Do not answer maths from zuoye.math."),
    seed: int = typer.Option(None, help="Seed for fault draws and reply ids (reproducible runs)."),
) -> None:
    from zuoye.emulator import EmulatorConfig, ScenarioError, load_scenario, serve

    try:
        loaded = load_scenario(scenario) if scenario is not None else None
    except ScenarioError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    try:
        config = EmulatorConfig(
            api_key=api_key,
            secret_key=secret_key,
            iam_access_key=iam_access_key,
            iam_secret_key=iam_secret_key,
            bearer_token=bearer_token,
            openai_api_key=openai_api_key,
            scenario=loaded,
            qps=qps,
            rpm=rpm,
            tpm=tpm,
            input_tpm=input_tpm,
            output_tpm=output_tpm,
            latency_ms=latency_ms,
            stream_interval_ms=stream_interval_ms,
            fault_rate=fault_rate,
            fault_kinds=tuple(k.strip() for k in fault_kinds.split(",") if k.strip()),
            fault_latency_ms=fault_latency_ms,
            token_ttl=token_ttl,
            endpoints=tuple(endpoint or ()),
            models=tuple(model or ()),
            v1_retired=v1_retired,
            tool_call_stream=tool_call_stream,
            flag_pattern=flag_pattern or None,
            solver=not no_solver,
            seed=seed,
        )
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None

    def announce(url: str) -> None:
        typer.echo(url)  # first line of stdout: what scripts and test helpers read
        typer.echo(f"zuoye emulator listening on {url} (Ctrl+C to stop)", err=True)

    try:
        serve(config, host=host, port=port, announce=announce)
    except OSError as exc:
        raise CliError(
            say("serve.cannot_listen", host=host, port=port, reason=reason(exc)), EXIT_CONFIG
        ) from None
