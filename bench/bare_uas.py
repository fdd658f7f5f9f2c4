"""A bare pjsua2 UAS: the baseline for bench/answer_latency.py.

Answers every INVITE with 200 straight from ``onIncomingCall``; nothing else. Same threading
model as the CaseLine engine (no worker threads, the main thread pumps ``libHandleEvents``), the
stack's defaults otherwise (4 calls at most). Prints ``ready <port>`` on stdout once it listens
and quits cleanly on SIGTERM/SIGINT.

    python bench/bare_uas.py --listen 127.0.0.1:5080
"""

from __future__ import annotations

import argparse
import signal
import sys
from typing import Any

import pjsua2 as pj


class BareCall(pj.Call):
    def __init__(self, acc: BareAccount, pj_id: int) -> None:
        super().__init__(acc, pj_id)
        self._acc = acc
        self.pj_id = pj_id

    def onCallState(self, prm: Any) -> None:  # noqa: N802 - pjsua2's name
        try:
            if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
                # Drop the Call inside its own DISCONNECTED callback: pjsua2 keeps its slot id,
                # so a Call destroyed later would hang up whichever new call took that slot.
                self._acc.calls.pop(self.pj_id, None)
        except Exception as exc:  # never unwind into C
            print(f"onCallState: {exc!r}", file=sys.stderr)


class BareAccount(pj.Account):
    def __init__(self) -> None:
        super().__init__()
        self.calls: dict[int, BareCall] = {}
        self.answered = 0

    def onIncomingCall(self, prm: Any) -> None:  # noqa: N802
        try:
            call = BareCall(self, prm.callId)
            self.calls[prm.callId] = call
            op = pj.CallOpParam()
            op.statusCode = 200
            call.answer(op)
            self.answered += 1
        except Exception as exc:
            print(f"onIncomingCall: {exc!r}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--listen", default="127.0.0.1:5080", help="HOST:PORT (UDP)")
    parser.add_argument("--log-level", type=int, default=2, help="pjsip log level 0..6")
    parser.add_argument("--version", action="store_true", help="print the pjsua2 version, quit")
    args = parser.parse_args(argv)
    if args.version:
        print(f"pjsua2 {pj.Endpoint().libVersion().full}", flush=True)
        return 0
    host, _, port_text = args.listen.rpartition(":")
    port = int(port_text)

    stop = False

    def request_stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    ep = pj.Endpoint()
    ep.libCreate()
    epc = pj.EpConfig()
    epc.uaConfig.threadCnt = 0
    epc.uaConfig.mainThreadOnly = True
    epc.logConfig.level = args.log_level
    epc.logConfig.consoleLevel = args.log_level
    ep.libInit(epc)
    tc = pj.TransportConfig()
    tc.boundAddress = host
    tc.port = port
    ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
    ep.libStart()
    adm = ep.audDevManager()
    adm.setNullDev()
    # Keep the null device's clock ticking: ended calls free their conference slots on a tick.
    adm.getCaptureDevMedia().startTransmit(adm.getPlaybackDevMedia())

    acc = BareAccount()
    ac = pj.AccountConfig()
    ac.idUri = f"sip:bench@{host}:{port}"
    ac.mediaConfig.transportConfig.boundAddress = host
    acc.create(ac, True)
    print(f"ready {port}", flush=True)

    try:
        while not stop:
            ep.libHandleEvents(10)
    finally:
        ep.hangupAllCalls()
        for _ in range(100):  # at most ~1 s for the BYEs to go out and calls to end
            if not acc.calls:
                break
            ep.libHandleEvents(10)
        acc.calls.clear()
        acc.shutdown()
        print(f"answered {acc.answered}", flush=True)
        del acc
        ep.libDestroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
