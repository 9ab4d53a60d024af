"""What the hint guard (zuoye.tutor.guard) says where it held back part of a reply: 提示 mode or a
help ceiling lets a hint give one step and a question back, never the rest of the solution."""

from __future__ import annotations

from zuoye.messages._text import Text

HINTS: dict[str, Text] = {
    "hint.withheld_answer": Text(
        "（这里有一句直接给出了答案，已隐藏。）", "(A sentence here gave the answer away; it is hidden.)"
    ),
    "hint.withheld_steps": Text("（后面的解题步骤已隐藏。）", "(The rest of the working is hidden.)"),
    "hint.ask_back": Text("接下来这一步，你能自己做出来吗？", "Can you do the next step yourself?"),
    "hint.notice": Text(
        "回答里有 {count} 句{what}，按照{who}已隐藏。先试着自己做一做吧！",
        "{count} sentence(s) of the reply {what}; hidden because of {who}. Try it yourself first!",
    ),
    "hint.what_answer": Text("直接给出了答案", "gave the answer"),
    "hint.what_steps": Text("写出了后面的解题步骤", "wrote out the rest of the working"),
    "hint.what_both": Text("写出了后面的解题步骤或答案", "wrote out the rest of the working or the answer"),
    "hint.who_adult": Text("家长或老师设置的帮助上限", "the help ceiling a parent or teacher set"),
    "hint.who_own": Text("你选的提示模式", "the hint mode you chose"),
}
