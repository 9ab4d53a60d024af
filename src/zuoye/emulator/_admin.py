"""The admin hooks tests use, under `/_emulator/`, a path the real APIs never use.

GET stats; POST expire-tokens / revoke-tokens (v1 access tokens and IAM bearer tokens alike, so a
client's refresh-on-401 can be tested on either protocol); POST reset (counters, rate windows,
scenario `times`; tokens stay valid).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zuoye.emulator import _http
from zuoye.emulator._stats import Stats

if TYPE_CHECKING:
    from zuoye.emulator._app import EmulatorApp

ADMIN_PREFIX = "/_emulator/"
HOOKS = ["GET stats", "POST expire-tokens", "POST revoke-tokens", "POST reset"]


async def admin(app: EmulatorApp, action: str, scope: _http.Scope, send: _http.Send) -> None:
    method = scope["method"]
    if action == "stats" and method == "GET":
        live = {"tokens_live": len(app.tokens), "bearer_tokens_live": len(app.bearer)}
        await _http.send_json(send, {**app.stats.as_dict(), **live})
    elif action in ("expire-tokens", "revoke-tokens") and method == "POST":
        # Both kinds: v1 access tokens (then 111 / 110) and IAM bearer tokens (then a v2 401).
        expire = action == "expire-tokens"
        access = app.tokens.expire_all() if expire else app.tokens.revoke_all()
        bearer = app.bearer.expire_all() if expire else app.bearer.revoke_all()
        key = "expired" if expire else "revoked"
        await _http.send_json(send, {key: access + bearer, "access_tokens": access, "bearer_tokens": bearer})
    elif action == "reset" and method == "POST":
        app.stats = Stats()
        app.limiter.reset()
        app.budgets.reset()
        if app.config.scenario is not None:
            app.config.scenario.reset()
        await _http.send_json(send, {"reset": True})
    else:
        error = {"error": f"unknown admin hook {method} {action!r}", "hooks": HOOKS}
        await _http.send_json(send, error, status=404)
