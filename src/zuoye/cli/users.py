"""`zuoye users`: accounts for multi-user `zuoye serve` (there is no sign-up page: an admin,
a teacher or a parent with shell access creates them here)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

import typer

from zuoye.cli._app import EXIT_USAGE, CliError, app
from zuoye.messages import say

if TYPE_CHECKING:
    from zuoye.store.users import Accounts

users_app = typer.Typer(
    name="users",
    help="help.users",
    no_args_is_help=True,
)
tokens_app = typer.Typer(
    name="tokens",
    help="help.users.tokens",
    no_args_is_help=True,
)
app.add_typer(users_app)
users_app.add_typer(tokens_app)

PASSWORD_STDIN = typer.Option(False, "--password-stdin", help="help.users.password_stdin")


@contextmanager
def _accounts() -> Iterator[Accounts]:
    from zuoye.cli._context import load_settings, open_store
    from zuoye.store.users import Accounts

    store = open_store(load_settings())
    try:
        yield Accounts(store)  # AccountError: exit 2 (zuoye.cli._app)
    finally:
        store.close()


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise CliError(say("users.password_stdin_empty"), EXIT_USAGE)
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError(say("users.no_terminal"), EXIT_USAGE)
    from zuoye.store.users import AccountError, check_password  # as in _accounts: not for --help

    while True:
        password: str = typer.prompt(say("users.password_prompt"), hide_input=True)
        # Checked before it is asked again: a password the store would refuse is said at once,
        # not after typing it twice.
        try:
            check_password(password)
        except AccountError as exc:
            typer.echo(say("cli.error", message=exc), err=True)
            continue
        if typer.prompt(say("users.password_again"), hide_input=True) == password:
            return password
        typer.echo(say("users.passwords_differ"), err=True)


@users_app.command("add", help="help.users.add")
def add(
    name: str = typer.Argument(..., help="help.users.name"),
    role: str = typer.Option("student", help="help.users.role"),
    no_password: bool = typer.Option(False, "--no-password", help="help.users.no_password"),
    password_stdin: bool = PASSWORD_STDIN,
    daily_quota: int = typer.Option(None, help="help.users.daily_quota"),
    help_ceiling: str = typer.Option(None, help="help.users.ceiling"),
) -> None:
    """Create an account (asks for its password)."""
    password = None if no_password else _password(password_stdin)
    with _accounts() as accounts:
        user = accounts.create_user(
            name=name, role=role, password=password, daily_quota=daily_quota, help_ceiling=help_ceiling
        )
    typer.echo(say("users.created", role=user.role, name=user.name, id=user.id))


@users_app.command("list", help="help.users.list")
def list_users(as_json: bool = typer.Option(False, "--json", help="help.json")) -> None:
    """The accounts, with their role, quota (and the questions taken today) and help ceiling."""
    from zuoye.store.quota import Quotas, quota_day

    with _accounts() as accounts:
        users = accounts.list_users()
        quotas, today = Quotas(accounts.store), quota_day()  # the ledger: what deletes cannot undo
        rows: list[dict[str, Any]] = [
            {
                "name": u.name,
                "id": u.id,
                "role": u.role,
                "daily_quota": u.daily_quota,
                "questions_today": quotas.used(user_id=u.id, day=today),
                "help_ceiling": u.help_ceiling,
                "disabled": u.disabled,
                "password": u.has_password,
                "students": [s.name for s in accounts.students_of(guardian_id=u.id)] if u.is_guardian else [],
            }
            for u in users
        ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        typer.echo(say("users.none_yet"), err=True)
    for r in rows:
        extra = []
        if r["daily_quota"] is not None:
            extra.append(say("users.list_quota", quota=r["daily_quota"]))
        if r["questions_today"]:
            extra.append(say("users.list_asked_today", count=r["questions_today"]))
        if r["help_ceiling"]:
            extra.append(say("users.list_ceiling", ceiling=r["help_ceiling"]))
        if r["students"]:
            extra.append(say("users.list_students", names=", ".join(r["students"])))
        if r["disabled"]:
            extra.append(say("users.list_disabled"))
        typer.echo(f"{r['name']}\t{r['role']}\t{'; '.join(extra)}")


@users_app.command("set", help="help.users.set")
def set_user(
    name: str,
    role: str = typer.Option(None, help="help.users.role"),
    daily_quota: int = typer.Option(None, help="help.users.set_quota"),
    default_quota: bool = typer.Option(False, "--default-quota", help="help.users.default_quota"),
    help_ceiling: str = typer.Option(None, help="help.users.set_ceiling"),
    default_ceiling: bool = typer.Option(False, "--default-ceiling", help="help.users.default_ceiling"),
    disable: bool = typer.Option(None, "--disable/--enable", help="help.users.disable"),
) -> None:
    """Change an account's role, quota, help ceiling or whether it may log in."""
    with _accounts() as accounts:
        user = accounts.require_user(name=name)
        user = accounts.update_user(
            user_id=user.id,
            role=role,
            daily_quota=daily_quota,
            clear_daily_quota=default_quota,
            help_ceiling=help_ceiling,
            clear_help_ceiling=default_ceiling,
            disabled=disable,
        )
    default = say("users.default")
    typer.echo(
        say(
            "users.set",
            name=user.name,
            role=user.role,
            quota=user.daily_quota if user.daily_quota is not None else default,
            ceiling=user.help_ceiling or default,
            disabled=say("users.set_disabled") if user.disabled else "",
        )
    )


