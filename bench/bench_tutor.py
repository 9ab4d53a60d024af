"""Time to the first sentence: what the tutor pipeline adds over a bare client call.

Both run in this process against one `zuoye emulator` in another process, alternating, so they
see the same machine state. "bare" = `AsyncErnie.chat(stream=True)` until the first chunk;
"tutor" = `Tutor.ask()` (store the question, build the prompt and tools, call, screen) until the
first `Delta`. A non-maths question, so neither waits for the solver. Goal: tutor − bare < 30 ms.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

ROUNDS = 60
QUESTION = "请用一句话介绍勾股定理。"


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


async def _measure(base_url: str, home: Path) -> tuple[list[float], list[float]]:
    from zuoye.ernie import AsyncErnie
    from zuoye.providers import QianfanProvider
    from zuoye.settings import Settings
    from zuoye.store import Store
    from zuoye.tutor.events import Delta
    from zuoye.tutor.tutor import Tutor

    client = AsyncErnie(api_key="bench-ak", secret_key="bench-sk", base_url=base_url)
    store = Store(f"sqlite:///{home / 'bench.db'}")
    tutor = Tutor(
        store=store,
        settings=Settings(home=home),
        model=QianfanProvider(client).get("ERNIE-4.0-8K"),
        user_id="bench",
    )
    bare: list[float] = []
    piped: list[float] = []
    messages: list[dict[str, Any]] = [{"role": "user", "content": QUESTION}]
    for i in range(ROUNDS + 5):
        t0 = time.perf_counter()
        stream = await client.chat(model="ERNIE-4.0-8K", messages=messages, stream=True)
        async with stream:
            async for _chunk in stream:
                if i >= 5:
                    bare.append(time.perf_counter() - t0)
                break
        t0 = time.perf_counter()
        gen = tutor.ask(QUESTION)
        async for event in gen:
            if isinstance(event, Delta):
                if i >= 5:
                    piped.append(time.perf_counter() - t0)
                break
        await gen.aclose()
    await client.close()
    store.close()
    return bare, piped


def run() -> list[dict[str, Any]]:
    from zuoye.emulator.testing import emulator_process

    with tempfile.TemporaryDirectory() as tmp, emulator_process() as url:
        os.environ["ZUOYE_HOME"] = tmp
        bare, piped = asyncio.run(_measure(url, Path(tmp)))
    rows = []
    for name, values in (("bare client", bare), ("tutor pipeline", piped)):
        rows.append(
            {
                "bench": "first sentence",
                "metric": f"{name} p50",
                "value": statistics.median(values) * 1000,
                "unit": "ms",
            }
        )
        rows.append(
            {
                "bench": "first sentence",
                "metric": f"{name} p95",
                "value": _pct(values, 0.95) * 1000,
                "unit": "ms",
            }
        )
    added = (statistics.median(piped) - statistics.median(bare)) * 1000
    rows.append(
        {
            "bench": "first sentence",
            "metric": "added by the tutor (p50)",
            "value": added,
            "unit": "ms",
            "goal": "< 30",
        }
    )
    return rows
