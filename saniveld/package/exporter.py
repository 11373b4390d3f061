"""Export the database as a data package folder (canonical CSV through :func:`spec.write_csv`).

Money flows are written as their current positions (the net of the ledger per flow), so an
export imported into an empty database gives the same export again, byte for byte. Rows are
sorted by the key of their file.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.ledger import current_flows_query
from saniveld.package.spec import FILES, FileSpec, write_csv

CHUNK = 50_000


def _ordered(column, dialect: str):
    """Byte order on every backend (PostgreSQL would otherwise sort by its locale)."""
    if dialect == "postgresql" and isinstance(column.type, sa.String):
        return column.collate("C")
    return column


def _query(spec: FileSpec, dialect: str) -> sa.Select:
    if spec.name == "money_flows":
        flows = current_flows_query().subquery()
        # the net amount as text ('1234.50'): no Decimal per row on the way to the file
        cols = [sa.cast(flows.c[c], sa.String).label(c) if c == "amount" else flows.c[c] for c in spec.column_names]
        return sa.select(*cols).order_by(_ordered(flows.c.flow_code, dialect))
    table = s.metadata.tables[spec.name]
    query = sa.select(*(table.c[c] for c in spec.column_names))
    return query.order_by(*(_ordered(table.c[k], dialect) for k in spec.key))


def _rows(conn: sa.Connection, query: sa.Select):
    """Rows as tuples, in chunks (on DuckDB straight from its cursor: millions of rows)."""
    if db.is_duckdb(conn.engine):
        sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        cursor = conn.connection.driver_connection.execute(sql)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows
        return
    result = conn.execution_options(yield_per=CHUNK).execute(query)
    for row in result:
        yield tuple(row)


def export_package(engine: sa.Engine, out_dir: Path | str) -> list[Path]:
    """Write every file of the package into ``out_dir``; returns the paths written."""
    out = Path(out_dir)
    paths = []
    with db.connect(engine) as conn:
        for spec in FILES:
            paths.append(write_csv(out, spec, _rows(conn, _query(spec, conn.dialect.name))))
    return paths
