"""The public surface, and what importing it costs: no I/O, nothing else from zuoye."""

from __future__ import annotations

import json
import subprocess
import sys

import zuoye.ernie


def test_all_is_sorted_and_complete() -> None:
    # The order ruff keeps (RUF022): CONSTANTS, then Classes, then functions, each alphabetical.
    assert zuoye.ernie.__all__ == sorted(
        zuoye.ernie.__all__, key=lambda n: (not n.isupper(), not n[:1].isupper(), n)
    )
    public = {name for name in vars(zuoye.ernie) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(zuoye.ernie, name)).__name__ == "module"}
    assert set(zuoye.ernie.__all__) == public - modules - {"annotations"}
    for name in zuoye.ernie.__all__:
        assert name == "MODELS" or getattr(zuoye.ernie, name).__module__.startswith("zuoye.ernie")


def test_documented_api_is_exported() -> None:
    for name in (
        "Ernie", "AsyncErnie", "ErnieError", "ChatResponse", "ChatChunk", "ChatStream", "AsyncChatStream",
        "Usage", "FunctionCall", "ModelInfo", "get_model", "MODELS", "estimate_tokens", "trim_messages",
        "APIError", "AuthenticationError", "MissingCredentialsError", "RateLimitError", "BadRequestError",
        "PermissionDeniedError", "ServerError", "APIConnectionError", "APITimeoutError", "ValidationError",
    ):  # fmt: skip
        assert name in zuoye.ernie.__all__, name


# Runs in a fresh interpreter: records every file opened during `import zuoye.ernie` that is not
# Python code being imported, and every zuoye module loaded.
_PROBE = r"""
import json, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and not args[0].endswith((".py", ".pyc", ".so", ".pth")):
        opened.append(args[0])
sys.addaudithook(hook)
import zuoye.ernie
print(json.dumps({
    "opened": opened,
    "zuoye": sorted(m for m in sys.modules if m.startswith("zuoye")),
    "asyncio": "asyncio" in sys.modules,
}))
"""


def test_import_does_no_io_and_imports_nothing_else_from_zuoye() -> None:
    proc = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, "importing zuoye.ernie printed something"
    report = json.loads(lines[0])
    assert report["opened"] == []
    assert all(m == "zuoye" or m.startswith("zuoye.ernie") for m in report["zuoye"]), report["zuoye"]
    # asyncio costs ~50 ms to import; sync users should not pay for it.
    assert report["asyncio"] is False
