"""Laying out converted maths: spacing within a line, rows and columns, tall delimiters."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from zuoye.render import _symbols as sym


@dataclass(slots=True)
class Item:
    """A rendered piece and what it is, for spacing and parenthesising decisions."""

    text: str
    kind: str  # ord bin rel open close punct space frac func op row cell over fenced group
    numeric: bool = False
    # For an environment: its cells, so `\\left\\{ \\begin{array}…\\right.` can be laid out as cases.
    rows: list[list[str]] | None = None
    # A space typed in the source, which TeX ignores (`2 x` is 2x), unlike `\\,` or `\\quad`.
    soft: bool = False


_TERMS = frozenset({"ord", "open", "fenced", "frac", "func", "group", "op"})
# A typed space between two of these is implicit multiplication: `2 x^{2} - 5 x` reads 2x² − 5x.
_FACTOR_BEFORE = frozenset({"ord", "close", "fenced", "frac", "group"})
_FACTOR_AFTER = frozenset({"ord", "open", "fenced", "frac", "group"})
_BARS = frozenset({"|", "∣", "‖", ":"})
_BEFORE_UNARY = frozenset({"bin", "rel", "open", "punct", "op"})
MINUS = "\u2212"  # the minus sign, not the hyphen: −5, 2x − 3


def join(items: list[Item]) -> str:
    """One line: the author's spaces (collapsed), symmetric around operators and relations."""
    # Drop spaces next to nothing and collapse runs.
    seq: list[Item] = []
    for item in items:
        if item.kind == "space":
            if not item.text:
                continue
            if seq and seq[-1].kind == "space":
                continue
        elif not item.text and item.kind not in ("row", "cell"):
            continue
        seq.append(item)
    out: list[str] = []
    for k, item in enumerate(seq):
        if item.kind == "space":
            prev = seq[k - 1] if k > 0 else None
            nxt = seq[k + 1] if k + 1 < len(seq) else None
            if prev is None or nxt is None:
                continue
            if nxt.kind in ("bin", "rel") or prev.kind in ("bin", "rel"):
                continue  # operators get their spaces below, the same on both sides
            if (
                item.soft
                and prev.kind in _FACTOR_BEFORE
                and nxt.kind in _FACTOR_AFTER
                and prev.text not in _BARS  # {x | x > 0} keeps its spaces
                and nxt.text not in _BARS
            ):
                continue
            out.append(item.text)
            continue
        text = item.text
        if item.kind == "bin" and text == "-":
            text = MINUS
        prev_item = _neighbour(seq, k, -1)
        next_item = _neighbour(seq, k, +1)
        if item.kind == "frac":
            mixed = (
                item.numeric
                and prev_item is not None
                and prev_item.numeric
                and k > 0
                and seq[k - 1] is prev_item
            )
            if mixed:
                text = " " + text
            elif (prev_item is not None and prev_item.kind in ("ord", "close", "fenced", "frac", "group")
                  and seq[k - 1] is prev_item) or (
                next_item is not None and next_item.kind in _TERMS
            ):  # fmt: skip
                text = f"({text})"
        elif item.kind == "func" and next_item is not None and seq[k + 1] is next_item:
            if next_item.kind in ("ord", "frac", "func", "group") and not (
                next_item.kind != "frac" and next_item.text[:1] in "(|"
            ):
                text += " "
        elif item.kind == "bin" and (prev_item is None or prev_item.kind in _BEFORE_UNARY):
            pass  # a sign, not an operation: −2, x = −2, (−1)
        elif item.kind in ("bin", "rel") and (_space_before(seq, k) or _space_after(seq, k)):
            # The author spaced this operator on one side at least: space it on both.
            if prev_item is not None and out and not out[-1].endswith(" "):
                text = " " + text
            if next_item is not None:
                text += " "
        if text.startswith(" ") and out and out[-1].endswith(" "):
            text = text.lstrip(" ")
        if "\n" in text:
            # A laid-out block after "x = ": its later lines start under its first one.
            column = width("".join(out).rpartition("\n")[2])
            text = text.replace("\n", "\n" + " " * column)
        out.append(text)
    return "".join(out)


def _neighbour(seq: list[Item], k: int, step: int) -> Item | None:
    j = k + step
    while 0 <= j < len(seq):
        if seq[j].kind != "space":
            return seq[j]
        j += step
    return None


