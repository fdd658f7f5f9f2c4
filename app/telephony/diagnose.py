"""The connection test: what stands between an account and a registration, step by step.

No pjsua2 here: the engine reports a failed registration as a status code after its own
retries, which tells an agent little. This runs the steps a registration needs, each on its
own, and stops at the first that fails, so the result names the cause: the name (DNS), the
way there (route, refused, timeout), the server's certificate (expired, wrong name, unknown
issuer), then a REGISTER with digest auth (RFC 2617/7616; MD5 and SHA-256) over the
account's transport, unregistered again at once (Expires: 0) so the test leaves no binding.

Over UDP a silent registrar is tried over TCP on the same port: an answer there means UDP is
blocked on the way (a common firewall rule), and the account should use TCP or TLS.

Every result is a ``Finding`` with a stable ``code`` (the CLI and the UI translate it) and
its technical detail; nothing here is text for people.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import hashlib
import ipaddress
import re
import secrets
import socket
import ssl
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from app.telephony.config import (
    AccountSpec,
    ConfigError,
    TlsFiles,
    Transport,
    split_host_port,
)

if TYPE_CHECKING:
    from collections.abc import Callable

TIMEOUT = 3.0  # s for each network step; a registrar that needs longer is itself a problem
REGISTER_EXPIRES = 60  # s: the shortest most registrars take; removed again at once anyway
MAX_MESSAGE = 65536
T1, T2 = 0.5, 4.0  # s: RFC 3261's retransmission timers for a request over UDP


class Step(enum.StrEnum):
    CONFIG = "config"
    DNS = "dns"
    CONNECT = "connect"
    TLS = "tls"
    SIP = "sip"


# Problem codes, by step (the ok codes are "<step>_ok" and "registered"/"answered").
DNS_NOT_FOUND = "dns_not_found"
DNS_NO_ANSWER = "dns_no_answer"
DNS_FAILED = "dns_failed"
BAD_ADDRESS = "bad_address"
CONNECT_REFUSED = "connect_refused"
NO_ROUTE = "no_route"
CONNECT_TIMEOUT = "connect_timeout"
CONNECT_FAILED = "connect_failed"
TLS_EXPIRED = "tls_expired"
TLS_NOT_YET_VALID = "tls_not_yet_valid"
TLS_WRONG_NAME = "tls_wrong_name"
TLS_UNKNOWN_ISSUER = "tls_unknown_issuer"
TLS_CA_UNREADABLE = "tls_ca_unreadable"
TLS_FAILED = "tls_failed"
UDP_BLOCKED = "udp_blocked"
NO_ANSWER = "no_answer"
NO_PASSWORD = "no_password"  # noqa: S105 - a problem code, not a password
AUTH_FAILED = "auth_failed"
REFUSED = "registrar_refused"
BAD_ANSWER = "bad_answer"
REGISTERED = "registered"
ANSWERED = "answered"  # an account that does not register: the server answered an OPTIONS

# OpenSSL's X509_V_ERR_* numbers (x509_vfy.h), as ssl.SSLCertVerificationError.verify_code.
_EXPIRED = {10}
_NOT_YET_VALID = {9}
_WRONG_NAME = {62, 63, 64}  # hostname, e-mail, IP address mismatch
_UNKNOWN_ISSUER = {2, 18, 19, 20, 21}  # issuer unknown, self-signed, no local issuer


@dataclass(frozen=True, slots=True)
class Finding:
    """One step's outcome. ``detail``: the technical cause (an errno text, a reason phrase)."""

    step: Step
    code: str
    ok: bool
    host: str = ""
    port: int = 0
    detail: str = ""
    status: int = 0  # the registrar's SIP status code, when it answered


