"""What the page may show of a streaming answer, cut by zuoye.render into text and formulae.

The page never decides what is maths: the one normaliser (zuoye.render) does, here, and the page
renders its segments (Markdown for text, KaTeX for formulae). A formula still being written is
held back by `StreamingMathBuffer` until it closes, so the page never shows half a formula.

Each released piece is cut on its own (re-cutting the whole answer at every delta would cost
O(n²) per stream), resuming inside a fenced code block when the previous piece ended in one.
tests/web/test_display.py checks that the pieces always add up to `split_math` of the whole.
"""

from __future__ import annotations

from typing import Any

from zuoye.render import Segment, StreamingMathBuffer, split_math
from zuoye.render._segments import scan_with_bare, to_segments


def segment_dicts(segments: list[Segment]) -> list[dict[str, Any]]:
    return [{"kind": s.kind, "content": s.content} for s in segments]


class LiveSegments:
    """Feed deltas; get the segments that became final since the last call."""

    def __init__(self) -> None:
        self._buffer = StreamingMathBuffer()

    def feed(self, delta: str) -> list[Segment]:
        fence = self._buffer._fence  # where the released text stands: inside a code block?
        return _cut(self._buffer.feed(delta), fence)

    def flush(self) -> list[Segment]:
        """The rest, as final (an unclosed formula becomes text)."""
        fence = self._buffer._fence
        return _cut(self._buffer.flush(), fence)

    def replace(self, text: str) -> list[dict[str, Any]]:
        """Start over with a whole new answer: all its segments."""
        self._buffer = StreamingMathBuffer()
        return segment_dicts(split_math(text))


def _cut(released: str, fence: Any) -> list[Segment]:
    if not released:
        return []
    pieces = scan_with_bare(released, final=True, fence=fence).pieces
    return to_segments(released, pieces)