def _space_after(seq: list[Item], k: int) -> bool:
    return k + 1 < len(seq) and seq[k + 1].kind == "space" and seq[k + 1].text == " "


def _space_before(seq: list[Item], k: int) -> bool:
    return k - 1 >= 0 and seq[k - 1].kind == "space" and seq[k - 1].text == " "


def width(text: str) -> int:
    w = 0
    for c in text:
        if unicodedata.combining(c):
            continue
        w += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return w


def rows_of(items: list[Item]) -> list[list[str]]:
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[Item] = []
    for item in items:
        if item.kind == "cell":
            row.append(join(cell).strip())
            cell = []
        elif item.kind == "row":
            row.append(join(cell).strip())
            rows.append(row)
            row, cell = [], []
        else:
            cell.append(item)
    row.append(join(cell).strip())
    rows.append(row)
    # A trailing `\\` makes an empty last row; drop it.
    if len(rows) > 1 and rows[-1] == [""]:
        rows.pop()
    return rows


def render_rows(items: list[Item], *, display: bool, env: str | None) -> str:
    if not any(i.kind in ("row", "cell") for i in items) and env is None:
        return join(items)
    return format_rows(rows_of(items), display=display, env=env)


def format_rows(rows: list[list[str]], *, display: bool, env: str | None) -> str:
    is_matrix = env in sym.ENV_MATRIX
    if not display or len(rows) == 1:
        # Matrix and cases cells are separate values; aligned cells are one line split at `&`.
        cell_sep = " " if is_matrix or env in sym.ENV_CASES else ""
        line = "; ".join(cell_sep.join(c for c in row if c) for row in rows)
        if env in sym.ENV_CASES:
            return "{" + line + "}" if len(rows) > 1 else "{ " + line
        if is_matrix:
            left, right = sym.ENV_MATRIX[env or ""]
            return f"{left or '['}{line}{right or ']'}" if len(rows) > 1 or left else line
        return line
    lines = _layout(rows, right_align_first=not is_matrix and env not in sym.ENV_CASES, matrix=is_matrix)
    if env in sym.ENV_CASES:
        return "\n".join(b + " " + line for b, line in zip(_brace(len(lines)), lines, strict=True))
    if is_matrix:
        left, right = sym.ENV_MATRIX[env or ""]
        lb, rb = _tall(left, len(lines)), _tall(right, len(lines))
        return "\n".join(f"{a}{line}{b}" for a, line, b in zip(lb, lines, rb, strict=True))
    return "\n".join(lines)


def _layout(rows: list[list[str]], *, right_align_first: bool, matrix: bool) -> list[str]:
    ncols = max(len(r) for r in rows)
    widths = [max((width(r[c]) for r in rows if c < len(r)), default=0) for c in range(ncols)]
    lines = []
    for row in rows:
        cells = []
        for c, cell in enumerate(row):
            pad = " " * (widths[c] - width(cell))
            if matrix or (right_align_first and c == 0 and ncols > 1):
                cells.append(pad + cell)  # numbers and left-hand sides line up on the right
            elif c < len(row) - 1:
                cells.append(cell + pad)
            else:
                cells.append(cell)
        sep = " " if matrix else "" if right_align_first else "  "
        lines.append(sep.join(cells).rstrip() if not matrix else sep.join(cells))
    return lines


def _brace(n: int) -> list[str]:
    if n == 1:
        return ["{"]
    if n == 2:
        return ["⎧", "⎩"]
    middle = n // 2
    return ["⎧"] + ["⎨" if k == middle else "⎪" for k in range(1, n - 1)] + ["⎩"]


_TALL = {
    "(": ("⎛", "⎜", "⎝"), ")": ("⎞", "⎟", "⎠"), "[": ("⎡", "⎢", "⎣"), "]": ("⎤", "⎥", "⎦"),
    "{": ("⎧", "⎪", "⎩"), "}": ("⎫", "⎪", "⎭"), "|": ("│", "│", "│"), "‖": ("‖", "‖", "‖"),
}  # fmt: skip


def _tall(delim: str, n: int) -> list[str]:
    if not delim:
        return [""] * n
    top, mid, bottom = _TALL[delim]
    if n == 1:
        return [delim]
    return [top] + [mid] * (n - 2) + [bottom]
