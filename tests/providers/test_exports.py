"""The public surface of `zuoye.providers`, and where it sits: below the tutor, above the client."""

from __future__ import annotations

import json
import subprocess
import sys

import zuoye.providers


def test_all_is_sorted_and_complete() -> None:
    # The order ruff keeps (RUF022): CONSTANTS, then Classes, then functions, each alphabetical.
    names = zuoye.providers.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), not n[:1].isupper(), n))
    public = {name for name in vars(zuoye.providers) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(zuoye.providers, name)).__name__ == "module"}
    assert set(names) == public - modules - {"annotations"}


def test_the_tutor_meets_only_these_words() -> None:
    for name in (
        "Message", "ToolCall", "ToolSpec", "Reply", "TextDelta", "ReasoningDelta", "StreamEvent", "Usage",
        "RateLimits", "ChatModel", "ProviderError", "Registry", "ModelEntry", "complete",
    ):  # fmt: skip
        assert name in zuoye.providers.__all__, name


_PROBE = r"""
import json, sys
import zuoye.providers
print(json.dumps(sorted(m for m in sys.modules if m.startswith("zuoye."))))
"""


def test_it_imports_no_interface_and_no_tutor() -> None:
    proc = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout)
    assert not [m for m in loaded if m.split(".")[1] in ("tutor", "cli", "web", "batch", "store", "math")]
