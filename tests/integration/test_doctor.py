"""`caseline doctor`: every failure class of the connection test produced for real (a name that
does not exist, a closed port, TLS servers with bad certificates, Kamailio refusing, UDP
swallowed while TCP answers), the keyring guidance per desktop, and a diagnostics zip that
holds no secret."""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime
import ipaddress
import selectors
import socket
import ssl
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.cli import doctor
from app.cli.main import say as cli_say
from app.cli.main import use_language
from app.config import secrets
from app.config.settings import CentralSettings, Settings, SipSettings
from app.telephony import diagnose
from app.telephony.config import AccountSpec, TlsFiles, Transport
from tests.conftest import failing_keyring
from tests.integration.kamailio import DOMAIN, Kamailio, password, running_kamailio
from tests.support import free_port

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from tests.conftest import MemoryKeyring

TIMEOUT = 2.0  # s per network step: a ceiling for the silent UDP case, never an assertion
HEADSET = ("Test headset",)
CLONE_NEWNET = 0x40000000  # sched.h
T = TypeVar("T")


@pytest.fixture(scope="module")
def kamailio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    with running_kamailio(tmp_path_factory.mktemp("kamailio")) as kam:
        yield kam


@pytest.fixture(autouse=True)
def _english_then_back() -> Iterator[None]:
    use_language("en")
    yield
    use_language("en")


def alice(kam: Kamailio, **overrides: object) -> AccountSpec:
    fields: dict[str, object] = {"name": "alice", "server": kam.server, "user": "alice",
                                 "domain": DOMAIN}
    fields.update(overrides)
    return AccountSpec(**fields)  # type: ignore[arg-type]


def report_for(account: AccountSpec, secret: str | None, keyring: MemoryKeyring,
               sip: SipSettings | None = None) -> doctor.Report:
    if secret is not None:
        secrets.set_password(account.name, secret)
    conf = Settings(sip=sip or SipSettings(), accounts=(account,))
    return doctor.check(conf, timeout=TIMEOUT, inputs=lambda: HEADSET)


def problem(report: doctor.Report) -> doctor.Line:
    found = [line for line in report.lines if not line.ok]
    assert len(found) == 1, report.texts(cli_say)
    return found[0]


# -- the connection test, failure by failure ------------------------------------------------------


@pytest.mark.parametrize("transport", [Transport.UDP, Transport.TCP])
def test_a_registration_that_works_is_said_so_and_leaves_no_binding(
        kamailio: Kamailio, memory_keyring: MemoryKeyring, transport: Transport) -> None:
    account = alice(kamailio, transport=transport)
    report = report_for(account, password("alice"), memory_keyring)

    assert report.ok, report.texts(cli_say)
    codes = [f.code for f in report.diagnoses[0].findings]
    assert codes == ([] if transport is Transport.UDP else ["connect_ok"]) + [diagnose.REGISTERED]
    texts = report.texts(cli_say)
    assert f"[alice] Registered with {kamailio.server} and unregistered again" in texts[-2]
    assert texts[-1] == "OK Microphone: Test headset."
    assert bindings(kamailio, "alice") == []  # the unREGISTER went through


def test_a_name_that_does_not_exist_is_a_dns_problem(memory_keyring: MemoryKeyring) -> None:
    account = AccountSpec(name="pbx", server="pbx.caseline.invalid", user="1001")
    line = problem(report_for(account, "x-secret", memory_keyring))

    assert line.key == "doctor_dns_not_found"
    assert line.text(cli_say).startswith(
        "PROBLEM [pbx] The server name pbx.caseline.invalid does not exist")
    assert "typing error" in line.text(cli_say)


def test_a_closed_port_is_a_refused_connection(memory_keyring: MemoryKeyring) -> None:
    port = free_port(socket.SOCK_STREAM, pair=False)
    account = AccountSpec(name="pbx", server=f"127.0.0.1:{port}", user="1001",
                          transport=Transport.TCP)
    line = problem(report_for(account, "x-secret", memory_keyring))

    assert line.key == "doctor_connect_refused"
    assert f"127.0.0.1:{port} refused the connection" in line.text(cli_say)


