"""The engine process, with add_account made to wait on a DNS server first (for watchdog tests).

Why a wrapper: pjsip only blocks on DNS when it has no nameserver and calls the OS's
getaddrinfo, which asks the servers of /etc/resolv.conf; pointing that at the loopback fixture
needs root changes to the system's resolver (or a mount namespace, not available to tests). So
here the command first asks the fixture (CASELINE_TEST_DNS=host:port:name) itself, blocking in
a real socket wait, in the real worker process, before it does its real work.
"""

from __future__ import annotations

import os
import socket
import sys
from typing import Any

from app.telephony import worker
from app.telephony.engine import PjsuaEngine
from tests.support_dns import build_query

_real_add_account = PjsuaEngine.add_account


def _look_up_first(self: PjsuaEngine, *args: Any, **kwargs: Any) -> None:
    host, port, name = os.environ["CASELINE_TEST_DNS"].rsplit(":", 2)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(30)  # a ceiling; the fixture's delay decides
        sock.sendto(build_query(name, "A"), (host, int(port)))
        sock.recv(4096)
    _real_add_account(self, *args, **kwargs)


if __name__ == "__main__":
    PjsuaEngine.add_account = _look_up_first  # type: ignore[method-assign, assignment]
    sys.exit(worker.main(sys.argv[1:]))
