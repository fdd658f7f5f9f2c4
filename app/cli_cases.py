"""``caseline db | demo-data | calls | cases``, and the store behind the headless agent."""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.bootstrap import agent_identity
from app.cases import store as store_mod
from app.cases.models import CallLog, Case
from app.cases.resolver import Resolver, ResolverConfig
from app.cases.store import StoreError, open_sqlite

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    from app.cases.store import Store
    from app.desk import Desk
    from app.settings import CasesSettings, Settings
    from app.telephony.config import AccountSpec

CSV_COLUMNS = (
    "started_at", "direction", "outcome", "number_raw", "number_e164", "display_name",
    "case_number", "matched_by", "ring_seconds", "talk_seconds", "hold_seconds",
    "disposition_code", "end_reason", "account", "sip_call_id", "id",
)


def store_message(exc: StoreError, say: Callable[..., str]) -> str:
    if exc.code == "damaged":
        if exc.backup:
            return say("store_damaged", path=exc.path, detail=exc.detail, backup=exc.backup)
        return say("store_damaged_no_backup", path=exc.path, detail=exc.detail)
    key = f"store_{exc.code}"
    try:
        return say(key, path=exc.path, detail=exc.detail)
    except KeyError:
        return say("store_failed", path=exc.path, detail=exc.detail)


def resolver_config(cases: CasesSettings) -> ResolverConfig:
    return ResolverConfig(case_headers=cases.case_headers, uui_headers=cases.uui_headers,
                          customer_headers=cases.customer_headers,
                          language_headers=cases.language_headers, region=cases.region)


def open_desk(conf: Settings, accounts: Sequence[AccountSpec],
              say: Callable[..., str]) -> Desk | None:
    from app.desk import Desk  # noqa: PLC0415 - the agent's import, not the CLI's

    path = conf.cases.database_path()
    try:
        store = open_sqlite(path)
    except StoreError as exc:
        print(store_message(exc, say), file=sys.stderr)
        return None
    identity = agent_identity(conf, accounts)
    return Desk(store, resolver=resolver_config(conf.cases), agent_identity=identity,
                wrap_up_seconds=conf.cases.wrap_up_seconds)


def run(args: argparse.Namespace, conf: Settings, say: Callable[..., str]) -> int:
    path = conf.cases.database_path()
    if args.command == "db" and args.action == "restore":
        store_mod.restore_backup(path, Path(args.backup))
        print(say("db_restored", path=path, backup=args.backup))
        return 0
    if args.command == "recordings":
        return _sweep(args, conf, say)
    if args.command in ("calls", "cases") and not path.exists():
        print(say("store_missing", path=path), file=sys.stderr)
        return 2
    try:
        store = open_sqlite(path)
    except StoreError as exc:
        print(store_message(exc, say), file=sys.stderr)
        return 2
    try:
        if args.command == "db":
            print(say("db_upgraded", path=path, revision=store.revision()))
            backup = store_mod.latest_backup(path)
            if backup:
                print(say("db_backup", backup=backup))
            return 0
        if args.command == "demo-data":
            return _demo(args, store, path, say)
        if args.command == "calls":
            return _calls(args, store, say)
        return _find(args, store, conf.cases)
    except StoreError as exc:
        print(store_message(exc, say), file=sys.stderr)
        return 2
    finally:
        store.close()


def _demo(args: argparse.Namespace, store: Store, path: Path, say: Callable[..., str]) -> int:
    from app.cases import demo  # noqa: PLC0415

    if args.if_empty and not demo.store_is_empty(store):
        print(say("demo_skipped", path=path))
        return 0
    summary = demo.load_demo_data(store)
    print(say("demo_loaded", path=path, customers=summary.customers, contacts=summary.contacts,
              cases=summary.cases, call_logs=summary.call_logs, notes=summary.notes))
    return 0


def _sweep(args: argparse.Namespace, conf: Settings, say: Callable[..., str]) -> int:
    """``caseline recordings sweep``: what the desktop does at start, for a scheduled job."""
    from app.cases.recordings import sweep_recordings  # noqa: PLC0415
    from app.settings import recordings_dir  # noqa: PLC0415

    days = args.days if args.days is not None else conf.audio.recording_retention_days
    if not days or days < 1:
        print(say("no_retention"), file=sys.stderr)
        return 2
    path = conf.cases.database_path()
    if not path.exists():
        print(say("store_missing", path=path), file=sys.stderr)
        return 2
    root = recordings_dir(conf.cases)
    try:
        store = open_sqlite(path)
    except StoreError as exc:
        print(store_message(exc, say), file=sys.stderr)
        return 2
    try:
        with store.session() as session:
            count = sweep_recordings(session, root, datetime.now(UTC) - timedelta(days=days))
    except StoreError as exc:
        print(store_message(exc, say), file=sys.stderr)
        return 2
    finally:
        store.close()
    print(say("swept", count=count, days=days, path=root))
    return 0


