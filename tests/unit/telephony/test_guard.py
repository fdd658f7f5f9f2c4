from __future__ import annotations

from app.telephony.guard import IOQUEUE_SLOTS, SocketBudget


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_quiet_engine_may_release() -> None:
    budget = SocketBudget(fixed=2, max_calls=4, clock=Clock())
    budget.call_started()
    assert budget.may_release(held_after=0)


def test_recently_ended_calls_hold_their_sockets_until_the_free_delay_passes() -> None:
    clock = Clock()
    budget = SocketBudget(fixed=2, max_calls=4, clock=clock)
    for _ in range(26):  # a burst of short calls
        budget.call_started()
        budget.call_ended()
    budget.call_started()  # the next caller
    assert budget.in_use() == 2 + 1 + 2 * 27
    assert not budget.may_release(held_after=0)  # 4 refilled slots would overflow 64
    assert budget.next_change_in() > 0
    clock.now += 0.6
    assert budget.in_use() == 2 + 1 + 2
    assert budget.may_release(held_after=0)


def test_held_slots_cannot_be_refilled() -> None:
    clock = Clock()
    budget = SocketBudget(fixed=2, max_calls=4, clock=clock)
    for _ in range(27):
        budget.call_started()
        budget.call_ended()
    # Three other calls still held unanswered: only one slot may turn over.
    assert budget.in_use() + 2 * 1 <= IOQUEUE_SLOTS
    assert budget.may_release(held_after=3)
    assert not budget.may_release(held_after=0)
