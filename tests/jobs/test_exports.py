from __future__ import annotations

import subprocess
import sys

import zuoye.jobs


def test_exported_members() -> None:
    assert len(set(zuoye.jobs.__all__)) == len(zuoye.jobs.__all__)  # its order is ruff's (RUF022)
    for name in zuoye.jobs.__all__:
        assert hasattr(zuoye.jobs, name), name
    public = {n for n in dir(zuoye.jobs) if not n.startswith("_")}
    assert public - set(zuoye.jobs.__all__) <= {"annotations"}


def test_the_embedded_default_does_not_import_the_queue() -> None:
    # Procrastinate comes with zuoye[postgres]; zuoye serve on SQLite never needs it.
    code = "import sys, zuoye.jobs, zuoye.web; print('procrastinate' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
