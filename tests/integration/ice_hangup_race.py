"""A SIP process that hangs up ICE calls while the media clock is in the middle of a tick.

Run by tests/integration/test_nat.py in a child process, because the race it provokes killed
the process (SIGSEGV in pj_ice_strans_sendto2 on pjmedia's clock thread, app.telephony.engine.
mediagate). A slow port transmits into each call, so nearly every tick spends 15 of its 20 ms
reading it: a hangup then falls inside a tick, and the tick's write of the call's frame comes
after the hangup has closed the call's ICE transport. Exit status 0 and "ended N" on stdout:
every call ended and the process lived.

    python -m tests.integration.ice_hangup_race WORKDIR CALLS [far]

With "far" the far end hangs up (its BYE), not the agent.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pjsua2 as pj

from app.telephony.engine import PjsuaEngine
from app.telephony.events import CallState
from app.telephony.frames import FRAME_BYTES, FRAME_MS, RATE
from tests.integration.coturn import PASSWORD, running_coturn
from tests.integration.test_nat import turn_account
from tests.support import Driver, engine_config, finish_sipp, free_port, start_sipp

SLOW_READ_S = 0.015  # of the clock's 20 ms tick


class _SlowPort(pj.AudioMediaPort):
    """Silence, handed over late: the clock thread waits here (the GIL released)."""

    def __init__(self) -> None:
        super().__init__()
        self._format = pj.MediaFormatAudio()
        self._format.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, FRAME_MS * 1000, 16)
        self._format.type = pj.PJMEDIA_TYPE_AUDIO
        self.createPort("slow-source", self._format)
        self.reads = 0

    def onFrameRequested(self, frame: Any) -> None:  # noqa: N802 - pjsua2's name
        time.sleep(SLOW_READ_S)  # the point: a tick that takes its time
        self.reads += 1
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        frame.buf = pj.ByteVector(bytes(FRAME_BYTES))
        frame.size = FRAME_BYTES


def main(workdir: Path, calls: int, far: bool = False) -> int:
    ended = 0
    with running_coturn(workdir / "turn") as turn:
        engine = PjsuaEngine(engine_config(free_port()))
        driver = Driver(engine)
        engine.start()
        slow = _SlowPort()
        try:
            for n in range(calls):
                sipp_port = free_port()
                scenario = "uas_ice_bye" if far else "uas_ice_offer"
                sipp = start_sipp(scenario, None, sipp_port, workdir / f"sipp{n}")
                if n == 0:  # its server is not used: each call dials SIPp's address
                    engine.add_account(turn_account("agent", sipp_port, turn,
                                                    stun_server=turn.server), None, PASSWORD)
                call_id = engine.make_call(f"sip:peer@127.0.0.1:{sipp_port}", account="agent")
                driver.wait_call(CallState.ACTIVE, call_id)
                slow.startTransmit(engine._calls[call_id].pj_call.getAudioMedia(-1))
                reads = slow.reads  # the connection is made at a tick: wait for a few
                driver.pump_until(lambda: slow.reads >= reads + 3, what="slow reads")  # noqa: B023
                if not far:
                    engine.hangup(call_id)
                driver.wait_call(CallState.ENDED, call_id)
                finish_sipp(driver, sipp)
                ended += 1
        finally:
            slow.__swig_destroy__(slow)
            engine.stop()
    print(f"ended {ended}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:] == ["far"]))
