"""The torture results, message by message: RFC 4475's messages and the hostile scenarios
against one `caseline agent --auto-answer` (issue 21, 3), as tests/integration/test_sip_torture.py
and test_hostile_sip.py send them, printed as a table: what the RFC allows, what the agent
answered, whether that is right, a known deviation (pinned by the tests, with the reason) or
wrong, how often the SIP stack aborted on it, and whether a normal call still completed after.

    .venv/bin/python bench/torture.py                 # everything (a few minutes)
    .venv/bin/python bench/torture.py --only rfc4475  # or: hostile
    .venv/bin/python bench/torture.py --markdown      # for a note or the README

Not a timing benchmark: it lives here because it reports rather than asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.hostile_sip import SCENARIOS, Target  # noqa: E402 - needs the path above
from tests.integration.tlscerts import make_certs  # noqa: E402
from tests.integration.torture_agent import TortureAgent, torture_agent  # noqa: E402
from tests.support_torture import allowed, load_messages, send_torture  # noqa: E402


@dataclass
class Row:
    kind: str  # rfc4475 | hostile
    name: str
    what: str
    rfc: str
    got: str
    verdict: str  # as the RFC allows | known deviation | WRONG
    aborts: int
    after_ok: bool
    finding: str = ""


def _after(agent: TortureAgent, folder: Path) -> bool:
    try:
        agent.normal_call_completes(folder)
    except AssertionError:
        return False
    return True


def _rfc4475(agent: TortureAgent, work: Path) -> list[Row]:
    rows = []
    for name, message in load_messages().items():
        before = agent.engine_events("crashed")
        exchange = send_torture(message, agent.port)
        after_ok = _after(agent, work / f"after-{name}")
        aborts = agent.engine_events("crashed") - before
        got = exchange.outcome + ("" if exchange.probe_answered else ", then silent")
        if message.observed and exchange.outcome == message.observed:
            verdict = "known deviation"
        elif not message.observed and allowed(exchange.outcome, message.allow):
            verdict = "as the RFC allows"
        else:
            verdict = "WRONG"
        rows.append(Row("rfc4475", f"{message.section} {name}", message.title, message.rfc,
                        got, verdict, aborts, after_ok, message.finding))
        print(f"  {name}: {got} ({verdict})", file=sys.stderr, flush=True)
    return rows


def _hostile(agent: TortureAgent, work: Path) -> list[Row]:
    rows = []
    for scenario in SCENARIOS:
        before = agent.engine_events("crashed")
        restarts = agent.engine_events("restarted")
        folder = work / scenario.name.replace(" ", "-").replace("/", "-")
        folder.mkdir(parents=True, exist_ok=True)
        reply = scenario.play(Target(agent.port, agent.tls_port, folder))
        after_ok = _after(agent, folder / "after")
        aborts = agent.engine_events("crashed") - before
        if aborts:
            agent.wait_restarted(restarts + aborts)
        if scenario.observed and reply == scenario.observed:
            verdict = "known deviation"
        elif not scenario.expect or reply in scenario.expect:
            verdict = "as the RFC allows" if scenario.expect else "served"
        else:
            verdict = "WRONG"
        rows.append(Row("hostile", scenario.name, scenario.what, scenario.rfc or
                        ", ".join(sorted(scenario.expect)), reply, verdict, aborts, after_ok,
                        scenario.finding))
        print(f"  {scenario.name}: {reply} ({verdict})", file=sys.stderr, flush=True)
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def _print(rows: list[Row], *, markdown: bool) -> None:
    if markdown:
        print("| message | what | the RFC / a correct UA | CaseLine | verdict | aborts | "
              "call after |")
        print("|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {_cell(r.name)} | {_cell(r.what)} | {_cell(r.rfc)} | {_cell(r.got)} | "
                  f"{r.verdict} | {r.aborts} | {'ok' if r.after_ok else 'FAILED'} |")
    else:
        for r in rows:
            print(f"{r.name[:34]:34}  {r.got[:34]:34}  {r.verdict:18}  aborts {r.aborts}  "
                  f"after {'ok' if r.after_ok else 'FAILED'}")
    findings = [r for r in rows if r.finding]
    if findings:
        print()
        print("Known deviations, and why:")
        for r in findings:
            print(f"- {r.name}: {_cell(r.finding)}")
    wrong = sum(r.verdict == "WRONG" for r in rows)
    print()
    print(f"{len(rows)} messages/scenarios: {sum(r.verdict != 'WRONG' for r in rows)} as "
          f"allowed or a pinned deviation, {wrong} wrong; {sum(r.aborts for r in rows)} "
          f"aborts of the SIP stack; normal call after each: "
          f"{sum(r.after_ok for r in rows)}/{len(rows)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("rfc4475", "hostile"))
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    began = time.monotonic()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="caseline-torture-") as tmp:
        work = Path(tmp)
        one_agent = contextlib.contextmanager(torture_agent)
        with one_agent(work / "agent", make_certs(work / "certs")) as agent:
            if args.only in (None, "rfc4475"):
                rows += _rfc4475(agent, work / "rfc4475")
            if args.only in (None, "hostile"):
                rows += _hostile(agent, work / "hostile")
    _print(rows, markdown=args.markdown)
    print(f"({time.monotonic() - began:.0f} s)")
    return 1 if any(r.verdict == "WRONG" or not r.after_ok for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
