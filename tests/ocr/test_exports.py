from __future__ import annotations

import zuoye.ocr


def test_exported_members() -> None:
    assert zuoye.ocr.__all__ == sorted(zuoye.ocr.__all__)
    for name in zuoye.ocr.__all__:
        assert hasattr(zuoye.ocr, name), name
    public = {n for n in dir(zuoye.ocr) if not n.startswith("_")}
    assert public - set(zuoye.ocr.__all__) <= {"annotations"}