@users_app.command("passwd", help="help.users.passwd")
def passwd(name: str, password_stdin: bool = PASSWORD_STDIN) -> None:
    """Set a new password (ends the account's login sessions and revokes its API tokens)."""
    password = _password(password_stdin)
    with _accounts() as accounts:
        revoked = accounts.set_password(user_id=accounts.require_user(name=name).id, password=password)
    typer.echo(say("users.password_changed", name=name, revoked=revoked))


@users_app.command("link", help="help.users.link")
def link(guardian: str, student: str) -> None:
    """Let a teacher or parent see a student's conversations and set their help ceiling."""
    with _accounts() as accounts:
        g, s = accounts.require_user(name=guardian), accounts.require_user(name=student)
        accounts.link(guardian_id=g.id, student_id=s.id)
    typer.echo(say("users.linked", guardian=g.name, role=g.role, student=s.name))


@users_app.command("unlink", help="help.users.unlink")
def unlink(guardian: str, student: str) -> None:
    """Undo `link`."""
    with _accounts() as accounts:
        g, s = accounts.require_user(name=guardian), accounts.require_user(name=student)
        if not accounts.unlink(guardian_id=g.id, student_id=s.id):
            raise CliError(say("users.not_linked", guardian=g.name, student=s.name), EXIT_USAGE)
    typer.echo(say("users.unlinked", guardian=g.name, student=s.name))


DAYS = typer.Option(
    None,
    "--days",
    help="help.users.days",
)


@users_app.command("token", help="help.users.token")
def token(name: str, label: str = typer.Option("", help="help.users.label"), days: int = DAYS) -> None:
    """Create an API token (printed once on stdout; only its hash is kept)."""
    _add_token(name, label, days)


@tokens_app.command("add", help="help.users.tokens_add")
def tokens_add(name: str, label: str = typer.Option("", help="help.users.label"), days: int = DAYS) -> None:
    """Create an API token (the same as `zuoye users token`)."""
    _add_token(name, label, days)


def _add_token(name: str, label: str, days: int | None) -> None:
    # imported here, as in _accounts: `zuoye --help` and the other commands need not load the store
    from zuoye.cli._context import load_settings
    from zuoye.store.users import token_lifetime

    settings = load_settings()
    ttl = token_lifetime(days, default_days=settings.api_token_days, max_days=settings.api_token_max_days)
    with _accounts() as accounts:
        user = accounts.require_user(name=name)
        secret, info = accounts.issue_token(user_id=user.id, kind="api", label=label, ttl=ttl)
    typer.echo(secret)
    typer.echo(say("users.token_issued", id=info.id, name=user.name, until=_when(info.expires_at)), err=True)


@tokens_app.command("list", help="help.users.tokens_list")
def tokens_list(name: str, as_json: bool = typer.Option(False, "--json", help="help.json")) -> None:
    """A user's API tokens and login sessions: id, label, created, expires, last used (never the secret)."""
    with _accounts() as accounts:
        user = accounts.require_user(name=name)
        tokens = accounts.list_tokens(user_id=user.id)
    rows = [
        {
            "id": t.id,
            "kind": t.kind,
            "label": t.label,
            "created_at": _when(t.created_at),
            "expires_at": _when(t.expires_at),
            "last_used_at": _when(t.last_used_at),
        }
        for t in tokens
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        typer.echo(say("users.no_tokens", name=user.name), err=True)
        return
    typer.echo(say("users.tokens_header"))
    never = say("users.never")
    for r in rows:
        typer.echo(
            f"{r['id']}\t{r['kind']}\t{r['created_at']}\t{r['expires_at']}\t{r['last_used_at'] or never}"
            f"\t{r['label']}"
        )


@tokens_app.command("revoke", help="help.users.revoke")
def tokens_revoke(
    name: str,
    token_ids: list[str] = typer.Argument(None, help="help.users.token_ids"),
    revoke_all: bool = typer.Option(False, "--all", help="help.users.revoke_all"),
) -> None:
    """Revoke some of a user's tokens, or all of them and their login sessions (--all)."""
    if bool(token_ids) == revoke_all:
        raise CliError(say("users.revoke_which"), EXIT_USAGE)
    with _accounts() as accounts:
        user = accounts.require_user(name=name)
        if revoke_all:
            typer.echo(f"{user.name}: {accounts.revoke_all(user_id=user.id)}")
            return
        unknown = [t for t in token_ids if not accounts.revoke_token(token_id=t, user_id=user.id)]
    for t in token_ids:
        if t not in unknown:
            typer.echo(say("users.revoked_token", id=t))
    if unknown:
        raise CliError(say("users.no_such_tokens", name=user.name, ids=", ".join(unknown)), EXIT_USAGE)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""
