"""Every page on the Saniveld demo data, through the real login (users in the database), in
Chromium: each shows its key element and the browser logs no error (the `page` fixture fails
the test on any console error, page error or failed request)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LiveApp, login
from saniveld import users
from saniveld.db import engine as db
from saniveld.package.importer import import_package

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The demo package imported once for this module, with the demo users (one per role)."""
    url = f"duckdb:///{tmp_path_factory.mktemp('demo') / 'demo.duckdb'}"
    engine = db.command_engine(url)
    db.create_schema(engine)
    import_package(engine, DEMO)
    with db.transaction(engine) as conn:
        created = users.create_demo_users(conn)
    engine.dispose()
    return url, {role: (name, password) for name, role, password in created}


@pytest.fixture
def live_demo(serve_app, demo_db):
    url, accounts = demo_db
    app, base = serve_app(url)  # the app's own database user store, as in production
    live = LiveApp(url=base, db_url=url, app=app,
                   passwords={name: pw for name, pw in accounts.values()})
    live.accounts = accounts
    return live


@pytest.mark.parametrize(("role", "path", "key_element"), [
    ("official", "/", "#review-flywheel-graph .main-svg"),
    ("official", "/netwerk", "#network-map canvas"),
    ("official", "/rollen", "#roles-matrix-body table"),
    ("official", "/geldstromen", "#money-sankey-graph .main-svg"),
    ("funder", "/geldstromen", "#money-sankey-graph .main-svg"),
    ("coordinator", "/cluster/NOORD", "#cluster-grid .ag-row"),
    ("network_manager", "/geldstromen/bewerken", "#editor-grid .ag-row"),
    ("admin", "/data", "#data-upload"),
])
def test_every_page_shows_its_key_element_on_the_demo_data(page, live_demo, role, path, key_element):
    page.set_default_timeout(60_000)
    name, _ = live_demo.accounts[role]
    login(page, live_demo, name, next_path=path)
    page.locator(key_element).first.wait_for()
    assert page.locator("#main h1").first.inner_text().strip()
