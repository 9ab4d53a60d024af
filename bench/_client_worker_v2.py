"""One client of bench_client_v2, in a process of its own, driven batch by batch over stdin.

    python bench/_client_worker_v2.py KIND BASE_URL     KIND: zuoye | httpx | openai | qianfan

It builds its client, warms it up (imports, the connection, caches), prints one JSON line
`{"ready": ...}` and then answers each command line `call N` or `stream N` with one JSON line: the
CPU seconds this process spent on N non-streaming calls (or N streams), and what it saw. `quit`
ends it. The benchmark starts one worker per client and sends the batches in turn, so the
clients take turns on the same machine within every round (the load of others on a shared host
shifts from second to second) and can be compared round by round.

Only the standard library is imported at the top: the openai kind runs in the openai SDK's venv
($ZUOYE_OPENAI_PYTHON) and the qianfan kind in qianfan's ($ZUOYE_QIANFAN_PYTHON), where zuoye is
not installed. Every client makes the same v2 requests — model `ernie-4.0-8k`, one user message,
a stream asking for usage (`stream_options.include_usage`) — with the same fake API key, built here
at run time, and checks the answer it got.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

MODEL = "ernie-4.0-8k"
QUESTIONS = {"call": "你好", "stream": "流式回答"}
# What bench_client_v2's scenario answers; every client checks that it got it whole.
SENTENCES = 50
ANSWERS = {
    "call": "你好！有什么可以帮你的？",
    "stream": "".join(f"这是第{i}句话。" for i in range(SENTENCES)),
}
WARM_UP = {"call": 10, "stream": 3}

# (seen, text): `seen` is what the client handed its caller — calls, or the chunks of a stream.
Run = Callable[[], tuple[int, str]]


def fake_api_key() -> str:
    """Well-formed for the emulator, obviously not a real key (never a literal that looks like one)."""
    return "bce-v3/ALTAK-" + "x" * 20 + "/" + "y" * 40


def zuoye_client(base_url: str) -> dict[str, Run]:
    from zuoye.ernie import Ernie

    client = Ernie(bearer_token=fake_api_key(), base_url=base_url, max_retries=0)
    assert client.protocol == "v2", client.protocol

    def call() -> tuple[int, str]:
        r = client.chat(model="ERNIE-4.0-8K", messages=[{"role": "user", "content": QUESTIONS["call"]}])
        return 1, r.result

    def stream() -> tuple[int, str]:
        n = 0
        messages = [{"role": "user", "content": QUESTIONS["stream"]}]
        with client.chat(model="ERNIE-4.0-8K", messages=messages, stream=True) as s:
            for _ in s:
                n += 1
        assert s.response.usage.total_tokens > 0
        return n, s.response.result

    return {"call": call, "stream": stream}


def httpx_client(base_url: str) -> dict[str, Run]:
    """What a careful user writes by hand with httpx: one pooled client carrying the Bearer header,
    the JSON parsed, the SSE lines iterated and each event's delta collected."""
    import httpx

    http = httpx.Client(timeout=60, headers={"Authorization": f"Bearer {fake_api_key()}"})
    url = f"{base_url}/v2/chat/completions"

    def call() -> tuple[int, str]:
        body = {"model": MODEL, "messages": [{"role": "user", "content": QUESTIONS["call"]}]}
        r = http.post(url, json=body)
        r.raise_for_status()
        return 1, r.json()["choices"][0]["message"]["content"]

    def stream() -> tuple[int, str]:
        body = {
            "model": MODEL,
            "messages": [{"role": "user", "content": QUESTIONS["stream"]}],
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        n = 0
        text = []
        usage = None
        with http.stream("POST", url, json=body) as response:
            response.raise_for_status()
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                event = json.loads(data)
                n += 1
                for choice in event["choices"]:
                    text.append(choice["delta"].get("content") or "")
                usage = event.get("usage") or usage
        assert usage and usage["total_tokens"] > 0
        return n, "".join(text)

    return {"call": call, "stream": stream}


def openai_client(base_url: str) -> dict[str, Run]:
    import openai

    client = openai.OpenAI(api_key=fake_api_key(), base_url=f"{base_url}/v2", max_retries=0)

    def call() -> tuple[int, str]:
        r = client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": QUESTIONS["call"]}]
        )
        return 1, r.choices[0].message.content or ""

    def stream() -> tuple[int, str]:
        n = 0
        text = []
        usage = None
        for chunk in client.chat.completions.create(
            model=MODEL,
            messages=[{"role": "user", "content": QUESTIONS["stream"]}],
            stream=True,
            stream_options={"include_usage": True},
        ):
            n += 1
            for choice in chunk.choices:
                text.append(choice.delta.content or "")
            usage = chunk.usage or usage
        assert usage is not None and usage.total_tokens > 0
        return n, "".join(text)

    return {"call": call, "stream": stream}


def qianfan_client(base_url: str) -> dict[str, Run]:
    import qianfan

    # Its warning about missing v1 credentials would otherwise be logged on every call: a user of
    # the v2 client would turn that off, and the benchmark should not count logging as the SDK's cost.
    qianfan.disable_log()
    client = qianfan.Qianfan(api_key=fake_api_key(), console_api_base_url=base_url)
    # `client.chat.completions` builds a new resource object on every access; taking it once is
    # the SDK's cheapest way to make many calls.
    completions = client.chat.completions

    def call() -> tuple[int, str]:
        r = completions.create(model=MODEL, messages=[{"role": "user", "content": QUESTIONS["call"]}])
        return 1, r.choices[0].message.content or ""

    def stream() -> tuple[int, str]:
        n = 0
        text = []
        usage = None
        for chunk in completions.create(
            model=MODEL,
            messages=[{"role": "user", "content": QUESTIONS["stream"]}],
            stream=True,
            stream_options={"include_usage": True},
        ):
            n += 1
            for choice in chunk.choices:
                text.append(choice.delta.content or "")
            usage = chunk.usage or usage
        assert usage is not None and usage.total_tokens > 0
        return n, "".join(text)

    return {"call": call, "stream": stream}


MAKERS = {"zuoye": zuoye_client, "httpx": httpx_client, "openai": openai_client, "qianfan": qianfan_client}


def batch(run: Run, mode: str, n: int) -> dict[str, float | int]:
    seen = 0
    texts = []
    cpu0 = time.process_time()
    for _ in range(n):
        k, text = run()
        seen += k
        texts.append(text)
    cpu = time.process_time() - cpu0
    # Checked after the clock stops: a client that lost or garbled part of an answer fails the run.
    wrong = [t for t in texts if t != ANSWERS[mode]]
    if wrong:
        raise SystemExit(f"{mode}: unexpected answer {wrong[0][:80]!r}")
    return {"cpu": cpu, "seen": seen}


def main(kind: str, base_url: str) -> None:
    runs = MAKERS[kind](base_url)
    ready = {mode: batch(runs[mode], mode, WARM_UP[mode])["seen"] / WARM_UP[mode] for mode in runs}
    print(json.dumps({"ready": ready, "python": sys.version.split()[0]}), flush=True)
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] == "quit":
            break
        mode, n = command[0], int(command[1])
        print(json.dumps(batch(runs[mode], mode, n)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
