"""The municipality's name and the quarters with data, read from a real DuckDB file."""

from datetime import date, datetime
from decimal import Decimal

from saniveld.db import summary
from saniveld import overview
from saniveld.db import engine as db
from saniveld.db import schema as s


def test_empty_database_has_no_name_and_no_quarters(engine):
    with db.connect(engine) as conn:
        assert overview.municipality_name(conn) is None
        assert overview.quarters_with_data(conn) == []


def _flow(conn, code: str, quarter: str) -> None:
    key = f"import:{code}"
    now = datetime(2025, 1, 1)
    conn.execute(
        s.ledger_postings.insert(),
        {"posting_key": key, "quarter": quarter, "posted_by": "test", "posted_at": now,
         "reason": "test", "source": "import"},
    )
    conn.execute(
        s.money_flows.insert(),
        {"flow_code": code, "quarter": quarter, "kind": "allocation", "from_code": "F",
         "to_code": "A", "amount": Decimal("10.00"), "stream": "wmo", "purpose": "care",
         "entry_type": "post", "posting_key": key, "posted_by": "test", "posted_at": now,
         "reason": "test"},
    )


def test_name_and_continuous_quarter_range_from_flows_and_experiences(engine):
    with db.transaction(engine) as conn:
        conn.execute(s.municipality.insert(), {"municipality_id": 1, "name": "Saniveld",
                                               "inhabitants": 18000})
        _flow(conn, "F1", "2024-Q4")
        _flow(conn, "F2", "2025-Q2")
        conn.execute(s.clusters.insert(), {"cluster_code": "C1", "name": "Noord"})
        conn.execute(s.combos.insert(), {"combo_code": "K1", "name": "Wijkteam", "cluster_code": "C1",
                                         "combo_type": "wijkteam", "started_on": date(2024, 1, 1),
                                         "residents": 12})
        # An experience on 2025-08-14 lies in 2025-Q3, one quarter after the last flow.
        conn.execute(s.experiences.insert(), {"experience_code": "E1", "combo_code": "K1",
                                              "occurred_on": date(2025, 8, 14),
                                              "dimension": "participation",
                                              "organised_by": "self"})
        summary.rebuild(conn)
    with db.connect(engine) as conn:
        assert overview.municipality_name(conn) == "Saniveld"
        # 2024-Q4 (first flow) … 2025-Q3 (the experience), the gap 2025-Q1 filled in.
        assert overview.quarters_with_data(conn) == ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"]
