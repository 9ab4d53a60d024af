"""What the page may show of a streaming answer, cut by zuoye.render into text and formulae.

The page never decides what is maths: the one normaliser (zuoye.render) does, here, and the page
renders its segments (Markdown for text, KaTeX for formulae). A formula still being written is
held back by `StreamingMathBuffer` until it closes, so the page never shows half a formula.

Each released piece is cut once, in the context of what came before it (its line, an open
fenced code block), rather than re-cutting the whole answer at every delta (O(n²) per stream).
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
        self._shown = ""  # everything released so far: the context of the next piece

    def feed(self, delta: str) -> list[Segment]:
        fence = self._buffer._fence  # where the released text stands: inside a code block?
        return self._cut(self._buffer.feed(delta), fence)

    def flush(self) -> list[Segment]:
        """The rest, as final (an unclosed formula becomes text)."""
        fence = self._buffer._fence
        return self._cut(self._buffer.flush(), fence)

    def replace(self, text: str) -> list[dict[str, Any]]:
        """Start over with a whole new answer: all its segments."""
        self._buffer = StreamingMathBuffer()
        self._shown = ""
        return segment_dicts(split_math(text))

    def _cut(self, released: str, fence: Any) -> list[Segment]:
        if not released:
            return []
        start = len(self._shown)
        self._shown += released
        pieces = scan_with_bare(self._shown, final=True, start=start, fence=fence).pieces
        return to_segments(self._shown, pieces) if pieces else []
