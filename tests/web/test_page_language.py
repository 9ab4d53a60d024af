"""The page itself (GET /) in the language the request asks for: its lang attribute, its words
filled in by the server, and the table its scripts read — Chinese by default."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from zuoye.web import _index

pytestmark = pytest.mark.anyio

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _table(html: str) -> dict[str, str]:
    found = re.search(r'<script type="application/json" id="page-messages">(.*?)</script>', html, re.S)
    assert found is not None
    table: dict[str, str] = json.loads(found.group(1))
    return table


async def test_an_english_reader_gets_the_page_in_english(client: httpx.AsyncClient) -> None:
    r = await client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["vary"] == "Accept-Language"
    html = r.text
    assert '<html lang="en">' in html
    assert "{{" not in html  # every word filled in
    assert ">Send</button>" in html and "Type the question…" in html and "+ New chat" in html
    table = _table(html)
    assert table["page.composer.send"] == "Send"
    assert all(key.startswith("page.") for key in table)
    # Chinese is left only where it is data: the values the API is sent (mode, level)
    visible = re.sub(r'value="[^"]*"', "", html.split("</head>", 1)[1])
    assert CJK.findall(visible) == []


@pytest.mark.parametrize("headers", [{}, {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}])
async def test_a_chinese_reader_gets_todays_chinese_page(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    html = (await client.get("/", headers=headers)).text
    assert '<html lang="zh-CN">' in html and "{{" not in html
    assert "<title>作业 · 作业问题回答</title>" in html
    assert ">发送</button>" in html and 'placeholder="输入题目……（Enter 发送，Shift+Enter 换行）"' in html
    assert '<option value="初中" selected>初中</option>' in html
    assert _table(html)["page.composer.send"] == "发送"


async def test_no_word_can_close_the_table_script() -> None:
    table = _index.render("zh").split('id="page-messages">', 1)[1].split("</script>", 1)[0]
    assert "<" not in table
