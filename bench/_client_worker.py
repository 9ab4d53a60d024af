"""The client side of bench_client, run in a fresh process: for each round it makes BATCH calls (or
streams) with each client in turn and records the CPU time this process spent on them; it prints
the per-round figures as JSON.

    python bench/_client_worker.py KINDS MODE BASE_URL ROUNDS BATCH
    KINDS: comma-separated zuoye | httpx | qianfan     MODE: call | stream

Interleaving small batches of the clients inside one process means every client sees the same
machine (the load of others on a shared host shifts from second to second); the ratio of two
clients is then taken round by round. It imports only the standard library at the top, so the
qianfan kind can run in qianfan's own venv ($ZUOYE_QIANFAN_PYTHON) where zuoye is not installed.
Credentials come from QIANFAN_AK/QIANFAN_SK and the server from QIANFAN_BASE_URL.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable

CHAT = "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro"
QUESTIONS = {"call": "你好", "stream": "流式回答"}


def zuoye_client(mode: str) -> Callable[[], int]:
    from zuoye.ernie import Ernie

    client = Ernie(max_retries=0)
    messages = [{"role": "user", "content": QUESTIONS[mode]}]
    if mode == "call":

        def call() -> int:
            r = client.chat(model="ERNIE-4.0-8K", messages=messages)
            assert r.result
            return 1

        return call

    def stream() -> int:
        n = 0
        with client.chat(model="ERNIE-4.0-8K", messages=messages, stream=True) as s:
            for _ in s:
                n += 1
        assert s.response.result
        return n

    return stream


def httpx_client(mode: str) -> Callable[[], int]:
    """What a careful user writes by hand with httpx: the token fetched once, a pooled client."""
    import httpx

    base = os.environ["QIANFAN_BASE_URL"]
    http = httpx.Client(timeout=60)
    token = http.post(
        base + "/oauth/2.0/token",
        params={
            "grant_type": "client_credentials",
            "client_id": os.environ["QIANFAN_AK"],
            "client_secret": os.environ["QIANFAN_SK"],
        },
    ).json()["access_token"]
    url = f"{base}{CHAT}?access_token={token}"
    body = {"messages": [{"role": "user", "content": QUESTIONS[mode]}]}
    if mode == "call":

        def call() -> int:
            r = http.post(url, json=body).json()
            assert r["result"]
            return 1

        return call

    stream_body = {**body, "stream": True}

    def stream() -> int:
        n = 0
        text = []
        with http.stream("POST", url, json=stream_body) as response:
            for line in response.iter_lines():
                if line.startswith("data:"):
                    event = json.loads(line[5:])
                    text.append(event["result"])
                    n += 1
        assert text
        return n

    return stream


def qianfan_client(mode: str) -> Callable[[], int]:
    import qianfan

    chat = qianfan.ChatCompletion(model="ERNIE-4.0-8K")
    messages = [{"role": "user", "content": QUESTIONS[mode]}]
    if mode == "call":

        def call() -> int:
            r = chat.do(messages=messages)
            assert r.body["result"]
            return 1

        return call

    def stream() -> int:
        n = 0
        for event in chat.do(messages=messages, stream=True):
            assert "result" in event.body
            n += 1
        return n

    return stream


def main(kinds: list[str], mode: str, rounds: int, batch: int) -> dict[str, dict[str, list[float] | float]]:
    makers = {"zuoye": zuoye_client, "httpx": httpx_client, "qianfan": qianfan_client}
    runs = {kind: makers[kind](mode) for kind in kinds}
    out: dict[str, dict[str, list[float] | float]] = {}
    for kind, run in runs.items():  # warm-up: imports, the token, the connection, caches
        events = sum(run() for _ in range(max(3, batch // 2)))
        out[kind] = {"cpu_us": [], "events_per_call": events / max(3, batch // 2)}
    for r in range(rounds):
        order = kinds[r % len(kinds) :] + kinds[: r % len(kinds)]
        for kind in order:
            run = runs[kind]
            events = 0
            cpu0 = time.process_time()
            for _ in range(batch):
                events += run()
            cpu = time.process_time() - cpu0
            per_unit = out[kind]["cpu_us"]
            assert isinstance(per_unit, list)
            per_unit.append(cpu / events * 1e6)  # per call (call mode) or per event (stream mode)
    return out


if __name__ == "__main__":
    kinds, mode, base_url, rounds, batch = sys.argv[1:6]
    os.environ["QIANFAN_BASE_URL"] = base_url
    print(json.dumps(main(kinds.split(","), mode, int(rounds), int(batch))))
