"""Every table of the Saniveld database, once (SQLAlchemy Core).

Portable SQL only: the same metadata creates on DuckDB (the embedded default) and PostgreSQL
(the multi-user deployment). Money is ``NUMERIC(14,2)`` and travels as ``Decimal``.
Timestamps are naive UTC (``DateTime`` without zone) so that both databases store the same.

Some references are checked by :mod:`saniveld.db.integrity` inside every import transaction
instead of a declared foreign key *on DuckDB*: ``combos.cluster_code`` and
``actors.organisation_code``, and the references of ``combo_members``, ``role_assignments``
and ``experiences`` to actors and combos (likewise ``users.cluster_code``,
``users.funder_code`` and ``web_sessions.user_id``, checked by :mod:`saniveld.users`). DuckDB
cannot update an indexed column of a row that other rows reference (it rewrites the row as
delete + insert and the referencing rows then block it), so a declared key there would make it
impossible to move a combo to another cluster or a person to another organisation; and DuckDB
cannot delete a referenced row in the transaction that deleted the rows referring to it, so a
declared key on the member, role and experience tables would make it impossible to remove a
person or a combo together with its memberships in one (all-or-nothing) import. PostgreSQL
holds all these keys as declared constraints (``ddl_if``).
"""

from __future__ import annotations

import sqlalchemy as sa

SCHEMA_VERSION = 3

# ---------------------------------------------------------------------------------------------
# Vocabularies (the data package contract, DATA_PACKAGE.md); validation and CHECKs use these.
ACTOR_TYPES = ("person", "organisation", "funder", "fund_administrator", "neighbourhood_initiative")
COMBO_TYPES = (
    "wijkteam",
    "beschermd_wonen",
    "fact",
    "huisarts",
    "ervaringsdeskundigen",
    "buurtnetwerk",
    "other",
)
MEMBER_TYPES = ("professional", "experience_expert", "informal_carer", "volunteer", "resident")
SCOPES = ("network", "cluster", "combo")
FLOW_KINDS = ("allocation", "spending")
STREAMS = ("wmo", "wlz", "zvw", "jeugdwet", "other")
PURPOSES = ("care", "overhead", "innovation")
DIMENSIONS = (
    "bodily_functions",
    "mental_wellbeing",
    "meaningfulness",
    "quality_of_life",
    "participation",
    "daily_functioning",
)
ORGANISED_BY = ("self", "network", "professional")
ROLE_REQUIRED_AT = ("network", "each_cluster")

# Ledger entry types: a post creates a flow; an adjustment changes its amount by a signed delta;
# a reversal cancels an earlier entry (negative amount). Rows are never updated or deleted.
ENTRY_TYPES = ("post", "adjustment", "reversal")

USER_ROLES = ("official", "funder", "network_manager", "coordinator", "admin")
LEVERS = ("beliefs", "boundaries", "diagnostic", "interactive")
NOTE_KINDS = ("note", "decision")
REVIEW_STATUSES = ("draft", "closed")
INITIATIVE_STATUSES = ("open", "in_progress", "done", "stopped")
AUDIT_OUTCOMES = ("ok", "refused", "failed")

CODE = sa.String(64)
NAME = sa.String(200)
QUARTER = sa.String(7)  # YYYY-Qn
MONEY = sa.Numeric(14, 2)
INDICATOR_VALUE = sa.Numeric(24, 8)  # indicator values frozen in review snapshots

metadata = sa.MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
    }
)


def _one_of(column: str, values: tuple[str, ...], name: str | None = None) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=name or column)


def _quarter_check(column: str = "quarter") -> sa.CheckConstraint:
    return sa.CheckConstraint(
        f"{column} LIKE '____-Q_' AND substr({column}, 7, 1) IN ('1', '2', '3', '4')",
        name=f"{column}_format",
    )


def _sequence(name: str) -> tuple[sa.Sequence, dict]:
    seq = sa.Sequence(name, metadata=metadata)
    return seq, {"server_default": seq.next_value()}


def _id_column(name: str, table: str) -> sa.Column:
    seq, kw = _sequence(f"{table}_{name}_seq")
    return sa.Column(name, sa.BigInteger, seq, primary_key=True, **kw)


def _postgres_only(constraint):
    return constraint.ddl_if(dialect="postgresql")


