"""Media: codecs, the sound path (native device, the bridge port, the null device), each call's
wiring to it, recordings and sounds played into a call."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from app.telephony.engine.core import (
    EngineCore,
    TelephonyError,
    _CallRecord,
    _pj_reason,
    _PjCall,
    _Player,
)
from app.telephony.engine.unhandled import LIBRARY
from app.telephony.events import (
    AudioPath,
)
from app.telephony.frames import FRAME_BYTES, FRAME_MS, RATE, SocketFrames

if TYPE_CHECKING:
    from app.telephony.engine.mediagate import TickWitness

log = logging.getLogger(__name__)


class _TickPort(pj.AudioMediaPort):
    """A conference member of ours, in the bridge's format, that tells mediagate's witness of
    each clock tick that writes to it. On its own (no bridge port) it has no connections: the
    clock writes it an empty frame each tick while mediagate lets it."""

    def __init__(self, witness: TickWitness, name: str = "caseline-ticks") -> None:
        super().__init__()
        self.witness = witness
        self._format = pj.MediaFormatAudio()
        self._format.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, FRAME_MS * 1000, 16)
        self._format.type = pj.PJMEDIA_TYPE_AUDIO
        self.createPort(name, self._format)

    def onFrameReceived(self, frame: Any) -> None:  # noqa: N802 - pjsua2's name
        self.witness.ticked()


class _BridgePort(_TickPort):
    """The conference bridge's door to a sound path outside pjsua2 (see app.telephony.frames).

    Both callbacks run on pjmedia's clock thread every 20 ms and must return at once: sending
    never blocks and a missing frame is answered with silence.
    """

    def __init__(self, frames: SocketFrames, witness: TickWitness) -> None:
        self.frames = frames  # before the port exists: a tick may come at once
        super().__init__(witness, "caseline-bridge")

    def onFrameReceived(self, frame: Any) -> None:  # noqa: N802 - pjsua2's name
        self.witness.ticked()
        if frame.type == pj.PJMEDIA_FRAME_TYPE_AUDIO and frame.size == FRAME_BYTES:
            self.frames.send(bytes(frame.buf))

    def onFrameRequested(self, frame: Any) -> None:  # noqa: N802
        self.witness.ticked()
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        frame.buf = pj.ByteVector(self.frames.next_frame())
        frame.size = FRAME_BYTES


class Media(EngineCore):
    """Codecs, the sound path and what each call is wired to."""

    _hold_music_failed = False  # the hold music file could not be played (logged once)
    _g722_level_failed = False  # pjmedia_codec_g722_set_pcm_shift failed (logged once)

    def _set_codec_levels(self) -> None:
        """G.722 at the codec's own scale, fixed for the whole call.

        pjmedia's G.722 divides what it encodes by 4 and multiplies what it decodes by 4
        (PJMEDIA_G722_DEFAULT_PCM_SHIFT 2), and halves both for the rest of the call as soon as
        one decoded sample passes half the decoder's range (PJMEDIA_G722_STOP_PCM_SHIFT_ON_
        CLIPPING): a loud peer, or a decoder's overshoot after a lost packet or a renewed
        stream, and from then on the far end hears us 6 dB louder and we hear it 6 dB quieter.
        That was CI's conference failure: the translator heard the agent at half the level,
        the agent heard both parties twice as loud. A shift of 1 uses the codec's 15-bit range
        as spandsp's G.722 (Asterisk, FreeSWITCH, Wireshark) does (pjproject#4419), and no
        decoded sample can pass it, so the level never changes mid-call. Codecs opened after
        this call use it (the setting is read when a call's codec is opened)."""
        try:
            LIBRARY.pjmedia_codec_g722_set_pcm_shift(1)  # it only stores the value
        except AttributeError:  # a pjsip built without G.722
            if not Media._g722_level_failed:
                Media._g722_level_failed = True
                log.warning("G.722 level not set (not in this pjsip): it may change mid-call")

    def _set_codec_priorities(self, ep: Any) -> None:
        preferred = [name.lower() for name in self.config.codecs]
        for codec in ep.codecEnum2():
            name = codec.codecId.split("/", 1)[0].lower()
            if name in preferred:
                priority = 250 - preferred.index(name)
            elif codec.priority:
                priority = 100  # still offered, after the preferred ones
            else:
                continue
            ep.codecSetPriority(codec.codecId, priority)

    def _setup_audio(self, ep: Any) -> None:
        adm = ep.audDevManager()
        try:
            adm.refreshDevs()
            names = [adm.getDevInfo(i).name for i in range(adm.getDevCount())]
        except pj.Error:
            names = []
        if names:
            self.audio_path = AudioPath.NATIVE
            self._choose_native_devices(adm, names)
        else:
            adm.setNullDev()
            if self._frames is not None:
                self._port = _BridgePort(self._frames, self._witness)
                self.audio_path = AudioPath.BRIDGE
        # No sound clock at rest (it ticked 50 times a second): pjsua closes the device one
        # second after its last connection goes, and this connect and disconnect arms that.
        # Slots are still given back: removals queued at a call's end run on the ticks of that
        # second, and any connection (every call's audio makes one) reopens the device first.
        # tests/integration/test_idle.py holds both.
        capture, playback = adm.getCaptureDevMedia(), adm.getPlaybackDevMedia()
        capture.startTransmit(playback)
        capture.stopTransmit(playback)

    def _watch_ticks(self) -> None:
        """Where the gate works and no bridge port is in the conference, a port of ours for the
        gate to see the clock's ticks by, written to only while the gate waits."""
        if self._port is None and self._gate is not None and self._gate.available:
            self._tick_port = _TickPort(self._witness)
            self._gate.watch_with(self._tick_port.getPortId())

    def _choose_native_devices(self, adm: Any, names: list[str]) -> None:
        """The configured capture and playback devices by name; the system's default otherwise.

        Not exercised here: the Linux wheel has no native device (the bridge path is tested).
        """
        cfg = self.config
        with contextlib.suppress(pj.Error):
            if cfg.capture_device in names:
                adm.setCaptureDev(names.index(cfg.capture_device))
            if cfg.playback_device in names:
                adm.setPlaybackDev(names.index(cfg.playback_device))

    def _speaker(self) -> Any:
        """What the agent hears goes here: the bridge's port or the sound device."""
        if self._port is not None:
            return self._port
        return self._ep.audDevManager().getPlaybackDevMedia()

    def _microphone(self) -> Any:
        if self._port is not None:
            return self._port
        return self._ep.audDevManager().getCaptureDevMedia()

    def start_recording(self, call_id: str, path: str) -> None:
        """Record both directions of an active call into a WAV file at ``path``.

        The directory must exist; an existing file is overwritten. Recording stops by itself
        when the call ends; the events carry ``recording`` and ``recording_path``.
        """
        record = self._active(call_id)
        if record.recorder is not None:
            if record.recording_path == path:
                return
            raise TelephonyError("record_failed", "already recording")
        try:
            media = record.pj_call.getAudioMedia(-1)
        except pj.Error as exc:
            raise TelephonyError("not_active", f"{call_id}: no audio ({_pj_reason(exc)})") from None
        recorder = pj.AudioMediaRecorder()
        try:
            recorder.createRecorder(path)
        except pj.Error as exc:
            raise TelephonyError("record_failed", _pj_reason(exc)) from None
        capture = self._microphone()
        try:
            # Both directions mix into the file: what the caller says and what we send.
            media.startTransmit(recorder)
            if not (record.muted or record.held):
                capture.startTransmit(recorder)
        except pj.Error as exc:
            with contextlib.suppress(pj.Error):
                media.stopTransmit(recorder)
            raise TelephonyError("record_failed", _pj_reason(exc)) from None
        if record.player is not None:
            with contextlib.suppress(pj.Error):
                record.player.startTransmit(recorder)  # a notice under way goes in too
        if record.hold_music is not None:
            with contextlib.suppress(pj.Error):
                record.hold_music.startTransmit(recorder)  # what the held party hears
        record.recorder = recorder
        record.recording_path = path
        self._whole._rewire_monitors(record)  # a leader who barged in is on the call too
        self._emit(self._event(record))

    def stop_recording(self, call_id: str) -> None:
        """Close the call's recording (a no-op when it is not recording)."""
        record = self._call(call_id)
        if record.recorder is None:
            return
        self._drop_recorder(record)
        self._emit(self._event(record))

    def _drop_recorder(self, record: _CallRecord) -> None:
        """Unwire and destroy the recorder.

        pjmedia removes the port and finishes the WAV header on the sound clock's next tick, not
        at once: readers wait for ``app.telephony.recording.wav_closed``. libDestroy completes
        any removal still pending, so a recorder dropped here never outlives the library.
        """
        recorder, record.recorder = record.recorder, None
        if recorder is None:
            return
        if record.pj_call is not None:
            with contextlib.suppress(pj.Error):
                record.pj_call.getAudioMedia(-1).stopTransmit(recorder)
        if self._ep is not None:
            with contextlib.suppress(pj.Error):
                self._microphone().stopTransmit(recorder)
        del recorder  # the last reference: pjsua2 asks pjmedia to destroy the port now

    def play_to_call(self, call_id: str, path: str) -> None:
        """Play a WAV file (16-bit PCM mono) once into an active call.

        Both ends hear it (the caller through the call's audio, the agent through the speaker)
        and a running recording holds it: a recording notice is on the record. A sound still
        playing on the call is cut off by the new one. The player goes when the file ends, when
        the call ends, or when the engine stops.
        """
        record = self._active(call_id)
        try:
            media = record.pj_call.getAudioMedia(-1)
        except pj.Error as exc:
            raise TelephonyError("not_active", f"{call_id}: no audio ({_pj_reason(exc)})") from None
        self._drop_player(record)
        player: _Player | None = None
        try:
            player = self._players.create(_Player, path, pj.PJMEDIA_FILE_NO_LOOP)
            player.startTransmit(media)
            player.startTransmit(self._speaker())
            if record.recorder is not None:
                player.startTransmit(record.recorder)
        except pj.Error as exc:
            self._players.destroy(player)  # made, but not wired
            raise TelephonyError("play_failed", f"{path}: {_pj_reason(exc)}") from None
        record.player = player

    def _drop_player(self, record: _CallRecord) -> None:
        """Destroy the call's player (never from its own onEof2: pjsua2 forbids that).

        As with a recorder, pjmedia removes the port on the sound clock's next tick, and
        libDestroy completes a removal still pending, so no player outlives the library.
        """
        player, record.player = record.player, None
        self._players.destroy(player)

    def conference_ports(self) -> int:
        """Conference-bridge slots in use (for tests and diagnostics: ended calls give theirs
        back; a leak ends in 488 for every call once the bridge's 254 are gone)."""
        self._require_running()
        return int(self._ep.mediaActivePorts())

    def _on_call_media_state(self, call: _PjCall) -> None:
        record = self._calls.get(call.record_id)
        if record is None:
            return
        if record.monitor is not None:
            self._whole._wire_monitor(record)  # a monitoring call: no event, its own wiring
            return
        info = call.getInfo()
        held = remote_held = False
        for media in info.media:
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            held = media.status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD
            remote_held = media.status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
            reinviting = info.state == pj.PJSIP_INV_STATE_CONFIRMED
            if media.status == pj.PJSUA_CALL_MEDIA_NONE and reinviting:
                held = record.held  # a re-INVITE in flight; keep what we had
        changed = (held, remote_held) != (record.held, record.remote_held)
        record.held, record.remote_held = held, remote_held  # the wiring follows them
        self._connect_audio(record)
        if changed:
            self._emit(self._event(record))

    def _connect_audio(self, record: _CallRecord) -> None:
        """Wire the call as (held, muted, recording) say, all of it each time.

        The call's audio goes to the speaker and into its recording. The microphone goes into
        the call and its recording only while the call is neither held nor muted: pjsua keeps
        sending on a call we hold (a sendonly stream), so a microphone left on it would reach
        the held party (the agent talking to the next caller, too). On hold the hold music, if
        any, takes its place. A re-INVITE (hold, resume) gives the call a new conference port,
        with no connection at all: nothing here may rely on what the old port had.
        """
        call = record.pj_call
        if call is None or self._ep is None:
            return
        if record.monitor is not None:
            self._whole._wire_monitor(record)
            return
        try:
            media = call.getAudioMedia(-1)
        except pj.Error:
            return  # no active audio (held both ways, or not yet)
        capture = self._microphone()
        talking = not (record.held or record.muted)
        if _transmit(media, self._speaker(), True):
            record.audio_connected = True
        _transmit(capture, media, talking)
        if record.recorder is not None:
            # The file holds what the call carries: not a muted microphone, nor one on hold.
            _transmit(media, record.recorder, True)
            _transmit(capture, record.recorder, talking)
        if record.held:
            self._play_hold_music(record, media)
        else:
            self._drop_hold_music(record)
        self._whole._rewire_monitors(record)  # the call's new port, if any, to its monitors

    def _play_hold_music(self, record: _CallRecord, media: Any) -> None:
        """The configured hold music, looped, into the held call (and its recording) only."""
        player = record.hold_music
        if player is None:
            path = self.config.hold_music
            if not path or self._hold_music_failed:
                return
            try:
                player = self._players.create(pj.AudioMediaPlayer, path, 0)  # 0: it loops
            except pj.Error as exc:
                # Once per engine, not on every hold: the held party hears silence instead.
                self._hold_music_failed = True
                log.warning("hold music %s: %s; held calls hear silence", path, _pj_reason(exc))
                return
            record.hold_music = player
        _transmit(player, media, True)
        if record.recorder is not None:
            _transmit(player, record.recorder, True)

    def _drop_hold_music(self, record: _CallRecord) -> None:
        """Destroy the call's hold music player (on resume, at the call's end, at stop): as
        with a recorder, pjmedia removes its port on the clock's next tick, and libDestroy
        completes a removal still pending."""
        player, record.hold_music = record.hold_music, None
        self._players.destroy(player)


def _transmit(source: Any, sink: Any, on: bool) -> bool:
    """Connect or disconnect ``source`` to ``sink`` on the bridge; False if pjsua refused."""
    try:
        if on:
            source.startTransmit(sink)
        else:
            source.stopTransmit(sink)
    except pj.Error:
        return False
    return True
