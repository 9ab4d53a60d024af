"""`Segment` and `split_math`: Markdown cut into text and formulae."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from zuoye.render._bare import find_bare
from zuoye.render._scan import Fence, Piece, ScanResult, scan

SegmentKind = Literal["text", "inline", "display"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of Markdown: plain text (code included) or one formula.

    `content` is what lies between the delimiters; `opener`/`closer` are the delimiters as
    written (`$`, `$$`, `\\(`, `\\)`, `\\[`, `\\]`, or empty for bare LaTeX and for text), so
    `"".join(s.source for s in split_math(t)) == t` always holds.
    """

    kind: SegmentKind
    content: str
    opener: str = ""
    closer: str = ""

    @property
    def source(self) -> str:
        return self.opener + self.content + self.closer

    @property
    def is_math(self) -> bool:
        return self.kind != "text"


@dataclass(slots=True)
class Scanned:
    """Pieces with bare LaTeX found, and the streaming state (see `_scan.ScanResult`)."""

    pieces: list[Piece]
    stable: int
    pending_len: int
    pending_display: bool
    fence: Fence | None


def scan_with_bare(text: str, *, final: bool = True, start: int = 0, fence: Fence | None = None) -> Scanned:
    """`scan`, then bare LaTeX inside the plain pieces (never inside code)."""
    result: ScanResult = scan(text, final=final, start=start, fence=fence)
    pieces: list[Piece] = []
    stable = result.stable
    pending_len = result.pending_len
    pending_display = result.pending_display
    fence_out = result.fence
    for piece in result.pieces:
        if piece.kind != "plain":
            pieces.append(piece)
            continue
        # The plain text before the hold-back point may still grow (if its opener turns out to be text).
        open_end = not final and piece.end == result.stable and result.fence is None
        runs, pending = find_bare(text, piece.start, piece.end, final=final, open_end=open_end)
        pos = piece.start
        for lo, hi in runs:
            if lo > pos:
                pieces.append(Piece("plain", pos, lo))
            pieces.append(Piece("inline", lo, hi))
            pos = hi
        if pending is not None:
            # A bare formula may still be growing: hold back from its start.
            if pending > pos:
                pieces.append(Piece("plain", pos, pending))
            stable, pending_len, pending_display, fence_out = (
                pending,
                max(1, piece.end - pending),
                False,
                None,
            )
            break
        if piece.end > pos:
            pieces.append(Piece("plain", pos, piece.end))
    return Scanned(pieces, stable, pending_len, pending_display, fence_out)


def to_segments(text: str, pieces: list[Piece]) -> list[Segment]:
    """Public segments: plain and code merge into text; maths keeps its delimiters."""
    out: list[Segment] = []
    text_from: int | None = None
    for piece in pieces:
        if piece.kind in ("plain", "code"):
            if text_from is None:
                text_from = piece.start
            continue
        if text_from is not None:
            out.append(Segment("text", text[text_from : piece.start]))
            text_from = None
        body_start, body_end = piece.start + piece.open_len, piece.end - piece.close_len
        out.append(
            Segment(
                "display" if piece.kind == "display" else "inline",
                text[body_start:body_end],
                text[piece.start : body_start],
                text[body_end : piece.end],
            )
        )
    if text_from is not None:
        end = pieces[-1].end
        out.append(Segment("text", text[text_from:end]))
    return out


def split_math(text: str) -> list[Segment]:
    """Cut Markdown into text and formulae, whatever the notation.

    Recognises `$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]` and bare LaTeX around known maths
    commands; money (`$4`, `costs $5 and $10`), escaped `\\$`, code spans and fenced code
    blocks stay text. Joining the segments' `source` gives back `text` exactly.
    """
    if not text:
        return []
    return to_segments(text, scan_with_bare(text).pieces)
