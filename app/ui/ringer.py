"""The phone's own sounds on the agent's devices: ringtone, call waiting, ringback, keypad.

Follows CallCenter's picture, never the buttons: whatever answered, declined or ended a call,
the next call event silences the ring. The ringtone goes to the ringer device (often the
desk speaker, so a ring is heard without the headset on); everything heard during or about a
call (call waiting, ringback, keypad feedback) goes to the output device, the headset.
A device that is gone falls back to the system default rather than ringing into nothing.
"""

from __future__ import annotations

import enum
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices, QSoundEffect

from app.audio import BUNDLED_DIR, sound_file
from app.audio.devices import output_device
from app.audio.tones import (
    CALL_WAITING,
    DTMF_FREQUENCIES,
    RINGBACK,
    RINGTONE,
    dtmf_file,
    looped_file,
)
from app.telephony.events import CallState

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from app.config.settings import AudioSettings
    from app.ui.callcenter import CallCenter, CallInfo

log = logging.getLogger(__name__)

SESSION_PROGRESS = 183  # the network plays its own ringback or announcement (early media)


class Sound(enum.Enum):
    NONE = "none"
    RINGTONE = RINGTONE
    CALL_WAITING = CALL_WAITING
    RINGBACK = RINGBACK


def wanted_sound(calls: Iterable[CallInfo]) -> Sound:
    """What should be looping now, given the calls the desktop knows."""
    calls = list(calls)
    inbound_ringing = any(c.inbound and c.ringing for c in calls)
    on_a_call = any(c.live for c in calls)
    if inbound_ringing:
        return Sound.CALL_WAITING if on_a_call else Sound.RINGTONE
    if not on_a_call and any(
            not c.inbound and c.event.state is CallState.RINGING
            and c.event.status_code != SESSION_PROGRESS for c in calls):
        return Sound.RINGBACK
    return Sound.NONE


class Ringer(QObject):
    sound_changed = Signal(str)  # Sound value now looping ("none": silent)
    playing_changed = Signal(bool)  # the current loop is (no longer) heard on its device
    problem = Signal(str)  # translated: a sound file could not be played

    def __init__(self, center: CallCenter, audio: AudioSettings,
                 parent: QObject | None = None, *, user_dir: Path | None = None) -> None:
        super().__init__(parent if parent is not None else center)
        self.center = center
        self._audio = audio
        self._user_dir = user_dir  # None: the sounds folder beside the config file
        self._sound = Sound.NONE
        self._effects: dict[str, QSoundEffect] = {}
        # Qt Multimedia starts its sound backend here, once; later device lists are cached.
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._outputs_changed)
        for stem in (RINGTONE, CALL_WAITING, RINGBACK):
            self._effect(looped_file(stem))  # decoded now, so the first ring starts at once
        center.call_added.connect(self._update)
        center.call_changed.connect(self._update)
        center.call_removed.connect(self._update)
        self._update()

    @property
    def sound(self) -> Sound:
        return self._sound

    def is_playing(self) -> bool:
        """True while Qt Multimedia actually plays the current loop (False with no device)."""
        effect = self._current()
        return effect is not None and effect.isPlaying()

    def device_for(self, sound: Sound) -> QAudioDevice:
        return output_device(self._audio.ringer if sound is Sound.RINGTONE else self._audio.output)

    def set_audio(self, audio: AudioSettings) -> None:
        """New device choices (the settings dialog was saved): a ring in progress moves over."""
        self._audio = audio
        self._restart()

    def reload(self) -> None:
        """Look for the user's sound files again (one was added or removed)."""
        current, self._sound = self._sound, Sound.NONE
        for name in list(self._effects):
            self._drop(name)
        self._play(current)

    def play_dtmf(self, digit: str) -> bool:
        """Local feedback for a keypad press; False for a character that is not a DTMF digit."""
        key = digit.upper()
        if len(key) != 1 or key not in DTMF_FREQUENCIES:
            return False
        name = dtmf_file(key)
        if name in self._effects and self._effects[name].status() is QSoundEffect.Status.Error:
            self._drop(name)  # failed with no device; there may be one now
        effect = self._effect(name)
        effect.setAudioDevice(output_device(self._audio.output))
        effect.setLoopCount(1)
        effect.play()
        return True

    def stop(self) -> None:
        """Silence until the next call event (e.g. the agent pressed a mute-ring key)."""
        self._play(Sound.NONE)

    # -- internals ----------------------------------------------------------------------------

    def _update(self, _call_id: str = "") -> None:
        self._play(wanted_sound(self.center.calls.values()))

    def _play(self, sound: Sound) -> None:
        if sound is self._sound:
            return  # a loop in progress keeps its cadence through unrelated call events
        previous = self._current()
        if previous is not None:
            previous.stop()
        self._sound = sound
        self._start()
        self.sound_changed.emit(sound.value)

    def _start(self) -> None:
        effect = self._current()
        if effect is None:
            return
        if effect.status() is QSoundEffect.Status.Error:
            # Failed while there was no device (or on another one): load it afresh for this one.
            self._drop(looped_file(self._sound.value))
            effect = self._effect(looped_file(self._sound.value))
        effect.setAudioDevice(self.device_for(self._sound))
        effect.setLoopCount(QSoundEffect.Loop.Infinite.value)
        effect.play()  # queued by Qt until the file is decoded, if it is not yet

    def _restart(self) -> None:
        """Move a loop in progress to its device, if that changed (a restart breaks cadence)."""
        effect = self._current()
        if effect is not None and effect.audioDevice() != self.device_for(self._sound):
            effect.stop()
            self._start()

    def _outputs_changed(self) -> None:
        # The chosen device may have come or gone: follow it, or fall back to the default.
        self._restart()

    def _current(self) -> QSoundEffect | None:
        if self._sound is Sound.NONE:
            return None
        return self._effect(looped_file(self._sound.value))

    def _effect(self, name: str) -> QSoundEffect:
        effect = self._effects.get(name)
        if effect is None:
            effect = QSoundEffect(self)
            # The device first: Qt checks the file's format against it while loading.
            # Only the ringtone goes to the ringer device; all else is heard in the headset.
            ring = name == looped_file(RINGTONE)
            effect.setAudioDevice(self.device_for(Sound.RINGTONE if ring else Sound.RINGBACK))
            effect.setSource(QUrl.fromLocalFile(str(sound_file(name, self._user_dir))))
            effect.statusChanged.connect(lambda: self._status(name))
            effect.playingChanged.connect(lambda: self._playing(name))
            self._effects[name] = effect
        return effect

    def _drop(self, name: str) -> None:
        effect = self._effects.pop(name)
        effect.stop()
        effect.deleteLater()

    def _playing(self, name: str) -> None:
        effect = self._effects.get(name)
        if effect is not None and effect is self._current():
            self.playing_changed.emit(effect.isPlaying())

    def _status(self, name: str) -> None:
        effect = self._effects.get(name)
        if effect is None or effect.status() is not QSoundEffect.Status.Error:
            return
        log.warning("cannot play %s", effect.source().toLocalFile())
        if not QMediaDevices.audioOutputs():
            # No device at all, not a bad file: the health indicator already says so.
            return
        bundled = QUrl.fromLocalFile(str(BUNDLED_DIR / name))
        if effect.source() != bundled:
            # A user's file Qt cannot decode: ring with ours rather than stay silent.
            effect.setSource(bundled)
            if effect is self._current():
                self._start()
            self.problem.emit(self.tr(
                "Your sound file {file} could not be played; the standard sound is used.").format(
                file=name))
        else:
            self.problem.emit(self.tr("The sound {file} could not be played.").format(file=name))
