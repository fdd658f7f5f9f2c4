"""The ``caseline`` command: the headless agent and account management."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTranslator

from app.cli import central as cli_central
from app.cli import doctor as cli_doctor
from app.cli import report as cli_report
from app.cli import selftest as cli_selftest
from app.common import logs
from app.config import secrets, settings
from app.i18n import HERE, choose
from app.orchestration import bootstrap
from app.telephony.config import (
    AccountSpec,
    ConfigError,
    parse_transport,
    split_host_port,
)
from app.telephony.dialplan import link_text

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

log = logging.getLogger(__name__)


class _Plural:
    """Marks a message with a count as a plural entry: lupdate writes numerus forms only for a
    ``translate(context, text, disambiguation, n)`` call. say() does the translating."""

    @staticmethod
    def translate(_context: str, text: str, _disambiguation: None, _n: int) -> str:
        return text


# Messages for people, by code: marked for lupdate (context "cli") and translated by say().
# The argparse help texts below stay English: they are for whoever scripts CaseLine.
MESSAGES: dict[str, str] = cast("dict[str, str]", {
    "keyring_unavailable": QT_TRANSLATE_NOOP(
        "cli",
        "No usable keyring: {detail}. CaseLine keeps passwords only in the system keyring "
        "(GNOME Keyring/KWallet on Linux, Keychain on macOS, Credential Manager on Windows); "
        "start or unlock it and try again."),
    "selftest_ok": QT_TRANSLATE_NOOP("cli", "OK      {step}: {detail}"),
    "selftest_failed": QT_TRANSLATE_NOOP("cli", "FAILED  {step}: {detail}"),
    "selftest_summary_ok": QT_TRANSLATE_NOOP("cli", "Self-test passed (%n steps)."),
    "selftest_summary_failed": QT_TRANSLATE_NOOP(
        "cli", "Self-test failed at step {step} (%n failing)."),
    "selftest_no_platform": QT_TRANSLATE_NOOP(
        "cli", "Qt started without a platform plugin: the bundle lacks Qt's platforms folder."),
    "selftest_qt": QT_TRANSLATE_NOOP("cli", "Qt {version} on the {platform} platform"),
    "selftest_translation_missing": QT_TRANSLATE_NOOP(
        "cli", "The {language} translation does not load from {path}."),
    "selftest_store_revision": QT_TRANSLATE_NOOP(
        "cli", "A new store stopped at revision {revision}, not {head}: migrations are missing."),
    "selftest_store": QT_TRANSLATE_NOOP("cli", "a new store migrated to revision {revision}"),
    "selftest_central_migrations": QT_TRANSLATE_NOOP(
        "cli", "The central database's migrations are missing from {path}."),
    "selftest_central": QT_TRANSLATE_NOOP(
        "cli", "PostgreSQL client library {libpq}; central schema revision {head}"),
    "selftest_no_keyring": QT_TRANSLATE_NOOP(
        "cli", "No safe system keyring ({backend}): passwords cannot be kept. Run "
        "`caseline doctor` to see which service to start."),
    "selftest_keyring_failed": QT_TRANSLATE_NOOP(
        "cli", "The keyring ({backend}) did not keep a test secret: {detail}"),
    "selftest_sip_timeout": QT_TRANSLATE_NOOP(
        "cli", "The SIP engine's call to itself got no further than waiting for {what} "
        "({seconds} s)."),
    "selftest_wait_incoming": QT_TRANSLATE_NOOP("cli", "the incoming call"),
    "selftest_wait_answer": QT_TRANSLATE_NOOP("cli", "the answer"),
    "selftest_wait_tone": QT_TRANSLATE_NOOP("cli", "the tone"),
    "selftest_wait_hangup": QT_TRANSLATE_NOOP("cli", "the hang-up"),
    "selftest_keyring_other": QT_TRANSLATE_NOOP("cli", "another secret came back"),
    "selftest_sip_silent": QT_TRANSLATE_NOOP(
        "cli", "The SIP engine's call to itself connected, but no sound came through "
        "(level {rms})."),
    "selftest_sip": QT_TRANSLATE_NOOP(
        "cli", "a call to itself over loopback carried the tone (level {rms})"),
    "keyring_locked": QT_TRANSLATE_NOOP(
        "cli", "The keyring is locked: unlock it and try again ({detail})."),
    "keyring_failed": QT_TRANSLATE_NOOP("cli", "The keyring refused the operation: {detail}"),
    "config": QT_TRANSLATE_NOOP("cli", "Configuration problem ({code}): {detail}"),
    "account_exists": QT_TRANSLATE_NOOP(
        "cli", "An account named {name!r} already exists; remove it first."),
    "no_account": QT_TRANSLATE_NOOP("cli", "No account named {name!r}."),
    "empty_password": QT_TRANSLATE_NOOP("cli", "The password is empty; nothing was stored."),
    "no_accounts": QT_TRANSLATE_NOOP(
        "cli", "No accounts. Add one with: caseline account add --server S --user U"),
    "account_added": QT_TRANSLATE_NOOP(
        "cli", "Account {name!r} saved in {path}; its password is in the keyring."),
    "account_removed": QT_TRANSLATE_NOOP("cli", "Account {name!r} removed."),
    "telephony": QT_TRANSLATE_NOOP("cli", "The SIP engine could not start ({code}): {detail}"),
    "store_locked": QT_TRANSLATE_NOOP(
        "cli",
        "The case database {path} is locked by another program ({detail}). Close the other "
        "CaseLine window or tool using it and try again; nothing was written."),
    "store_damaged": QT_TRANSLATE_NOOP(
        "cli",
        "The case database {path} is damaged ({detail}). The newest backup is {backup}; "
        "restore it with: caseline db restore {backup}"),
    "store_damaged_no_backup": QT_TRANSLATE_NOOP(
        "cli",
        "The case database {path} is damaged ({detail}) and there is no backup. Move the file "
        "aside to start an empty one, or copy it for repair."),
    "store_unwritable": QT_TRANSLATE_NOOP(
        "cli", "The case database {path} cannot be written: {detail}"),
    "store_newer_schema": QT_TRANSLATE_NOOP(
        "cli",
        "The case database {path} was written by a newer CaseLine (schema {detail}); "
        "update CaseLine to open it."),
    "store_failed": QT_TRANSLATE_NOOP("cli", "The case database {path} failed: {detail}"),
    "store_migration_failed": QT_TRANSLATE_NOOP(
        "cli", "The case database {path} could not be migrated ({detail}); it was left as it was."),
    "store_missing": QT_TRANSLATE_NOOP("cli", "There is no case database at {path}."),
    "db_upgraded": QT_TRANSLATE_NOOP("cli", "{path}: schema {revision}."),
    "db_backup": QT_TRANSLATE_NOOP("cli", "A copy from before the migration is in {backup}."),
    "db_restored": QT_TRANSLATE_NOOP(
        "cli", "{path} restored from {backup}; the damaged file was kept next to it."),
    "demo_loaded": QT_TRANSLATE_NOOP(
        "cli",
        "Demo data loaded into {path}: {customers} customers, {contacts} contacts, {cases} SRs, "
        "{call_logs} calls, {notes} notes."),
    "demo_skipped": QT_TRANSLATE_NOOP("cli", "{path} already holds data; no demo data added."),
    "bad_date": QT_TRANSLATE_NOOP("cli", "Not a date: {text!r} (use YYYY-MM-DD)."),
    "no_calls": QT_TRANSLATE_NOOP("cli", "No calls."),
    # `calls list` and `calls export`: column headers and the values people read.
    "col_time": QT_TRANSLATE_NOOP("cli", "Time"),
    "col_time_utc": QT_TRANSLATE_NOOP("cli", "Time (UTC)"),
    "col_direction": QT_TRANSLATE_NOOP("cli", "Direction"),
    "col_caller": QT_TRANSLATE_NOOP("cli", "Caller"),
    "col_sr": QT_TRANSLATE_NOOP("cli", "SR"),
    "col_outcome": QT_TRANSLATE_NOOP("cli", "Outcome"),
    "col_disposition": QT_TRANSLATE_NOOP("cli", "Disposition"),
    "col_duration": QT_TRANSLATE_NOOP("cli", "Duration"),
    "col_agent": QT_TRANSLATE_NOOP("cli", "Agent"),
    "col_started": QT_TRANSLATE_NOOP("cli", "Started"),
    "col_utc_offset": QT_TRANSLATE_NOOP("cli", "UTC offset"),
    "col_ended": QT_TRANSLATE_NOOP("cli", "Ended"),
    "col_number": QT_TRANSLATE_NOOP("cli", "Number"),
    "col_number_e164": QT_TRANSLATE_NOOP("cli", "Number (E.164)"),
    "col_display_name": QT_TRANSLATE_NOOP("cli", "Caller ID name"),
    "col_contact": QT_TRANSLATE_NOOP("cli", "Contact"),
    "col_company": QT_TRANSLATE_NOOP("cli", "Company"),
    "col_sr_title": QT_TRANSLATE_NOOP("cli", "SR title"),
    "col_disposition_code": QT_TRANSLATE_NOOP("cli", "Disposition code"),
    "col_ring_seconds": QT_TRANSLATE_NOOP("cli", "Ringing (s)"),
    "col_talk_seconds": QT_TRANSLATE_NOOP("cli", "Talk (s)"),
    "col_hold_seconds": QT_TRANSLATE_NOOP("cli", "Hold (s)"),
    "col_matched_by": QT_TRANSLATE_NOOP("cli", "SR found by"),
    "col_end_reason": QT_TRANSLATE_NOOP("cli", "End reason"),
    "col_account": QT_TRANSLATE_NOOP("cli", "Account"),
    "col_sip_call_id": QT_TRANSLATE_NOOP("cli", "SIP Call-ID"),
    "col_id": QT_TRANSLATE_NOOP("cli", "Call log ID"),
    "sheet_calls": QT_TRANSLATE_NOOP("cli", "Calls"),
    "direction_inbound": QT_TRANSLATE_NOOP("cli", "Inbound"),
    "direction_outbound": QT_TRANSLATE_NOOP("cli", "Outbound"),
    "outcome_answered": QT_TRANSLATE_NOOP("cli", "Answered"),
    "outcome_missed": QT_TRANSLATE_NOOP("cli", "Missed"),
    "outcome_rejected": QT_TRANSLATE_NOOP("cli", "Declined"),
    "outcome_failed": QT_TRANSLATE_NOOP("cli", "Failed"),
    "outcome_transferred": QT_TRANSLATE_NOOP("cli", "Transferred"),
    "outcome_interrupted": QT_TRANSLATE_NOOP("cli", "Interrupted"),
    "outcome_cancelled": QT_TRANSLATE_NOOP("cli", "Cancelled"),
    "outcome_live": QT_TRANSLATE_NOOP("cli", "Live"),
    "withheld": QT_TRANSLATE_NOOP("cli", "Withheld number"),
    "rang": QT_TRANSLATE_NOOP("cli", "rang {duration}"),
    "xlsx_needs_output": QT_TRANSLATE_NOOP(
        "cli", "An xlsx file is not for the terminal: give --output FILE.xlsx, or redirect "
        "the output to a file."),
    "export_failed": QT_TRANSLATE_NOOP("cli", "Could not write {path}: {detail}"),
    "exported": _Plural.translate("cli", "%n call(s) exported to {path}.", None, 0),
    "no_retention": QT_TRANSLATE_NOOP(
        "cli",
        "No retention is set ([audio] recording_retention_days); give --days to sweep anyway."),
    "swept": _Plural.translate(
        "cli", "%n recording(s) older than {days} days deleted from {path}; call logs kept.",
        None, 0),
    "password_prompt": QT_TRANSLATE_NOOP("cli", "Password for {aor}: "),
    "central_ready": QT_TRANSLATE_NOOP(
        "cli",
        'Central database {url} is ready (schema {revision}): roles caseline_agent and '
        'caseline_leader, row-level security on.'),
    "central_team": QT_TRANSLATE_NOOP(
        "cli",
        'Team {name!r} saved; its queues: {queues}.'),
    "central_months": QT_TRANSLATE_NOOP(
        "cli",
        'Call-log months are ready {ahead} months ahead ({made} added).'),
    "central_monitoring_on": QT_TRANSLATE_NOOP(
        "cli",
        "Team leaders may listen in on their team's calls (the agent always sees it)."),
    "central_monitoring_off": QT_TRANSLATE_NOOP(
        "cli",
        'Listening in is switched off: no leader can monitor a call.'),
    "central_team_no_queues": QT_TRANSLATE_NOOP(
        "cli",
        'Team {name!r} saved; it has no queues yet (add them with --queue).'),
    "central_agent_added": QT_TRANSLATE_NOOP(
        "cli",
        'Agent {name!r} can now sign in to the central database as {role!r} (team '
        '{team!r}).'),
    "central_leader_added": QT_TRANSLATE_NOOP(
        "cli",
        'Team leader {name!r} can now sign in to the central database as {role!r} and '
        'read the call logs, notes and agent states of team {team!r}.'),
    "central_agent_updated": QT_TRANSLATE_NOOP(
        "cli",
        'Database role {role!r} updated: {name!r}, team {team!r}; the new password '
        'applies from the next sign-in.'),
    "central_password_prompt": QT_TRANSLATE_NOOP(
        "cli",
        'Database password for {role}: '),
    "central_password_again": QT_TRANSLATE_NOOP(
        "cli",
        'Repeat the password: '),
    "central_password_mismatch": QT_TRANSLATE_NOOP(
        "cli",
        'The two passwords differ; nothing was changed.'),
    "central_bad_url": QT_TRANSLATE_NOOP(
        "cli",
        'Not a PostgreSQL URL: {where} (use postgresql://user@host:5432/database).'),
    "central_connect_failed": QT_TRANSLATE_NOOP(
        "cli",
        'Cannot connect to the central database {where}: {detail}'),
    "central_not_superuser": QT_TRANSLATE_NOOP(
        "cli",
        '{where}: the role {detail!r} is not a PostgreSQL superuser; administering the '
        "central database needs the database administrator's URL."),
    "central_not_initialized": QT_TRANSLATE_NOOP(
        "cli",
        'The central database {where} has no CaseLine schema yet; create it with: '
        'caseline central init --url URL'),
    "central_old_schema": QT_TRANSLATE_NOOP(
        "cli",
        'The central database {where} has schema {detail}; bring it up to date with: '
        'caseline central init --url URL'),
    "central_newer_schema": QT_TRANSLATE_NOOP(
        "cli",
        'The central database {where} has schema {detail}, written by a newer CaseLine; '
        'update CaseLine.'),
    "central_unknown_team": QT_TRANSLATE_NOOP(
        "cli",
        'No team named {detail!r}; add it first with: caseline central add-team --url URL'
        ' NAME'),
    "central_role_exists": QT_TRANSLATE_NOOP(
        "cli",
        'The database role {detail!r} already exists and is not a CaseLine agent; choose '
        'another role name.'),
    "central_bad_role": QT_TRANSLATE_NOOP(
        "cli",
        "{where!r} cannot be an agent's database role (empty, longer than 63 bytes, "
        'reserved, or beginning with pg_).'),
    "central_bad_name": QT_TRANSLATE_NOOP(
        "cli",
        'Not a usable name: {where!r} (empty, too long, or containing a NUL character).'),
    "central_auth_failed": QT_TRANSLATE_NOOP(
        "cli",
        'The central database {where} refused the sign-in: check the role and the password '
        '(caseline sync --set-password). {detail}'),
    "central_tls_failed": QT_TRANSLATE_NOOP(
        "cli",
        'No secure connection to the central database {where}: {detail}'),
    "central_insecure_url": QT_TRANSLATE_NOOP(
        "cli",
        'The central database {where} is on another machine and the URL does not ask for a '
        'verified secure connection, so nothing was sent. Add '
        'sslmode=verify-full&sslrootcert=FILE (the certificate of the CA that signed the '
        "server's) to the URL's options. Only if the administrator accepts an unencrypted "
        'connection: set allow_insecure = true under [central] in the settings file.'),
    "central_admin_insecure_url": QT_TRANSLATE_NOOP(
        "cli",
        'The central database {where} is on another machine and the URL does not ask for a '
        "verified secure connection, so the superuser's password was not sent. Add "
        'sslmode=verify-full&sslrootcert=FILE to the URL, or give --allow-insecure if you '
        'accept an unencrypted connection.'),
    "central_no_password": QT_TRANSLATE_NOOP(
        "cli",
        'No password for {where} in the keyring; store it with: caseline sync --set-password'),
    "sync_not_configured": QT_TRANSLATE_NOOP(
        "cli",
        'No central database is configured: set [central] url in {path} or '
        'CASELINE_CENTRAL_URL.'),
    "sync_password_saved": QT_TRANSLATE_NOOP(
        "cli",
        'The password for {where} is now in the keyring.'),
    "sync_done": QT_TRANSLATE_NOOP(
        "cli",
        'Sync done: {pushed} sent, {pulled} received, {queued} waiting.'),
    "sync_conflicts": _Plural.translate(
        "cli", '%n SR(s) were changed here and centrally: choose the values to keep in '
        'CaseLine.', None, 0),
    "sync_parked": _Plural.translate(
        "cli", '%n change(s) were refused by the central database and wait here; see the '
        'sync status in CaseLine.', None, 0),
    "sync_renumbered": QT_TRANSLATE_NOOP(
        "cli",
        '{old} is now {new}: that SR number was already taken centrally.'),
    "central_failed": QT_TRANSLATE_NOOP(
        "cli",
        'The central database {where} refused: {detail}'),
    # `caseline report` (app.cli.report); its column headers are in context "kpi".
    "report_bad_date": QT_TRANSLATE_NOOP(
        "cli", "The days must be YYYY-MM-DD, the first not after the last: {first} to {last}."),
    "report_bad_tz": QT_TRANSLATE_NOOP(
        "cli", "Unknown time zone {tz!r}: give an IANA name such as Asia/Tokyo."),
    "report_unknown_team": QT_TRANSLATE_NOOP("cli", "No team named {team!r}."),
    "report_not_your_team": QT_TRANSLATE_NOOP(
        "cli", "You are not the leader of team {team!r}: its figures are not yours to read."),
    "report_not_leader": QT_TRANSLATE_NOOP(
        "cli", "Only a team leader may read KPIs: the configured role is an agent's."),
    "report_unwritable": QT_TRANSLATE_NOOP("cli", "Cannot write {path}: {detail}"),
    "report_written": QT_TRANSLATE_NOOP("cli", "Report written: {paths}"),
    # `caseline doctor` (app.cli.doctor): one line per check, each saying what to do.
    "doctor_mark_ok": QT_TRANSLATE_NOOP("cli", "OK"),
    "doctor_mark_problem": QT_TRANSLATE_NOOP("cli", "PROBLEM"),
    "doctor_all_ok": QT_TRANSLATE_NOOP("cli", "Everything checked works."),
    "doctor_problems": QT_TRANSLATE_NOOP(
        "cli", "Some checks failed: each line marked PROBLEM says what to do."),
    "doctor_keyring_ok": QT_TRANSLATE_NOOP("cli", "The system keyring works ({detail})."),
    "doctor_keyring_unavailable_gnome_keyring": QT_TRANSLATE_NOOP(
        "cli",
        "No usable system keyring ({detail}), so CaseLine cannot keep passwords. On this "
        "desktop use GNOME Keyring: install the gnome-keyring package, then log out and in "
        "again (or start it now with: gnome-keyring-daemon --start --components=secrets). "
        "Then run caseline doctor again."),
    "doctor_keyring_unavailable_kwallet": QT_TRANSLATE_NOOP(
        "cli",
        "No usable system keyring ({detail}), so CaseLine cannot keep passwords. On KDE "
        "use KWallet: turn it on in System Settings > KDE Wallet (packages kwalletmanager "
        "and kwalletd6 or kwalletd5), then run caseline doctor again."),
    "doctor_keyring_unavailable_keepassxc": QT_TRANSLATE_NOOP(
        "cli",
        "No usable system keyring ({detail}), so CaseLine cannot keep passwords. Install "
        "KeePassXC and turn on its Secret Service integration (Tools > Settings > Secret "
        "Service Integration), or install GNOME Keyring; then run caseline doctor again."),
    "doctor_keyring_locked": QT_TRANSLATE_NOOP(
        "cli", "The system keyring is locked ({detail}): unlock it, then run caseline doctor "
        "again."),
    "doctor_keyring_failed": QT_TRANSLATE_NOOP(
        "cli", "The system keyring does not work ({detail}): restart it or log in again, "
        "then run caseline doctor again."),
    "doctor_no_accounts": QT_TRANSLATE_NOOP(
        "cli", "No SIP account is set up: only direct calls work. Add one in Settings or "
        "with: caseline account add --server S --user U"),
    "doctor_bad_address": QT_TRANSLATE_NOOP(
        "cli", "The server address {detail!r} cannot be used: write it as host or host:port."),
    "doctor_dns_ok": QT_TRANSLATE_NOOP("cli", "The server name {host} was found ({detail})."),
    "doctor_dns_not_found": QT_TRANSLATE_NOOP(
        "cli", "The server name {host} does not exist (DNS: {detail}). Check the server "
        "address in the account for a typing error."),
    "doctor_dns_no_answer": QT_TRANSLATE_NOOP(
        "cli", "No DNS server answered for {host} ({detail}). Check the network connection "
        "and the DNS settings."),
    "doctor_dns_failed": QT_TRANSLATE_NOOP(
        "cli", "The server name {host} could not be looked up ({detail}). Check the network "
        "connection and the DNS settings."),
    "doctor_connect_ok": QT_TRANSLATE_NOOP(
        "cli", "A connection to {host}:{port} ({detail}) was opened."),
    "doctor_connect_refused": QT_TRANSLATE_NOOP(
        "cli", "{host}:{port} refused the connection: nothing takes SIP on that port. Check "
        "the port and the transport (UDP, TCP, TLS) with your phone system's administrator."),
    "doctor_no_route": QT_TRANSLATE_NOOP(
        "cli", "There is no network route to {host}:{port} ({detail}). Check the network "
        "cable, Wi-Fi or VPN."),
    "doctor_connect_timeout": QT_TRANSLATE_NOOP(
        "cli", "{host}:{port} did not answer the connection attempt: a firewall may drop it, "
        "or the address is wrong."),
    "doctor_connect_failed": QT_TRANSLATE_NOOP(
        "cli", "The connection to {host}:{port} failed: {detail}"),
    "doctor_tls_ok": QT_TRANSLATE_NOOP(
        "cli", "The server's certificate is valid; the connection is encrypted ({detail})."),
    "doctor_tls_expired": QT_TRANSLATE_NOOP(
        "cli", "The certificate of {host}:{port} has expired ({detail}). The phone system's "
        "administrator must renew it."),
    "doctor_tls_not_yet_valid": QT_TRANSLATE_NOOP(
        "cli", "The certificate of {host}:{port} is not valid yet ({detail}). Check this PC's "
        "date and time."),
    "doctor_tls_wrong_name": QT_TRANSLATE_NOOP(
        "cli", "The certificate of {host}:{port} is made out to another name ({detail}). Use "
        "the name on the certificate as the server address, or ask the administrator for a "
        "certificate with this name."),
    "doctor_tls_unknown_issuer": QT_TRANSLATE_NOOP(
        "cli", "The certificate of {host}:{port} comes from an unknown authority ({detail}). "
        "Set the CA certificate your administrator gives you ([sip] tls_ca_file, or Settings)."),
    "doctor_tls_ca_unreadable": QT_TRANSLATE_NOOP(
        "cli", "The TLS certificate files in the settings cannot be read: {detail}"),
    "doctor_tls_failed": QT_TRANSLATE_NOOP(
        "cli", "No secure connection (TLS) to {host}:{port}: {detail}. Check that this is the "
        "server's TLS port."),
    "doctor_udp_blocked": QT_TRANSLATE_NOOP(
        "cli", "{host}:{port} does not answer over UDP but does over TCP: UDP is blocked on "
        "the way. Set the account's transport to TCP or TLS."),
    "doctor_no_answer": QT_TRANSLATE_NOOP(
        "cli", "The registrar {host}:{port} did not answer ({detail}). Check the address and "
        "port; a firewall may drop SIP."),
    "doctor_no_password": QT_TRANSLATE_NOOP(
        "cli", "The registrar asks for a password and the keyring holds none for this "
        "account: enter it in Settings (Accounts)."),
    "doctor_no_password_keyring": QT_TRANSLATE_NOOP(
        "cli", "The registrar asks for a password, which CaseLine keeps in the system keyring: "
        "get the keyring working first (see its line above)."),
    "doctor_auth_failed": QT_TRANSLATE_NOOP(
        "cli", "The registrar refused the user name or the password ({status} {detail}). "
        "Check both in Settings (Accounts); the authentication user may differ from the "
        "extension."),
    "doctor_registrar_refused": QT_TRANSLATE_NOOP(
        "cli", "The registrar refused the registration: {status} {detail}. Ask your phone "
        "system's administrator whether this account may register from here."),
    "doctor_bad_answer": QT_TRANSLATE_NOOP(
        "cli", "The registrar {host}:{port} answered something that is not SIP: {detail}"),
    "doctor_registered": QT_TRANSLATE_NOOP(
        "cli", "Registered with {host}:{port} and unregistered again: the account works."),
    "doctor_answered": QT_TRANSLATE_NOOP(
        "cli", "{host}:{port} answers ({status} {detail}); this account does not register."),
    "doctor_microphone_ok": QT_TRANSLATE_NOOP("cli", "Microphone: {detail}."),
    "doctor_no_microphone": QT_TRANSLATE_NOOP(
        "cli", "No microphone was found. Plug in a headset, or check that the sound system "
        "(PulseAudio or PipeWire) is running."),
    "doctor_bundle_written": QT_TRANSLATE_NOOP(
        "cli", "Diagnostics saved to {path}, with passwords and credentials removed: send "
        "this file to your support desk."),
    "doctor_bundle_failed": QT_TRANSLATE_NOOP("cli", "Could not write {path}: {detail}"),
})


class _Language:
    """The CLI's translator: loaded once main() has read the config, else for the OS locale."""

    translator: QTranslator | None = None


