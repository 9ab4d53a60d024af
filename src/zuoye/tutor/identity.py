"""A stable, non-reversible id for the local user, sent to ERNIE as `user_id`.

HMAC of the login name with a random secret kept in ZUOYE_HOME: stable across runs on this
machine, and nobody who sees the id can recover the name (nor link it to another install).
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import os
import secrets
from pathlib import Path


def local_user_id(home: Path) -> str:
    key_file = home / "install-secret"
    try:
        key = key_file.read_bytes()
    except FileNotFoundError:
        home.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            key = key_file.read_bytes()
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(key)
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return hmac.new(key, name.encode(), hashlib.sha256).hexdigest()[:32]
