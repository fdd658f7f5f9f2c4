"""Translated names for the domain's codes (states, statuses, priorities, outcomes, languages).

The codes are stored and synced as they are; people see these labels, in the UI's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

if TYPE_CHECKING:
    from datetime import datetime




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


def case_status(code: str) -> str:
    names = {
        "new": QCoreApplication.translate("Labels", "New"),
        "open": QCoreApplication.translate("Labels", "Open"),
        "pending-customer": QCoreApplication.translate("Labels", "Waiting for customer"),
        "escalated": QCoreApplication.translate("Labels", "Escalated"),
        "resolved": QCoreApplication.translate("Labels", "Resolved"),
        "closed": QCoreApplication.translate("Labels", "Closed"),
    }
    return names.get(code, code)


def priority(code: str) -> str:
    names = {
        "P1": QCoreApplication.translate("Labels", "P1 – Critical"),
        "P2": QCoreApplication.translate("Labels", "P2 – High"),
        "P3": QCoreApplication.translate("Labels", "P3 – Medium"),
        "P4": QCoreApplication.translate("Labels", "P4 – Low"),
    }
    return names.get(code, code)


def direction(code: str) -> str:
    names = {"inbound": QCoreApplication.translate("Labels", "Inbound"),
             "outbound": QCoreApplication.translate("Labels", "Outbound")}
    return names.get(code, code)


def outcome(code: str) -> str:
    names = {
        "": QCoreApplication.translate("Labels", "Live"),
        "answered": QCoreApplication.translate("Labels", "Answered"),
        "missed": QCoreApplication.translate("Labels", "Missed"),
        "rejected": QCoreApplication.translate("Labels", "Declined"),
        "failed": QCoreApplication.translate("Labels", "Failed"),
        "transferred": QCoreApplication.translate("Labels", "Transferred"),
        "interrupted": QCoreApplication.translate("Labels", "Interrupted"),
    }
    return names.get(code, code)


def language(code: str) -> str:
    """A caller's or note's language, named in the UI's language."""
    names = {"ja": QCoreApplication.translate("Labels", "Japanese"),
             "en": QCoreApplication.translate("Labels", "English"),
             "zh": QCoreApplication.translate("Labels", "Chinese")}
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


def duration(seconds: float) -> str:
    """0:42, 12:05, 1:02:03: digits read the same in the three languages."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def local_datetime(when: datetime, fmt: QLocale.FormatType = QLocale.FormatType.ShortFormat) -> str:
    """A stored UTC time in the agent's time zone and the UI language's format."""
    moment = QDateTime.fromMSecsSinceEpoch(int(when.timestamp() * 1000)).toLocalTime()
    return QLocale().toString(moment, fmt)


def local_time(when: datetime) -> str:
    moment = QDateTime.fromMSecsSinceEpoch(int(when.timestamp() * 1000)).toLocalTime()
    return QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat)
