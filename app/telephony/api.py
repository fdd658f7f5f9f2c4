"""What the rest of the application may ask of a telephony engine.

PjsuaEngine (in this process) and IsolatedEngine (in a supervised child process) both satisfy
this Protocol; orchestration and the UI depend on it, not on either class.

The engine's command set is declared here once: each method marked ``@command`` is a command.
From that list the engine process takes what it obeys (app.telephony.worker), IsolatedEngine
its forwarding, and the headless agent its JSON commands (app.cli.agent); the desktop reaches
every command through ``Phone.call``. A new command is one method here and its implementation
in PjsuaEngine.
"""

from __future__ import annotations

import enum
import inspect
import logging
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from app.telephony.config import AccountSpec  # noqa: TC001 - get_type_hints needs it
from app.telephony.events import CallEvent, DtmfMethod, Event, MonitorMode, RegState

if TYPE_CHECKING:
    from collections import deque


log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def dispatch(queue: deque[Event], listeners: list[Callable[[Event], None]]) -> None:
    """Deliver queued events in order; a failing listener is logged and the rest still hear."""
    while queue:
        event = queue.popleft()
        for listener in list(listeners):
            try:
                listener(event)
            except Exception:
                log.exception("event listener failed on %s", type(event).__name__)


@dataclass(frozen=True)
class Command:
    """One engine command, as declared on ``Engine``."""

    name: str  # the engine's method
    agent: str | None = None  # its name in the headless agent's JSON (None: not offered there)
    # JSON key -> parameter, where the agent's older spelling differs ("target" for dial)
    agent_keys: Mapping[str, str] = field(default_factory=dict)
    params: tuple[str, ...] = ()
    # parameters the agent converts from JSON text (an enum from its value)
    conversions: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)

    def agent_arguments(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """The keyword arguments for this command from an agent's JSON request."""
        keys = {param: param for param in self.params} | dict(self.agent_keys)
        args: dict[str, Any] = {}
        for key, param in keys.items():
            if key in request:
                value = request[key]
                convert = self.conversions.get(param)
                args[param] = convert(value) if convert is not None else value
        return args


def command(*, agent: str | None = None, **agent_keys: str) -> Callable[[F], F]:
    """Mark an ``Engine`` method as a command; ``agent``: its name in the agent's JSON;
    ``agent_keys``: param=json_key where the JSON spells a parameter differently."""

    def mark(method: F) -> F:
        method.__engine_command__ = (agent, {key: param for param, key in agent_keys.items()})  # type: ignore[attr-defined]
        return method

    return mark


class Engine(Protocol):
    local_port: int

    @property
    def running(self) -> bool: ...

    def subscribe(self, listener: Callable[[Event], None]) -> None: ...
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def pump(self, timeout_ms: int = 10) -> None: ...
    def wake(self) -> None: ...  # any thread: a waiting pump() returns at once

    # -- the commands ------------------------------------------------------------------

    @command()
    def add_account(self, spec: AccountSpec, password: str | None,
                    turn_password: str | None = None) -> None: ...
    @command()
    def remove_account(self, name: str) -> None: ...
    @command(agent="register", name="account")
    def register(self, name: str) -> None: ...
    @command(agent="unregister", name="account")
    def unregister(self, name: str) -> None: ...
    @command()
    def registration(self, name: str) -> RegState: ...
    @command()
    def accounts(self) -> list[str]: ...
    @command(agent="network_changed")
    def network_changed(self, why: str = "requested") -> None: ...

    @command(agent="dial", dial="target")
    def make_call(self, dial: str, account: str | None = None,
                  headers: Mapping[str, str] | None = None, call_id: str | None = None) -> str: ...
    @command()
    def refuse_calls(self, code: int = 0) -> None: ...  # new INVITEs get code, never a 180; 0 rings
    @command(agent="answer")
    def answer(self, call_id: str) -> None: ...
    @command(agent="reject")
    def reject(self, call_id: str, code: int | None = None) -> None: ...  # None: decline_code
    @command(agent="hangup")
    def hangup(self, call_id: str) -> None: ...
    @command(agent="hold")
    def hold(self, call_id: str) -> None: ...
    @command(agent="resume")
    def resume(self, call_id: str) -> None: ...
    @command(agent="mute")
    def set_mute(self, call_id: str, muted: bool) -> None: ...
    @command(agent="dtmf")
    def send_dtmf(self, call_id: str, digits: str,
                  method: DtmfMethod = DtmfMethod.RFC4733) -> None: ...
    @command(agent="transfer")
    def transfer(self, call_id: str, target: str) -> None: ...
    # Attended transfer (app.telephony.engine.consult): the caller held while ``target`` is
    # consulted on a call of its own (the id returned); then the caller handed over to it
    # (REFER with Replaces), or back to the caller. ConsultEvents tell each step.
    @command(agent="consult")
    def consult(self, call_id: str, target: str,
                headers: Mapping[str, str] | None = None) -> str: ...
    @command(agent="complete_transfer")
    def complete_transfer(self, call_id: str, consult_id: str) -> None: ...
    @command(agent="cancel_consult")
    def cancel_consult(self, consult_id: str) -> None: ...
    # Three-way conference (app.telephony.engine.conference): an answered consult and its
    # caller mixed together; the agent leaves by handing the caller to the party (REFER with
    # Replaces), or, refused, by bridging the two with the agent's audio off. ConferenceEvents.
    @command(agent="conference")
    def conference(self, call_id: str, consult_id: str) -> None: ...
    @command(agent="leave_conference")
    def leave_conference(self, call_id: str) -> None: ...
    @command()
    def start_recording(self, call_id: str, path: str) -> None: ...
    @command()
    def stop_recording(self, call_id: str) -> None: ...
    @command()
    def play_to_call(self, call_id: str, path: str) -> None: ...
    @command()
    def calls(self) -> list[CallEvent]: ...  # monitoring calls are not among them
    # A leader's monitoring call (app.telephony.engine.monitoring): after its
    # MonitorRequestEvent, mixed into the agent's live call ``target``, or refused.
    @command()
    def accept_monitor(self, call_id: str, target: str, mode: MonitorMode) -> None: ...
    @command()
    def refuse_monitor(self, call_id: str, code: int = 403) -> None: ...
    # Presence (app.telephony.engine.presence): colleagues watched through an account's
    # registrar, instead of its configured ``colleagues``; ColleagueStates tell their lamps.
    @command(agent="watch_colleagues")
    def watch_colleagues(self, account: str, uris: Sequence[str]) -> None: ...
    @command(agent="away")
    def set_away(self, away: bool) -> None: ...  # published while no call is up (a break)


def _declared(protocol: type) -> tuple[Command, ...]:
    hints_ns = {**globals(), **vars(typing)}
    found = []
    for name, member in vars(protocol).items():
        mark = getattr(member, "__engine_command__", None)
        if mark is None:
            continue
        agent, keys = mark
        signature = inspect.signature(member)
        params = tuple(p for p in signature.parameters if p != "self")
        hints = typing.get_type_hints(member, globalns=hints_ns)
        conversions: dict[str, Callable[[Any], Any]] = {
            p: hints[p] for p in params
            if isinstance(hints.get(p), type) and issubclass(hints[p], enum.Enum)
        }
        found.append(Command(name, agent, keys, params, conversions))
    return tuple(found)


COMMANDS: tuple[Command, ...] = _declared(Engine)
COMMAND_NAMES = frozenset(c.name for c in COMMANDS)