@pytest.mark.parametrize("transport", [Transport.UDP, Transport.TCP])
def test_an_address_with_no_route_says_check_the_network(
        memory_keyring: MemoryKeyring, transport: Transport) -> None:
    """A PC whose network is gone: the test runs in a thread of its own network namespace
    (only a loopback that is down, no route at all), so the kernel answers ENETUNREACH for
    any address, on any machine, and the host's routes stay untouched."""
    account = AccountSpec(name="pbx", server="198.51.100.7:5060", user="1001",
                          transport=transport)
    report = in_empty_network_namespace(
        lambda: report_for(account, "x-secret", memory_keyring))
    line = problem(report)

    assert line.key == "doctor_no_route"
    assert line.text(cli_say).startswith(
        "PROBLEM [pbx] There is no network route to 198.51.100.7:5060 (Network is unreachable)."
        " Check the network cable, Wi-Fi or VPN.")
    use_language("ja")
    assert "198.51.100.7:5060 へのネットワーク経路がありません" in line.text(cli_say)
    use_language("zh_CN")
    assert "没有到 198.51.100.7:5060 的网络路由" in line.text(cli_say)


def test_a_wrong_password_is_an_authentication_problem_in_english_and_japanese(
        kamailio: Kamailio, memory_keyring: MemoryKeyring) -> None:
    line = problem(report_for(alice(kamailio), "not-alices-password", memory_keyring))

    assert line.key == "doctor_auth_failed"
    assert "refused the user name or the password (401 Unauthorized)" in line.text(cli_say)
    use_language("ja")
    japanese = line.text(cli_say)
    assert japanese.startswith("問題あり [alice] ")
    assert "レジストラがユーザー名またはパスワードを拒否しました（401 Unauthorized）" in japanese


def test_no_password_in_the_keyring_says_where_to_enter_it(
        kamailio: Kamailio, memory_keyring: MemoryKeyring) -> None:
    line = problem(report_for(alice(kamailio), None, memory_keyring))

    assert line.key == "doctor_no_password"
    assert "enter it in Settings (Accounts)" in line.text(cli_say)


def test_a_registrar_that_refuses_is_named_with_its_reason(
        kamailio: Kamailio, memory_keyring: MemoryKeyring) -> None:
    # Kamailio lets alice's credentials register alice only (tests/kamailio/kamailio.cfg).
    forbidden = problem(report_for(alice(kamailio, name="bob", user="bob", auth_user="alice"),
                                   password("alice"), memory_keyring))
    assert forbidden.key == "doctor_registrar_refused"
    assert "refused the registration: 403 Forbidden auth ID" in forbidden.text(cli_say)

    overloaded = problem(report_for(alice(kamailio, name="busy", user="overloaded"),
                                    "any-secret", memory_keyring))
    assert "refused the registration: 503 Service Unavailable" in overloaded.text(cli_say)


def test_udp_swallowed_while_tcp_answers_says_use_tcp_or_tls(
        kamailio: Kamailio, memory_keyring: MemoryKeyring) -> None:
    with udp_black_hole_with_tcp_to(kamailio.port) as port:
        account = alice(kamailio, server=f"127.0.0.1:{port}")
        line = problem(report_for(account, password("alice"), memory_keyring))

    assert line.key == "doctor_udp_blocked"
    text = line.text(cli_say)
    assert "does not answer over UDP but does over TCP" in text
    assert "Set the account's transport to TCP or TLS." in text


def test_udp_with_nothing_anywhere_is_not_called_blocked(memory_keyring: MemoryKeyring) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as hole:
        hole.bind(("127.0.0.1", 0))  # takes datagrams, answers none; no TCP on the port
        port = hole.getsockname()[1]
        account = AccountSpec(name="pbx", server=f"127.0.0.1:{port}", user="1001")
        line = problem(report_for(account, "x-secret", memory_keyring))

    assert line.key == "doctor_no_answer"
    assert f"The registrar 127.0.0.1:{port} did not answer" in line.text(cli_say)


@pytest.mark.parametrize(("case", "code", "words"), [
    ("expired", "doctor_tls_expired", "has expired"),
    ("wrong_name", "doctor_tls_wrong_name", "is made out to another name"),
    ("unknown_issuer", "doctor_tls_unknown_issuer", "comes from an unknown authority"),
])
def test_each_bad_certificate_is_named(tmp_path: Path, memory_keyring: MemoryKeyring,
                                       case: str, code: str, words: str) -> None:
    pki = Pki(tmp_path)
    leaf = {"expired": pki.leaf("expired", days=(-30, -1)),
            "wrong_name": pki.leaf("other", names=("sip.elsewhere.test",)),
            "unknown_issuer": Pki(tmp_path / "stranger").leaf("stranger")}[case]
    with tls_server(leaf) as port:
        account = AccountSpec(name="tls", server=f"127.0.0.1:{port}", user="1001",
                              transport=Transport.TLS)
        line = problem(report_for(account, "x-secret", memory_keyring,
                                  SipSettings(tls_ca_file=str(pki.ca))))

    assert line.key == code
    assert f"The certificate of 127.0.0.1:{port} {words}" in line.text(cli_say)


