"""Password hashing with scrypt (RFC 7914, in the standard library: no native extension to build).

Stored as `scrypt$<log2 n>$<r>$<p>$<salt b64>$<hash b64>` so the cost can be raised later
without breaking old hashes: `needs_rehash` tells the caller to re-hash at the next login.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from zuoye.errors import ZuoyeError
from zuoye.messages import say

# n=2^15, r=8: 32 MiB and ~0.2 s per hash on this machine — OWASP's scrypt minimum is
# n=2^17 with r=8 *or* an equivalent; 2^15 keeps a 300-student morning rush of logins bearable
# on 2 cores. Raise LOG_N and old hashes are upgraded on login.
LOG_N = 15
R = 8
P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 8
MAX_LENGTH = 256  # scrypt takes any length; a bound stops a megabyte "password" from burning CPU


class PasswordError(ZuoyeError, ValueError):
    """The password is not acceptable; the message says why."""

    kind = "input"
    code = "password"


def check_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordError(say("password.too_short", min=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise PasswordError(say("password.too_long", max=MAX_LENGTH))
    if not password.strip():
        raise PasswordError(say("password.only_spaces"))


def _derive(password: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    n = 1 << log_n
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=256 * n * r * p
    )


def hash_password(password: str) -> str:
    check_policy(password)
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, LOG_N, R, P)
    return "$".join(("scrypt", str(LOG_N), str(R), str(P), _b64(salt), _b64(key)))


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time check. An unknown user (stored=None) still costs one hash, so the time a
    login takes does not tell whether the name exists."""
    if stored is None:
        _derive(password[:MAX_LENGTH], b"\0" * SALT_BYTES, LOG_N, R, P)
        return False
    try:
        scheme, log_n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        got = _derive(password[:MAX_LENGTH], _unb64(salt), int(log_n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return len(password) <= MAX_LENGTH and hmac.compare_digest(got, _unb64(key))


def needs_rehash(stored: str) -> bool:
    parts = stored.split("$")
    return len(parts) != 6 or parts[0] != "scrypt" or parts[1:4] != [str(LOG_N), str(R), str(P)]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))
