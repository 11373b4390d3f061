"""Import a data package: all or nothing, idempotent, money-flow changes as ledger entries.

1. Read the package into a DuckDB workspace and run every rule (:mod:`.validate`). Any error:
   :class:`PackageInvalid`, and the database is not even opened.
2. In one transaction: pull the current state into the workspace, compute per table what is
   new, changed, unchanged and gone (SQL in the workspace), refuse changes that touch a
   locked quarter or remove rows the dashboard still uses, then write.
3. Writing: new rows are bulk-inserted (on DuckDB straight from Arrow, elsewhere with
   executemany in chunks); changed rows are updated; rows that are no longer in the package
   are deleted: a package is the complete picture of the network, so that importing an export
   gives the same database back.
4. Money flows are never updated or deleted. A new flow is a ``post``; a changed amount is an
   ``adjustment`` by the difference; a flow whose quarter, kind, from, to, stream or purpose
   changed is a ``reversal`` of the old flow plus a ``post`` of the new one; a flow that is
   gone from the package is reversed (its position becomes zero; its history stays). One
   ledger posting per quarter touched; the quarter's version is bumped.

Re-importing the same package finds nothing to do and writes nothing (not even data_version).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyarrow as pa
import sqlalchemy as sa

from saniveld import settings
from saniveld.db import engine as db
from saniveld.db import integrity
from saniveld.db import schema as s
from saniveld.db import summary
from saniveld.ledger import FLOW_ATTRIBUTES, current_flows_query, touch_quarters, utc_now
from saniveld.package.errors import PackageError, PackageInvalid, message
from saniveld.package.reader import Workspace, read_package, workspace_memory_limit
from saniveld.package.spec import FILES
from saniveld.package.validate import validate

Progress = Callable[[str, int, int], None]
CHUNK = 50_000
ARROW_BATCH = 500_000  # rows per Arrow batch between the workspace and DuckDB (bounded memory)

# Per network table: key columns, value columns, and the typed SELECT over the workspace text.
NETWORK = {
    "municipality": (
        ("municipality_id",),
        ("name", "inhabitants", "general_practitioners"),
        "SELECT 1 AS municipality_id, name, CAST(inhabitants AS BIGINT) AS inhabitants, "
        "CAST(general_practitioners AS INTEGER) AS general_practitioners, _line FROM pkg_municipality",
    ),
    "clusters": (("cluster_code",), ("name",), "SELECT cluster_code, name, _line FROM pkg_clusters"),
    "actors": (
        ("actor_code",),
        ("name", "actor_type", "function", "organisation_code"),
        "SELECT actor_code, name, actor_type, function, organisation_code, _line FROM pkg_actors",
    ),
    "combos": (
        ("combo_code",),
        ("name", "cluster_code", "combo_type", "started_on", "ended_on", "residents"),
        "SELECT combo_code, name, cluster_code, combo_type, CAST(started_on AS DATE) AS started_on, "
        "CAST(ended_on AS DATE) AS ended_on, CAST(residents AS INTEGER) AS residents, _line FROM pkg_combos",
    ),
    "combo_members": (
        ("combo_code", "actor_code"),
        ("member_type", "resource_group"),
        "SELECT combo_code, actor_code, member_type, COALESCE(resource_group = 'true', false) AS resource_group, "
        "_line FROM pkg_combo_members",
    ),
    "role_assignments": (
        ("actor_code", "role_code", "scope", "scope_code", "started_on"),
        ("ended_on",),
        "SELECT actor_code, role_code, scope, scope_code, CAST(started_on AS DATE) AS started_on, "
        "CAST(ended_on AS DATE) AS ended_on, _line FROM pkg_role_assignments",
    ),
    "experiences": (
        ("experience_code",),
        ("combo_code", "occurred_on", "dimension", "organised_by"),
        "SELECT experience_code, combo_code, CAST(occurred_on AS DATE) AS occurred_on, dimension, "
        "organised_by, _line FROM pkg_experiences",
    ),
}
WRITE_ORDER = ("municipality", "clusters", "actors", "combos", "combo_members", "role_assignments", "experiences")
NEW_FLOWS = (
    "SELECT flow_code, quarter, kind, from_code, to_code, CAST(amount AS DECIMAL(14, 2)) AS amount, "
    "stream, purpose, _line FROM pkg_money_flows"
)


@dataclass
class FileCounts:
    """What an import did with the rows of one file."""

    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass
class ImportResult:
    files: dict[str, FileCounts] = field(default_factory=dict)
    ledger_entries: int = 0
    data_version: int | None = None  # the new data version, None when nothing changed

    @property
    def changed(self) -> bool:
        return self.data_version is not None

    def summary(self, lang: str = "nl") -> str:
        head = ("file", "rows", "new", "changed", "same", "removed") if lang == "en" else (
            "bestand", "regels", "nieuw", "gewijzigd", "gelijk", "verwijderd")
        lines = ["{:<18}{:>10}{:>10}{:>10}{:>10}{:>11}".format(*head)]
        for name, c in self.files.items():
            lines.append(f"{name:<18}{c.rows:>10}{c.inserted:>10}{c.updated:>10}{c.unchanged:>10}{c.deleted:>11}")
        if lang == "en":
            lines.append(f"ledger entries: {self.ledger_entries}; "
                         + ("no changes" if not self.changed else f"data version {self.data_version}"))
        else:
            lines.append(f"boekingen in het grootboek: {self.ledger_entries}; "
                         + ("geen wijzigingen" if not self.changed else f"dataversie {self.data_version}"))
        return "\n".join(lines)


def _noop(stage: str, done: int, total: int) -> None:
    return None


STEPS = 5


def import_package(
    engine: sa.Engine,
    path: Path | str,
    *,
    posted_by: str = "import",
    lang: str = "nl",
    progress: Progress | None = None,
    fast: bool | None = None,
) -> ImportResult:
    """Validate and import the package at ``path`` (folder or .xlsx) in one transaction.

    Raises :class:`PackageInvalid` with every error, the database unchanged. ``fast`` forces
    (True) or avoids (False) the DuckDB Arrow path; default: use it on DuckDB.
    """
    step = progress or _noop
    path = Path(path)
    step("lezen / reading", 0, STEPS)
    ws = read_package(path, lang)
    try:
        step("controleren / checking", 1, STEPS)
        errors = validate(ws)
        if errors:
            raise PackageInvalid(errors, lang)
        for name, (_, _, select) in NETWORK.items():
            ws.db.execute(f"CREATE TABLE new_{name} AS {select}")
        ws.db.execute(f"CREATE TABLE new_money_flows AS {NEW_FLOWS}")
        for name in (*NETWORK, "money_flows"):  # the text tables are no longer needed: free memory
            ws.db.execute(f"DROP TABLE pkg_{name}")
        with db.connect(engine) as conn:
            needs_schema = not db.schema_exists(conn)
        if needs_schema:
            db.create_schema(engine)
        use_fast = db.is_duckdb(engine) if fast is None else fast
        with db.transaction(engine) as conn:
            share = _share_memory(conn)
            try:
                return _Import(conn, ws, path, posted_by, lang, use_fast, step).run()
            finally:  # before the commit: the workspace's memory and disk go back
                ws.close()
                share()
    finally:
        ws.close()


def _share_memory(conn: sa.Connection) -> Callable[[], None]:
    """While the workspace is open, a DuckDB target gets the rest of DuckDB's memory budget.

    Returns the function that gives the target its whole budget back (for the commit).
    """
    if not db.is_duckdb(conn.engine):
        return lambda: None
    raw = conn.connection.driver_connection
    raw.execute(db.duckdb_memory_setting(settings.duckdb_memory_limit() - workspace_memory_limit()))
    return lambda: raw.execute(db.duckdb_memory_setting(settings.duckdb_memory_limit()))


class _Import:
    def __init__(self, conn, ws: Workspace, path: Path, posted_by: str, lang: str, fast: bool, step: Progress):
        self.conn, self.ws, self.w = conn, ws, ws.db
        self.path, self.posted_by, self.lang, self.fast, self.step = path, posted_by, lang, fast, step
        self.result = ImportResult()
        self.errors: list[PackageError] = []

    # -- moving data between the workspace and the database -----------------------------------
    def _raw(self):
        return self.conn.connection.driver_connection

    def pull(self, name: str, query: sa.Select, types: dict[str, str]) -> None:
        """Create workspace table ``name`` from a query on the database."""
        cols = ", ".join(f'"{c}" {t}' for c, t in types.items())
        self.w.execute(f"CREATE OR REPLACE TABLE {name} ({cols})")
        if self.fast:
            sql = str(query.compile(dialect=self.conn.dialect, compile_kwargs={"literal_binds": True}))
            table = self._raw().sql(sql).to_arrow_reader(ARROW_BATCH)
            self.w.register("_pulled", table)
            self.w.execute(f"INSERT INTO {name} SELECT * FROM _pulled")
            self.w.unregister("_pulled")
            return
        result = self.conn.execute(query)
        keys = list(types)
        while rows := result.fetchmany(CHUNK):
            batch = pa.table({k: pa.array([r[i] for r in rows]) for i, k in enumerate(keys)})
            self.w.register("_pulled", batch)
            self.w.execute(f"INSERT INTO {name} SELECT * FROM _pulled")
            self.w.unregister("_pulled")

    def _workspace_rows(self, sql: str):
        """Batches of dicts of a workspace query (for the portable path)."""
        cursor = self.w.execute(sql)
        names = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(CHUNK):
            yield [dict(zip(names, r)) for r in rows]

    def insert(self, table: sa.Table, sql: str, columns: tuple[str, ...]) -> int:
        """Insert the rows of a workspace query into a database table."""
        n = self.w.execute(f"SELECT count(*) FROM ({sql})").fetchall()[0][0]
        if not n:
            return 0
        listed = ", ".join(f'"{c}"' for c in columns)
        if self.fast:
            reader = self.w.sql(f"SELECT {listed} FROM ({sql})").to_arrow_reader(ARROW_BATCH)
            raw = self._raw()
            raw.register("_incoming", reader)
            try:
                raw.execute(f"INSERT INTO {table.name} ({listed}) SELECT {listed} FROM _incoming")
            finally:
                raw.unregister("_incoming")
            return n
        for batch in self._workspace_rows(f"SELECT {listed} FROM ({sql})"):
            self.conn.execute(table.insert(), batch)
        return n

    def update(self, table: sa.Table, sql: str, keys: tuple[str, ...], values: tuple[str, ...]) -> None:
        stmt = table.update().where(*(table.c[k] == sa.bindparam(f"k_{k}") for k in keys)).values(
            {v: sa.bindparam(f"v_{v}") for v in values}
        )
        for batch in self._workspace_rows(sql):
            self.conn.execute(
                stmt, [{**{f"k_{k}": r[k] for k in keys}, **{f"v_{v}": r[v] for v in values}} for r in batch]
            )

    def delete(self, table: sa.Table, sql: str, keys: tuple[str, ...]) -> None:
        stmt = table.delete().where(*(table.c[k] == sa.bindparam(f"k_{k}") for k in keys))
        for batch in self._workspace_rows(sql):
            self.conn.execute(stmt, [{f"k_{k}": r[k] for k in keys} for r in batch])

    # -- the import ------------------------------------------------------------------------------
    def run(self) -> ImportResult:
        if self.fast:
            self._raw().execute("SET enable_progress_bar = false")
        db.sync_roles(self.conn)
        self.step("vergelijken / comparing", 2, STEPS)
        for name in WRITE_ORDER:
            self.pull_current(name)
        self.pull_flows()
        self.check_removals()
        self.plan_flows()
        if self.errors:
            raise PackageInvalid(sorted(self.errors), self.lang)
        self.step("schrijven / writing", 3, STEPS)
        changed = False
        try:
            for name in WRITE_ORDER:
                changed |= self.write_inserts_and_updates(name)
            for name in reversed(WRITE_ORDER):
                changed |= self.write_deletes(name)
            flows_written = self.write_flows()
            changed |= flows_written
            self.write_summaries({name for name, c in self.result.files.items()
                                  if name != "money_flows" and (c.inserted or c.updated or c.deleted)}
                                 | ({"money_flows"} if flows_written else set()))
        except sa.exc.DBAPIError as exc:
            detail = str(getattr(exc, "orig", exc)).splitlines()[0]
            raise PackageInvalid([PackageError("-", 0, "-", message("database", self.lang, detail=detail))], self.lang) from exc
        problems = integrity.problems(self.conn)
        if problems:
            raise PackageInvalid(
                [PackageError("-", 0, "-", message("database", self.lang, detail=p)) for p in problems], self.lang
            )
        order = [spec.name for spec in FILES]
        self.result.files = dict(sorted(self.result.files.items(), key=lambda kv: order.index(kv[0])))
        if changed:
            self.result.data_version = db.bump_data_version(self.conn)
        self.step("klaar / done", STEPS, STEPS)
        return self.result

    def pull_current(self, name: str) -> None:
        keys, values, _ = NETWORK[name]
        table = s.metadata.tables[name]
        cols = list(keys + values) + (["assignment_id"] if name == "role_assignments" else [])
        types = {c: _ddl(table.c[c].type) for c in cols}
        self.pull(f"cur_{name}", sa.select(*(table.c[c] for c in cols)), types)

    def pull_flows(self) -> None:
        types = {a: "VARCHAR" for a in FLOW_ATTRIBUTES}
        types.update(amount="DECIMAL(38, 2)", first_entry_id="BIGINT")
        self.pull("cur_flows", current_flows_query(), types)
        locked = sa.select(s.quarters.c.quarter).where(s.quarters.c.locked.is_(True))
        self.pull("locked", locked, {"quarter": "VARCHAR"})

    @staticmethod
    def _match(keys: tuple[str, ...], a: str = "n", b: str = "c") -> str:
        return " AND ".join(f'{a}."{k}" IS NOT DISTINCT FROM {b}."{k}"' for k in keys)

    def diff_sql(self, name: str) -> tuple[str, str, str]:
        keys, values, _ = NETWORK[name]
        match = self._match(keys)
        differs = " OR ".join(f'n."{v}" IS DISTINCT FROM c."{v}"' for v in values)
        inserts = f"SELECT n.* FROM new_{name} n WHERE NOT EXISTS (SELECT 1 FROM cur_{name} c WHERE {match})"
        updates = f"SELECT n.*{', c.assignment_id' if name == 'role_assignments' else ''} FROM new_{name} n " \
                  f"JOIN cur_{name} c ON {match} WHERE {differs}"
        deletes = f"SELECT c.* FROM cur_{name} c WHERE NOT EXISTS (SELECT 1 FROM new_{name} n WHERE {match})"
        return inserts, updates, deletes

    def check_removals(self) -> None:
        """Rows gone from the package that the dashboard still refers to: refuse, say which."""
        uses = (
            ("combos", "combo_code", s.combo_notes, "combo_code", "notities bij de combo / notes on the combo"),
            ("clusters", "cluster_code", s.users, "cluster_code", "gebruikersaccount / user account"),
            ("actors", "actor_code", s.users, "funder_code", "gebruikersaccount / user account"),
        )
        for name, key, table, column, by in uses:
            self.pull("used", sa.select(table.c[column]).where(table.c[column].is_not(None)).distinct(), {"code": "VARCHAR"})
            _, _, deletes = self.diff_sql(name)
            for (code,) in self.w.execute(
                f"SELECT d.{key} FROM ({deletes}) d WHERE d.{key} IN (SELECT code FROM used) ORDER BY 1"
            ).fetchall():
                self.errors.append(
                    PackageError(self.ws.labels[name], 0, key, message("still_used", self.lang, value=code, by=by))
                )

    def write_inserts_and_updates(self, name: str) -> bool:
        keys, values, _ = NETWORK[name]
        table = s.metadata.tables[name]
        inserts, updates, deletes = self.diff_sql(name)
        if name == "actors":  # organisations first: people refer to them
            inserts = f"SELECT * FROM ({inserts}) ORDER BY actor_type <> 'organisation', actor_code"
        else:
            inserts = f"SELECT * FROM ({inserts}) ORDER BY {', '.join(keys)}"
        counts = FileCounts(rows=self.w.execute(f"SELECT count(*) FROM new_{name}").fetchall()[0][0])
        counts.inserted = self.insert(table, inserts, keys + values)
        counts.updated = self.w.execute(f"SELECT count(*) FROM ({updates})").fetchall()[0][0]
        if counts.updated:
            if name == "role_assignments":
                self.update(table, updates, ("assignment_id",), values)
            else:
                self.update(table, updates, keys, values)
        counts.deleted = self.w.execute(f"SELECT count(*) FROM ({deletes})").fetchall()[0][0]
        counts.unchanged = counts.rows - counts.inserted - counts.updated
        self.result.files[name] = counts
        return bool(counts.inserted or counts.updated)

    def write_deletes(self, name: str) -> bool:
        keys, _, _ = NETWORK[name]
        _, _, deletes = self.diff_sql(name)
        if not self.result.files[name].deleted:
            return False
        table = s.metadata.tables[name]
        if name == "role_assignments":
            self.delete(table, deletes, ("assignment_id",))
        elif name == "actors":  # people before the organisations they refer to
            self.delete(table, f"SELECT * FROM ({deletes}) ORDER BY actor_type = 'organisation', actor_code", keys)
        else:
            self.delete(table, deletes, keys)
        return True

    def write_summaries(self, changed: set[str]) -> None:
        """Rebuild the summaries computed from a table this import changed (saniveld.db.summary)."""
        stale = [name for name, sources in summary.DEPENDS_ON.items() if changed & set(sources)]
        if stale:
            summary.rebuild(self.conn, stale)

    # -- money flows: ledger entries -----------------------------------------------------------
    def plan_flows(self) -> None:
        same = " AND ".join(f"n.{a} = c.{a}" for a in FLOW_ATTRIBUTES)
        self.w.execute(
            f"""CREATE TABLE entries AS
            SELECT 1 AS step, c.flow_code, c.quarter, c.kind, c.from_code, c.to_code,
                   CAST(-c.amount AS DECIMAL(14, 2)) AS amount, c.stream, c.purpose,
                   'reversal' AS entry_type, c.first_entry_id AS corrects_entry_id, CAST(NULL AS BIGINT) AS _line
              FROM cur_flows c WHERE NOT EXISTS (SELECT 1 FROM new_money_flows n WHERE {same})
            UNION ALL
            SELECT 2, n.flow_code, n.quarter, n.kind, n.from_code, n.to_code,
                   CAST(n.amount - c.amount AS DECIMAL(14, 2)), n.stream, n.purpose,
                   'adjustment', c.first_entry_id, n._line
              FROM new_money_flows n JOIN cur_flows c ON {same} WHERE n.amount <> c.amount
            UNION ALL
            SELECT 3, n.flow_code, n.quarter, n.kind, n.from_code, n.to_code, n.amount, n.stream,
                   n.purpose, 'post', NULL, n._line
              FROM new_money_flows n WHERE NOT EXISTS (SELECT 1 FROM cur_flows c WHERE {same})"""
        )
        for flow, quarter, line in self.w.execute(
            "SELECT flow_code, quarter, _line FROM entries WHERE quarter IN (SELECT quarter FROM locked) "
            "ORDER BY _line NULLS FIRST, flow_code LIMIT 101"
        ).fetchall():
            self.errors.append(
                PackageError(
                    self.ws.labels["money_flows"],
                    line or 0,
                    "quarter",
                    f"{flow}: " + message("locked_quarter", self.lang, quarter=quarter),
                )
            )
        rows = self.w.execute("SELECT count(*) FROM new_money_flows").fetchall()[0][0]
        inserted, touched, deleted = self.w.execute(
            """SELECT
                 (SELECT count(*) FROM new_money_flows n WHERE flow_code NOT IN (SELECT flow_code FROM cur_flows)),
                 (SELECT count(DISTINCT flow_code) FROM entries WHERE _line IS NOT NULL),
                 (SELECT count(DISTINCT flow_code) FROM cur_flows WHERE flow_code NOT IN (SELECT flow_code FROM new_money_flows))"""
        ).fetchall()[0]
        updated = touched - inserted
        self.result.files["money_flows"] = FileCounts(rows, inserted, updated, rows - inserted - updated, deleted)

    def write_flows(self) -> bool:
        quarters = [q for (q,) in self.w.execute("SELECT DISTINCT quarter FROM entries ORDER BY 1").fetchall()]
        if not quarters:
            return False
        stamp = utc_now()
        run = f"import:{stamp:%Y%m%dT%H%M%S}:{uuid.uuid4().hex[:12]}"
        reason = f"import van datapakket / data package import {self.path.name}"
        self.conn.execute(
            s.ledger_postings.insert(),
            [{"posting_key": f"{run}:{q}", "quarter": q, "posted_by": self.posted_by, "posted_at": stamp,
              "reason": reason, "source": "import"} for q in quarters],
        )
        self.w.execute("CREATE TABLE meta_values (posted_by VARCHAR, posted_at TIMESTAMP, reason VARCHAR, run VARCHAR)")
        self.w.execute("INSERT INTO meta_values VALUES (?, ?, ?, ?)", [self.posted_by, stamp, reason, run])
        columns = ("flow_code", "quarter", "kind", "from_code", "to_code", "amount", "stream", "purpose",
                   "entry_type", "corrects_entry_id", "posting_key", "posted_by", "posted_at", "reason")
        sql = ("SELECT e.flow_code, e.quarter, e.kind, e.from_code, e.to_code, e.amount, e.stream, e.purpose, "
               "e.entry_type, e.corrects_entry_id, m.run || ':' || e.quarter AS posting_key, m.posted_by, "
               "m.posted_at, m.reason FROM entries e, meta_values m ORDER BY e.step, e.flow_code")
        self.result.ledger_entries = self.insert(s.money_flows, sql, columns)
        touch_quarters(self.conn, quarters)
        return True


def _ddl(type_: sa.types.TypeEngine) -> str:
    """The workspace type for a column of the schema."""
    if isinstance(type_, sa.Boolean):
        return "BOOLEAN"
    if isinstance(type_, sa.Date):
        return "DATE"
    if isinstance(type_, sa.BigInteger):
        return "BIGINT"
    if isinstance(type_, sa.Integer):
        return "INTEGER"
    if isinstance(type_, sa.Numeric):
        return "DECIMAL(38, 2)"
    return "VARCHAR"
