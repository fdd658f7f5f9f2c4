from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from app import settings
from app.telephony.config import AccountSpec, ConfigError, Transport

if TYPE_CHECKING:
    from pathlib import Path


def test_missing_file_is_defaults(tmp_path: Path) -> None:
    assert settings.load(tmp_path / "none.toml") == settings.Settings()


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    acc = AccountSpec(name="work", server="pbx.example:5061", user="1001",
                      transport=Transport.TLS, display_name='Agent "A" 佐藤')
    settings.save(path, settings.with_account(settings.Settings(), acc))
    loaded = settings.load(path)
    assert loaded.accounts == (acc,)
    assert loaded.sip == settings.SipSettings()


def test_a_password_in_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[accounts]]\nname = "w"\nserver = "s"\nuser = "u"\npassword = "hunter2"\n')
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == "secret_in_config"
    assert "hunter2" not in str(err.value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("[sip\nlisten=", "config_unreadable"),
        ("[sip]\nlisten_port = 1\n", "unknown_setting"),
        ('[[accounts]]\nname="w"\nserver="s"\nuser="u"\ntransport="sctp"\n', "unknown_transport"),
    ],
)
def test_bad_files_name_the_problem(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == code


def test_config_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.ENV_CONFIG, str(tmp_path / "env.toml"))
    assert settings.config_path() == tmp_path / "env.toml"
    assert settings.config_path(tmp_path / "x.toml") == tmp_path / "x.toml"
    monkeypatch.delenv(settings.ENV_CONFIG)
    assert settings.config_path().name == "caseline.toml"
