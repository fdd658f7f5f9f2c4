"""Watches what the phone cannot see itself: the network link and the sound devices.

Both feed CallCenter's health, so the indicator turns before a call is missed, not after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QNetworkInterface

if TYPE_CHECKING:
    from app.ui.callcenter import CallCenter

Flag = QNetworkInterface.InterfaceFlag


def network_up() -> bool:
    """Some interface other than loopback is up, running and has an address."""
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        if flags & Flag.IsLoopBack or not (flags & Flag.IsUp and flags & Flag.IsRunning):
            continue
        if interface.addressEntries():
            return True
    return False


class Monitors(QObject):
    def __init__(self, center: CallCenter, *, network_interval_ms: int = 5000,
                 audio: bool = True) -> None:
        super().__init__(center)
        self.center = center
        self._timer = QTimer(self)
        self._timer.setInterval(network_interval_ms)
        self._timer.timeout.connect(self.check_network)
        self._timer.start()
        self.check_network()
        self._devices = None
        if audio:
            # Qt Multimedia starts its sound backend here (tens of ms, once, at start-up).
            from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415

            self._devices = QMediaDevices(self)
            self._devices.audioInputsChanged.connect(self.check_audio)
            self._devices.audioOutputsChanged.connect(self.check_audio)
            self.check_audio()

    def check_network(self) -> None:
        self.center.set_network_ok(network_up())

    def check_audio(self) -> None:
        from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415

        self.center.set_audio_ok(bool(QMediaDevices.audioInputs())
                                 and bool(QMediaDevices.audioOutputs()))
