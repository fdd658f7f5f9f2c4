"""The configured pick lists (dispositions, break reasons) with their labels in ja/en/zh."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.cases.models import BreakReason, Disposition

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class Choice:
    code: str
    label_en: str
    label_ja: str
    label_zh: str
    resolves: bool = False  # dispositions only: the call resolved the SR

    def label(self, language: str) -> str:
        """``language``: a Qt/BCP 47 name such as ``ja_JP`` or ``zh_CN``; English otherwise."""
        if language.startswith("ja"):
            return self.label_ja or self.label_en
        if language.startswith("zh"):
            return self.label_zh or self.label_en
        return self.label_en


@dataclass(frozen=True, slots=True)
class ChoiceLists:
    dispositions: tuple[Choice, ...]
    break_reasons: tuple[Choice, ...]


def dispositions(session: Session) -> tuple[Choice, ...]:
    """The active dispositions in their configured order."""
    rows = session.scalars(select(Disposition).where(Disposition.active)
                           .order_by(Disposition.sort_order, Disposition.code))
    return tuple(Choice(d.code, d.label_en, d.label_ja, d.label_zh, d.resolves) for d in rows)


def break_reasons(session: Session) -> tuple[Choice, ...]:
    rows = session.scalars(select(BreakReason).where(BreakReason.active)
                           .order_by(BreakReason.sort_order, BreakReason.code))
    return tuple(Choice(r.code, r.label_en, r.label_ja, r.label_zh) for r in rows)


def choice_lists(session: Session) -> ChoiceLists:
    return ChoiceLists(dispositions(session), break_reasons(session))
