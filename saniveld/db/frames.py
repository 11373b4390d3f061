"""Large query results as DataFrames: through Arrow on DuckDB, row by row elsewhere.

Fetching a million rows through SQLAlchemy builds a Python tuple, a Row and a dict per row;
DuckDB can hand the whole result over as Arrow columns instead (about ten times faster, see
bench/run.py). Decimals stay Decimals (Arrow decimal128 → Python Decimal), text stays text.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa


def arrow_table(conn: sa.Connection, query: sa.Select):
    """The result of `query` as a pyarrow Table (DuckDB connections only), in the connection's
    transaction. Through DuckDB's relational API: a DB-API result would be copied once more."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = [compiled.params[name] for name in (compiled.positiontup or [])]
    return conn.connection.driver_connection.sql(str(compiled), params=params or None).to_arrow_table()


def read_frame(conn: sa.Connection, query: sa.Select, columns: list[str]) -> pd.DataFrame:
    """The result of `query` as a DataFrame with `columns` (in that order)."""
    if conn.dialect.name == "duckdb":
        table = arrow_table(conn, query)
        frame = table.to_pandas()
        frame.columns = [c for c in table.column_names]
        return frame[columns] if len(frame) else pd.DataFrame(columns=columns)
    rows = conn.execute(query).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=columns)
