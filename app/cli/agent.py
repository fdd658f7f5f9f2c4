"""Headless agent: the engine with no window, one JSON line per event on stdout.

For automation, kiosks and load tests. Commands can be fed as JSON lines on stdin, e.g.
``{"cmd": "answer", "call_id": "c1"}`` or ``{"cmd": "dial", "target": "+81312345678"}``;
each gets a ``{"event": "CommandResult", ...}`` line back.
"""

from __future__ import annotations

import json
import logging
import queue
import signal
import sys
import threading
import uuid
from typing import TYPE_CHECKING, Any, TextIO

from app.telephony.api import COMMANDS as ENGINE_COMMANDS
from app.telephony.api import Command
from app.telephony.events import Event, event_to_dict

if TYPE_CHECKING:
    from app.orchestration.desk import Desk, DeskEvent, Refuse

log = logging.getLogger(__name__)


# The engine's commands offered on stdin, by their JSON names (declared in app.telephony.api).
COMMANDS: dict[str, Command] = {c.agent: c for c in ENGINE_COMMANDS if c.agent}

# Commands for the case side (the Desk), when the agent logs calls.
DESK_COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    # The note typed during a call: a draft until the wrap-up ends, then a note of the SR.
    "note_draft": ("save_note_draft", ("call_id", "text", "language")),
    # The wrap-up as it is being filled in, and its end (Done): disposition and last note.
    "wrap_up": ("wrap_up_changed", ("call_id", "code", "note", "language")),
    "wrap_up_done": ("finish_wrap_up", ("call_id", "code", "note", "language")),
    "disposition": ("set_disposition", ("call_id", "code")),
    "state": ("set_agent_state", ("state", "reason")),
}


class Agent:
    def __init__(self, engine: Any, out: TextIO = sys.stdout, desk: Desk | None = None) -> None:
        self.engine = engine
        self.out = out
        self.desk = desk
        self._commands: queue.Queue[str] = queue.Queue()
        self._refusals: list[Refuse] = []  # calls the desk refused (break, offline), to reject
        self._refusing: int | None = None  # the refuse_calls code the engine has (None: unset)
        self._stop = threading.Event()
        engine.subscribe(self._on_event)
        if desk is not None:
            desk.subscribe(self._on_desk_event)

    def _on_event(self, event: Event) -> None:
        self._print(event_to_dict(event))
        if self.desk is not None and (refuse := self.desk.on_event(event)) is not None:
            self._refusals.append(refuse)  # rejected after the dispatch, not inside it

    def _on_desk_event(self, event: DeskEvent) -> None:
        from app.orchestration.desk import desk_event_to_dict  # noqa: PLC0415 - only with a desk

        self._print(desk_event_to_dict(event))

    def _print(self, data: dict[str, Any]) -> None:
        self.out.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
        self.out.flush()

    def request_stop(self, *_: object) -> None:
        self._stop.set()

    def read_commands(self, stream: TextIO) -> None:
        """Feed stdin lines to the pumping thread (daemon thread: it may block forever)."""

        def reader() -> None:
            for line in stream:
                if line.strip():
                    self._commands.put(line)

        threading.Thread(target=reader, name="agent-stdin", daemon=True).start()

    def run(self) -> int:
        signal.signal(signal.SIGINT, self.request_stop)
        signal.signal(signal.SIGTERM, self.request_stop)
        self.engine.start()
        try:
            while not self._stop.is_set():
                # Shorter waits while the store works: its screen-pop shows sooner.
                self.engine.pump(1 if self.desk is not None and self.desk.busy() else 10)
                self._run_refusals()
                if self.desk is not None:
                    self.desk.pump()
                self._run_commands()
        finally:
            self.engine.stop()
            if self.desk is not None:
                self.desk.pump()  # the calls the stop ended
                self.desk.close()
        return 0

    def _run_refusals(self) -> None:
        # New INVITEs are refused before any 180 exactly while the desk would refuse them.
        code = self.desk.refusal_code() if self.desk is not None else 0
        if code != self._refusing:
            self.engine.refuse_calls(code)
            self._refusing = code
        while self._refusals:
            refuse = self._refusals.pop(0)
            try:
                self.engine.reject(refuse.call_id, refuse.code)
            except Exception as exc:  # the caller gave up first: it is logged missed anyway
                log.info("call %s not refused (%s): %s", refuse.call_id, refuse.reason, exc)

    def _run_commands(self) -> None:
        while True:
            try:
                line = self._commands.get_nowait()
            except queue.Empty:
                return
            self._print(self.execute(line))

    def execute(self, line: str) -> dict[str, Any]:
        target: Any = self.engine
        try:
            request = json.loads(line)
            name = request["cmd"]
            if name in DESK_COMMANDS and self.desk is not None:
                method, params = DESK_COMMANDS[name]
                target = self.desk
                args = {p: request[p] for p in params if p in request}
            else:
                engine_command = COMMANDS[name]
                method = engine_command.name
                args = engine_command.agent_arguments(request)
        except (ValueError, KeyError, TypeError):
            return {"event": "CommandResult", "ok": False, "error": "bad_command",
                    "detail": line.strip()[:200]}
        if name == "dial" and request.get("case") and self.desk is not None:
            # The call is about an SR: its log is bound to it from the first event.
            args["call_id"] = f"dial-{uuid.uuid4().hex[:12]}"
            self.desk.dialling_from_case(args["call_id"], str(request["case"]))
        try:
            result = getattr(target, method)(**args)
        except Exception as exc:  # every failure is reported, none kills the agent
            return {"event": "CommandResult", "cmd": name, "ok": False,
                    "error": getattr(exc, "code", type(exc).__name__), "detail": str(exc)}
        return {"event": "CommandResult", "cmd": name, "ok": True, "result": result}
