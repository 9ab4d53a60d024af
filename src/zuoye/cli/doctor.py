"""`zuoye doctor`: is everything set up? Each check says what to do when it fails."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import typer

from zuoye.cli._app import EXIT_CONFIG, app

if TYPE_CHECKING:
    from zuoye.providers import ProviderStatus, Registry
    from zuoye.settings import Settings


@dataclass
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str
    fix: str = ""


@app.command()
def doctor(
    call: bool = typer.Option(
        True,
        "--call/--no-call",
        help="Send one tiny chat request (a few tokens) to prove credentials and model.",
    ),
    model: str | None = typer.Option(
        None, "--model", "-m", help="The model to check (default: ZUOYE_MODEL)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
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
        from rich.markup import escape

        console = Console()
        marks = {"ok": "[green]✓[/green]", "warn": "[yellow]![/yellow]", "fail": "[red]✗[/red]"}
        for c in checks:
            console.print(f"{marks[c.status]} [bold]{c.name}[/bold]: {escape(c.detail)}")
            if c.fix and c.status != "ok":
                console.print(f"    → {escape(c.fix)}")
    if failed:
        raise typer.Exit(EXIT_CONFIG)


def _settings(checks: list[Check]) -> Settings | None:
    from zuoye.settings import Settings, SettingsError

    try:
        settings = Settings.load()
    except SettingsError as exc:
        checks.append(
            Check("configuration", "fail", str(exc), "fix the ZUOYE_* variable or config.toml it names")
        )
        return None
    checks.append(
        Check(
            "configuration",
            "ok",
            f"home {settings.home}, model {settings.model or 'default'}, grade {settings.grade}",
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
            Check(
                "data directory",
                "fail",
                f"{settings.home}: {exc.strerror}",
                "set ZUOYE_HOME to a writable directory",
            )
        )
        return
    checks.append(Check("data directory", "ok", f"{settings.home} is writable"))


def _database(settings: Settings, checks: list[Check]) -> None:
    from zuoye.store import Store, StoreError

    try:
        with Store(settings.db_url) as store:
            n = len(store.list_conversations(limit=1000))
    except StoreError as exc:
        checks.append(
            Check(
                "database",
                "fail",
                str(exc),
                "check ZUOYE_DATABASE_URL (or unset it to use SQLite in ZUOYE_HOME)",
            )
        )
        return
    where = "SQLite in ZUOYE_HOME" if not settings.database_url else "ZUOYE_DATABASE_URL"
    checks.append(Check("database", "ok", f"{where}: {n} conversation(s), schema up to date"))


def _fleet(settings: Settings, checks: list[Check]) -> None:
    """Several processes share the model quota and token through Redis and keep everything
    durable in PostgreSQL; SQLite is one machine's file."""
    if not settings.redis_url:
        return
    from zuoye.fleet import Fleet, FleetError

    try:
        fleet = Fleet.connect(settings.redis_url)
    except FleetError as exc:
        checks.append(Check("redis", "fail", str(exc), "fix ZUOYE_REDIS_URL, or unset it for one process"))
        return
    try:
        reachable = fleet.ping()
    finally:
        fleet.close()
    if not reachable:
        checks.append(
            Check(
                "redis",
                "fail",
                "ZUOYE_REDIS_URL is set but Redis does not answer: each process falls back to its own "
                "share of the model quota",
                "start Redis, or check the address and password in ZUOYE_REDIS_URL",
            )
        )
        return
    checks.append(Check("redis", "ok", "reachable: the model quota and ERNIE token are shared through it"))
    if not settings.db_url.startswith("postgresql"):
        checks.append(
            Check(
                "several processes",
                "warn",
                "Redis is set but the database is SQLite: processes on other machines cannot share it",
                "set ZUOYE_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST/DB for more than one machine",
            )
        )


