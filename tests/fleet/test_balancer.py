"""The deployment of the README, as students meet it: nginx (docs/nginx-zuoye.conf, the very text
the README shows) in front of two `zuoye serve --multi-user --workers 2` on one PostgreSQL and one
Redis, against `zuoye emulator`, with no sticky sessions. Every request goes through nginx, which
sends each to either server; its log says which one, so the tests can check that a stop or a
reconnect did land on another server than the answer's writer.

The servers start once for the module; the last test kills one of them."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.fleet.conftest import RedisServer, _free_port
from tests.store.conftest import _postgres_url
from zuoye.emulator.testing import running_emulator

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "docs" / "nginx-zuoye.conf"
ZUOYE = [sys.executable, "-c", "from zuoye.cli import main; main()"]
STORY = "".join(f"第{i}句，故事还在继续。" for i in range(1, 41))  # 40 events, 60 ms apart: ~2.4 s
LONG_STORY = "".join(f"第{i}句，故事还长着呢。" for i in range(1, 81))  # 80 events, 100 ms apart: ~8 s
PASSWORD = "balancer-" + "p" * 8
CSRF = {"X-Zuoye-CSRF": "1"}


def render(template: str, servers: list[str], listen: str) -> str:
    """docs/nginx-zuoye.conf with these addresses in place of the example ones."""
    out = template
    for example, real in (
        *zip(("zuoye-1:8000", "zuoye-2:8000"), servers, strict=True),
        ("listen 80;", listen),
    ):
        assert out.count(example) == 1, f"the template no longer holds {example!r} once"
        out = out.replace(example, real)
    return out


# What the test adds around the template: what /etc/nginx/nginx.conf gives it on a machine (a pid
# file, logs, temp paths; here all in a temporary directory), and a log of which server answered.
MAIN = """\
{user}worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    log_format upstreams '$request_id $request_method $uri $status $upstream_addr';
    access_log {dir}/access.log upstreams;
{site}
}}
"""


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[str]
    log: Path

    def kill(self) -> None:
        """The machine dies: the supervisor and its workers, at once."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)


@dataclass
class Fleet:
    balancer: str
    servers: list[Server]
    access_log: Path
    redis: RedisServer

    def upstream(self, request_id: str, *, wait: float = 5) -> str:
        """The server (host:port) nginx sent this request to, from its access log (written when
        the request ends)."""
        deadline = time.monotonic() + wait
        while True:
            for line in self.access_log.read_text().splitlines():
                if line.startswith(request_id + " "):
                    return line.split()[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"nginx logged no request {request_id}")
            time.sleep(0.05)


Tab = Callable[..., httpx.Client]


