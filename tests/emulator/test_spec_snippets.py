"""The seed documents' own example code, run against the emulator unchanged apart from the host.

The Python `requests` snippets are cut out of the model pages verbatim and run in a fresh
interpreter with only `https://aip.baidubce.com` replaced. The function-call example exists only
as curl commands; its two JSON bodies are cut out verbatim and sent as curl would send them.
The pages are Baidu's, so they live outside the repository: see tests/_seed_spec.py for where.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests._seed_spec import require_seed_spec_dir, seed_pages_present, seed_spec_dir
from tests.emulator._helpers import sse_events, token

SNIPPET = re.compile(r"^import requests\n.*?^if __name__ == '__main__':\n[ \t]*main\(\)\n", re.S | re.M)
HOST = "https://aip.baidubce.com"


def _snippets(folder: Path) -> list[tuple[str, str, str]]:
    """(page, kind, code) for every snippet that is valid Python as stored in the page."""
    out = []
    for page in sorted(folder.glob("ernie-*.md")):
        for code in SNIPPET.findall(page.read_text(encoding="utf-8")):
            try:
                compile(code, page.name, "exec")
            except SyntaxError:
                continue  # some pages lost their indentation in conversion to text
            kind = "stream" if "stream=True" in code else "multi" if '"assistant"' in code else "single"
            out.append((page.name, kind, code))
    return out


# Without the pages there is nothing to parametrize over; one placeholder case skips
# with its reason in require_seed_spec_dir() instead of pytest skipping an empty parameter set.
SNIPPETS = _snippets(seed_spec_dir()) if seed_pages_present() else [("seed-pages-missing", "", "")]


def test_the_runnable_snippets_cover_token_single_multi_and_stream() -> None:
    require_seed_spec_dir()
    kinds = {(page, kind) for page, kind, _ in SNIPPETS}
    for page in ("ernie-4.0-8k.md", "ernie-speed-8k.md"):
        assert {(page, "single"), (page, "multi"), (page, "stream")} <= kinds


@pytest.mark.parametrize(("page", "kind", "code"), SNIPPETS, ids=[f"{p}-{k}" for p, k, _ in SNIPPETS])
def test_snippet_runs_unchanged_apart_from_the_host(emulator: str, page: str, kind: str, code: str) -> None:
    require_seed_spec_dir()
    assert code.count(HOST) == 2  # the token URL and the chat URL
    proc = subprocess.run(
        [sys.executable, "-c", code.replace(HOST, emulator)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    if kind == "stream":
        lines = [line for line in out.splitlines() if line.strip() not in ("", "b''")]
        assert lines and all("data: " in line for line in lines)
        assert '"is_end":true' in lines[-1]
    else:
        body = json.loads(out)
        assert body["object"] == "chat.completion" and body["result"]
        assert "error_code" not in body


def _curl_body(block: str) -> bytes:
    """The JSON a `curl ... -d '{...}'` command sends, exactly as written."""
    match = re.search(r"-d '(\{.*?\})'", block, re.S)
    assert match, "no -d body in the curl example"
    return match.group(1).encode()


def test_the_two_round_function_call_example(emulator_factory: Callable[..., str]) -> None:
    page = (require_seed_spec_dir() / "ernie-4.0-8k.md").read_text(encoding="utf-8")
    section = page[page.index("#### function call示例") :]
    blocks = [b for b in re.findall(r"```bash label=bash\n(.*?)```", section, re.S) if "functions" in b]
    first_body, second_body = (_curl_body(b) for b in blocks)
    json.loads(first_body), json.loads(second_body)  # the page's bodies are valid JSON as written

    url = emulator_factory(
        scenario={
            "rules": [
                {
                    "match": "天气",
                    "when_functions": True,
                    "reply": {
                        "function_call": {
                            "name": "get_current_weather",
                            "arguments": '{"unit":"摄氏度","location":"上海市"}',
                            "thoughts": "用户提到了天气，需要调用API来获取天气信息。",
                        }
                    },
                }
            ]
        }
    )
    chat = f"{url}/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro"
    # curl -d sends application/x-www-form-urlencoded; the service reads the body as JSON anyway.
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    access = token(url, "[API Key]", "[Secret Key]")
    first = httpx.post(chat, params={"access_token": access}, content=first_body, headers=form)
    (event,) = sse_events(first.text)
    assert event["is_end"] is True and event["result"] == ""
    assert event["function_call"]["name"] == "get_current_weather"
    assert json.loads(event["function_call"]["arguments"])["location"] == "上海市"

    second = httpx.post(chat, params={"access_token": access}, content=second_body, headers=form)
    events = sse_events(second.text)
    answer = "".join(e["result"] for e in events)
    assert events[-1]["is_end"] is True
    assert "25" in answer and "晴朗" in answer and "function_call" not in events[-1]
