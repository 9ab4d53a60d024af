"""One error shape for the whole API: `{"error": {"code": ..., "message": ...}}` with an HTTP status.

The message says what was wrong and what to do; `code` is stable for programs. Validation
errors keep FastAPI's per-field details under `error.details`. An application error
(`zuoye.errors.ZuoyeError`) gets the status of its kind here, and nowhere else.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.params import File
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from zuoye.errors import ErrorKind, ZuoyeError
from zuoye.messages import has, say, use_language
from zuoye.web._language import RequestLanguage, scope_language

log = logging.getLogger("zuoye.web")


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


# input: the request must change; config: the server's setup (a person must act); service: a
# service behind the server failed (try again).
STATUS_FOR_KIND: dict[ErrorKind, int] = {"input": 422, "config": 503, "service": 502}


def api_error(exc: ZuoyeError) -> ApiError:
    """The one mapping from an application error to the API's status, code and message."""
    return ApiError(STATUS_FOR_KIND[exc.kind], exc.code, str(exc))


NotFound = Literal["conversation", "photo", "student", "token", "worksheet"]
_NOT_FOUND: dict[NotFound, str] = {
    "conversation": "web.not_found.conversation",
    "photo": "web.not_found.photo",
    "student": "web.not_found.student",
    "token": "web.not_found.token",
    "worksheet": "web.not_found.worksheet",
}


def not_found(what: NotFound = "conversation") -> ApiError:
    # The same answer whether the thing does not exist or belongs to someone else: ids do not leak.
    return ApiError(404, "not_found", say(_NOT_FOUND[what]))


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "request"


def _file_fields(request: Request) -> frozenset[str]:
    """The multipart file fields (`File(...)`) the request's route takes, its dependencies' too."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return frozenset()
    found: set[str] = set()
    pending: list[Dependant] = [route.dependant]
    while pending:
        dependant = pending.pop()
        found.update(p.alias for p in dependant.body_params if isinstance(p.field_info, File))
        pending.extend(dependant.dependencies)
    return frozenset(found)


def _problem(err: dict[str, Any], files: frozenset[str] = frozenset()) -> str:
    """What is wrong with one field, in the request's language: our own validators' messages are
    said in it already; pydantic's (English) are said again from the catalogue where it has them.
    A file field that got no file (missing, or text in its place: FastAPI's "Expected UploadFile")
    says how to send one."""
    loc = tuple(err.get("loc", ()))
    if len(loc) == 2 and loc[0] == "body" and loc[1] in files:
        return say("web.invalid.upload", field=loc[1])
    msg = str(err.get("msg", "invalid"))
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    key = f"web.invalid.{err.get('type', '')}"
    if has(key):
        try:
            return say(key, **(err.get("ctx") or {}))
        except (KeyError, IndexError):  # a placeholder pydantic did not give: its own words
            pass
    return msg


def describe_validation(errors: list[dict[str, Any]], files: frozenset[str] = frozenset()) -> str:
    said = [f"{_field(err.get('loc', ()))}: {_problem(err, files)}" for err in errors[:5]]
    more = say("web.invalid.more", count=len(errors) - 5) if len(errors) > 5 else ""
    return "; ".join(said) + more


def install(app: FastAPI) -> None:
    # Messages in the request's language, for the routes and for the handlers below (the
    # innermost middleware: added before the others in create_app).
    app.add_middleware(RequestLanguage)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(ZuoyeError)
    async def _app_error(_: Request, exc: ZuoyeError) -> JSONResponse:
        err = api_error(exc)
        return JSONResponse(error_body(err.code, err.message), status_code=err.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        files = _file_fields(request)
        details = [{"field": _field(e.get("loc", ())), "message": _problem(e, files)} for e in exc.errors()]
        return JSONResponse(
            error_body("invalid_request", describe_validation(list(exc.errors()), files), details=details),
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status_code, "http_error"
        )
        message = exc.detail if isinstance(exc.detail, str) else say("web.request_failed")
        # Starlette's own words for a route that does not exist or a method it does not take
        if exc.status_code == 404 and message == "Not Found":
            message = say("web.not_found.page")
        elif exc.status_code == 405 and message == "Method Not Allowed":
            message = say("web.method_not_allowed")
        return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        # Logged with the path only: bodies and headers may carry questions and credentials.
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        # This handler runs outside the middleware that sets the request's language: set it here.
        with use_language(scope_language(request.scope)):
            return JSONResponse(error_body("internal", say("web.internal")), status_code=500)
