"""Registration and calls through a real Kamailio registrar with digest auth (tests/kamailio/)."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import pytest

from app.telephony.config import AccountSpec, Transport
from app.telephony.events import CallEvent, CallState, EndReason, RegistrationEvent, RegState
from tests.integration.kamailio import DOMAIN, Kamailio, password, running_kamailio
from tests.support import WAIT, Driver, running_engine

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path



@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    with running_kamailio(tmp_path / "kamailio") as kam:
        yield kam


def account(kam: Kamailio, user: str, name: str | None = None, **overrides: object) -> AccountSpec:
    fields: dict[str, object] = {
        "name": name or user, "server": kam.server, "user": user, "domain": DOMAIN,
        "display_name": user.title(), "probe_interval": 1.0,
    }
    fields.update(overrides)
    return AccountSpec(**fields)  # type: ignore[arg-type]


def reg(driver: Driver, name: str, state: RegState, after: int = 0,
        timeout: float = WAIT) -> RegistrationEvent:
    return driver.wait_event(RegistrationEvent, lambda e: e.account == name and e.state is state,
                             timeout=timeout, after=after)


def rings(driver: Driver, after: int = 0) -> bool:
    return any(isinstance(e, CallEvent) and e.state is CallState.INCOMING
               for e in driver.events[after:])


def pump_all(drivers: tuple[Driver, ...], done: Callable[[], object],
             timeout: float = WAIT, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not done():
        for driver in drivers:
            driver.engine.pump(5)
        if time.monotonic() > deadline:
            tails = {id(d): d.events[-5:] for d in drivers}
            raise AssertionError(f"timed out waiting for {what}: {tails}")


def test_register_refresh_state_and_unregister(kamailio: Kamailio) -> None:
    with running_engine() as alice:
        alice.engine.add_account(account(kamailio, "alice"), password("alice"))
        first = alice.wait_event(RegistrationEvent, lambda e: e.account == "alice")
        assert first.state is RegState.REGISTERING
        registered = reg(alice, "alice", RegState.REGISTERED)
        assert registered.status_code == 200
        assert 0 < registered.expires <= 300
        assert alice.engine.registration("alice") is RegState.REGISTERED

        mark = len(alice.events)
        alice.engine.unregister("alice")
        gone = reg(alice, "alice", RegState.UNREGISTERED, after=mark)
        assert gone.status_code == 200
        assert alice.engine.registration("alice") is RegState.UNREGISTERED

        mark = len(alice.events)
        alice.engine.register("alice")
        reg(alice, "alice", RegState.REGISTERED, after=mark)


def test_wrong_password_is_a_clear_failure_without_retries(kamailio: Kamailio) -> None:
    with running_engine() as alice:
        alice.engine.add_account(account(kamailio, "alice"), "not-the-password")
        failed = reg(alice, "alice", RegState.FAILED)
        assert failed.status_code == 401
        assert failed.retry_in == 0
        # Retrying a wrong password only gets an account locked: nothing more is sent. Watch
        # for longer than the first back-off step (1 s +20 %) to see that no retry comes.
        mark = len(alice.events)
        end = time.monotonic() + 2.5
        while time.monotonic() < end:
            alice.engine.pump(20)
        assert [e for e in alice.events[mark:] if isinstance(e, RegistrationEvent)] == []
        assert alice.engine.registration("alice") is RegState.FAILED

        # The user fixes the password: the account registers.
        alice.engine.remove_account("alice")
        mark = len(alice.events)
        alice.engine.add_account(account(kamailio, "alice"), password("alice"))
        reg(alice, "alice", RegState.REGISTERED, after=mark)


def test_unknown_user_fails(kamailio: Kamailio) -> None:
    with running_engine() as mallory:
        mallory.engine.add_account(account(kamailio, "mallory"), "guess")
        assert reg(mallory, "mallory", RegState.FAILED).status_code == 401


def test_several_accounts_in_one_engine(kamailio: Kamailio) -> None:
    with running_engine() as desk:
        desk.engine.add_account(account(kamailio, "alice"), password("alice"))
        desk.engine.add_account(account(kamailio, "carol"), password("carol"))
        reg(desk, "alice", RegState.REGISTERED)
        reg(desk, "carol", RegState.REGISTERED)
        assert sorted(desk.engine.accounts()) == ["alice", "carol"]


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_call_between_two_registered_engines(kamailio: Kamailio, transport: str) -> None:

    kind: Transport = Transport(transport)
    with running_engine() as alice, running_engine(isolated=True) as bob:
        alice.engine.add_account(account(kamailio, "alice", transport=kind), password("alice"))
        bob.engine.add_account(account(kamailio, "bob", transport=kind), password("bob"))
        pump_all((alice, bob), lambda: alice.engine.registration("alice") is RegState.REGISTERED
                 and bob.engine.registration("bob") is RegState.REGISTERED, what="registered")

        # A bare number goes to number@account-domain, through the registrar (digest again).
        call_id = alice.engine.make_call("bob", account="alice", headers={"X-Case": "SR-1042"})
        pump_all((alice, bob), lambda: rings(bob), what="bob rings")
        incoming = bob.wait_call(CallState.INCOMING)
        assert incoming.account == "bob"
        assert incoming.remote.user == "alice"
        assert incoming.remote.display_name == "Alice"
        assert incoming.headers.get("X-Case") == "SR-1042"
        bob.engine.answer(incoming.call_id)
        pump_all((alice, bob), lambda: any(e.state is CallState.ACTIVE
                                          for e in alice.calls(call_id)), what="alice active")
        bob.wait_call(CallState.ACTIVE, incoming.call_id)

        bob.engine.hangup(incoming.call_id)
        pump_all((alice, bob), lambda: any(e.state is CallState.ENDED
                                          for e in alice.calls(call_id)), what="alice ended")
        assert alice.calls(call_id)[-1].end_reason is EndReason.REMOTE_HANGUP


def test_registrar_killed_and_restarted(kamailio: Kamailio) -> None:
    # The product's own probe interval (5 s), not a test-speed one: the 10 s promise below is
    # about what an agent gets out of the box.
    default_probe = AccountSpec(name="x", server="x", user="x").probe_interval
    with running_engine() as alice, running_engine(isolated=True) as bob:
        alice.engine.add_account(account(kamailio, "alice", probe_interval=default_probe),
                                 password("alice"))
        bob.engine.add_account(account(kamailio, "bob", probe_interval=default_probe),
                               password("bob"))
        pump_all((alice, bob), lambda: alice.engine.registration("alice") is RegState.REGISTERED
                 and bob.engine.registration("bob") is RegState.REGISTERED, what="registered")

        mark = len(alice.events)
        kamailio.kill()
        # The probe notices: the agent sees "registrar unreachable", not a stale "registered".
        lost = reg(alice, "alice", RegState.UNREACHABLE, after=mark)
        assert lost.reason

        mark_alice, mark_bob = len(alice.events), len(bob.events)
        kamailio.start()  # an empty location table: every binding is forgotten
        # Within 10 s of the restart both are registered again, without anyone's help.
        deadline = 10.0
        pump_all((alice, bob), lambda: any(
            isinstance(e, RegistrationEvent) and e.state is RegState.REGISTERED
            for e in alice.events[mark_alice:]) and any(
            isinstance(e, RegistrationEvent) and e.state is RegState.REGISTERED
            for e in bob.events[mark_bob:]), timeout=deadline, what="registered again")

        # And the next call reaches alice through the restarted registrar.
        bob.engine.make_call("alice", account="bob")
        pump_all((alice, bob), lambda: rings(alice, mark_alice), what="alice rings")
        ringing = alice.wait_call(CallState.INCOMING, after=mark_alice)
        assert ringing.remote.user == "bob"
        alice.engine.reject(ringing.call_id, 486)
        alice.wait_call(CallState.ENDED, ringing.call_id)


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_registrar_down_at_start(tmp_path: Path, transport: str) -> None:
    kam = Kamailio(tmp_path / "kamailio")  # not started yet
    try:
        with running_engine() as alice:
            spec = account(kam, "alice", transport=Transport(transport))
            alice.engine.add_account(spec, password("alice"))
            # Shown at once by the probe, not after the REGISTER's 32 s transaction timeout
            # (UDP gives no other sign): WAIT is shorter than that.
            down = reg(alice, "alice", RegState.UNREACHABLE)
            assert down.status_code == 408
            kam.start()
            reg(alice, "alice", RegState.REGISTERED, after=alice.events.index(down) + 1)
    finally:
        kam.stop()


def test_refusing_registrar_is_retried_with_growing_backoff(kamailio: Kamailio) -> None:
    with running_engine() as desk:
        desk.engine.add_account(account(kamailio, "overloaded"), "whatever")
        first = reg(desk, "overloaded", RegState.RETRYING)
        second = reg(desk, "overloaded", RegState.RETRYING, after=desk.events.index(first) + 1)
        assert first.status_code == second.status_code == 503
        assert "Service Unavailable" in first.reason
        assert second.retry_in > first.retry_in  # 1 s, 2 s, 4 s ... up to 60 s, with jitter
        between = desk.events[desk.events.index(first) + 1:desk.events.index(second)]
        assert [e.state for e in between if isinstance(e, RegistrationEvent)] == [
            RegState.REGISTERING]


def test_network_change_re_registers(kamailio: Kamailio) -> None:
    with running_engine() as alice:
        alice.engine.add_account(account(kamailio, "alice"), password("alice"))
        reg(alice, "alice", RegState.REGISTERED)
        mark = len(alice.events)
        alice.engine.network_changed("test")
        again = reg(alice, "alice", RegState.REGISTERED, after=mark)
        assert again.status_code == 200



def test_sip_trace_never_shows_credentials(kamailio: Kamailio,
                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="caseline.sip")
    with running_engine(sip_trace=True) as alice, running_engine(isolated=True) as bob:
        alice.engine.add_account(account(kamailio, "alice"), password("alice"))
        bob.engine.add_account(account(kamailio, "bob"), password("bob"))
        pump_all((alice, bob), lambda: alice.engine.registration("alice") is RegState.REGISTERED
                 and bob.engine.registration("bob") is RegState.REGISTERED, what="registered")
        call_id = alice.engine.make_call("bob", account="alice")  # INVITE: 407, then again
        pump_all((alice, bob), lambda: rings(bob), what="bob rings")
        alice.engine.hangup(call_id)
        alice.wait_call(CallState.ENDED, call_id)
    trace = "\n".join(r.getMessage() for r in caplog.records if r.name == "caseline.sip")
    assert "REGISTER sip:" in trace  # the trace is there ...
    assert "WWW-Authenticate: Digest" in trace
    assert "Proxy-Authenticate: Digest" in trace
    assert "Authorization: <redacted>" in trace  # ... with both answers to the challenges
    assert "Proxy-Authorization: <redacted>" in trace
    assert "Digest username" not in trace and "response=" not in trace
    assert password("alice") not in trace
