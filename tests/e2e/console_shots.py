"""Screenshots of the team leader's console for docs/screenshots: the board, the explorer with
a call opened, the KPI charts and tables, and the overdue callbacks; one set per language,
from the real window (under Xvfb, see scripts/screenshots) over a throw-away central database
with a week of demo calls.

    python -m tests.e2e.console_shots --out docs/screenshots --language en ja zh_CN

A fixed week (Monday 23 to Friday 27 November 2026, Tokyo) and a seeded random generator:
the same pictures every run (the callbacks are due relative to now: the centre's clock says
what is overdue). Everything waits on the window's own signals, never a sleep.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.cases.models import new_id
from app.cases.numbers import normalize
from app.central import admin
from app.central.db import engine
from app.console.service import ConsoleService
from app.i18n import Translators
from app.telephony.quality import estimate
from app.ui.console import ConsoleWindow
from app.ui.tasks import Tasks
from app.ui.theme import apply_theme
from tests.integration.central.helpers import (
    call_row,
    case_row,
    customer_row,
    insert,
    note_row,
    state_row,
)
from tests.support_pg import cluster

if TYPE_CHECKING:
    import uuid

    import psycopg
    from PySide6.QtCore import SignalInstance

    from tests.support_pg import PgCluster

TOKYO = ZoneInfo("Asia/Tokyo")
FIRST, LAST = date(2026, 11, 23), date(2026, 11, 27)
TEAM = "Tokyo"
QUEUES = ["hardware", "billing", "network"]
# role -> (name, the SR languages they take, leader)
PEOPLE = {
    "tanaka": ("田中 玲奈", (), True),
    "sato": ("佐藤 健", ("ja",), False),
    "suzuki": ("鈴木 美咲", ("ja", "en"), False),
    "li": ("李 娜", ("zh", "ja"), False),
    "smith": ("Emma Smith", ("en",), False),
}
# Each advisor's home line, as mean packet loss (%): one of them needs attention.
HOME_LOSS = {"li": 4.5}
HOME_LOSS_DEFAULT = 0.3
TITLES = {
    "ja": ["プリンターの紙詰まり", "請求書の再発行", "VPN に接続できない", "トナー交換の依頼"],
    "en": ["Invoice shows the wrong address", "Printer offline after update", "VPN drops"],
    "zh": ["打印机无法连接网络", "发票金额有误", "无法登录系统"],
}
NOTES = {
    "ja": ["トレイ 2 で紙が詰まる。ローラーの清掃を案内した。", "請求先の住所変更を受け付けた。"],
    "en": ["Customer confirmed the fix; will call back if it happens again."],
    "zh": ["客户的打印机在更新后无法连接网络，已指导重新设置。"],
}
TRANSLATED = ("トナーが切れて印刷できない。明日交換に伺う。",
              "The toner ran out and nothing prints. A technician replaces it tomorrow.")
WAIT_MS = 30_000


def _wait(signal: SignalInstance, start: Any = None) -> list[Any]:
    """Run the event loop until ``signal`` fires (``start()`` called once connected)."""
    got: list[Any] = []
    loop = QEventLoop()

    def fired(*args: Any) -> None:
        got.extend(args)
        loop.quit()

    signal.connect(fired)
    QTimer.singleShot(WAIT_MS, loop.quit)  # a ceiling: a broken run stops instead of hanging
    if start is not None:
        start()
    loop.exec()
    signal.disconnect(fired)
    return got


def _seed(pg: PgCluster) -> dict[str, str]:
    """The team, its people and a week of calls, notes and states; the roles' passwords."""
    url = pg.url()
    admin.init(url)
    admin.add_team(url, TEAM, QUEUES)
    passwords = {role: f"{role}-demo-password" for role in PEOPLE}
    for role, (name, _languages, leader) in PEOPLE.items():
        admin.add_agent(url, role, passwords[role], name, TEAM, leader=leader,
                        sip_identity=f"{role}@pbx.example")
    import psycopg  # noqa: PLC0415 - the demo writes as each agent, as their PCs would

    rng = random.Random(18)
    conns = {role: psycopg.connect(pg.url(role, passwords[role]), autocommit=True)
             for role in PEOPLE if role != "tanaka"}
    try:
        with psycopg.connect(url, autocommit=True) as su:
            ids: dict[str, uuid.UUID] = dict(
                su.execute("SELECT db_role, id FROM caseline.agents").fetchall())
        cases: dict[str, list[dict[str, Any]]] = {"ja": [], "en": [], "zh": []}
        for n in range(int((LAST - FIRST).days) + 1):
            day = FIRST + timedelta(days=n)
            for role, conn in conns.items():
                _day_of(conn, role, ids[role], day, PEOPLE[role][1], cases, rng)
        # The last call of the week, on a Japanese SR, with its note translated into English.
        sato = conns["sato"]
        case = _new_case(sato, "ja", "トナー交換の依頼", rng, cases)
        start = datetime.combine(LAST, time(17, 50), TOKYO)
        call = _call(sato, ids["sato"], start, 6.0, 240.0, case)
        note = note_row(case["id"], TRANSLATED[0], language="ja", author_id=ids["sato"],
                        call_log_id=call, created_at=start + timedelta(minutes=4))
        insert(sato, "notes", note)
        insert(conns["suzuki"], "notes", note_row(case["id"], TRANSLATED[1], language="en",
                                                  author_id=ids["suzuki"],
                                                  translation_of=note["id"],
                                                  created_at=start + timedelta(minutes=12)))
        _callbacks(conns, ids, cases)
    finally:
        for conn in conns.values():
            conn.close()
    return passwords


