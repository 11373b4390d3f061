"""References the database does not hold as declared keys on DuckDB (see schema docstring).

combos → clusters, actors → organisations, and members, role assignments and experiences →
actors and combos.

Every write path that can break them (the import) calls :func:`problems` inside its
transaction and rolls back when the list is not empty.
"""

from __future__ import annotations

import sqlalchemy as sa

from saniveld.db import schema as s


def problems(conn: sa.Connection) -> list[str]:
    """Plain-language descriptions of dangling references; empty when all is well."""
    found: list[str] = []
    orphan_combos = conn.execute(
        sa.select(s.combos.c.combo_code, s.combos.c.cluster_code)
        .select_from(s.combos.outerjoin(s.clusters, s.combos.c.cluster_code == s.clusters.c.cluster_code))
        .where(s.clusters.c.cluster_code.is_(None))
        .order_by(s.combos.c.combo_code)
    ).all()
    found += [f"combo {c} refers to cluster {k}, which does not exist" for c, k in orphan_combos]
    org = s.actors.alias("org")
    orphan_actors = conn.execute(
        sa.select(s.actors.c.actor_code, s.actors.c.organisation_code)
        .select_from(s.actors.outerjoin(org, s.actors.c.organisation_code == org.c.actor_code))
        .where(s.actors.c.organisation_code.is_not(None))
        .where(sa.or_(org.c.actor_code.is_(None), org.c.actor_type != "organisation"))
        .order_by(s.actors.c.actor_code)
    ).all()
    found += [
        f"actor {a} refers to organisation {o}, which is not an actor of type organisation"
        for a, o in orphan_actors
    ]
    for table, column, parent, key, what in (
        (s.combo_members, "combo_code", s.combos, "combo_code", "combo"),
        (s.combo_members, "actor_code", s.actors, "actor_code", "actor"),
        (s.role_assignments, "actor_code", s.actors, "actor_code", "actor"),
        (s.experiences, "combo_code", s.combos, "combo_code", "combo"),
    ):
        orphans = conn.execute(
            sa.select(table.c[column])
            .distinct()
            .select_from(table.outerjoin(parent, table.c[column] == parent.c[key]))
            .where(parent.c[key].is_(None))
            .order_by(table.c[column])
        ).scalars().all()
        found += [f"{table.name} refers to {what} {code}, which does not exist" for code in orphans]
    return found


def summary_problems(conn: sa.Connection) -> list[str]:
    """The summary tables that differ from a rebuild from the base tables (empty when current).

    Reads every base table, so it is a check on demand (after a restore, when values look
    wrong), not one for every start or import; :func:`saniveld.db.summary.rebuild` repairs.
    """
    from saniveld.db import summary

    return summary.problems(conn)
