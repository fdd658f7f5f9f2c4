"""The engine's error, on its own: the desktop's process raises and catches it without
importing the SIP stack (its engine runs in another process, app.telephony.isolated)."""

from __future__ import annotations


class TelephonyError(RuntimeError):
    """A command the engine could not carry out. ``code`` is stable for translation."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