# role, how long ago it was due (negative: still to come), the SR's language (None: no SR),
# the reason as the agent typed it, the caller's language
CALLBACKS = (
    ("sato", timedelta(hours=3, minutes=10), "ja", "VPN に再び接続できたか確認のお電話", "ja"),
    ("li", timedelta(hours=1, minutes=35), "zh", "确认发票金额已更正", "zh"),
    ("smith", timedelta(minutes=40), None, "Customer asked to be called after 3 pm", "en"),
    ("suzuki", timedelta(minutes=12), "en", "Check the replacement invoice arrived", "en"),
    ("sato", -timedelta(hours=2), "ja", "トナー交換の日程調整", "ja"),  # not due yet: not shown
)


def _callbacks(conns: dict[str, psycopg.Connection], ids: dict[str, uuid.UUID],
               cases: dict[str, list[dict[str, Any]]]) -> None:
    """Callbacks the agents promised, four of them overdue, as their PCs push them."""
    now = datetime.now(UTC)
    for n, (role, ago, language, reason, spoken) in enumerate(CALLBACKS):
        case = cases[language][n] if language else None
        number = f"03-{6100 + n:04d}-{2200 + 7 * n:04d}"
        insert(conns[role], "callbacks", {
            "id": new_id(), "case_id": case["id"] if case else None,
            "customer_id": case["customer_id"] if case else None, "number": number,
            "number_key": normalize(number).match_key, "due_at": now - ago,
            "agent_id": ids[role], "reason": reason, "language": spoken,
            "priority": case["priority"] if case else None,
            "source": "sr" if case else "missed_call", "created_at": now - ago - timedelta(
                hours=1)})


def _call(conn: psycopg.Connection, agent: uuid.UUID, start: datetime, ring: float,
          talk: float, case: dict[str, Any] | None, **extra: Any) -> uuid.UUID:
    minute = int(start.timestamp()) // 60
    number = f"03-{5000 + minute % 4000:04d}-{1000 + int(ring * 37) % 9000:04d}"
    row = call_row(agent_id=agent, started_at=start, ring_seconds=ring, talk_seconds=talk,
                   number_raw=number, number_key=normalize(number).match_key,
                   ended_at=start + timedelta(seconds=ring + talk),
                   answered_at=start + timedelta(seconds=ring) if talk else None,
                   outcome="answered" if talk else "missed",
                   case_id=case["id"] if case else None,
                   customer_id=case["customer_id"] if case else None,
                   disposition_code="resolved" if talk else None, **extra)
    insert(conn, "call_logs", row)
    return row["id"]  # type: ignore[no-any-return]


