"""The call's speech on the agent's devices, when the engine has no sound device of its own.

Follows CallCenter: the speaker opens as soon as a call rings or is dialled (so it is flowing by
the time the first word arrives), the microphone only once a call is connected and not on hold
(no microphone indicator between calls), and both close when the last call ends. A headset that
disappears mid-call falls back to the system default at once and the agent is told; when the
chosen headset comes back it is used again. Devices follow the agent's audio profile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtMultimedia import QMediaDevices

from app.audio.bridge import CLOSED, SPEAKER, SPEECH, AudioBridge
from app.telephony.events import AudioPath, CallState

if TYPE_CHECKING:
    from collections.abc import Iterable

    from app.ui.callcenter import CallCenter, CallInfo


def wanted_mode(calls: Iterable[CallInfo], path: AudioPath | None) -> int:
    """What the bridge must have open for these calls."""
    if path is not AudioPath.BRIDGE:
        return CLOSED
    mode = CLOSED
    for call in calls:
        event = call.event
        if event.state is CallState.ACTIVE and not event.held:
            return SPEECH
        if event.state is not CallState.ENDED:
            mode = SPEAKER
    return mode


class SpeechPath(QObject):
    notice = Signal(str)  # translated: a device went away or would not open
    level = Signal(float)  # microphone peak 0..1 during a call
    devices_in_use = Signal(str, str)  # output, input descriptions ("" when closed)

    def __init__(self, center: CallCenter, bridge: AudioBridge, devices: tuple[str, str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else center)
        self.center = center
        self.bridge = bridge
        self._media = QMediaDevices(self)
        self._media.audioInputsChanged.connect(bridge.devices_changed)
        self._media.audioOutputsChanged.connect(bridge.devices_changed)
        bridge.device_lost.connect(self._lost)
        bridge.failed.connect(self._failed)
        bridge.level.connect(self.level)
        bridge.opened.connect(self.devices_in_use)
        bridge.closed.connect(lambda: self.devices_in_use.emit("", ""))
        center.audio_path_changed.connect(self._update)
        center.call_added.connect(self._update)
        center.call_changed.connect(self._update)
        center.call_removed.connect(self._update)
        self.set_devices(*devices)
        self._update()

    @property
    def active(self) -> bool:
        """The engine sends its speech here (no native sound device)."""
        return self.center.audio_path is AudioPath.BRIDGE

    def set_devices(self, input_id: str, output_id: str) -> None:
        """Switch microphone and speaker, during a call too ("" = the system default)."""
        self.bridge.set_devices(input_id, output_id)

    def shutdown(self) -> None:
        self.bridge.shutdown()

    def _update(self, *_args: object) -> None:
        self.bridge.set_mode(wanted_mode(self.center.calls.values(), self.center.audio_path))

    def _lost(self, kind: str, description: str) -> None:
        if kind == "output":
            text = QCoreApplication.translate(
                "SpeechPath", "The speaker or headset “{device}” is gone. Sound now plays on the "
                "system's default device.")
        else:
            text = QCoreApplication.translate(
                "SpeechPath", "The microphone “{device}” is gone. The system's default "
                "microphone is used now.")
        self.notice.emit(text.format(device=description))

    def _failed(self, kind: str) -> None:
        if kind == "output":
            text = QCoreApplication.translate(
                "SpeechPath", "The speaker could not be opened: you cannot hear the caller. "
                "Check the sound device in Settings.")
        else:
            text = QCoreApplication.translate(
                "SpeechPath", "The microphone could not be opened: the caller cannot hear you. "
                "Check the sound device in Settings.")
        self.notice.emit(text)
