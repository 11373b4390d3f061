"""The schema holds its constraints in the database itself."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from saniveld.db import engine as db
from saniveld.db import schema as s


def test_create_schema_is_idempotent_and_mirrors_roles(engine):
    db.create_schema(engine)
    with db.connect(engine) as conn:
        codes = conn.execute(sa.select(s.roles.c.role_code).order_by(s.roles.c.role_code)).scalars().all()
        coordinators = conn.execute(
            sa.select(s.roles.c.role_code).where(s.roles.c.is_coordinator)
        ).scalars().all()
    assert len(codes) == 6
    assert coordinators == ["meewerkend_coordinator"]


def _seed(conn):
    conn.execute(s.clusters.insert(), {"cluster_code": "C1", "name": "Noord"})
    conn.execute(
        s.combos.insert(),
        {
            "combo_code": "K1",
            "name": "Wijkteam",
            "cluster_code": "C1",
            "combo_type": "wijkteam",
            "started_on": date(2025, 1, 1),
            "residents": 12,
        },
    )


@pytest.mark.parametrize(
    "table, row",
    [
        ("combos", {"combo_code": "K2", "name": "x", "cluster_code": "C1", "combo_type": "spaceship",
                    "started_on": date(2025, 1, 1), "residents": 1}),
        ("combos", {"combo_code": "K2", "name": "x", "cluster_code": "C1", "combo_type": "fact",
                    "started_on": date(2025, 1, 1), "residents": -1}),
        ("combos", {"combo_code": "K2", "name": "x", "cluster_code": "C1", "combo_type": "fact",
                    "started_on": date(2025, 2, 1), "ended_on": date(2025, 1, 1), "residents": 1}),
        ("experiences", {"experience_code": "E1", "combo_code": "K1", "occurred_on": date(2025, 1, 1),
                         "dimension": "happiness", "organised_by": "self"}),
        ("quarters", {"quarter": "2025-Q5"}),
        ("municipality", {"municipality_id": 2, "name": "x", "inhabitants": 1}),
    ],
)
def test_database_refuses_rows_that_break_its_constraints(engine, table, row):
    with db.transaction(engine) as conn:
        _seed(conn)
    with pytest.raises(sa.exc.DBAPIError):
        with db.transaction(engine) as conn:
            conn.execute(s.metadata.tables[table].insert(), row)


def test_ledger_entries_must_have_a_consistent_shape(engine):
    from datetime import datetime

    now = datetime(2025, 1, 1)
    with db.transaction(engine) as conn:
        conn.execute(s.ledger_postings.insert(), {"posting_key": "p1", "quarter": "2025-Q1",
                     "posted_by": "t", "posted_at": now, "reason": "test", "source": "import"})
    base = {"flow_code": "F1", "quarter": "2025-Q1", "kind": "allocation", "from_code": "A",
            "to_code": "B", "stream": "wmo", "purpose": "care", "posting_key": "p1",
            "posted_by": "t", "posted_at": now, "reason": "test"}
    with db.transaction(engine) as conn:
        conn.execute(s.money_flows.insert(), {**base, "amount": Decimal("10.00"), "entry_type": "post"})
    for bad in (
        {"amount": Decimal("-10.00"), "entry_type": "post"},
        {"amount": Decimal("-10.00"), "entry_type": "reversal"},  # a reversal must name what it reverses
        {"amount": Decimal("5.00"), "entry_type": "reversal", "corrects_entry_id": 1},
    ):
        with pytest.raises(sa.exc.DBAPIError):
            with db.transaction(engine) as conn:
                conn.execute(s.money_flows.insert(), {**base, **bad})
    with db.connect(engine) as conn:
        amounts = conn.execute(sa.select(s.money_flows.c.amount)).scalars().all()
    assert amounts == [Decimal("10.00")]
