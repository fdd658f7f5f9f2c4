"""The home-network options of an account: STUN, TURN, ICE, SRTP, keep-alive, SIP Outbound."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest

from app.config import secrets, settings
from app.orchestration.bootstrap import engine_config
from app.telephony import nat
from app.telephony.config import AccountSpec, ConfigError, Srtp, Transport

if TYPE_CHECKING:
    from pathlib import Path

    from tests.conftest import MemoryKeyring

HOME = AccountSpec(name="home", server="pbx.example.com:5061", user="1001",
                   transport=Transport.TLS, stun_server="stun.example.com", ice=True,
                   turn_server="turn.example.com:5349", turn_transport=Transport.TLS,
                   turn_user="agent7", srtp=Srtp.MANDATORY, keepalive_interval=25,
                   sip_outbound=False)


def test_the_options_survive_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    settings.save(path, settings.with_account(settings.Settings(), HOME))
    text = path.read_text(encoding="utf-8")
    assert 'srtp = "mandatory"' in text and 'turn_transport = "tls"' in text
    assert settings.load(path).accounts == (HOME,)


def test_defaults() -> None:
    plain = AccountSpec(name="w", server="pbx", user="1")
    assert (plain.srtp, plain.keepalive_interval, plain.sip_outbound) == (Srtp.OFF, 15, True)
    assert not plain.uses_ice
    assert replace(plain, turn_server="turn.example.com").uses_ice  # TURN lives within ICE
    assert replace(plain, stun_server="stun.example.com").uses_ice  # STUN, gathered by ICE


@pytest.mark.parametrize(("line", "code"), [
    ('srtp = "always"', "bad_setting"),
    ('turn_transport = "sctp"', "unknown_transport"),
    ('keepalive_interval = "15"', "bad_setting"),
    ('turn_password = "hunter2"', "secret_in_config"),
])
def test_bad_values_are_refused(tmp_path: Path, line: str, code: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f'[[accounts]]\nname = "w"\nserver = "s"\nuser = "u"\n{line}\n')
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == code
    assert "hunter2" not in str(err.value)


@pytest.mark.parametrize(("changes", "problems"), [
    ({}, {}),
    ({"turn_server": "turn example"}, {"turn_server": "bad_turn"}),
    ({"turn_user": " "}, {"turn_user": "turn_user_required"}),
    ({"transport": Transport.UDP}, {"srtp": "srtp_needs_tls"}),
    ({"transport": Transport.UDP, "srtp": Srtp.OPTIONAL}, {}),
    ({"keepalive_interval": -1}, {"keepalive_interval": "bad_keepalive"}),
    ({"keepalive_interval": 0}, {}),
])
def test_check_account(changes: dict[str, Any], problems: dict[str, str]) -> None:
    udp = replace(HOME, turn_transport=Transport.UDP)
    assert settings.check_account(replace(udp, **changes)) == problems


def test_turn_over_tcp_or_tls_waits_for_a_pjsip_that_does_not_crash_on_it() -> None:
    problems = settings.check_account(HOME)  # TURN over TLS
    if Transport.TLS in nat.turn_transports():
        assert "turn_transport" not in problems
    else:
        assert nat.pjsip_version() < nat.TURN_STREAM_FIXED
        assert problems == {"turn_transport": nat.TURN_TRANSPORT_UNSUPPORTED}


def test_the_instance_id_is_made_once_and_kept(tmp_path: Path) -> None:
    first = settings.sip_instance_id(tmp_path / "data")
    assert settings.sip_instance_id(tmp_path / "data") == first
    assert settings.sip_instance_id(tmp_path / "other") != first
    (tmp_path / "data" / "sip-instance").write_text("garbage")
    assert settings.sip_instance_id(tmp_path / "data") not in ("garbage", first)


def test_the_engine_gets_the_stun_servers_and_the_instance(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings.platformdirs, "user_data_dir", lambda *_a: str(tmp_path))
    other = replace(HOME, name="office", stun_server="stun2.example.com")
    conf = replace(settings.Settings(), accounts=(HOME, other, replace(HOME, name="x")))
    config = engine_config(conf)
    assert config.stun_servers == ("stun.example.com", "stun2.example.com")
    assert config.instance_id == settings.sip_instance_id(tmp_path)


def test_the_turn_password_has_its_own_keyring_entry(memory_keyring: MemoryKeyring) -> None:
    secrets.set_password("home", "sip-pass")
    secrets.set_turn_password("home", "turn-pass")
    assert secrets.get_turn_password("home") == "turn-pass"
    assert secrets.get_password("home") == "sip-pass"
    secrets.delete_turn_password("home")
    assert secrets.get_turn_password("home") is None
    assert secrets.get_password("home") == "sip-pass"
