"""The configuration file: TOML in the platform's config dir, never holding a secret.

Every option is declared once here with its default. Passwords live in the OS keyring
(app.config.secrets); this file only names the accounts.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
import uuid
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from app.telephony import nat
from app.telephony.config import (
    AccountSpec,
    ConfigError,
    Srtp,
    Transport,
    parse_transport,
    split_host_port,
)
from app.telephony.recording import RecordingPolicy

if TYPE_CHECKING:
    from collections.abc import Collection

APP_NAME = "caseline"
ENV_CONFIG = "CASELINE_CONFIG"
VERSION = 1


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "caseline.toml"


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_CONFIG)
    return Path(env) if env else default_config_path()


@dataclass(frozen=True)
class SipSettings:
    listen: str = "0.0.0.0:5060"
    transports: tuple[Transport, ...] = (Transport.UDP, Transport.TCP)
    tls_ca_file: str = ""
    tls_cert_file: str = ""
    tls_key_file: str = ""
    tls_verify_server: bool = True
    user_agent: str = "CaseLine"
    sip_trace: bool = False
    # What a caller gets when the agent declines or hangs up while it rings: 486 Busy Here, or
    # 603 Decline (which ends the call at every phone of a ring group, RFC 3261 16.7).
    decline_code: int = 486
    # What a caller gets while the agent is on break or offline (it does not ring): 486, or
    # 480 Temporarily Unavailable. Config file only (a deployment rule, not in Settings).
    unavailable_code: int = 486
    # DNS servers for SIP names: "system" (the OS's, read at start), "" (none: the OS resolves,
    # blocking the SIP thread meanwhile) or IPv4 addresses, "10.0.0.53, 10.0.0.54".
    nameservers: str = "system"
    # Registrar probes that must fail in a row before an account shows unreachable.
    probe_failures_before_unreachable: int = 3


DECLINE_CODES = (486, 603)
SYSTEM_NAMESERVERS = "system"


def nameserver_list(text: str) -> tuple[str, ...] | None:
    """``[sip] nameservers`` as EngineConfig takes it: None for the system's; ConfigError for
    anything but IPv4 addresses (what pjsip's resolver can use)."""
    if text.strip().lower() == SYSTEM_NAMESERVERS:
        return None
    servers = tuple(part.strip() for part in text.replace(",", " ").split())
    for server in servers:
        try:
            ipaddress.IPv4Address(server)
        except ValueError:
            raise ConfigError("bad_setting", f"[sip] nameservers: {server}") from None
    return servers
UNAVAILABLE_CODES = (486, 480)

ENV_DATABASE = "CASELINE_DB"


def default_database_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / "caseline.db"


@dataclass(frozen=True)
class CasesSettings:
    database: str = ""  # the SQLite file; empty: $CASELINE_DB or the platform data dir
    region: str = "JP"  # numbers without a country code are read as this country's
    case_headers: tuple[str, ...] = ("X-Case-Number",)
    uui_headers: tuple[str, ...] = ("User-to-User",)
    customer_headers: tuple[str, ...] = ("X-Customer-Id",)
    language_headers: tuple[str, ...] = ("X-Caller-Language",)
    wrap_up_seconds: float = 60.0
    agent_identity: str = ""  # who logs the calls; empty: the first account, or this user
    # The agent's name, as their notes are signed; empty: this OS user's full name. Asked by
    # the first-run wizard and Settings; the central agents table wins once connected.
    agent_name: str = ""

    def database_path(self) -> Path:
        if self.database:
            return Path(self.database).expanduser()
        env = os.environ.get(ENV_DATABASE)
        return Path(env) if env else default_database_path()


# The languages the desktop speaks; "" follows the OS locale (app.i18n.choose).
UI_LANGUAGES = ("", "ja", "en", "zh_CN")
THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class UiSettings:
    language: str = ""  # one of UI_LANGUAGES
    first_run_done: bool = False  # the first-run wizard was finished once
    theme: str = "system"  # one of THEMES: follow the OS, or force light or dark
    # Start CaseLine (in the tray) when the user logs in: app.config.autostart keeps the OS's
    # entry in step with it.
    start_at_login: bool = False


@dataclass(frozen=True)
class AudioSettings:
    """Sound devices by their Qt (QAudioDevice) id; "" is the system default."""

    input: str = ""
    output: str = ""
    ringer: str = ""
    # Audio profiles: "headset" talks on input/output above, "speaker" (hands-free) on these;
    # one click switches, during a call too.
    profile: str = "headset"
    speaker_input: str = ""
    speaker_output: str = ""
    # The deployment's call-recording rule, one of RECORDING_POLICIES; agents cannot change it
    # (the desktop only reads it; Settings never writes a different value).
    recording: str = RecordingPolicy.ON_DEMAND.value
    # pjmedia's echo canceller and noise suppressor, and the codecs offered first (names, best
    # first, comma-separated; the others stay offered after them). Read when the phone starts.
    echo_cancellation: bool = True
    noise_suppression: bool = True
    codecs: str = "opus,G722,PCMU,PCMA"
    # Deployment rules too, never changed by Settings: both ends hear a notice when a recording
    # starts; recordings older than this many days are deleted at start (0: kept forever).
    announce_recording: bool = True
    recording_retention_days: int = 0
    # A WAV (16-bit PCM) a held caller hears, looped; relative to this file's directory, or
    # absolute. "": the held caller hears silence.
    hold_music: str = ""

    @property
    def recording_policy(self) -> RecordingPolicy:
        return RecordingPolicy(self.recording)

    @property
    def talk_devices(self) -> tuple[str, str]:
        """(input, output) of the current profile."""
        if self.profile == SPEAKER_PROFILE:
            return self.speaker_input, self.speaker_output
        return self.input, self.output

    @property
    def codec_order(self) -> tuple[str, ...]:
        return codec_names(self.codecs)


RECORDING_POLICIES = tuple(p.value for p in RecordingPolicy)
HEADSET_PROFILE, SPEAKER_PROFILE = "headset", "speaker"

# A codec as pjsua2 names it before the first "/": opus, G722, PCMU, speex, AMR-WB, G7221.
_CODEC_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]*")


