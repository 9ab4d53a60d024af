from __future__ import annotations

from rich.console import Console

from zuoye.render import markdown_for_terminal, render_terminal


def _screen(markdown_text: str, width: int = 60) -> str:
    console = Console(width=width, record=True, color_system=None, force_terminal=False)
    console.print(render_terminal(markdown_text))
    # The word joiner that keeps a display formula's indentation is invisible: drop it here.
    return "\n".join(line.rstrip().replace("\u2060", "") for line in console.export_text().splitlines())


def test_inline_maths_is_readable_not_raw_latex() -> None:
    screen = _screen(r"由 \(x^2 = 4\) 得 $x = \pm 2$，且 $\frac{1}{2} + \frac{1}{3} = \frac{5}{6}$。")
    assert "由 x² = 4 得 x = ± 2，且 1/2 + 1/3 = 5/6。" in screen
    assert "\\frac" not in screen and "$" not in screen


def test_display_maths_is_its_own_indented_block_row_by_row() -> None:
    screen = _screen("解方程组\n$$\n\\begin{cases} x+y=3 \\\\ x-y=1 \\end{cases}\n$$\n答：x=2")
    lines = screen.splitlines()
    first = next(k for k, line in enumerate(lines) if "⎧ x+y=3" in line)
    assert lines[first + 1].strip() == "⎩ x-y=1"
    assert lines[first].startswith("\u00a0" * 4)  # set apart from the text
    assert "答：x=2" in screen


def test_display_inside_a_list_item_stays_in_the_item() -> None:
    md = markdown_for_terminal("1. 第一步：$$x = \\frac{4}{2}$$\n2. 第二步")
    screen = _screen("1. 第一步：$$x = \\frac{4}{2}$$\n2. 第二步")
    assert "x = 4/2" in screen
    assert " 2 第二步" in screen  # still a numbered list with two items
    assert "\n   \n" in md  # the formula is a paragraph of the first item


def test_maths_characters_are_not_markdown() -> None:
    screen = _screen(r"$a*b*c$ 和 $x_1 \cdot y_1$ 和 $[0,1]$")
    assert "a*b*c" in screen
    assert "x₁ · y₁" in screen
    assert "[0,1]" in screen


def test_money_code_and_text_are_left_alone() -> None:
    screen = _screen("花了 $5 和 $3。\n\n```python\nprint('$x$')\n```\n**重点**：`$y$`")
    assert "花了 $5 和 $3。" in screen
    assert "print('$x$')" in screen
    assert "重点：$y$" in screen


def test_bare_latex_is_rendered_too() -> None:
    assert "所以 x = 1/2，" in _screen(r"所以 x = \frac{1}{2}，")


def test_quote_with_display() -> None:
    screen = _screen("> 注意 $$\\sqrt{x+1}$$ 非负")
    assert "√(x+1)" in screen and "非负" in screen
