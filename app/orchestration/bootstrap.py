"""Building the engine and the desk from the settings: shared by the window and the agent."""

from __future__ import annotations

import getpass
import logging
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from app.config.settings import nameserver_list, sip_instance_id
from app.telephony.config import EngineConfig, TlsFiles, parse_transport, split_host_port

if TYPE_CHECKING:
    from collections.abc import Sequence

    from app.config.settings import Settings
    from app.telephony.config import AccountSpec

log = logging.getLogger(__name__)


def engine_config(conf: Settings, *, listen: str | None = None, transports: str | None = None,
                  max_calls: int = 4, auto_answer_ms: int | None = None,
                  sip_trace: bool = False, config_dir: Path | None = None) -> EngineConfig:
    """``config_dir``: where the settings file is; ``[audio] hold_music`` is relative to it."""
    sip = conf.sip
    host, port = split_host_port(listen or sip.listen)
    chosen = sip.transports
    if transports:
        chosen = tuple(parse_transport(t) for t in transports.split(","))
    return EngineConfig(
        listen_host=host,
        listen_port=port,
        transports=chosen,
        tls=TlsFiles(sip.tls_ca_file, sip.tls_cert_file, sip.tls_key_file, sip.tls_verify_server),
        max_calls=max_calls,
        auto_answer_ms=auto_answer_ms,
        user_agent=sip.user_agent,
        sip_trace=sip_trace or sip.sip_trace,
        decline_code=sip.decline_code,
        codecs=conf.audio.codec_order,
        echo_cancellation=conf.audio.echo_cancellation,
        noise_suppression=conf.audio.noise_suppression,
        hold_music=_hold_music(conf, config_dir),
        nameservers=nameserver_list(sip.nameservers),
        probe_failures=sip.probe_failures_before_unreachable,
        # pjsua resolves STUN at start, for the transports too: every account's is named now.
        stun_servers=tuple(dict.fromkeys(a.stun_server.strip() for a in conf.accounts
                                         if a.stun_server.strip())),
        instance_id=_instance_id(),
    )


def _instance_id() -> str:
    try:
        return sip_instance_id()
    except OSError as exc:
        # Outbound then uses pjsua's own id (from the host name): registering still works.
        log.warning("no SIP instance id (%s): using the host's", exc)
        return ""


def _hold_music(conf: Settings, config_dir: Path | None) -> str:
    name = conf.audio.hold_music.strip()
    if not name:
        return ""
    path = Path(name).expanduser()
    if not path.is_absolute() and config_dir is not None:
        path = config_dir / path
    return str(path)


def agent_identity(conf: Settings, accounts: Sequence[AccountSpec]) -> str:
    """Who logs the calls: the setting, else the first account, else this OS user."""
    if conf.cases.agent_identity:
        return conf.cases.agent_identity
    if accounts:
        return f"{accounts[0].user}@{accounts[0].sip_domain}"
    return f"{getpass.getuser()}@localhost"


def agent_name(conf: Settings) -> str:
    """How the agent's notes are signed: the setting, else this OS user's full name (the
    account's GECOS name on Unix), else the login name. Never a SIP identity."""
    if conf.cases.agent_name.strip():
        return " ".join(conf.cases.agent_name.split())
    return os_user_name()


def os_user_name() -> str:
    login = getpass.getuser()
    try:
        import pwd  # noqa: PLC0415 - Unix only

        full = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError):
        full = ""
    return full or login


def direct_address(config: EngineConfig, user: str = "agent") -> str:
    """The SIP address others can dial this desk at directly (no server)."""
    host = config.listen_host
    if host in ("0.0.0.0", "::", ""):
        host = _lan_address()
    port = f":{config.listen_port}" if config.listen_port not in (0, 5060) else ""
    return f"sip:{user}@{host}{port}"


def _lan_address() -> str:
    # A connected UDP socket reveals the outgoing interface's address; nothing is sent.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"