# ---------------------------------------------------------------------------------------------
# Bookkeeping

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
    comment="schema_version, data_version (bumped on every write; caches key on it)",
)

# ---------------------------------------------------------------------------------------------
# The network (the data package)

municipality = sa.Table(
    "municipality",
    metadata,
    sa.Column("municipality_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", NAME, nullable=False),
    sa.Column("inhabitants", sa.BigInteger, nullable=False),
    sa.Column("general_practitioners", sa.Integer),
    sa.CheckConstraint("municipality_id = 1", name="single_row"),
    sa.CheckConstraint("inhabitants >= 0", name="inhabitants"),
    sa.CheckConstraint("general_practitioners IS NULL OR general_practitioners >= 0", name="gps"),
)

clusters = sa.Table(
    "clusters",
    metadata,
    sa.Column("cluster_code", CODE, primary_key=True),
    sa.Column("name", NAME, nullable=False),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("actor_code", CODE, primary_key=True),
    sa.Column("name", NAME, nullable=False),
    sa.Column("actor_type", sa.String(32), nullable=False),
    sa.Column("function", NAME),
    sa.Column("organisation_code", CODE),
    _one_of("actor_type", ACTOR_TYPES),
    _postgres_only(
        sa.ForeignKeyConstraint(["organisation_code"], ["actors.actor_code"], name="fk_actors_organisation")
    ),
)

combos = sa.Table(
    "combos",
    metadata,
    sa.Column("combo_code", CODE, primary_key=True),
    sa.Column("name", NAME, nullable=False),
    sa.Column("cluster_code", CODE, nullable=False),
    sa.Column("combo_type", sa.String(32), nullable=False),
    sa.Column("started_on", sa.Date, nullable=False),
    sa.Column("ended_on", sa.Date),
    sa.Column("residents", sa.Integer, nullable=False),
    _one_of("combo_type", COMBO_TYPES),
    sa.CheckConstraint("residents >= 0", name="residents"),
    sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="period"),
    _postgres_only(
        sa.ForeignKeyConstraint(["cluster_code"], ["clusters.cluster_code"], name="fk_combos_cluster")
    ),
)

combo_members = sa.Table(
    "combo_members",
    metadata,
    sa.Column("combo_code", CODE, primary_key=True),
    sa.Column("actor_code", CODE, primary_key=True),
    sa.Column("member_type", sa.String(32), nullable=False),
    sa.Column("resource_group", sa.Boolean, nullable=False, server_default=sa.false()),
    _one_of("member_type", MEMBER_TYPES),
    _postgres_only(sa.ForeignKeyConstraint(["combo_code"], ["combos.combo_code"], name="fk_combo_members_combo")),
    _postgres_only(sa.ForeignKeyConstraint(["actor_code"], ["actors.actor_code"], name="fk_combo_members_actor")),
)

roles = sa.Table(
    "roles",
    metadata,
    sa.Column("role_code", CODE, primary_key=True),
    sa.Column("name_nl", NAME, nullable=False),
    sa.Column("name_en", NAME, nullable=False),
    sa.Column("required_at", sa.String(16), nullable=False),
    sa.Column("is_coordinator", sa.Boolean, nullable=False, server_default=sa.false()),
    _one_of("required_at", ROLE_REQUIRED_AT),
    comment="mirrors config/roles.toml; synchronised by saniveld init and by every import",
)

role_assignments = sa.Table(
    "role_assignments",
    metadata,
    _id_column("assignment_id", "role_assignments"),
    sa.Column("actor_code", CODE, nullable=False),
    sa.Column("role_code", CODE, sa.ForeignKey("roles.role_code"), nullable=False),
    sa.Column("scope", sa.String(16), nullable=False),
    sa.Column("scope_code", CODE),
    sa.Column("started_on", sa.Date, nullable=False),
    sa.Column("ended_on", sa.Date),
    _one_of("scope", SCOPES),
    _postgres_only(
        sa.ForeignKeyConstraint(["actor_code"], ["actors.actor_code"], name="fk_role_assignments_actor")
    ),
    sa.CheckConstraint(
        "(scope = 'network' AND scope_code IS NULL) OR (scope <> 'network' AND scope_code IS NOT NULL)",
        name="scope_code",
    ),
    sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="period"),
    comment="identity in a data package: (actor_code, role_code, scope, scope_code, started_on)",
)

