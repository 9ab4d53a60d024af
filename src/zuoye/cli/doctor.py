"""`zuoye doctor`: is everything set up? Each check says what to do when it fails."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import typer

from zuoye.cli._app import EXIT_CONFIG, app

if TYPE_CHECKING:
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
        Check("configuration", "ok", f"home {settings.home}, model {settings.model}, grade {settings.grade}")
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


def _credentials(settings: Settings, model: str | None, call: bool, checks: list[Check]) -> None:
    from zuoye import ernie

    try:
        client = ernie.Ernie(max_retries=0, timeout=15)
    except ernie.MissingCredentialsError:
        checks.append(
            Check(
                "ERNIE credentials",
                "warn",
                "none configured: maths questions are answered offline by the local solver",
                "set QIANFAN_AK and QIANFAN_SK to your Qianfan application's API Key and Secret Key",
            )
        )
        return
    except ernie.ErnieError as exc:
        checks.append(Check("ERNIE credentials", "fail", str(exc), "set both keys of the pair, or neither"))
        return
    with client:
        checks.append(Check("ERNIE credentials", "ok", f"{client.credentials} → {client.base_url}"))
        _reachable(client.base_url, checks)
        if not call:
            return
        name = model or settings.model
        try:
            r = client.chat(model=name, messages=[{"role": "user", "content": "1+1=?"}], max_output_tokens=2)
        except ernie.ErnieError as exc:
            checks.append(Check(f"chat with {name}", "fail", str(exc), _fix_for(exc)))
            return
        checks.append(Check(f"chat with {name}", "ok", f"answered ({r.usage.total_tokens} tokens)"))


def _reachable(base_url: str, checks: list[Check]) -> None:
    import httpx

    try:
        httpx.get(base_url, timeout=5, follow_redirects=False)
    except httpx.HTTPError as exc:
        checks.append(
            Check(
                "reachability",
                "fail",
                f"{base_url}: {type(exc).__name__}",
                "check the network, a proxy (HTTPS_PROXY) or QIANFAN_BASE_URL",
            )
        )
        return
    checks.append(Check("reachability", "ok", f"{base_url} answers"))


def _fix_for(exc: Exception) -> str:
    from zuoye import ernie

    if isinstance(exc, ernie.InvalidCredentialsError | ernie.AccessTokenError):
        return (
            "the keys are wrong or of the wrong kind: QIANFAN_AK/SK are the application's API Key/Secret Key"
        )
    if isinstance(exc, ernie.QuotaExceededError):
        return "the quota is used up or billing is not enabled: check the Qianfan console"
    if isinstance(exc, ernie.PermissionDeniedError):
        return "enable this model for your application in the Qianfan console, or choose another with --model"
    if isinstance(exc, ernie.APIConnectionError):
        return "check the network, a proxy (HTTPS_PROXY) or QIANFAN_BASE_URL"
    return "see the message; `zuoye models` lists the models"


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
