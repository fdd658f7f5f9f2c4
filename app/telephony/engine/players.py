"""Players made and destroyed so that no end-of-file report outlives them (pjsua 2.15).

pjmedia reports a player's end of file later, on its media event thread: the clock thread
queues an event, and the event thread then calls ``AudioMediaPlayer::eof_cb`` with the C++
player as its data. A player deleted in between had that thread call into freed memory. The SIP
process died so (SIGSEGV in ``eof_cb``, core dump; pjproject #4812): pjsua reports a call's
DISCONNECTED from inside its own hangup, we drop the call's hold music there, and its looped
file ended in that moment. pjproject #5045 (after 2.15.1) clears the callback in the player's
destructor; this wheel predates it, so it is done here before a player is deleted, with the C
API the wheel exports (as app.telephony.engine.unhandled does): the callback is cleared
(``pjmedia_wav_player_set_eof_cb2``: a queued report then calls nothing), and a report already
being delivered is waited out (``pjmedia_event_unsubscribe`` waits for the event manager's
callback lock, the GIL released, so a Python ``onEof2`` can finish).

Those C calls take pjsua's player id, which pjsua2 keeps to itself, and each asserts on an id
not in use (an abort: assertions are on in this wheel). So ids are followed as pjsua gives them
out, the lowest one free, and freed when the player is destroyed; every player is made and
destroyed through ``Players``, and an id is used only once it names the player's own conference
slot. A player whose id does not check out is destroyed as before (logged once).
"""

from __future__ import annotations

import ctypes
import logging
from typing import Any, ClassVar

from app.telephony.engine.unhandled import LIBRARY

log = logging.getLogger(__name__)

MAX_PLAYERS = 32  # PJSUA_MAX_PLAYERS
_EVENT_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def _declare(lib: ctypes.CDLL) -> None:
    lib.pjsua_player_get_conf_port.argtypes = [ctypes.c_int]
    lib.pjsua_player_get_conf_port.restype = ctypes.c_int
    lib.pjsua_player_get_port.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_void_p)]
    lib.pjmedia_wav_player_set_eof_cb2.argtypes = [ctypes.c_void_p, ctypes.c_void_p,
                                                   ctypes.c_void_p]
    lib.pjmedia_event_unsubscribe.argtypes = [ctypes.c_void_p, _EVENT_CB, ctypes.c_void_p,
                                              ctypes.c_void_p]


@_EVENT_CB
def _never_subscribed(_event: int | None, _data: int | None) -> int:
    return 0  # no subscriber has it: unsubscribing it only waits for a running callback


class Players:
    """The engine's file players, by pjsua's player id."""

    _warned: ClassVar[bool] = False  # the fallback is logged once per process, not per start

    def __init__(self, lib: ctypes.CDLL = LIBRARY) -> None:
        self._lib = lib
        self._ids: dict[int, Any] = {}  # pjsua player id -> the player (kept alive here)
        self._untracked: list[Any] = []  # made, but their id did not check out
        self._failed = False
        try:
            _declare(lib)
        except AttributeError as exc:  # another build without these symbols
            self._fail(str(exc))

    def create(self, make: type[Any], path: str, options: int) -> Any:
        """``make()``'s player of ``path`` (raises pj.Error as createPlayer does). WAV players
        only: ``pjmedia_wav_player_set_eof_cb2`` asserts on any other port (a playlist)."""
        player = make()
        player.createPlayer(path, options)
        player_id = next(i for i in range(MAX_PLAYERS + 1) if i not in self._ids)
        if (not self._failed and player_id < MAX_PLAYERS
                and self._lib.pjsua_player_get_conf_port(player_id) == player.getPortId()):
            self._ids[player_id] = player
        else:
            # The lowest id we do not hold is pjsua's lowest free one or lower, so it is in use
            # (the assertion above cannot fire); it is just not this player's.
            self._fail(f"player id {player_id} is not slot {player.getPortId()}'s")
            self._untracked.append(player)
        return player

    def destroy(self, player: Any) -> None:
        """Clear its end-of-file report, wait out one being delivered, then delete it."""
        if player is None:
            return
        player_id = next((i for i, p in self._ids.items() if p is player), None)
        if player_id is not None:
            port = ctypes.c_void_p()
            if self._lib.pjsua_player_get_port(player_id, ctypes.byref(port)) == 0 and port:
                # Its data stays the player itself: the setter stores the data, then the
                # callback, unordered, and a report being delivered reads them in the other
                # order, so a NULL there could be read with the old callback.
                self._lib.pjmedia_wav_player_set_eof_cb2(port, int(player.this), None)
                self._lib.pjmedia_event_unsubscribe(None, _never_subscribed, None, None)
        try:
            # The C++ side first, while the Python object is whole (as core._destroy does it).
            type(player).__swig_destroy__(player)
        finally:
            if player_id is not None:
                del self._ids[player_id]  # pjsua_player_destroy gave the id back
            self._untracked = [p for p in self._untracked if p is not player]

    def destroy_all(self) -> None:
        """Every player still here, before the library goes (pjmedia asserts on one left)."""
        for player in [*self._ids.values(), *self._untracked]:
            self.destroy(player)

    def _fail(self, why: str) -> None:
        if not Players._warned:
            Players._warned = True
            log.warning("file players are destroyed without clearing their end-of-file "
                        "callback (%s): a player deleted as its file ends may crash the "
                        "SIP process", why)
        self._failed = True
