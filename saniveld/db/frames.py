"""Large query results as DataFrames: through Arrow on DuckDB, row by row elsewhere.

Fetching a million rows through SQLAlchemy builds a Python tuple, a Row and a dict per row;
DuckDB can hand the whole result over as Arrow columns instead (about ten times faster, see
bench/run.py). Decimals stay Decimals (Arrow decimal128 → Python Decimal), text stays text.
"""

from __future__ import annotations

import warnings

import pandas as pd
import sqlalchemy as sa


# DuckDB warns that Arrow output from a DB-API result makes an extra copy of the rows: small next
# to building Python rows. Filtered once, here: `warnings.catch_warnings` around each read is not
# thread-safe (the web server reads from several threads). (DuckDB's relational API, `sql()`,
# has no copy but refuses to run while the connection holds an unfinished DB-API result.)
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)


def arrow_table(conn: sa.Connection, query: sa.Select):
    """The result of `query` as a pyarrow Table (DuckDB connections only), in the connection's
    transaction."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = [compiled.params[name] for name in (compiled.positiontup or [])]
    return conn.connection.driver_connection.execute(str(compiled), params).to_arrow_table()


def read_frame(conn: sa.Connection, query: sa.Select, columns: list[str]) -> pd.DataFrame:
    """The result of `query` as a DataFrame with `columns` (in that order)."""
    if conn.dialect.name == "duckdb":
        table = arrow_table(conn, query)
        frame = table.to_pandas()
        frame.columns = [c for c in table.column_names]
        return frame[columns] if len(frame) else pd.DataFrame(columns=columns)
    rows = conn.execute(query).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=columns)
