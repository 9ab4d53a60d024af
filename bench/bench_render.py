"""What the maths rendering costs a streamed answer, side by side with plain Rich Markdown.

`zuoye ask` redraws the whole answer on every delta (Rich Live), so the numbers that matter
are one redraw of a full answer and the sum over a stream; both are compared with rendering
the same text through Rich Markdown without any maths handling. The streaming buffer's cost
is the sum of its `feed` calls over the stream.
"""

from __future__ import annotations

import io
import time

from rich.console import Console
from rich.markdown import Markdown

from zuoye.render import (
    StreamingMathBuffer,
    markdown_for_terminal,
    normalize_markdown,
    render_terminal,
    split_math,
)

ANSWER = r"""**解：** 设这个数为 $x$。由题意得 \(2x + 3 = 7\)，所以

$$
\begin{cases} 2x + y = 5 \\ x - y = 1 \end{cases}
$$

1. 第一步：移项，得 $2x = 7 - 3 = 4$。
2. 第二步：两边同除以 2，得 $$x = \frac{4}{2} = 2$$
3. 检验：把 $x = 2$ 代入原方程，左边 $= 2 \times 2 + 3 = 7 =$ 右边。

再看一元二次方程 \(x^2 - 5x + 6 = 0\)：由求根公式
\[ x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a} = \frac{5 \pm \sqrt{25 - 24}}{2} \]
得 $x_1 = 2$，$x_2 = 3$。注意 $\Delta = b^2 - 4ac = 1 > 0$，所以有两个不相等的实数根。

> 小贴士：一本练习册 $5，两本共 $10。分数 $\frac{1}{2} + \frac{1}{3} = \frac{5}{6}$。

```python
print("$x$ 不是公式")
```

**答：** 这个数是 $\boxed{2}$。
"""


def _best_ms(fn: object, repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _console() -> Console:
    return Console(file=io.StringIO(), width=80, force_terminal=True, color_system="truecolor")


def _deltas(text: str, size: int = 20) -> list[str]:
    return [text[k : k + size] for k in range(0, len(text), size)]


def run() -> list[dict]:
    answer = ANSWER * 3  # ~1,600 characters: a long step-by-step answer
    deltas = _deltas(answer)
    console = _console()

    from zuoye.render import _latex

    split = _best_ms(lambda: split_math(answer))
    normalize = _best_ms(lambda: normalize_markdown(answer))
    to_md = _best_ms(lambda: markdown_for_terminal(answer))
    ours = _best_ms(lambda: console.print(render_terminal(answer)))
    plain = _best_ms(lambda: console.print(Markdown(answer)))

    def stream_redraws(render: object) -> None:
        shown = ""
        for d in deltas:
            shown += d
            console.print(render(shown))  # type: ignore[operator]

    _latex._cached.cache_clear()  # the stream starts cold, as a new answer does
    stream_ours = _best_ms(lambda: stream_redraws(render_terminal), repeat=1)
    stream_plain = _best_ms(lambda: stream_redraws(Markdown), repeat=1)

    def buffer_only() -> None:
        buf = StreamingMathBuffer()
        for d in deltas:
            buf.feed(d)
        buf.flush()

    buffer = _best_ms(buffer_only)
    n = len(answer)
    return [
        {"bench": "render", "metric": f"split_math, {n}-char answer", "value": split, "unit": "ms"},
        {"bench": "render", "metric": "normalize_markdown, same", "value": normalize, "unit": "ms"},
        {"bench": "render", "metric": "markdown_for_terminal, same", "value": to_md, "unit": "ms"},
        {
            "bench": "render",
            "metric": "one redraw: render_terminal + Rich print",
            "value": ours,
            "unit": "ms",
            "note": f"{ours / plain:.2f}× plain Rich Markdown ({plain:.1f} ms)",
        },
        {
            "bench": "render",
            "metric": f"whole stream, {len(deltas)} redraws",
            "value": stream_ours,
            "unit": "ms",
            "note": f"{stream_ours / stream_plain:.2f}× plain Rich Markdown ({stream_plain:.0f} ms)",
        },
        {
            "bench": "render",
            "metric": f"StreamingMathBuffer, {len(deltas)} feeds",
            "value": buffer,
            "unit": "ms",
            "goal": "< 30 per answer",
            "note": f"{buffer / len(deltas) * 1000:.0f} µs a delta",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
