"""`zuoye serve`: the homework page and its HTTP API, in one process.

    GET  /                                 the page (static; everything it loads is served here)
    GET  /api/health  /api/models  /api/me
    GET  /api/conversations                POST /api/conversations
    GET  /api/conversations/{id}           DELETE /api/conversations/{id}
    POST /api/ask                          a question → server-sent events (or JSON)
    POST /api/conversations/{id}/stop      POST /api/conversations/{id}/regenerate
    POST /api/photo                        a photo → the question's text
    POST /api/login  /api/logout           GET/POST/DELETE /api/tokens      (multi-user mode)
    GET  /api/students …                   teachers and parents
    GET  /openapi.json                     the schema

Single-user mode (the default, on localhost) needs no account. Multi-user mode (`--multi-user`)
has accounts, sessions, API tokens, quotas and guardians: see `zuoye.store.users`.
"""

from __future__ import annotations

from zuoye.web._app import create_app

__all__ = ["create_app"]
