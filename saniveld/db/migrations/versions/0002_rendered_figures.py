"""Schema version 2: rendered_figures, the chart images of closed quarters' reports.

A closed quarter's report must be the same every time it is generated; Chromium's drawing of
a chart is not guaranteed to be byte-stable between runs, so each image is drawn once and kept
under the hash of its specification (saniveld.reports.images).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 17:20:00.216519

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('rendered_figures',
    sa.Column('figure_key', sa.String(length=64), nullable=False, comment="sha256 of the figure's specification and the drawing options"),
    sa.Column('image_format', sa.String(length=8), nullable=False),
    sa.Column('image', sa.LargeBinary(), nullable=False),
    sa.Column('rendered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("image_format IN ('png', 'svg')", name=op.f('ck_rendered_figures_image_format')),
    sa.PrimaryKeyConstraint('figure_key', name=op.f('pk_rendered_figures')),
    comment="chart images of closed quarters' reports, drawn once so that a report is the same every time"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('rendered_figures')
