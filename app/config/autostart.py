"""Start at login: the OS's own mechanism, written and removed by ``[ui] start_at_login``.

Linux (and any XDG desktop): ``$XDG_CONFIG_HOME/autostart/caseline.desktop``; Windows: the
``CaseLine`` value of ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``; macOS: a
LaunchAgent, ``~/Library/LaunchAgents/com.caseline.desktop.plist``. Each behind ``Autostart``;
what each writes is a pure function of the command, so all three are tested on Linux.

The command is what runs now: the bundle's executable, or this Python with ``-m app``, with
``--config`` when the configuration is not the default one, and ``gui --minimised``: at login
the window waits in the tray (minimised where there is no tray) instead of taking the screen.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

ENTRY_NAME = "caseline.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "CaseLine"
LAUNCH_AGENT_LABEL = "com.caseline.desktop"


class Autostart(Protocol):
    def installed(self) -> bool: ...

    def install(self, command: Sequence[str]) -> None: ...

    def remove(self) -> None: ...


def launch_command(config_path: Path, default_config: Path) -> list[str]:
    """What the login starts: this very program, its configuration, the window minimised."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: its own executable
        command = [str(Path(sys.executable).resolve())]
    else:
        command = [str(Path(sys.executable).absolute()), "-m", "app"]
    if config_path.expanduser().absolute() != default_config.expanduser().absolute():
        command += ["--config", str(config_path.expanduser().absolute())]
    return [*command, "gui", "--minimised"]


# -- Linux: an XDG autostart entry ----------------------------------------------------------------

# Desktop Entry Specification, "The Exec key": arguments with these are quoted, and inside the
# quotes ", `, $ and \ take a backslash; a literal % is written %%.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_quote(argument: str) -> str:
    text = argument.replace("%", "%%")
    if not text or _RESERVED & set(text):
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in text)
        return f'"{escaped}"'
    return text


def exec_unquote(line: str) -> list[str]:
    """The arguments of an Exec value (the inverse of ``exec_quote``; field codes not used)."""
    args: list[str] = []
    current: list[str] = []
    quoted = escaped = started = False
    for c in line:
        if escaped:
            current.append(c)
            escaped = False
        elif quoted and c == "\\":
            escaped = True
        elif c == '"':
            quoted = not quoted
            started = True
        elif c == " " and not quoted:
            if started or current:
                args.append("".join(current).replace("%%", "%"))
            current, started = [], False
        else:
            current.append(c)
    if started or current:
        args.append("".join(current).replace("%%", "%"))
    return args


def desktop_entry(command: Sequence[str]) -> str:
    exec_line = " ".join(exec_quote(arg) for arg in command)
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=CaseLine",
        "Comment=Start CaseLine at login, in the tray",
        "Comment[ja]=ログイン時に CaseLine をトレイで起動します",
        "Comment[zh_CN]=登录时在托盘中启动 CaseLine",
        f"Exec={exec_line}",
        "Icon=caseline",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "X-CaseLine-Autostart=true",
        "",
    ])


class XdgAutostart:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")) / ".config")
        self.path = Path(base).expanduser() / "autostart" / ENTRY_NAME

    def installed(self) -> bool:
        return self.path.is_file()

    def install(self, command: Sequence[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")  # a session starting now never reads half a file
        tmp.write_text(desktop_entry(command), encoding="utf-8")
        os.replace(tmp, self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


# -- macOS: a LaunchAgent -------------------------------------------------------------------------


def launch_agent_plist(command: Sequence[str]) -> bytes:
    return plistlib.dumps({
        "Label": LAUNCH_AGENT_LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "ProcessType": "Interactive",  # a desktop app: not throttled like a daemon
    })


class MacLaunchAgent:
    def __init__(self, home: Path | None = None) -> None:
        self.path = (home or Path.home()) / "Library" / "LaunchAgents" / \
            f"{LAUNCH_AGENT_LABEL}.plist"

    def installed(self) -> bool:
        return self.path.is_file()

    def install(self, command: Sequence[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(launch_agent_plist(command))
        os.replace(tmp, self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


# -- Windows: the Run key -------------------------------------------------------------------------


def run_key_value(command: Sequence[str]) -> str:
    """The command line Windows runs (CreateProcess quoting)."""
    return subprocess.list2cmdline(list(command))


class WindowsRunKey:
    """HKCU's Run key: per user, no administrator rights, what Task Manager's Startup tab lists."""

    def installed(self) -> bool:
        if sys.platform != "win32":
            raise OSError("the Run key is Windows'")
        import winreg  # noqa: PLC0415 - Windows only

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, RUN_VALUE)
        except FileNotFoundError:
            return False
        return True

    def install(self, command: Sequence[str]) -> None:
        if sys.platform != "win32":
            raise OSError("the Run key is Windows'")
        import winreg  # noqa: PLC0415

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, run_key_value(command))

    def remove(self) -> None:
        if sys.platform != "win32":
            raise OSError("the Run key is Windows'")
        import winreg  # noqa: PLC0415

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0,
                                winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, RUN_VALUE)
        except FileNotFoundError:
            pass  # not there: nothing to take back


def for_platform(platform: str | None = None) -> Autostart:
    name = platform or sys.platform
    if name.startswith("win"):
        return WindowsRunKey()
    if name == "darwin":
        return MacLaunchAgent()
    return XdgAutostart()


def apply(enabled: bool, config_path: Path, default_config: Path,
          autostart: Autostart | None = None) -> None:
    """Make the OS match the setting; on, the entry is written again, so it follows a bundle
    that moved. Raises OSError when the place cannot be written."""
    target = autostart or for_platform()
    if enabled:
        target.install(launch_command(config_path, default_config))
    elif target.installed():
        target.remove()
