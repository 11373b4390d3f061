"""Alembic environment: migrations run on the connection that saniveld.db.migrate hands over."""

from __future__ import annotations

from alembic import context

from saniveld.db import schema
from saniveld.db.migrate import DuckDBImpl  # noqa: F401  (DuckDB dialect for Alembic)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=schema.metadata,
    compare_type=True,
    render_as_batch=False,
)
with context.begin_transaction():
    context.run_migrations()