@pytest.fixture
def tab(fleet: Fleet) -> Iterator[Tab]:
    """`tab(user="student")`: a browser tab, with its own login session (a cookie), through the
    balancer."""
    opened: list[httpx.Client] = []

    def open_tab(user: str = "student") -> httpx.Client:
        client = httpx.Client(base_url=fleet.balancer, headers=CSRF, timeout=30)
        opened.append(client)
        response = client.post("/api/login", json={"name": user, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return client

    yield open_tab
    for client in opened:
        client.close()


def _serve(home: Path, env: dict[str, str]) -> Server:
    """Start `zuoye serve --workers 2`; back once it printed its URL (it has migrated the database)."""
    home.mkdir()
    # a short lease, so that a dead writer's turn is closed in seconds (renewed every second)
    (home / "config.toml").write_text("turn_lease_seconds = 3\n", encoding="utf-8")
    log = home / "serve.log"
    with log.open("w") as errors:  # a file: a pipe nobody reads would fill up and stop the server
        proc = subprocess.Popen(
            [*ZUOYE, "serve", "--port", "0", "--workers", "2", "--multi-user", "--proxy-headers"],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=env | {"ZUOYE_HOME": str(home)},
            start_new_session=True,  # its own process group, to kill -9 it with its workers
        )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), log.read_text()
    return Server(url, proc, log)


def _ready(server: Server) -> None:
    for _ in range(600):
        try:
            if httpx.get(f"{server.url}/readyz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"zuoye serve is not ready: {server.log.read_text()[-2000:]}")


def _nginx(workdir: Path, servers: list[Server]) -> tuple[subprocess.Popen[bytes], str, Path]:
    required = os.environ.get("ZUOYE_TEST_NGINX")
    binary = required or shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        if required:
            pytest.fail(f"ZUOYE_TEST_NGINX={required} does not exist")
        pytest.skip("nginx is not installed (./dev test installs it)")
    port = _free_port()
    site = render(
        TEMPLATE.read_text(encoding="utf-8"),
        [s.url.removeprefix("http://") for s in servers],
        f"listen 127.0.0.1:{port};",
    )
    # as root, nginx's workers would otherwise run as nobody, who cannot enter pytest's temp dirs
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = workdir / "nginx.conf"
    conf.write_text(MAIN.format(user=user, dir=workdir, site=site), encoding="utf-8")
    errors = workdir / "error.log"
    proc = subprocess.Popen(
        [binary, "-p", str(workdir), "-c", str(conf), "-e", str(errors), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # it says everything in error.log
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{url}/livez", timeout=5).status_code == 200:
                return proc, url, workdir / "access.log"
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"nginx did not start: {errors.read_text() if errors.exists() else ''}")
        time.sleep(0.05)
    raise RuntimeError("nginx did not answer")


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    base = _postgres_url()
    name = f"zuoye_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{base.rpartition('/')[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def fleet(
    tmp_path_factory: pytest.TempPathFactory, database: str, redis_server: RedisServer
) -> Iterator[Fleet]:
    import redis

    if redis_server.process is None:
        redis_server.start()
    redis.Redis.from_url(redis_server.url).flushall()
    scenario = {
        "rules": [
            {"match": "长故事", "reply": {"result": LONG_STORY}, "delay_ms": 100},
            {"match": "故事", "reply": {"result": STORY}, "delay_ms": 60},
        ]
    }
    top = tmp_path_factory.mktemp("balancer")
    with running_emulator(scenario=scenario) as emulator:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
        env |= {
            "QIANFAN_AK": "test-ak",
            "QIANFAN_SK": "test-sk",
            "QIANFAN_BASE_URL": emulator,
            "ZUOYE_DATABASE_URL": database,
            "ZUOYE_REDIS_URL": redis_server.url,
        }
        servers: list[Server] = []
        nginx = None
        try:
            # the second once the first has migrated the fresh database
            servers += [_serve(top / f"server-{i}", env) for i in (1, 2)]
            for server in servers:
                _ready(server)
            for name, quota in (("student", "0"), ("racer", "3")):  # 0: no limit
                done = subprocess.run(
                    [*ZUOYE, "users", "add", name, "--password-stdin", "--daily-quota", quota],
                    input=PASSWORD + "\n",
                    env=env | {"ZUOYE_HOME": str(top / "server-1")},
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                assert done.returncode == 0, done.stderr
            (top / "nginx").mkdir()
            nginx, balancer, access_log = _nginx(top / "nginx", servers)
            yield Fleet(balancer, servers, access_log, redis_server)
        finally:
            if nginx is not None:
                nginx.send_signal(signal.SIGQUIT)
                try:
                    nginx.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    nginx.kill()
                    nginx.wait()
            for server in servers:
                if server.proc.poll() is None:
                    server.proc.terminate()
                    try:
                        server.proc.wait(timeout=15)
                    except subprocess.TimeoutExpired:
                        server.kill()
                if server.proc.stdout is not None:
                    server.proc.stdout.close()


Event = tuple[str | None, str, dict[str, Any]]


def _events(lines: Iterator[str], *, until_deltas: int | None = None) -> list[Event]:
    out: list[Event] = []
    event_id, name, deltas = None, "", 0
    for line in lines:
        if line.startswith("id:"):
            event_id = line[3:].strip()
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            out.append((event_id, name, json.loads(line[5:])))
            deltas += name == "delta" and bool(out[-1][2]["text"])
            if until_deltas is not None and deltas >= until_deltas:
                break
    return out


def _text(events: list[Event]) -> str:
    return "".join(d["text"] for _, name, d in events if name == "delta")


def _ask(page: httpx.Client, question: str, **body: Any) -> tuple[list[Event], str]:
    """Ask and read the whole answer; the events and nginx's request id."""
    with page.stream("POST", "/api/ask", json={"question": question, **body}) as r:
        assert r.status_code == 200, r.read()
        return _events(r.iter_lines()), r.headers["x-request-id"]


def test_the_readme_shows_the_balancer_configuration_the_tests_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert TEMPLATE.read_text(encoding="utf-8").strip() in readme


def test_a_stop_through_the_balancer_stops_an_answer_written_by_another_server(
    fleet: Fleet, tab: Tab
) -> None:
    page, other_tab = tab(), tab()
    crossed = 0
    for _ in range(2):  # round robin: the stop goes to the other server, as the log shows
        with page.stream("POST", "/api/ask", json={"question": "讲一个长故事"}) as r:
            asked = r.headers["x-request-id"]
            lines = r.iter_lines()
            first = _events(lines, until_deltas=3)
            cid = first[0][2]["conversation_id"]
            began = time.monotonic()
            stop = other_tab.post(f"/api/conversations/{cid}/stop")
            took = time.monotonic() - began
            rest = _events(lines)
        assert stop.status_code == 200 and stop.json()["stopped"] is True, stop.text
        assert took < 2
        assert rest[-1][1] == "done"
        turn = page.get(f"/api/conversations/{cid}").json()["turns"][-1]
        assert turn["status"] == "incomplete" and turn["answer"] == rest[-1][2]["turn"]["answer"]
        assert (_text(first) + _text(rest)).startswith(turn["answer"])
        assert 0 < len(turn["answer"]) < len(LONG_STORY) / 2
        crossed += fleet.upstream(asked) != fleet.upstream(stop.headers["x-request-id"])
    assert crossed >= 1


def test_reconnects_through_the_balancer_continue_the_answer_with_no_gap_and_no_repeat(
    fleet: Fleet, tab: Tab
) -> None:
    page = tab()
    pieces: list[list[Event]] = []
    with page.stream("POST", "/api/ask", json={"question": "讲一个故事"}) as r:
        pieces.append(_events(r.iter_lines(), until_deltas=3))
        upstreams = [r.headers["x-request-id"]]
    cid = pieces[0][0][2]["conversation_id"]
    # the page drops and comes back every few sentences; each time the balancer picks a server
    while pieces[-1][-1][1] != "done":
        last_id = pieces[-1][-1][0]
        assert last_id is not None
        with page.stream(
            "GET", f"/api/conversations/{cid}/events", headers={"Last-Event-ID": last_id}, timeout=60
        ) as r:
            assert r.status_code == 200
            pieces.append(_events(r.iter_lines(), until_deltas=8))
            upstreams.append(r.headers["x-request-id"])
    assert len(pieces) >= 3
    events = [e for piece in pieces for e in piece]
    done = events[-1][2]["turn"]
    assert done["status"] == "complete" and _text(events) == STORY == done["answer"]  # no gap, no repeat
    ids = [int(i.split("-")[1]) for i, _, _ in events if i]
    assert ids == list(range(1, len(ids) + 1))
    assert len({fleet.upstream(u) for u in upstreams}) == 2  # read from both servers


def test_two_tabs_cannot_run_two_answers_in_one_conversation(tab: Tab) -> None:
    tabs = [tab(), tab()]
    cid = tabs[0].post("/api/conversations", json={}).json()["id"]
    statuses: list[int] = []
    gate = threading.Barrier(2)

    def press_enter(page: httpx.Client) -> None:
        gate.wait()
        with page.stream("POST", "/api/ask", json={"question": "讲一个长故事", "conversation_id": cid}) as r:
            statuses.append(r.status_code)
            if r.status_code == 200:
                _events(r.iter_lines(), until_deltas=1)
                page.post(f"/api/conversations/{cid}/stop")
            else:
                refusal = json.loads(r.read())
                assert refusal["error"]["code"] == "busy", refusal

    threads = [threading.Thread(target=press_enter, args=(page,)) for page in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(statuses) == [200, 409]
    assert len(tabs[0].get(f"/api/conversations/{cid}").json()["turns"]) == 1


def test_tabs_racing_for_the_last_questions_of_a_daily_quota_of_3_get_3(tab: Tab) -> None:
    tabs = [tab("racer") for _ in range(8)]
    statuses: list[int] = []
    gate = threading.Barrier(len(tabs))

    def press_enter(page: httpx.Client) -> None:
        gate.wait()
        r = page.post("/api/ask", json={"question": "你好", "stream": False})
        statuses.append(r.status_code)

    threads = [threading.Thread(target=press_enter, args=(page,)) for page in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(statuses) == [200] * 3 + [429] * 5
    me = tabs[0].get("/api/me").json()
    assert me["quota"]["used"] == 3
    assert len(tabs[0].get("/api/conversations").json()) == 3


def _health(url: str) -> str:
    try:
        return str(httpx.get(f"{url}/api/health", timeout=5).json()["status"])
    except httpx.HTTPError:
        return "unreachable"


def test_redis_restarted_mid_load_loses_no_answer_and_the_service_is_back_in_seconds(
    fleet: Fleet, tab: Tab
) -> None:
    results: dict[str, list[Event]] = {}
    failures: list[str] = []

    def student(k: int) -> None:
        try:
            events, _ = _ask(tab(), f"讲一个故事（{k}）")
            results[str(k)] = events
        except Exception as exc:  # reported below with the student's number
            failures.append(f"{k}: {type(exc).__name__}: {exc}")

    before = [threading.Thread(target=student, args=(k,)) for k in range(6)]
    for t in before:
        t.start()
    time.sleep(1.0)  # all six are streaming
    fleet.redis.stop()
    try:
        during = [threading.Thread(target=student, args=(k,)) for k in range(6, 9)]
        for t in during:
            t.start()
        deadline = time.monotonic() + 10
        while "degraded" not in {_health(s.url) for s in fleet.servers} and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _health(fleet.balancer) == "degraded"
        for t in during:
            t.join(timeout=30)
    finally:
        fleet.redis.start()
    back = time.monotonic()
    # every process (4 of them, behind 2 addresses) says ok again
    while time.monotonic() - back < 10:
        if all(_health(s.url) == "ok" for s in fleet.servers for _ in range(6)):
            break
        time.sleep(0.1)
    took = time.monotonic() - back
    assert took < 5, took
    after = [threading.Thread(target=student, args=(k,)) for k in range(9, 12)]
    for t in after:
        t.start()
    for t in before + after:
        t.join(timeout=30)
    assert not failures, failures
    assert sorted(results, key=int) == [str(k) for k in range(12)]
    page = tab()
    for k, events in results.items():
        assert events[-1][1] == "done", (k, events[-3:])
        cid = events[-1][2]["conversation_id"]
        [turn] = page.get(f"/api/conversations/{cid}").json()["turns"]
        assert (turn["status"], turn["answer"]) == ("complete", STORY), k  # saved, whole


def _running(server: Server) -> float:
    found = re.search(r"^zuoye_answers_running (\S+)$", httpx.get(f"{server.url}/metrics").text, re.M)
    return float(found.group(1)) if found else 0.0


def test_kill_9_of_the_writing_server_leaves_the_turn_saved_and_closed_as_interrupted(
    fleet: Fleet, tab: Tab
) -> None:
    page = tab()
    with page.stream("POST", "/api/ask", json={"question": "讲一个长故事"}) as r:
        first = _events(r.iter_lines(), until_deltas=18)  # ~1.8 s: past a partial save
    cid = first[0][2]["conversation_id"]
    [writer] = [s for s in fleet.servers if _running(s) > 0]
    writer.kill()
    # the page reconnects through the balancer, which finds the other server
    began = time.monotonic()
    with page.stream(
        "GET", f"/api/conversations/{cid}/events", headers={"Last-Event-ID": first[-1][0] or ""}, timeout=60
    ) as r:
        assert r.status_code == 200
        rest = _events(r.iter_lines())
    done = rest[-1]
    assert done[1] == "done"
    assert time.monotonic() - began < 10  # the lease (3 s) and a sweep: no hang
    turn = done[2]["turn"]
    assert (turn["status"], turn["error"]) == ("incomplete", "interrupted")
    assert turn["answer"] and (_text(first) + _text(rest)).startswith(turn["answer"])
    conversation = page.get(f"/api/conversations/{cid}").json()
    assert conversation["running"] is False and conversation["turns"][-1]["answer"] == turn["answer"]
