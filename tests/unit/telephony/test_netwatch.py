from __future__ import annotations

import threading
from concurrent.futures import Executor, Future
from typing import Any

from app.telephony.netwatch import NetworkWatch, route_address


class Inline(Executor):
    """Runs the lookup at once, on the caller's thread: the comparison logic, step by step."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        done: Future[Any] = Future()
        done.set_result(fn(*args, **kwargs))
        return done


def test_route_address_of_loopback() -> None:
    assert route_address("127.0.0.1", 5060) == "127.0.0.1"
    assert route_address("host.invalid", 5060) == ""


def test_detects_a_new_local_address_and_a_resume() -> None:
    routes = {"addr": "192.0.2.10"}
    suspended = {"t": 0.0}
    watch = NetworkWatch(lambda: [("pbx", 5060)], resolve=lambda h, p: routes["addr"],
                         suspended=lambda: suspended["t"], executor=Inline())
    assert watch.check() == ""  # first look: nothing to compare with
    assert watch.check() == ""
    routes["addr"] = "198.51.100.7"
    assert "192.0.2.10 -> 198.51.100.7" in watch.check()
    assert watch.check() == ""
    suspended["t"] += 3600  # an hour asleep
    assert watch.check() == "resumed"
    assert watch.check() == ""


def test_a_stuck_lookup_never_blocks_check() -> None:
    """check() runs on the SIP thread: a lookup that does not come back must not hold it."""
    asked, release = threading.Event(), threading.Event()
    address = {"now": "192.0.2.10"}

    def stuck(host: str, port: int) -> str:
        asked.set()
        release.wait(30)  # a DNS server that never answers, until the test lets it go
        return address["now"]

    suspended = {"t": 0.0}
    watch = NetworkWatch(lambda: [("pbx.example.test", 5060)], resolve=stuck,
                         suspended=lambda: suspended["t"])
    try:
        assert watch.check() == ""
        assert asked.wait(5)
        assert watch.looking_up
        suspended["t"] += 3600  # the checks that come meanwhile still see a resume
        assert watch.check() == "resumed"
        assert watch.looking_up  # one lookup at a time, not one more per check
    finally:
        release.set()
