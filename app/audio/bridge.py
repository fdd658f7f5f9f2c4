"""The call's speech on Qt Multimedia devices, for engines without a native sound device.

The engine (often in another process) sends each 20 ms frame of what the caller says through a
datagram socket (app.telephony.frames) and plays whatever frames come back to the caller. Here
the frames go to a QAudioSink on the chosen output, and a QAudioSource on the chosen microphone
feeds the way back. All device work happens on one "audio" thread with its own event loop, so a
busy window never starves the speaker.

Between the two clocks (pjmedia's and the sound card's) sits a small cushion: playing starts
with 20 ms in hand; a frame that finds the device's buffer full waits in a queue of at most three
frames and beyond that the oldest is dropped (overrun); the device running dry is an underrun,
after which the cushion is built up again. The engine's side has its own cushion for the
microphone (app.telephony.frames). bench/audio_bridge.py measures what this adds.

Modes: CLOSED; SPEAKER, opened while a call rings or is dialled, because a new PulseAudio stream
can take a second or two to start flowing and the first words must not be lost; SPEECH, speaker
and microphone, while a call is connected and not on hold. No microphone indicator lights up
between calls. The engine's conference clock runs while a call's audio is connected, whatever is
open here; at rest it stops, and so does everything here: no stream, no timer. A device that
will not open is reported once, not retried on a timer.
"""

from __future__ import annotations

import array
import contextlib
import logging
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QIODevice,
    QObject,
    QSocketNotifier,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QAudioSource, QtAudio

from app.audio.devices import (
    device_key,
    device_label,
    display_name,
    find_input,
    find_output,
    input_device,
    output_device,
)
from app.telephony.frames import FRAME_BYTES, RATE, waiting_frames

if TYPE_CHECKING:
    import socket

log = logging.getLogger(__name__)

CUSHION_FRAMES = 1  # silence ahead of the first frame: absorbs the socket's and device's jitter
QUEUE_FRAMES = 3  # frames that may wait for room in the device's buffer before the oldest goes
SINK_BUFFER_MS = 100
# Drift control: the two clocks differ slightly, so the speaker's buffer slowly fills (the delay
# grew from 210 to 310 ms over a 5-minute bench call without this). Beyond this fill an arriving
# frame is dropped (counted as an overrun), which holds the added delay near the cushion.
MAX_FILL_MS = 40
# The microphone's buffer is latency too: 40 ms cost 12 ms more one way than 20 ms on the bench,
# with no frame lost either way.
SOURCE_BUFFER_MS = 20
LEVEL_EVERY = 4  # frames between two level reports: 80 ms, smooth enough for a meter
WATCH_MS = 100  # how often the devices' health is checked while open
CLOSED, SPEAKER, SPEECH = 0, 1, 2  # what is open: nothing; the speaker; speaker and microphone


def speech_format() -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


def peak_level(frame: bytes) -> float:
    """The frame's peak as a share of full scale, 0.0 to 1.0."""
    samples = array.array("h")
    samples.frombytes(frame[: len(frame) - len(frame) % 2])
    if not samples:
        return 0.0
    return min(1.0, max(-min(samples), *samples) / 32768)


@dataclass(frozen=True, slots=True)
class BridgeStats:
    frames_played: int = 0
    frames_captured: int = 0
    underruns: int = 0  # the speaker ran dry while a call was up
    overruns: int = 0  # frames dropped because the speaker's buffer was full
    mic_dropped: int = 0  # microphone frames the engine did not take
    opened: int = 0  # times the devices were opened (calls, device changes)


