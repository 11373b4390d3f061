"""References checked in the import transaction instead of by declared keys on DuckDB."""

from __future__ import annotations

from datetime import date

from saniveld.db import engine as db
from saniveld.db import integrity
from saniveld.db import schema as s


def test_dangling_references_are_reported(engine):
    with db.transaction(engine) as conn:
        conn.execute(s.actors.insert(), [
            {"actor_code": "P1", "name": "Piet", "actor_type": "person", "organisation_code": "P2"},
            {"actor_code": "P2", "name": "Pien", "actor_type": "person", "organisation_code": None},
        ])
        conn.execute(s.combos.insert(), {"combo_code": "K1", "name": "x", "cluster_code": "NOPE",
                                         "combo_type": "fact", "started_on": date(2025, 1, 1), "residents": 1})
        conn.execute(s.combo_members.insert(), {"combo_code": "K9", "actor_code": "P9", "member_type": "volunteer"})
        conn.execute(s.role_assignments.insert(), {"actor_code": "P8", "role_code": "betrokken_buurt",
                                                   "scope": "combo", "scope_code": "K1",
                                                   "started_on": date(2025, 1, 1)})
        conn.execute(s.experiences.insert(), {"experience_code": "E1", "combo_code": "K7",
                                              "occurred_on": date(2025, 1, 1), "dimension": "participation",
                                              "organised_by": "self"})
        assert integrity.problems(conn) == [
            "combo K1 refers to cluster NOPE, which does not exist",
            "actor P1 refers to organisation P2, which is not an actor of type organisation",
            "combo_members refers to combo K9, which does not exist",
            "combo_members refers to actor P9, which does not exist",
            "role_assignments refers to actor P8, which does not exist",
            "experiences refers to combo K7, which does not exist",
        ]
