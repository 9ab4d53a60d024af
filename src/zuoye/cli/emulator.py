"""`zuoye emulator`: run the local Wenxin-compatible server."""

from __future__ import annotations

from pathlib import Path

import typer

from zuoye.cli._app import EXIT_CONFIG, EXIT_USAGE, CliError, app

_HELP = """Run a local Wenxin (Qianfan v1) server for tests, demos and benchmarks.

The first line of stdout is the base URL (--port 0 picks a free port). Point clients at it with
QIANFAN_BASE_URL=<url>; for the official SDK with IAM keys also QIANFAN_CONSOLE_API_BASE_URL=<url>.

Without --api-key/--secret-key any non-empty key pair gets a token. Without the --iam-* pair,
bce-auth-v1 signatures are checked for form and validity window only.

Test hooks, on paths the real API does not use: GET /_emulator/stats (counters);
POST /_emulator/expire-tokens (issued tokens now get error 111);
POST /_emulator/revoke-tokens (error 110); POST /_emulator/reset (counters, rate windows,
scenario `times`). --token-ttl makes tokens expire by themselves.
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
    scenario: Path = typer.Option(None, help="A JSON scenario file scripting replies (see zuoye.emulator)."),
    rpm: int = typer.Option(None, help="Requests per minute before error 336501."),
    tpm: int = typer.Option(None, help="Tokens per minute before error 336502."),
    qps: float = typer.Option(None, help="Requests per second before error 18."),
    latency_ms: int = typer.Option(0, help="Added before every chat reply's first byte."),
    stream_interval_ms: int = typer.Option(0, help="Pause between streamed sentences."),
    fault_rate: float = typer.Option(0.0, help="Probability that a chat request gets an injected fault."),
    fault_kinds: str = typer.Option(
        "2,336100,18,slow,disconnect",
        help="Faults to draw from: 2, 336100, 18 (errors), slow, disconnect, stream_error.",
    ),
    fault_latency_ms: int = typer.Option(1000, help="What a `slow` fault adds."),
    token_ttl: int = typer.Option(2_592_000, help="Access token lifetime in seconds (Baidu: 30 days)."),
    endpoint: list[str] = typer.Option(None, help="Serve this extra chat endpoint name (repeatable)."),
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
            scenario=loaded,
            qps=qps,
            rpm=rpm,
            tpm=tpm,
            latency_ms=latency_ms,
            stream_interval_ms=stream_interval_ms,
            fault_rate=fault_rate,
            fault_kinds=tuple(k.strip() for k in fault_kinds.split(",") if k.strip()),
            fault_latency_ms=fault_latency_ms,
            token_ttl=token_ttl,
            endpoints=tuple(endpoint or ()),
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
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", EXIT_CONFIG) from None
