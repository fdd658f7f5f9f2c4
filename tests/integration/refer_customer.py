"""A customer's phone that follows a REFER (the transferee of an attended transfer), for the
tests: a bare pjsua2 endpoint in a process of its own (pjsua2 is one per process), registered
at Kamailio, saying a tone into every call it has.

CaseLine's own engine refuses every REFER (an agent's phone never calls someone else on a peer's
word), so it cannot stand for the customer here. This one does what a customer's softphone or a
PBX does: pjsua follows the REFER, and puts the Refer-To URI's headers (Replaces, X-Case-Number,
User-to-User) on its new INVITE.

Run: python -m tests.integration.refer_customer <kamailio host:port> <user> <password> <tone>
[ear] (ear: report what it hears, "hears" lines: tone and level in dB)
Stdout: one JSON object a line (ready, reg, state, transfer_request, xfer_status, done).
Stdin: "call <uri>", "refuse_refer" (answer the next REFERs 603), "refer <uri>" (send the
first call's peer a REFER), "quit".
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import sys
import threading
import time
from typing import Any

import pjsua2 as pj

DOMAIN = "caseline.test"


_SAYING = threading.Lock()  # the ear speaks from pjmedia's clock thread
RATE = 16000  # pjsua's default conference clock
FRAME = RATE // 50 * 2  # 20 ms of 16-bit mono


def say(**fields: Any) -> None:
    with _SAYING:
        sys.stdout.write(json.dumps(fields) + "\n")
        sys.stdout.flush()


class Ear(pj.AudioMediaPort):
    """What the customer hears, told as it changes (bench/escalation.py times the silence
    of a transfer with it): every 100 ms the dominant tone heard, rounded to 10 Hz, 0 for
    silence. Runs on pjmedia's clock thread: nothing here may raise into C."""

    def __init__(self) -> None:
        super().__init__()
        fmt = pj.MediaFormatAudio()
        fmt.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, 20000, 16)
        fmt.type = pj.PJMEDIA_TYPE_AUDIO
        self.createPort("ear", fmt)
        self._pending = bytearray()
        self._last: tuple[int, int] = (-1, 0)

    def onFrameReceived(self, frame: Any) -> None:  # noqa: N802 - pjsua2's name
        try:
            audio = frame.type == pj.PJMEDIA_FRAME_TYPE_AUDIO and frame.size == FRAME
            self._pending += bytes(frame.buf) if audio else bytes(FRAME)
            if len(self._pending) < 5 * FRAME:
                return
            heard = _tone(bytes(self._pending))
            level = _db(bytes(self._pending))
            self._pending.clear()
            if (heard, level) != self._last:
                self._last = (heard, level)
                say(event="hears", freq=heard, db=level, at=time.time())
        except Exception:  # noqa: S110 - never into C; a lost report shows as a slow one
            pass

    def onFrameRequested(self, frame: Any) -> None:  # noqa: N802
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        frame.buf = pj.ByteVector(bytes(FRAME))
        frame.size = FRAME


def _db(pcm: bytes) -> int:
    """The RMS of ``pcm`` in whole dB (re 1): a level that changes by 6 dB shows as 6."""
    import numpy as np  # noqa: PLC0415 - only with the ear

    rms = float(np.sqrt(np.mean(np.frombuffer(pcm, dtype="<i2").astype(np.float64) ** 2)))
    return round(20 * np.log10(rms)) if rms >= 1 else 0


def _tone(pcm: bytes) -> int:
    import numpy as np  # noqa: PLC0415 - only with the ear

    data = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    if float(np.sqrt(np.mean(data**2))) < 300:
        return 0
    spectrum = np.abs(np.fft.rfft(data * np.hanning(len(data))))
    freqs = np.fft.rfftfreq(len(data), 1 / RATE)
    spectrum[freqs < 50] = 0
    return int(round(float(freqs[int(spectrum.argmax())]) / 10) * 10)