def codec_names(text: str) -> tuple[str, ...]:
    """An ``[audio] codecs`` list as names, best first, each once; "" is no preference."""
    names = [name.strip() for name in text.split(",")]
    if names == [""]:
        return ()
    if not all(_CODEC_NAME.fullmatch(name) for name in names):
        raise ConfigError("bad_setting", f"[audio] codecs: {text}")
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(name.lower(), name)  # the engine ignores case: "G722,g722" is one
    return tuple(first.values())


def recordings_dir(cases: CasesSettings) -> Path:
    """Recordings live next to the database, in ``recordings/``.

    They are case records like the call log rows that point at them: wherever an organisation
    puts its database (an encrypted volume, a backed-up share) the recordings follow, and a
    backup or a retention sweep of that directory covers both.
    """
    return cases.database_path().parent / "recordings"


ENV_CENTRAL_URL = "CASELINE_CENTRAL_URL"


@dataclass(frozen=True)
class CentralSettings:
    """The central PostgreSQL database this PC syncs with; "" = local only.

    ``url``: postgresql://ROLE@HOST:5432/DATABASE, libpq options in the query (e.g.
    ``?sslmode=verify-full&sslrootcert=/etc/caseline/ca.pem``). The role's password is in
    the keyring (``caseline sync --set-password``), never here. A centre on another machine
    needs ``sslmode=verify-full`` (or ``verify-ca``): app.central.db.require_tls.
    """

    url: str = ""
    # The administrator's opt-out of that rule: call logs and notes then cross the network
    # readable by anyone on the way. A deployment rule: Settings shows it, never writes it.
    allow_insecure: bool = False

    def effective_url(self) -> str:
        return os.environ.get(ENV_CENTRAL_URL, "").strip() or self.url.strip()


@dataclass(frozen=True)
class ConsoleSettings:
    """The team leader's KPI definitions (docs/kpi.md): one deployment's choices, the same in
    the console, `caseline report` and the exports."""

    fcr_days: int = 7  # first-contact resolution: no further contact on the SR within N days
    answer_target_seconds: int = 20  # service level: answered within T seconds / offered
    service_level_target_percent: int = 80  # the line the service-level chart draws


def _console(raw: object, where: str) -> ConsoleSettings:
    console = ConsoleSettings(**_typed(ConsoleSettings, raw, where))
    if console.fcr_days < 1 or console.answer_target_seconds < 1 \
            or not 1 <= console.service_level_target_percent <= 100:
        raise ConfigError("bad_setting", where)
    return console


# The queue watch's priorities, in the order of [queue_watch]'s lists (app.cases.queuewatch).
WATCH_PRIORITIES = ("P1", "P2", "P3", "P4")
_WATCH_LISTS = ("stale_hours", "due_hours")


