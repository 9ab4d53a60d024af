"""Functions given by cases, in the ways students write them, read as piecewise(value, condition, …):

    f(x) = \\begin{cases} x+1, & x<0 \\\\ x^2, & x\\ge 0 \\end{cases}    (after normalisation: f(x) = { … ; … })
    f(x) = {x+1, x<0; x^2, x>=0}
    f(x) = x+1 (x<0), x^2 (x≥0)

Read as one case, the others' conditions would be taken for the unknown's domain and f(2) would
come out of the wrong case.
"""

from __future__ import annotations

import re

from zuoye.math._phrases import CJK

_FUNCTION_IS = re.compile(r"(?<![A-Za-z\\])[a-zA-Z]\s*\(\s*[a-z]\s*\)\s*=\s*")
_RELATION = re.compile(r"<|>|\\le|\\ge|\\lt|\\gt")
_CJK_OR_STOP = re.compile(f"[{CJK}]")


def piecewise(text: str) -> str:
    """f(x) = {x+1, x<0; x^2, x>=0} (also from \\begin{cases}) and f(x) = x+1 (x<0), x^2 (x≥0):
    a function given by cases becomes piecewise(value, condition, …) — never one branch, and never
    its conditions mistaken for the unknown's domain."""
    out = []
    pos = 0
    for mt in _FUNCTION_IS.finditer(text):
        if mt.start() < pos:
            continue
        found = _braced_cases(text, mt.end()) or _bracketed_cases(text, mt.end())
        if found is None:
            continue
        args, end = found
        out.append(text[pos : mt.end()] + "piecewise(" + ", ".join(args) + ")")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _top_split(text: str, seps: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch in seps and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _braced_cases(text: str, start: int) -> tuple[list[str], int] | None:
    if not text.startswith("{", start):
        return None
    depth = 0
    for end in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        if depth == 0:
            break
    else:
        return None
    rows = [r for r in _top_split(text[start + 1 : end], ";") if r.strip()]
    args: list[str] = []
    for row in rows:
        pieces = _top_split(row, ",")
        value, cond = ",".join(pieces[:-1]).strip(), pieces[-1].strip()
        if len(pieces) < 2 or not value or not _RELATION.search(cond) or _CJK_OR_STOP.search(row):
            return None
        args += [value, cond]
    return (args, end + 1) if len(rows) >= 2 else None


def _bracketed_cases(text: str, start: int) -> tuple[list[str], int] | None:
    args: list[str] = []
    pos = start
    while True:
        mt = re.compile(r"\(([^()]*)\)").search(text, pos)
        while mt and not _RELATION.search(mt.group(1)):
            mt = re.compile(r"\(([^()]*)\)").search(text, mt.end())
        if mt is None:
            break
        value = text[pos : mt.start()].strip().rstrip(",;").strip()
        if not value or _CJK_OR_STOP.search(value) or re.search(r"[,;]", value.replace(" ", "")[-1:]):
            break
        args += [value, mt.group(1).strip()]
        after = re.match(r"\s*[,;]\s*", text[mt.end() :])
        pos = mt.end() + (after.end() if after else 0)
        if not after:
            break
    if len(args) < 4:
        return None
    return args, pos