def test_a_good_certificate_passes_the_tls_step(tmp_path: Path) -> None:
    pki = Pki(tmp_path)
    with tls_server(pki.leaf("good")) as port:
        account = AccountSpec(name="tls", server=f"127.0.0.1:{port}", user="1001",
                              transport=Transport.TLS)
        result = diagnose.diagnose(account, "x-secret", timeout=TIMEOUT,
                                   tls=TlsFiles(ca_file=str(pki.ca)))

    # The TLS server speaks no SIP: the test gets past the handshake and waits in vain.
    assert [f.code for f in result.findings] == ["connect_ok", "tls_ok", diagnose.NO_ANSWER]


# -- the keyring --------------------------------------------------------------------------------


@pytest.mark.parametrize(("desktop", "names"), [
    ("KDE", ("KWallet", "KDE Wallet")),
    ("ubuntu:GNOME", ("GNOME Keyring", "gnome-keyring")),
    ("", ("KeePassXC", "Secret Service")),
])
def test_a_missing_keyring_names_the_service_for_the_desktop(
        monkeypatch: pytest.MonkeyPatch, desktop: str, names: tuple[str, ...]) -> None:
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", desktop)
    with failing_keyring():
        report = doctor.check(Settings(), inputs=lambda: HEADSET)

    line = problem(report)
    assert line.key.startswith("doctor_keyring_unavailable_")
    for name in names:
        assert name in line.text(cli_say)


def test_with_the_keyring_down_the_password_line_points_at_the_keyring(
        kamailio: Kamailio, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "XFCE")
    with failing_keyring():
        report = doctor.check(Settings(accounts=(alice(kamailio),)), timeout=TIMEOUT,
                              inputs=lambda: HEADSET)

    keys = [line.key for line in report.lines if not line.ok]
    assert keys == ["doctor_keyring_unavailable_gnome_keyring", "doctor_no_password_keyring"]
    assert "get the keyring working first" in report.lines[-2].text(cli_say)


def test_the_command_exits_1_and_says_what_to_start(tmp_path: Path) -> None:
    """The real `caseline doctor`: keyring backend from the environment (no Secret Service),
    no sound server, so no microphone either."""
    config = tmp_path / "caseline.toml"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CURRENT_DESKTOP": "KDE",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "PULSE_SERVER": f"unix:{tmp_path}/no-pulse",
           "XDG_RUNTIME_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "app", "--config", str(config), "doctor"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)

    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("PROBLEM No usable system keyring")
    assert "KWallet" in lines[0]
    assert "No SIP account is set up" in lines[1]
    assert lines[2].startswith("PROBLEM No microphone was found.")
    assert lines[-1] == "Some checks failed: each line marked PROBLEM says what to do."


# -- the diagnostics zip ------------------------------------------------------------------------


TURN_PASSWORD = "turn-pw-4417"
CENTRAL_PASSWORD = "central-pw-9921"
DIGEST_RESPONSE = "6629fae49393a05397450978507c4ef1"
MEMBERS = {"README.txt", "versions.json", "settings.toml", "caseline.log", "sip-trace.txt",
           "connection-test.txt", "connection-test.json"}


