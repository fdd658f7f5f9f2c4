"""The ``[audio] recording`` policy in the config file, and where recordings are kept."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from app.config import settings
from app.telephony.config import ConfigError
from app.telephony.recording import RecordingPolicy

if TYPE_CHECKING:
    from pathlib import Path


def test_the_default_is_on_demand(tmp_path: Path) -> None:
    loaded = settings.load(tmp_path / "none.toml")
    assert loaded.audio.recording_policy is RecordingPolicy.ON_DEMAND


@pytest.mark.parametrize("policy", list(RecordingPolicy))
def test_each_policy_reads_and_round_trips(tmp_path: Path, policy: RecordingPolicy) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f'[audio]\nrecording = "{policy.value}"\n', encoding="utf-8")
    loaded = settings.load(path)
    assert loaded.audio.recording_policy is policy
    settings.save(path, loaded)
    assert settings.load(path).audio.recording_policy is policy


@pytest.mark.parametrize("text", ['recording = "sometimes"', "recording = true",
                                  'recording = "Always"'])
def test_a_bad_policy_names_the_problem(tmp_path: Path, text: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f"[audio]\n{text}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == "bad_setting"
    assert "recording" in str(err.value)


def test_recordings_live_next_to_the_database(tmp_path: Path) -> None:
    cases = replace(settings.CasesSettings(), database=str(tmp_path / "db" / "cases.db"))
    assert settings.recordings_dir(cases) == tmp_path / "db" / "recordings"