class _Worker(QObject):
    """Everything that touches the devices; lives on the audio thread."""

    level = Signal(float)
    opened = Signal(str, str)  # output and input descriptions now in use
    closed = Signal()
    stream_lost = Signal(str, str)  # "output" or "input" stopped with an error; its description
    failed = Signal(str)  # "output" or "input": the device would not open

    def __init__(self, sock: socket.socket) -> None:
        super().__init__()
        sock.setblocking(False)
        self._sock = sock
        self._notifier: QSocketNotifier | None = None
        # Resolved on the UI thread: Qt's device list is not safe to read from this one.
        self._wanted: tuple[QAudioDevice, QAudioDevice] = (QAudioDevice(), QAudioDevice())
        self._sink: QAudioSink | None = None
        self._sink_io: QIODevice | None = None
        self._source: QAudioSource | None = None
        self._source_io: QIODevice | None = None
        self._output: QAudioDevice | None = None
        self._input: QAudioDevice | None = None
        self._queue: list[bytes] = []
        self._mic = bytearray()
        self._since_level = 0
        self._mode = CLOSED
        self._lost_output = self._lost_input = False  # closed after an error, to reopen
        # A device that would not open is told once (not on every check: it used to be retried
        # and reported ten times a second for as long as a call rang); tried again when the
        # devices change, and told again on the next call.
        self._failed: dict[str, bytes] = {}  # "output"/"input" -> the id that failed
        self._working: set[str] = set()  # streams seen running since they opened
        self._primed = False  # a real frame has been played since the devices opened
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self._check_devices)
        self.watching = False  # the last probe() of the timer, read by AudioBridge.watching()
        self._lock = threading.Lock()
        self._stats = BridgeStats()

    def stats(self) -> BridgeStats:
        with self._lock:
            return self._stats

    def _count(self, **changes: int) -> None:
        with self._lock:
            s = self._stats
            self._stats = replace(s, **{k: getattr(s, k) + v for k, v in changes.items()})

    @Slot()
    def probe(self) -> None:
        self.watching = self._watch.isActive()

    @Slot()
    def setup(self) -> None:
        self._notifier = QSocketNotifier(self._sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._frames_arrived)

    @Slot(object, object)
    def set_devices(self, microphone: QAudioDevice, speaker: QAudioDevice) -> None:
        """Use these devices; an open stream on another device moves over at once."""
        self._wanted = (microphone, speaker)
        if self._output is not None and self._output.id() != speaker.id():
            self._reopen_output()
        if self._input is not None and self._input.id() != microphone.id():
            self._reopen_input()
        retry_output = self._lost_output or "output" in self._failed
        if retry_output and self._mode >= SPEAKER and self._sink is None:
            self._open_output()
            self._announce()
        retry_input = self._lost_input or "input" in self._failed
        if retry_input and self._mode == SPEECH and self._source is None:
            self._open_input()
            self._announce()
        self._lost_output = self._lost_input = False

    @Slot(int)
    def set_mode(self, mode: int) -> None:
        """CLOSED, SPEAKER (a call rings or is dialled: warm the output up) or SPEECH."""
        if mode == self._mode:
            return
        self._mode = mode
        if mode >= SPEAKER and self._sink is None:
            self._open_output()
        if mode == SPEECH and self._source is None:
            self._open_input()
        if mode < SPEECH:
            self._close_input()
        if mode == CLOSED:
            self._close_output()
            self._failed.clear()
            self.closed.emit()
        self._announce()

    @Slot()
    def shutdown(self) -> None:
        self._mode = CLOSED
        self._close_input()
        self._close_output()
        self._watch.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        with contextlib.suppress(OSError):
            self._sock.close()

    # -- devices -------------------------------------------------------------------------------

    def _reopen_output(self) -> None:
        if self._sink is not None:
            self._close_output()
            self._open_output()
            self._announce()

    def _reopen_input(self) -> None:
        if self._source is not None:
            self._close_input()
            self._open_input()
            self._announce()

    def _open_output(self) -> None:
        device = self._wanted[1]
        if device.isNull():  # no speaker at all: Qt would only warn "No audio device detected"
            self._open_failed("output", device, QtAudio.Error.OpenError)
            return
        fmt = speech_format()
        sink = QAudioSink(device, fmt, self)
        sink.setBufferSize(fmt.bytesForDuration(SINK_BUFFER_MS * 1000))
        io = sink.start()
        if io is None or sink.error() != QtAudio.Error.NoError:
            error = sink.error()
            sink.stop()
            sink.deleteLater()
            self._open_failed("output", device, error)
            return
        self._sink, self._sink_io, self._output = sink, io, device
        self._primed = False
        io.write(QByteArray(bytes(FRAME_BYTES * CUSHION_FRAMES)))
        self._watch.start()
        self._count(opened=1)

    def _open_input(self) -> None:
        device = self._wanted[0]
        if device.isNull():
            self._open_failed("input", device, QtAudio.Error.OpenError)
            return
        fmt = speech_format()
        source = QAudioSource(device, fmt, self)
        source.setBufferSize(fmt.bytesForDuration(SOURCE_BUFFER_MS * 1000))
        io = source.start()
        if io is None or source.error() != QtAudio.Error.NoError:
            error = source.error()
            source.stop()
            source.deleteLater()
            self._open_failed("input", device, error)
            return
        self._source, self._source_io, self._input = source, io, device
        io.readyRead.connect(self._mic_ready)
        self._watch.start()

    def _open_failed(self, kind: str, device: QAudioDevice, error: object) -> None:
        key = bytes(device.id().data())
        if self._failed.get(kind) == key:
            return  # told already; a device change or the next call tries again
        self._failed[kind] = key
        log.warning("%s %s would not open: %s", "speaker" if kind == "output" else "microphone",
                    device_label(device), error)
        self.failed.emit(kind)

    def _close_output(self) -> None:
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
        self._sink = self._sink_io = self._output = None
        self._working.discard("output")
        self._queue.clear()
        if self._source is None:
            self._watch.stop()

    def _close_input(self) -> None:
        if self._source is not None:
            self._source.stop()
            self._source.deleteLater()
            self.level.emit(0.0)
        self._source = self._source_io = self._input = None
        self._working.discard("input")
        self._mic.clear()
        if self._sink is None:
            self._watch.stop()

    def _announce(self) -> None:
        self.opened.emit(self._output.description() if self._output is not None else "",
                         self._input.description() if self._input is not None else "")

    def _check_devices(self) -> None:
        """A device that stopped with an error went away under us (unplugged mid-call).

        Polled: PySide6 6.11 cannot deliver QAudioSink.stateChanged (its QAudio::State argument
        has no Python converter), and the device list may lag behind the stream's error.
        """
        for kind, device, dev in (("output", self._sink, self._output),
                                  ("input", self._source, self._input)):
            if device is None or dev is None:
                continue
            error = device.error()
            if device.state() != QtAudio.State.StoppedState:
                self._working.add(kind)
                self._failed.pop(kind, None)
                continue
            if error in (QtAudio.Error.NoError, QtAudio.Error.UnderrunError):
                continue
            # Closed here either way. One that ran went away under us: the UI thread picks the
            # fallback and sends it (set_devices). One that never ran would not open: told once.
            ran = kind in self._working
            if kind == "output":
                self._close_output()
            else:
                self._close_input()
            if not ran:
                self._open_failed(kind, dev, error)
                continue
            log.warning("%s %s stopped: %s", kind, device_label(dev), error)
            if kind == "output":
                self._lost_output = True
            else:
                self._lost_input = True
            self.stream_lost.emit(kind, display_name(dev))

    # -- frames --------------------------------------------------------------------------------

    def _frames_arrived(self) -> None:
        for frame in waiting_frames(self._sock):
            if self._sink_io is not None:  # else no call is up: what the engine plays goes nowhere
                self._queue.append(frame)
        self._feed_speaker()

    def _feed_speaker(self) -> None:
        sink, io = self._sink, self._sink_io
        if sink is None or io is None:
            self._queue.clear()
            return
        played = underruns = 0
        if self._queue and self._primed and sink.bytesFree() >= sink.bufferSize():
            # The device played everything it had: the listener heard a gap. Build the cushion
            # up again so one late frame does not make the next gap.
            underruns = 1
            io.write(QByteArray(bytes(FRAME_BYTES * CUSHION_FRAMES)))
        dropped = 0
        limit = sink.bufferSize() - FRAME_BYTES * MAX_FILL_MS // 20
        while self._queue and sink.bytesFree() >= FRAME_BYTES:
            frame = self._queue.pop(0)
            if self._primed and sink.bytesFree() < limit:
                dropped += 1  # the device is behind the engine's clock: keep the delay short
                continue
            io.write(QByteArray(frame))
            played += 1
            self._primed = True
        while len(self._queue) > QUEUE_FRAMES:
            self._queue.pop(0)
            dropped += 1
        if played or dropped or underruns:
            self._count(frames_played=played, overruns=dropped, underruns=underruns)

    def _mic_ready(self) -> None:
        io = self._source_io
        if io is None:
            return
        self._mic += bytes(io.readAll().data())
        sent = dropped = 0
        while len(self._mic) >= FRAME_BYTES:
            frame = bytes(self._mic[:FRAME_BYTES])
            del self._mic[:FRAME_BYTES]
            try:
                self._sock.send(frame)
                sent += 1
            except (BlockingIOError, InterruptedError):
                dropped += 1
            except OSError:
                dropped += 1
            self._since_level += 1
            if self._since_level >= LEVEL_EVERY:
                self._since_level = 0
                self.level.emit(peak_level(frame))
        self._count(frames_captured=sent, mic_dropped=dropped)


