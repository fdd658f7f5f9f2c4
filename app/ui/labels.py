"""Translated names for the domain's codes (states, statuses, priorities, outcomes, languages),
times in the agent's zone, and errors as sentences: one place for the whole UI.

The codes are stored and synced as they are; people see these labels, in the UI's language.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from app.cases.models import CaseStatus, Direction, Language, Outcome, Priority
from app.cases.numbers import DEFAULT_REGION, shown
from app.cases.service import is_provisional

if TYPE_CHECKING:
    from datetime import datetime


def case_number_label(number: str) -> str:
    """An SR number as the agent reads it out: a provisional one (given offline, replaced at
    the next sync) says so."""
    if number and is_provisional(number):
        return QCoreApplication.translate("CaseLabels", "{number} (provisional)").format(
            number=number)
    return number


def status_label(status: CaseStatus | str) -> str:
    names: dict[str, str] = {
        CaseStatus.NEW: QCoreApplication.translate("CaseLabels", "New"),
        CaseStatus.OPEN: QCoreApplication.translate("CaseLabels", "Open"),
        CaseStatus.PENDING_CUSTOMER: QCoreApplication.translate("CaseLabels",
                                                                "Waiting for customer"),
        CaseStatus.ESCALATED: QCoreApplication.translate("CaseLabels", "Escalated"),
        CaseStatus.RESOLVED: QCoreApplication.translate("CaseLabels", "Resolved"),
        CaseStatus.CLOSED: QCoreApplication.translate("CaseLabels", "Closed"),
    }
    return names.get(str(status), str(status))


def priority_label(priority: Priority | str) -> str:
    names: dict[str, str] = {
        Priority.P1: QCoreApplication.translate("CaseLabels", "P1 – Critical"),
        Priority.P2: QCoreApplication.translate("CaseLabels", "P2 – High"),
        Priority.P3: QCoreApplication.translate("CaseLabels", "P3 – Medium"),
        Priority.P4: QCoreApplication.translate("CaseLabels", "P4 – Low"),
    }
    return names.get(str(priority), str(priority))


def direction_label(direction: Direction | str | None) -> str:
    if direction == Direction.INBOUND:
        return QCoreApplication.translate("CaseLabels", "Inbound")
    if direction == Direction.OUTBOUND:
        return QCoreApplication.translate("CaseLabels", "Outbound")
    return str(direction or "")


def outcome_label(outcome: Outcome | str | None) -> str:
    names: dict[str, str] = {
        Outcome.ANSWERED: QCoreApplication.translate("CaseLabels", "Answered"),
        Outcome.MISSED: QCoreApplication.translate("CaseLabels", "Missed"),
        Outcome.REJECTED: QCoreApplication.translate("CaseLabels", "Declined"),
        Outcome.FAILED: QCoreApplication.translate("CaseLabels", "Failed"),
        Outcome.TRANSFERRED: QCoreApplication.translate("CaseLabels", "Transferred"),
        Outcome.INTERRUPTED: QCoreApplication.translate("CaseLabels", "Interrupted"),
        Outcome.CANCELLED: QCoreApplication.translate("CaseLabels", "Cancelled"),
    }
    if outcome is None or outcome == "":
        return QCoreApplication.translate("CaseLabels", "Live")
    return names.get(str(outcome), str(outcome))


def refusal_label(end_reason: str) -> str:
    """Why a call never rang here, when it was refused (the history says so next to
    "Missed"); "" for an ordinary end."""
    names = {
        "over_capacity": QCoreApplication.translate("CaseLabels", "refused: all lines busy"),
        "on_break": QCoreApplication.translate("CaseLabels", "refused: on a break"),
        "offline": QCoreApplication.translate("CaseLabels", "refused: offline"),
    }
    return names.get(end_reason, "")


def language_label(language: Language | str | None) -> str:
    names: dict[str, str] = {
        Language.JA: QCoreApplication.translate("CaseLabels", "Japanese"),
        Language.EN: QCoreApplication.translate("CaseLabels", "English"),
        Language.ZH: QCoreApplication.translate("CaseLabels", "Chinese"),
    }
    if language is None:
        return ""
    return names.get(str(language), str(language))


def number_label(label: str) -> str:
    """What kind of number: stored as a code ("office"), shown translated."""
    names = {
        "office": QCoreApplication.translate("CaseLabels", "office"),
        "mobile": QCoreApplication.translate("CaseLabels", "mobile"),
        "main": QCoreApplication.translate("CaseLabels", "main line"),
        "home": QCoreApplication.translate("CaseLabels", "home"),
        "fax": QCoreApplication.translate("CaseLabels", "fax"),
        "direct": QCoreApplication.translate("CaseLabels", "direct line"),
    }
    return names.get(label, label)


_region = DEFAULT_REGION  # the agent's country ([cases] region), set by the main window


def set_region(region: str) -> None:
    """Where the agent works: how typed numbers are read and stored ones are shown."""
    global _region  # noqa: PLW0603 - one agent, one region, like QLocale's default
    _region = (region or DEFAULT_REGION).strip().upper() or DEFAULT_REGION


def region() -> str:
    return _region


def phone(raw: str, e164: str | None = None) -> str:
    """A number as the agent reads it: national format for their own country's, with the
    country code for any other's (+1 646-555-0122); the SR and history searches find it
    again in whatever form it is shown or pasted."""
    return shown(raw, e164, _region)


def ui_language() -> Language:
    """The language an agent's note is written in unless they say otherwise."""
    name = QLocale().name()
    if name.startswith("zh"):
        return Language.ZH
    if name.startswith("en"):
        return Language.EN
    return Language.JA


