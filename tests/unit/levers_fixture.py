"""A small hand-made network for the levers tests, inserted directly with SQLAlchemy.

The quarter under test is 2025-Q2 (2025-04-01 .. 2025-06-30); 2025-Q1 is the previous one.
Every expected value in the tests is worked out by hand from the rows below.

Clusters: N (three active combos), Z (one active, one ended, one not yet started), E (empty).
Combos (started_on, ended_on, residents):
  C1 N 2024-01-01 —           10   active in Q1 and Q2
  C2 N 2025-06-30 —            5   starts on the last day of Q2: active and new in Q2
  C3 N 2024-06-01 2025-04-01   3   ends on the first day of Q2: still active in Q2
  C4 Z 2024-01-01 2025-03-31   7   ended before Q2: active in Q1 only
  C5 Z 2025-07-01 —            4   starts after Q2: not active
  C6 Z 2025-04-15 —           20   active and new in Q2
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from saniveld.db import summary
from saniveld.db import schema as s

NOW = datetime(2025, 7, 2, 9, 0)

ACTORS = [
    ("FUN1", "Gemeente", "funder"),
    ("FUN2", "Zorgverzekeraar", "funder"),
    ("ADM", "Fondsbeheerder", "fund_administrator"),
    ("ORG1", "Welzijn BV", "organisation"),
    ("INIT", "Buurtinitiatief", "neighbourhood_initiative"),
    *[(f"P{i}", f"Persoon {i}", "person") for i in range(1, 5)],
    *[(f"M{i}", f"Lid {i}", "person") for i in range(1, 7)],
]

COMBOS = [
    ("C1", "N", date(2024, 1, 1), None, 10),
    ("C2", "N", date(2025, 6, 30), None, 5),
    ("C3", "N", date(2024, 6, 1), date(2025, 4, 1), 3),
    ("C4", "Z", date(2024, 1, 1), date(2025, 3, 31), 7),
    ("C5", "Z", date(2025, 7, 1), None, 4),
    ("C6", "Z", date(2025, 4, 15), None, 20),
]

MEMBERS = [  # combo, actor, member_type, resource_group
    ("C1", "M1", "informal_carer", True),
    ("C1", "M2", "professional", False),
    ("C2", "M3", "experience_expert", False),
    ("C3", "M4", "volunteer", False),
    ("C4", "M5", "informal_carer", False),
    ("C4", "M6", "experience_expert", True),
    ("C6", "M2", "professional", True),
]

EXPERIENCES = [  # code, combo, occurred_on, dimension, organised_by
    ("E1", "C1", date(2025, 4, 1), "mental_wellbeing", "self"),
    ("E2", "C1", date(2025, 6, 30), "mental_wellbeing", "network"),
    ("E3", "C1", date(2025, 5, 10), "participation", "professional"),
    ("E4", "C2", date(2025, 6, 30), "meaningfulness", "self"),
    ("E5", "C6", date(2025, 5, 1), "participation", "professional"),
    ("E6", "C6", date(2025, 5, 2), "bodily_functions", "self"),
    ("E7", "C4", date(2025, 4, 10), "daily_functioning", "network"),  # ended combo: still counts
    ("E8", "C1", date(2025, 3, 31), "quality_of_life", "self"),  # Q1
    ("E9", "C1", date(2025, 7, 1), "quality_of_life", "self"),  # Q3
]

ASSIGNMENTS = [  # actor, role, scope, scope_code, started_on, ended_on
    ("P1", "uitdragend_leider", "network", None, date(2024, 1, 1), None),
    ("P1", "meewerkend_coordinator", "cluster", "N", date(2024, 1, 1), date(2025, 6, 30)),
    ("P2", "inrichtend_manager", "network", None, date(2024, 1, 1), date(2025, 6, 29)),
    ("P2", "meewerkend_coordinator", "cluster", "Z", date(2025, 6, 30), None),
    ("ORG1", "ondersteunende_netwerkpartner", "network", None, date(2024, 1, 1), None),
    ("INIT", "betrokken_buurt", "cluster", "N", date(2024, 1, 1), None),
    ("P3", "meewerkend_raadgever", "network", None, date(2025, 7, 1), None),
    ("P3", "betrokken_buurt", "combo", "C1", date(2025, 4, 1), None),
    ("P4", "meewerkend_raadgever", "network", None, date(2024, 1, 1), date(2025, 5, 1)),
]

# flow_code, quarter, kind, from, to, amount, purpose
POSTS = [
    ("a1", "2025-Q2", "allocation", "FUN1", "ADM", "10000.00", "care"),
    ("a2", "2025-Q2", "allocation", "FUN2", "ADM", "2000.00", "care"),
    ("a3", "2025-Q2", "allocation", "ADM", "ADM", "1500.00", "overhead"),
    ("a4", "2025-Q2", "allocation", "ADM", "N", "6000.00", "care"),
    ("a5", "2025-Q2", "allocation", "ADM", "Z", "1000.00", "care"),
    ("a6", "2025-Q2", "allocation", "ADM", "ORG1", "800.00", "innovation"),
    ("a7", "2025-Q2", "allocation", "N", "C1", "4000.00", "care"),
    ("a8", "2025-Q2", "allocation", "N", "C2", "2500.00", "care"),
    ("a9", "2025-Q2", "allocation", "Z", "C6", "700.00", "care"),
    ("a10", "2025-Q2", "allocation", "Z", "C4", "100.00", "care"),
    ("a11", "2025-Q2", "allocation", "FUN1", "ADM", "5000.00", "overhead"),
    ("s1", "2025-Q2", "spending", "C1", "C1", "3000.00", "care"),
    ("s2", "2025-Q2", "spending", "C2", "ORG1", "500.00", "care"),
    ("s3", "2025-Q2", "spending", "C2", "C2", "200.00", "overhead"),
    ("s4", "2025-Q2", "spending", "C6", "C6", "600.00", "care"),
    ("s5", "2025-Q2", "spending", "ORG1", "ORG1", "700.00", "innovation"),
    ("s6", "2025-Q2", "spending", "C4", "C4", "50.00", "care"),
    ("s7", "2025-Q2", "spending", "N", "C3", "300.00", "care"),  # cluster pays, combo C3 uses it
    ("q1a", "2025-Q1", "allocation", "FUN1", "ADM", "4000.00", "care"),
    ("q0a", "2024-Q4", "allocation", "FUN1", "ADM", "99999.00", "care"),
]
# corrections: (flow_code, entry_type, amount) — a1 adjusted down by 1000, a11 reversed entirely
CORRECTIONS = [("a1", "adjustment", "-1000.00"), ("a11", "reversal", "-5000.00")]


def _ledger_rows():
    rows, entry_ids = [], {}
    for number, (code, quarter, kind, src, dst, amount, purpose) in enumerate(POSTS, start=1):
        entry_ids[code] = number
        rows.append(dict(entry_id=number, flow_code=code, quarter=quarter, kind=kind, from_code=src,
                         to_code=dst, amount=Decimal(amount), stream="wmo", purpose=purpose,
                         entry_type="post", corrects_entry_id=None, posting_key="fixture"))
    by_code = {r["flow_code"]: r for r in rows}
    for offset, (code, entry_type, amount) in enumerate(CORRECTIONS, start=len(rows) + 1):
        rows.append({**by_code[code], "entry_id": offset, "amount": Decimal(amount),
                     "entry_type": entry_type, "corrects_entry_id": entry_ids[code]})
    for r in rows:
        r.update(posted_by="test", posted_at=NOW, reason="fixture")
    return rows


def load(conn, inhabitants: int = 2000) -> None:
    """Insert the whole fixture in the caller's transaction."""
    conn.execute(s.municipality.insert(), {"municipality_id": 1, "name": "Testveld",
                                           "inhabitants": inhabitants})
    conn.execute(s.clusters.insert(), [{"cluster_code": c, "name": f"Cluster {c}"} for c in "NZE"])
    conn.execute(s.actors.insert(), [{"actor_code": a, "name": n, "actor_type": t} for a, n, t in ACTORS])
    conn.execute(s.combos.insert(), [
        {"combo_code": c, "name": c, "cluster_code": cl, "combo_type": "wijkteam",
         "started_on": start, "ended_on": end, "residents": res}
        for c, cl, start, end, res in COMBOS
    ])
    conn.execute(s.combo_members.insert(), [
        {"combo_code": c, "actor_code": a, "member_type": t, "resource_group": rg}
        for c, a, t, rg in MEMBERS
    ])
    conn.execute(s.experiences.insert(), [
        {"experience_code": e, "combo_code": c, "occurred_on": d, "dimension": dim, "organised_by": by}
        for e, c, d, dim, by in EXPERIENCES
    ])
    conn.execute(s.role_assignments.insert(), [
        {"actor_code": a, "role_code": r, "scope": sc, "scope_code": code, "started_on": st, "ended_on": en}
        for a, r, sc, code, st, en in ASSIGNMENTS
    ])
    conn.execute(s.ledger_postings.insert(), {"posting_key": "fixture", "quarter": None, "posted_by": "test",
                                              "posted_at": NOW, "reason": "fixture", "source": "import"})
    rows = _ledger_rows()  # posts first: corrections reference them
    conn.execute(s.money_flows.insert(), [r for r in rows if r["entry_type"] == "post"])
    conn.execute(s.money_flows.insert(), [r for r in rows if r["entry_type"] != "post"])
    summary.rebuild(conn)  # written directly above, not through a write path