class AudioBridge(QObject):
    """The desktop's handle on the speech path. Call it from the UI thread."""

    level = Signal(float)  # microphone peak, 0..1, about 12 times a second during a call
    opened = Signal(str, str)  # output, input in use
    closed = Signal()
    device_lost = Signal(str, str)  # "output"/"input", the description of the device gone
    failed = Signal(str)  # "output"/"input" would not open

    _mode = Signal(int)
    _devices = Signal(object, object)
    _shutdown = Signal()
    _probe = Signal()

    def __init__(self, sock: socket.socket, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("audio")
        self._worker = _Worker(sock)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.setup)
        self._mode.connect(self._worker.set_mode)
        self._devices.connect(self._worker.set_devices)
        self._worker.stream_lost.connect(self._stream_lost)
        self._wanted = ("", "")
        self._resolved: tuple[QAudioDevice, QAudioDevice] | None = None
        # Blocking: the devices are closed before the thread's loop is told to end.
        self._shutdown.connect(self._worker.shutdown, Qt.ConnectionType.BlockingQueuedConnection)
        self._probe.connect(self._worker.probe, Qt.ConnectionType.BlockingQueuedConnection)
        self._worker.level.connect(self.level)
        self._worker.opened.connect(self.opened)
        self._worker.closed.connect(self.closed)
        self._worker.failed.connect(self.failed)
        self._current = CLOSED
        self._thread.start()

    @property
    def mode(self) -> int:
        return self._current

    def stats(self) -> BridgeStats:
        return self._worker.stats()

    def watching(self) -> bool:
        """Whether the audio thread polls the devices' health (only while a stream is open),
        once what was asked of it before has run. For tests and diagnostics."""
        self._probe.emit()
        return bool(self._worker.watching)

    def set_devices(self, input_id: str, output_id: str) -> None:
        """Device ids as AudioSettings stores them ("" = the system default); applied at once."""
        self._wanted = (input_id, output_id)
        self._push()

    def _push(self) -> None:
        resolved = (input_device(self._wanted[0]), output_device(self._wanted[1]))
        self._resolved = resolved
        self._devices.emit(*resolved)

    def set_mode(self, mode: int) -> None:
        if mode != self._current:
            self._current = mode
            self._mode.emit(mode)

    def devices_changed(self) -> None:
        """The device list changed: a device in use that is gone is reported, and the chosen
        devices (or the defaults standing in for them) are sent again."""
        if self._resolved is not None and self._current != CLOSED:
            microphone, speaker = self._resolved
            if not speaker.isNull() and find_output(device_key(speaker)) is None:
                self.device_lost.emit("output", display_name(speaker))
            if (self._current == SPEECH and not microphone.isNull()
                    and find_input(device_key(microphone)) is None):
                self.device_lost.emit("input", display_name(microphone))
        self._push()

    def _stream_lost(self, kind: str, description: str) -> None:
        self.device_lost.emit(kind, description)
        self._push()

    def shutdown(self) -> None:
        """Close the devices and end the audio thread (before the engine goes)."""
        if not self._thread.isRunning():
            return
        self._shutdown.emit()
        self._thread.quit()
        self._thread.wait()
