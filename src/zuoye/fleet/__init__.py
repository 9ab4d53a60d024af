"""Several zuoye processes, on one machine or many, coordinated through Redis (`ZUOYE_REDIS_URL`).

Redis holds only what may be lost without losing a saved answer: the model quota's buckets
(`FleetLimiter`), the shared ERNIE token (`RedisTokenCache`). Everything durable is in the
database. Without `ZUOYE_REDIS_URL` nothing here is used and nothing needs installing.

    fleet = Fleet.connect("redis://localhost:6379/0")
    AsyncErnie(rate_limiter=fleet.limiter, token_cache=fleet.tokens)
    with background_calls(): ...   # worksheets: leave the last share of the quota to students
"""

from __future__ import annotations

from typing import Any

from zuoye.errors import ZuoyeError
from zuoye.fleet.limiter import BACKGROUND_FLOOR, FleetLimiter, background_calls, in_background
from zuoye.fleet.tokens import RedisTokenCache

__all__ = [
    "BACKGROUND_FLOOR",
    "Fleet",
    "FleetError",
    "FleetLimiter",
    "RedisTokenCache",
    "background_calls",
    "in_background",
]

# A Redis that does not answer must not stall an answer: each step gives up after this long and
# the process works on its own share until Redis is back.
SOCKET_TIMEOUT = 0.5


class FleetError(ZuoyeError):
    """ZUOYE_REDIS_URL cannot be used (not a Redis URL, or the redis package is missing)."""

    kind = "config"
    code = "redis"


class Fleet:
    def __init__(
        self,
        client: Any,
        *,
        rpm: int | None = None,
        tpm: int | None = None,
        input_tpm: int | None = None,
        output_tpm: int | None = None,
    ) -> None:
        """The budgets as configured (None: learned from the service's replies)."""
        self.redis = client
        self.limiter = FleetLimiter(client, rpm=rpm, tpm=tpm, input_tpm=input_tpm, output_tpm=output_tpm)
        self.tokens = RedisTokenCache(client)

    @classmethod
    def connect(cls, url: str, **budgets: Any) -> Fleet:
        """No I/O here: a Redis that is down at start-up only makes the processes work apart."""
        try:
            import redis
        except ImportError:
            raise FleetError(
                "设置了 ZUOYE_REDIS_URL，但没有安装 redis：请运行 pip install 'zuoye[scale]'。 / "
                "ZUOYE_REDIS_URL is set but the redis package is not installed: pip install 'zuoye[scale]'"
            ) from None
        try:
            client = redis.Redis.from_url(
                url,
                socket_timeout=SOCKET_TIMEOUT,
                socket_connect_timeout=SOCKET_TIMEOUT,
                health_check_interval=30,
            )
        except ValueError as exc:
            raise FleetError(
                f"ZUOYE_REDIS_URL 不是 Redis 地址（例如 redis://localhost:6379/0）。 / "
                f"ZUOYE_REDIS_URL is not a Redis URL (e.g. redis://localhost:6379/0): {exc}"
            ) from None
        return cls(client, **budgets)

    def ping(self) -> bool:
        try:
            return bool(self.redis.ping())
        except Exception:  # any failure means: not reachable now
            return False

    def health(self) -> dict[str, Any]:
        return {"redis": "ok" if self.ping() else "unreachable", "quota": self.limiter.health()}

    def close(self) -> None:
        self.redis.close()
