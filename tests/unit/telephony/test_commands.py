"""The engine's command set is declared once (app.telephony.api.Engine) and everything else is
derived from it: the engine process's allow-list, IsolatedEngine's forwarding, the headless
agent's JSON commands. These tests fail when a command is added in one place only."""

from __future__ import annotations

import inspect
from typing import Protocol

from app.cli.agent import COMMANDS as AGENT_COMMANDS
from app.telephony import api, worker
from app.telephony.api import COMMAND_NAMES, COMMANDS, Engine, command
from app.telephony.engine import PjsuaEngine
from app.telephony.events import DtmfMethod
from app.telephony.isolated import IsolatedEngine

LIFECYCLE = {"subscribe", "start", "stop", "pump", "wake", "running"}
NOT_COMMANDS = {"conference_ports"}  # a diagnostic for tests, in-process only


def _public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")} - {"config", "local_port"}


def test_every_public_method_of_the_engine_is_declared_or_known() -> None:
    undeclared = _public(PjsuaEngine) - COMMAND_NAMES - LIFECYCLE - NOT_COMMANDS - {"audio_path"}
    assert undeclared == set(), f"declare these in app.telephony.api.Engine: {undeclared}"


def test_the_engine_implements_each_command_with_the_declared_parameters() -> None:
    for declared in COMMANDS:
        mine = inspect.signature(getattr(PjsuaEngine, declared.name))
        theirs = inspect.signature(getattr(Engine, declared.name))
        assert list(mine.parameters) == list(theirs.parameters), declared.name
        for name, param in theirs.parameters.items():
            assert mine.parameters[name].default == param.default, (declared.name, name)


def test_the_engine_process_obeys_exactly_the_declared_commands() -> None:
    assert COMMAND_NAMES | {"local_port"} == worker.ALLOWED
    assert "stop" not in worker.ALLOWED and "_ep" not in worker.ALLOWED


def test_isolated_engine_offers_every_command() -> None:
    for declared in COMMANDS:
        method = getattr(IsolatedEngine, declared.name, None)
        assert callable(method), declared.name


def test_a_forwarded_command_goes_to_the_child_by_its_name() -> None:
    sent: list[tuple[str, tuple[object, ...]]] = []

    class Recording(IsolatedEngine):
        def _request(self, method: str, *args: object, **kwargs: object) -> object:
            sent.append((method, args))
            return None

    engine = Recording.__new__(Recording)
    engine.hold("c1")
    engine.send_dtmf("c1", "12#", DtmfMethod.SIP_INFO)
    assert sent == [("hold", ("c1",)), ("send_dtmf", ("c1", "12#", DtmfMethod.SIP_INFO))]


def test_the_agent_takes_its_json_names_and_spellings_from_the_declaration() -> None:
    assert {"answer", "reject", "hangup", "hold", "resume", "mute", "dtmf", "transfer", "dial",
            "register", "unregister", "network_changed"} <= set(AGENT_COMMANDS)
    assert "add_account" not in AGENT_COMMANDS  # a password never comes over stdin
    dial = AGENT_COMMANDS["dial"]
    assert dial.name == "make_call"
    assert dial.agent_arguments({"cmd": "dial", "target": "2001", "account": "work"}) == {
        "dial": "2001", "account": "work"}
    request = {"call_id": "c1", "digits": "1", "method": "info"}
    dtmf = AGENT_COMMANDS["dtmf"].agent_arguments(request)
    assert dtmf["method"] is DtmfMethod.SIP_INFO
    assert AGENT_COMMANDS["register"].agent_arguments({"account": "work"}) == {"name": "work"}


def test_a_new_command_is_one_declared_method() -> None:
    class Extended(Protocol):
        @command(agent="park", slot="where")
        def park(self, call_id: str, slot: int = 1) -> None: ...

    (park,) = api._declared(Extended)
    assert (park.name, park.agent, park.params) == ("park", "park", ("call_id", "slot"))
    assert park.agent_arguments({"call_id": "c9", "where": 3}) == {"call_id": "c9", "slot": 3}
