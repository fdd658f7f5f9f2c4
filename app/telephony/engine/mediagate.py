"""Closing a call's conference port, and waiting out the clock, before the call is torn down.

pjsua 2.15 tears a call down on the SIP thread: it queues the removal of the call's conference
port (the clock thread carries it out at its next tick), destroys the stream and closes the
media transport. A tick already under way meanwhile still writes the call's frame: the stream
encodes it and sends it through the closed transport. For ICE (our calls with STUN or TURN)
that transport's session pointer is NULL by then and ``pj_ice_strans_sendto2`` dereferences it:
the SIP process died at about one hangup in 50 under load (core dump: clock_thread -> put_frame
-> transport_send_rtp -> pj_ice_strans_sendto2). pjproject#4301 (after 2.15.1) tests the
pointer; this wheel predates it.

So before a call is hung up here its port is disabled at once (``pjmedia_conf_configure_port``:
a tick tests the setting before it writes to a port, and this does not wait for the queue), and
the hangup waits until the clock thread has been seen in one of our own ports' callbacks after
that: the tick that may have been writing the call's frame is over, and every later one skips
the port. pjsua2 has no call for either step, so this uses the C API the wheel exports, like
app.telephony.engine.unhandled; the conference's address is read from ``pjsua_var`` next to
the media endpoint, whose address pjsua does export, and checked before it is used. When any of
it does not check out the gate stays open and hangups go as before (logged once).

A teardown pjsua starts itself (the far end's BYE, a call replaced, a timeout) reaches the same
code without our hangup, and is not covered. Closing the gate from ``on_stream_destroyed``
(called just before such a teardown) broke a three-way call: its streams are also renewed
there, and the conference test's parties stopped hearing each other. In the test that makes the
agent's hangup crash every time (tests/integration/ice_hangup_race.py), the far end's BYE ("far")
ended 25 of 25 calls run alone; one run of it among other tests failed, not yet examined.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from typing import Any

import pjsua2 as pj

from app.telephony.engine.unhandled import LIBRARY

log = logging.getLogger(__name__)

_NO_CHANGE, _PORT_DISABLE, _PORT_ENABLE = 0, 1, 3  # pjmedia_port_op (MUTE is 2)
# pjsua_data (pjsua_internal.h, 2.15): med_endpt, then mconf_cfg (three unsigned), then mconf.
_MCONF_AFTER_MED_ENDPT = 8 + 12 + 4  # pointer, the 12-byte struct, padding to 8
# sizeof(pjsua_data) in the 2.15 wheels (nm -S); scanned, not beyond. A 2.15 build with other
# PJSUA_MAX_* sizes has another: the media endpoint would then not be found once, or the
# settings next to it would not check out, and the gate stays open.
_PJSUA_VAR_SIZE = 0x6f9c8
MAX_PORTS = 254  # PJSUA_MAX_CONF_PORTS
TICK_WAIT_S = 0.2  # ten ticks: a clock that has not ticked by then is stopped, not in a tick


def _declare(lib: ctypes.CDLL) -> None:
    lib.pj_get_version.restype = ctypes.c_char_p
    lib.pjsua_get_pjmedia_endpt.restype = ctypes.c_void_p
    lib.pjmedia_conf_enum_ports.argtypes = [
        ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint)]
    lib.pjsua_conf_get_active_ports.restype = ctypes.c_uint
    lib.pjmedia_conf_configure_port.argtypes = [
        ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_int]


def find_conference(lib: ctypes.CDLL) -> int | None:
    """The address of pjsua's conference bridge, or None when pjsua_var does not look as
    expected (another pjsip build): the media endpoint's address must occur once in it, the
    settings after it must look like pjsua's, and the bridge after them must list the ports
    pjsua lists."""
    _declare(lib)
    # The loaded library's own release (a bundle may lack the wheel's metadata).
    if not (lib.pj_get_version() or b"").startswith(b"2.15"):
        return None  # a layout read from 2.15's header; later releases test the pointer
    endpt = lib.pjsua_get_pjmedia_endpt()
    if not endpt:
        return None
    base = ctypes.addressof(ctypes.c_char.in_dll(lib, "pjsua_var"))
    words = (ctypes.c_uint64 * (_PJSUA_VAR_SIZE // 8)).from_address(base)
    hits = [i for i, word in enumerate(words) if word == endpt]
    if len(hits) != 1 or hits[0] + 3 >= len(words):
        return None
    # mconf_cfg before any pointer is followed: one or two channels, 16 bits, a frame of whole
    # milliseconds at 8 to 48 kHz (pjsua's own settings, not a stray word).
    settings = (ctypes.c_uint * 3).from_address(base + hits[0] * 8 + 8)
    channels, samples, bits = settings[0], settings[1], settings[2]
    if channels not in (1, 2) or bits != 16 or not 80 <= samples <= 4 * 960 or samples % 8:
        return None
    conf = ctypes.c_void_p.from_address(base + hits[0] * 8 + _MCONF_AFTER_MED_ENDPT).value
    if not conf:
        return None
    ports = (ctypes.c_uint * MAX_PORTS)()
    count = ctypes.c_uint(MAX_PORTS)
    if lib.pjmedia_conf_enum_ports(conf, ports, ctypes.byref(count)) != 0 \
            or count.value == 0 or count.value != lib.pjsua_conf_get_active_ports():
        return None
    return conf


class TickWitness:
    """Notes the conference clock's visits to one of our ports (called on the clock thread)."""

    def __init__(self) -> None:
        self._waiter: threading.Event | None = None

    def ticked(self) -> None:
        waiter = self._waiter
        if waiter is not None:
            waiter.set()

    def wait_for_tick(self, timeout: float = TICK_WAIT_S) -> bool:
        """Block (the GIL released) until the clock thread is next in one of our ports."""
        waiter = threading.Event()
        self._waiter = waiter
        try:
            return waiter.wait(timeout)
        finally:
            self._waiter = None


