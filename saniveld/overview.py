"""What every screen shows around the data: the municipality's name and the quarters with data."""

from __future__ import annotations

import sqlalchemy as sa

from saniveld.db import schema
from saniveld.quarters import Quarter, quarter_range


def municipality_name(conn: sa.Connection) -> str | None:
    """The name in the ``municipality`` table, or None before a data package is imported."""
    return conn.execute(sa.select(schema.municipality.c.name)).scalar_one_or_none()


def quarters_with_data(conn: sa.Connection) -> list[str]:
    """Every quarter from the first to the last that holds money flows or experiences, oldest first.

    One DISTINCT over the money-flow quarters and one MIN/MAX over the experience dates;
    the gaps between are filled so that a picker offers a continuous range.
    """
    flow_quarters = sa.union(
        sa.select(schema.money_flows.c.quarter).distinct(),
        sa.select(schema.quarters.c.quarter),
    ).subquery()
    first_q, last_q = conn.execute(
        sa.select(sa.func.min(flow_quarters.c.quarter), sa.func.max(flow_quarters.c.quarter))
    ).one()
    first_day, last_day = conn.execute(
        sa.select(
            sa.func.min(schema.experiences.c.occurred_on),
            sa.func.max(schema.experiences.c.occurred_on),
        )
    ).one()
    bounds = [Quarter.parse(q) for q in (first_q, last_q) if q]
    bounds += [Quarter.of(d) for d in (first_day, last_day) if d]
    if not bounds:
        return []
    return [str(q) for q in quarter_range(min(bounds), max(bounds))]
