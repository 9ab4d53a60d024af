"""`normalize_markdown`: every formula in one notation, `$…$` inline and `$$…$$` on its own line.

That is the convention the page (KaTeX auto-render with exactly those two delimiters), the
terminal and exports all read. Text and code are copied unchanged, with two exceptions that
keep the result unambiguous: a space is put between a closing `$` and a digit (pandoc would
otherwise read `$x$5` as money), and — only when the rewritten text would otherwise pair a
money `$` with a new delimiter — text dollars are escaped as `\\$` (which every Markdown
renderer shows as "$").

The result is checked by splitting it again; when a rewrite would change which parts are
maths, a more conservative one is used, so normalising never turns text into maths or maths
into text. Normalising twice gives the same result as normalising once.
"""

from __future__ import annotations

import re

from zuoye.render._scan import Piece
from zuoye.render._segments import scan_with_bare

_CONTINUATION = re.compile(r"([ \t]*(?:>[ \t]*)*)((?:[-*+]|\d{1,9}[.)])[ \t]+)?")
_BLANK_LINES = re.compile(r"\n[ \t]*(?=\n)")
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)((?:\\\\)*)\$")
# What may follow a display formula on its line and stay there (sentence punctuation).
# Text that would mean something else at the start of a line (list, quote, heading, fence, rule).
_BLOCK_START = re.compile(r"(?:[-+*][ \t]|\d{1,9}[.)][ \t]|>|#|```|~~~|=+[ \t]*(?:\n|$)|-+[ \t]*(?:\n|$)|\|)")
_TRAILING_PUNCTUATION = re.compile(r"[ \t]*[，。、；：！？,.;:!?）)」』”’]+[ \t]*(?=\n|$)")


def normalize_markdown(text: str) -> str:
    """Rewrite every formula to `$…$` (inline) or `$$…$$` (display, on its own line)."""
    pieces = scan_with_bare(text).pieces
    if not any(p.kind in ("inline", "display") for p in pieces):
        return text
    for own_lines, escape in ((True, False), (True, True), (False, True)):
        out, expected = _rewrite(text, pieces, own_lines=own_lines, escape_dollars=escape)
        if _maths_of(out) == expected:
            return out
    return text  # unreachable in practice (the last rewrite only swaps delimiters); never lose text


def _maths_of(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for p in scan_with_bare(text).pieces:
        if p.kind in ("inline", "display"):
            out.append((p.kind, _canonical(text[p.start + p.open_len : p.end - p.close_len])))
    return out


def _canonical(content: str) -> str:
    return "\n".join(line.strip() for line in content.strip().splitlines() if line.strip())


def _escape_dollars(latex: str) -> str:
    """A `$` inside a formula would end it early: `\\$` is the same dollar sign in TeX."""
    return _UNESCAPED_DOLLAR.sub(lambda m: m.group(1) + "\\$", latex)


def _clean_inline(content: str) -> str:
    c = _escape_dollars(content.strip())
    c = _BLANK_LINES.sub("", c)
    # A trailing lone backslash would escape the closing `$`; a trailing `\ ` needs a brace after it.
    trailing = len(c) - len(c.rstrip("\\"))
    if trailing % 2 == 1:
        c += " {}" if content.rstrip() != content else "{}"
    return c


def _clean_display(content: str) -> list[str]:
    c = _escape_dollars(content.strip())
    # A blank line would end the paragraph around the formula in any Markdown renderer.
    lines = [line.strip() for line in c.splitlines() if line.strip()]
    if lines and len(lines[-1]) - len(lines[-1].rstrip("\\")) == 1:
        lines[-1] += "{}"
    return lines


def _line_prefix(line: str) -> str:
    """What a continuation line needs to stay in the same list item or blockquote."""
    m = _CONTINUATION.match(line)
    assert m is not None  # the pattern matches the empty string
    return m.group(1) + " " * len(m.group(2) or "")


def _rewrite(
    text: str, pieces: list[Piece], *, own_lines: bool, escape_dollars: bool
) -> tuple[str, list[tuple[str, str]]]:
    out: list[str] = []
    expected: list[tuple[str, str]] = []
    tail = ""  # the output's current line, for prefixes and "is this line empty"
    break_after = False  # a display formula was just written: the next thing starts a line
    prefix = ""

    def write(s: str) -> None:
        nonlocal tail
        out.append(s)
        nl = s.rfind("\n")
        tail = s[nl + 1 :] if nl != -1 else tail + s

    def last_char() -> str:
        for chunk in reversed(out):
            if chunk:
                return chunk[-1]
        return ""

    for k, piece in enumerate(pieces):
        raw = text[piece.start : piece.end]
        if piece.kind in ("plain", "code"):
            if piece.kind == "plain" and escape_dollars:
                raw = _UNESCAPED_DOLLAR.sub(lambda m: m.group(1) + "\\$", raw)
            if break_after:
                break_after = False
                if raw and raw[0] != "\n":
                    m = _TRAILING_PUNCTUATION.match(raw)
                    if m is not None and m.end() == len(raw.split("\n", 1)[0]):
                        pass  # "$$x=1$$。": the full stop stays with its formula
                    elif not _BLOCK_START.match(raw.lstrip(" \t")):
                        raw = raw.lstrip(" \t")
                        if raw and raw[0] != "\n":
                            write("\n" + prefix)
                    # else: at the start of a line, "- 1" or "> x" would become a list or a quote
            write(raw)
            continue
        body = text[piece.start + piece.open_len : piece.end - piece.close_len]
        if piece.kind == "inline":
            c = _clean_inline(body)
            if break_after:
                write("\n" + prefix)
                break_after = False
            prev = last_char()
            if prev == "$" or (prev == "\\" and _odd_backslashes(out)):
                write(" ")
            write(f"${c}$")
            expected.append(("inline", _canonical(c)))
            nxt = pieces[k + 1] if k + 1 < len(pieces) else None
            if (
                nxt is not None
                and nxt.kind in ("plain", "code")
                and text[nxt.start : nxt.start + 1].isdigit()
            ):
                write(" ")
            continue
        lines = _clean_display(body)
        expected.append(("display", _canonical("\n".join(lines))))
        if not own_lines:
            prev = last_char()
            if prev == "$" or (prev == "\\" and _odd_backslashes(out)):
                write(" ")
            write("$$" + "\n".join(lines) + "$$")
            continue
        prefix = _line_prefix(tail)
        if _CONTINUATION.fullmatch(tail) is None:
            # Text before the formula on its line: end that line (without trailing spaces).
            if out:
                out[-1] = out[-1].rstrip(" \t")
            write("\n" + prefix)
        if len(lines) == 1:
            write(f"$${lines[0]}$$")
        else:
            inner = "\n".join(prefix + line if prefix.strip() == "" else line for line in lines)
            write("$$\n" + inner + "\n" + prefix + "$$")
        break_after = True
    return "".join(out), expected


def _odd_backslashes(out: list[str]) -> bool:
    joined = "".join(out)
    return (len(joined) - len(joined.rstrip("\\"))) % 2 == 1
