"""The error tree as documented, and the redaction every message goes through."""

from __future__ import annotations

import re

import pytest

import zuoye.ernie
from zuoye.ernie import _errors
from zuoye.ernie._errors import redact


def _drawn_tree() -> list[tuple[str, str]]:
    """(child, parent) pairs from the tree drawn in the _errors docstring."""
    doc = _errors.__doc__ or ""
    block = doc.split("```")[1]
    pairs: list[tuple[str, str]] = []
    stack: list[tuple[int, str]] = []
    for line in block.strip().splitlines():
        m = re.match(r"^([ │├└─]*)(\w+)", line)
        assert m, line
        depth, name = len(m.group(1)), m.group(2)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            pairs.append((name, stack[-1][1]))
        stack.append((depth, name))
    return pairs


def test_the_drawn_tree_is_the_real_one() -> None:
    pairs = _drawn_tree()
    assert len(pairs) >= 18
    for child, parent in pairs:
        child_cls, parent_cls = getattr(zuoye.ernie, child), getattr(zuoye.ernie, parent)
        assert child_cls.__mro__[1] is parent_cls or parent_cls in child_cls.__bases__, (child, parent)
    drawn = {c for c, _ in pairs} | {"ErnieError"}
    exported = {n for n in zuoye.ernie.__all__ if n.endswith("Error")}
    assert drawn == exported  # every error class is in the drawing, and nothing else


def test_value_errors_for_input_problems() -> None:
    assert issubclass(zuoye.ernie.ValidationError, ValueError)
    assert issubclass(zuoye.ernie.FunctionCallError, ValueError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /x?access_token=24.abc.def&b=1", "GET /x?access_token=***&b=1"),
        ("client_id=ak1&client_secret=sk1", "client_id=***&client_secret=***"),
        ('{"access_token": "tok", "x": 1}', '{"access_token": "***", "x": 1}'),
        (
            "Authorization: bce-auth-v1/AK/2024-01-01T00:00:00Z/1800/host/abc",
            "Authorization: bce-auth-v1/***",
        ),
        ("nothing secret here", "nothing secret here"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_registered_values_are_masked_anywhere() -> None:
    _errors.register_secret("s3cr3t-value-xyz")
    _errors.register_secret("abc")  # too short to mask safely: left alone
    assert redact("echoed: s3cr3t-value-xyz, abc") == "echoed: ***, abc"
    err = zuoye.ernie.APIError("bad s3cr3t-value-xyz", error_code=1, error_msg="s3cr3t-value-xyz")
    assert "s3cr3t" not in str(err) + repr(err) + err.error_msg