def _credentials(settings: Settings, model: str | None, call: bool, checks: list[Check]) -> None:
    """Per model service: which protocol and which kind of credentials (never their values),
    whether its host answers, and one tiny chat with the model that would be asked."""
    from zuoye.providers import NO_PROVIDER, Registry

    registry = Registry.from_settings(settings, client_options=lambda: {"max_retries": 0, "timeout": 15})
    if registry.offline:
        checks.append(
            Check(
                "model services",
                "warn",
                "none configured: maths questions are answered offline by the local solver",
                NO_PROVIDER,
            )
        )
        return
    for provider in registry.providers:
        _provider(provider, checks)
    if call:
        asyncio.run(_chat(registry, model, checks))
    else:
        asyncio.run(registry.aclose())


def _provider(provider: ProviderStatus, checks: list[Check]) -> None:
    from zuoye.providers import RETIRED_V1_HINT

    name = f"{provider.name} credentials"
    if not provider.protocol and provider.problem:  # no client could be made
        checks.append(Check(name, "fail", provider.problem, "set both keys of the pair, or neither"))
        return
    detail = f"protocol {provider.protocol}: {provider.credentials} → {provider.base_url}"
    if provider.problem == RETIRED_V1_HINT:
        checks.append(Check(name, "warn", detail + " (v1 is retired)", RETIRED_V1_HINT))
    elif provider.problem:
        checks.append(Check(name, "fail", provider.problem, "set the variable, or change api_key_env"))
        return
    else:
        checks.append(Check(name, "ok", detail))
    _reachable(provider.name, provider.base_url, checks)


async def _chat(registry: Registry, model: str | None, checks: list[Check]) -> None:
    from zuoye.providers import Message, ProviderError, complete

    name = model or registry.default_model
    try:
        chat_model = registry.get(name)
        reply = await complete(
            chat_model, messages=[Message.user("1+1=?")], system="只回答一个数字。Answer with one number."
        )
    except ProviderError as exc:
        checks.append(Check(f"chat with {name}", "fail", str(exc), _FIXES[exc.kind]))
        return
    finally:
        await registry.aclose()
    checks.append(
        Check(f"chat with {chat_model.name}", "ok", f"answered ({reply.usage.total_tokens} tokens)")
    )


def _reachable(provider: str, base_url: str, checks: list[Check]) -> None:
    import httpx

    try:
        httpx.get(base_url, timeout=5, follow_redirects=False)
    except httpx.HTTPError as exc:
        checks.append(
            Check(
                f"{provider} reachability",
                "fail",
                f"{base_url}: {type(exc).__name__}",
                "check the network, a proxy (HTTPS_PROXY) or the service's base URL",
            )
        )
        return
    checks.append(Check(f"{provider} reachability", "ok", f"{base_url} answers"))


_FIXES = {
    "config": "密钥错误、种类不对、模型未开通或额度用完：ERNIE 需要 QIANFAN_BEARER_TOKEN（千帆控制台 → API Key "
    "创建的 v2 API Key）。 / The key is wrong or of the wrong kind, the model is not enabled, or the quota "
    "is spent: ERNIE takes a v2 API Key in QIANFAN_BEARER_TOKEN (Qianfan console → API Key).",
    "input": "换一个模型：`zuoye models` 列出可用的。 / Choose another model: `zuoye models` lists them.",
    "service": "检查网络、代理（HTTPS_PROXY），或稍后再试。 / Check the network or a proxy (HTTPS_PROXY), "
    "or try again later.",
}


def _solver(checks: list[Check]) -> None:
    from zuoye import math as zmath

    try:
        sol = zmath.solve("解方程 2x+3=7")
    except zmath.MathError as exc:
        checks.append(Check("maths solver", "fail", str(exc), "reinstall: ./dev zuoye doctor"))
        return
    checks.append(Check("maths solver", "ok", f"解方程 2x+3=7 → {', '.join(sol.answer)}"))


def _ocr(checks: list[Check]) -> None:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        checks.append(
            Check("photo OCR", "warn", "rapidocr-onnxruntime is not installed", "pip install 'zuoye[ocr]'")
        )
        return
    checks.append(Check("photo OCR", "ok", "rapidocr-onnxruntime with its bundled Chinese models"))
