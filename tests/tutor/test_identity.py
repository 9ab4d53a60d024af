from __future__ import annotations

import getpass
from pathlib import Path

from zuoye.tutor.identity import local_user_id


def test_local_user_id_is_stable_and_not_the_login_name(tmp_path: Path) -> None:
    first = local_user_id(tmp_path)
    assert first == local_user_id(tmp_path)
    assert getpass.getuser() not in first and len(first) == 32
    assert (tmp_path / "install-secret").stat().st_mode & 0o777 == 0o600
    assert local_user_id(tmp_path / "other-install") != first