def local_datetime(when: datetime) -> str:
    """A stored UTC time in the agent's time zone, formatted for the UI's language."""
    moment = QDateTime.fromMSecsSinceEpoch(int(when.timestamp() * 1000)).toLocalTime()
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def local_time(when: datetime) -> str:
    moment = QDateTime.fromMSecsSinceEpoch(int(when.timestamp() * 1000)).toLocalTime()
    return QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat)


def talk_time(seconds: float) -> str:
    """0:42, 12:05, 1:02:03: digits read the same in the three languages."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def error_text(exc: BaseException) -> str:
    """A failed SR read or write as one translated sentence (never a traceback)."""
    return error_for(str(getattr(exc, "code", "")),
                     str(getattr(exc, "detail", "") or exc))


def error_for(code: str, detail: str = "") -> str:
    messages = {
        "title_required": QCoreApplication.translate("CaseErrors", "Type a title for the SR."),
        "title_too_long": QCoreApplication.translate(
            "CaseErrors", "The title is too long: at most 500 characters."),
        "queue_too_long": QCoreApplication.translate(
            "CaseErrors", "The queue name is too long: at most 64 characters."),
        "description_too_long": QCoreApplication.translate(
            "CaseErrors", "The description is too long."),
        "bad_status": QCoreApplication.translate("CaseErrors", "That status does not exist."),
        "bad_priority": QCoreApplication.translate("CaseErrors",
                                                   "That priority does not exist."),
        "stale": QCoreApplication.translate(
            "CaseErrors", "Someone else changed this SR; it was reloaded. Your changes were "
            "kept: check them and save again."),
        "no_such_case": QCoreApplication.translate("CaseErrors", "This SR no longer exists."),
        "note_empty": QCoreApplication.translate("CaseErrors", "Type the note first."),
        "note_too_long": QCoreApplication.translate("CaseErrors", "The note is too long."),
        "note_needs_case": QCoreApplication.translate("CaseErrors",
                                                      "Open an SR to add the note to."),
        "no_such_note": QCoreApplication.translate("CaseErrors", "This note no longer exists."),
        "nothing_to_translate": QCoreApplication.translate(
            "CaseErrors", "There is no text to translate."),
        "same_language": QCoreApplication.translate(
            "CaseErrors", "The text is already in that language."),
        "no_such_translation": QCoreApplication.translate(
            "CaseErrors", "This translation request no longer exists."),
        "already_translated": QCoreApplication.translate(
            "CaseErrors", "Someone else has translated this already; your translation was "
            "put in the note editor."),
        "no_conflict": QCoreApplication.translate(
            "CaseErrors", "This SR conflict has been settled already."),
        "choice_missing": QCoreApplication.translate(
            "CaseErrors", "Choose a value for every field of the SR conflict."),
        "refused_mine": QCoreApplication.translate(
            "CaseErrors", "The central database refuses this value; keep the central one."),
        "contact_name_too_long": QCoreApplication.translate(
            "CaseErrors", "The contact's name is too long."),
        "locked": QCoreApplication.translate(
            "CaseErrors", "The case database is busy (locked by another program). "
            "Try again in a moment."),
        "damaged": QCoreApplication.translate(
            "CaseErrors", "The case database is damaged. Nothing you typed was lost."),
        "unwritable": QCoreApplication.translate(
            "CaseErrors", "The case database cannot be written (disk full or read-only)."),
        "newer_schema": QCoreApplication.translate(
            "CaseErrors", "The case database was made by a newer CaseLine."),
        "missing": QCoreApplication.translate("CaseErrors", "The case database is missing."),
    }
    if code in messages:
        return messages[code]
    return QCoreApplication.translate("CaseErrors", "Something went wrong: {detail}").format(
        detail=(detail or code)[:200])


def central_url_error(code: str) -> str | None:
    """Why CaseLine refuses a central database URL (app.central.db, app.config.settings), as
    the status bar and Settings say it; None: not such a code."""
    messages = {
        "insecure_url": QCoreApplication.translate(
            "CentralErrors", "The central database is on another machine and its URL does not "
            "ask for a verified secure connection, so CaseLine does not connect. Add "
            "sslmode=verify-full and sslrootcert (the CA's certificate file) to the URL, for "
            "example ?sslmode=verify-full&sslrootcert=/etc/caseline/ca.pem. Only your "
            "administrator can allow an unencrypted connection."),
    }
    return messages.get(code)


def setting_title(key: str) -> str:
    """A setting's name as people read it, for ``section.key`` of the settings file."""
    titles = {
        "central.allow_insecure": QCoreApplication.translate(
            "Settings", "Allow an unencrypted connection to the central database"),
    }
    return titles.get(key, key)