def _translator(language: str) -> QTranslator:
    translator = QTranslator()
    if not translator.load(f"caseline_{language}", str(HERE)) and language != "en":
        log.info("no translation caseline_%s in %s", language, HERE)
    return translator


def use_language(setting: str) -> str:
    """Speak ``setting`` ([ui] language), or the OS locale's language when it is "": the
    desktop's rule (app.i18n.choose). No QCoreApplication needed: say() asks the translator."""
    language = choose(setting)
    _Language.translator = _translator(language)
    return language


def say(message: str, **params: object) -> str:
    """A message for people, translated, with its ``{placeholders}`` filled in."""
    source = MESSAGES[message]
    translator = _Language.translator
    if translator is None:  # before main() read the config: the OS locale decides
        translator = _Language.translator = _translator(choose(""))
    count = params.get("count")
    n = count if "%n" in source and isinstance(count, int) else -1
    text = translator.translate("cli", source, None, n) or source  # "": not translated
    if n >= 0:
        text = text.replace("%n", str(n))  # QTranslator leaves %n to its caller
    return text.format(**params)


def version() -> str:
    """The installed package's version; from pyproject.toml when run from a source tree that
    was never installed; else the one the package carries (a frozen build without metadata)."""
    from importlib import metadata  # noqa: PLC0415 - only for --version

    try:
        return metadata.version("caseline")
    except metadata.PackageNotFoundError:
        pass
    import tomllib  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    try:
        with (Path(__file__).resolve().parents[2] / "pyproject.toml").open("rb") as f:
            project = tomllib.load(f).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        project = {}
    if project.get("name") == "caseline" and project.get("version"):
        return str(project["version"])
    from app import __version__  # noqa: PLC0415

    return __version__


