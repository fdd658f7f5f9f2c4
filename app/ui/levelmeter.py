"""Checking the headset before a call: a microphone level meter and a record-and-play echo test.

``LevelMeter`` is the bar; ``MicLevel`` feeds it from a microphone; ``EchoTest`` records a few
seconds and plays them back. The last two are plain QObjects, so tests drive them without a
window. They open devices of their own, apart from the call's speech bridge (app.audio.bridge):
the sound server mixes, so a check during a call takes nothing from the call.
"""

from __future__ import annotations

import enum
import logging
import math
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QObject,
    QRectF,
    QSize,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtMultimedia import QAudioDevice, QAudioSink, QAudioSource, QtAudio
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.audio.bridge import peak_level, speech_format
from app.audio.devices import device_label, display_name, input_device, output_device

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

log = logging.getLogger(__name__)

BLOCK_MS = 80  # one level report per this much sound: about 12 a second, smooth to the eye
HOLD_REPORTS = 12  # the peak mark stays for this many reports (about 1 s), then sinks
PEAK_FALL = 0.05  # how far the peak mark sinks per report after its hold
CLIP_LEVEL = 0.9  # from here the bar turns red: the voice is close to clipping
ECHO_SECONDS = 3
# A device that has not recorded or played the test this long after its length has failed. Wide:
# a new sound-server stream may take a second or two to start flowing.
GUARD_SECONDS = 10
POLL_MS = 50

translate = QCoreApplication.translate


def microphone_problem(device: QAudioDevice) -> str:
    """Why no sound comes from ``device``: there is none, or it would not open."""
    if device.isNull():
        return translate("EchoTest", "No microphone was found.")
    return translate("EchoTest", "The microphone {device} could not be opened.").format(
        device=display_name(device))


def speaker_problem(device: QAudioDevice) -> str:
    if device.isNull():
        return translate("EchoTest", "No speaker was found.")
    return translate("EchoTest", "The speaker {device} could not be opened.").format(
        device=display_name(device))


def _clamped(level: float) -> float:
    if math.isnan(level):
        return 0.0
    return min(1.0, max(0.0, level))


def _open_source(device: QAudioDevice, parent: QObject) -> tuple[QAudioSource, QIODevice] | None:
    """A 16 kHz mono microphone stream, or None when the device does not open."""
    if device.isNull():
        return None
    source = QAudioSource(device, speech_format(), parent)
    io = source.start()
    if io is None or source.error() != QtAudio.Error.NoError:
        log.warning("microphone %s would not open: %s", device_label(device), source.error())
        source.deleteLater()
        return None
    return source, io


