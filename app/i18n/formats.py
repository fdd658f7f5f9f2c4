"""Times and durations as the window shows them, for code without widgets (the command line).

QtCore only: ``QLocale`` holds the per-language short date-time formats (CLDR), so the CLI
prints exactly what the call history shows (``app.ui.labels.local_datetime``) instead of a
copy of those patterns that would drift from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

if TYPE_CHECKING:
    from datetime import datetime


def local_datetime(when: datetime, language: str) -> str:
    """An aware time in this machine's zone, in ``language``'s short format ("2026/11/03 14:05").

    Python picks the zone (as for every other local time the CLI prints); Qt only lays the
    fields out. They are handed over as UTC so that Qt converts nothing.
    """
    local = when.astimezone()
    moment = QDateTime(QDate(local.year, local.month, local.day),
                       QTime(local.hour, local.minute, local.second), QTimeZone.utc())
    return QLocale(language).toString(moment, QLocale.FormatType.ShortFormat)


def talk_time(seconds: float) -> str:
    """0:42, 12:05, 1:02:03: digits read the same in the three languages (as in the window)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