experiences = sa.Table(
    "experiences",
    metadata,
    sa.Column("experience_code", CODE, primary_key=True),
    sa.Column("combo_code", CODE, nullable=False),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("dimension", sa.String(32), nullable=False),
    sa.Column("organised_by", sa.String(16), nullable=False),
    _one_of("dimension", DIMENSIONS),
    _one_of("organised_by", ORGANISED_BY),
    _postgres_only(sa.ForeignKeyConstraint(["combo_code"], ["combos.combo_code"], name="fk_experiences_combo")),
)

# ---------------------------------------------------------------------------------------------
# Money: an append-only ledger. Current positions are sums over entries (amounts are signed
# for adjustments and reversals), so every aggregate is a plain SUM(amount).

quarters = sa.Table(
    "quarters",
    metadata,
    sa.Column("quarter", QUARTER, primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False, server_default=sa.text("0")),
    sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("locked_by", NAME),
    sa.Column("locked_at", sa.DateTime),
    _quarter_check(),
    sa.CheckConstraint("version >= 0", name="version"),
    comment="optimistic version (bumped by every posting in the quarter) and the quarter lock",
)

ledger_postings = sa.Table(
    "ledger_postings",
    metadata,
    sa.Column("posting_key", sa.String(128), primary_key=True),
    sa.Column("quarter", QUARTER, comment="the quarter, when the posting concerns one"),
    sa.Column("posted_by", NAME, nullable=False),
    sa.Column("posted_at", sa.DateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    _quarter_check(),
    _one_of("source", ("import", "move", "undo", "correction")),
    comment="one row per accepted posting; posting_key is the idempotency key",
)

money_flows = sa.Table(
    "money_flows",
    metadata,
    _id_column("entry_id", "money_flows"),
    sa.Column("flow_code", CODE, nullable=False),
    sa.Column("quarter", QUARTER, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("from_code", CODE, nullable=False),
    sa.Column("to_code", CODE, nullable=False),
    sa.Column("amount", MONEY, nullable=False),
    sa.Column("stream", sa.String(16), nullable=False),
    sa.Column("purpose", sa.String(16), nullable=False),
    sa.Column("entry_type", sa.String(16), nullable=False),
    sa.Column("corrects_entry_id", sa.BigInteger, sa.ForeignKey("money_flows.entry_id")),
    sa.Column(
        "posting_key", sa.String(128), sa.ForeignKey("ledger_postings.posting_key"), nullable=False
    ),
    sa.Column("posted_by", NAME, nullable=False),
    sa.Column("posted_at", sa.DateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    _quarter_check(),
    _one_of("kind", FLOW_KINDS),
    _one_of("stream", STREAMS),
    _one_of("purpose", PURPOSES),
    _one_of("entry_type", ENTRY_TYPES),
    sa.CheckConstraint(
        "(entry_type = 'post' AND amount > 0 AND corrects_entry_id IS NULL)"
        " OR (entry_type = 'reversal' AND amount < 0 AND corrects_entry_id IS NOT NULL)"
        " OR (entry_type = 'adjustment' AND amount <> 0 AND corrects_entry_id IS NOT NULL)",
        name="entry_shape",
    ),
    comment="append-only ledger of money flows; never updated or deleted in place",
)

# ---------------------------------------------------------------------------------------------
# Summaries: the base tables above aggregated to the grain the indicators read
# (saniveld.levers.facts), kept current by every write path in the same transaction
# (saniveld.db.summary: the one place that computes them; integrity checks compare them with
# a rebuild). No keys: a write path appends rows (several per key are fine, readers SUM them);
# a rebuild (the import, the migration) writes one row per key.

experience_summary = sa.Table(
    "experience_summary",
    metadata,
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("quarter_number", sa.Integer, nullable=False),
    sa.Column("cluster_code", CODE, nullable=False),
    *(sa.Column(d, sa.BigInteger, nullable=False) for d in DIMENSIONS),
    sa.Column("own", sa.BigInteger, nullable=False, comment="organised by the residents themselves or their network"),
    comment="experiences per calendar quarter of occurred_on and cluster of their combo: how many per "
            "dimension, and how many organised by the residents or their network",
)

combo_summary = sa.Table(
    "combo_summary",
    metadata,
    sa.Column("cluster_code", CODE, nullable=False),
    sa.Column("start_index", sa.Integer, nullable=False, comment="year * 4 + quarter - 1 of started_on"),
    sa.Column("end_index", sa.Integer, comment="the same of ended_on; NULL while running"),
    sa.Column("combos", sa.BigInteger, nullable=False),
    sa.Column("residents", sa.BigInteger, nullable=False),
    sa.Column("informal", sa.BigInteger, nullable=False),
    sa.Column("expert", sa.BigInteger, nullable=False),
    sa.Column("resource_group", sa.BigInteger, nullable=False),
    comment="combos per cluster and quarters of start and end: how many, their residents, how many "
            "have an informal carer/volunteer, an experience expert, a member in a resource group",
)

ledger_summary = sa.Table(
    "ledger_summary",
    metadata,
    sa.Column("quarter", QUARTER, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("purpose", sa.String(16), nullable=False),
    sa.Column("from_combo_cluster", CODE),
    sa.Column("from_inactive", sa.Integer),
    sa.Column("to_combo_cluster", CODE),
    sa.Column("to_inactive", sa.Integer),
    sa.Column("from_type", sa.String(32)),
    sa.Column("to_type", sa.String(32)),
    sa.Column("from_cluster", CODE),
    sa.Column("to_cluster", CODE),
    sa.Column("amount", sa.Numeric(18, 2), nullable=False),
    comment="signed ledger amounts summed per quarter, kind, purpose and what each end is (combo: its "
            "cluster and whether inactive in the quarter; funder/organisation; cluster)",
)

SUMMARY_TABLES = ("experience_summary", "combo_summary", "ledger_summary")

# ---------------------------------------------------------------------------------------------
# People who use the dashboard, and what they did

users = sa.Table(
    "users",
    metadata,
    _id_column("user_id", "users"),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", NAME),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("cluster_code", CODE),
    sa.Column("funder_code", CODE),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("password_changed_at", sa.DateTime, nullable=False),
    _one_of("role", USER_ROLES),
    sa.CheckConstraint(
        "(role = 'coordinator' AND cluster_code IS NOT NULL)"
        " OR (role <> 'coordinator' AND cluster_code IS NULL)",
        name="coordinator_cluster",
    ),
    sa.CheckConstraint(
        "(role = 'funder' AND funder_code IS NOT NULL) OR (role <> 'funder' AND funder_code IS NULL)",
        name="funder_actor",
    ),
    # Checked by saniveld.users on DuckDB (see the module docstring: referenced rows there
    # cannot be updated, so a declared key would block renaming a cluster or funder).
    _postgres_only(
        sa.ForeignKeyConstraint(["cluster_code"], ["clusters.cluster_code"], name="fk_users_cluster")
    ),
    _postgres_only(
        sa.ForeignKeyConstraint(["funder_code"], ["actors.actor_code"], name="fk_users_funder")
    ),
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("session_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.BigInteger, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_seen_at", sa.DateTime, nullable=False),
    sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    # PostgreSQL only: on DuckDB a session row would block disabling its user (see above);
    # lookups join users, so a session of a removed user finds nobody.
    _postgres_only(
        sa.ForeignKeyConstraint(["user_id"], ["users.user_id"], name="fk_web_sessions_user")
    ),
    comment="server-side sessions: the cookie holds a random token, this table its SHA-256",
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    _id_column("attempt_id", "login_attempts"),
    sa.Column("attempted_at", sa.DateTime, nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("succeeded", sa.Boolean, nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("entry_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("logged_at", sa.DateTime, nullable=False),
    sa.Column("username", sa.String(64)),
    sa.Column("user_role", sa.String(32)),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("object", sa.String(255)),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("detail", sa.Text),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("row_hash", sa.String(64), nullable=False, unique=True),
    _one_of("outcome", AUDIT_OUTCOMES),
    sa.CheckConstraint("entry_id >= 1", name="entry_id"),
    comment="append-only, hash-chained: row_hash = sha256(prev_hash + canonical row)",
)

# ---------------------------------------------------------------------------------------------
# The interactive lever: quarterly reviews and initiatives

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("quarter", QUARTER, primary_key=True),
    sa.Column("status", sa.String(16), nullable=False, server_default="draft"),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("closed_by", NAME),
    sa.Column("closed_at", sa.DateTime),
    _quarter_check(),
    _one_of("status", REVIEW_STATUSES),
    sa.CheckConstraint(
        "(status = 'closed' AND closed_at IS NOT NULL) OR (status = 'draft' AND closed_at IS NULL)",
        name="closed_at",
    ),
)

review_notes = sa.Table(
    "review_notes",
    metadata,
    _id_column("note_id", "review_notes"),
    sa.Column("quarter", QUARTER, sa.ForeignKey("reviews.quarter"), nullable=False),
    sa.Column("lever", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("written_by", NAME, nullable=False),
    sa.Column("written_at", sa.DateTime, nullable=False),
    _one_of("lever", LEVERS),
    _one_of("kind", NOTE_KINDS),
)

review_snapshots = sa.Table(
    "review_snapshots",
    metadata,
    sa.Column("quarter", QUARTER, sa.ForeignKey("reviews.quarter"), primary_key=True),
    sa.Column("indicator_code", CODE, primary_key=True),
    sa.Column("scope", sa.String(16), primary_key=True),
    sa.Column("scope_code", CODE, primary_key=True, comment="'' for the network"),
    sa.Column("value", INDICATOR_VALUE),
    sa.Column("reference", INDICATOR_VALUE),
    sa.Column("frozen_at", sa.DateTime, nullable=False),
    _one_of("scope", ("network", "cluster")),
    comment="indicator values frozen when a review is closed",
)

initiatives = sa.Table(
    "initiatives",
    metadata,
    _id_column("initiative_id", "initiatives"),
    sa.Column("title", NAME, nullable=False),
    sa.Column("owner", NAME, nullable=False),
    sa.Column("responds_to", CODE, comment="the indicator or boundary code it responds to"),
    sa.Column("quarter_opened", QUARTER, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="open"),
    sa.Column("description", sa.Text),
    sa.Column("created_by", NAME, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    _quarter_check("quarter_opened"),
    _one_of("status", INITIATIVE_STATUSES),
)

initiative_followups = sa.Table(
    "initiative_followups",
    metadata,
    _id_column("followup_id", "initiative_followups"),
    sa.Column("initiative_id", sa.BigInteger, sa.ForeignKey("initiatives.initiative_id"), nullable=False),
    sa.Column("quarter", QUARTER, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("written_by", NAME, nullable=False),
    sa.Column("written_at", sa.DateTime, nullable=False),
    _quarter_check(),
    _one_of("status", INITIATIVE_STATUSES),
)

combo_notes = sa.Table(
    "combo_notes",
    metadata,
    _id_column("note_id", "combo_notes"),
    sa.Column("combo_code", CODE, sa.ForeignKey("combos.combo_code"), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("written_by", NAME, nullable=False),
    sa.Column("written_at", sa.DateTime, nullable=False),
    comment="coordinators' notes on the combos of their own cluster",
)

rendered_figures = sa.Table(
    "rendered_figures",
    metadata,
    sa.Column("figure_key", sa.String(64), primary_key=True,
              comment="sha256 of the figure's specification and the drawing options"),
    sa.Column("image_format", sa.String(8), nullable=False),
    sa.Column("image", sa.LargeBinary, nullable=False),
    sa.Column("rendered_at", sa.DateTime, nullable=False),
    _one_of("image_format", ("png", "svg")),
    comment="chart images of closed quarters' reports, drawn once so that a report is the same every time",
)

# Indexes that help PostgreSQL; DuckDB scans columns with zone maps and needs none (and an index
# on a referenced table's column would block updates there, see the module docstring).
for _table, _cols in (
    (combos, ("cluster_code",)),
    (experiences, ("combo_code",)),
    (money_flows, ("quarter", "kind")),
    (money_flows, ("flow_code",)),
    (role_assignments, ("actor_code",)),
    (ledger_summary, ("quarter",)),
    (experience_summary, ("year", "quarter_number")),
):
    sa.Index(f"ix_{_table.name}_{'_'.join(_cols)}", *(_table.c[c] for c in _cols)).ddl_if(
        dialect="postgresql"
    )

# Tables of the data package, in the order an import writes them (parents first).
PACKAGE_TABLES = (
    "municipality",
    "clusters",
    "actors",
    "combos",
    "combo_members",
    "role_assignments",
    "money_flows",
    "experiences",
)
