"""Who may read a conversation: its owner, and in multi-user mode a teacher or parent linked to
the owner (read only: asking, stopping, regenerating and deleting stay the owner's)."""

from __future__ import annotations

from zuoye.store import Conversation
from zuoye.web._state import AppState, Principal


async def reads_as_guardian(state: AppState, principal: Principal, conv: Conversation) -> bool:
    """Whether `principal` reads `conv` as the owner's teacher or parent (False for the owner)."""
    if conv.user_id == principal.id or not (principal.is_guardian and state.multi_user):
        return False
    return await state.store.call(
        state.accounts.is_guardian_of, guardian_id=principal.id, student_id=conv.user_id
    )


async def may_read(state: AppState, principal: Principal, conv: Conversation) -> bool:
    return conv.user_id == principal.id or await reads_as_guardian(state, principal, conv)
