"""What text zuoye accepts from anyone: no control characters.

Control characters (C0, DEL, C1) other than tab and the line breaks text has, and lone UTF-16
surrogates (JSON can carry "\\ud800"; no encoding can store one). PostgreSQL refuses NUL in text
and both stores fail on a surrogate, so they are refused wherever text comes in — the web API's
bodies (422), a question from the command line, a worksheet's lines — the same on every back end.
"""

from __future__ import annotations

import re

from zuoye.messages import say

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def check_text(value: str) -> str:
    """`value`, if it holds no control character; else ValueError saying which (in the reader's language)."""
    found = _FORBIDDEN.search(value)
    if found is not None:
        raise ValueError(
            say("text.control_character", position=found.start() + 1, codepoint=f"U+{ord(found.group()):04X}")
        )
    return value
