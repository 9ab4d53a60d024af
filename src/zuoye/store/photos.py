"""Photos of questions, table `photos` (migration 0010): the picture a question was read from stays
with the question in the conversation, after a reload too, so the student can look back at it.

A photo is stored when it is read (`POST /api/photo`), unattached, and attached to the turn its
question started (`POST /api/ask` with its id). It goes with its turn (a foreign key that cascades,
so deleting the conversation deletes it); one never sent is removed the next time its owner sends
a photo, a day later. Only the owner (and, through the conversation, a linked teacher or parent)
reads it. Every function is its own transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from zuoye.store.repo import Store
from zuoye.store.tables import Base, utcnow

# A photo read but never sent is kept this long (the student may still be checking the reading).
UNSENT_KEPT = timedelta(days=1)
# And at most this many per student: reading photos over and over must not fill the server's disk
# within the day. The newest are kept (the one being checked now). Each is the small copy the web
# route makes (zuoye.ocr.kept_copy: a JPEG of at most 2000 px, a few hundred KB, without EXIF),
# not the upload (up to 10 MB).
MAX_UNSENT = 20


class PhotoRow(Base):
    __tablename__ = "photos"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    turn_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("turns.id", ondelete="CASCADE"), default=None, index=True
    )
    media_type: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Photo:
    id: str
    user_id: str
    turn_id: int | None
    media_type: str
    data: bytes


def add_photo(store: Store, *, user_id: str, media_type: str, data: bytes) -> str:
    """Store a photo just read, unattached; its id. The same owner's unsent photos older than
    UNSENT_KEPT, and all but the newest MAX_UNSENT - 1, go in the same transaction."""
    photo_id = uuid.uuid4().hex
    unsent = (PhotoRow.user_id == user_id) & PhotoRow.turn_id.is_(None)
    with store.session() as s:
        s.execute(delete(PhotoRow).where(unsent, PhotoRow.created_at < utcnow() - UNSENT_KEPT))
        newest = select(PhotoRow.id).where(unsent).order_by(PhotoRow.created_at.desc()).limit(MAX_UNSENT - 1)
        s.execute(delete(PhotoRow).where(unsent, PhotoRow.id.not_in(newest.scalar_subquery())))
        s.add(PhotoRow(id=photo_id, user_id=user_id, media_type=media_type, data=data))
    return photo_id


def unsent_photo(store: Store, *, photo_id: str, user_id: str) -> bool:
    """Whether `photo_id` is this user's and not yet sent with a question."""
    with store.session() as s:
        found = s.scalar(
            select(PhotoRow.id).where(
                PhotoRow.id == photo_id, PhotoRow.user_id == user_id, PhotoRow.turn_id.is_(None)
            )
        )
    return found is not None


def attach_photo(store: Store, *, photo_id: str, user_id: str, turn_id: int) -> None:
    with store.session() as s:
        s.execute(
            update(PhotoRow)
            .where(PhotoRow.id == photo_id, PhotoRow.user_id == user_id, PhotoRow.turn_id.is_(None))
            .values(turn_id=turn_id)
        )


def get_photo(store: Store, *, photo_id: str) -> Photo | None:
    with store.session() as s:
        row = s.get(PhotoRow, photo_id)
        if row is None:
            return None
        return Photo(row.id, row.user_id, row.turn_id, row.media_type, row.data)


def turn_photos(store: Store, *, turn_ids: list[int]) -> dict[int, str]:
    """The photo of each of these turns that has one: turn id → photo id."""
    if not turn_ids:
        return {}
    with store.session() as s:
        rows = s.execute(select(PhotoRow.turn_id, PhotoRow.id).where(PhotoRow.turn_id.in_(turn_ids)))
        return {turn_id: photo_id for turn_id, photo_id in rows if turn_id is not None}