@dataclass(frozen=True, slots=True)
class Diagnosis:
    account: str
    transport: Transport
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.findings) and all(f.ok for f in self.findings)

    @property
    def problem(self) -> Finding | None:
        return next((f for f in self.findings if not f.ok), None)

    def as_dict(self) -> dict[str, Any]:
        return {"account": self.account, "transport": self.transport.value, "ok": self.ok,
                "findings": [asdict(f) for f in self.findings]}


def system_resolve(host: str, port: int) -> list[tuple[int, tuple[Any, ...]]]:
    """(family, address) for ``host`` by the OS's resolver, as pjsip uses it without a
    nameserver list; raises socket.gaierror."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [(family, addr) for family, _, _, _, addr in found]


def target(account: AccountSpec) -> tuple[str, int]:
    """Where the REGISTER goes: the outbound proxy when set, else the registrar; the port by
    the transport when none is named (5061 for TLS, RFC 3261 19.1.2)."""
    default = 5061 if account.transport is Transport.TLS else 5060
    return split_host_port(account.proxy or account.server, default)


@dataclass
class _Run:
    account: AccountSpec
    password: str | None
    tls: TlsFiles
    timeout: float
    user_agent: str
    resolve: Callable[[str, int], list[tuple[int, tuple[Any, ...]]]]
    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> Finding:
        self.findings.append(finding)
        return finding


def diagnose(account: AccountSpec, password: str | None, *, tls: TlsFiles | None = None,
             timeout: float = TIMEOUT, user_agent: str = "CaseLine doctor",
             resolve: Callable[[str, int], list[tuple[int, tuple[Any, ...]]]] = system_resolve,
             ) -> Diagnosis:
    """Run the steps for ``account`` and stop at the first failure. ``password`` None: the
    keyring holds none (reported once the registrar asks for it)."""
    run = _Run(account, password, tls or TlsFiles(), timeout, user_agent, resolve)
    try:
        host, port = target(account)
    except ConfigError as exc:
        run.add(Finding(Step.CONFIG, BAD_ADDRESS, False, detail=exc.detail))
        return Diagnosis(account.name, account.transport, tuple(run.findings))
    _steps(run, host, port)
    return Diagnosis(account.name, account.transport, tuple(run.findings))


def _steps(run: _Run, host: str, port: int) -> None:
    addr = _dns(run, host, port)
    if addr is None:
        return
    transport = run.account.transport
    if transport is Transport.UDP:
        _sip_udp(run, host, port, addr)
        return
    sock = _connect(run, host, port, addr)
    if sock is None:
        return
    with contextlib.ExitStack() as stack:
        stack.callback(sock.close)
        if transport is Transport.TLS:
            wrapped = _handshake(run, host, port, sock)
            if wrapped is None:
                return
            sock = wrapped
            stack.callback(wrapped.close)
        _sip_stream(run, host, port, sock, transport)


# -- DNS, route, TLS -----------------------------------------------------------------------------


def _dns(run: _Run, host: str, port: int) -> tuple[int, tuple[Any, ...]] | None:
    try:
        ipaddress.ip_address(host)
        literal = True
    except ValueError:
        literal = False
    resolve = system_resolve if literal else run.resolve
    try:
        found = resolve(host, port)
    except socket.gaierror as exc:
        code = {socket.EAI_NONAME: DNS_NOT_FOUND, socket.EAI_AGAIN: DNS_NO_ANSWER}.get(
            exc.errno or 0, DNS_FAILED)
        if getattr(socket, "EAI_NODATA", None) == exc.errno:
            code = DNS_NOT_FOUND
        run.add(Finding(Step.DNS, code, False, host, port, exc.strerror or str(exc)))
        return None
    except OSError as exc:
        run.add(Finding(Step.DNS, DNS_FAILED, False, host, port, str(exc)))
        return None
    if not found:
        run.add(Finding(Step.DNS, DNS_NOT_FOUND, False, host, port))
        return None
    if not literal:  # an address literal has nothing to look up: no line for it
        run.add(Finding(Step.DNS, "dns_ok", True, host, port, str(found[0][1][0])))
    return found[0]


def _connect_error(exc: OSError) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return CONNECT_REFUSED
    if isinstance(exc, TimeoutError):
        return CONNECT_TIMEOUT
    if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
        return NO_ROUTE
    return CONNECT_FAILED


def _connect(run: _Run, host: str, port: int,
             addr: tuple[int, tuple[Any, ...]]) -> socket.socket | None:
    family, where = addr
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(run.timeout)
    try:
        sock.connect(where)
    except OSError as exc:
        sock.close()
        run.add(Finding(Step.CONNECT, _connect_error(exc), False, host, port,
                        exc.strerror or str(exc) or type(exc).__name__))
        return None
    run.add(Finding(Step.CONNECT, "connect_ok", True, host, port, run.account.transport.value))
    return sock


def tls_context(tls: TlsFiles) -> ssl.SSLContext:
    """What the engine checks: the CA file (else the system's), the name, a client
    certificate when one is set. Raises OSError/ssl.SSLError on unreadable files."""
    context = ssl.create_default_context(cafile=tls.ca_file or None)
    if not tls.verify_server:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if tls.cert_file:
        context.load_cert_chain(tls.cert_file, tls.key_file or None)
    return context


def tls_problem(exc: ssl.SSLError) -> str:
    """An ssl handshake error as a problem code."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = exc.verify_code
        if code in _EXPIRED:
            return TLS_EXPIRED
        if code in _NOT_YET_VALID:
            return TLS_NOT_YET_VALID
        if code in _WRONG_NAME:
            return TLS_WRONG_NAME
        if code in _UNKNOWN_ISSUER:
            return TLS_UNKNOWN_ISSUER
    return TLS_FAILED


def _handshake(run: _Run, host: str, port: int, sock: socket.socket) -> ssl.SSLSocket | None:
    try:
        context = tls_context(run.tls)
    except (OSError, ssl.SSLError) as exc:
        run.add(Finding(Step.TLS, TLS_CA_UNREADABLE, False, host, port, str(exc)))
        return None
    try:
        wrapped = context.wrap_socket(sock, server_hostname=host)
    except ssl.SSLCertVerificationError as exc:
        run.add(Finding(Step.TLS, tls_problem(exc), False, host, port,
                        exc.verify_message or str(exc)))
        return None
    except ssl.SSLError as exc:
        run.add(Finding(Step.TLS, TLS_FAILED, False, host, port, exc.reason or str(exc)))
        return None
    except OSError as exc:  # a timeout or a reset in the middle of the handshake
        run.add(Finding(Step.TLS, TLS_FAILED, False, host, port, str(exc) or type(exc).__name__))
        return None
    run.add(Finding(Step.TLS, "tls_ok", True, host, port, wrapped.version() or ""))
    return wrapped


# -- SIP ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]

    def header(self, name: str) -> str:
        wanted = name.lower()
        return next((v for n, v in self.headers if n.lower() == wanted), "")


_STATUS = re.compile(r"^SIP/2\.0 (\d{3})(?: (.*))?$")


def parse_response(data: bytes) -> Response | None:
    text = data.decode("utf-8", "replace").replace("\r\n", "\n")
    head = text.split("\n\n", 1)[0].split("\n")
    match = _STATUS.match(head[0].strip())
    if not match:
        return None
    headers: list[tuple[str, str]] = []
    for line in head[1:]:
        if line[:1] in (" ", "\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        name, sep, value = line.partition(":")
        if sep:
            headers.append((name.strip(), value.strip()))
    return Response(int(match.group(1)), (match.group(2) or "").strip(), tuple(headers))


_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')


def digest_authorization(challenge: str, method: str, uri: str, user: str, password: str,
                         cnonce: str | None = None) -> str:
    """The Authorization value answering a Digest ``challenge`` (RFC 2617, RFC 7616's
    SHA-256); qop=auth when offered, else the RFC 2069 form."""
    params = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
              for m in _PARAM.finditer(challenge.partition(" ")[2])}
    realm, nonce = params.get("realm", ""), params.get("nonce", "")
    algorithm = params.get("algorithm", "MD5")
    name = "sha256" if algorithm.upper().startswith("SHA-256") else "md5"

    def digest(text: str) -> str:
        return hashlib.new(name, text.encode()).hexdigest()

    ha1 = digest(f"{user}:{realm}:{password}")
    cnonce = cnonce or secrets.token_hex(8)
    if algorithm.upper().endswith("-SESS"):
        ha1 = digest(f"{ha1}:{nonce}:{cnonce}")
    ha2 = digest(f"{method}:{uri}")
    qops = [q.strip() for q in params.get("qop", "").split(",") if q.strip()]
    parts = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"',
             f"algorithm={algorithm}"]
    if "auth" in qops:
        nc = "00000001"
        response = digest(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        parts += [f'response="{response}"', "qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        parts.append(f'response="{digest(f"{ha1}:{nonce}:{ha2}")}"')
    if "opaque" in params:
        parts.append(f'opaque="{params["opaque"]}"')
    return "Digest " + ", ".join(parts)


class _Dialogue:
    """REGISTERs (or an OPTIONS) of one test, sharing Call-ID, tags and the CSeq count."""

    def __init__(self, run: _Run, via: str, local: tuple[str, int]) -> None:
        acc = run.account
        self.run = run
        self.via = via
        self.local = local
        self.call_id = secrets.token_hex(12) + "@caseline-doctor"
        self.tag = secrets.token_hex(6)
        self.cseq = 0
        self.aor = f"{acc.scheme}:{acc.user}@{acc.sip_domain}"
        self.uri = f"{acc.scheme}:{acc.sip_domain}"
        self.method = "REGISTER" if acc.register else "OPTIONS"

    def request(self, expires: int, authorization: tuple[str, str] | None = None) -> bytes:
        self.cseq += 1
        acc, (lhost, lport) = self.run.account, self.local
        shown = f"[{lhost}]" if ":" in lhost else lhost
        suffix = "" if self.via == "UDP" else f";transport={self.via.lower()}"
        lines = [
            f"{self.method} {self.uri} SIP/2.0",
            f"Via: SIP/2.0/{self.via} {shown}:{lport};branch=z9hG4bK-cld{secrets.token_hex(8)}"
            ";rport",
            "Max-Forwards: 70",
            f"From: <{self.aor}>;tag={self.tag}",
            f"To: <{self.aor if self.method == 'REGISTER' else self.uri}>",
            f"Call-ID: {self.call_id}",
            f"CSeq: {self.cseq} {self.method}",
            f"User-Agent: {self.run.user_agent}",
        ]
        if self.method == "REGISTER":
            lines += [f"Contact: <sip:{acc.user}@{shown}:{lport}{suffix}>",
                      f"Expires: {expires}"]
        if authorization is not None:
            lines.append(f"{authorization[0]}: {authorization[1]}")
        lines.append("Content-Length: 0")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def matches(self, response: Response) -> bool:
        return (response.header("Call-ID") == self.call_id
                and response.header("CSeq").split(" ", 1)[0] == str(self.cseq))


class _NoAnswerError(Exception):
    def __init__(self, detail: str, refused: bool = False) -> None:
        super().__init__(detail)
        self.refused = refused


def _exchange(send: Callable[[bytes], None], receive: Callable[[float], bytes],
              dialogue: _Dialogue, message: bytes, timeout: float) -> Response:
    """Send ``message``; the final response to it (provisional ones are skipped). Over UDP
    the request is sent again after 0.5, 1, 2 s... (RFC 3261 17.1.2.2's T1 doubling): one
    lost datagram is not a registrar that does not answer."""
    send(message)
    now = time.monotonic()
    deadline = now + timeout
    interval = T1 if dialogue.via == "UDP" else 0.0
    resend = now + interval
    while True:
        now = time.monotonic()
        if now >= deadline:
            raise _NoAnswerError("timeout")
        if interval and now >= resend:
            send(message)
            interval = min(interval * 2, T2)
            resend = now + interval
        wait = min(deadline, resend) - now if interval else deadline - now
        try:
            data = receive(max(wait, 0.001))
        except _NoAnswerError as exc:
            if interval and not exc.refused:
                continue  # time to send it again, or the deadline
            raise
        response = parse_response(data)
        if response is None or not dialogue.matches(response):
            continue  # a stray datagram, a keep-alive, an old retransmission
        if response.status >= 200:
            return response


def _converse(run: _Run, host: str, port: int, dialogue: _Dialogue,
              send: Callable[[bytes], None], receive: Callable[[float], bytes]) -> Finding:
    """REGISTER with auth, then unREGISTER; the finding of the SIP step."""
    acc = run.account
    user = acc.auth_user or acc.user
    expires = REGISTER_EXPIRES
    authorization: tuple[str, str] | None = None
    answered = 0
    while True:
        response = _exchange(send, receive, dialogue, dialogue.request(expires, authorization),
                             run.timeout)
        answered += 1
        if response.status in (401, 407) and answered <= 3:
            if authorization is not None:  # our credentials, refused
                return Finding(Step.SIP, AUTH_FAILED, False, host, port, response.reason,
                               response.status)
            if run.password is None:
                return Finding(Step.SIP, NO_PASSWORD, False, host, port, response.reason,
                               response.status)
            header = "WWW-Authenticate" if response.status == 401 else "Proxy-Authenticate"
            challenge = response.header(header)
            if not challenge.lower().startswith("digest"):
                return Finding(Step.SIP, AUTH_FAILED, False, host, port,
                               challenge.split(" ", 1)[0] or response.reason, response.status)
            answer = "Authorization" if response.status == 401 else "Proxy-Authorization"
            authorization = (answer, digest_authorization(
                challenge, dialogue.method, dialogue.uri, user, run.password))
            continue
        if response.status == 423 and answered <= 3:  # Interval Too Brief: ask for its minimum
            least = response.header("Min-Expires")
            if least.isdigit():
                expires = int(least)
                continue
        if 200 <= response.status < 300:
            break
        return Finding(Step.SIP, REFUSED, False, host, port, response.reason, response.status)
    if dialogue.method == "REGISTER":
        _unregister(run, dialogue, send, receive, authorization)
        return Finding(Step.SIP, REGISTERED, True, host, port, response.reason, response.status)
    return Finding(Step.SIP, ANSWERED, True, host, port, response.reason, response.status)


def _unregister(run: _Run, dialogue: _Dialogue, send: Callable[[bytes], None],
                receive: Callable[[float], bytes], authorization: tuple[str, str] | None) -> None:
    """Expires: 0 for our Contact, answering one more challenge (a fresh nonce) if asked;
    a registrar that does not answer keeps the binding only until it expires."""
    acc = run.account
    with contextlib.suppress(_NoAnswerError, OSError):
        response = _exchange(send, receive, dialogue, dialogue.request(0, authorization),
                             run.timeout)
        if response.status in (401, 407) and run.password is not None:
            header = "WWW-Authenticate" if response.status == 401 else "Proxy-Authenticate"
            answer = "Authorization" if response.status == 401 else "Proxy-Authorization"
            fresh = digest_authorization(response.header(header), dialogue.method, dialogue.uri,
                                         acc.auth_user or acc.user, run.password)
            _exchange(send, receive, dialogue, dialogue.request(0, (answer, fresh)), run.timeout)


def _sip_udp(run: _Run, host: str, port: int, addr: tuple[int, tuple[Any, ...]]) -> None:
    family, where = addr
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(where)
        except OSError as exc:  # the words alone, as over TCP: "[Errno 101]" helps nobody
            run.add(Finding(Step.CONNECT, _connect_error(exc), False, host, port,
                            exc.strerror or str(exc)))
            return
        dialogue = _Dialogue(run, "UDP", sock.getsockname()[:2])

        def receive(left: float) -> bytes:
            sock.settimeout(left)
            try:
                return sock.recv(MAX_MESSAGE)
            except TimeoutError:
                raise _NoAnswerError("timeout") from None
            except ConnectionRefusedError as exc:  # ICMP port unreachable: nothing listens
                raise _NoAnswerError(exc.strerror or "refused", refused=True) from None

        def send(data: bytes) -> None:
            sock.send(data)

        try:
            run.add(_converse(run, host, port, dialogue, send, receive))
            return
        except _NoAnswerError as exc:
            silent = exc
        except OSError as exc:
            run.add(Finding(Step.CONNECT, _connect_error(exc), False, host, port, str(exc)))
            return
    # Nothing over UDP. Does the same server answer over TCP? Then UDP is blocked on the way.
    if _answers_over_tcp(run, host, port, addr):
        run.add(Finding(Step.SIP, UDP_BLOCKED, False, host, port, silent.args[0]))
    elif silent.refused:
        run.add(Finding(Step.CONNECT, CONNECT_REFUSED, False, host, port, silent.args[0]))
    else:
        run.add(Finding(Step.SIP, NO_ANSWER, False, host, port, silent.args[0]))


def _answers_over_tcp(run: _Run, host: str, port: int,
                      addr: tuple[int, tuple[Any, ...]]) -> bool:
    _, where = addr
    try:
        sock = socket.create_connection(where[:2], timeout=run.timeout)
    except OSError:
        return False
    with sock:
        dialogue = _Dialogue(_Run(run.account, None, run.tls, run.timeout, run.user_agent,
                                  run.resolve), "TCP", sock.getsockname()[:2])
        dialogue.method = "OPTIONS"  # no binding, no credentials: is anyone there at all?
        reader = _StreamReader(sock)
        try:
            _exchange(sock.sendall, reader.read, dialogue, dialogue.request(0), run.timeout)
        except (_NoAnswerError, OSError):
            return False
    return True


class _StreamReader:
    """Whole SIP messages from a TCP or TLS stream (framed by Content-Length)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def read(self, left: float) -> bytes:
        while True:
            self.buffer = self.buffer.lstrip(b"\r\n")  # CRLF keep-alives between messages
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                head = self.buffer[:end].decode("utf-8", "replace")
                match = re.search(r"^(?:Content-Length|l)\s*:\s*(\d+)", head,
                                  re.IGNORECASE | re.MULTILINE)
                total = end + 4 + (int(match.group(1)) if match else 0)
                if len(self.buffer) >= total:
                    message, self.buffer = self.buffer[:total], self.buffer[total:]
                    return message
            if len(self.buffer) > MAX_MESSAGE:
                raise _NoAnswerError("message too long")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(MAX_MESSAGE)
            except TimeoutError:
                raise _NoAnswerError("timeout") from None
            if not chunk:
                raise _NoAnswerError("connection closed")
            self.buffer += chunk


def _sip_stream(run: _Run, host: str, port: int, sock: socket.socket,
                transport: Transport) -> None:
    dialogue = _Dialogue(run, transport.value.upper(), sock.getsockname()[:2])
    reader = _StreamReader(sock)
    try:
        run.add(_converse(run, host, port, dialogue, sock.sendall, reader.read))
    except _NoAnswerError as exc:
        run.add(Finding(Step.SIP, NO_ANSWER, False, host, port, exc.args[0]))
    except OSError as exc:
        run.add(Finding(Step.SIP, NO_ANSWER, False, host, port, str(exc)))
