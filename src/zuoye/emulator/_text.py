"""Text helpers: the documented token estimate and splitting a reply into streamed sentences."""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
# A sentence ends after Chinese or Western end punctuation or a run of newlines; the
# punctuation stays with its sentence, as ERNIE's own stream events show.
_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”」』）)]*|\n+)|[^。！？!?；;\n]+$")


def estimate_tokens(text: str) -> int:
    """Tokens ≈ 汉字数 + 英文单词数 × 1.3, the estimate the model pages document (truncated)."""
    if not text:
        return 0
    return len(_HAN.findall(text)) + int(len(_WORD.findall(text)) * 1.3)


def count_units(text: str) -> tuple[int, int]:
    """(汉字数, 英文单词数): summed over a stream's pieces, they give the whole text's estimate,
    which summing each piece's rounded estimate would not."""
    if not text:
        return 0, 0
    return len(_HAN.findall(text)), len(_WORD.findall(text))


def split_sentences(text: str) -> list[str]:
    """Split `text` into the pieces a stream sends, losslessly: `"".join(result) == text`."""
    if not text:
        return []
    pieces = [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0)]
    # Fold pieces that are only whitespace into the one before, so no event carries just "\n".
    out: list[str] = []
    for piece in pieces:
        if out and not piece.strip():
            out[-1] += piece
        else:
            out.append(piece)
    return out
