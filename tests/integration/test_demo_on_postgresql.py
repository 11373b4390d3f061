"""The whole Saniveld demo on PostgreSQL through the same code as on DuckDB: import, export,
indicators (equal to DuckDB's), users and login, the app's callbacks, a report."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from saniveld import users
from saniveld.db import engine as db
from saniveld.levers import (
    all_indicator_series,
    available_quarters,
    compute_all_indicators,
    compute_indicators,
    series_loader,
)
from saniveld.levers.facts import cluster_codes
from saniveld.package.exporter import export_package
from saniveld.package.importer import import_package

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
QUARTER = "2026-Q2"


@pytest.fixture(scope="module")
def both(tmp_path_factory, request):
    """The demo imported into a DuckDB file and into a PostgreSQL database."""
    duck = db.command_engine(f"duckdb:///{tmp_path_factory.mktemp('d') / 'demo.duckdb'}")
    pg_url = request.getfixturevalue("pg_url_module")
    pg = db.server_engine(pg_url)
    for engine in (duck, pg):
        db.create_schema(engine)
        import_package(engine, DEMO)
    yield duck, pg, pg_url
    duck.dispose()
    pg.dispose()


@pytest.fixture(scope="module")
def pg_url_module():
    """A PostgreSQL database for this module (the per-test `pg_url` is function-scoped)."""
    import os
    import uuid

    import sqlalchemy as sa

    admin_url = os.environ.get("SANIVELD_TEST_PG_URL")
    if not admin_url:
        pytest.fail("SANIVELD_TEST_PG_URL is not set: run `make test`")
    name = f"saniveld_demo_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _cents(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def test_indicators_on_postgresql_equal_duckdb_to_the_cent(both):
    duck, pg, _ = both
    with duck.connect() as a, pg.connect() as b:
        left = {(r.code, r.scope_code): _cents(r.value) for r in compute_all_indicators(a, QUARTER)}
        right = {(r.code, r.scope_code): _cents(r.value) for r in compute_all_indicators(b, QUARTER)}
    assert len(left) > 40
    assert left == right


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_each_scope_from_its_own_aggregates_equals_every_scope_at_once_on_the_demo(both, backend):
    """Every quarter of the demo, the network and every cluster: the indicators and series of one
    scope from that scope's aggregates alone (what the review page computes on an empty cache)
    are exactly those computed from every cluster's aggregates."""
    engine = both[0] if backend == "duckdb" else both[1]
    with engine.connect() as conn:
        clusters = cluster_codes(conn)
        every = series_loader(conn).load_all()
        quarters = available_quarters(conn)
        assert len(clusters) == 3 and len(quarters) >= 4
        for quarter in quarters:
            everything = compute_all_indicators(conn, quarter)
            for cluster in [None, *clusters]:
                assert compute_indicators(conn, quarter, cluster) == [
                    r for r in everything if r.scope_code == cluster], (quarter, cluster)
        for cluster in [None, *clusters]:
            alone = all_indicator_series(conn, cluster)
            assert alone == all_indicator_series(None, cluster, loader=every), cluster
            assert len(alone) >= 10 and all(len(points) == len(quarters) for points in alone.values())


def test_export_from_postgresql_equals_the_demo_package_byte_for_byte(both, tmp_path):
    _, pg, _ = both
    export_package(pg, tmp_path / "out")
    for csv in sorted(DEMO.glob("*.csv")):
        assert (tmp_path / "out" / csv.name).read_bytes() == csv.read_bytes(), csv.name


def test_login_callbacks_and_a_report_on_postgresql(both):
    from saniveld.reports import build_report
    from saniveld.web import create_app
    from saniveld.web.testing import call_callback, signed_in_client

    _, pg, pg_url = both
    with db.transaction(pg) as conn:
        accounts = {role: (name, pw) for name, role, pw in users.create_demo_users(conn)}
    app = create_app(pg_url)  # the database user store: no test backend
    client = signed_in_client(app, *accounts["official"])
    response = call_callback(client, app, "..roles-matrix-body.children...roles-vacancies-body.children"
                             "...roles-many-body.children...roles-congruence-body.children..",
                             {"quarter-picker.value": QUARTER})
    if response.status_code == 204 or "roles-matrix-body" not in response.get_data(as_text=True):
        pytest.fail(f"roles callback on PostgreSQL: {response.status_code} {response.get_data(as_text=True)[:300]}")
    with db.transaction(pg) as conn:
        principal = users.get_user(conn, accounts["funder"][0])
        data = build_report(conn, principal, QUARTER, "xlsx", funder=principal.funder_code)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert len(workbook.sheetnames) >= 3
