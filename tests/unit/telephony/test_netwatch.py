from __future__ import annotations

from app.telephony.netwatch import NetworkWatch, route_address


def test_route_address_of_loopback() -> None:
    assert route_address("127.0.0.1", 5060) == "127.0.0.1"
    assert route_address("host.invalid", 5060) == ""


def test_detects_a_new_local_address_and_a_resume() -> None:
    routes = {"addr": "192.0.2.10"}
    suspended = {"t": 0.0}
    watch = NetworkWatch(lambda: [("pbx", 5060)], resolve=lambda h, p: routes["addr"],
                         suspended=lambda: suspended["t"])
    assert watch.check() == ""  # first look: nothing to compare with
    assert watch.check() == ""
    routes["addr"] = "198.51.100.7"
    assert "192.0.2.10 -> 198.51.100.7" in watch.check()
    assert watch.check() == ""
    suspended["t"] += 3600  # an hour asleep
    assert watch.check() == "resumed"
    assert watch.check() == ""
