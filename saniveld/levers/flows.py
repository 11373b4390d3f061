"""Money from the append-only ledger (`money_flows`), as positions.

Every entry carries the attributes of its flow (quarter, kind, from, to, stream, purpose) and a
signed amount: a ``post`` creates the flow (> 0), an ``adjustment`` changes it by a signed delta
and a ``reversal`` cancels an earlier entry (< 0); rows are never updated. The current amount of
a flow is therefore SUM(amount) over its entries, and any aggregate over flows is a plain
SUM(amount) over the entries that match the filter (see the schema's comment). The indicator
queries sum entries directly; :func:`current_flows_subquery` gives one row per flow for
anyone who needs the positions themselves.
"""

from __future__ import annotations

import sqlalchemy as sa


def current_flows_subquery(name: str = "current_flows") -> sa.Subquery:
    """One row per flow: its attributes and its current `amount` (sum of all its entries),
    as :func:`saniveld.ledger.positions_query` defines it. Flows whose entries sum to zero
    (fully reversed) are left out.
    """
    from saniveld.ledger import positions_query  # late: the ledger's what-if imports the levers

    return positions_query().subquery(name)
