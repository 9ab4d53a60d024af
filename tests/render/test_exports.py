from __future__ import annotations

import subprocess
import sys

import zuoye.render


def test_exported_members() -> None:
    assert zuoye.render.__all__ == sorted(zuoye.render.__all__)
    for name in zuoye.render.__all__:
        assert hasattr(zuoye.render, name), name
    public = {n for n in dir(zuoye.render) if not n.startswith("_")}
    assert public - set(zuoye.render.__all__) <= {"annotations"}


def test_import_is_pure_and_light() -> None:
    # No web stack, no SymPy, and Rich only when a terminal rendering is asked for.
    code = (
        "import sys, zuoye.render; "
        "print(','.join(m for m in ('rich', 'sympy', 'fastapi', 'starlette', 'httpx', 'sqlalchemy') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