class _Version(argparse.Action):
    """``--version``, looked up only when asked for (not on every start)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"{parser.prog} {version()}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caseline", description="CaseLine softphone")
    parser.add_argument("-V", "--version", action=_Version,
                        help="print the version and exit")
    parser.add_argument("--config", help="configuration file (default: $CASELINE_CONFIG or the "
                        "platform config dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more to stderr")
    sub = parser.add_subparsers(dest="command", help="what to do (default: gui)")

    gui = sub.add_parser("gui", help="open the agent desktop (the default)")
    gui.add_argument("--listen", help="HOST:PORT for direct SIP calls (default from config)")
    gui.add_argument("--in-process", action="store_true",
                     help="run the SIP stack in this process (no crash isolation)")
    gui.add_argument("--dial", metavar="LINK",
                     help="a tel:, sip:, sips: or callto: link to call once confirmed (given to "
                     "the running window if there is one)")
    gui.add_argument("--minimised", action="store_true",
                     help="start in the tray (minimised without one): how login starts it")

    agent = sub.add_parser("agent", help="run the headless agent (JSON events on stdout)")
    agent.add_argument("--listen", help="HOST:PORT for SIP (UDP and TCP; TLS on PORT+1)")
    agent.add_argument("--auto-answer", action="store_true", help="answer every inbound call")
    agent.add_argument("--answer-delay-ms", type=int, default=0, metavar="N",
                       help="with --auto-answer: ring this long first (sends 180)")
    agent.add_argument("--transports", help="comma list of udp,tcp,tls")
    agent.add_argument("--max-calls", type=int, default=4, metavar="N",
                       help="calls at the same time (default: 4)")
    agent.add_argument("--no-accounts", action="store_true",
                       help="direct-IP only: do not register the configured accounts")
    agent.add_argument("--sip-trace", action="store_true", help="log whole SIP messages")
    agent.add_argument("--stdin-commands", action="store_true",
                       help="read JSON commands from stdin")
    agent.add_argument("--in-process", action="store_true",
                       help="run the SIP stack in this process (no crash isolation)")

    agent.add_argument("--no-store", action="store_true",
                       help="do not log calls or screen-pop (SIP only)")

    db = sub.add_parser("db", help="the case database")
    db_sub = db.add_subparsers(dest="action", required=True, help="what to do")
    db_sub.add_parser("upgrade", help="migrate to this version's schema (backs up first)")
    restore = db_sub.add_parser("restore", help="replace a damaged database with a backup")
    restore.add_argument("backup", help="the backup file, as the damaged-database error names it")
    demo = sub.add_parser("demo-data", help="fill the case database with a realistic demo set")
    demo.add_argument("--if-empty", action="store_true", help="only when it holds no data")

    calls = sub.add_parser("calls", help="the call log")
    calls_sub = calls.add_subparsers(dest="action", required=True, help="what to do")
    since_help = ("calls from this day on, YYYY-MM-DD (or YYYY-MM-DDTHH:MM), in local time; "
                  "UTC with --utc")
    calls_list = calls_sub.add_parser(
        "list", help="list calls, newest first, in local time as the window shows them")
    calls_list.add_argument("--json", action="store_true",
                            help="one JSON object per line, times in UTC (for scripts)")
    calls_list.add_argument("--since", metavar="DATE", help=since_help)
    calls_list.add_argument("--limit", type=int, default=100, metavar="N",
                            help="at most N calls (default: 100; 0: all)")
    calls_list.add_argument("--utc", action="store_true",
                            help="times as ISO 8601 UTC, for scripts")
    export = calls_sub.add_parser(
        "export", help="export every call, oldest first, for a spreadsheet")
    export.add_argument("--format", choices=["csv", "xlsx"],
                        help="csv (UTF-8 with a BOM, for Excel) or xlsx (default: from the "
                        "output file's name, else csv)")
    export.add_argument("--since", metavar="DATE", help=since_help)
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (default: stdout)")
    export.add_argument("--utc", action="store_true",
                        help="times in UTC instead of local time")

    cases = sub.add_parser("cases", help="service requests")
    cases_sub = cases.add_subparsers(dest="action", required=True, help="what to do")
    find = cases_sub.add_parser("find", help="what the screen-pop shows for a caller")
    find.add_argument("--number", required=True,
                      help="the caller's number as the caller ID gives it, or \"anonymous\"")
    find.add_argument("--header", action="append", default=[], metavar="NAME=VALUE",
                      help="an INVITE header, e.g. X-Case-Number=SR-2026-000123")
    find.add_argument("--json", action="store_true", help="the whole result as JSON")

    recordings = sub.add_parser("recordings", help="call recordings")
    rec_sub = recordings.add_subparsers(dest="action", required=True, help="what to do")
    sweep = rec_sub.add_parser("sweep", help="delete recordings past their retention")
    sweep.add_argument("--days", type=int, metavar="N",
                       help="older than N days (default: [audio] recording_retention_days)")

    account = sub.add_parser("account", help="manage SIP accounts")
    acc_sub = account.add_subparsers(dest="action", required=True, help="what to do")
    add = acc_sub.add_parser("add", help="add an account; asks for the password")
    add.add_argument("--server", required=True, help="registrar host[:port]")
    add.add_argument("--user", required=True, help="the SIP user (extension) to register")
    add.add_argument("--transport", default="udp", help="udp, tcp or tls")
    add.add_argument("--name", help="account name (default: user@server)")
    add.add_argument("--domain", default="", help="SIP domain when it differs from the server")
    add.add_argument("--display-name", default="", help="the name callees see")
    add.add_argument("--auth-user", default="",
                     help="the user name to authenticate with, when it differs from --user")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from stdin (for scripts)")
    acc_sub.add_parser("list", help="list accounts")
    remove = acc_sub.add_parser("remove", help="remove an account and its password")
    remove.add_argument("name", help="the account's name, as account list shows it")
    cli_central.register(sub)
    cli_central.register_sync(sub)
    cli_report.register(sub)
    cli_doctor.register(sub)
    cli_selftest.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    if raw[:1] == ["--engine-worker"]:  # the frozen app starting its own SIP process
        from app.telephony import worker  # noqa: PLC0415

        return worker.main(raw[1:])
    args = _parser().parse_args(_links_to_gui(raw))
    path = settings.config_path(args.config)
    logs.setup(path, verbose=args.verbose)  # caseline.log beside the config, and stderr
    _language_from(path)
    try:
        if args.command == "account":
            return _account(args, path)
        if args.command in ("db", "demo-data", "calls", "cases", "recordings"):
            from app.cli import cases as cli_cases  # noqa: PLC0415 - keeps `account` free of SQLAlchemy

            try:
                return cli_cases.run(args, settings.load(path), say)
            except BrokenPipeError:  # `caseline calls export | head`: the reader had enough
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the exit flush only
                return 0
        if args.command == "central":
            return cli_central.run(args, say)
        if args.command == "sync":
            return cli_central.run_sync(args, path, settings.load(path), say)
        if args.command == "self-test":
            return cli_selftest.run(args, say)
        if args.command == "report":
            return cli_report.run(args, path, settings.load(path), say)
        if args.command == "doctor":
            return cli_doctor.run(args, path, settings.load(path), say)
        if args.command in (None, "gui"):
            from app.ui import desktop as gui  # noqa: PLC0415 - Qt only for the window

            return gui.run(path, listen=getattr(args, "listen", None),
                           in_process=getattr(args, "in_process", False),
                           dial=getattr(args, "dial", None),
                           minimised=getattr(args, "minimised", False))
        return _agent(args, path)
    except ConfigError as exc:
        print(say("config", code=exc.code, detail=exc.detail), file=sys.stderr)
        return 2
    except secrets.SecretStoreError as exc:
        print(say(f"keyring_{exc.code}", detail=exc.detail), file=sys.stderr)
        return 2


def _links_to_gui(raw: list[str]) -> list[str]:
    """``caseline tel:+81...`` (a desktop's URL handler: ``Exec=caseline %u``) is
    ``caseline gui --dial tel:+81...``; a link after a command is that command's business."""
    i = 0
    while i < len(raw):
        arg = raw[i]
        if arg == "--config":
            i += 2  # its value is a path, not a command
        elif arg.startswith("-"):
            i += 1
        elif link_text(arg) is not None:
            return [*raw[:i], "gui", "--dial", arg, *raw[i + 1:]]
        else:
            return raw  # the first word is a command
    return raw


def _language_from(path: Path) -> None:
    try:
        setting = settings.load(path).ui.language
    except ConfigError:
        setting = ""  # the broken file is reported below, in the OS locale's language
    use_language(setting)


def _account(args: argparse.Namespace, path: Path) -> int:
    current = settings.load(path)
    if args.action == "list":
        if not current.accounts:
            print(say("no_accounts"))
        for acc in current.accounts:
            print(f"{acc.name}\t{acc.aor}\t{acc.transport.value}\t{acc.server}")
        return 0
    if args.action == "remove":
        if current.account(args.name) is None:
            print(say("no_account", name=args.name), file=sys.stderr)
            return 2
        secrets.delete_password(args.name)
        settings.save(path, settings.without_account(current, args.name))
        print(say("account_removed", name=args.name))
        return 0
    split_host_port(args.server)  # validate before asking for anything
    spec = AccountSpec(
        name=args.name or f"{args.user}@{args.server}",
        server=args.server,
        user=args.user,
        transport=parse_transport(args.transport),
        domain=args.domain,
        display_name=args.display_name,
        auth_user=args.auth_user,
    )
    if current.account(spec.name) is not None:
        print(say("account_exists", name=spec.name), file=sys.stderr)
        return 2
    secrets.backend_name()  # fail on an unusable keyring before the user types a password
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(say("password_prompt", aor=spec.aor))
    if not password:
        print(say("empty_password"), file=sys.stderr)
        return 2
    secrets.set_password(spec.name, password)
    settings.save(path, settings.with_account(current, spec))
    print(say("account_added", name=spec.name, path=path))
    return 0


def _agent(args: argparse.Namespace, path: Path) -> int:
    # Loaded here so `caseline account ...` works without the SIP stack.
    from app.cli.agent import Agent  # noqa: PLC0415
    from app.telephony.engine import PjsuaEngine, TelephonyError  # noqa: PLC0415
    from app.telephony.isolated import IsolatedEngine  # noqa: PLC0415

    conf = settings.load(path)
    auto = getattr(args, "auto_answer", False)
    engine_config = bootstrap.engine_config(
        conf, listen=getattr(args, "listen", None), transports=getattr(args, "transports", None),
        max_calls=getattr(args, "max_calls", 4),
        auto_answer_ms=max(0, args.answer_delay_ms) if auto else None,
        sip_trace=getattr(args, "sip_trace", False), config_dir=path.parent)
    accounts = [] if getattr(args, "no_accounts", False) else list(conf.accounts)
    passwords = {acc.name: secrets.get_password(acc.name) for acc in accounts}
    turn_passwords = {acc.name: secrets.get_turn_password(acc.name) for acc in accounts
                      if acc.turn_server}
    engine: PjsuaEngine | IsolatedEngine
    if getattr(args, "in_process", False):
        engine = PjsuaEngine(engine_config)
    else:
        engine = IsolatedEngine(engine_config)
    desk = None
    if not getattr(args, "no_store", False):
        from app.cli import cases as cli_cases  # noqa: PLC0415

        desk = cli_cases.open_desk(conf, accounts, say)
        if desk is None:
            return 2
    agent = Agent(engine, desk=desk)
    if getattr(args, "stdin_commands", False):
        agent.read_commands(sys.stdin)
    try:
        engine.start()
        for acc in accounts:
            engine.add_account(acc, passwords[acc.name], turn_passwords.get(acc.name))
    except TelephonyError as exc:
        engine.stop()
        if desk is not None:
            desk.close()
        print(say("telephony", code=exc.code, detail=exc.detail), file=sys.stderr)
        return 2
    return agent.run()


if __name__ == "__main__":
    sys.exit(main())
