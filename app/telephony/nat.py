"""Why a call's media could not be set up through NAT helpers (TURN, ICE), as stable codes.

pjsua reports a media transport that failed to start with a pj_status_t; these codes are what
the engine puts on the call's events (``CallEvent.media_problem``) and what the UI translates.
A connection test can map its own TURN check onto the same codes.
"""

from __future__ import annotations

import functools
import importlib.metadata
import re

from app.telephony.config import Transport

TURN_AUTH_FAILED = "turn_auth_failed"  # the TURN server refused our user or password
TURN_REFUSED = "turn_refused"  # it answered with another error (quota, forbidden, ...)
TURN_UNREACHABLE = "turn_unreachable"  # no answer, connection refused, name not found
MEDIA_FAILED = "media_failed"  # media could not start for another reason

CODES = (TURN_AUTH_FAILED, TURN_REFUSED, TURN_UNREACHABLE, MEDIA_FAILED)
# An account whose TURN transport this build's pjsip cannot use safely (ConfigError's code).
TURN_TRANSPORT_UNSUPPORTED = "turn_transport_unsupported"

# pjnath up to 2.17 dereferences a destroyed TURN session when one TCP read brings the answer
# that ends it and more data (pjproject#5119, fixed by #5139 in August 2026, after 2.17): TURN
# over TCP or TLS crashed the SIP process at about every other call's end here. UDP is not
# affected. On a wheel upgrade, tests/integration/test_nat.py runs TCP and TLS calls again.
TURN_STREAM_FIXED = (2, 18)
WHEEL = "pjsua2-python"


@functools.cache
def pjsip_version() -> tuple[int, ...]:
    """The pjsip release of the installed pjsua2 wheel (2.15.1.post1 -> (2, 15, 1))."""
    try:
        text = importlib.metadata.version(WHEEL)
    except importlib.metadata.PackageNotFoundError:
        return ()
    return tuple(int(part) for part in re.findall(r"\d+", text.split(".post")[0])[:3])


def turn_transports() -> tuple[Transport, ...]:
    """The transports to a TURN server this build can use."""
    if pjsip_version() >= TURN_STREAM_FIXED:
        return (Transport.UDP, Transport.TCP, Transport.TLS)
    return (Transport.UDP,)

# pj_status_t ranges (pjlib errno.h, pjnath errno.h): a STUN error response's code N is
# PJNATH_ERRNO_START + N; the operating system's errno E is PJ_ERRNO_START_SYS + E.
_PJ_ETIMEDOUT = 70009
_PJ_ERRNO_START_SYS = 120000
_PJ_ERRNO_START_USER = 170000
_PJLIB_UTIL_START = 320000  # DNS resolution failures among them
_PJNATH_START = 370000
_PJNATH_ESTUNTIMEDOUT = _PJNATH_START + 4
_STUN_AUTH = {401, 438, 441}  # Unauthorized, Stale Nonce (twice), Wrong Credentials


def media_problem(status: int, *, turn: bool) -> str:
    """The code for a failed media transport's pj_status_t; ``turn``: the account uses TURN."""
    if not turn:
        return MEDIA_FAILED
    if _PJNATH_START + 300 <= status < _PJNATH_START + 700:
        return TURN_AUTH_FAILED if status - _PJNATH_START in _STUN_AUTH else TURN_REFUSED
    if status in (_PJ_ETIMEDOUT, _PJNATH_ESTUNTIMEDOUT):
        return TURN_UNREACHABLE
    if _PJ_ERRNO_START_SYS <= status < _PJ_ERRNO_START_USER:  # ECONNREFUSED, EHOSTUNREACH...
        return TURN_UNREACHABLE
    if _PJLIB_UTIL_START <= status < _PJLIB_UTIL_START + 50000:
        return TURN_UNREACHABLE
    return MEDIA_FAILED