def _new_case(conn: psycopg.Connection, language: str, title: str, rng: random.Random,
              cases: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    customer = customer_row(language=language)
    insert(conn, "customers", customer)
    number = f"SR-2026-{1200 + sum(map(len, cases.values())):06d}"
    row = case_row(rng.choice(QUEUES), number=number, title=title, language=language,
                   customer_id=customer["id"])
    insert(conn, "cases", row)
    cases[language].append(row)
    return row


def _day_of(conn: psycopg.Connection, role: str, agent: uuid.UUID, day: date,
            languages: tuple[str, ...],
            cases: dict[str, list[dict[str, Any]]], rng: random.Random) -> None:
    """One agent's day: logged in at 08:55, calls until 18:00 with wrap-ups, lunch at 12."""
    def state(at: datetime, name: str, reason: str = "", call: uuid.UUID | None = None) -> None:
        insert(conn, "agent_state_changes", state_row(agent_id=agent, state=name,
                                                      reason=reason, at=at, call_log_id=call))

    at = datetime.combine(day, time(8, 55), TOKYO)
    state(at, "available")
    at += timedelta(minutes=rng.randint(5, 20))
    lunch = False
    while at.time() < time(17, 30):
        if not lunch and at.time() >= time(12, 0):
            state(at, "break", "lunch")
            at += timedelta(hours=1)
            state(at, "available")
            lunch = True
            continue
        language = rng.choice(languages)
        # Most calls open an SR of their own; some are the customer calling about one again.
        case = None
        if rng.random() < 0.9:
            again = cases[language] and rng.random() < 0.25
            case = rng.choice(cases[language]) if again else _new_case(
                conn, language, rng.choice(TITLES[language]), rng, cases)
        ring = round(rng.uniform(2, 16) if rng.random() < 0.85 else rng.uniform(16, 45), 1)
        talk = 0.0 if rng.random() < 0.08 else round(rng.uniform(60, 540), 1)
        line: dict[str, Any] = {}
        if talk:  # the call's RTCP figures and their E-model MOS, as the PC logs them
            base = HOME_LOSS.get(role, HOME_LOSS_DEFAULT)
            loss = round(max(0.0, rng.gauss(base, base / 2)), 2)
            jitter = round(rng.uniform(3, 12) + 6 * base, 1)
            rtt = round(rng.uniform(25, 60) + 10 * base, 1)
            line = {"loss_pct": loss, "jitter_ms": jitter, "rtt_ms": rtt,
                    "mos": round(estimate(loss_pct=loss, jitter_ms=jitter, rtt_ms=rtt), 2)}
        call = _call(conn, agent, at, ring, talk, case,
                     note_language=None if case else language, **line)
        if talk:
            state(at + timedelta(seconds=ring), "on-call")
            end = at + timedelta(seconds=ring + talk)
            state(end, "wrap-up", call=call)
            at = end + timedelta(seconds=rng.randint(20, 120))
            state(at, "available", "disposition")
            if case is not None and rng.random() < 0.3:
                insert(conn, "notes", note_row(case["id"], rng.choice(NOTES[language]),
                                               language=language, author_id=agent,
                                               call_log_id=call, created_at=end))
        else:
            at += timedelta(seconds=ring)
        at += timedelta(minutes=rng.randint(3, 25))
    state(datetime.combine(day, time(18, 5), TOKYO), "offline")


def _live(pg: PgCluster, passwords: dict[str, str]) -> None:
    """The team now, as its PCs publish it for the board: two on calls (one on a poor home
    line), one in wrap-up, one at lunch, one PC gone quiet three minutes ago."""
    import time as clock  # noqa: PLC0415

    import psycopg  # noqa: PLC0415

    from app.sync.presence import Presence, Quality, publish  # noqa: PLC0415

    now = clock.time()
    with psycopg.connect(pg.url(), autocommit=True) as su:
        ids: dict[str, uuid.UUID] = dict(
            su.execute("SELECT db_role, id FROM caseline.agents").fetchall())
        live_case = su.execute("SELECT id, number FROM caseline.cases WHERE language = 'ja' "
                               "ORDER BY number LIMIT 1").fetchone()
    assert live_case is not None
    with psycopg.connect(pg.url("sato", passwords["sato"]), autocommit=True) as sato:
        started = datetime.now(TOKYO) - timedelta(seconds=250)
        live_call = insert(sato, "call_logs", call_row(
            agent_id=ids["sato"], started_at=started, answered_at=started + timedelta(seconds=5),
            case_id=live_case[0]), returning="id")
    states = {
        "sato": Presence(ids["sato"], "on-call", now - 250, call_started=now - 250,
                         call_direction="inbound", call_log_id=live_call, case_id=live_case[0],
                         case_number=live_case[1], caller_language="ja", registration="ok",
                         quality=Quality(mos=4.3, loss_pct=0.0, jitter_ms=4.0, rtt_ms=38.0)),
        "suzuki": Presence(ids["suzuki"], "on-call", now - 95, call_started=now - 95,
                           call_direction="outbound", case_number="SR-2026-000031",
                           caller_language="en", registration="ok",
                           quality=Quality(mos=3.1, loss_pct=6.5, jitter_ms=48.0,
                                           rtt_ms=310.0)),
        "li": Presence(ids["li"], "wrap-up", now - 20, case_number="SR-2026-000044",
                       caller_language="zh", registration="ok"),
        "smith": Presence(ids["smith"], "break", now - 900, reason="lunch", registration="ok"),
    }
    for role, presence in states.items():
        eng = engine(pg.url(role, passwords[role]))
        try:
            with eng.begin() as conn:
                publish(conn, presence)
        finally:
            eng.dispose()
    with psycopg.connect(pg.url(), autocommit=True) as su:
        su.execute("SET session_replication_role = replica")  # the heartbeat as it was
        su.execute("UPDATE caseline.agent_presence SET heartbeat_at = now() - interval "
                   "'3 minutes' WHERE agent_id = %s", (ids["smith"],))


def shoot(pg: PgCluster, passwords: dict[str, str], language: str, out: Path,
          translators: Translators) -> None:
    translators.install(language)
    service = ConsoleService(engine(pg.url("tanaka", passwords["tanaka"])),
                             time_zone="Asia/Tokyo")
    from app.cases.choices import Choice  # noqa: PLC0415
    from app.ui.board import BoardSource, BoardView  # noqa: PLC0415

    board = BoardView()
    # As a leader's PC has them in its store (the seeded choice list, migration 0001).
    board.set_break_reasons((Choice("lunch", "Lunch", "昼休憩", "午餐"),))
    source = BoardSource("", parent=board, watcher=service.board_watcher)
    source.attach(board)
    try:
        window = ConsoleWindow(service, Tasks(None), board=board)
        window.resize(1400, 880)
        window.move(0, 0)
        _wait(window.ready, window.show)
        window.tabs.setCurrentWidget(board)
        _wait(board.model.modelReset, source.start)
        board.table.selectRow(next(n for n in range(board.model.rowCount())
                                   if (row := board.model.row_at(n)) is not None
                                   and row.monitorable))
        board.table.resizeColumnsToContents()
        _grab(window, out / f"console-board-{language}.png")
        window.tabs.setCurrentWidget(window.explorer)
        explorer = window.explorer
        _wait(explorer.model.rows_loaded, lambda: explorer.set_period(FIRST, LAST))
        found = _wait(explorer.detail.shown, lambda: explorer.table.setCurrentIndex(
            explorer.model.index(0, 0)))
        assert found, "the call did not open"
        _grab(window, out / f"console-explorer-{language}.png")

        kpis = window.kpis
        window.tabs.setCurrentWidget(kpis)
        kpis.bucket.setCurrentIndex(kpis.bucket.findData("total"))
        kpis.by.setCurrentIndex(kpis.by.findData("agent"))
        kpis.pages.setCurrentWidget(kpis.charts)
        _wait(kpis.loaded, lambda: kpis.set_period(FIRST, LAST, LAST))
        _grab(window, out / f"console-kpis-{language}.png")
        kpis.pages.setCurrentIndex(0)
        _grab(window, out / f"console-kpi-tables-{language}.png")

        _wait(window.callbacks.loaded, lambda: window.tabs.setCurrentWidget(window.callbacks))
        _grab(window, out / f"console-callbacks-{language}.png")
        window.close()
        window.deleteLater()
    finally:
        source.stop()
        service.close()


def _grab(window: ConsoleWindow, path: Path) -> None:
    QApplication.processEvents()
    window.grab().save(str(path))
    print(f"screenshot {path}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--language", nargs="+", default=["en", "ja", "zh_CN"])
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_theme(app, "light")
    pg = cluster()
    try:
        passwords = _seed(pg)
        _live(pg, passwords)
        translators = Translators()
        for language in args.language:
            shoot(pg, passwords, language, out, translators)
    finally:
        pg.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
