"""The one schema creates, re-creates and holds its constraints on DuckDB and PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from saniveld.db import engine as db
from saniveld.db import schema


def _posting(conn, key: str) -> None:
    conn.execute(
        sa.insert(schema.ledger_postings).values(
            posting_key=key, posted_by="test", posted_at=datetime(2026, 1, 1), reason="test",
            source="import",
        )
    )


def _flow(**overrides) -> dict:
    row = dict(
        flow_code="F1", quarter="2026-Q1", kind="allocation", from_code="A", to_code="B",
        amount=Decimal("100.25"), stream="wmo", purpose="care", entry_type="post",
        posting_key="P1", posted_by="test", posted_at=datetime(2026, 1, 1), reason="test",
    )
    row.update(overrides)
    return row


def test_every_table_is_created_and_creation_is_idempotent(any_engine):
    db.create_schema(any_engine)  # the second time changes nothing and does not fail
    names = set(sa.inspect(any_engine).get_table_names())
    assert {t.name for t in schema.metadata.sorted_tables} <= names


def test_money_keeps_its_cents_exactly(any_engine):
    with any_engine.begin() as conn:
        _posting(conn, "P1")
        conn.execute(sa.insert(schema.money_flows).values(**_flow(amount=Decimal("1234567.89"))))
    with any_engine.connect() as conn:
        amount = conn.execute(sa.select(schema.money_flows.c.amount)).scalar_one()
    assert amount == Decimal("1234567.89")
    assert isinstance(amount, Decimal)


@pytest.mark.parametrize(
    "bad",
    [
        {"amount": Decimal("-5.00")},           # a post is positive
        {"quarter": "2026-Q5"},                  # no fifth quarter
        {"stream": "lottery"},                   # streams are a closed list
        {"entry_type": "reversal"},              # a reversal names what it reverses
    ],
)
def test_the_database_itself_refuses_a_malformed_ledger_row(any_engine, bad):
    with any_engine.begin() as conn:
        _posting(conn, "P1")
    with pytest.raises(sa.exc.DBAPIError):
        with any_engine.begin() as conn:
            conn.execute(sa.insert(schema.money_flows).values(**_flow(**bad)))
    with any_engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.money_flows)).scalar() == 0
