"""Persistence: conversations and their turns, on SQLite (default) or PostgreSQL.

Nothing is lost: the tutor writes the question before calling the model and the answer (or the
partial answer, marked incomplete) when the call ends. Every method is its own short transaction.
"""

from zuoye.store._db import StoreError, make_engine, migrate
from zuoye.store.repo import ConversationBusy, Store, TurnUpdate
from zuoye.store.tables import Conversation, Turn

__all__ = [
    "Conversation",
    "ConversationBusy",
    "Store",
    "StoreError",
    "Turn",
    "TurnUpdate",
    "make_engine",
    "migrate",
]
