"""The system's DNS servers, for pjsip's own (asynchronous) resolver.

Without a nameserver list pjsip resolves with the OS's getaddrinfo, inline, on the thread that
pumps SIP: a silent DNS server then freezes every call for the resolver's whole timeout. With
one it sends the queries itself (SRV, then A) and the pump goes on serving.

pjsip 2.15 takes IPv4 addresses only, without a port: an IPv6 server is accepted but every
lookup then fails ("No working DNS nameserver"), a host name would be resolved blocking at
start. So only IPv4 literals come out of here, at most ``MAX_NAMESERVERS``.
"""

from __future__ import annotations

import ipaddress
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)

RESOLV_CONF = Path("/etc/resolv.conf")
MAX_NAMESERVERS = 3  # what resolv.conf itself honours (MAXNS)


def usable(addresses: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The IPv4 literals among ``addresses``, in order, without repeats, at most three."""
    chosen: list[str] = []
    for text in addresses:
        address = text.strip().split("%", 1)[0]  # a zone index (fe80::1%eth0) is not ours
        try:
            parsed = ipaddress.ip_address(address)
        except ValueError:
            continue
        if parsed.version != 4 or parsed.is_unspecified:
            continue
        if str(parsed) not in chosen:
            chosen.append(str(parsed))
    return tuple(chosen[:MAX_NAMESERVERS])


def parse_resolv_conf(text: str) -> tuple[str, ...]:
    """The ``nameserver`` lines of a resolv.conf (Linux, macOS), IPv4 only."""
    found: list[str] = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split(";", 1)[0].split()
        if len(words) >= 2 and words[0] == "nameserver":
            found.append(words[1])
    return usable(found)


def from_resolv_conf(path: Path = RESOLV_CONF) -> tuple[str, ...]:
    try:
        return parse_resolv_conf(path.read_text(encoding="utf-8", errors="replace"))
    except OSError as exc:
        log.info("no %s (%s)", path, exc)
        return ()


def from_windows() -> tuple[str, ...]:  # pragma: no cover - Windows only, untested here
    """The DNS servers of the active adapters, from iphlpapi's GetNetworkParams.

    Falls back to () (pjsip's blocking resolver, the behaviour before) when the call fails.
    """
    try:
        import ctypes  # noqa: PLC0415 - Windows only
        from ctypes import wintypes  # noqa: PLC0415 - Windows only

        class _IpAddrString(ctypes.Structure):
            pass

        _IpAddrString._fields_ = [
            ("Next", ctypes.POINTER(_IpAddrString)),
            ("IpAddress", ctypes.c_char * 16),
            ("IpMask", ctypes.c_char * 16),
            ("Context", wintypes.DWORD),
        ]

        class _FixedInfo(ctypes.Structure):
            _fields_ = [
                ("HostName", ctypes.c_char * 132),
                ("DomainName", ctypes.c_char * 132),
                ("CurrentDnsServer", ctypes.POINTER(_IpAddrString)),
                ("DnsServerList", _IpAddrString),
                ("NodeType", wintypes.UINT),
                ("ScopeId", ctypes.c_char * 260),
                ("EnableRouting", wintypes.UINT),
                ("EnableProxy", wintypes.UINT),
                ("EnableDns", wintypes.UINT),
            ]

        iphlpapi = ctypes.windll.iphlpapi  # type: ignore[attr-defined]
        size = wintypes.ULONG(0)
        iphlpapi.GetNetworkParams(None, ctypes.byref(size))
        buffer = ctypes.create_string_buffer(size.value)
        if iphlpapi.GetNetworkParams(buffer, ctypes.byref(size)) != 0:
            return ()
        info = ctypes.cast(buffer, ctypes.POINTER(_FixedInfo)).contents
        found: list[str] = []
        entry: _IpAddrString | None = info.DnsServerList
        while entry is not None:
            found.append(entry.IpAddress.decode("ascii", "replace"))
            entry = entry.Next.contents if entry.Next else None
        return usable(found)
    except Exception as exc:
        log.warning("no DNS servers from Windows (%s)", exc)
        return ()


def system_nameservers(path: Path = RESOLV_CONF) -> tuple[str, ...]:
    """The system's DNS servers that pjsip can use; () when there are none."""
    if sys.platform == "win32":  # pragma: no cover
        return from_windows()
    return from_resolv_conf(path)
