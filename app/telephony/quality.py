"""Call quality: the E-model (ITU-T G.107) from a call's RTCP figures, and the meter that turns
pjmedia's running counters into figures of the last few seconds.

Pure Python, no pjsua2: the engine reads the stream's statistics (app.telephony.engine.calls)
and hands plain counters to ``QualityMeter``; the figures leave as ``CallQuality`` events.

The E-model is G.107 (06/2015) with its default values for everything a softphone cannot
measure (loudness ratings, room noise, sidetone, echo loss TELR = 65 dB, WEPL = 110 dB,
advantage A = 0): R = R0 - Is - Id - Ie,eff + A = 93.2 for a perfect path. What a call changes:

- **Id**, from the one-way mouth-to-ear delay: half the round trip, the jitter buffer, one
  packet of packetisation (``one_way_delay_ms``). T = Ta = that delay, Tr = twice it.
- **Ie,eff** = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl), Ppl the packet loss in percent,
  BurstR = 1 (random loss: pjmedia's counters do not say how bursty the loss was), Ie and Bpl
  per codec from G.113 Appendix I (``CODECS``).

MOS (conversational, narrowband scale) = 1 + 0.035 R + R (R - 60) (100 - R) 7e-6, clipped to
[1, 4.5]: 4.41 at R = 93.2, 2.58 at R = 50. A call below ``POOR_MOS`` (app.common.quality)
is poor.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.common.quality import POOR_MOS

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["POOR_MOS", "CallFigures", "Codec", "Figures", "QualityMeter", "StreamCounters",
           "codec", "estimate", "mos", "one_way_delay_ms", "r_factor"]

FRAME_MS = 20.0  # pjmedia's audio packets: one 20 ms frame each

# G.107 default values (Table 3) for the terms a softphone cannot measure.
_SLR, _RLR, _STMR, _LSTR, _DS = 8.0, 2.0, 15.0, 18.0, 3.0
_TELR, _WEPL, _QDU = 65.0, 110.0, 1.0
_NC, _NFOR, _PS, _PR = -70.0, -64.0, 35.0, 35.0
_MT = 100.0  # ms of absolute delay before Idd starts (G.107 mT, sT = 1)


@dataclass(frozen=True, slots=True)
class Codec:
    ie: float  # equipment impairment factor
    bpl: float  # packet-loss robustness factor


# Ie and Bpl by codec name (pjmedia's, lower case). G.113 (11/2007) Appendix I: Table I.1 for
# Ie, Table I.3 for Bpl. pjmedia conceals lost frames of every codec it decodes (its PLC is on by
# default), so G.711 is "with PLC". Choices where G.113 gives no narrowband value:
# - G.722 (wideband) on the narrowband scale is scored as G.711 with PLC: its intrinsic quality
#   is at least G.711's, and pjmedia conceals its losses the same way.
# - Opus has no ITU-T planning value; scored as G.711 with PLC too (neither better nor worse than
#   the codec it replaces) until G.113 gives one.
# - GSM 06.10: Ie = 20 (Table I.1); Bpl of GSM-EFR (10), the nearest codec Table I.3 lists.
# - Others (iLBC, Speex...): G.729A's Ie = 11, Bpl = 19.0, a low-rate codec with concealment.
G711 = Codec(ie=0.0, bpl=25.1)
G711_NO_PLC = Codec(ie=0.0, bpl=4.3)
CODECS: dict[str, Codec] = {
    "pcmu": G711, "pcma": G711, "g722": G711, "opus": G711, "l16": G711,
    "gsm": Codec(ie=20.0, bpl=10.0),
}
OTHER_CODEC = Codec(ie=11.0, bpl=19.0)


def codec(name: str) -> Codec:
    """Ie and Bpl for a codec by name ("PCMU", "G722/16000/1"...)."""
    return CODECS.get(name.split("/", 1)[0].strip().lower(), OTHER_CODEC)


def _defaults() -> tuple[float, float, float]:
    """(R0, Is, No) of G.107 at its default values: none of them depends on the call."""
    olr = _SLR + _RLR
    nos = _PS - _SLR - _DS - 100 + 0.004 * (_PS - olr - _DS - 14) ** 2
    pre = _PR + 10 * math.log10(1 + 10 ** ((10 - _LSTR) / 10))
    nor = _RLR - 121 + pre + 0.008 * (pre - 35) ** 2
    nfo = _NFOR + _RLR
    no = 10 * math.log10(10 ** (_NC / 10) + 10 ** (nos / 10) + 10 ** (nor / 10)
                         + 10 ** (nfo / 10))
    r0 = 15 - 1.5 * (_SLR + no)
    xolr = olr + 0.2 * (64 + no - _RLR)
    iolr = 20 * ((1 + (xolr / 8) ** 8) ** (1 / 8) - xolr / 8)
    q = 37 - 15 * math.log10(_QDU)
    g = 1.07 + 0.258 * q + 0.0602 * q ** 2
    iq = 15 * math.log10(1 + 10 ** ((r0 - 100) / 15 + 46 / 8.4 - g / 9) + 10 ** (46 / 30 - g / 40))
    return r0, iolr + iq, no  # Is without Ist, which depends on T (_ist)


_R0, _IS_NO_IST, _NO = _defaults()


def _ist(t: float) -> float:
    """Sidetone impairment; T enters through the talker echo in STMRo."""
    stmro = -10 * math.log10(10 ** (-_STMR / 10) + math.exp(-t / 4) * 10 ** (-_TELR / 10))
    return float(12 * (1 + ((stmro - 13) / 6) ** 8) ** (1 / 8)
                 - 28 * (1 + ((stmro + 1) / 19.4) ** 35) ** (1 / 35)
                 - 13 * (1 + ((stmro - 3) / 33) ** 13) ** (1 / 13) + 29)


def delay_impairment(one_way_ms: float) -> float:
    """Id = Idte + Idle + Idd (G.107 7.4) for a one-way delay: T = Ta = it, Tr = twice it."""
    t = ta = max(0.0, one_way_ms)
    tr = 2 * t
    roe = -1.5 * (_NO - _RLR)
    terv = _TELR - 40 * math.log10((1 + t / 10) / (1 + t / 150)) + 6 * math.exp(-0.3 * t ** 2)
    re = 80 + 2.5 * (terv - 14)
    idte = ((roe - re) / 2 + math.sqrt((roe - re) ** 2 / 4 + 100) - 1) * (1 - math.exp(-t))
    rle = 10.5 * (_WEPL + 7) * (tr + 1) ** -0.25
    idle = (_R0 - rle) / 2 + math.sqrt((_R0 - rle) ** 2 / 4 + 169)
    idd = 0.0
    if ta > _MT:
        x = math.log10(ta / _MT) / math.log10(2)
        idd = 25 * ((1 + x ** 6) ** (1 / 6) - 3 * (1 + (x / 3) ** 6) ** (1 / 6) + 2)
    return float(idte + idle + idd)


def loss_impairment(loss_pct: float, used: Codec = G711, burst_r: float = 1.0) -> float:
    """Ie,eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl) (G.107 7.6)."""
    ppl = min(100.0, max(0.0, loss_pct))
    return used.ie + (95 - used.ie) * ppl / (ppl / burst_r + used.bpl)


def r_factor(*, loss_pct: float = 0.0, one_way_ms: float = 0.0, used: Codec = G711,
             burst_r: float = 1.0) -> float:
    """The transmission rating R; 93.2 for no loss and no delay with G.711."""
    t = max(0.0, one_way_ms)
    return (_R0 - (_IS_NO_IST + _ist(t)) - delay_impairment(t)
            - loss_impairment(loss_pct, used, burst_r))


def mos(r: float) -> float:
    """MOS-CQE from R (G.107 Annex B), clipped to [1, 4.5]."""
    if r <= 0:
        return 1.0
    if r >= 100:
        return 4.5
    return min(4.5, max(1.0, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6))


def one_way_delay_ms(rtt_ms: float | None, jitter_ms: float | None,
                     buffer_ms: float | None = None, frame_ms: float = FRAME_MS) -> float:
    """Mouth to ear: half the round trip (0 until RTCP has measured one), the jitter buffer
    (pjmedia's own average when known, else twice the jitter, at least a frame), and one frame
    of packetisation."""
    network = (rtt_ms or 0.0) / 2
    buffered = buffer_ms if buffer_ms is not None else max(2 * (jitter_ms or 0.0), frame_ms)
    return network + buffered + frame_ms


def estimate(*, loss_pct: float, jitter_ms: float | None, rtt_ms: float | None,
             codec_name: str = "PCMU", buffer_ms: float | None = None) -> float:
    """The MOS of a path with these figures."""
    delay = one_way_delay_ms(rtt_ms, jitter_ms, buffer_ms)
    return mos(r_factor(loss_pct=loss_pct, one_way_ms=delay, used=codec(codec_name)))


# -- the meter -------------------------------------------------------------------------------

# Figures cover the last WINDOW_S seconds: long enough that one lost packet in a short tail is
# not 7 % loss, short enough that a minute of bad line shows while it lasts.
WINDOW_S = 10.0
MIN_PACKETS = 50  # a window with fewer packets expected (1 s of speech) gives no loss figure


@dataclass(frozen=True, slots=True)
class StreamCounters:
    """One RTP stream's figures as pjmedia keeps them: counts since the stream began, the
    other values as last measured. ``None``: not measured (yet)."""

    rx_packets: int = 0  # received from the far end
    rx_lost: int = 0  # missing from the far end's sequence numbers
    tx_packets: int = 0  # sent by us
    tx_lost: int = 0  # the far end's reports (RTCP RR): what it lost of ours
    rx_jitter_ms: float | None = None  # interarrival jitter of what we receive
    tx_jitter_ms: float | None = None  # ... of what the far end receives (its RR)
    rtt_ms: float | None = None  # round trip, from the far end's RR of our SR
    buffer_ms: float | None = None  # the jitter buffer's average delay
    codec: str = ""


@dataclass(frozen=True, slots=True)
class Figures:
    loss_pct: float | None  # the worse direction's loss in the window
    jitter_ms: float | None  # the worse direction's jitter
    rtt_ms: float | None
    mos: float | None  # None when the window held too little to judge


@dataclass(frozen=True, slots=True)
class _Counts:
    rx_packets: int
    rx_lost: int
    tx_packets: int
    tx_lost: int


class QualityMeter:
    """A call's figures over its last ``WINDOW_S`` seconds. pjmedia's counters start again at
    zero with each stream (a hold or resume renews it): the meter adds up the streams ended so
    far, so its counts only grow. Fed from one thread (the engine's)."""

    def __init__(self, window_s: float = WINDOW_S) -> None:
        self._window = window_s
        self._ended = _Counts(0, 0, 0, 0)  # the streams that ended, added up
        self._marks: deque[tuple[float, _Counts]] = deque([(-math.inf, self._ended)])
        # The latest counters read (jitter, round trip and codec stand until the next), and
        # whether their counts are the live stream's (else already in _ended).
        self._last: StreamCounters | None = None
        self._live = False

    def stream_ended(self, final: StreamCounters) -> None:
        """A stream's last counters, read just before pjmedia destroys it."""
        self._ended = self._total(final)
        self._last, self._live = final, False

    def sample(self, now: float, live: StreamCounters | None) -> Figures:
        """The figures of the window ending ``now`` (``live``: the current stream, if any)."""
        if live is not None:
            self._last, self._live = live, True
        total = self._total(self._last if self._live else None)
        while len(self._marks) > 1 and self._marks[1][0] <= now - self._window:
            self._marks.popleft()  # the newest mark at or before the window's start stays
        base = self._marks[0][1]
        self._marks.append((now, total))
        rx = _loss(total.rx_lost - base.rx_lost, total.rx_packets - base.rx_packets)
        # What the far end lost of what we sent. Its reports lag our count of packets sent by
        # up to an RTCP interval (5 s): an estimate of the same window, not an exact one.
        tx_lost = total.tx_lost - base.tx_lost
        tx = _loss(tx_lost, total.tx_packets - base.tx_packets - tx_lost)
        last = self._last
        jitters = [j for j in (last.rx_jitter_ms, last.tx_jitter_ms) if j is not None] \
            if last is not None else []
        jitter = max(jitters) if jitters else None
        rtt = last.rtt_ms if last is not None else None
        losses = [x for x in (rx, tx) if x is not None]
        loss = max(losses) if losses else None
        if loss is None:
            return Figures(None, _round(jitter), _round(rtt), None)
        score = estimate(loss_pct=loss, jitter_ms=jitter, rtt_ms=rtt,
                         codec_name=last.codec if last is not None else "",
                         buffer_ms=last.buffer_ms if last is not None else None)
        return Figures(_round(loss), _round(jitter), _round(rtt), round(score, 2))

    def _total(self, live: StreamCounters | None) -> _Counts:
        e = self._ended
        if live is None:
            return e
        return _Counts(e.rx_packets + live.rx_packets, e.rx_lost + live.rx_lost,
                       e.tx_packets + live.tx_packets, e.tx_lost + live.tx_lost)


def _loss(lost: int, received: int) -> float | None:
    """Percent lost of what was expected (received + lost); None below MIN_PACKETS."""
    lost = max(0, lost)
    expected = max(0, received) + lost
    if expected < MIN_PACKETS:
        return None
    return 100.0 * lost / expected


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True, slots=True)
class CallFigures:
    """What a call log keeps of a call's samples: the worst it was, each figure on its own (the
    lowest MOS, the highest loss, jitter and round trip, maybe of different samples). A call
    bad for one minute of ten shows as bad. ``None``: never measured."""

    mos: float | None = None
    loss_pct: float | None = None
    jitter_ms: float | None = None
    rtt_ms: float | None = None

    def worst(self, *, mos: float | None, loss_pct: float | None, jitter_ms: float | None,
              rtt_ms: float | None) -> CallFigures:
        """These figures with one more sample's folded in."""
        return CallFigures(_pick(min, self.mos, mos), _pick(max, self.loss_pct, loss_pct),
                           _pick(max, self.jitter_ms, jitter_ms), _pick(max, self.rtt_ms, rtt_ms))


def _pick(choose: Callable[[float, float], float], kept: float | None,
          new: float | None) -> float | None:
    if kept is None:
        return new
    return kept if new is None else choose(kept, new)