@dataclass(frozen=True)
class QueueWatchSettings:
    """When the queue watch flags an SR (docs/queue-watch.md). Hours per priority, P1 to P4.

    ``queue_languages``: (queue, languages it takes); written ``[queue_watch.languages]``,
    ``hardware = ["ja", "en"]``. An SR of another language in such a queue is a route failure;
    a queue not named takes every language. A deployment rule: Settings never writes it.
    """

    stale_hours: tuple[int, ...] = (2, 8, 24, 72)  # no update (SR change or note) for this long
    due_hours: tuple[int, ...] = (4, 24, 72, 168)  # resolution target from the SR's creation
    translation_hours: int = 4  # a translation request waiting longer is overdue
    queue_languages: tuple[tuple[str, tuple[str, ...]], ...] = ()
    refresh_seconds: int = 300  # looked at again this often, and after every pull


def _queue_watch(raw: object, where: str) -> QueueWatchSettings:
    if not isinstance(raw, dict):
        raise ConfigError("bad_setting", where)
    data = dict(raw)
    languages = data.pop("languages", {})
    if not isinstance(languages, dict):
        raise ConfigError("bad_setting", f"{where} languages")
    pairs = []
    for queue, codes in sorted(languages.items()):
        if not isinstance(codes, list) or not all(c in ("ja", "en", "zh") for c in codes):
            raise ConfigError("bad_setting", f"{where} languages: {queue}")
        pairs.append((str(queue), tuple(codes)))
    for key in _WATCH_LISTS:
        if key in data:
            value = data[key]
            if not isinstance(value, list) or len(value) != len(WATCH_PRIORITIES) \
                    or not all(type(h) is int and h > 0 for h in value):
                raise ConfigError("bad_setting", f"{where} {key}")
            data[key] = tuple(value)
    watch = QueueWatchSettings(**_typed(QueueWatchSettings, data, where),
                               queue_languages=tuple(pairs))
    if watch.translation_hours <= 0 or watch.refresh_seconds <= 0:
        raise ConfigError("bad_setting", where)
    return watch


