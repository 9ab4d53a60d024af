"""`zuoye serve`: the homework page and its HTTP API."""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import tempfile
from typing import TYPE_CHECKING, Any

import typer

from zuoye.cli._app import EXIT_CONFIG, EXIT_USAGE, CliError, app
from zuoye.cli._files import reason
from zuoye.messages import say

if TYPE_CHECKING:
    from zuoye.settings import Settings

_HELP = """Serve the homework page and its HTTP API (one process for both).

The first line of stdout is the URL (use --port 0 for a free port). Single-user mode (the
default) needs no account and only listens on this machine; --multi-user adds accounts
(`zuoye users add`), logins, API tokens, daily quotas and teacher/parent views. Without
QIANFAN_BEARER_TOKEN (or another model service) the page works offline: maths is answered by the
local solver.
"""


@app.command(help=_HELP)
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, help="Port to listen on; 0 picks a free one."),
    multi_user: bool = typer.Option(
        None,
        "--multi-user/--single-user",
        help="Accounts and logins (env ZUOYE_MULTI_USER).",
        show_default=False,
    ),
    open_single_user: bool = typer.Option(
        False,
        "--open-single-user",
        help="Allow single-user mode on a non-local address: anyone who can reach it asks as you.",
    ),
    proxy_headers: bool = typer.Option(
        False,
        help="Behind a reverse proxy: take the client's address and scheme (for Secure cookies behind TLS) "
        "from X-Forwarded-For/-Proto, when the proxy is one of --forwarded-allow-ips.",
    ),
    forwarded_allow_ips: str = typer.Option(
        "127.0.0.1,::1",
        help="With --proxy-headers: the proxies whose X-Forwarded-* headers are believed (addresses or "
        "networks, comma-separated). Anyone else's are ignored: a client could set them to dodge the "
        "login limits. '*' believes everyone; use it only when nothing but the proxy can reach the server.",
    ),
    workers: int = typer.Option(
        1,
        min=1,
        max=64,
        help="Processes serving the page and API (more than one needs PostgreSQL in ZUOYE_DATABASE_URL and "
        "Redis in ZUOYE_REDIS_URL, which they share).",
    ),
    access_log: bool = typer.Option(False, help="Log every request."),
    log_format: str = typer.Option(
        "text", help="text (for people) or json (one object per line, for a log collector)."
    ),
    log_level: str = typer.Option("info", help="debug, info, warning or error."),
) -> None:
    from zuoye.settings import Settings

    settings = Settings.load(multi_user=multi_user)
    trusted = _trusted_proxies(forwarded_allow_ips) if proxy_headers else None
    if not settings.multi_user and not _is_loopback(host) and not open_single_user:
        raise CliError(say("serve.open_single_user", host=host), EXIT_USAGE)
    if workers > 1:
        _check_shared(settings, workers)
    import uvicorn

    from zuoye.web import _vendor, create_app
    from zuoye.web._logging import log_config

    web = create_app(settings)
    try:
        sock = bind(host, port)
    except OSError as exc:
        raise CliError(
            say("serve.cannot_listen", host=host, port=port, reason=reason(exc)), EXIT_CONFIG
        ) from None
    url = url_for(sock)
    typer.echo(url)  # first line of stdout: what scripts and tests read
    mode = say("serve.multi_user") if settings.multi_user else say("serve.single_user")
    registry = web.state.zuoye.registry
    if registry.offline:
        models = say("serve.offline")
    else:
        models = say("serve.models", names=", ".join(p.name for p in registry.providers))
    typer.echo(say("serve.started", url=url, mode=mode, models=models), err=True)
    for provider in registry.providers:
        if provider.problem:
            typer.echo(say("serve.warning", problem=provider.problem), err=True)
    problem = _vendor.problem()
    if problem:
        typer.echo(say("serve.warning", problem=problem), err=True)
    if settings.multi_user and not web.state.zuoye.accounts.list_users():
        typer.echo(say("serve.warning", problem=say("serve.no_accounts")), err=True)
    if log_format not in ("text", "json"):
        raise CliError(say("serve.log_format", value=repr(log_format)), EXIT_USAGE)
    if log_level.lower() not in ("debug", "info", "warning", "error"):
        raise CliError(say("serve.log_level", value=repr(log_level)), EXIT_USAGE)
    options: dict[str, Any] = dict(
        log_config=log_config(log_format, log_level),
        log_level=log_level,
        access_log=access_log,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=trusted,
        timeout_graceful_shutdown=5,
        server_header=False,  # what serves the page is nobody's business (no "Server: uvicorn")
        # streams stay open for minutes; keep-alive only matters between requests
        timeout_keep_alive=30,
    )
    if workers > 1:
        _serve_processes(web, sock, workers, settings, options)
        return
    server = uvicorn.Server(uvicorn.Config(web, **options))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    if server.should_exit and not server.started:
        sys.exit(EXIT_CONFIG)


def _check_shared(settings: Settings, workers: int) -> None:
    """Processes share answers, quotas, logins and stops only through PostgreSQL and Redis."""
    missing = []
    if not settings.db_url.startswith("postgresql"):
        missing.append("ZUOYE_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST/DB")
    if not settings.redis_url:
        missing.append("ZUOYE_REDIS_URL=redis://HOST:6379/0")
    if missing:
        raise CliError(
            say("serve.workers_need_shared", workers=workers, missing=say("serve.and").join(missing)),
            EXIT_CONFIG,
        )


def _serve_processes(
    web: Any, sock: socket.socket, workers: int, settings: Settings, options: dict[str, Any]
) -> None:
    """`workers` processes on one listening socket, each building its app from the environment
    (uvicorn's supervisor restarts one that dies). This process has migrated the database and
    checked the configuration; it only supervises."""
    import asyncio

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    asyncio.run(web.state.zuoye.aclose())
    # The workers read their settings from the environment: carry the command line's choice.
    os.environ["ZUOYE_MULTI_USER"] = "1" if settings.multi_user else "0"
    # Each worker writes its metrics here; /metrics on any of them adds them all up.
    metrics = tempfile.TemporaryDirectory(prefix="zuoye-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics.name
    config = uvicorn.Config("zuoye.web:create_app", factory=True, workers=workers, **options)
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
        metrics.cleanup()


def _trusted_proxies(value: str) -> str:
    """The --forwarded-allow-ips list, checked: uvicorn would take a mistyped address as a name
    that never matches, and the proxy's own address would then be every client's."""
    entries = [e.strip() for e in value.split(",") if e.strip()]
    if entries == ["*"]:
        return "*"
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise CliError(say("serve.proxy_not_address", entry=entry), EXIT_USAGE) from None
    if not entries:
        raise CliError(say("serve.proxy_empty"), EXIT_USAGE)
    return ",".join(entries)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """Listen before announcing the URL, so a client that connects at once is queued."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def url_for(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"
