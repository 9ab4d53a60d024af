"""When the model service fails, the student reads first, in their language, what to do — the advice
`zuoye doctor` gives — and the client's own (English) words after it as details. The message used
to be only the client's: "错误：ERNIE: IAM Certification failed (...) 运行 `zuoye doctor` 可检查配置。"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.cli.conftest import Run, v2_key

NOT_MATHS = "讲讲勾股定理的历史"  # not maths the local solver reads: no offline answer stands in


@pytest.mark.parametrize(
    ("lang", "first", "then"),
    [
        ("zh_CN.UTF-8", "错误：模型服务没有回答。密钥错误", "（详情：ERNIE: "),
        ("en_US.UTF-8", "error: The model service did not answer. The key is wrong", "(details: ERNIE: "),
    ],
)
def test_a_refused_key(
    zuoye: Callable[..., Run],
    online: Callable[[str], None],
    emulator_factory: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    first: str,
    then: str,
) -> None:
    online(emulator_factory(bearer_token=v2_key("r")))  # the emulator takes only another key
    monkeypatch.setenv("LANG", lang)
    r = zuoye("ask", NOT_MATHS)
    assert r.exit_code == 3
    assert r.stderr.startswith(first), r.stderr
    assert then in r.stderr and "QIANFAN_BEARER_TOKEN" in r.stderr and "zuoye doctor" in r.stderr
    chat = zuoye("chat", input=NOT_MATHS + "\n")  # the chat says the same and goes on
    assert chat.exit_code == 3 and first.split("：", 1)[-1].split(": ", 1)[-1] in chat.stderr


def test_an_unreachable_service(zuoye: Callable[..., Run], online: Callable[[str], None]) -> None:
    online("http://127.0.0.1:9")  # nothing listens there
    r = zuoye("ask", NOT_MATHS)
    assert r.exit_code == 4
    assert r.stderr.startswith(
        "错误：模型服务没有回答。检查网络、代理（HTTPS_PROXY），或稍后再试。（详情：ERNIE: "
    )
