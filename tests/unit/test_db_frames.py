"""read_frame: the same DataFrame through Arrow (DuckDB) as row by row (PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.db.frames import read_frame


def test_read_frame_keeps_decimals_text_and_order_of_columns(any_engine):
    with db.transaction(any_engine) as conn:
        conn.execute(s.clusters.insert(), [{"cluster_code": "N", "name": "Noord"},
                                           {"cluster_code": "Z", "name": "Zuid"}])
    query = (sa.select(s.clusters.c.name, s.clusters.c.cluster_code,
                       sa.cast(sa.literal("12.50"), s.MONEY).label("amount"))
             .where(s.clusters.c.cluster_code.in_(["N", "Z"])).order_by(s.clusters.c.cluster_code))
    with db.connect(any_engine) as conn:
        frame = read_frame(conn, query, ["cluster_code", "name", "amount"])
        empty = read_frame(conn, query.where(s.clusters.c.cluster_code == "X"), ["cluster_code", "amount"])
    assert list(frame.columns) == ["cluster_code", "name", "amount"]
    assert list(frame["cluster_code"]) == ["N", "Z"] and list(frame["name"]) == ["Noord", "Zuid"]
    assert list(frame["amount"]) == [Decimal("12.50"), Decimal("12.50")]
    assert isinstance(frame["amount"].iloc[0], Decimal)
    assert len(empty) == 0 and list(empty.columns) == ["cluster_code", "amount"]
