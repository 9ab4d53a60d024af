"""What one server process holds: settings, the store, the model registry, running answers.

Built once by `create_app` and reached from routes through `request.app.state.zuoye`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zuoye.store.quota import Quotas
from zuoye.store.users import Accounts, User
from zuoye.web._events import EventLog, LocalEvents, RedisEvents
from zuoye.web._throttle import LoginGuard

if TYPE_CHECKING:
    from zuoye.providers import ChatModel, Registry
    from zuoye.settings import Settings
    from zuoye.store import Store

log = logging.getLogger("zuoye.web")

Recognizer = Callable[[bytes], Any]


@dataclass(frozen=True)
class Principal:
    """Who is asking. In single-user mode, the machine's one local user (role "local")."""

    id: str
    name: str
    role: str
    help_ceiling: str | None = None
    daily_quota: int | None = None
    via: str = "local"  # local | session | token

    @classmethod
    def of(cls, user: User, via: str) -> Principal:
        return cls(user.id, user.name, user.role, user.help_ceiling, user.daily_quota, via)

    @property
    def is_guardian(self) -> bool:
        return self.role in ("teacher", "parent")


@dataclass
class Running:
    """An answer being written: the task that writes it, so it can be stopped."""

    task: asyncio.Task[None]
    user_id: str
    turn_id: int


@dataclass
class AppState:
    settings: Settings
    store: Store
    registry: Registry
    recognize: Recognizer
    local_user_id: str
    accounts: Accounts = field(init=False)
    # By conversation id: this process's answers, to stop them. Which conversation may answer
    # and how many questions a user has left are the database's (pending turns, the quota ledger).
    running: dict[str, Running] = field(default_factory=dict)
    quotas: Quotas = field(init=False)
    owns_store: bool = True
    login_guard: LoginGuard = field(init=False)
    # With ZUOYE_REDIS_URL: stops sent to other processes reach this one (web._stops.StopSignals).
    stops: Any = None
    # Streamed answers' events, for readers that reconnect (web._events): in memory, or in Redis.
    events: EventLog = field(init=False)
    # The tasks writing those events (kept here: a task nobody references may be collected).
    publishers: set[asyncio.Task[None]] = field(default_factory=set)
    # Photo recognition is CPU-heavy: one at a time leaves the other core to the streams.
    ocr_slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(1))
    # Worksheet jobs (zuoye.jobs.Jobs): on the job queue (PostgreSQL) or run here (SQLite).
    jobs: Any = None

    def __post_init__(self) -> None:
        self.login_guard = LoginGuard.for_settings(self.store, self.settings)
        self.accounts = Accounts(self.store)
        self.quotas = Quotas(self.store)
        self.events = (
            RedisEvents(self.settings.redis_url, namespace=self.store.identity())
            if self.settings.redis_url
            else LocalEvents()
        )

    @property
    def multi_user(self) -> bool:
        return bool(self.settings.multi_user)

    @property
    def offline(self) -> bool:
        return self.registry.offline

    def model(self, name: str | None) -> ChatModel | None:
        """The model to ask (the default for None), or None to answer offline. ProviderError
        for a name no provider serves or a provider that is not usable."""
        return self.registry.get_or_offline(name)

    def local_principal(self) -> Principal:
        return Principal(self.local_user_id, "本机用户", "local", self.settings.help_ceiling, None, "local")

    async def aclose(self) -> None:
        tasks = [running.task for running in self.running.values()]
        for task in tasks:
            task.cancel()
        # Each cancelled tutor saves its partial answer before the store closes.
        await asyncio.gather(*tasks, return_exceptions=True)
        if self.publishers:  # their last event (done) once the tutors have stopped
            await asyncio.wait(self.publishers, timeout=5)
        await self.events.aclose()
        if self.jobs is not None:  # before the registry: a job being cancelled saves its answer
            await self.jobs.aclose()
        await self.registry.aclose()
        self.login_guard.close()
        if self.owns_store:
            self.store.close()
