"""An account's presence and team list (issue 20, item 6) in the config file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from app.config import settings
from app.telephony.config import AccountSpec, ConfigError

if TYPE_CHECKING:
    from pathlib import Path

TEAM = AccountSpec(name="work", server="pbx.example.com", user="1001", presence=True,
                   colleagues=("2001", '"Carol Chen" <sip:carol@pbx.example.com>'))


def test_presence_and_colleagues_survive_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    settings.save(path, settings.with_account(settings.Settings(), TEAM))
    text = path.read_text(encoding="utf-8")
    assert "presence = true" in text
    assert settings.load(path).accounts == (TEAM,)


def test_off_and_empty_by_default() -> None:
    plain = AccountSpec(name="w", server="pbx", user="1")
    assert (plain.presence, plain.colleagues) == (False, ())


@pytest.mark.parametrize("line", ['presence = "yes"', 'colleagues = "2001"',
                                  "colleagues = [2001]"])
def test_bad_values_are_refused(tmp_path: Path, line: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f'[[accounts]]\nname = "w"\nserver = "pbx"\nuser = "1"\n{line}\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        settings.load(path)
    assert refused.value.code == "bad_setting"
