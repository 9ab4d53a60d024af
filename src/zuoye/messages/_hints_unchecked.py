"""What the hint guard (zuoye.tutor.guard) says where the solver could not check part of a hint in
time (a busy machine): that part is withheld rather than shown unchecked."""

from __future__ import annotations

from zuoye.messages._text import Text

HINTS_UNCHECKED: dict[str, Text] = {
    "hint.withheld_unchecked": Text(
        "（这里的计算暂时没能用计算机核对，先隐藏了。）",
        "(The maths here could not be checked by the computer just now; it is hidden.)",
    ),
    "hint.what_unchecked": Text("暂时没能用计算机核对", "could not be checked by the computer just now"),
}
