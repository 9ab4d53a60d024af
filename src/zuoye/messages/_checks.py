"""What a student is told about the computer's check of an answer (the tutor's check notice): what
the computer understood, and whether the answer agrees — never that the computer is right, as it
may have read another question. The solver's own reason (`math.reply.*`) is quoted in {reason}."""

from __future__ import annotations

from zuoye.messages._text import Text

CHECKS: dict[str, Text] = {
    "check.understood": Text("计算机理解的题目：{understood}", "What the computer understood: {understood}"),
    "check.agree": Text(
        "已验算：答案与计算机求解一致（{result}）。{understood}",
        "Checked: the answer agrees with the computer's ({result}). {understood}",
    ),
    "check.unchecked": Text("未验算：{reason}{understood}", "Not checked: {reason} {understood}"),
    "check.no_answer": Text(
        "未能在回答中找到可以验算的最终答案。",
        "No final answer that could be checked was found in the reply.",
    ),
    "check.read_differently": Text(
        "计算机和上面的回答对题目的理解不同。{understood}；回答理解的是 ${model_reading}$。"
        "按计算机的理解，结果是 {result}。请确认题目是哪一个意思：如果计算机理解错了，"
        "请把题目写得更清楚（例如 x 的平方写成 x^2）再问一次。",
        "The computer and the answer above read the question differently. {understood}; the answer read "
        "${model_reading}$. As the computer read it, the result is {result}. Check which one the "
        "question means: if the computer misread it, write the question more clearly (e.g. x^2 for x "
        "squared) and ask again.",
    ),
    "check.disagree": Text(
        "不一致：计算机求得 {result}，与上面的回答{again}不同。{understood}。"
        "可能是回答算错了，也可能是计算机读错了题：请先看计算机理解的题目对不对，再一步一步核对解题过程。",
        "Disagreement: the computer found {result}, which differs from the answer above{again}. "
        "{understood}. The answer may be wrong, or the computer may have misread the question: first see "
        "whether the computer understood the question, then check the working step by step.",
    ),
    "check.again": Text("重新作答后仍然", " even when answered again"),
}
