"""When ERNIE fails (a 500, a rate limit), the student reads what happened and what to do in their
language; the model client's own words (English, HTTP status, request id) stay folded away for the
administrator, not in the student's face."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import shot

pytestmark = pytest.mark.browser

SCENARIO = {"rules": [{"match": "坏", "reply": {"status": 500, "code": "internal_error"}}]}


def test_a_failed_model_says_what_to_do_in_chinese_with_the_details_folded(page: Any, served: Any) -> None:
    url = served(SCENARIO)
    page.goto(url)
    page.wait_for_selector("#app[data-state=ready]")
    page.fill("#question", "坏了：解方程 x+1=2")
    page.click("#send")
    notice = page.locator(".turn .notice-error")
    notice.wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('.turn.streaming')", timeout=30_000)
    shown = notice.inner_text()
    assert shown.startswith("文心一言（ERNIE）这次没有答完：服务出错或太忙。请稍等片刻，再点「重新生成」。")
    assert "HTTP 500" not in shown and "request" not in shown  # folded: the administrator's details
    page.click(".turn .error-details summary")
    assert "internal_error" in notice.inner_text()
    shot(page, "model-failed-details")
    assert page.is_visible(".turn .regenerate")
    # no answer: nothing to copy or keep in the 错题本 (it said 加入失败, "wait for the answer")
    assert not page.is_visible(".turn .save-mistake") and not page.is_visible(".turn .copy-answer")
    assert page.problems.errors == []
