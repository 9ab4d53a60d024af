"""The delimiter scanner behind `split_math` and the streaming buffer.

One left-to-right pass over Markdown that finds the four maths notations ERNIE uses
(`$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`) and everything that must never be maths: code spans,
fenced code blocks, escaped dollars and money. The rules for a single `$` are pandoc's
(`tex_math_dollars`), because they are the ones that keep "$4" and "costs $5 and $10" as text:

- an opening `$` must be followed by a non-space character;
- the first unescaped `$` after it decides: it closes the formula only if it is preceded by a
  non-space character and not followed by a digit; otherwise the opener is plain text;
- inline maths never crosses a blank line (a paragraph break).

Display maths (`$$`, `\\[`) may cross blank lines because models put them there; the
normaliser collapses them. Inside any formula a backslash escapes the next character, so
`\\$` and `\\\\` never close it. A formula whose content is blank is text.

The scanner also runs on a *prefix* of a streamed answer (`final=False`). Then it stops at the
first position whose meaning could still change when more text arrives (an opener not yet
closed, a trailing `$` that may become `$$`, a trailing backslash, a closing `$` whose next
character is unknown, a backtick run or fence line still being written) and reports it as
`stable`: everything before it will be segmented the same way whatever follows.

Not handled, on purpose: indented (four-space) code blocks, because answers indent list
continuations far more often than they write indented code; and raw HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

PieceKind = Literal["plain", "code", "inline", "display"]

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A fence line: optional indentation and blockquote markers, then 3+ backticks or tildes.
_FENCE_OPEN = re.compile(r"[ \t]*(?:>[ \t]*)*(`{3,}|~{3,})([^\n]*)")
_FENCE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]*)*[`~]*")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the input: `text[start:end]`, with the delimiter lengths for maths."""

    kind: PieceKind
    start: int
    end: int
    open_len: int = 0
    close_len: int = 0


@dataclass(frozen=True, slots=True)
class Fence:
    """An open fenced code block: its fence character and length."""

    char: str
    length: int


@dataclass(slots=True)
class ScanResult:
    pieces: list[Piece] = field(default_factory=list)
    # Everything before `stable` is final; equals len(text) when final=True.
    stable: int = 0
    # The opener at `stable` (how many characters to release if it is given up on), or 0.
    pending_len: int = 0
    # Whether the pending construct is display maths (gets a longer hold-back bound).
    pending_display: bool = False
    # The fenced block open at `stable`, if any.
    fence: Fence | None = None


class _Pending(Exception):
    """Raised inside the scan when more input could change the meaning at `pos`."""

    def __init__(self, pos: int, length: int, display: bool = False) -> None:
        self.pos = pos
        self.length = length
        self.display = display


def scan(text: str, *, final: bool = True, start: int = 0, fence: Fence | None = None) -> ScanResult:
    """Split `text[start:]` into pieces; see the module docstring for the rules."""
    return _Scanner(text, final).run(start, fence)


