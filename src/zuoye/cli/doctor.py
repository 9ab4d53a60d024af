"""`zuoye doctor`: is everything set up? Each check says what to do when it fails."""

from __future__ import annotations

import asyncio
import json
import os
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import typer

from zuoye.cli._app import EXIT_CONFIG, app
from zuoye.cli._files import reason
from zuoye.messages import say

if TYPE_CHECKING:
    from zuoye.providers import ProviderStatus, Registry
    from zuoye.settings import Settings


@dataclass
class Check:
    name: str  # a stable id for programs (--json), in English
    status: str  # ok | warn | fail
    detail: str
    fix: str = ""
    label: str = ""  # the name as shown, in the reader's language (catalogue key doctor.check.*)


# The fixed checks' ids and the catalogue keys of their shown names.
_LABELS = {
    "configuration": "doctor.check.configuration",
    "data directory": "doctor.check.data_directory",
    "database": "doctor.check.database",
    "redis": "doctor.check.redis",
    "several processes": "doctor.check.several_processes",
    "model services": "doctor.check.model_services",
    "maths solver": "doctor.check.solver",
    "qianfan key": "doctor.check.key_shape",
    "photo OCR": "doctor.check.ocr",
}


def _check(name: str, status: str, detail: str, fix: str = "") -> Check:
    return Check(name, status, detail, fix, say(_LABELS[name]))


@app.command(help="help.doctor")
def doctor(
    call: bool = typer.Option(True, "--call/--no-call", help="help.doctor.call"),
    model: str | None = typer.Option(None, "--model", "-m", help="help.doctor.model"),
    as_json: bool = typer.Option(False, "--json", help="help.json"),
) -> None:
    """Check configuration, credentials, reachability, the database and the local solver."""
    checks: list[Check] = []
    settings = _settings(checks)
    if settings is not None:
        _home(settings, checks)
        _database(settings, checks)
        _fleet(settings, checks)
        _credentials(settings, model, call, checks)
    _solver(checks)
    _ocr(checks)
    failed = any(c.status == "fail" for c in checks)
    if as_json:
        typer.echo(json.dumps([asdict(c) for c in checks], ensure_ascii=False))
    else:
        from rich.console import Console
        from rich.text import Text

        console = Console()
        marks = {"ok": ("✓", "green"), "warn": ("!", "yellow"), "fail": ("✗", "red")}
        for c in checks:
            # The mark in a column of its own and the words hung beside it: a long Chinese detail
            # (Rich breaks lines only at spaces) used to leave "! 模型服务:" or "→" alone on a line.
            grid = _hung()
            label = say("doctor.line", label=c.label or c.name, detail="")
            grid.add_row(Text(*marks[c.status]), Text.assemble((label, "bold"), c.detail))
            if c.fix and c.status != "ok":
                fix = _hung()
                fix.add_row("→", c.fix)
                grid.add_row("", fix)
            console.print(grid)
    if failed:
        raise typer.Exit(EXIT_CONFIG)


def _hung() -> Any:
    """Two columns: a mark, and words that fold beside it (never onto the mark's own line alone)."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _settings(checks: list[Check]) -> Settings | None:
    from zuoye.settings import Settings, SettingsError

    try:
        settings = Settings.load()
    except SettingsError as exc:
        checks.append(_check("configuration", "fail", str(exc), say("doctor.config.fix")))
        return None
    model = settings.model or say("doctor.config.default_model")
    checks.append(
        _check(
            "configuration",
            "ok",
            say("doctor.config.ok", home=settings.home, model=model, grade=settings.grade),
        )
    )
    return settings


def _home(settings: Settings, checks: list[Check]) -> None:
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        probe = settings.home / ".doctor-probe"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        checks.append(
            _check("data directory", "fail", f"{settings.home}: {reason(exc)}", say("doctor.home.fix"))
        )
        return
    checks.append(_check("data directory", "ok", say("doctor.home.ok", home=settings.home)))


def _database(settings: Settings, checks: list[Check]) -> None:
    from zuoye.store import Store, StoreError

    try:
        with Store(settings.db_url) as store:
            n = len(store.list_conversations(limit=1000))
    except StoreError as exc:
        # Without ZUOYE_DATABASE_URL the database is ZUOYE_HOME's: the fix is there, not in a variable
        # that is not set.
        fix = say("doctor.database.fix") if settings.database_url else say("doctor.home.fix")
        checks.append(_check("database", "fail", str(exc), fix))
        return
    where = say("doctor.database.sqlite") if not settings.database_url else "ZUOYE_DATABASE_URL"
    checks.append(_check("database", "ok", say("doctor.database.ok", where=where, count=n)))


def _fleet(settings: Settings, checks: list[Check]) -> None:
    """Several processes share the model quota and token through Redis and keep everything
    durable in PostgreSQL; SQLite is one machine's file."""
    if not settings.redis_url:
        return
    from zuoye.fleet import Fleet, FleetError

    try:
        fleet = Fleet.connect(settings.redis_url)
    except FleetError as exc:
        checks.append(_check("redis", "fail", str(exc), say("doctor.redis.bad_url_fix")))
        return
    try:
        reachable = fleet.ping()
    finally:
        fleet.close()
    if not reachable:
        checks.append(
            _check("redis", "fail", say("doctor.redis.unreachable"), say("doctor.redis.unreachable_fix"))
        )
        return
    checks.append(_check("redis", "ok", say("doctor.redis.ok")))
    if not settings.db_url.startswith("postgresql"):
        checks.append(
            _check("several processes", "warn", say("doctor.fleet.sqlite"), say("doctor.fleet.sqlite_fix"))
        )


