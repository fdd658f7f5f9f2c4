"""Sound devices as Qt Multimedia sees them, and the id text the settings store for each."""

from __future__ import annotations

import logging

from PySide6.QtMultimedia import QAudioDevice, QMediaDevices

log = logging.getLogger(__name__)


def device_key(device: QAudioDevice) -> str:
    """The id text AudioSettings stores (as settings_dialog.device_id)."""
    return bytes(device.id().data()).decode("utf-8", "backslashreplace")


def find_output(wanted: str) -> QAudioDevice | None:
    return next((d for d in QMediaDevices.audioOutputs() if device_key(d) == wanted), None)


def find_input(wanted: str) -> QAudioDevice | None:
    return next((d for d in QMediaDevices.audioInputs() if device_key(d) == wanted), None)


def output_device(wanted: str) -> QAudioDevice:
    """The output with id ``wanted``; the system default when it is "" or no longer there."""
    if wanted:
        found = find_output(wanted)
        if found is not None:
            return found
        log.info("sound device %r is gone; using the default output", wanted)
    return QMediaDevices.defaultAudioOutput()


def input_device(wanted: str) -> QAudioDevice:
    """The input with id ``wanted``; the system default when it is "" or no longer there."""
    if wanted:
        found = find_input(wanted)
        if found is not None:
            return found
        log.info("sound device %r is gone; using the default input", wanted)
    return QMediaDevices.defaultAudioInput()