@dataclass(frozen=True)
class Settings:
    version: int = VERSION
    sip: SipSettings = field(default_factory=SipSettings)
    cases: CasesSettings = field(default_factory=CasesSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    central: CentralSettings = field(default_factory=CentralSettings)
    queue_watch: QueueWatchSettings = field(default_factory=QueueWatchSettings)
    console: ConsoleSettings = field(default_factory=ConsoleSettings)
    accounts: tuple[AccountSpec, ...] = ()

    def account(self, name: str) -> AccountSpec | None:
        return next((a for a in self.accounts if a.name == name), None)


_SECRET_KEYS = {"password", "passwd", "secret", "turn_password", "turn_secret"}


def load(path: Path) -> Settings:
    """Read the file; a missing file is the defaults. Raises ConfigError with the file named."""
    _check_central_env()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("config_unreadable", f"{path}: {exc}") from None
    return from_dict(data, str(path))


def from_dict(data: dict[str, Any], where: str = "config") -> Settings:
    sip_data = dict(data.get("sip", {}))
    if "transports" in sip_data:
        sip_data["transports"] = tuple(parse_transport(t) for t in sip_data["transports"])
    sip = SipSettings(**_known(SipSettings, sip_data, f"{where} [sip]"))
    for key, allowed in (("decline_code", DECLINE_CODES), ("unavailable_code", UNAVAILABLE_CODES)):
        value = getattr(sip, key)
        if type(value) is not int or value not in allowed:
            raise ConfigError("bad_setting", f"{where} [sip] {key}: {value}")
    if type(sip.nameservers) is not str:
        raise ConfigError("bad_setting", f"{where} [sip] nameservers")
    nameserver_list(sip.nameservers)
    failures = sip.probe_failures_before_unreachable
    if type(failures) is not int or failures < 1:
        raise ConfigError("bad_setting", f"{where} [sip] probe_failures_before_unreachable")
    cases_data = dict(data.get("cases", {}))
    for key, value in list(cases_data.items()):
        if isinstance(value, list):
            cases_data[key] = tuple(str(v) for v in value)
    cases = CasesSettings(**_known(CasesSettings, cases_data, f"{where} [cases]"))
    ui = UiSettings(**_typed(UiSettings, data.get("ui", {}), f"{where} [ui]"))
    if ui.language not in UI_LANGUAGES:
        raise ConfigError("unknown_language", f"{where} [ui] language: {ui.language}")
    if ui.theme not in THEMES:
        raise ConfigError("bad_setting", f"{where} [ui] theme: {ui.theme}")
    audio = AudioSettings(**_typed(AudioSettings, data.get("audio", {}), f"{where} [audio]"))
    if audio.recording not in RECORDING_POLICIES:
        raise ConfigError("bad_setting", f"{where} [audio] recording: {audio.recording}")
    if audio.profile not in (HEADSET_PROFILE, SPEAKER_PROFILE):
        raise ConfigError("bad_setting", f"{where} [audio] profile: {audio.profile}")
    if audio.recording_retention_days < 0:
        raise ConfigError("bad_setting", f"{where} [audio] recording_retention_days")
    try:
        codec_names(audio.codecs)
    except ConfigError:
        raise ConfigError("bad_setting", f"{where} [audio] codecs: {audio.codecs}") from None
    central = CentralSettings(**_typed(CentralSettings, data.get("central", {}),
                                       f"{where} [central]"))
    if _url_has_password(central.url):
        raise ConfigError("secret_in_config", f"{where}: [central] url")
    accounts = []
    for entry in data.get("accounts", []):
        if _SECRET_KEYS & {k.lower() for k in entry}:
            # Refuse rather than silently use a plain-text password someone put here.
            raise ConfigError("secret_in_config", f"{where}: account {entry.get('name', '?')}")
        raw = dict(entry)
        for key in ("transport", "turn_transport"):
            if key in raw:
                raw[key] = parse_transport(str(raw[key]))
        if "srtp" in raw:
            try:
                raw["srtp"] = Srtp(str(raw["srtp"]).strip().lower())
            except ValueError:
                raise ConfigError("bad_setting", f"{where} [[accounts]] srtp: {raw['srtp']}"
                                  ) from None
        for key, kind in (("keepalive_interval", int), ("sip_outbound", bool), ("ice", bool),
                          ("presence", bool)):
            if key in raw and type(raw[key]) is not kind:
                raise ConfigError("bad_setting", f"{where} [[accounts]] {key}")
        if "colleagues" in raw:  # the team list (app.telephony.colleagues)
            if not isinstance(raw["colleagues"], list) \
                    or not all(isinstance(c, str) for c in raw["colleagues"]):
                raise ConfigError("bad_setting", f"{where} [[accounts]] colleagues")
            raw["colleagues"] = tuple(raw["colleagues"])
        accounts.append(AccountSpec(**_known(AccountSpec, raw, f"{where} [[accounts]]")))
    return Settings(version=int(data.get("version", VERSION)), sip=sip, cases=cases, ui=ui,
                    audio=audio, central=central, accounts=tuple(accounts),
                    queue_watch=_queue_watch(data.get("queue_watch", {}),
                                             f"{where} [queue_watch]"),
                    console=_console(data.get("console", {}), f"{where} [console]"))


def _check_central_env() -> None:
    """CASELINE_CENTRAL_URL, which decides over ``[central] url``, is held to the same rule:
    no password in it (the environment shows in process listings and crash reports)."""
    if _url_has_password(os.environ.get(ENV_CENTRAL_URL, "")):
        raise ConfigError("secret_in_config", ENV_CENTRAL_URL)


def _url_has_password(url: str) -> bool:
    """scheme://user:password@host: the password belongs in the keyring."""
    creds = url.partition("://")[2].rpartition("@")[0]
    return ":" in creds or "password=" in url.lower()


def _known(cls: type, raw: dict[str, Any], where: str) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    unknown = set(raw) - names
    if unknown:
        raise ConfigError("unknown_setting", f"{where}: {', '.join(sorted(unknown))}")
    return raw


def _typed(cls: type, raw: object, where: str) -> dict[str, Any]:
    """A table of known keys whose values have their default's type ("false" is not False)."""
    if not isinstance(raw, dict):
        raise ConfigError("bad_setting", where)
    _known(cls, raw, where)
    defaults = cls()
    for key, value in raw.items():
        if type(value) is not type(getattr(defaults, key)):
            raise ConfigError("bad_setting", f"{where}: {key}")
    return raw


def save(path: Path, settings: Settings) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a config."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"version = {settings.version}", "", "[sip]"]
    lines += [f"{f.name} = {_toml(getattr(settings.sip, f.name))}" for f in fields(SipSettings)]
    lines += ["", "[cases]"]
    lines += [f"{f.name} = {_toml(getattr(settings.cases, f.name))}"
              for f in fields(CasesSettings)]
    for title, section in (("ui", settings.ui), ("audio", settings.audio),
                           ("central", settings.central), ("console", settings.console)):
        lines += ["", f"[{title}]"]
        lines += [f"{f.name} = {_toml(getattr(section, f.name))}" for f in fields(section)]
    watch = settings.queue_watch
    lines += ["", "[queue_watch]"]
    lines += [f"{f.name} = {_toml(getattr(watch, f.name))}" for f in fields(watch)
              if f.name != "queue_languages"]
    if watch.queue_languages:
        lines += ["", "[queue_watch.languages]"]
        lines += [f"{_toml(queue)} = {_toml(codes)}" for queue, codes in watch.queue_languages]
    default = AccountSpec(name="", server="", user="")
    for account in settings.accounts:
        lines += ["", "[[accounts]]"]
        for f in fields(AccountSpec):
            value = getattr(account, f.name)
            if f.name in ("name", "server", "user") or value != getattr(default, f.name):
                lines.append(f"{f.name} = {_toml(value)}")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# A TOML basic string may hold no control character but tab; escape them all, so any text a
# user pastes (a display name with a stray carriage return) cannot break the file.
_ESCAPES = {chr(c): f"\\u{c:04x}" for c in [*range(0x20), 0x7F]}
_ESCAPES.update({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"})


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + "".join(_ESCAPES.get(c, c) for c in str(value)) + '"'


def with_account(settings: Settings, account: AccountSpec) -> Settings:
    others = tuple(a for a in settings.accounts if a.name != account.name)
    return replace(settings, accounts=(*others, account))


def without_account(settings: Settings, name: str) -> Settings:
    return replace(settings, accounts=tuple(a for a in settings.accounts if a.name != name))


def check_account(account: AccountSpec, taken: Collection[str] = ()) -> dict[str, str]:
    """What is wrong with an account before it is saved: field name -> problem code.

    ``taken`` holds the names of the other accounts. Codes: name_required, name_taken,
    server_required, bad_address, user_required, bad_user, bad_domain, bad_stun, bad_turn,
    turn_user_required, turn_transport_unsupported, srtp_needs_tls, bad_keepalive.
    """
    problems: dict[str, str] = {}
    if not account.name.strip():
        problems["name"] = "name_required"
    elif account.name in taken:
        problems["name"] = "name_taken"
    if not account.server.strip():
        problems["server"] = "server_required"
    elif not _address_ok(account.server, 5060):
        problems["server"] = "bad_address"
    if not account.user.strip():
        problems["user"] = "user_required"
    elif _has_any(account.user, " \t@:;<>"):  # "1001@pbx" pasted whole is the usual slip
        problems["user"] = "bad_user"
    if _has_any(account.domain, " \t@:;<>/"):
        problems["domain"] = "bad_domain"
    if account.stun_server and not _address_ok(account.stun_server, 3478):
        problems["stun_server"] = "bad_stun"
    if account.turn_server and not _address_ok(account.turn_server, 3478):
        problems["turn_server"] = "bad_turn"
    elif account.turn_server and not account.turn_user.strip():
        problems["turn_user"] = "turn_user_required"
    if account.turn_server and account.turn_transport not in nat.turn_transports():
        problems["turn_transport"] = nat.TURN_TRANSPORT_UNSUPPORTED
    if account.srtp is Srtp.MANDATORY and account.transport is not Transport.TLS:
        # SDES keys travel in the SDP: over plain SIP anyone on the path reads them.
        problems["srtp"] = "srtp_needs_tls"
    if not 0 <= account.keepalive_interval <= MAX_KEEPALIVE:
        problems["keepalive_interval"] = "bad_keepalive"
    return problems


MAX_KEEPALIVE = 3600  # s; NAT bindings for UDP last seconds to minutes, never hours


def sip_instance_id(folder: Path | None = None) -> str:
    """This installation's SIP Outbound instance (RFC 5626 +sip.instance): a UUID made once
    and kept in the data dir (``folder``), so a restart or a new address re-registers as the
    same device and the registrar replaces its binding. Raises OSError when unwritable."""
    path = (folder or Path(platformdirs.user_data_dir(APP_NAME))) / "sip-instance"
    try:
        return str(uuid.UUID(path.read_text(encoding="ascii").strip()))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        pass
    value = str(uuid.uuid4())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two starting at once each write their own
    tmp.write_text(value + "\n", encoding="ascii")
    os.replace(tmp, path)
    return value


def _address_ok(text: str, default_port: int) -> bool:
    if _has_any(text, " \t@/;<>"):  # a URI or a user@host is not a host[:port]
        return False
    try:
        split_host_port(text, default_port)
    except ConfigError:
        return False
    return True


def _has_any(text: str, characters: str) -> bool:
    return any(c in text for c in characters)