def test_the_diagnostics_zip_holds_everything_but_the_secrets(
        tmp_path: Path, kamailio: Kamailio, memory_keyring: MemoryKeyring) -> None:
    config = tmp_path / "caseline.toml"
    account = alice(kamailio, turn_server="127.0.0.1:3478", turn_user="alice-turn")
    url = "postgresql://agent@db.caseline.test:5432/cases"
    conf = Settings(sip=SipSettings(sip_trace=True), accounts=(account,),
                    central=CentralSettings(url=url))
    from app.config import settings as settings_file  # noqa: PLC0415

    settings_file.save(config, conf)
    secrets.set_password("alice", password("alice"))
    secrets.set_turn_password("alice", TURN_PASSWORD)
    secrets.set_central_password(
        secrets.central_key("agent", "db.caseline.test", 5432, "cases"), CENTRAL_PASSWORD)
    # Lines as an old version or a stray tool could have left them: written to the file
    # directly, past the log's own scrubbing.
    (tmp_path / "caseline.log").write_text(
        "2026-12-01 09:00:00,000 42 INFO caseline.sip: TX 512 bytes Request msg REGISTER\n"
        f"REGISTER sip:{DOMAIN} SIP/2.0\n"
        f'Authorization: Digest username="1001", realm="{DOMAIN}", nonce="abc", '
        f'uri="sip:{DOMAIN}", response="{DIGEST_RESPONSE}"\n'
        "Content-Length: 0\n"
        "2026-12-01 09:00:01,000 42 INFO app.sync: connecting to "
        f"postgresql://agent:{CENTRAL_PASSWORD}@db.caseline.test:5432/cases\n"
        f"2026-12-01 09:00:02,000 42 INFO app.x: turn_password={TURN_PASSWORD} "
        f"password: {password('alice')}\n", encoding="utf-8")
    target = tmp_path / "out" / "diagnostics.zip"

    code = doctor.run(argparse.Namespace(bundle=str(target), timeout=TIMEOUT), config, conf,
                      cli_say, inputs=lambda: HEADSET)

    assert code == 0
    with zipfile.ZipFile(target) as zipped:
        members = {name: zipped.read(name) for name in zipped.namelist()}
    assert set(members) == MEMBERS
    assert b"REGISTER sip:caseline.test SIP/2.0" in members["sip-trace.txt"]
    assert b"Authorization: <redacted>" in members["sip-trace.txt"]
    assert b"Registered with" in members["connection-test.txt"]
    assert b'"pjsua2"' in members["versions.json"]
    assert b"db.caseline.test" in members["settings.toml"]
    for secret in (password("alice"), TURN_PASSWORD, CENTRAL_PASSWORD, DIGEST_RESPONSE):
        for name, data in members.items():
            assert secret.encode() not in data, (secret, name)
    assert not [p for p in target.parent.iterdir() if p != target]  # no temporary file left


def test_the_scrubber_takes_credentials_of_every_shape() -> None:
    scrub = doctor.Scrubber(["s3cr3t/+pw"]).text
    assert scrub("login s3cr3t/+pw and s3cr3t%2F%2Bpw") == "login <redacted> and <redacted>"
    assert scrub("Proxy-Authorization: Digest response=\"1\"") == "Proxy-Authorization: <redacted>"
    assert scrub("X-CaseLine-Monitor: qZ3v-token") == "X-CaseLine-Monitor: <redacted>"
    assert scrub("turn_password = 'x y'") == "turn_password = <redacted>"
    assert scrub("https://u:hunter22@h/x") == "https://u:<redacted>@h/x"
    assert scrub("a plain line") == "a plain line"


# -- helpers -----------------------------------------------------------------------------------


def bindings(kam: Kamailio, user: str) -> list[str]:
    """The Contacts Kamailio holds for ``user``: a REGISTER without a Contact asks for them
    (RFC 3261 10.2.3)."""
    uri = f"sip:{DOMAIN}"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("127.0.0.1", kam.port))
        sock.settimeout(TIMEOUT)
        host, port = sock.getsockname()[:2]
        authorization = ""
        for cseq in (1, 2):
            sock.send((
                f"REGISTER {uri} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP {host}:{port};branch=z9hG4bK-query{cseq};rport\r\n"
                f"From: <sip:{user}@{DOMAIN}>;tag=query\r\nTo: <sip:{user}@{DOMAIN}>\r\n"
                f"Call-ID: bindings-{user}@test\r\nCSeq: {cseq} REGISTER\r\n"
                f"Max-Forwards: 70\r\n{authorization}Content-Length: 0\r\n\r\n").encode())
            response = diagnose.parse_response(sock.recv(65536))
            assert response is not None
            if response.status == 401:
                answer = diagnose.digest_authorization(
                    response.header("WWW-Authenticate"), "REGISTER", uri, user, password(user))
                authorization = f"Authorization: {answer}\r\n"
                continue
            assert response.status == 200, response
            return [value for name, value in response.headers if name.lower() == "contact"]
    raise AssertionError("Kamailio kept asking for credentials")


