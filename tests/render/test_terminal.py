from __future__ import annotations

from rich.console import Console

from zuoye.render import markdown_for_terminal, plain_text, render_terminal


def _screen(markdown_text: str, width: int = 60) -> str:
    console = Console(width=width, record=True, color_system=None, force_terminal=False)
    console.print(render_terminal(markdown_text))
    # The word joiner that keeps a display formula's indentation is invisible: drop it here; the
    # no-break spaces that keep short formulae (and that indentation) together look like spaces.
    lines = console.export_text().replace("\u2060", "").replace("\u00a0", " ").splitlines()
    return "\n".join(line.rstrip() for line in lines)


def test_inline_maths_is_readable_not_raw_latex() -> None:
    screen = _screen(r"由 \(x^2 = 4\) 得 $x = \pm 2$，且 $\frac{1}{2} + \frac{1}{3} = \frac{5}{6}$。")
    assert "由 x² = 4 得 x = ±2，且 1/2 + 1/3 = 5/6。" in screen  # ± is a sign here
    assert "\\frac" not in screen and "$" not in screen


def test_display_maths_is_its_own_indented_block_row_by_row() -> None:
    screen = _screen("解方程组\n$$\n\\begin{cases} x+y=3 \\\\ x-y=1 \\end{cases}\n$$\n答：x=2")
    lines = screen.splitlines()
    first = next(k for k, line in enumerate(lines) if "⎧ x+y=3" in line)
    assert lines[first + 1].strip() == "⎩ x−y=1"
    assert lines[first].startswith(" " * 4)  # set apart from the text
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


def test_one_step_per_line_as_the_model_wrote_them() -> None:
    # ERNIE writes its steps on consecutive lines; Markdown alone would join them into one.
    screen = _screen("解：\n移项得 $2x=7-3$\n即 $2x=4$\n两边同除以 2，得 $x=2$\n答：$x=2$")
    assert screen.splitlines()[:5] == ["解：", "移项得 2x=7−3", "即 2x=4", "两边同除以 2，得 x=2", "答：x=2"]
    numbered = _screen("**解：**\n1. 原方程为 $2x^2-5x+3=0$\n2. 因式分解得 $(2x-3)(x-1)=0$")
    assert " 1 原方程为 2x²−5x+3=0" in numbered and " 2 因式分解得 (2x−3)(x−1)=0" in numbered


def test_a_short_formula_is_never_split_over_two_lines() -> None:
    text = "这是一个很长很长很长的句子用来测试 $2 x^{2} - 5 x + 3 = 0$ 的换行。"
    for width in range(30, 60):
        lines = _screen(text, width=width).splitlines()
        assert any("2x² − 5x + 3 = 0" in line for line in lines), (width, lines)


def test_plain_text_for_pipes_and_notices() -> None:
    notice = "已验算：答案与计算机求解一致（$x_{1} = 1,\\quad x_{2} = \\frac{3}{2}$）。"
    assert plain_text(notice) == "已验算：答案与计算机求解一致（x₁ = 1,  x₂ = 3/2）。"
    system = plain_text(r"方程组 $\begin{cases} x > 1 \\ y < 2 \end{cases}$ 的解")
    assert system == "方程组 {x > 1; y < 2} 的解"  # no \begin{cases}, no Markdown escapes (\>)
    assert plain_text("解：$$x = \\frac{1}{2}$$") == "解：\nx = 1/2\n"
