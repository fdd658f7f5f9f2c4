"""Transports and registration: the SIP sockets, the accounts and their REGISTER life, the
registrar probe and the network watch."""

from __future__ import annotations

import contextlib
import errno
import logging
import random
import socket
from typing import Any

import pjsua2 as pj

from app.telephony import nat
from app.telephony.config import AccountSpec, ConfigError, Srtp, Transport, split_host_port
from app.telephony.engine.core import (
    DIRECT,
    EngineCore,
    TelephonyError,
    _AccountRecord,
    _pj_reason,
    _PjAccount,
)
from app.telephony.events import (
    RegistrationEvent,
    RegState,
)
from app.telephony.probe import RegistrarProbe
from app.telephony.sipmsg import (
    clean_text,
    redact,
)

log = logging.getLogger(__name__)

_AUTH_FAILURES = {401, 403, 404, 407}

MAX_BACKOFF = 60.0

_SRTP_USE = {
    Srtp.OFF: pj.PJMEDIA_SRTP_DISABLED,
    Srtp.OPTIONAL: pj.PJMEDIA_SRTP_OPTIONAL,
    Srtp.MANDATORY: pj.PJMEDIA_SRTP_MANDATORY,
}
_TURN_CONN = {
    Transport.UDP: pj.PJ_TURN_TP_UDP,
    Transport.TCP: pj.PJ_TURN_TP_TCP,
    Transport.TLS: pj.PJ_TURN_TP_TLS,
}


