"""The registrar probe in a running engine: one lost probe is not an outage (issue 16, 6)."""

from __future__ import annotations

from app.telephony.config import AccountSpec
from app.telephony.events import RegistrationEvent, RegState
from tests.integration.registrar import Registrar
from tests.support import running_engine


def test_one_lost_probe_keeps_the_account_registered() -> None:
    with Registrar() as registrar, running_engine() as desk:
        desk.engine.add_account(AccountSpec(name="desk", server=f"127.0.0.1:{registrar.port}",
                                            user="desk", probe_interval=0.5), None)
        desk.wait_event(RegistrationEvent, lambda e: e.state is RegState.REGISTERED)
        mark = len(desk.events)
        registrar.drop = 1
        desk.pump_until(registrar.answered_after_drop.is_set, what="a probe answered again")
        states = [e.state for e in desk.events[mark:] if isinstance(e, RegistrationEvent)]
        assert RegState.UNREACHABLE not in states
        assert desk.engine.registration("desk") is RegState.REGISTERED


def test_failures_in_a_row_make_it_unreachable() -> None:
    with Registrar() as registrar, running_engine(probe_failures=2) as desk:
        desk.engine.add_account(AccountSpec(name="desk", server=f"127.0.0.1:{registrar.port}",
                                            user="desk", probe_interval=0.5), None)
        desk.wait_event(RegistrationEvent, lambda e: e.state is RegState.REGISTERED)
        mark = len(desk.events)
        registrar.drop = 2
        lost = desk.wait_event(RegistrationEvent, lambda e: e.state is RegState.UNREACHABLE,
                               after=mark)
        assert registrar.dropped.is_set()  # not before the second lost probe
        assert lost.status_code == 408
        # The next answer registers it again at once.
        desk.wait_event(RegistrationEvent, lambda e: e.state is RegState.REGISTERED,
                        after=desk.events.index(lost) + 1)
