"""Running the emulator from tests and benchmarks.

In-process (a uvicorn server in a background thread, on a free port)::

    from zuoye.emulator.testing import running_emulator
    with running_emulator(scenario={"rules": [...]}, rpm=10) as base_url:
        ...  # point a client at base_url

As a separate process (its own CPU, as benchmarks want)::

    with emulator_process("--qps", "5") as base_url:
        ...

`stats(base_url)`, `expire_tokens(base_url)`, `revoke_tokens(base_url)` and `reset(base_url)`
call the admin hooks, which work the same in both cases.
"""

from __future__ import annotations

import os
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
    for key in ("endpoints", "fault_kinds"):
        if key in options:
            options[key] = tuple(options[key])
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


__all__ = [
    "emulator_process",
    "expire_tokens",
    "reset",
    "revoke_tokens",
    "running_emulator",
    "stats",
]
