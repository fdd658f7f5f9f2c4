"""What a pull reads from the centre: the rows written since its previous snapshot, and what
came into the agent's reach with them.

Change numbers are taken without a lock (central migration 0004), so they become visible in
commit order, not in number order: a cursor on the number would pass over a row whose writer
was still running when a later number was pulled. A pull keeps the central snapshot it read
(``pg_current_snapshot()``) instead, and next time reads the rows whose writing transaction
(``change_xid``) that snapshot did not see and the new one does. A transaction running at the
first snapshot is listed in it as running: its rows come with the first pull that sees it
committed, whatever numbers it took, and no writer, however long it runs, holds the others'
rows back. A window larger than one round is read in (change_xid, change_no) order against a
fixed target snapshot; the rows in it can only leave it (a row written again belongs to the
next window), so paging passes over none. Other teams' rows are read by one window (row
security filters them out) and never again.

Rows also become visible without being written. An SR moves to another team (its queue
changes, its queue goes to another team, its creator moves): the centre gives it a new
``reach_xid`` and change number. A customer becomes the customer of a visible SR. What hangs on
such a row was written while this PC could not see it, in windows it read past. So, when a
pulled SR is new here or its reach changed since the previous snapshot, its notes and
translation requests come with it, and its customer and contact are read again with theirs
(contacts and numbers); a row whose parent this PC lacks brings the parent. A full pull (a new
PC, an agent moved to another team) reads everything anyway: only parents are fetched then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select, tuple_

from app.cases import models as local

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterable

    from sqlalchemy import Select, Table
    from sqlalchemy.engine import Connection

    from app.cases.store import Store

# Parents a pulled row needs here (local foreign keys), by table: column -> parent table.
PARENTS: dict[str, dict[str, str]] = {
    "contacts": {"customer_id": "customers"},
    "phone_numbers": {"contact_id": "contacts", "customer_id": "customers"},
    "cases": {"customer_id": "customers", "contact_id": "contacts"},
    "notes": {"case_id": "cases", "translation_of": "notes"},
    "translation_requests": {"case_id": "cases", "note_id": "notes", "translation_id": "notes"},
}
# What hangs on a row that came into reach, by table: (child table, its column).
CHILDREN: dict[str, tuple[tuple[str, str], ...]] = {
    "cases": (("notes", "case_id"), ("translation_requests", "case_id")),
    "customers": (("contacts", "customer_id"), ("phone_numbers", "customer_id")),
    "contacts": (("phone_numbers", "contact_id"),),
}
_LOCAL = {m.__tablename__: m for m in (local.Customer, local.Contact, local.PhoneNumber,
                                       local.Case, local.Note, local.TranslationRequest)}
_CHUNK = 500


@dataclass(frozen=True)
class Snapshot:
    """A central snapshot as ``pg_current_snapshot()`` writes it: ``xmin:xmax:xip,...``."""

    xmin: int
    xmax: int
    running: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> Snapshot:
        xmin, xmax, running = text.split(":")
        return cls(int(xmin), int(xmax), tuple(int(x) for x in running.split(",") if x))

    def __str__(self) -> str:
        return f"{self.xmin}:{self.xmax}:{','.join(map(str, self.running))}"

    def sees(self, xid: int) -> bool:
        """Whether a transaction's writes were visible in this snapshot (committed before it;
        a transaction that aborted left no rows to ask about)."""
        return xid < self.xmax and xid not in self.running


def window(table: Table, done: Snapshot | None, target: Snapshot, after: tuple[int, int],
           limit: int) -> Select[Any]:
    """The next ``limit`` rows of ``table`` that ``target`` sees and ``done`` did not, after
    ``after`` in (change_xid, change_no) order. Only comparisons of integers, which PostgreSQL
    knows leak nothing: it may use them in the index scan, before row security, so a round
    reads only the rows of the window."""
    xid, no = table.c.change_xid, table.c.change_no
    where = [tuple_(xid, no) > tuple_(*after), xid < target.xmax]
    if target.running:
        where.append(xid.not_in(target.running))
    if done is not None:
        where.append(xid >= done.xmin)  # where the index scan starts
        new = xid >= done.xmax
        where.append(or_(new, xid.in_(done.running)) if done.running else new)
    return select(table).where(and_(*where)).order_by(xid, no).limit(limit)


class _Pass:
    """One pass of Reach.grow: what to read by id, which children, what to look at again."""

    def __init__(self, fetched: dict[str, dict[uuid.UUID, dict[str, Any]]],
                 refresh: dict[str, set[uuid.UUID]], expanded: dict[str, set[uuid.UUID]],
                 here: dict[str, set[uuid.UUID]]) -> None:
        self.fetched, self.refresh, self.expanded, self.here = fetched, refresh, expanded, here
        self.by_id: dict[str, set[uuid.UUID]] = defaultdict(set)
        self.children: dict[tuple[str, str], set[uuid.UUID]] = defaultdict(set)
        self.again: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def need(self, table: str, row_id: uuid.UUID | None, *, fresh: bool = False) -> None:
        """A parent to have here; ``fresh``: read again (it may have changed out of reach)
        and bring its children."""
        if row_id is None:
            return
        if fresh and row_id not in self.refresh[table]:
            self.refresh[table].add(row_id)
            if row_id in self.fetched[table] and row_id not in self.expanded[table]:
                self.again[table].append(self.fetched[table][row_id])  # seen: not enough
        if row_id in self.fetched[table]:
            return
        if fresh or row_id not in self.here[table]:
            self.by_id[table].add(row_id)


class Reach:
    """Grows a round's rows by what came into reach with them (see the module's text), read in
    the round's snapshot, so that what arrives together fits together."""

    def __init__(self, conn: Connection, tables: dict[str, Table], store: Store,
                 done: Snapshot | None) -> None:
        self.conn = conn
        self.tables = tables
        self.store = store
        self.done = done
        self._here: dict[str, set[uuid.UUID]] = defaultdict(set)
        self._absent: dict[str, set[uuid.UUID]] = defaultdict(set)

    def grow(self, fetched: dict[str, dict[uuid.UUID, dict[str, Any]]]) -> None:
        """Add to ``fetched`` (table -> id -> central row) until nothing more is needed."""
        todo = {name: list(rows.values()) for name, rows in fetched.items()}
        refresh: dict[str, set[uuid.UUID]] = defaultdict(set)  # read again, with children
        expanded: dict[str, set[uuid.UUID]] = defaultdict(set)
        while any(todo.values()):
            step = _Pass(fetched, refresh, expanded, self._here)
            self._learn(todo)
            cases = self._case_refs([r["id"] for r in todo.get("cases", ())])
            for name, rows in todo.items():
                for row in rows:
                    if name == "cases" and self.done is not None:
                        known = cases.get(row["id"])
                        reached = known is None or not self.done.sees(row["reach_xid"])
                        if reached:
                            for child, column in CHILDREN["cases"]:
                                step.children[(child, column)].add(row["id"])
                        for column in ("customer_id", "contact_id"):
                            moved = known is not None and known.get(column) != row[column]
                            step.need(PARENTS["cases"][column], row[column],
                                      fresh=reached or moved)
                    else:
                        for column, parent in PARENTS.get(name, {}).items():
                            step.need(parent, row.get(column))
                    if self.done is not None and name in ("customers", "contacts") and (
                            row["id"] not in self._here[name] or row["id"] in refresh[name]) \
                            and row["id"] not in expanded[name]:
                        expanded[name].add(row["id"])
                        for child, column in CHILDREN[name]:
                            step.children[(child, column)].add(row["id"])
            todo = dict(step.again)
            for name, wanted in step.by_id.items():
                self._add(fetched, todo, name, self.read(name, "id", wanted))
            for (name, column), parents in step.children.items():
                self._add(fetched, todo, name, self.read(name, column, parents))

    def _add(self, fetched: dict[str, dict[uuid.UUID, dict[str, Any]]],
             todo: dict[str, list[dict[str, Any]]], name: str,
             rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            if row["id"] not in fetched[name]:
                fetched[name][row["id"]] = row
                todo.setdefault(name, []).append(row)

    def read(self, name: str, column: str, values: set[uuid.UUID]) -> list[dict[str, Any]]:
        """The central rows of ``name`` whose ``column`` is one of ``values`` (that the agent
        may see)."""
        table = self.tables[name]
        found: list[dict[str, Any]] = []
        ordered = sorted(values)
        for start in range(0, len(ordered), _CHUNK):
            found += [dict(r._mapping) for r in self.conn.execute(
                select(table).where(table.c[column].in_(ordered[start:start + _CHUNK])))]
        return found

    def _learn(self, todo: dict[str, list[dict[str, Any]]]) -> None:
        """Which of the rows (and of the parents they name) this PC has already."""
        asked: dict[str, set[uuid.UUID]] = defaultdict(set)
        for name, rows in todo.items():
            for row in rows:
                asked[name].add(row["id"])
                for column, parent in PARENTS.get(name, {}).items():
                    if row.get(column) is not None:
                        asked[parent].add(row[column])
        with self.store.sessions() as session:
            for name, ids in asked.items():
                unknown = sorted(ids - self._here[name] - self._absent[name])
                model = _LOCAL[name]
                for start in range(0, len(unknown), _CHUNK):
                    chunk = unknown[start:start + _CHUNK]
                    have = set(session.scalars(select(model.id).where(model.id.in_(chunk))))
                    self._here[name] |= have
                    self._absent[name] |= set(chunk) - have

    def _case_refs(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
        """This PC's customer and contact of each SR it has."""
        found: dict[uuid.UUID, dict[str, Any]] = {}
        with self.store.sessions() as session:
            for start in range(0, len(ids), _CHUNK):
                for r in session.execute(select(
                        local.Case.id, local.Case.customer_id, local.Case.contact_id)
                        .where(local.Case.id.in_(ids[start:start + _CHUNK]))):
                    found[r.id] = {"customer_id": r.customer_id, "contact_id": r.contact_id}
        return found
