from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zuoye.emulator._text import estimate_tokens, split_sentences


def test_estimate_matches_the_documented_examples() -> None:
    # The ERNIE-4.0-8K page: "介绍一下你自己" → prompt_tokens 7, "给我推荐一些自驾游路线" → 11.
    assert estimate_tokens("介绍一下你自己") == 7
    assert estimate_tokens("给我推荐一些自驾游路线") == 11
    # 汉字数 + 单词数 × 1.3: 2 + int(3 × 1.3)
    assert estimate_tokens("你好 hello big world") == 2 + 3
    assert estimate_tokens("") == 0


def test_sentences_split_after_end_punctuation_and_newlines() -> None:
    assert split_sentences("第一句。第二句！第三句") == ["第一句。", "第二句！", "第三句"]
    assert split_sentences("解：\n$x=2$\n答：x=2") == ["解：\n", "$x=2$\n", "答：x=2"]
    assert split_sentences("“好。”再见") == ["“好。”", "再见"]


@given(st.text())
def test_splitting_loses_nothing(text: str) -> None:
    assert "".join(split_sentences(text)) == text
