"""A page with several questions → the questions, so the student can pick one (as Photomath does).

Worksheets number their questions: `1.` `2、` `(3)` `（4）` `⑤` `第6题` `七、`. A line that starts
with such a number starts a question; the lines after it, up to the next number, belong to it.
Lines before the first number are the page's instruction (计算下列各题：) and go with every
question, since they say what to do with it. One numbered line or none is one question: the
whole text.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(
    r"^\s*(?:"
    r"\d{1,2}\s*[.．、](?!\d)"  # 1.  2、  (not 1.5)
    r"|[(（]\s*\d{1,2}\s*[)）]"  # (3)  （4）
    r"|\d{1,2}\s*[)）]"  # 5)
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"
    r"|第\s*\d{1,2}\s*题[.．、:：]?"
    r"|[一二三四五六七八九十]{1,2}\s*[、.．]"
    r")\s*"
)


def split(text: str) -> list[str]:
    """The questions on a page, each without its number; `[text]` when it holds one."""
    lines = [line for line in text.split("\n") if line.strip()]
    heading: list[str] = []
    questions: list[list[str]] = []
    for line in lines:
        m = _NUMBER.match(line)
        if m and line[m.end() :].strip():
            questions.append([line[m.end() :].strip()])
        elif questions:
            questions[-1].append(line.strip())
        else:
            heading.append(line.strip())
    if len(questions) < 2:
        return [text.strip()] if text.strip() else []
    lead = "\n".join(heading)
    return ["\n".join([lead, *q] if lead else q) for q in questions]
