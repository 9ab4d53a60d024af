"""The photo a question was read from stays with the question (issue 13 item 11): sent with its id,
it is kept with the turn, the conversation names it after a reload, and only its owner — or a
teacher or parent linked to them — can see it."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy import update

from tests.ocr._images import encode, question
from tests.tutor.fakes import ScriptedModel
from tests.web.conftest import CSRF
from zuoye.store import Store
from zuoye.store.photos import MAX_UNSENT, PhotoRow, add_photo, get_photo
from zuoye.store.tables import utcnow
from zuoye.store.users import Accounts

pytestmark = pytest.mark.anyio
PASSWORD = "long enough"


def _png() -> bytes:
    return encode(question(["解方程 2x+3=7"], size=20))


async def test_a_question_asked_from_a_photo_keeps_it(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    model.replies += ["解：……", "追问的回答。"]
    photo = _png()
    read = (await client.post("/api/photo", files={"file": ("q.png", photo, "image/png")})).json()
    r = await client.post("/api/ask", json={"question": read["text"], "photo_id": read["photo_id"]})
    assert r.status_code == 200, r.text
    cid = (await client.get("/api/conversations")).json()["conversations"][0]["id"]
    await client.post("/api/ask", json={"question": "追问", "conversation_id": cid})
    turns = (await client.get(f"/api/conversations/{cid}")).json()["turns"]
    url = turns[0]["photo_url"]
    assert url == f"/api/photos/{read['photo_id']}" and turns[1]["photo_url"] is None
    got = await client.get(url)
    # the kept copy (a JPEG: tests/web/test_photo_stored.py), the same picture
    assert (
        got.status_code == 200
        and Image.open(io.BytesIO(got.content)).size == Image.open(io.BytesIO(photo)).size
    )
    assert got.headers["content-type"] == "image/jpeg" and "private" in got.headers["cache-control"]
    # a photo goes with one question: sending it again is refused, and says what to do
    again = await client.post("/api/ask", json={"question": "再问", "photo_id": read["photo_id"]})
    assert again.status_code == 404 and "重新拍照" in again.json()["error"]["message"]
    # deleting the conversation deletes the photo with it
    assert (await client.delete(f"/api/conversations/{cid}")).status_code == 204
    assert (await client.get(url)).status_code == 404


async def test_a_photo_is_its_owners_and_their_teachers_only(
    make_app: Any, accounts: Accounts, store: Store, model: ScriptedModel
) -> None:
    made = {
        name: accounts.create_user(name=name, role=role, password=PASSWORD)
        for name, role in [
            ("amy", "student"),
            ("bob", "student"),
            ("teacher", "teacher"),
            ("other", "teacher"),
        ]
    }
    accounts.link(guardian_id=made["teacher"].id, student_id=made["amy"].id)
    app = make_app(multi_user=True, daily_quota=0)
    model.replies += ["解：……"]

    def client(name: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app), base_url="http://testserver", headers=CSRF
        )

    clients = {name: client(name) for name in made}
    try:
        for name, c in clients.items():
            assert (await c.post("/api/login", json={"name": name, "password": PASSWORD})).status_code == 200
        amy = clients["amy"]
        read = (await amy.post("/api/photo", files={"file": ("q.png", _png(), "image/png")})).json()
        # bob cannot send amy's photo with his question, nor see it before it is sent
        bob = clients["bob"]
        stolen = await bob.post("/api/ask", json={"question": "解方程 2x+3=7", "photo_id": read["photo_id"]})
        assert stolen.status_code == 404
        assert (await bob.get(f"/api/photos/{read['photo_id']}")).status_code == 404
        r = await amy.post("/api/ask", json={"question": read["text"], "photo_id": read["photo_id"]})
        assert r.status_code == 200, r.text
        url = f"/api/photos/{read['photo_id']}"
        seen = {name: (await c.get(url)).status_code for name, c in clients.items()}
        assert seen == {"amy": 200, "bob": 404, "teacher": 200, "other": 404}
        cid = (await amy.get("/api/conversations")).json()["conversations"][0]["id"]
        shown = (await clients["teacher"].get(f"/api/conversations/{cid}")).json()["turns"][0]
        assert shown["photo_url"] == url
    finally:
        for c in clients.values():
            await c.aclose()
        await app.state.zuoye.aclose()


def test_photos_never_sent_are_cleared_a_day_later(store: Store) -> None:
    old = add_photo(store, user_id="u", media_type="image/png", data=b"old")
    with store.session() as s:
        s.execute(update(PhotoRow).values(created_at=utcnow() - timedelta(days=2)))
    new = add_photo(store, user_id="u", media_type="image/png", data=b"new")
    assert get_photo(store, photo_id=old) is None
    assert get_photo(store, photo_id=new) is not None


def test_a_student_keeps_at_most_a_few_photos_not_yet_sent(store: Store) -> None:
    # Each upload is bounded (10 MB); so is what one student can leave lying unsent within a day.
    sent = add_photo(store, user_id="u", media_type="image/png", data=b"sent")
    attach = store.start_conversation(user_id="u", question="q", model="m", grade="初中", mode="讲解")
    with store.session() as s:
        s.execute(update(PhotoRow).where(PhotoRow.id == sent).values(turn_id=attach.id))
    other = add_photo(store, user_id="someone else", media_type="image/png", data=b"theirs")
    ids = [
        add_photo(store, user_id="u", media_type="image/png", data=b"%d" % i) for i in range(MAX_UNSENT + 5)
    ]
    kept = [i for i in ids if get_photo(store, photo_id=i) is not None]
    assert kept == ids[-MAX_UNSENT:]  # the newest: the one being checked now among them
    assert get_photo(store, photo_id=sent) is not None and get_photo(store, photo_id=other) is not None


async def test_a_question_answered_again_keeps_its_photo(
    client: httpx.AsyncClient, model: ScriptedModel
) -> None:
    # the page shows the versions of an answer under the newest one's question: it has the photo too
    model.replies += ["解：……", "再解一次：……"]
    read = (await client.post("/api/photo", files={"file": ("q.png", _png(), "image/png")})).json()
    await client.post("/api/ask", json={"question": read["text"], "photo_id": read["photo_id"]})
    cid = (await client.get("/api/conversations")).json()["conversations"][0]["id"]
    r = await client.post(f"/api/conversations/{cid}/regenerate", json={})
    assert r.status_code == 200, r.text
    old, newer = (await client.get(f"/api/conversations/{cid}")).json()["turns"]
    assert old["regenerated"] and old["photo_url"] == newer["photo_url"] == f"/api/photos/{read['photo_id']}"
    assert (await client.get(newer["photo_url"])).status_code == 200
