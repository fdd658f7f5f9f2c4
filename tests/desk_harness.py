"""A Desk driven by the engine's real event dataclasses, built here instead of by a SIP stack,
on a real store and its writer thread: for the tests of what the store side does."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from app.orchestration.desk import Desk, DeskEvent, Refuse
from app.telephony.events import CallEvent, CallState, Direction, RemoteParty

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.cases.store import Store


class Harness:
    def __init__(self, store: Store, identity: str = "sato@caseline.test",
                 **options: Any) -> None:
        options.setdefault("wrap_up_seconds", 0)
        self.desk = Desk(store, agent_identity=identity, **options)
        self.events: list[DeskEvent] = []
        self.desk.subscribe(self.events.append)

    def wait(self, match: Callable[[Any], bool], what: str) -> Any:
        deadline = time.monotonic() + 15
        while True:
            self.desk.pump()
            for event in self.events:
                if match(event):
                    return event
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what}: {self.events[-5:]}")
            time.sleep(0.005)  # the writer thread works meanwhile; the loop ends on the event

    def call(self, call_id: str, state: CallState, direction: Direction = Direction.INBOUND,
             **extra: Any) -> Refuse | None:
        """The engine's event; what the Desk answers (a call it refuses) is returned."""
        remote = RemoteParty("sip:0312345678@10.0.0.1", "Yamada", "0312345678")
        return self.desk.on_event(CallEvent(call_id, state, direction, "work", remote,
                                     sip_call_id=f"{call_id}@pbx", **extra))

    def crash(self) -> None:
        """Stop the writer as a killed process would: what is queued is written, nothing is
        settled or closed."""
        self.desk.worker.stop()
        self.desk._checkpointer.stop()  # the test stands in for the dying process
        self.desk.owner.release(remove=False)  # the kernel drops a dead process's lock
