"""Browser tests: Debian's Chromium driven by Playwright against `zuoye serve` and the emulator.

`served(scenario)` starts an emulator with that scenario and a `zuoye serve` process that talks
to its Qianfan v2 with a v2 API key, and yields the page URL. `page` is a fresh Chromium page (desktop size) that fails
the test on any page error, dialog or CSP violation, and leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from zuoye.emulator.testing import running_emulator

CHROMIUM = os.environ.get("ZUOYE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = pytest.mark.browser


@contextmanager
def serve_process(
    home: Path, emulator_url: str, *args: str, environ: dict[str, str] | None = None
) -> Iterator[str]:
    """`zuoye serve` on ERNIE v2 (a v2 API key made at run time) at the emulator, plus `environ`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    env |= {
        "ZUOYE_HOME": str(home),
        "QIANFAN_BEARER_TOKEN": "bce-v3/ALTAK-" + "e" * 20 + "/" + "s" * 40,
        "QIANFAN_CONSOLE_API_BASE_URL": emulator_url,
    }
    env |= {k: v.replace("{emulator}", emulator_url) for k, v in (environ or {}).items()}
    cmd = [sys.executable, "-c", "from zuoye.cli import main; main()", "serve", "--port", "0", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stderr is not None
        url = proc.stdout.readline().strip()
        if not url.startswith("http"):
            raise RuntimeError(f"zuoye serve did not start: {proc.stderr.read()}")
        for _ in range(200):
            try:
                httpx.get(f"{url}/api/health", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Callable[..., str]]:
    with ExitStack() as stack:

        def start(
            scenario: dict[str, Any] | None = None,
            *args: str,
            environ: dict[str, str] | None = None,
            **emulator: Any,
        ) -> str:
            """`environ` is added to the server's environment; "{emulator}" in a value is the
            emulator's URL."""
            base = stack.enter_context(running_emulator(scenario=scenario or {"rules": []}, **emulator))
            return stack.enter_context(serve_process(tmp_path / "home", base, *args, environ=environ))

        yield start


# Module scope, not session: Playwright's sync API keeps an asyncio loop running in this thread
# while it is open, and every async test after it (anyio) would fail with "another loop is running".
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: ./dev test installs Debian's chromium (scripts/test-services.sh)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class PageProblems:
    """What must not happen on the page: script errors, dialogs, CSP violations."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, page: Any) -> None:
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))
        page.on(
            "console",
            lambda m: (
                self.errors.append(f"console {m.type}: {m.text}")
                # an API refusal (4xx) is shown by the page; Chromium also logs it, which is fine
                if (m.type == "error" and "Failed to load resource" not in m.text)
                or "Content Security Policy" in m.text
                else None
            ),
        )


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 860}, locale="zh-CN")
    pg = context.new_page()
    problems = PageProblems()
    problems.watch(pg)
    pg.problems = problems
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