def in_empty_network_namespace(work: Callable[[], T]) -> T:
    """``work()`` on a thread moved into a new network namespace (unshare(2) with
    CLONE_NEWNET changes the calling thread only; root, as the other wire tests). Sockets
    it opens see no interface and no route; the namespace goes when the thread ends."""
    libc = ctypes.CDLL(None, use_errno=True)
    results: list[T] = []
    failures: list[BaseException] = []

    def body() -> None:
        if libc.unshare(CLONE_NEWNET) != 0:
            failures.append(OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)"))
            return
        try:
            results.append(work())
        except BaseException as exc:  # handed to the test's thread, raised there
            failures.append(exc)

    thread = threading.Thread(target=body, name="no-network")
    thread.start()
    thread.join()
    if failures:
        raise failures[0]
    return results[0]


@contextlib.contextmanager
def udp_black_hole_with_tcp_to(tcp_port: int) -> Iterator[int]:
    """A port where UDP datagrams vanish (as behind a firewall dropping them) while TCP
    connections are relayed to Kamailio's TCP listener."""
    hole = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    for _ in range(20):  # the same number free for both
        hole.bind(("127.0.0.1", 0))
        port = hole.getsockname()[1]
        try:
            listener.bind(("127.0.0.1", port))
            break
        except OSError:
            hole.close()
            hole = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.listen()
    stop = threading.Event()
    thread = threading.Thread(target=_relay, args=(listener, tcp_port, stop), daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        with socket.create_connection(("127.0.0.1", port)):
            pass  # wakes the relay's select so it sees stop
        thread.join(10)
        listener.close()
        hole.close()


def _relay(listener: socket.socket, tcp_port: int, stop: threading.Event) -> None:
    pairs: dict[socket.socket, socket.socket] = {}
    with selectors.DefaultSelector() as selector:
        selector.register(listener, selectors.EVENT_READ)
        while not stop.is_set():
            for key, _ in selector.select():
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is listener:
                    client, _ = listener.accept()
                    if stop.is_set():
                        client.close()
                        break
                    upstream = socket.create_connection(("127.0.0.1", tcp_port))
                    pairs[client], pairs[upstream] = upstream, client
                    selector.register(client, selectors.EVENT_READ)
                    selector.register(upstream, selectors.EVENT_READ)
                    continue
                data = b""
                with contextlib.suppress(OSError):
                    data = sock.recv(65536)
                other = pairs[sock]
                if data:
                    other.sendall(data)
                    continue
                for end in (sock, other):
                    selector.unregister(end)
                    pairs.pop(end, None)
                    end.close()
        for sock in pairs:
            sock.close()


@dataclass
class Leaf:
    cert: Path
    key: Path


class Pki:
    """A CA and leaf certificates of any validity and names (cryptography, not openssl: an
    already expired certificate needs dates in the past)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"CaseLine {folder.name} CA")])
        now = datetime.datetime.now(datetime.UTC)
        self.name = name
        self.cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=60))
            .not_valid_after(now + datetime.timedelta(days=60))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(self.key, hashes.SHA256()))
        self.ca = folder / "ca.pem"
        self.ca.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))

    def leaf(self, label: str, *, names: tuple[str, ...] = ("127.0.0.1", "localhost"),
             days: tuple[int, int] = (-1, 30)) -> Leaf:
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        alt: list[x509.GeneralName] = []
        for name in names:
            try:
                alt.append(x509.IPAddress(ipaddress.ip_address(name)))
            except ValueError:
                alt.append(x509.DNSName(name))
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
            .issuer_name(self.name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + datetime.timedelta(days=days[0]))
            .not_valid_after(now + datetime.timedelta(days=days[1]))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .sign(self.key, hashes.SHA256()))
        leaf = Leaf(self.folder / f"{label}.pem", self.folder / f"{label}.key")
        leaf.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        leaf.key.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        return leaf


@contextlib.contextmanager
def tls_server(leaf: Leaf) -> Iterator[int]:
    """A TLS server on loopback presenting ``leaf``; it completes handshakes (or sees them
    fail) and says nothing."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(leaf.cert, leaf.key)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed: the test is over
            try:
                held.append(context.wrap_socket(client, server_side=True))
            except (ssl.SSLError, OSError):
                client.close()  # the client refused our certificate: what the test wants

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(10)
        for sock in held:
            sock.close()