class MediaGate:
    """Disables conference ports of calls about to end; see the module's docstring."""

    def __init__(self, witness: TickWitness) -> None:
        self._witness = witness
        self._lib = LIBRARY
        self._conf: int | None = None
        self._ticker: int | None = None  # watch_with()
        why = "pjsua's conference bridge not found"
        try:
            self._conf = find_conference(self._lib)
        except (AttributeError, ValueError, OSError) as exc:
            why = str(exc)
        if self._conf is None:
            log.warning("media gate unavailable: %s; a hangup may race the media clock", why)

    @property
    def available(self) -> bool:
        return self._conf is not None

    def watch_with(self, slot: int) -> None:
        """Our port at ``slot`` is the witness (where no bridge port is): the clock writes to
        it only while close() waits, so at rest the clock never waits for Python's lock."""
        self._ticker = slot
        self._set(slot, _PORT_DISABLE, _NO_CHANGE)

    def close(self, slots: list[int]) -> None:
        """Disable ``slots`` and return once no tick can still be writing to them."""
        if self._conf is None:
            return
        closed = [slot for slot in slots
                  if slot >= 0 and self._set(slot, _PORT_DISABLE, _PORT_DISABLE)]
        if not closed:
            return
        # A tick that writes to the witness after this tested its setting after the ports
        # above were disabled: any write to them under way had finished (one thread, in
        # slot order).
        if self._ticker is not None:
            self._set(self._ticker, _PORT_ENABLE, _NO_CHANGE)
        try:
            if not self._witness.wait_for_tick():
                # No tick within ten: the clock is stopped, so none is under way either.
                log.debug("media gate: no clock tick within %.1f s", TICK_WAIT_S)
        finally:
            if self._ticker is not None:
                self._set(self._ticker, _PORT_DISABLE, _NO_CHANGE)

    def _set(self, slot: int, tx: int, rx: int) -> bool:
        assert self._conf is not None
        return bool(self._lib.pjmedia_conf_configure_port(self._conf, slot, tx, rx) == 0)

    def reopen(self, slots: list[int]) -> None:
        """Undo close() for a call that did not end after all."""
        if self._conf is None:
            return
        for slot in slots:
            if slot >= 0:
                self._set(slot, _PORT_ENABLE, _PORT_ENABLE)


def call_slots(pj_call: Any) -> list[int]:
    """The conference ports of a pjsua2 call's active audio (none when it has none)."""
    try:
        info = pj_call.getInfo()
    except pj.Error:  # no media then
        return []
    return [m.audioConfSlot for m in info.media
            if m.type == pj.PJMEDIA_TYPE_AUDIO and m.audioConfSlot >= 0]
