"""Start at login, per OS: the XDG entry, the LaunchAgent and the Run key hold the command that
runs now, quoted so a path with spaces or a % survives."""

from __future__ import annotations

import plistlib
import sys
from typing import TYPE_CHECKING

import pytest

from app.config import autostart

if TYPE_CHECKING:
    from pathlib import Path

ODD = ["/opt/Case Line/caseline", "--config", '/home/a "b"/50%$x`y`\\z.toml', "gui",
       "--minimised"]


def test_the_exec_line_quotes_what_the_spec_reserves_and_reads_back() -> None:
    entry = autostart.desktop_entry(ODD)
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    assert exec_line == ('Exec="/opt/Case Line/caseline" --config '
                         '"/home/a \\"b\\"/50%%\\$x\\`y\\`\\\\z.toml" gui --minimised')
    assert autostart.exec_unquote(exec_line.removeprefix("Exec=")) == ODD


def test_the_xdg_entry_comes_and_goes_in_xdg_config_home(tmp_path: Path) -> None:
    place = autostart.XdgAutostart({"XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert not place.installed()
    autostart.apply(True, tmp_path / "mine.toml", tmp_path / "default.toml", place)
    path = tmp_path / "cfg" / "autostart" / "caseline.desktop"
    assert place.installed() and path.is_file()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\nType=Application\n")
    args = autostart.exec_unquote(next(
        line for line in text.splitlines() if line.startswith("Exec=")).removeprefix("Exec="))
    assert args == [sys.executable, "-m", "app", "--config", str(tmp_path / "mine.toml"),
                    "gui", "--minimised"]
    autostart.apply(False, tmp_path / "mine.toml", tmp_path / "default.toml", place)
    assert not path.exists()
    assert [p.name for p in path.parent.iterdir()] == []  # no temporary file left either


def test_home_config_without_xdg_config_home(tmp_path: Path) -> None:
    place = autostart.XdgAutostart({"HOME": str(tmp_path)})
    assert place.path == tmp_path / ".config" / "autostart" / "caseline.desktop"


def test_the_default_configuration_is_not_named(tmp_path: Path) -> None:
    same = tmp_path / "caseline.toml"
    assert autostart.launch_command(same, same) == [sys.executable, "-m", "app", "gui",
                                                    "--minimised"]


def test_the_bundle_starts_its_own_executable(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    exe = tmp_path / "caseline" / "caseline"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    default = tmp_path / "caseline.toml"
    assert autostart.launch_command(default, default) == [str(exe), "gui", "--minimised"]


def test_the_macos_launch_agent_runs_the_command_at_load(tmp_path: Path) -> None:
    agent = autostart.MacLaunchAgent(tmp_path)
    agent.install(ODD)
    path = tmp_path / "Library" / "LaunchAgents" / "com.caseline.desktop.plist"
    plist = plistlib.loads(path.read_bytes())
    assert plist == {"Label": "com.caseline.desktop", "ProgramArguments": ODD,
                     "RunAtLoad": True, "ProcessType": "Interactive"}
    agent.remove()
    assert not agent.installed()


def test_the_windows_run_value_is_one_command_line() -> None:
    value = autostart.run_key_value([r"C:\Program Files\CaseLine\caseline.exe", "gui",
                                     "--minimised"])
    assert value == r'"C:\Program Files\CaseLine\caseline.exe" gui --minimised'


@pytest.mark.parametrize(("platform", "kind"), [
    ("linux", autostart.XdgAutostart), ("freebsd13", autostart.XdgAutostart),
    ("darwin", autostart.MacLaunchAgent), ("win32", autostart.WindowsRunKey)])
def test_each_platform_gets_its_own(platform: str, kind: type) -> None:
    assert isinstance(autostart.for_platform(platform), kind)