class Registration(EngineCore):
    """Transports, accounts and registration."""

    def _create_transports(self, ep: Any) -> None:
        cfg = self.config
        port = cfg.listen_port
        kinds = {
            Transport.UDP: pj.PJSIP_TRANSPORT_UDP,
            Transport.TCP: pj.PJSIP_TRANSPORT_TCP,
            Transport.TLS: pj.PJSIP_TRANSPORT_TLS,
        }
        for transport in cfg.transports:
            tc = pj.TransportConfig()
            tc.boundAddress = "" if cfg.listen_host in ("", "0.0.0.0") else cfg.listen_host
            if cfg.public_address:
                tc.publicAddress = cfg.public_address
            if transport is Transport.TLS:
                tc.port = (port + 1) if port else 0
                tls = cfg.tls
                tc.tlsConfig.CaListFile = tls.ca_file
                tc.tlsConfig.certFile = tls.cert_file
                tc.tlsConfig.privKeyFile = tls.key_file
                tc.tlsConfig.verifyServer = tls.verify_server
                # TLS 1.2 and 1.3, nothing older. The bitmask, not ``method``: the wheel's
                # default mask (TLS 1.0-1.2) wins over any method set alone.
                tc.tlsConfig.method = pj.PJSIP_SSLV23_METHOD
                tc.tlsConfig.proto = pj.PJ_SSL_SOCK_PROTO_TLS1_2 | pj.PJ_SSL_SOCK_PROTO_TLS1_3
            else:
                tc.port = port
            try:
                tid = ep.transportCreate(kinds[transport], tc)
            except pj.Error as exc:
                raise _transport_error(exc, transport, cfg.listen_host, tc.port) from None
            self._transport_ids[transport] = tid
            if not port and transport is not Transport.TLS:
                # Bind TCP (and TLS = port+1) next to the port the OS gave UDP.
                port = ep.transportGetInfo(tid).localName.rsplit(":", 1)[1]
                port = int(port)
        self.local_port = port

    def _open_waker(self) -> None:
        if Transport.UDP not in self._transport_ids:
            return  # TCP/TLS only: pump() polls every POLL_WAIT_MS instead
        host = self.config.listen_host
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
        try:
            family, kind, proto, _, address = socket.getaddrinfo(
                host, self.local_port, type=socket.SOCK_DGRAM)[0]
            waker = socket.socket(family, kind, proto)
        except OSError as exc:
            log.warning("no wake-up socket (%s): the engine polls instead", exc)
            return
        waker.setblocking(False)  # wake() never waits, whoever calls it
        self._waker, self._wake_to = waker, address

    def wake(self) -> None:
        """Any thread may call this: a pump() waiting now returns at once (then the caller's
        queued work runs). Without a UDP transport pump() never waits long anyway."""
        waker, target = self._waker, self._wake_to
        if waker is not None:
            with contextlib.suppress(OSError):  # closed by stop() meanwhile, or a full buffer
                waker.sendto(b"\0", target)

    def _add_direct_account(self) -> None:
        ac = pj.AccountConfig()
        host = self.config.public_address or self.config.listen_host
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        ac.idUri = f"sip:caseline@{host}:{self.local_port}"
        ac.regConfig.registerOnAdd = False
        # No STUN (a blocking query per call without ICE); no registrar to keep alive.
        ac.natConfig.sipStunUse = pj.PJSUA_STUN_USE_DISABLED
        ac.natConfig.mediaStunUse = pj.PJSUA_STUN_USE_DISABLED
        self._apply_media_config(ac)
        acc = _PjAccount(self._whole, DIRECT)
        acc.create(ac, True)
        self._accounts[DIRECT] = _AccountRecord(
            spec=AccountSpec(name=DIRECT, server=f"{host}:{self.local_port}", user="caseline",
                             register=False, probe_interval=0),
            pj_acc=acc,
            want_registered=False,
        )

    def _apply_media_config(self, ac: Any, spec: AccountSpec | None = None) -> None:
        ac.callConfig.timerUse = pj.PJSUA_SIP_TIMER_OPTIONAL
        ac.mediaConfig.transportConfig.boundAddress = (
            "" if self.config.listen_host in ("", "0.0.0.0") else self.config.listen_host
        )
        srtp = spec.srtp if spec is not None else Srtp.OFF
        ac.mediaConfig.srtpUse = _SRTP_USE[srtp]
        # Mandatory SRTP only over TLS: SDES keys sent in clear SIP protect nothing. Optional
        # SRTP is opportunistic and takes what the signalling offers.
        ac.mediaConfig.srtpSecureSignaling = 1 if srtp is Srtp.MANDATORY else 0
        if srtp is not Srtp.OFF:
            keyings = pj.IntVector()
            keyings.append(pj.PJMEDIA_SRTP_KEYING_SDES)
            ac.mediaConfig.srtpOpt.keyings = keyings

    def _apply_nat_config(self, ac: Any, spec: AccountSpec, turn_password: str | None) -> None:
        nc = ac.natConfig
        stun = self._add_stun_server(spec.stun_server)
        # STUN through ICE only, whose gathering runs in the background: pjsua's plain RTP and
        # SIP transports ask STUN while the SIP thread waits, at every call (RFC 3261 rport
        # and pjsua's Contact rewrite already give SIP the router's address).
        nc.sipStunUse = pj.PJSUA_STUN_USE_DISABLED
        nc.mediaStunUse = (pj.PJSUA_STUN_USE_DEFAULT if stun and spec.uses_ice
                           else pj.PJSUA_STUN_USE_DISABLED)
        nc.iceEnabled = spec.uses_ice
        if spec.turn_server:
            default = 5349 if spec.turn_transport is Transport.TLS else 3478
            host, port = split_host_port(spec.turn_server, default)
            nc.turnEnabled = True
            nc.turnServer = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            nc.turnConnType = _TURN_CONN[spec.turn_transport]
            nc.turnUserName = spec.turn_user
            nc.turnPasswordType = 0  # PJ_STUN_PASSWD_PLAIN
            nc.turnPassword = turn_password or ""
        nc.udpKaIntervalSec = max(0, spec.keepalive_interval)
        nc.sipOutboundUse = 1 if spec.sip_outbound else 0
        if spec.sip_outbound and self.config.instance_id:
            nc.sipOutboundInstanceId = f"<urn:uuid:{self.config.instance_id}>"
            nc.sipOutboundRegId = "1"

    def _add_stun_server(self, server: str) -> bool:
        """Put an account's STUN server on the endpoint's list; whether any is configured."""
        server = server.strip()
        if server and server not in self._stun_servers:
            self._stun_servers.append(server)
            try:
                # Resolved in the background: the SIP thread does not wait for it.
                self._ep.natUpdateStunServers(pj.StringVector(self._stun_servers), False)
            except pj.Error as exc:
                log.warning("STUN server %s: %s", server, _pj_reason(exc))
        return bool(self._stun_servers)

    def add_account(self, spec: AccountSpec, password: str | None,
                    turn_password: str | None = None) -> None:
        redact(password)  # whatever logs it from now on, the log file never holds it
        redact(turn_password)
        self._require_running()
        if spec.name in self._accounts:
            raise TelephonyError("account_exists", spec.name)
        if spec.transport not in self._transport_ids:
            raise ConfigError("transport_not_enabled", spec.transport.value)
        if spec.turn_server and spec.turn_transport not in nat.turn_transports():
            raise ConfigError(nat.TURN_TRANSPORT_UNSUPPORTED, spec.turn_transport.value)
        host, port = split_host_port(spec.server, 5061 if spec.transport is Transport.TLS else 5060)
        ac = pj.AccountConfig()
        name_part = f'"{spec.display_name}" ' if spec.display_name else ""
        ac.idUri = f"{name_part}<{spec.aor}>"
        ac.regConfig.registrarUri = spec.registrar_uri() if spec.register else ""
        ac.regConfig.registerOnAdd = False
        ac.regConfig.timeoutSec = spec.reg_expires
        ac.regConfig.retryIntervalSec = 0  # we retry ourselves, with backoff and a visible state
        ac.regConfig.firstRetryIntervalSec = 0
        ac.regConfig.dropCallsOnFail = False
        ac.sipConfig.transportId = self._transport_ids[spec.transport]
        # A domain that is not the server's own name (sip:bob@example.com served by
        # pbx.example.net) rarely resolves to it: send every request through the server, as
        # desk phones do, unless an outbound proxy is named.
        proxy = spec.proxy or (spec.server if spec.sip_domain != host else "")
        if proxy:
            suffix = "" if spec.transport is Transport.UDP else f";transport={spec.transport.value}"
            ac.sipConfig.proxies.append(f"{spec.scheme}:{proxy}{suffix};lr")
        if password is not None:
            cred = pj.AuthCredInfo("digest", "*", spec.auth_user or spec.user, 0, password)
            ac.sipConfig.authCreds.append(cred)
        self._apply_nat_config(ac, spec, turn_password)
        self._apply_media_config(ac, spec)
        ac.presConfig.publishEnabled = spec.presence  # engine.presence sets what it says
        acc = _PjAccount(self._whole, spec.name)
        try:
            acc.create(ac, False)
        except pj.Error as exc:
            raise TelephonyError("account_failed", _pj_reason(exc)) from None
        probe = None
        if spec.register and spec.probe_interval > 0:
            probe = RegistrarProbe(host, port, spec.transport, spec.probe_interval,
                                   failures_needed=self.config.probe_failures,
                                   clock=self._clock)
            probe.soon()  # a dead registrar shows in a second, not after Timer F (32 s)
        self._accounts[spec.name] = _AccountRecord(spec=spec, pj_acc=acc, probe=probe,
                                                   want_registered=spec.register)
        if spec.register:
            self._register(spec.name)

    def remove_account(self, name: str) -> None:
        self._require_running()
        record = self._account(name)
        if name == DIRECT:
            raise TelephonyError("account_builtin", name)
        del self._accounts[name]
        if self._has_live_calls(record):
            # pjsua would delete it under the call (the call's later requests then take the
            # slot's next account, or none): retired instead until the call ends. Its
            # registration goes now, as the agent asked.
            record.pj_acc.retired = True
            if record.probe:
                record.probe.close()
                record.probe = None
            if record.state is RegState.REGISTERED or record.reg_pending:
                with contextlib.suppress(pj.Error):
                    record.pj_acc.setRegistration(False)
            self._retired.append(record)
        else:
            self._shut_down_account(record)
        self._emit(RegistrationEvent(name, RegState.UNREGISTERED, reason="removed"))

    def register(self, name: str) -> None:
        self._require_running()
        record = self._account(name)
        record.want_registered = True
        record.backoff = 0.0
        self._register(name)

    def unregister(self, name: str) -> None:
        self._require_running()
        record = self._account(name)
        record.want_registered = False
        record.retry_at = None
        if record.reg_pending:
            self._set_reg_state(name, RegState.UNREGISTERED, reason="cancelled")
        elif record.state is RegState.REGISTERED:
            self._send_unregister(name)
        else:
            self._set_reg_state(name, RegState.UNREGISTERED)

    def _register(self, name: str) -> None:
        record = self._accounts.get(name)
        if record is None or not record.spec.register:
            return
        if record.reg_pending:
            # Let the REGISTER in flight finish; its answer decides what happens next.
            self._set_reg_state(name, RegState.REGISTERING)
            return
        self._set_reg_state(name, RegState.REGISTERING)
        try:
            record.pj_acc.setRegistration(True)
        except pj.Error as exc:
            self._schedule_retry(name, 0, _pj_reason(exc))
        else:
            record.reg_pending = True

    def _send_unregister(self, name: str) -> None:
        record = self._accounts[name]
        try:
            record.pj_acc.setRegistration(False)
        except pj.Error:
            self._set_reg_state(name, RegState.UNREGISTERED)
        else:
            record.reg_pending = True
            record.unregistering = True

    def _set_reg_state(self, name: str, state: RegState, code: int = 0, reason: str = "",
                       expires: int = 0, retry_in: float = 0.0) -> None:
        record = self._accounts[name]
        if record.state is state and state is not RegState.REGISTERED and not retry_in:
            return
        record.state = state
        self._emit(RegistrationEvent(name, state, code, reason, expires, retry_in))

    def _schedule_retry(self, name: str, code: int, reason: str) -> None:
        record = self._accounts[name]
        if record.probe is not None and record.probe.down:
            # The registrar is down: the probe registers us the moment it answers again,
            # sooner than any back-off step would.
            record.retry_at = None
            self._set_reg_state(name, RegState.UNREACHABLE, code or 408,
                                reason or "registrar does not answer")
            return
        record.backoff = min(MAX_BACKOFF, record.backoff * 2 if record.backoff else 1.0)
        delay = record.backoff * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not crypto
        record.retry_at = self._clock() + delay
        self._set_reg_state(name, RegState.RETRYING, code, reason, retry_in=round(delay, 2))

    def _on_reg_state(self, name: str, prm: Any) -> None:
        record = self._accounts.get(name)
        if record is None:
            return
        record.reg_pending = False
        was_unregister, record.unregistering = record.unregistering, False
        code = int(prm.code)
        reason = clean_text(str(prm.reason), 200)
        expires = int(prm.expiration)
        if 200 <= code < 300 and expires > 0 and not record.want_registered:
            # unregister() came while this REGISTER was in flight: take the binding back.
            self._send_unregister(name)
            return
        if 200 <= code < 300 and expires == 0 and was_unregister and record.want_registered:
            # register() came while an un-REGISTER was in flight.
            self._register(name)
            return
        if 200 <= code < 300 and expires > 0:
            record.backoff = 0.0
            record.retry_at = None
            self._set_reg_state(name, RegState.REGISTERED, code, reason, expires)
        elif 200 <= code < 300 or not record.want_registered:
            self._set_reg_state(name, RegState.UNREGISTERED, code, reason)
        elif code in _AUTH_FAILURES:
            # Wrong password or unknown user: retrying would only lock the account out.
            record.retry_at = None
            self._set_reg_state(name, RegState.FAILED, code, reason)
        else:
            self._schedule_retry(name, code, reason)

    def _poll_probe(self, name: str, acc: _AccountRecord) -> None:
        assert acc.probe is not None
        alive = acc.probe.poll()
        if alive is None or not acc.want_registered:
            return
        if not alive and acc.probe.down and acc.state in (
                RegState.REGISTERED, RegState.REGISTERING, RegState.RETRYING):
            # One lost probe is not an outage: only failures_needed in a row turn it red.
            acc.retry_at = None
            self._set_reg_state(name, RegState.UNREACHABLE, 408, "registrar does not answer")
        elif alive and acc.state is RegState.UNREACHABLE:
            # It is back (perhaps restarted, with our binding forgotten): register now. A
            # registrar that answers but refuses (RETRYING) is left to the back-off.
            acc.retry_at = None
            acc.backoff = 0.0
            self._register(name)

    def _watch_targets(self) -> list[tuple[str, int]]:
        targets = []
        for record in self._accounts.values():
            if record.spec.register:
                with contextlib.suppress(ConfigError):
                    targets.append(split_host_port(record.spec.server))
        return targets

    def network_changed(self, why: str = "requested") -> None:
        """The network moved under us (new IP, resume): rebind and re-register everything."""
        self._require_running()
        log.info("network change (%s): re-registering", why)
        prm = pj.IpChangeParam()
        prm.restartListener = True
        try:
            self._ep.handleIpChange(prm)
        except pj.Error as exc:
            log.warning("handleIpChange: %s", _pj_reason(exc))
        for name, record in self._accounts.items():
            if record.spec.register and record.want_registered:
                record.backoff = 0.0
                self._register(name)

    def registration(self, name: str) -> RegState:
        return self._account(name).state

    def accounts(self) -> list[str]:
        return [name for name in self._accounts if name != DIRECT]


# pj_status_t of an OS error: PJ_ERRNO_START_SYS (120000) + errno.
_PJ_OS = 120000


def _transport_error(exc: Any, transport: Transport, host: str, port: int) -> TelephonyError:
    """Why a listening transport could not be made, as a code the UI words: the address taken
    (another softphone, a second CaseLine), not this PC's, or anything else with pjsip's
    reason."""
    status = int(getattr(exc, "status", 0) or 0)
    where = f"{transport.value.upper()} {host or '0.0.0.0'}:{port}"
    if status == _PJ_OS + errno.EADDRINUSE:
        return TelephonyError("address_in_use", where)
    if status == _PJ_OS + errno.EADDRNOTAVAIL:
        return TelephonyError("address_not_here", where)
    reason = clean_text(str(getattr(exc, "reason", "") or exc), 300)
    return TelephonyError("transport_failed", f"{where}: {reason}")