class Customer:
    def __init__(self, server: str, user: str, secret: str, tone: float,
                 ear: bool = False) -> None:
        self.ep = pj.Endpoint()
        self.ep.libCreate()
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.logConfig.level = 1
        cfg.logConfig.consoleLevel = 1
        self.ep.libInit(cfg)
        # G.722 at the codec's 15-bit scale, as spandsp's phones and PBXs and CaseLine use it
        # (app.telephony.engine.media: _set_codec_levels): a standard-level phone.
        ctypes.CDLL(pj._pjsua2.__file__).pjmedia_codec_g722_set_pcm_shift(1)
        # An HD desk phone's choice, first in its offer (pjsua's own order puts Speex first).
        self.ep.codecSetPriority("G722/16000/1", 255)
        transport = pj.TransportConfig()
        transport.boundAddress = "127.0.0.1"
        transport.port = 0
        self.ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
        self.ep.libStart()
        self.ep.audDevManager().setNullDev()
        self.tone = pj.ToneGenerator()
        self.tone.createToneGenerator(16000, 1)
        desc = pj.ToneDesc()
        desc.freq1 = int(tone)
        desc.freq2 = 0
        desc.on_msec = 30000  # a short in pjmedia; looped
        desc.off_msec = 0
        tones = pj.ToneDescVector()
        tones.append(desc)
        self.tone.play(tones, True)
        self.refuse_refer = False
        self.ear = Ear() if ear else None
        self.calls: list[CustomerCall] = []
        acc_cfg = pj.AccountConfig()
        acc_cfg.idUri = f"sip:{user}@{DOMAIN}"
        acc_cfg.regConfig.registrarUri = f"sip:{server}"
        acc_cfg.sipConfig.proxies.append(f"sip:{server};lr")
        acc_cfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", user, 0, secret))
        self.acc = CustomerAccount()
        self.acc.create(acc_cfg)

    def run(self) -> None:
        say(event="ready", pid=os.getpid())
        while True:
            self.ep.libHandleEvents(10)
            ready, _, _ = select.select([sys.stdin], [], [], 0)
            if not ready:
                continue
            line = sys.stdin.readline()
            if not line or line.strip() == "quit":
                break
            command, _, arg = line.strip().partition(" ")
            if command == "call":
                call = CustomerCall(self)
                call.makeCall(arg, pj.CallOpParam(True))
            elif command == "refuse_refer":
                self.refuse_refer = True
            elif command == "refer" and self.calls:
                # The customer's side turned hostile: it asks the agent's phone to call
                # someone else (with a forged Replaces).
                self.calls[0].xfer(arg, pj.CallOpParam(True))
            say(event="done", command=command)
        self.ep.hangupAllCalls()
        for _ in range(50):
            self.ep.libHandleEvents(10)
        # A test's stand-in ends here: the kernel closes its sockets, and no pjsua2 object
        # outlives or dies after the library (its destructors assert on either).
        sys.stdout.flush()
        os._exit(0)


class CustomerAccount(pj.Account):
    def onRegState(self, prm: Any) -> None:  # noqa: N802 - pjsua2's name
        say(event="reg", code=int(prm.code))


class CustomerCall(pj.Call):
    def __init__(self, customer: Customer) -> None:
        super().__init__(customer.acc)
        self.customer = customer
        customer.calls.append(self)  # pjsua2 needs the Python object alive

    def onCallState(self, prm: Any) -> None:  # noqa: N802
        info = self.getInfo()
        say(event="state", call=int(info.id), state=str(info.stateText),
            code=int(info.lastStatusCode), remote=str(info.remoteUri))

    def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
        try:
            media = self.getAudioMedia(-1)
        except pj.Error:
            return
        self.customer.tone.startTransmit(media)
        if self.customer.ear is not None:
            media.startTransmit(self.customer.ear)

    def onCallTransferStatus(self, prm: Any) -> None:  # noqa: N802
        say(event="xfer_status", code=int(prm.statusCode), final=bool(prm.finalNotify))

    def onCallTransferRequest(self, prm: Any) -> None:  # noqa: N802
        say(event="transfer_request", dst=str(prm.dstUri))
        if self.customer.refuse_refer:
            prm.statusCode = 603
            return
        prm.newCall = CustomerCall(self.customer)  # the call to the transfer target


if __name__ == "__main__":
    server_arg, user_arg, secret_arg, tone_arg = sys.argv[1:5]
    Customer(server_arg, user_arg, secret_arg, float(tone_arg),
             ear="ear" in sys.argv[5:]).run()
