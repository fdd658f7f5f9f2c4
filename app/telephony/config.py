"""Plain settings the engine needs. Reading them from a file is the application's job."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Transport(enum.StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class ConfigError(ValueError):
    """A setting the engine cannot use. ``code`` is stable for translation."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class Srtp(enum.StrEnum):
    """Media encryption (SRTP, keys in the SDP: SDES, RFC 4568)."""

    OFF = "off"  # plain RTP only; an offer with SRTP alone is refused (488)
    OPTIONAL = "optional"  # offered and accepted when the peer has it, plain RTP otherwise
    # Nothing but SRTP: a plain-RTP peer is refused (488). The keys travel in the SDP, so the
    # account must signal over TLS (check_account, engine: srtpSecureSignaling 1).
    MANDATORY = "mandatory"


def parse_transport(text: str) -> Transport:
    try:
        return Transport(text.strip().lower())
    except ValueError:
        raise ConfigError("unknown_transport", text) from None


@dataclass(frozen=True, slots=True)
class AccountSpec:
    """A SIP account. The password is not here: it comes from the keyring at start."""

    name: str
    server: str  # registrar host[:port]
    user: str
    transport: Transport = Transport.UDP
    domain: str = ""  # SIP domain of the AOR; the server's host when empty
    display_name: str = ""
    auth_user: str = ""  # when the digest user differs from the AOR user
    proxy: str = ""  # outbound proxy host[:port], optional
    register: bool = True
    reg_expires: int = 300
    # How often (s) we ask the registrar whether it is still there; a lost registrar is noticed
    # this fast, and when it answers again we register at once. 0 turns the probe off.
    probe_interval: float = 5.0
    # NAT traversal. pjsua has one STUN list for the whole endpoint: an account's server is
    # added to it (the first that answers serves every account).
    stun_server: str = ""  # host[:port], port 3478 by default
    # On by itself with a STUN or TURN server: pjsua relays only within ICE, and gathers the
    # STUN address there without holding up the SIP thread.
    ice: bool = False
    turn_server: str = ""  # host[:port]; 3478, or 5349 over TLS
    turn_transport: Transport = Transport.UDP
    turn_user: str = ""  # its password is in the keyring (secrets.turn_key), never here
    srtp: Srtp = Srtp.OFF
    # s between keep-alives (CRLF) to the registrar over UDP, so a home router's NAT binding
    # holds between REGISTERs; 0: none. TCP/TLS: pjsip's own CRLF keep-alive (90 s, built in).
    keepalive_interval: int = 15
    # RFC 5626 (SIP Outbound) over TCP/TLS: reg-id and +sip.instance in the REGISTER; used
    # when the registrar agrees (Require: outbound), ignored by one that does not.
    sip_outbound: bool = True
    # Presence (app.telephony.engine.presence): publish this phone's state (free, ringing, on a
    # call) to the registrar's presence server with PUBLISH, for colleagues' team lists.
    presence: bool = False
    # The team list's colleagues on this registrar: numbers, names or SIP URIs, each with a
    # display name if wanted ("Bob Tanaka <sip:bob@pbx>"); watched when ``presence`` is on.
    colleagues: tuple[str, ...] = ()

    @property
    def uses_ice(self) -> bool:
        return self.ice or bool(self.turn_server) or bool(self.stun_server)

    @property
    def host(self) -> str:
        return split_host_port(self.server)[0]

    @property
    def sip_domain(self) -> str:
        return self.domain or self.host

    @property
    def dial_domain(self) -> str:
        """Where bare numbers and names go: the SIP domain, or with none the server itself,
        port and all (``pbx.local:5080``: the host alone would mean port 5060)."""
        return self.domain or self.server.strip()

    @property
    def scheme(self) -> str:
        return "sips" if self.transport is Transport.TLS else "sip"

    @property
    def aor(self) -> str:
        return f"{self.scheme}:{self.user}@{self.sip_domain}"

    def registrar_uri(self) -> str:
        suffix = "" if self.transport is Transport.UDP else f";transport={self.transport.value}"
        return f"{self.scheme}:{self.server}{suffix}"


def split_host_port(address: str, default_port: int = 5060) -> tuple[str, int]:
    """``host``, ``host:port``, ``[v6]:port`` -> (host, port)."""
    address = address.strip()
    if address.startswith("["):
        host, _, rest = address[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif address.count(":") == 1:
        host, port = address.split(":")
    else:
        host, port = address, ""
    if not host:
        raise ConfigError("bad_address", address)
    try:
        number = int(port) if port else default_port
    except ValueError:
        raise ConfigError("bad_address", address) from None
    if not 0 <= number <= 65535:
        raise ConfigError("bad_address", address)
    return host, number


@dataclass(frozen=True, slots=True)
class TlsFiles:
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    verify_server: bool = True


@dataclass(frozen=True, slots=True)
class EngineConfig:
    listen_host: str = "0.0.0.0"
    listen_port: int = 5060  # 0: any free port
    transports: tuple[Transport, ...] = (Transport.UDP, Transport.TCP)
    tls: TlsFiles = field(default_factory=TlsFiles)
    max_calls: int = 4  # the wheel's ceiling; it can go lower
    # Answer every inbound call after this many ms (None: never; kiosks and load tests).
    auto_answer_ms: int | None = None
    user_agent: str = "CaseLine"
    log_level: int = 2  # pjsip's 0..6
    sip_trace: bool = False  # whole SIP messages in the log (credentials scrubbed)
    # A ringing call the agent declines or hangs up: 486 Busy Here; 603 Decline would end
    # the call at every phone of a ring group (RFC 3261 16.7).
    decline_code: int = 486
    network_watch_interval: float = 3.0  # s between checks for IP change / resume from sleep
    # s between a connected call's CallQuality events (RTCP reports come every 5 s)
    quality_interval: float = 5.0
    public_address: str = ""
    # Preferred codecs, best first (matched by name); the others stay available below them.
    codecs: tuple[str, ...] = ("opus", "G722", "PCMU", "PCMA")
    # Native sound devices by pjsua2's name ("": the system's default). With the Qt bridge the
    # desktop chooses the devices itself.
    capture_device: str = ""
    playback_device: str = ""
    echo_cancellation: bool = True
    echo_tail_ms: int = 200
    noise_suppression: bool = True
    # A WAV (16-bit PCM) played looped into a call we hold; "": the held party hears silence.
    hold_music: str = ""
    # DNS servers (IPv4 addresses) pjsip's asynchronous resolver asks, SRV then A. None: the
    # system's (resolv.conf); (): none, pjsip then resolves with the OS's blocking getaddrinfo.
    nameservers: tuple[str, ...] | None = None
    # Registrar probes that must fail in a row before an account shows UNREACHABLE: one lost
    # OPTIONS on a busy network is not an outage.
    probe_failures: int = 3
    # STUN servers (host[:port]) for every account, beside those the accounts name.
    stun_servers: tuple[str, ...] = ()
    # This installation's UUID: the +sip.instance of SIP Outbound (RFC 5626), stable across
    # restarts so a registrar replaces our old flow instead of keeping a second binding.
    # "": pjsua derives one from the host name.
    instance_id: str = ""
