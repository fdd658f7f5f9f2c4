"""An answer for every request no pjsua module takes (RFC 3261 8.2: a UAS answers them all).

pjsua leaves requests it has no handler for (REGISTER, REFER or NOTIFY outside a dialog, an
unknown method) to the application: its sample app registers a last-priority module that
answers them; pjsua2 has no such hook, so the stack logs "dropped/unhandled by any modules" and
the sender retransmits for 32 s and then reports a timeout (RFC 4475's intmeth, esc02, escnull,
cparam01...). This module is that last-priority handler, registered through the C API the
pjsua2 library exports (ctypes; nothing of it leaves this file). It answers statelessly:

- ACK: nothing (an ACK is never answered);
- a method that needs a dialog, transaction or subscription we do not have: 481;
- a method pjsip knows but this UA does not serve outside a dialog: 405 with Allow;
- any other method: 501 (RFC 3261 21.5.2: a method the UAS does not recognise).

INVITE is left alone: pjsua always takes it (and answers it itself when it cannot).
"""

from __future__ import annotations

import ctypes
import logging
from typing import Any

log = logging.getLogger(__name__)

PRIORITY = 64 + 99  # PJSIP_MOD_PRIORITY_APPLICATION + 99: after every pjsua module
_H_ALLOW = 4  # pjsip_hdr_e PJSIP_H_ALLOW

NEEDS_DIALOG = frozenset({"BYE", "CANCEL", "NOTIFY", "PRACK", "UPDATE", "INFO"})
NOT_SERVED = frozenset({"REGISTER", "REFER", "SUBSCRIBE", "PUBLISH", "MESSAGE", "OPTIONS"})


def status_for(method: str) -> int | None:
    """The status for an unhandled request of ``method``; None: send nothing."""
    if method in ("ACK", "INVITE"):
        return None
    if method in NEEDS_DIALOG:
        return 481
    if method in NOT_SERVED:
        return 405
    return 501


def method_of(info: str) -> str:
    """The method in pjsip_rx_data_get_info()'s "Request msg METHOD/cseq=N (...)"."""
    prefix = "Request msg "
    if not info.startswith(prefix):
        return ""
    return info[len(prefix):].split("/", 1)[0]


class _PjStr(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_char_p), ("slen", ctypes.c_ssize_t)]


_RX = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)


class _PjsipModule(ctypes.Structure):
    # struct pjsip_module (pjsip/sip_module.h): list links, name, id, priority, callbacks.
    _fields_ = [
        ("prev", ctypes.c_void_p), ("next", ctypes.c_void_p),
        ("name", _PjStr), ("id", ctypes.c_int), ("priority", ctypes.c_int),
        ("load", ctypes.c_void_p), ("start", ctypes.c_void_p), ("stop", ctypes.c_void_p),
        ("unload", ctypes.c_void_p),
        ("on_rx_request", _RX), ("on_rx_response", _RX),
        ("on_tx_request", ctypes.c_void_p), ("on_tx_response", ctypes.c_void_p),
        ("on_tsx_state", ctypes.c_void_p),
    ]


def _library() -> ctypes.CDLL:
    import pjsua2  # noqa: PLC0415 - the loaded extension is the library with the C API

    lib = ctypes.CDLL(pjsua2._pjsua2.__file__)
    lib.pjsua_get_pjsip_endpt.restype = ctypes.c_void_p
    lib.pjsip_endpt_register_module.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.pjsip_rx_data_get_info.restype = ctypes.c_char_p
    lib.pjsip_rx_data_get_info.argtypes = [ctypes.c_void_p]
    lib.pjsip_endpt_respond_stateless.argtypes = [
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_void_p]
    lib.pjsip_endpt_get_capability.restype = ctypes.c_void_p
    lib.pjsip_endpt_get_capability.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib.pjsua_pool_create.restype = ctypes.c_void_p
    lib.pjsua_pool_create.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t]
    lib.pj_pool_release.argtypes = [ctypes.c_void_p]
    lib.pjsip_hdr_clone.restype = ctypes.c_void_p
    lib.pjsip_hdr_clone.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    return lib


# Opened when this module is imported (the importing thread: the process's main one), never by
# the thread that starts the engine: ctypes holds the GIL through dlopen, and a main thread that
# is loading a Qt library meanwhile holds the loader's lock and waits for the GIL in Qt's
# message handler (a Qt Multimedia constructor's warning): both would wait for ever.
LIBRARY = _library()


class UnhandledRequests:
    """The registered module; keep it as long as the endpoint lives (pjsip holds its address)."""

    def __init__(self) -> None:
        self._lib = LIBRARY
        self._endpt = self._lib.pjsua_get_pjsip_endpt()
        self._name = b"mod-caseline-unhandled"
        self._callback = _RX(self._on_rx_request)  # referenced: pjsip calls it from C
        self._module = _PjsipModule()
        self._module.name = _PjStr(self._name, len(self._name))
        self._module.id = -1
        self._module.priority = PRIORITY
        self._module.on_rx_request = self._callback
        self.answered: dict[int, int] = {}  # status -> how many, for the log and the tests
        status = self._lib.pjsip_endpt_register_module(self._endpt, ctypes.byref(self._module))
        if status != 0:  # the stack still works, as before: unhandled requests go unanswered
            log.error("unhandled-request module not registered (pj_status_t %d)", status)

    def _on_rx_request(self, rdata: Any) -> int:
        try:
            info = (self._lib.pjsip_rx_data_get_info(rdata) or b"").decode("utf-8", "replace")
            method = method_of(info)
            code = status_for(method)
            if code is None:
                return int(method == "ACK")  # an ACK is taken (and dropped); INVITE is not
            self._respond(rdata, code)
            self.answered[code] = self.answered.get(code, 0) + 1
            log.info("no handler for %.60s: answered %d", method, code)
            return 1
        except Exception:  # never unwind into C
            log.exception("answering an unhandled request")
            return 0

    def _respond(self, rdata: Any, code: int) -> None:
        lib = self._lib
        if code != 405:
            lib.pjsip_endpt_respond_stateless(self._endpt, rdata, code, None, None, None)
            return
        # 405 must say what is allowed (RFC 3261 8.2.1): the endpoint's own Allow, cloned
        # into a one-header list (the response copies it; the pool goes right after).
        allow = lib.pjsip_endpt_get_capability(self._endpt, _H_ALLOW, None)
        pool = lib.pjsua_pool_create(b"unhandled", 512, 512) if allow else None
        try:
            head = (ctypes.c_void_p * 2)()
            if pool:
                clone = lib.pjsip_hdr_clone(pool, allow)
                links = ctypes.cast(clone, ctypes.POINTER(ctypes.c_void_p * 2)).contents
                links[0] = links[1] = ctypes.addressof(head)
                head[0] = head[1] = clone
            else:
                head[0] = head[1] = ctypes.addressof(head)
            lib.pjsip_endpt_respond_stateless(self._endpt, rdata, code, None,
                                              ctypes.byref(head), None)
        finally:
            if pool:
                lib.pj_pool_release(pool)