class LevelMeter(QWidget):
    """A horizontal bar from 0 to 1 with a mark that holds the recent peak."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._level = 0.0
        self._peak = 0.0
        self._held = 0  # reports since the peak mark was set
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def level(self) -> float:
        return self._level

    def peak(self) -> float:
        return self._peak

    def set_level(self, level: float) -> None:
        """A new reading, 0..1 (anything outside is clamped)."""
        self._level = _clamped(level)
        if self._level >= self._peak:
            self._peak = self._level
            self._held = 0
        else:
            self._held += 1
            if self._held > HOLD_REPORTS:
                self._peak = max(self._level, self._peak - PEAK_FALL)
        self.update()

    def reset(self) -> None:
        self._level = self._peak = 0.0
        self._held = 0
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.fontMetrics().averageCharWidth() * 24,
                     max(8, self.fontMetrics().height() // 2))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(40, 6)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        palette = self.palette()
        whole = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(whole)
        inner = whole.adjusted(1.5, 1.5, -1.5, -1.5)
        if self._level > 0:
            bar = QRectF(inner.left(), inner.top(), inner.width() * self._level, inner.height())
            red = QColor("#c5221f")
            painter.fillRect(bar, red if self._level >= CLIP_LEVEL
                             else palette.color(QPalette.ColorRole.Highlight))
        if self._peak > 0:
            x = inner.left() + inner.width() * self._peak
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawLine(round(x), round(inner.top()), round(x), round(inner.bottom()))
        painter.end()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Microphone level"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MicLevel(QObject):
    """The live peak of one microphone, a report per ``BLOCK_MS`` of sound, while started."""

    level = Signal(float)  # 0..1; 0.0 once more when stopped
    failed = Signal(str)  # translated: the microphone did not open

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: QAudioSource | None = None
        self._io: QIODevice | None = None
        self._device_id: str | None = None
        self._pending = bytearray()
        self._block = speech_format().bytesForDuration(BLOCK_MS * 1000)

    @property
    def device_id(self) -> str | None:
        """The id it was started with ("" the default), or None when stopped."""
        return self._device_id

    def is_open(self) -> bool:
        return self._source is not None

    def start(self, input_id: str) -> bool:
        """Listen to microphone ``input_id`` ("" or a missing one: the default) instead."""
        self.stop()
        self._device_id = input_id
        device = input_device(input_id)
        opened = _open_source(device, self)
        if opened is None:
            self.failed.emit(microphone_problem(device))
            return False
        self._source, self._io = opened
        self._io.readyRead.connect(self._ready)
        return True

    def stop(self) -> None:
        was = self._device_id is not None
        if self._source is not None:
            self._source.stop()
            self._source.deleteLater()
        self._source = self._io = None
        self._device_id = None
        self._pending.clear()
        if was:
            self.level.emit(0.0)

    def _ready(self) -> None:
        if self._io is None:
            return
        self._pending += bytes(self._io.readAll().data())
        while len(self._pending) >= self._block:
            block = bytes(self._pending[:self._block])
            del self._pending[:self._block]
            self.level.emit(peak_level(block))


class EchoPhase(enum.Enum):
    IDLE = "idle"
    RECORDING = "recording"
    PLAYING = "playing"
    DONE = "done"
    FAILED = "failed"


class EchoTest(QObject):
    """Record ``seconds`` from a microphone, then play them back on a speaker, once.

    The countdown follows the sound recorded, not the clock: a stream that starts late still
    gives the whole length. Playback is over when the speaker has played everything.
    """

    status = Signal(str)  # a translated sentence for a status line
    phase_changed = Signal(str)  # an EchoPhase value

    def __init__(self, seconds: int = ECHO_SECONDS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seconds = seconds
        fmt = speech_format()
        self._per_second = fmt.bytesForDuration(1_000_000)
        self._wanted = self._per_second * seconds
        self._phase = EchoPhase.IDLE
        self._recorded = bytearray()
        self._output_id = ""
        self._source: QAudioSource | None = None
        self._source_io: QIODevice | None = None
        self._sink: QAudioSink | None = None
        self._buffer: QBuffer | None = None
        self._speaker: QAudioDevice | None = None
        self._microphone: QAudioDevice | None = None
        self._shown = -1  # the countdown number last said
        self._guard = QTimer(self)
        self._guard.setSingleShot(True)
        self._guard.setInterval((seconds + GUARD_SECONDS) * 1000)
        self._guard.timeout.connect(self._timed_out)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_playback)

    @property
    def phase(self) -> EchoPhase:
        return self._phase

    def is_running(self) -> bool:
        return self._phase in (EchoPhase.RECORDING, EchoPhase.PLAYING)

    def recording(self) -> bytes:
        """What was recorded (16 kHz mono signed 16-bit), for tests."""
        return bytes(self._recorded)

    def start(self, input_id: str, output_id: str) -> None:
        """Record from ``input_id`` and play back on ``output_id`` ("": the defaults)."""
        self.stop()
        self._recorded.clear()
        self._output_id = output_id
        self._microphone = input_device(input_id)
        opened = _open_source(self._microphone, self)
        if opened is None:
            self._fail(microphone_problem(self._microphone))
            return
        self._source, self._source_io = opened
        self._source_io.readyRead.connect(self._ready)
        self._shown = -1
        self._set_phase(EchoPhase.RECORDING)
        self._count_down()
        self._guard.start()

    def stop(self) -> None:
        """Cancel whatever runs, silently (the page was left, the dialog closed)."""
        self._guard.stop()
        self._close_source()
        self._close_sink()
        if self.is_running():
            self._set_phase(EchoPhase.IDLE)

    # -- recording -----------------------------------------------------------------------------

    def _ready(self) -> None:
        if self._source_io is None:
            return
        self._recorded += bytes(self._source_io.readAll().data())
        if len(self._recorded) < self._wanted:
            self._count_down()
            return
        del self._recorded[self._wanted:]
        self._close_source()
        self._play()

    def _count_down(self) -> None:
        left = math.ceil((self._wanted - len(self._recorded)) / self._per_second)
        if left != self._shown:
            self._shown = left
            self.status.emit(translate("EchoTest", "Speak now… {seconds}").format(
                seconds=left))

    def _close_source(self) -> None:
        if self._source is not None:
            self._source.stop()
            self._source.deleteLater()
        self._source = self._source_io = None

    # -- playing back --------------------------------------------------------------------------

    def _play(self) -> None:
        self._speaker = output_device(self._output_id)
        if self._speaker.isNull():
            self._fail(speaker_problem(self._speaker))
            return
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(bytes(self._recorded)))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(self._speaker, speech_format(), self)
        # Pulled from the buffer by the sink: Qt keeps the device fed, no timer writes.
        self._sink.start(self._buffer)
        if self._sink.error() != QtAudio.Error.NoError:
            log.warning("speaker %s would not open: %s", device_label(self._speaker),
                        self._sink.error())
            self._fail(speaker_problem(self._speaker))
            return
        self._set_phase(EchoPhase.PLAYING)
        self.status.emit(translate("EchoTest", "Playing back…"))
        self._guard.start()
        self._poll.start()

    def _check_playback(self) -> None:
        """Polled: PySide6 cannot deliver QAudioSink.stateChanged (see app.audio.bridge)."""
        sink, buffer = self._sink, self._buffer
        if sink is None or buffer is None:
            return
        state = sink.state()
        if state == QtAudio.State.StoppedState and sink.error() != QtAudio.Error.NoError:
            log.warning("speaker stopped during the echo test: %s", sink.error())
            self._fail(speaker_problem(self._speaker or QAudioDevice()))
            return
        # Idle with the buffer read to its end: the device has played the last of it.
        if buffer.atEnd() and state == QtAudio.State.IdleState:
            self._guard.stop()
            self._close_sink()
            self._set_phase(EchoPhase.DONE)
            self.status.emit(translate("EchoTest", "Done: did you hear yourself?"))

    def _close_sink(self) -> None:
        self._poll.stop()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._sink = None
        self._buffer = None

    # -- endings -------------------------------------------------------------------------------

    def _timed_out(self) -> None:
        if self._phase is EchoPhase.RECORDING:
            device = display_name(self._microphone)
            self._fail(translate(
                "EchoTest", "The microphone {device} sent no sound. Check that it is plugged "
                "in and not switched off.").format(device=device))
        elif self._phase is EchoPhase.PLAYING:
            device = display_name(self._speaker)
            self._fail(translate("EchoTest", "The speaker {device} did not play the "
                                 "recording.").format(device=device))

    def _fail(self, text: str) -> None:
        self._guard.stop()
        self._close_source()
        self._close_sink()
        self._set_phase(EchoPhase.FAILED)
        self.status.emit(text)

    def _set_phase(self, phase: EchoPhase) -> None:
        if phase is not self._phase:
            self._phase = phase
            self.phase_changed.emit(phase.value)
