"""The server's connection pool to ERNIE: several small httpcore pools instead of one big one.

httpcore's pool re-examines every connection each time any request starts or ends, so its cost
grows with the square of the open connections: at 300 concurrent answer streams that scan was
40% of the server's CPU (bench/bench_web.py, profiled). Requests are spread round-robin over
`shards` independent pools, which divides that cost by the number of shards while every pool
still keeps its connections alive for reuse.
"""

from __future__ import annotations

import itertools
import ssl

import httpx

SHARDS = 16
CONNECTIONS_PER_SHARD = 128  # 2048 in all: far above what one process can stream
KEEPALIVE_PER_SHARD = 16


class ShardedTransport(httpx.AsyncBaseTransport):
    def __init__(self, shards: int = SHARDS) -> None:
        limits = httpx.Limits(
            max_connections=CONNECTIONS_PER_SHARD, max_keepalive_connections=KEEPALIVE_PER_SHARD
        )
        # One TLS context for all: each would otherwise load the CA bundle again (~20 ms).
        tls = ssl.create_default_context(cafile=_ca_bundle())
        self._shards = [httpx.AsyncHTTPTransport(limits=limits, verify=tls) for _ in range(shards)]
        self._next = itertools.cycle(self._shards)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await next(self._next).handle_async_request(request)

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()


def _ca_bundle() -> str | None:
    try:
        import certifi  # what httpx itself verifies with
    except ImportError:
        return None
    return str(certifi.where())
