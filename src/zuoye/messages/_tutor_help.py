"""What the tutor itself writes to a reader around and in place of a model's answer: the help
ceiling's notice, progress and safety notices, the check labels stored with a turn, and the
offline answers built from the solver (提示 at a ceiling, 批改 of a student's working, 练习)."""

from __future__ import annotations

from zuoye.messages._text import Text

TUTOR_HELP: dict[str, Text] = {
    # -- the help ceiling (zuoye.tutor.modes.ceiling_name) --
    "tutor.ceiling_notice": Text(
        "帮助上限：{ceiling}（由家长或老师设置）。", "Help ceiling: {ceiling} (set by a parent or teacher)."
    ),
    "tutor.ceiling.hint": Text("只给提示", "hints only"),
    "tutor.ceiling.step": Text("只给下一步", "the next step only"),
    "tutor.ceiling.full": Text("完整讲解", "full explanations"),
    # -- notices while answering --
    "tutor.practice_progress": Text(
        "正在出题，并用计算机逐题验算答案……",
        "Setting the exercises and checking each answer with the computer…",
    ),
    "tutor.resample_progress": Text(
        "计算机验算结果与回答不一致，正在重新作答（第 {attempt} 次）……",
        "The computer's check disagrees with the answer; answering again (attempt {attempt})…",
    ),
    "tutor.practice_unchecked": Text(
        "这些练习题的答案无法用计算机验证，请谨慎使用。",
        "The answers to these exercises could not be checked by the computer: use them with care.",
    ),
    "tutor.history_cleared": Text(
        "为了让对话更顺畅，之前的聊天记录已清空，之后的提问会重新开始。你可以换一种说法继续提问。",
        "To keep the conversation going smoothly, the earlier messages have been cleared and the next "
        "question starts afresh. You can go on asking, perhaps in other words.",
    ),
    "tutor.refused": Text(
        "抱歉，这个问题没有通过内容安全审核，无法回答。之前的聊天记录已清空，可以换一个问题或换一种说法再问。",
        "Sorry, this question did not pass the content safety review and cannot be answered. The earlier "
        "messages have been cleared: ask another question, or ask this one in other words.",
    ),
    # -- the label a check is stored and shown with --
    "tutor.label.agree": Text("已验算", "Checked"),
    "tutor.label.disagree": Text("不一致", "Disagrees"),
    "tutor.label.unknown": Text("未验算", "Not checked"),
    # -- offline 提示: what the ceiling allows of the solver's steps --
    "tutor.hint.first_step": Text(
        "提示：第一步，{step}\n\n接下来你能自己完成吗？做完可以用「批改」模式检查。",
        "Hint: the first step is {step}\n\nCan you finish it yourself? When you are done, you can check "
        "your working in check mode.",
    ),
    "tutor.hint.step_method": Text(
        "提示：第一步是「{method}」。你能自己写出这一步吗？做完可以用「批改」模式检查。",
        "Hint: the first step is “{method}”. Can you write this step yourself? When you are done, you can "
        "check your working in check mode.",
    ),
    "tutor.hint.method": Text(
        "提示：可以从「{method}」入手。你能写出第一步吗？",
        "Hint: you could start with “{method}”. Can you write the first step?",
    ),
    "tutor.hint.no_method": Text("先理清题目给的条件", "listing what the question gives you"),
    # -- offline 批改: the first line of the working that does not follow --
    "tutor.review.ok": Text(
        "批改：每一步都能由上一步得到，没有发现错误。",
        "Check: every line follows from the one before; no mistake found.",
    ),
    "tutor.review.wrong_after": Text(
        "批改：第 {line_no} 行「{line}」有错误：由第 {before_no} 行「{before}」推不出这一行。\n\n"
        "请检查这一步的计算，改正后再往下做。",
        "Check: line {line_no} “{line}” has a mistake: it does not follow from line {before_no} "
        "“{before}”.\n\nCheck the working in this step, correct it, then carry on.",
    ),
    "tutor.review.wrong_first": Text(
        "批改：第 {line_no} 行「{line}」有错误：这一行推不出这一行。\n\n请检查这一步的计算，改正后再往下做。",
        "Check: line {line_no} “{line}” has a mistake: the computer could not follow it.\n\n"
        "Check the working in this step, correct it, then carry on.",
    ),
    # -- offline 练习 --
    "tutor.practice.exercises": Text("**练习题**（举一反三）", "**Exercises** (more like this one)"),
    "tutor.practice.answers": Text(
        "**参考答案**（由计算机求解验证）", "**Answers** (solved and checked by the computer)"
    ),
}
