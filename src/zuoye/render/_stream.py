"""`StreamingMathBuffer`: show a streamed answer as it arrives, but never half a formula.

A model streams `… 所以 $x = \\frac{1` and, a moment later, `}{2}$。`. Rendering the first
delta as it is shows a broken formula (or raw LaTeX) that then jumps into shape. The buffer
passes text through as soon as its meaning is settled and holds back from the first place
where it is not: an opened delimiter not yet closed, a trailing `$` or `\\`, a closing `$`
whose next character (a digit would make it money) has not arrived, a backtick run or fence
line still being written, a bare `\\frac…` that may still grow. The rules are the scanner's
own (`_scan`), so what the buffer releases is segmented exactly as the whole answer will be.

Holding back is bounded: when a would-be formula stays open for more than `max_inline`
characters (`max_display` for `$$`/`\\[`), its opener is released as text — a stray `$` in a
long paragraph must not freeze the stream. Everything fed comes out exactly once, in order:
the concatenation of all `feed()` results and `flush()` is the input.

It is the one streaming segmenter: the web page gets `feed_segments` of each delta (as JSON), the
terminal prints them (`zuoye.cli._render`), so both show the same formulae.
"""

from __future__ import annotations

from zuoye.render._scan import Fence
from zuoye.render._segments import Segment, scan_with_bare, to_segments

# Inline formulae are short; money in a paragraph waits at most this long for a closing `$`.
DEFAULT_MAX_INLINE = 300
# Display formulae (aligned steps, cases) can be long; models close them within this.
DEFAULT_MAX_DISPLAY = 3000
# Text already released is dropped beyond this, keeping its last line for context.
_KEEP = 4096


class StreamingMathBuffer:
    """Feed text deltas; get back the part that is safe to show now.

    >>> buf = StreamingMathBuffer()
    >>> buf.feed("所以 $x = \\\\frac{1")
    '所以 '
    >>> buf.feed("}{2}$。")
    '$x = \\\\frac{1}{2}$。'
    >>> buf.flush()
    ''
    """

    def __init__(
        self, *, max_inline: int = DEFAULT_MAX_INLINE, max_display: int = DEFAULT_MAX_DISPLAY
    ) -> None:
        if max_inline < 1 or max_display < 1:
            raise ValueError("max_inline and max_display must be at least 1")
        self.max_inline = max_inline
        self.max_display = max_display
        self._text = ""  # the tail of everything fed: released context, then held-back text
        self._released = 0  # offset in _text up to which text has been returned
        self._fence: Fence | None = None  # a fenced code block open at _released

    @property
    def held(self) -> str:
        """The text fed but not yet released."""
        return self._text[self._released :]

    def feed(self, delta: str) -> str:
        """Add a delta; return the text that can be shown now (possibly empty)."""
        if not delta:
            return ""
        self._text += delta
        return self._advance(final=False)[0]

    def flush(self) -> str:
        """The stream ended: return everything still held, and start afresh."""
        out = self._advance(final=True)[0]
        self._text, self._released, self._fence = "", 0, None
        return out

    def feed_segments(self, delta: str) -> list[Segment]:
        """Like `feed`, but the released text already cut into segments.

        Over a whole stream, the segments (adjacent text segments merged) are exactly
        `split_math` of the whole answer, however it was chunked — unless a would-be formula
        outlived its bound and was released as text. Cutting only what was released keeps
        the work per delta proportional to the delta, not to the answer.
        """
        self._text += delta
        return self._advance(final=False, segments=True)[1]

    def flush_segments(self) -> list[Segment]:
        """Like `flush`, as segments."""
        out = self._advance(final=True, segments=True)[1]
        self._text, self._released, self._fence = "", 0, None
        return out

    def _advance(self, *, final: bool, segments: bool = False) -> tuple[str, list[Segment]]:
        start, fence = self._released, self._fence
        text = self._text
        while True:
            scanned = scan_with_bare(text, final=final, start=self._released, fence=self._fence)
            stable = scanned.stable
            if not final and stable < len(text):
                bound = self.max_display if scanned.pending_display else self.max_inline
                if len(text) - stable > bound:
                    # Given up on: the opener is text after all; look again after it.
                    self._released = min(len(text), stable + scanned.pending_len)
                    self._fence = None
                    continue
            self._released = stable
            self._fence = scanned.fence
            break
        out = text[start : self._released]
        cut: list[Segment] = []
        if segments and out:
            # Scanned with what precedes it (line starts, list markers), up to what is released.
            released = text[: self._released]
            cut = to_segments(released, scan_with_bare(released, start=start, fence=fence).pieces)
        self._compact()
        return out, cut

    def _compact(self) -> None:
        if self._released <= _KEEP:
            return
        # Keep the current line: the scanner looks back to its start (fences, list markers).
        cut = self._text.rfind("\n", 0, self._released)
        if cut > 0:
            self._text = self._text[cut:]
            self._released -= cut
