"""Alembic migrations: from an empty database they build exactly schema.py; upgrades keep data."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from saniveld.db import engine as db
from saniveld.db import migrate, schema


# Tables that later revisions add (a database from before migrations has none of them).
ADDED_AFTER_VERSION_1 = {"rendered_figures",  # revision 0002
                         "experience_summary", "combo_summary", "ledger_summary"}  # 0003


def _differences(conn) -> list:
    """What autogenerate would still write: nothing, when the migrations are complete."""
    diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), schema.metadata)
    # Alembic does not compare sequences; comments it does compare.
    return [d for d in diffs if not (isinstance(d, tuple) and d[0] in ("add_sequence",))]


def test_migrations_on_postgresql_build_exactly_the_schema(pg_url):
    eng = db.command_engine(pg_url)
    db.create_schema(eng)
    with eng.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        assert _differences(conn) == []
    eng.dispose()


def test_migrations_on_duckdb_build_every_table_and_column(db_url):
    eng = db.command_engine(db_url)
    db.create_schema(eng)
    with eng.connect() as conn:
        columns = conn.execute(sa.text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
        )).all()
        for table in schema.metadata.sorted_tables:
            assert {c for t, c in columns if t == table.name} == set(table.c.keys()), table.name
        assert migrate.current(conn) == migrate.head()
    eng.dispose()


def test_a_database_from_before_migrations_is_adopted_with_its_data(any_db_url):
    eng = db.command_engine(any_db_url)
    with eng.begin() as conn:  # as `saniveld init` made it before Alembic: create_all, no version
        version_1 = [t for t in schema.metadata.sorted_tables if t.name not in ADDED_AFTER_VERSION_1]
        schema.metadata.create_all(conn, tables=version_1)
        conn.execute(sa.insert(schema.clusters).values(cluster_code="NOORD", name="Noord"))
    db.create_schema(eng)
    with eng.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        assert conn.execute(sa.select(schema.clusters.c.name)).scalar_one() == "Noord"
        assert sa.inspect(conn).has_table("rendered_figures")
        assert conn.execute(sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
                            ).scalar_one() == str(schema.SCHEMA_VERSION)
    eng.dispose()


def test_downgrade_to_nothing_and_up_again_on_postgresql(pg_url):
    eng = db.command_engine(pg_url)
    db.create_schema(eng)
    with eng.begin() as conn:
        from alembic import command

        command.downgrade(migrate.config(conn), "base")
    assert "money_flows" not in sa.inspect(eng).get_table_names()
    db.create_schema(eng)
    assert "money_flows" in sa.inspect(eng).get_table_names()
    eng.dispose()


def test_a_version_1_database_is_upgraded_to_version_2_keeping_its_data(any_db_url):
    eng = db.command_engine(any_db_url)
    with eng.begin() as conn:  # an installation of the first release: revision 0001 only
        migrate.upgrade(conn, "0001")
        conn.execute(sa.insert(schema.meta), [{"key": "schema_version", "value": "1"},
                                              {"key": "data_version", "value": "7"}])
        conn.execute(sa.insert(schema.clusters).values(cluster_code="ZUID", name="Zuid"))
    assert not sa.inspect(eng).has_table("rendered_figures")
    db.create_schema(eng)
    with eng.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        assert sa.inspect(conn).has_table("rendered_figures")
        assert conn.execute(sa.select(schema.clusters.c.name)).scalar_one() == "Zuid"
        meta = dict(conn.execute(sa.select(schema.meta.c.key, schema.meta.c.value)).all())
        assert meta["schema_version"] == str(schema.SCHEMA_VERSION) and meta["data_version"] == "7"
        assert meta["review_version"] == "0"  # created for an existing database too
    eng.dispose()
