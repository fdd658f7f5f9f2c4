"""[console]: the deployment's KPI definitions, read, checked and written back."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from app.config.settings import ConfigError, ConsoleSettings, from_dict, load, save
from app.console import charts, kpi

if TYPE_CHECKING:
    from pathlib import Path


def test_the_defaults_are_the_kpi_definitions_docs_kpi_md_gives() -> None:
    defaults = ConsoleSettings()
    assert defaults.fcr_days == kpi.FCR_DAYS
    assert defaults.answer_target_seconds == kpi.ANSWER_TARGET_S
    assert defaults.service_level_target_percent / 100 == charts.SERVICE_LEVEL_TARGET


def test_a_deployment_sets_its_own_and_they_survive_a_save(tmp_path: Path) -> None:
    settings = from_dict({"console": {"fcr_days": 3, "answer_target_seconds": 30,
                                      "service_level_target_percent": 90}})
    assert settings.console == ConsoleSettings(3, 30, 90)
    path = tmp_path / "caseline.toml"
    save(path, settings)
    assert load(path).console == ConsoleSettings(3, 30, 90)


@pytest.mark.parametrize("bad", [{"fcr_days": 0}, {"answer_target_seconds": -5},
                                 {"service_level_target_percent": 101},
                                 {"fcr_days": "7"}, {"fcr_day": 7}])
def test_a_bad_value_names_the_section(bad: dict[str, object]) -> None:
    with pytest.raises(ConfigError) as raised:
        from_dict({"console": bad}, "caseline.toml")
    assert "[console]" in raised.value.detail
