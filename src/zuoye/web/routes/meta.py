"""Health, models, and who am I."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from zuoye import __version__
from zuoye.store.worksheets import Worksheets
from zuoye.vocabulary import GRADES, MODES
from zuoye.web import _metrics
from zuoye.web._answering import questions_today, quota_limit
from zuoye.web._auth import PrincipalDep, StateDep
from zuoye.web._schemas import Guardian, HealthOut, MeOut, ModelOut, ModelsOut, ProviderOut, Quota, UserOut

router = APIRouter(prefix="/api", tags=["meta"])
# For balancers, orchestrators and Prometheus: at the root, where they look by default.
probes = APIRouter(tags=["probes"])


@probes.get("/livez", summary="Is the process alive (for a balancer or orchestrator)?")
async def livez() -> dict[str, str]:
    return {"status": "ok"}


@probes.get("/readyz", summary="Can the process serve (its database answers)? 503 while it cannot")
async def readyz(state: StateDep) -> JSONResponse:
    ok = await asyncio.to_thread(_database_state, state) == "ok"
    return JSONResponse({"status": "ok" if ok else "unavailable"}, status_code=200 if ok else 503)


@probes.get("/metrics", summary="Prometheus metrics (every worker of this server)", include_in_schema=False)
async def metrics(state: StateDep) -> Response:
    def read() -> tuple[bytes, str]:
        for job_state, n in Worksheets(state.store).count_by_status().items():
            _metrics.JOBS.labels(job_state).set(n)
        return _metrics.exposition()

    body, content_type = await asyncio.to_thread(read)
    return Response(body, media_type=content_type)


def _database_state(state: Any) -> str:
    """`ok`, or `error: <kind>` (the reason, not the URL: it may hold a password)."""
    try:
        with state.store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure: not ready
        return f"error: {type(exc).__name__}"
    return "ok"


@router.get("/health", summary="Is the server working (database reachable, ERNIE configured)?")
async def health(state: StateDep) -> JSONResponse:
    database = await asyncio.to_thread(_database_state, state)
    providers = [p.name for p in state.registry.providers]
    fleet = state.registry.fleet
    fleet_health = await asyncio.to_thread(fleet.health) if fleet is not None else None
    body = HealthOut(
        # Redis down: still serving (each process on its own share of the quota), but say so.
        status="ok" if database == "ok" and (fleet_health or {}).get("redis", "ok") == "ok" else "degraded",
        version=__version__,
        database=database,
        ernie="configured" if "qianfan" in providers else "not_configured",
        providers=providers,
        mode="multi-user" if state.multi_user else "single-user",
        running_answers=len(state.running),
        fleet=fleet_health,
    )
    return JSONResponse(body.model_dump(), status_code=200 if database == "ok" else 503)


@router.get("/models", summary="The models that can be asked, and the modes and grades")
async def models(state: StateDep) -> ModelsOut:
    """What every configured provider offers (asked with `GET …/models` where it can be, else
    the models zuoye knows or the configuration names). Offline: the ERNIE models."""
    registry = state.registry
    listings = await registry.listings()
    protocols = {p.name: p.protocol for p in registry.providers}
    return ModelsOut(
        models=[ModelOut.model_validate(entry) for listing in listings for entry in listing.models],
        default=registry.default_model,
        offline=registry.offline,
        providers=[
            ProviderOut(
                name=listing.provider,
                protocol=protocols.get(listing.provider, ""),
                listed_by=listing.source,
                error=listing.error,
            )
            for listing in listings
        ],
        modes=list(MODES),
        grades=list(GRADES),
    )


@router.get("/me", summary="Who you are, your help ceiling, your quota, who can see your conversations")
async def me(state: StateDep, principal: PrincipalDep) -> MeOut:
    limit = quota_limit(state, principal)
    quota = None
    watched_by: list[Guardian] = []
    if state.multi_user:
        used = await questions_today(state, principal.id)
        quota = Quota(limit=limit, used=used, remaining=max(0, limit - used) if limit else None)
        guardians = await asyncio.to_thread(state.accounts.guardians_of, student_id=principal.id)
        watched_by = [Guardian(name=g.name, role=g.role) for g in guardians]
    return MeOut(
        mode="multi-user" if state.multi_user else "single-user",
        user=UserOut(id=principal.id, name=principal.name, role=principal.role),
        help_ceiling=principal.help_ceiling or state.settings.help_ceiling,  # type: ignore[arg-type]
        quota=quota,
        watched_by=watched_by,
        offline=state.offline,
    )