def agent_state(code: str) -> str:
    names = {
        "available": QCoreApplication.translate("Labels", "Available"),
        "ringing": QCoreApplication.translate("Labels", "Ringing"),
        "on-call": QCoreApplication.translate("Labels", "On a call"),
        "wrap-up": QCoreApplication.translate("Labels", "Wrap-up"),
        "break": QCoreApplication.translate("Labels", "Break"),
        "offline": QCoreApplication.translate("Labels", "Offline"),
    }
    return names.get(code, code)


def registration(code: str) -> str:
    names = {
        "unregistered": QCoreApplication.translate("Labels", "Not registered"),
        "registering": QCoreApplication.translate("Labels", "Registering…"),
        "registered": QCoreApplication.translate("Labels", "Registered"),
        "failed": QCoreApplication.translate("Labels", "Refused by the server"),
        "retrying": QCoreApplication.translate("Labels", "Retrying"),
        "unreachable": QCoreApplication.translate("Labels", "Server unreachable"),
    }
    return names.get(code, code)


def call_state(code: str) -> str:
    names = {
        "incoming": QCoreApplication.translate("Labels", "Incoming"),
        "calling": QCoreApplication.translate("Labels", "Calling…"),
        "ringing": QCoreApplication.translate("Labels", "Ringing…"),
        "connecting": QCoreApplication.translate("Labels", "Connecting…"),
        "active": QCoreApplication.translate("Labels", "Connected"),
        "ended": QCoreApplication.translate("Labels", "Ended"),
    }
    return names.get(code, code)


def plain(text: str) -> str:
    """An action's text without its accelerator: "&Answer", "応答(&A)", "接听(&A)…" -> the words."""
    text = re.sub(r"\(&\w\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
