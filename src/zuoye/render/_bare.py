"""Bare LaTeX: maths a model wrote without any delimiter ("所以 x = \\frac{1}{2}，").

Conservative by design, because a false positive turns prose into a formula: a run is only
found around a *known maths command* (`\\frac`, `\\sqrt`, `\\times`, `\\le`, `\\pi`, …), never
around an unknown one (so `C:\\Users` and `\\n` stay text). From that command the run grows
left and right over what looks like maths: single letters and short symbol names, numbers,
operators, brace groups (whatever is inside them), spaces between such tokens. It stops at
CJK text, a newline, English words (two letters and more, except function names such as
`sin`, `dx`), and Markdown syntax (`*`, `|`, `[`, backticks). A list marker at the start of a
line and trailing sentence punctuation are trimmed off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zuoye.render._symbols import BARE_TRIGGERS, words

_TOKEN = re.compile(
    r"""
    (?P<cmd>\\[A-Za-z]+)
  | (?P<sym>\\.)
  | (?P<word>[A-Za-z]+)
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<space>[ \t]+)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<op>[-+=<>^_()/.,;:!'])
  | (?P<nl>\n)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

# Words that are maths even though they are letters (function names, differentials).
_MATH_WORDS = words("sin cos tan cot sec csc log ln lg exp lim max min mod gcd lcm dx dy dz dt du dv d")
# Two-letter English words that end a run; any longer word ends it too.
_STOP_WORDS = words("is so or if of to as at be by in on we an it no and the")
_LIST_MARKER = re.compile(r"(?:[-+]|\d{1,9}[.)]|>)[ \t]+")
_LEADING_JUNK = ",.;:!)'"
_TRAILING_JUNK = ",.;:("


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    start: int
    end: int
    value: str


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text, start, end):
        kind = m.lastgroup or "other"
        out.append(_Tok(kind, m.start(), m.end(), m.group()))
    return out


def _allowed(tok: _Tok) -> bool:
    """Whether a token can be part of a bare formula (brace groups are handled separately)."""
    if tok.kind in ("num", "op"):
        return True
    if tok.kind == "word":
        word = tok.value
        return word in _MATH_WORDS or (len(word) <= 2 and word.lower() not in _STOP_WORDS)
    if tok.kind == "sym":
        return tok.value not in ("\\$", "\\`", "\\*", "\\|", "\\[", "\\]")
    return tok.kind == "cmd"


def find_bare(
    text: str, start: int, end: int, *, final: bool, open_end: bool = False
) -> tuple[list[tuple[int, int]], int | None]:
    """Bare formulas in `text[start:end]` (plain text), and where to hold back when streaming.

    Returns the runs as (start, end) and, when `final` is false and the plain text may still
    continue past `end` (`open_end`: more input, or an opener there not yet decided), the
    start of a run that reaches `end` (it may still grow), else None.
    """
    if "\\" not in text[start:end] and (final or not open_end):
        return [], None
    toks = _tokens(text, start, end)
    runs: list[tuple[int, int]] = []
    pending: int | None = None
    t = 0
    while t < len(toks):
        tok = toks[t]
        trigger = tok.kind == "cmd" and tok.value[1:] in BARE_TRIGGERS
        # While streaming, a command still being typed at the very end may become a trigger.
        growing = not final and open_end and tok.kind == "cmd" and tok.end == end
        if not (trigger or growing):
            t += 1
            continue
        lo = _extend_left(toks, t)
        hi, touched = _extend_right(toks, t, end, final)
        if not final and touched and open_end:
            pending = toks[lo].start
            break
        run = _trim(text, toks[lo].start, toks[hi - 1].end)
        if run is not None and trigger:
            runs.append(run)
        t = hi
    if pending is None and not final and open_end and toks:
        # Text that a maths command arriving next would pull into its formula ("x = " before
        # "\\frac…") is not final yet either.
        lo = _extend_left([*toks, _Tok("cmd", end, end, "\\frac")], len(toks))
        if toks[-1].kind == "word":
            lo = min(lo, len(toks) - 1)  # a word still being written: "isi" may become "isis"
        if lo < len(toks) and (not runs or toks[lo].start >= runs[-1][1]):
            pending = toks[lo].start
    return runs, pending


def _extend_left(toks: list[_Tok], t: int) -> int:
    lo = t
    k = t - 1
    while k >= 0:
        tok = toks[k]
        if tok.kind == "space":
            if k > 0 and _allowed(toks[k - 1]) and toks[k - 1].kind != "cmd":
                k -= 1
                continue
            break
        if (_allowed(tok) and tok.kind != "cmd") or (tok.kind == "cmd" and tok.value[1:] in BARE_TRIGGERS):
            lo = k
            k -= 1
            continue
        break
    return lo


def _extend_right(toks: list[_Tok], t: int, end: int, final: bool) -> tuple[int, bool]:
    """Index one past the run's last token, and whether the run reached the end of the text."""
    k = t
    n = len(toks)
    while k < n:
        tok = toks[k]
        if tok.kind == "open":
            close = _match_brace(toks, k)
            if close is None:
                if not final:
                    return n, True
                # An unclosed group runs to the end of its line.
                k = _line_end(toks, k)
                continue
            k = close + 1
            continue
        if tok.kind == "space":
            if k + 1 < n and (_allowed(toks[k + 1]) or toks[k + 1].kind == "open"):
                k += 1
                continue
            return k, k + 1 >= n
        if _allowed(tok):
            k += 1
            continue
        return k, False
    return k, True


def _match_brace(toks: list[_Tok], k: int) -> int | None:
    depth = 0
    for j in range(k, len(toks)):
        kind = toks[j].kind
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0:
                return j
        elif kind == "nl" and j + 1 < len(toks) and toks[j + 1].kind == "nl":
            return None  # never across a blank line
    return None


def _line_end(toks: list[_Tok], k: int) -> int:
    # An unclosed group ends with its line, or at a `$` or backtick (other notations' business).
    for j in range(k, len(toks)):
        if toks[j].kind == "nl" or toks[j].value in ("$", "`"):
            return j
    return len(toks)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip():
        m = _LIST_MARKER.match(text, start, end)
        if m is not None:
            start = m.end()
    while start < end and (text[start].isspace() or text[start] in _LEADING_JUNK):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_JUNK):
        if end - 2 >= start and text[end - 2] == "\\":
            break  # `\,` or `\;` is a spacing command, not punctuation
        end -= 1
    while (
        end > start
        and text[end - 1] == ")"
        and text[end - 2] != "\\"
        and text.count("(", start, end) < text.count(")", start, end)
    ):
        end -= 1
    while start < end and text[start] == "(" and text.count("(", start, end) > text.count(")", start, end):
        start += 1
    if end <= start or "\\" not in text[start:end]:
        return None
    return start, end