def _since(text: str | None, say: Callable[..., str]) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise SystemExit(say("bad_date", text=text)) from None


def _call_rows(store: Store, since: datetime | None, limit: int | None) -> list[dict[str, Any]]:
    with store.session() as session:
        query = (select(CallLog, Case.number).outerjoin(Case, Case.id == CallLog.case_id)
                 .order_by(CallLog.started_at.desc()))
        if since is not None:
            query = query.where(CallLog.started_at >= since)
        if limit:
            query = query.limit(limit)
        rows = []
        for call, case_number in session.execute(query):
            rows.append({
                "id": str(call.id), "started_at": call.started_at.isoformat(),
                "direction": call.direction.value,
                "outcome": call.outcome.value if call.outcome else "live",
                "number_raw": call.number_raw, "number_e164": call.number_e164 or "",
                "display_name": call.display_name, "case_number": case_number or "",
                "matched_by": call.matched_by.value,
                "ring_seconds": round(call.ring_seconds, 1),
                "talk_seconds": round(call.talk_seconds, 1),
                "hold_seconds": round(call.hold_seconds, 1),
                "disposition_code": call.disposition_code or "",
                "end_reason": call.end_reason, "account": call.account,
                "sip_call_id": call.sip_call_id,
            })
        return rows


def _calls(args: argparse.Namespace, store: Store, say: Callable[..., str]) -> int:
    since = _since(args.since, say)
    if args.action == "export":
        rows = _call_rows(store, since, None)
        with contextlib.ExitStack() as stack:
            out = (stack.enter_context(open(args.output, "w", newline="", encoding="utf-8"))
                   if args.output else sys.stdout)
            writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            for row in reversed(rows):  # oldest first: the order a spreadsheet expects
                # A leading = + - @ makes spreadsheets run the cell as a formula.
                writer.writerow({k: _csv_safe(v) for k, v in row.items()})
        return 0
    rows = _call_rows(store, since, args.limit)
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not rows:
        print(say("no_calls"))
    for row in rows:
        print("\t".join(str(row[k]) for k in (
            "started_at", "direction", "outcome", "number_raw", "display_name", "case_number",
            "talk_seconds", "disposition_code")))
    return 0


def _csv_safe(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _numeric(value):
        return "'" + value
    return value


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return text.startswith("+") and text[1:].isdigit()  # an E.164 number is data
    return True


def _find(args: argparse.Namespace, store: Store, cases: CasesSettings) -> int:
    headers = {}
    for item in args.header:
        name, _, value = item.partition("=")
        headers[name.strip()] = value
    resolver = Resolver(resolver_config(cases))
    with store.session() as session:
        result = resolver.resolve(session, args.number, headers)
    names = " / ".join(filter(None, (result.draft.contact_name, result.draft.company)))
    if args.json:
        from app.desk import to_plain  # noqa: PLC0415

        print(json.dumps(to_plain(result), ensure_ascii=False))
        return 0
    caller = result.caller
    # A diagnostic report for whoever sets up the screen-pop, not a message: its labels name
    # the JSON fields and the values are the resolver's codes, so it stays English like them.
    print(f"caller: {caller.raw} -> {caller.e164 or caller.match_key or caller.kind.value}"
          f"  {names}".rstrip())
    print(f"screen-pop: {result.pop.value} (matched by {result.matched_by.value})")
    if result.case:
        print(f"  open: {_case_line(result.case)}")
    for cand in result.candidates:
        if result.case is None or cand.id != result.case.id:
            print(f"  candidate: {_case_line(cand)}")
    if result.pop.value == "draft":
        d = result.draft
        print(f"  new SR draft: {d.contact_name or '-'} / {d.company or '-'} / "
              f"{d.language.value} / {d.number_e164 or d.number_raw}")
    r = result.repeat
    if r.calls:
        print(f"repeat caller: {r.calls} call(s) in 7 days, last {r.last_at:%Y-%m-%d %H:%M} "
              f"{r.last_outcome} {r.last_disposition}".rstrip())
    for why in result.why:
        print(f"note: {why}")
    return 0


def _case_line(case: Any) -> str:
    flag = "*" if case.priority_confirmed else ""
    return f"{case.number} [{case.status}] {case.priority}{flag} {case.title}"

