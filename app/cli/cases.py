"""``caseline db | demo-data | calls | cases``, and the store behind the headless agent."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cases import store as store_mod
from app.cases.resolver import Resolver, ResolverConfig
from app.cases.store import StoreError, open_sqlite
from app.orchestration.bootstrap import agent_identity, agent_name

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    from app.cases.store import Store
    from app.config.settings import CasesSettings, Settings
    from app.orchestration.desk import Desk
    from app.telephony.config import AccountSpec

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
    from app.orchestration.desk import Desk  # noqa: PLC0415 - the agent's import, not the CLI's

    path = conf.cases.database_path()
    try:
        store = open_sqlite(path)
    except StoreError as exc:
        print(store_message(exc, say), file=sys.stderr)
        return None
    identity = agent_identity(conf, accounts)
    return Desk(store, resolver=resolver_config(conf.cases), agent_identity=identity,
                agent_name=agent_name(conf), wrap_up_seconds=conf.cases.wrap_up_seconds,
                unavailable_code=conf.sip.unavailable_code,
                save_left_drafts=True)  # no one to ask: a crash's notes are saved at start


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
            from app.cli import calls as cli_calls  # noqa: PLC0415

            return cli_calls.run(args, store, conf, say)
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
    from app.config.settings import recordings_dir  # noqa: PLC0415

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
        from app.orchestration.desk import to_plain  # noqa: PLC0415

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