class _Scanner:
    def __init__(self, text: str, final: bool) -> None:
        self.text = text
        self.n = len(text)
        self.final = final
        self.pieces: list[Piece] = []
        self._plain_from = 0

    # -- output -------------------------------------------------------------------------
    def _flush_plain(self, upto: int) -> None:
        if upto > self._plain_from:
            self.pieces.append(Piece("plain", self._plain_from, upto))
        self._plain_from = upto

    def _emit(self, piece: Piece) -> None:
        self._flush_plain(piece.start)
        self.pieces.append(piece)
        self._plain_from = piece.end

    def _code(self, start: int, end: int) -> None:
        if end > start:
            self._emit(Piece("code", start, end))

    # -- driver ---------------------------------------------------------------------------
    def run(self, start: int, fence: Fence | None) -> ScanResult:
        self._plain_from = start
        i = start
        result = ScanResult()
        try:
            if fence is not None:
                i = self._in_fence(start, start, fence)
            while i < self.n:
                i = self._step(i)
        except _Pending as p:
            self._flush_plain(p.pos)
            result.pieces = self.pieces
            result.stable = p.pos
            result.pending_len = p.length
            result.pending_display = p.display
            return result
        except _OpenFence as f:
            # A fence still open at the end: code up to the line being written, and still open
            # there (the buffer resumes at a line start, so a half-written closing fence is seen whole).
            self._code(f.start, f.resume)
            self._plain_from = f.resume
            result.pieces = self.pieces
            result.stable = f.resume
            result.fence = f.fence
            return result
        self._flush_plain(self.n)
        result.pieces = self.pieces
        result.stable = self.n
        return result

    def _at_line_start(self, i: int) -> bool:
        return i == 0 or self.text[i - 1] == "\n"

    def _step(self, i: int) -> int:
        text = self.text
        if self._at_line_start(i):
            j = self._fence_line(i)
            if j is not None:
                return j
        c = text[i]
        if c == "\n":
            return i + 1
        if c == "`":
            return self._code_span(i)
        if c == "\\":
            return self._backslash(i)
        if c == "$":
            return self._dollar(i)
        # Jump to the next character that can matter.
        m = _INTERESTING.search(text, i + 1)
        return m.start() if m else self.n

    # -- code -----------------------------------------------------------------------------
    def _fence_line(self, i: int) -> int | None:
        text = self.text
        line_end = text.find("\n", i)
        complete = line_end != -1
        if not complete:
            line_end = self.n
        m = _FENCE_OPEN.match(text, i, line_end)
        if not complete and not self.final and (m is not None or _FENCE_PREFIX.fullmatch(text, i, line_end)):
            # The line is still being written: "``" may become a fence, "```" may grow or get
            # an info string that disqualifies it.
            raise _Pending(i, max(1, line_end - i))
        if m is None:
            return None
        run, info = m.group(1), m.group(2)
        if run[0] == "`" and "`" in info:
            return None  # CommonMark: a backtick fence's info string has no backticks
        fence = Fence(run[0], len(run))
        body_start = line_end + 1 if complete else self.n
        return self._in_fence(i, body_start, fence)

    def _in_fence(self, block_start: int, body_start: int, fence: Fence) -> int:
        text = self.text
        pos = body_start
        closer = re.compile(rf"[ \t]*(?:>[ \t]*)*{re.escape(fence.char)}{{{fence.length},}}[ \t]*")
        while pos < self.n:
            line_end = text.find("\n", pos)
            if line_end == -1:
                if self.final:
                    if closer.fullmatch(text, pos, self.n):
                        self._code(block_start, self.n)
                        return self.n
                    pos = self.n
                break
            if closer.fullmatch(text, pos, line_end):
                self._code(block_start, line_end + 1)
                return line_end + 1
            pos = line_end + 1
        if self.final:
            # CommonMark: an unclosed fence runs to the end of the document.
            self._code(block_start, self.n)
            return self.n
        raise _OpenFence(block_start, fence, pos)

    def _code_span(self, i: int) -> int:
        text = self.text
        j = i
        while j < self.n and text[j] == "`":
            j += 1
        run = j - i
        if j == self.n and not self.final:
            raise _Pending(i, run)
        limit = self._paragraph_end(j)
        pattern = re.compile(rf"(?<!`)`{{{run}}}(?!`)")
        m = pattern.search(text, j, limit)
        if m is not None and m.end() == self.n and not self.final:
            raise _Pending(i, run)  # the closing run may still grow and stop matching
        if m is not None:
            self._code(i, m.end())
            return m.end()
        if limit == self.n and not self.final:
            raise _Pending(i, run)
        return j  # unmatched backticks are literal text

    def _paragraph_end(self, i: int) -> int:
        m = _BLANK_LINE.search(self.text, i)
        return m.start() if m else self.n

    # -- maths ----------------------------------------------------------------------------
    def _backslash(self, i: int) -> int:
        text = self.text
        if i + 1 >= self.n:
            if not self.final:
                raise _Pending(i, 1)
            return i + 1
        nxt = text[i + 1]
        if nxt == "(":
            return self._delimited(i, "\\(", "\\)", display=False)
        if nxt == "[":
            return self._delimited(i, "\\[", "\\]", display=True)
        # `\$` (escaped dollar), `\\` (escaped backslash) and the rest are plain text.
        return i + 2 if nxt in "$\\`" else i + 1

    def _dollar(self, i: int) -> int:
        text = self.text
        if i + 1 >= self.n:
            if not self.final:
                raise _Pending(i, 1)  # may become `$$` or an opener
            return i + 1
        if text[i + 1] == "$":
            return self._delimited(i, "$$", "$$", display=True)
        if text[i + 1].isspace():
            return i + 1
        return self._single_dollar(i)

    def _find_unescaped(self, needle: str, start: int, limit: int) -> int:
        """The first `needle` in text[start:limit] not consumed by a backslash escape, or -1."""
        text = self.text
        j = start
        last = limit - len(needle)
        while j <= last:
            if text.startswith(needle, j):
                return j
            j += 2 if text[j] == "\\" else 1
        return -1

    def _delimited(self, i: int, opener: str, closer: str, *, display: bool) -> int:
        text = self.text
        body = i + len(opener)
        limit = self.n if display else self._paragraph_end(body)
        j = self._find_unescaped(closer, body, limit)
        if j == -1:
            if limit == self.n and not self.final:
                raise _Pending(i, len(opener), display)
            return i + len(opener)
        end = j + len(closer)
        if not text[body:j].strip():
            return end  # an empty formula (`$$$$`, `\(\)`) is text, delimiters and all
        self._emit(
            Piece("display" if display else "inline", i, end, open_len=len(opener), close_len=len(closer))
        )
        return end

    def _single_dollar(self, i: int) -> int:
        text = self.text
        body = i + 1
        limit = self._paragraph_end(body)
        j = self._find_unescaped("$", body, limit)
        if j == -1:
            if limit == self.n and not self.final:
                raise _Pending(i, 1)
            return i + 1
        if text[j - 1].isspace():
            return i + 1
        if j + 1 >= self.n:
            if not self.final:
                raise _Pending(i, 1)  # the next character decides (a digit means money)
        elif text[j + 1].isdigit():
            return i + 1
        self._emit(Piece("inline", i, j + 1, open_len=1, close_len=1))
        return j + 1


class _OpenFence(Exception):
    def __init__(self, start: int, fence: Fence, resume: int) -> None:
        self.start = start
        self.fence = fence
        self.resume = resume


_INTERESTING = re.compile(r"[`\\$\n]")
