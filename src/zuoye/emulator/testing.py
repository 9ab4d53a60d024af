"""Running the emulator from tests and benchmarks.

In-process (a uvicorn server in a background thread, on a free port)::

    from zuoye.emulator.testing import running_emulator
    with running_emulator(scenario={"rules": [...]}, rpm=10) as base_url:
        ...  # point a client at base_url

As a separate process (its own CPU, as benchmarks want)::

    with emulator_process("--qps", "5") as base_url:
        ...

`stats(base_url)`, `expire_tokens(base_url)`, `revoke_tokens(base_url)` and `reset(base_url)`
call the admin hooks, which work the same in both cases (expire/revoke cover v1 access tokens and
IAM bearer tokens alike). For v2: `fake_api_key()` makes a well-formed `bce-v3/ALTAK-…/…` key at
run time (never a literal in a test), `fetch_bearer_token(base_url, ak, sk)` signs the IAM request.
"""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from zuoye.emulator._app import EmulatorApp
from zuoye.emulator._auth import sign_request
from zuoye.emulator._bearer import iso_utc
from zuoye.emulator._config import EmulatorConfig
from zuoye.emulator._scenario import Scenario, load_scenario, parse_scenario
from zuoye.emulator._server import Server, bind, new_event_loop, url_for

STARTUP_TIMEOUT = 30.0


def _config(config: EmulatorConfig | None, options: dict[str, Any]) -> EmulatorConfig:
    if config is not None:
        if options:
            raise TypeError("give either an EmulatorConfig or keyword options, not both")
        return config
    scenario = options.get("scenario")
    if isinstance(scenario, dict):
        options["scenario"] = parse_scenario(scenario)
    elif isinstance(scenario, str | Path):
        options["scenario"] = load_scenario(scenario)
    elif scenario is not None and not isinstance(scenario, Scenario):
        raise TypeError("scenario must be a dict, a path to a JSON file or a Scenario")
    for key in ("endpoints", "fault_kinds", "models"):
        if key in options:
            options[key] = tuple(options[key])
    if options.get("v1_retired") is True:  # the default way to be retired: error_code 3
        options["v1_retired"] = "3"
    return EmulatorConfig(**options)


@contextmanager
def running_emulator(config: EmulatorConfig | None = None, /, **options: Any) -> Iterator[str]:
    """Serve an emulator in a background thread on 127.0.0.1 and a free port; yield its base URL.

    Options are EmulatorConfig's fields (`api_key`, `scenario` as a dict/path/Scenario, `qps`,
    `rpm`, `tpm`, `latency_ms`, `fault_rate`, `token_ttl`, ...).
    """
    app = EmulatorApp(_config(config, dict(options)))
    sock = bind("127.0.0.1", 0)
    server = Server(app, sock)
    loop = new_event_loop()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            loop.run_until_complete(server.serve())
        except BaseException as exc:  # reported to the test thread below
            failure.append(exc)
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="zuoye-emulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started.is_set():
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError(f"the emulator did not start: {failure[0] if failure else 'timed out'}")
        time.sleep(0.002)
    try:
        yield url_for(sock)
    finally:
        loop.call_soon_threadsafe(server.stop)
        thread.join(timeout=10)
        sock.close()
        if server.errors:
            raise RuntimeError(f"the emulator's app raised {server.errors} unexpected exception(s)")


@contextmanager
def emulator_process(*args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `zuoye emulator --port 0 ARGS...` as a child process; yield the URL it prints."""
    cmd = [sys.executable, "-m", "zuoye.emulator", "--port", "0", *args]
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if not line.startswith("http"):
            proc.kill()
            _, err = proc.communicate(timeout=10)
            raise RuntimeError(f"the emulator did not start: {line} {err.strip()}")
        yield line
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _admin(base_url: str, method: str, hook: str) -> dict[str, Any]:
    response = httpx.request(method, f"{base_url}/_emulator/{hook}", timeout=10)
    response.raise_for_status()
    result: dict[str, Any] = response.json()
    return result


def stats(base_url: str) -> dict[str, Any]:
    """The emulator's counters: requests, chat_requests, streams_open_max, errors by code, ..."""
    return _admin(base_url, "GET", "stats")


def expire_tokens(base_url: str) -> int:
    """Make every issued access token expired: the next chat call with one gets error 111."""
    return int(_admin(base_url, "POST", "expire-tokens")["expired"])


def revoke_tokens(base_url: str) -> int:
    """Make every issued access token invalid: the next chat call with one gets error 110."""
    return int(_admin(base_url, "POST", "revoke-tokens")["revoked"])


def reset(base_url: str) -> None:
    """Zero the counters and rate-limit windows and re-arm scenario `times`; tokens stay valid."""
    _admin(base_url, "POST", "reset")


def fake_api_key() -> str:
    """A random, well-formed v2 API key: what `--bearer-token`-less emulators accept."""
    alnum = string.ascii_letters + string.digits
    return f"bce-v3/ALTAK-{''.join(secrets.choice(alnum) for _ in range(21))}/{secrets.token_hex(20)}"


def fetch_bearer_token(
    base_url: str, access_key: str, secret_key: str, expire_in_seconds: int | None = 3600
) -> dict[str, Any]:
    """GET /v1/BCE-BEARER/token signed with bce-auth-v1, as the qianfan SDK does; the reply's JSON."""
    host = httpx.URL(base_url).netloc.decode()
    timestamp = iso_utc(time.time())
    query = {} if expire_in_seconds is None else {"expireInSeconds": str(expire_in_seconds)}
    headers = {"host": host, "x-bce-date": timestamp}
    signature = sign_request(
        access_key=access_key,
        secret_key=secret_key,
        method="GET",
        path="/v1/BCE-BEARER/token",
        query=query,
        headers=headers,
        signed=["host", "x-bce-date"],
        timestamp=timestamp,
        expiration=1800,
    )
    authorization = f"bce-auth-v1/{access_key}/{timestamp}/1800/host;x-bce-date/{signature}"
    response = httpx.get(
        f"{base_url}/v1/BCE-BEARER/token",
        params=query,
        headers={"x-bce-date": timestamp, "Authorization": authorization},
        timeout=10,
    )
    response.raise_for_status()
    result: dict[str, Any] = response.json()
    return result


__all__ = [
    "emulator_process",
    "expire_tokens",
    "fake_api_key",
    "fetch_bearer_token",
    "reset",
    "revoke_tokens",
    "running_emulator",
    "stats",
]
