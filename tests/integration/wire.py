"""What crosses the loopback interface, captured as it is sent (AF_PACKET: root, Linux).

A test asserts what the wire holds (keep-alives to the registrar, RTP a sniffer could play
back) without trusting either end's account of it. Only IPv4 UDP and TCP to or from the
``ports`` given are kept (no ports: every UDP datagram); other tests may run beside this one
on loopback.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
from dataclasses import dataclass, field

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4  # the same packet comes again as received: count it once


@dataclass(frozen=True)
class Packet:
    proto: str  # "udp" | "tcp"
    src: tuple[str, int]
    dst: tuple[str, int]
    payload: bytes


@dataclass
class Capture:
    ports: set[int]
    packets: list[Packet] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self._sock.bind(("lo", 0))
        self._thread = threading.Thread(target=self._read, name="capture", daemon=True)

    def __enter__(self) -> Capture:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def seen(self) -> list[Packet]:
        with self._lock:
            return list(self.packets)

    def _read(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._sock], [], [], 0.1)
            if not ready:
                continue
            frame, address = self._sock.recvfrom(65535)
            if address[2] == PACKET_OUTGOING:
                continue
            packet = _parse(frame[14:])  # loopback frames carry an all-zero Ethernet header
            if packet is not None and (packet.src[1] in self.ports
                                       or packet.dst[1] in self.ports
                                       or (not self.ports and packet.proto == "udp")):
                with self._lock:
                    self.packets.append(packet)


def _parse(data: bytes) -> Packet | None:
    if len(data) < 20 or data[0] >> 4 != 4:
        return None
    header = (data[0] & 0x0F) * 4
    total = struct.unpack("!H", data[2:4])[0]
    proto = data[9]
    src, dst = socket.inet_ntoa(data[12:16]), socket.inet_ntoa(data[16:20])
    body = data[header:total]
    if proto == 17 and len(body) >= 8:
        sport, dport = struct.unpack("!HH", body[:4])
        return Packet("udp", (src, sport), (dst, dport), body[8:])
    if proto == 6 and len(body) >= 20:
        sport, dport = struct.unpack("!HH", body[:4])
        offset = (body[12] >> 4) * 4
        return Packet("tcp", (src, sport), (dst, dport), body[offset:])
    return None
