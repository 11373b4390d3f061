"""Initial schema (schema version 1): every table of saniveld/db/schema.py as first released.

Drafted by autogenerate from schema.py, then: sequences created first, the DuckDB-less
foreign keys and indexes made PostgreSQL-only. Never edit a released revision; add a new one.

Revision ID: 0001
Revises: 
Create Date: 2026-12-03 15:08:01.768932

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.execute(sa.schema.CreateSequence(sa.Sequence('combo_notes_note_id_seq')))
    op.execute(sa.schema.CreateSequence(sa.Sequence('initiative_followups_followup_id_seq')))
    op.execute(sa.schema.CreateSequence(sa.Sequence('initiatives_initiative_id_seq')))
    op.execute(sa.schema.CreateSequence(sa.Sequence('login_attempts_attempt_id_seq')))
    op.execute(sa.schema.CreateSequence(sa.Sequence('money_flows_entry_id_seq')))
    op.execute(sa.schema.CreateSequence(sa.Sequence('review_notes_note_id_seq')))
    op.execute(sa.schema.CreateSequence(sa.Sequence('role_assignments_assignment_id_seq')))
    op.execute(sa.schema.CreateSequence(sa.Sequence('users_user_id_seq')))
    op.create_table('actors',
    sa.Column('actor_code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('actor_type', sa.String(length=32), nullable=False),
    sa.Column('function', sa.String(length=200), nullable=True),
    sa.Column('organisation_code', sa.String(length=64), nullable=True),
    sa.CheckConstraint("actor_type IN ('person', 'organisation', 'funder', 'fund_administrator', 'neighbourhood_initiative')", name=op.f('ck_actors_actor_type')),
    sa.PrimaryKeyConstraint('actor_code', name=op.f('pk_actors'))
    )
    op.create_table('audit_log',
    sa.Column('entry_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('logged_at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=True),
    sa.Column('user_role', sa.String(length=32), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object', sa.String(length=255), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('row_hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("outcome IN ('ok', 'refused', 'failed')", name=op.f('ck_audit_log_outcome')),
    sa.CheckConstraint('entry_id >= 1', name=op.f('ck_audit_log_entry_id')),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_audit_log')),
    sa.UniqueConstraint('row_hash', name=op.f('uq_audit_log_row_hash')),
    comment='append-only, hash-chained: row_hash = sha256(prev_hash + canonical row)'
    )
    op.create_table('clusters',
    sa.Column('cluster_code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('cluster_code', name=op.f('pk_clusters'))
    )
    op.create_table('initiatives',
    sa.Column('initiative_id', sa.BigInteger(), server_default=sa.text("nextval('initiatives_initiative_id_seq')"), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('responds_to', sa.String(length=64), nullable=True, comment='the indicator or boundary code it responds to'),
    sa.Column('quarter_opened', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='open', nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("quarter_opened LIKE '____-Q_' AND substr(quarter_opened, 7, 1) IN ('1', '2', '3', '4')", name=op.f('ck_initiatives_quarter_opened_format')),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'done', 'stopped')", name=op.f('ck_initiatives_status')),
    sa.PrimaryKeyConstraint('initiative_id', name=op.f('pk_initiatives'))
    )
    op.create_table('ledger_postings',
    sa.Column('posting_key', sa.String(length=128), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=True, comment='the quarter, when the posting concerns one'),
    sa.Column('posted_by', sa.String(length=200), nullable=False),
    sa.Column('posted_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.CheckConstraint("quarter LIKE '____-Q_' AND substr(quarter, 7, 1) IN ('1', '2', '3', '4')", name=op.f('ck_ledger_postings_quarter_format')),
    sa.CheckConstraint("source IN ('import', 'move', 'undo', 'correction')", name=op.f('ck_ledger_postings_source')),
    sa.PrimaryKeyConstraint('posting_key', name=op.f('pk_ledger_postings')),
    comment='one row per accepted posting; posting_key is the idempotency key'
    )
    op.create_table('login_attempts',
    sa.Column('attempt_id', sa.BigInteger(), server_default=sa.text("nextval('login_attempts_attempt_id_seq')"), nullable=False),
    sa.Column('attempted_at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('attempt_id', name=op.f('pk_login_attempts'))
    )
    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_meta')),
    comment='schema_version, data_version (bumped on every write; caches key on it)'
    )
    op.create_table('municipality',
    sa.Column('municipality_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('inhabitants', sa.BigInteger(), nullable=False),
    sa.Column('general_practitioners', sa.Integer(), nullable=True),
    sa.CheckConstraint('general_practitioners IS NULL OR general_practitioners >= 0', name=op.f('ck_municipality_gps')),
    sa.CheckConstraint('inhabitants >= 0', name=op.f('ck_municipality_inhabitants')),
    sa.CheckConstraint('municipality_id = 1', name=op.f('ck_municipality_single_row')),
    sa.PrimaryKeyConstraint('municipality_id', name=op.f('pk_municipality'))
    )
    op.create_table('quarters',
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('version', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('locked', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('locked_by', sa.String(length=200), nullable=True),
    sa.Column('locked_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("quarter LIKE '____-Q_' AND substr(quarter, 7, 1) IN ('1', '2', '3', '4')", name=op.f('ck_quarters_quarter_format')),
    sa.CheckConstraint('version >= 0', name=op.f('ck_quarters_version')),
    sa.PrimaryKeyConstraint('quarter', name=op.f('pk_quarters')),
    comment='optimistic version (bumped by every posting in the quarter) and the quarter lock'
    )
    op.create_table('reviews',
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='draft', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by', sa.String(length=200), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("(status = 'closed' AND closed_at IS NOT NULL) OR (status = 'draft' AND closed_at IS NULL)", name=op.f('ck_reviews_closed_at')),
    sa.CheckConstraint("quarter LIKE '____-Q_' AND substr(quarter, 7, 1) IN ('1', '2', '3', '4')", name=op.f('ck_reviews_quarter_format')),
    sa.CheckConstraint("status IN ('draft', 'closed')", name=op.f('ck_reviews_status')),
    sa.PrimaryKeyConstraint('quarter', name=op.f('pk_reviews'))
    )
    op.create_table('roles',
    sa.Column('role_code', sa.String(length=64), nullable=False),
    sa.Column('name_nl', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('required_at', sa.String(length=16), nullable=False),
    sa.Column('is_coordinator', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint("required_at IN ('network', 'each_cluster')", name=op.f('ck_roles_required_at')),
    sa.PrimaryKeyConstraint('role_code', name=op.f('pk_roles')),
    comment='mirrors config/roles.toml; synchronised by saniveld init and by every import'
    )
    op.create_table('combos',
    sa.Column('combo_code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('cluster_code', sa.String(length=64), nullable=False),
    sa.Column('combo_type', sa.String(length=32), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('residents', sa.Integer(), nullable=False),
    sa.CheckConstraint("combo_type IN ('wijkteam', 'beschermd_wonen', 'fact', 'huisarts', 'ervaringsdeskundigen', 'buurtnetwerk', 'other')", name=op.f('ck_combos_combo_type')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on', name=op.f('ck_combos_period')),
    sa.CheckConstraint('residents >= 0', name=op.f('ck_combos_residents')),
    sa.PrimaryKeyConstraint('combo_code', name=op.f('pk_combos'))
    )
    op.create_table('initiative_followups',
    sa.Column('followup_id', sa.BigInteger(), server_default=sa.text("nextval('initiative_followups_followup_id_seq')"), nullable=False),
    sa.Column('initiative_id', sa.BigInteger(), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('written_by', sa.String(length=200), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("quarter LIKE '____-Q_' AND substr(quarter, 7, 1) IN ('1', '2', '3', '4')", name=op.f('ck_initiative_followups_quarter_format')),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'done', 'stopped')", name=op.f('ck_initiative_followups_status')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.initiative_id'], name=op.f('fk_initiative_followups_initiative_id')),
    sa.PrimaryKeyConstraint('followup_id', name=op.f('pk_initiative_followups'))
    )
    op.create_table('money_flows',
    sa.Column('entry_id', sa.BigInteger(), server_default=sa.text("nextval('money_flows_entry_id_seq')"), nullable=False),
    sa.Column('flow_code', sa.String(length=64), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('from_code', sa.String(length=64), nullable=False),
    sa.Column('to_code', sa.String(length=64), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('stream', sa.String(length=16), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('entry_type', sa.String(length=16), nullable=False),
    sa.Column('corrects_entry_id', sa.BigInteger(), nullable=True),
    sa.Column('posting_key', sa.String(length=128), nullable=False),
    sa.Column('posted_by', sa.String(length=200), nullable=False),
    sa.Column('posted_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("(entry_type = 'post' AND amount > 0 AND corrects_entry_id IS NULL) OR (entry_type = 'reversal' AND amount < 0 AND corrects_entry_id IS NOT NULL) OR (entry_type = 'adjustment' AND amount <> 0 AND corrects_entry_id IS NOT NULL)", name=op.f('ck_money_flows_entry_shape')),
    sa.CheckConstraint("entry_type IN ('post', 'adjustment', 'reversal')", name=op.f('ck_money_flows_entry_type')),
    sa.CheckConstraint("kind IN ('allocation', 'spending')", name=op.f('ck_money_flows_kind')),
    sa.CheckConstraint("purpose IN ('care', 'overhead', 'innovation')", name=op.f('ck_money_flows_purpose')),
    sa.CheckConstraint("quarter LIKE '____-Q_' AND substr(quarter, 7, 1) IN ('1', '2', '3', '4')", name=op.f('ck_money_flows_quarter_format')),
    sa.CheckConstraint("stream IN ('wmo', 'wlz', 'zvw', 'jeugdwet', 'other')", name=op.f('ck_money_flows_stream')),
    sa.ForeignKeyConstraint(['corrects_entry_id'], ['money_flows.entry_id'], name=op.f('fk_money_flows_corrects_entry_id')),
    sa.ForeignKeyConstraint(['posting_key'], ['ledger_postings.posting_key'], name=op.f('fk_money_flows_posting_key')),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_money_flows')),
    comment='append-only ledger of money flows; never updated or deleted in place'
    )
    op.create_table('review_notes',
    sa.Column('note_id', sa.BigInteger(), server_default=sa.text("nextval('review_notes_note_id_seq')"), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('lever', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('written_by', sa.String(length=200), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('note', 'decision')", name=op.f('ck_review_notes_kind')),
    sa.CheckConstraint("lever IN ('beliefs', 'boundaries', 'diagnostic', 'interactive')", name=op.f('ck_review_notes_lever')),
    sa.ForeignKeyConstraint(['quarter'], ['reviews.quarter'], name=op.f('fk_review_notes_quarter')),
    sa.PrimaryKeyConstraint('note_id', name=op.f('pk_review_notes'))
    )
    op.create_table('review_snapshots',
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('indicator_code', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('scope_code', sa.String(length=64), nullable=False, comment="'' for the network"),
    sa.Column('value', sa.Numeric(precision=24, scale=8), nullable=True),
    sa.Column('reference', sa.Numeric(precision=24, scale=8), nullable=True),
    sa.Column('frozen_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("scope IN ('network', 'cluster')", name=op.f('ck_review_snapshots_scope')),
    sa.ForeignKeyConstraint(['quarter'], ['reviews.quarter'], name=op.f('fk_review_snapshots_quarter')),
    sa.PrimaryKeyConstraint('quarter', 'indicator_code', 'scope', 'scope_code', name=op.f('pk_review_snapshots')),
    comment='indicator values frozen when a review is closed'
    )
    op.create_table('role_assignments',
    sa.Column('assignment_id', sa.BigInteger(), server_default=sa.text("nextval('role_assignments_assignment_id_seq')"), nullable=False),
    sa.Column('actor_code', sa.String(length=64), nullable=False),
    sa.Column('role_code', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('scope_code', sa.String(length=64), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.CheckConstraint("(scope = 'network' AND scope_code IS NULL) OR (scope <> 'network' AND scope_code IS NOT NULL)", name=op.f('ck_role_assignments_scope_code')),
    sa.CheckConstraint("scope IN ('network', 'cluster', 'combo')", name=op.f('ck_role_assignments_scope')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on', name=op.f('ck_role_assignments_period')),
    sa.ForeignKeyConstraint(['role_code'], ['roles.role_code'], name=op.f('fk_role_assignments_role_code')),
    sa.PrimaryKeyConstraint('assignment_id', name=op.f('pk_role_assignments')),
    comment='identity in a data package: (actor_code, role_code, scope, scope_code, started_on)'
    )
    op.create_table('users',
    sa.Column('user_id', sa.BigInteger(), server_default=sa.text("nextval('users_user_id_seq')"), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('cluster_code', sa.String(length=64), nullable=True),
    sa.Column('funder_code', sa.String(length=64), nullable=True),
    sa.Column('disabled', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('password_changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(role = 'coordinator' AND cluster_code IS NOT NULL) OR (role <> 'coordinator' AND cluster_code IS NULL)", name=op.f('ck_users_coordinator_cluster')),
    sa.CheckConstraint("(role = 'funder' AND funder_code IS NOT NULL) OR (role <> 'funder' AND funder_code IS NULL)", name=op.f('ck_users_funder_actor')),
    sa.CheckConstraint("role IN ('official', 'funder', 'network_manager', 'coordinator', 'admin')", name=op.f('ck_users_role')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('combo_members',
    sa.Column('combo_code', sa.String(length=64), nullable=False),
    sa.Column('actor_code', sa.String(length=64), nullable=False),
    sa.Column('member_type', sa.String(length=32), nullable=False),
    sa.Column('resource_group', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint("member_type IN ('professional', 'experience_expert', 'informal_carer', 'volunteer', 'resident')", name=op.f('ck_combo_members_member_type')),
    sa.PrimaryKeyConstraint('combo_code', 'actor_code', name=op.f('pk_combo_members'))
    )
    op.create_table('combo_notes',
    sa.Column('note_id', sa.BigInteger(), server_default=sa.text("nextval('combo_notes_note_id_seq')"), nullable=False),
    sa.Column('combo_code', sa.String(length=64), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('written_by', sa.String(length=200), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['combo_code'], ['combos.combo_code'], name=op.f('fk_combo_notes_combo_code')),
    sa.PrimaryKeyConstraint('note_id', name=op.f('pk_combo_notes')),
    comment="coordinators' notes on the combos of their own cluster"
    )
    op.create_table('experiences',
    sa.Column('experience_code', sa.String(length=64), nullable=False),
    sa.Column('combo_code', sa.String(length=64), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('dimension', sa.String(length=32), nullable=False),
    sa.Column('organised_by', sa.String(length=16), nullable=False),
    sa.CheckConstraint("dimension IN ('bodily_functions', 'mental_wellbeing', 'meaningfulness', 'quality_of_life', 'participation', 'daily_functioning')", name=op.f('ck_experiences_dimension')),
    sa.CheckConstraint("organised_by IN ('self', 'network', 'professional')", name=op.f('ck_experiences_organised_by')),
    sa.PrimaryKeyConstraint('experience_code', name=op.f('pk_experiences'))
    )
    op.create_table('web_sessions',
    sa.Column('session_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('revoked', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.PrimaryKeyConstraint('session_hash', name=op.f('pk_web_sessions')),
    comment='server-side sessions: the cookie holds a random token, this table its SHA-256'
    )
    # PostgreSQL holds these keys and indexes as declared constraints; on DuckDB
    # saniveld.db.integrity checks the references (see the note at the top of schema.py).
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key('fk_actors_organisation', 'actors', 'actors', ['organisation_code'], ['actor_code'])
        op.create_foreign_key('fk_combos_cluster', 'combos', 'clusters', ['cluster_code'], ['cluster_code'])
        op.create_foreign_key('fk_role_assignments_actor', 'role_assignments', 'actors', ['actor_code'], ['actor_code'])
        op.create_foreign_key('fk_users_cluster', 'users', 'clusters', ['cluster_code'], ['cluster_code'])
        op.create_foreign_key('fk_users_funder', 'users', 'actors', ['funder_code'], ['actor_code'])
        op.create_foreign_key('fk_combo_members_actor', 'combo_members', 'actors', ['actor_code'], ['actor_code'])
        op.create_foreign_key('fk_combo_members_combo', 'combo_members', 'combos', ['combo_code'], ['combo_code'])
        op.create_foreign_key('fk_experiences_combo', 'experiences', 'combos', ['combo_code'], ['combo_code'])
        op.create_foreign_key('fk_web_sessions_user', 'web_sessions', 'users', ['user_id'], ['user_id'])
        op.create_index('ix_combos_cluster_code', 'combos', ['cluster_code'], unique=False)
        op.create_index('ix_money_flows_flow_code', 'money_flows', ['flow_code'], unique=False)
        op.create_index('ix_money_flows_quarter_kind', 'money_flows', ['quarter', 'kind'], unique=False)
        op.create_index('ix_role_assignments_actor_code', 'role_assignments', ['actor_code'], unique=False)
        op.create_index('ix_experiences_combo_code', 'experiences', ['combo_code'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('web_sessions')
    op.drop_table('experiences')
    op.drop_table('combo_notes')
    op.drop_table('combo_members')
    op.drop_table('users')
    op.drop_table('role_assignments')
    op.drop_table('review_snapshots')
    op.drop_table('review_notes')
    op.drop_table('money_flows')
    op.drop_table('initiative_followups')
    op.drop_table('combos')
    op.drop_table('roles')
    op.drop_table('reviews')
    op.drop_table('quarters')
    op.drop_table('municipality')
    op.drop_table('meta')
    op.drop_table('login_attempts')
    op.drop_table('ledger_postings')
    op.drop_table('initiatives')
    op.drop_table('clusters')
    op.drop_table('audit_log')
    op.drop_table('actors')
    op.execute(sa.schema.DropSequence(sa.Sequence('combo_notes_note_id_seq')))
    op.execute(sa.schema.DropSequence(sa.Sequence('initiative_followups_followup_id_seq')))
    op.execute(sa.schema.DropSequence(sa.Sequence('initiatives_initiative_id_seq')))
    op.execute(sa.schema.DropSequence(sa.Sequence('login_attempts_attempt_id_seq')))
    op.execute(sa.schema.DropSequence(sa.Sequence('money_flows_entry_id_seq')))
    op.execute(sa.schema.DropSequence(sa.Sequence('review_notes_note_id_seq')))
    op.execute(sa.schema.DropSequence(sa.Sequence('role_assignments_assignment_id_seq')))
    op.execute(sa.schema.DropSequence(sa.Sequence('users_user_id_seq')))
