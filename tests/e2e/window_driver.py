"""Drive the real CaseLine window on a real X display (Xvfb): SIPp calls in, we click.

Run as ``python -m tests.e2e.window_driver --scenario e2e|screenshots --out DIR``. It prints
one JSON line per checkpoint on stdout (the e2e test reads them) and, for ``screenshots``,
writes the PNGs for docs/screenshots. Everything waits on the window's own state, never on
time; ``--language`` picks the UI language.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from collections.abc import Callable


TIMEOUT = 20.0


def say(step: str, **data: Any) -> None:
    print(json.dumps({"step": step, **data}, ensure_ascii=False, default=str), flush=True)


def wait_until(predicate: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            say("timeout", what=what)
            raise SystemExit(3)
        QApplication.processEvents()
        QTest.qWait(10)  # lets queued signals and timers run; the predicate is the sync


def demo_case(db: Path) -> tuple[str, str, str]:
    """An open SR of the demo data with a caller number: (SR number, number, contact)."""
    from sqlalchemy import select  # noqa: PLC0415

    from app.cases.models import OPEN_STATUSES, Case, Contact, PhoneNumber  # noqa: PLC0415
    from app.cases.store import open_sqlite  # noqa: PLC0415

    store = open_sqlite(db)
    try:
        with store.session() as s:
            row = s.execute(
                select(Case.number, PhoneNumber.raw, Contact.name)
                .join(Contact, Contact.id == Case.contact_id)
                .join(PhoneNumber, PhoneNumber.contact_id == Contact.id)
                .where(Case.status.in_(OPEN_STATUSES), Case.priority_confirmed.is_(False))
                .order_by(Case.number).limit(1)).one()
            return str(row[0]), str(row[1]), str(row[2])
    finally:
        store.close()


def grab(widget: QWidget | None, path: Path) -> None:
    """The whole screen (pop-ups included) or one window, as the agent sees it."""
    QApplication.processEvents()
    screen = QApplication.primaryScreen()
    pixmap = screen.grabWindow(0) if widget is None else widget.grab()
    pixmap.save(str(path))
    say("screenshot", path=str(path), width=pixmap.width(), height=pixmap.height())


def demo_desktop(language: str, **cases: Any) -> tuple[Any, Any, Path, Path, Path, int] | None:
    """The real desktop over a fresh demo store in a temp dir, its UI in ``language``
    (``cases``: [cases] settings): (app, desktop, work dir, database, config, SIP port)."""
    from dataclasses import replace  # noqa: PLC0415

    from app.cases.demo import load_demo_data  # noqa: PLC0415
    from app.cases.store import open_sqlite  # noqa: PLC0415
    from app.config import settings  # noqa: PLC0415
    from app.ui.desktop import application, build  # noqa: PLC0415
    from tests.support import engine_config, free_port  # noqa: PLC0415

    work = Path(tempfile.mkdtemp(prefix="caseline-e2e-"))
    db = work / "cases.db"
    os.environ["CASELINE_DB"] = str(db)
    store = open_sqlite(db)
    load_demo_data(store)
    store.close()
    config_path = work / "caseline.toml"
    base = settings.Settings()
    base = replace(base, ui=replace(base.ui, language=language, first_run_done=True),
                   cases=replace(base.cases, **cases))
    settings.save(config_path, base)
    app = application([sys.argv[0]])
    port = free_port()
    desktop = build(config_path, in_process=True, show_wizard=False,
                    engine_config=engine_config(port, listen_host="127.0.0.1"),
                    window_state=QSettings(str(work / "window.ini"), QSettings.Format.IniFormat))
    if desktop is None:
        return None
    return app, desktop, work, db, config_path, port


def consult_shots(window: Any, caller: Any, out: Path, language: str) -> None:
    """A consult in progress and the three-way conference made of it (issue 20), as the call
    panel shows them: the engine's events for a translator's leg are given to the window's
    CallCenter, as the monitored shot's are (a leg with a real second phone and its audio is
    tested end to end in tests/integration/test_conference.py)."""
    from dataclasses import replace  # noqa: PLC0415

    from app.telephony.events import (  # noqa: PLC0415
        CallEvent,
        CallState,
        ConferenceEvent,
        ConferenceState,
        ConsultEvent,
        ConsultOutcome,
        Direction,
        RemoteParty,
    )

    center = window.center
    call_id, leg = caller.call_id, "shot-consult"
    party = RemoteParty("sip:2041@pbx.example", "Li Wei", "2041")
    consult = CallEvent(leg, CallState.ACTIVE, Direction.OUTBOUND, caller.account, party,
                        consult_for=call_id)
    center._on_event(ConsultEvent(call_id, leg, party.uri, ConsultOutcome.CONSULTING))
    center._on_event(replace(caller, held=True))
    center._on_event(consult)
    # The desk pops the consult leg with the held caller's SR, as it does for a real one.
    held = center.calls[call_id]
    center.calls[leg] = replace(center.calls[leg], case_id=held.case_id,
                                case_label=held.case_label)
    center.call_changed.emit(leg)
    wait_until(lambda: "2041" in window.call_panel.state.text(), "consulting")
    grab(window, out / f"consult-{language}.png")
    center._on_event(replace(caller, held=False, conference_with=leg))
    center._on_event(replace(consult, conference_with=call_id))
    center._on_event(ConferenceEvent(call_id, leg, caller.remote.uri, party.uri,
                                     ConferenceState.JOINED))
    wait_until(window.call_panel.parties.isVisible, "the conference's parties")
    grab(window, out / f"conference-{language}.png")
    center._on_event(ConsultEvent(call_id, leg, party.uri, ConsultOutcome.RETURNED,
                                  "cancelled"))
    center._on_event(ConferenceEvent(call_id, leg, caller.remote.uri, party.uri,
                                     ConferenceState.ENDED, "party_left"))
    center._on_event(replace(consult, state=CallState.ENDED))
    center._on_event(replace(caller, held=False))


def callback_shot(window: Any, db: Path, out: Path, language: str) -> None:
    """The callbacks promised (issue 20): three due at different times, one overdue."""
    from datetime import timedelta  # noqa: PLC0415

    from sqlalchemy import select  # noqa: PLC0415

    from app.cases import callbacks  # noqa: PLC0415
    from app.cases.models import OPEN_STATUSES, Case, PhoneNumber, utcnow  # noqa: PLC0415
    from app.cases.store import open_sqlite  # noqa: PLC0415

    store = open_sqlite(db)
    try:
        with store.session() as s:
            rows = s.execute(select(Case.id, PhoneNumber.raw)
                             .join(PhoneNumber, PhoneNumber.contact_id == Case.contact_id)
                             .where(Case.status.in_(OPEN_STATUSES))
                             .order_by(Case.number.desc()).limit(30)).all()
            cases = list(dict(rows).items())[:3]  # three SRs, one number each
            # What an agent types in the callback's reason, in the shot's language.
            reasons = {"ja": ("交換部品の到着を確認", "ファームウェア更新の結果", ""),
                       "zh_CN": ("确认更换部件已到", "固件更新结果", "")}.get(
                language, ("Confirm the replacement part arrived", "Firmware update result", ""))
            for minutes, (case_id, number), reason in zip((-20, 45, 180), cases, reasons,
                                                           strict=False):
                callbacks.schedule(s, due_at=utcnow() + timedelta(minutes=minutes),
                                   case_id=case_id, number=number, reason=reason)
    finally:
        store.close()
    window.callbacks_dock.show()
    window.callbacks_dock.raise_()
    window.callbacks.refresh()
    wait_until(lambda: window.callbacks.table.rowCount() >= 3, "the callbacks")
    grab(window, out / f"callbacks-{language}.png")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", choices=["e2e", "screenshots"], default="e2e")
    parser.add_argument("--out", default=".")
    parser.add_argument("--language", default="en")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    demo = demo_desktop(args.language)
    if demo is None:
        say("failed", what="build")
        return 2
    app, desktop, work, db, config_path, port = demo
    from tests.support import finish_sipp, free_port, start_sipp  # noqa: PLC0415

    case_number, number, contact = demo_case(db)
    say("seeded", case=case_number, number=number, contact=contact)
    window = desktop.window
    window.resize(1400, 880)
    window.move(0, 0)
    window.show()
    window.raise_()
    wait_until(lambda: window.isVisible() and bool(window.choices.dispositions), "window")
    wait_until(lambda: window.history.model.rowCount() > 0, "history")
    health = window.center.health
    say("window", visible=window.isVisible(), title=window.windowTitle(),
        health=health.level.value, health_details=list(health.details))
    shots = args.scenario == "screenshots"
    if shots:
        grab(window, out / f"idle-{args.language}.png")

    digits = number.replace("-", "").replace(" ", "")
    sipp = start_sipp("uac_caller", f"127.0.0.1:{port}", free_port(), work / "sipp",
                      "-key", "caller", digits, "-key", "extra", f"X-Case-Number: {case_number}",
                      "-d", "4000" if not shots else "60000")
    wait_until(lambda: bool(window.popups), "popup")
    popup = next(iter(window.popups.values()))
    wait_until(lambda: case_number in popup.case.text(), "popup shows the SR")
    say("popup", caller=popup.who.text(), case=popup.case.text(), visible=popup.isVisible(),
        active=popup.isActiveWindow())
    if shots:
        grab(None, out / f"incoming-{args.language}.png")

    QTest.mouseClick(popup.answer_button, Qt.MouseButton.LeftButton)
    say("clicked", button="answer")
    wait_until(lambda: window.case_view.case_number == case_number
               and window.pages.currentWidget() is window.case_view, "SR view")
    say("sr_view", case=case_number, page=window.pages.currentIndex())
    if shots:
        wait_until(window.call_panel.isVisible, "call panel")
        grab(window, out / f"in-call-{args.language}.png")
        # The team leader listens in (issue 18): what the agent sees on the call panel. The
        # monitoring call itself is tested end to end in tests/integration/test_monitoring_*.
        from app.orchestration.monitoring import MonitoringChanged  # noqa: PLC0415

        live = window.center.current_call()
        assert live is not None
        window.center._on_event(MonitoringChanged(live.event.call_id, "m1", "田中 玲奈",
                                                  "listen", True))
        wait_until(lambda: bool(window.center.monitors(live.event.call_id)), "the banner")
        grab(window, out / f"monitored-{args.language}.png")
        window.center._on_event(MonitoringChanged(live.event.call_id, "m1", "田中 玲奈",
                                                  "listen", False))
        consult_shots(window, live.event, out, args.language)
        window.call_actions.hangup.trigger()

    wait_until(window.wrap_up.isVisible, "wrap-up", timeout=30)
    say("wrap_up", visible=window.wrap_up.isVisible(), state=window.center.state)
    code = finish_sipp(None, sipp)
    say("sipp", exit=code)
    if shots:
        window.wrap_up.codes.setCurrentRow(1)
        window.wrap_up.note.setPlainText(window.tr("Customer confirmed the fix works."))
        grab(window, out / f"wrap-up-{args.language}.png")
        window.wrap_up.done.click()
        wait_until(lambda: window.center.state == "available", "available")
        window.history_dock.show()
        window.history.refresh()
        wait_until(lambda: not window.wrap_up.isVisible(), "wrap-up closed")

        def call_logged() -> bool:
            row = window.history.model.row_at(0)
            return not window.history.model.loading and row is not None \
                and row.outcome is not None

        wait_until(call_logged, "the call in the history")
        grab(window, out / f"history-{args.language}.png")
        callback_shot(window, db, out, args.language)
        # The translation queue beside the history; its oldest entry opened to translate.
        window.translation_dock.show()
        window.translation_dock.raise_()
        window.translation_queue.refresh()
        wait_until(lambda: window.translation_queue.total > 0, "translation queue")
        window.translation_queue.table.selectRow(0)
        window.translation_queue.open_button.click()
        wait_until(lambda: window.case_view.translate_dialog is not None
                   and window.case_view.translate_dialog.isVisible(), "translate dialog")
        grab(None, out / f"translation-{args.language}.png")
        dialog_open = window.case_view.translate_dialog
        if dialog_open is not None:
            dialog_open.close()
        from app.ui.settings_dialog import SettingsDialog  # noqa: PLC0415

        assert window.settings is not None
        dialog = SettingsDialog(window.settings, config_path, window.tasks, window)
        dialog.show()
        wait_until(dialog.isVisible, "settings")
        grab(dialog, out / f"settings-{args.language}.png")
        dialog.close()
    desktop.shutdown()
    say("done")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
