"""Schema version 3: the summary tables (experience_summary, combo_summary,
ledger_summary), computed from the base tables once here and kept current by every write path
(saniveld.db.summary).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 13:45:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('experience_summary',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter_number', sa.Integer(), nullable=False),
    sa.Column('cluster_code', sa.String(length=64), nullable=False),
    sa.Column('bodily_functions', sa.BigInteger(), nullable=False),
    sa.Column('mental_wellbeing', sa.BigInteger(), nullable=False),
    sa.Column('meaningfulness', sa.BigInteger(), nullable=False),
    sa.Column('quality_of_life', sa.BigInteger(), nullable=False),
    sa.Column('participation', sa.BigInteger(), nullable=False),
    sa.Column('daily_functioning', sa.BigInteger(), nullable=False),
    sa.Column('own', sa.BigInteger(), nullable=False, comment='organised by the residents themselves or their network'),
    comment='experiences per calendar quarter of occurred_on and cluster of their combo: how many per '
            'dimension, and how many organised by the residents or their network'
    )
    op.create_table('combo_summary',
    sa.Column('cluster_code', sa.String(length=64), nullable=False),
    sa.Column('start_index', sa.Integer(), nullable=False, comment='year * 4 + quarter - 1 of started_on'),
    sa.Column('end_index', sa.Integer(), nullable=True, comment='the same of ended_on; NULL while running'),
    sa.Column('combos', sa.BigInteger(), nullable=False),
    sa.Column('residents', sa.BigInteger(), nullable=False),
    sa.Column('informal', sa.BigInteger(), nullable=False),
    sa.Column('expert', sa.BigInteger(), nullable=False),
    sa.Column('resource_group', sa.BigInteger(), nullable=False),
    comment='combos per cluster and quarters of start and end: how many, their residents, how many '
            'have an informal carer/volunteer, an experience expert, a member in a resource group'
    )
    op.create_table('ledger_summary',
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('from_combo_cluster', sa.String(length=64), nullable=True),
    sa.Column('from_inactive', sa.Integer(), nullable=True),
    sa.Column('to_combo_cluster', sa.String(length=64), nullable=True),
    sa.Column('to_inactive', sa.Integer(), nullable=True),
    sa.Column('from_type', sa.String(length=32), nullable=True),
    sa.Column('to_type', sa.String(length=32), nullable=True),
    sa.Column('from_cluster', sa.String(length=64), nullable=True),
    sa.Column('to_cluster', sa.String(length=64), nullable=True),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    comment='signed ledger amounts summed per quarter, kind, purpose and what each end is (combo: its '
            'cluster and whether inactive in the quarter; funder/organisation; cluster)'
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index('ix_ledger_summary_quarter', 'ledger_summary', ['quarter'])
        op.create_index('ix_experience_summary_year_quarter_number', 'experience_summary', ['year', 'quarter_number'])
    from saniveld.db import summary  # the data of an existing database, summarised once

    summary.rebuild(op.get_bind())


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index('ix_experience_summary_year_quarter_number', table_name='experience_summary')
        op.drop_index('ix_ledger_summary_quarter', table_name='ledger_summary')
    op.drop_table('ledger_summary')
    op.drop_table('combo_summary')
    op.drop_table('experience_summary')
