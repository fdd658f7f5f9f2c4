"""Sound devices as Qt Multimedia sees them, and the id text the settings store for each."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices

log = logging.getLogger(__name__)


def device_key(device: QAudioDevice) -> str:
    """The id text AudioSettings stores (as settings_dialog.device_id)."""
    return bytes(device.id().data()).decode("utf-8", "backslashreplace")


def device_label(device: QAudioDevice | None) -> str:
    """A device for the log: its description, else its id; never an empty name."""
    if device is None or device.isNull():
        return "(no device)"
    return device.description() or device_key(device) or "(unnamed device)"


def display_name(device: QAudioDevice | None) -> str:
    """A device for a message to the agent: its description, else its id, else a wording."""
    if device is not None and not device.isNull():
        name = device.description() or device_key(device)
        if name:
            return name
        return QCoreApplication.translate("AudioDevices", "(unnamed device)")
    return QCoreApplication.translate("AudioDevices", "(no device)")


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
