"""A few clusters, funders and combos for the access tests (inserted straight into the tables)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from saniveld.db import summary
from saniveld.db import engine as db
from saniveld.db import schema as s


# Strings that must never reach a viewer outside their scope (the callback walk looks for them).
RESIDENT_ZUID = "P-GEHEIM-ZUID"  # a resident of combo C9 (cluster ZUID)
FLOW_ZORGKANTOOR = "FLOW-GEHEIM-ZK"  # the care office's own allocation (funder detail)


def seed(engine) -> None:
    with db.transaction(engine) as conn:
        conn.execute(s.clusters.insert(), [
            {"cluster_code": "NOORD", "name": "Noord"},
            {"cluster_code": "ZUID", "name": "Zuid"},
        ])
        conn.execute(s.actors.insert(), [
            {"actor_code": "FND-GEMEENTE", "name": "Gemeente", "actor_type": "funder"},
            {"actor_code": "FND-ZORGKANTOOR", "name": "Zorgkantoor", "actor_type": "funder"},
            {"actor_code": "FONDS", "name": "Fondsbeheerder", "actor_type": "fund_administrator"},
            {"actor_code": RESIDENT_ZUID, "name": "Bewoner Z", "actor_type": "person"},
        ])
        conn.execute(s.combos.insert(), [
            {"combo_code": "C1", "name": "Combo 1", "cluster_code": "NOORD",
             "combo_type": "wijkteam", "started_on": date(2024, 1, 1), "residents": 4},
            {"combo_code": "C9", "name": "Combo 9", "cluster_code": "ZUID",
             "combo_type": "fact", "started_on": date(2024, 1, 1), "residents": 30},
        ])
        conn.execute(s.combo_members.insert(), [
            {"combo_code": "C9", "actor_code": RESIDENT_ZUID, "member_type": "resident"},
        ])
        now = datetime(2025, 7, 1, 9, 0)
        conn.execute(s.ledger_postings.insert(), [
            {"posting_key": "seed", "quarter": "2025-Q3", "posted_by": "seed", "posted_at": now,
             "reason": "seed", "source": "import"},
        ])
        flow = {"quarter": "2025-Q3", "kind": "allocation", "to_code": "FONDS",
                "purpose": "care", "entry_type": "post", "posting_key": "seed",
                "posted_by": "seed", "posted_at": now, "reason": "seed"}
        conn.execute(s.money_flows.insert(), [
            {**flow, "flow_code": "FLOW-GEM", "from_code": "FND-GEMEENTE",
             "amount": Decimal("1000.00"), "stream": "wmo"},
            {**flow, "flow_code": FLOW_ZORGKANTOOR, "from_code": "FND-ZORGKANTOOR",
             "amount": Decimal("2000.00"), "stream": "wlz"},
        ])
        summary.rebuild(conn)  # written directly above, not through a write path