def _credentials(settings: Settings, model: str | None, call: bool, checks: list[Check]) -> None:
    """Per model service: which protocol and which kind of credentials (never their values),
    whether its host answers, and one tiny chat with the model that would be asked."""
    from zuoye.providers import Registry, no_provider

    registry = Registry.from_settings(settings, client_options=lambda: {"max_retries": 0, "timeout": 15})
    if registry.offline:
        checks.append(_check("model services", "warn", say("doctor.models.none"), no_provider()))
        return
    for provider in registry.providers:
        _provider(provider, checks)
    if call:
        asyncio.run(_chat(registry, model, checks))
    else:
        asyncio.run(registry.aclose())


def _provider(provider: ProviderStatus, checks: list[Check]) -> None:
    from zuoye.providers import retired_v1_hint

    name = f"{provider.name} credentials"
    label = say("doctor.check.credentials", provider=provider.name)
    if not provider.protocol and provider.problem:  # no client could be made
        checks.append(Check(name, "fail", provider.problem, say("doctor.credentials.pair_fix"), label))
        return
    detail = say(
        "doctor.credentials.detail",
        protocol=provider.protocol,
        credentials=provider.credentials,
        base_url=provider.base_url,
    )
    if provider.problem == retired_v1_hint():
        retired = say("doctor.credentials.v1_retired")
        checks.append(Check(name, "warn", detail + retired, provider.problem, label))
    elif provider.problem:
        checks.append(Check(name, "fail", provider.problem, say("doctor.credentials.missing_fix"), label))
        return
    else:
        checks.append(Check(name, "ok", detail, label=label))
    if provider.name == "qianfan" and provider.protocol == "v2":
        _key_shape(checks)
    _reachable(provider.name, provider.base_url, checks)


# A Qianfan v2 API key as the console gives it: bce-v3/ALTAK-<id>/<secret>.
_V2_KEY = re.compile(r"bce-v3/ALTAK-[^/\s]+/[^/\s]+")


def _key_shape(checks: list[Check]) -> None:
    """A v2 API key that is not of the console's shape (a half copied, quotes or a space kept,
    another service's key) is refused by Baidu with a bare 401; said here before anything is
    sent, and offline too. The key itself is never shown."""
    for variable in ("QIANFAN_BEARER_TOKEN", "QIANFAN_API_KEY"):  # as zuoye.ernie reads them, in order
        key = os.environ.get(variable, "").strip()
        if key:
            if not _V2_KEY.fullmatch(key):
                shape = say("doctor.key_shape.bad", variable=variable)
                checks.append(_check("qianfan key", "warn", shape, say("doctor.key_shape.fix")))
            return


async def _chat(registry: Registry, model: str | None, checks: list[Check]) -> None:
    from zuoye.providers import Message, ProviderError, complete

    name = model or registry.default_model
    try:
        chat_model = registry.get(name)
        reply = await complete(
            chat_model, messages=[Message.user("1+1=?")], system="只回答一个数字。Answer with one number."
        )
    except ProviderError as exc:
        label = say("doctor.check.chat", model=name)
        checks.append(Check(f"chat with {name}", "fail", str(exc), say(_FIXES[exc.kind]), label))
        return
    finally:
        await registry.aclose()
    label = say("doctor.check.chat", model=chat_model.name)
    tokens = reply.usage.total_tokens
    checks.append(
        Check(f"chat with {chat_model.name}", "ok", say("doctor.chat.ok", tokens=tokens), label=label)
    )


def _reachable(provider: str, base_url: str, checks: list[Check]) -> None:
    import httpx

    name, label = f"{provider} reachability", say("doctor.check.reachability", provider=provider)
    try:
        httpx.get(base_url, timeout=5, follow_redirects=False)
    except httpx.HTTPError as exc:
        detail = f"{base_url}: {type(exc).__name__}"
        checks.append(Check(name, "fail", detail, say("doctor.reach.fix"), label))
        return
    checks.append(Check(name, "ok", say("doctor.reach.ok", base_url=base_url), label=label))


# What to do when the test chat fails, by the error's kind (catalogue keys).
_FIXES = {kind: f"doctor.chat.fix.{kind}" for kind in ("config", "input", "service")}


def _solver(checks: list[Check]) -> None:
    from zuoye import math as zmath

    try:
        sol = zmath.solve("解方程 2x+3=7")
    except zmath.MathError as exc:
        checks.append(_check("maths solver", "fail", str(exc), say("doctor.solver.fix")))
        return
    checks.append(_check("maths solver", "ok", f"解方程 2x+3=7 → {', '.join(sol.answer)}"))


def _ocr(checks: list[Check]) -> None:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        checks.append(_check("photo OCR", "warn", say("doctor.ocr.missing"), "pip install 'zuoye[ocr]'"))
        return
    checks.append(_check("photo OCR", "ok", say("doctor.ocr.ok")))
