"""The frame and the placeholder pages, rendered on the server in both languages."""

from __future__ import annotations

import re

import dash
import pytest
from dash import html

from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.web import auth, create_app, i18n, layout
from saniveld.web.messages import MESSAGES

OFFICIAL = auth.Principal("anna", "official", display_name="Anna de Vries")
COORDINATOR = auth.Principal("bram", "coordinator", cluster_code="ZUID-2")

EXPECTED_HEADINGS = {
    "/": ("Kwartaalreview", "Quarterly review"),
    "/netwerk": ("Netwerk", "Network"),
    "/rollen": ("Rollen", "Roles"),
    "/geldstromen": ("Geldstromen", "Money flows"),
    "/cluster": ("Clusters", "Clusters"),
    "/data": ("Data", "Data"),
}


def walk(component):
    """Every component and string in a layout tree."""
    yield component
    children = getattr(component, "children", None) if not isinstance(component, str) else None
    if children is None:
        return
    for child in children if isinstance(children, (list, tuple)) else [children]:
        yield from walk(child)


def texts(component) -> list[str]:
    found = [c for c in walk(component) if isinstance(c, str)]
    for c in walk(component):
        for prop in ("placeholder", "title"):
            value = getattr(c, prop, None)
            if isinstance(value, str):
                found.append(value)
    return found


def headings(component, tag) -> list[str]:
    return ["".join(texts(c)) for c in walk(component) if isinstance(c, tag)]


@pytest.fixture
def app(db_url):
    backend = auth.MemoryAuthBackend.with_passwords([(OFFICIAL, "pw-anna-1234")])
    return create_app(db_url, config={"auth_backend": backend})


def _request(app, lang="nl"):
    return app.server.test_request_context(headers={"Cookie": f"{i18n.LANGUAGE_COOKIE}={lang}"})


def _page(path):
    return next(p for p in dash.page_registry.values() if p["path"] == path)


def test_six_pages_are_registered_with_their_addresses(app):
    paths = {p["path"] for p in dash.page_registry.values()}
    assert set(EXPECTED_HEADINGS) <= paths
    assert _page("/cluster")["path_template"] == "/cluster/<cluster_code>"


@pytest.mark.parametrize("path", sorted(EXPECTED_HEADINGS))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_has_one_translated_heading_and_no_untranslated_ids(app, path, lang):
    with _request(app, lang):
        tree = _page(path)["layout"]()
        title = _page(path)["title"]()
    assert headings(tree, html.H1) == [EXPECTED_HEADINGS[path][lang == "en"]]
    assert len(headings(tree, html.H2)) >= 1
    leaked = [t for t in texts(tree) if t in MESSAGES or re.fullmatch(r"[a-z_]+\.[a-z_.]+", t)]
    assert leaked == []
    assert title.startswith(EXPECTED_HEADINGS[path][lang == "en"] + " – ")


def test_cluster_page_shows_the_code_and_refuses_malformed_codes(app):
    with _request(app):
        page = _page("/cluster")["layout"]
        assert headings(page(cluster_code="NOORD"), html.H1) == ["Cluster NOORD"]
        assert headings(page(cluster_code="x/../y"), html.H1) == ["Pagina niet gevonden"]


def test_nav_leads_a_coordinator_to_their_own_cluster():
    assert [i.path for i in layout.nav_items(OFFICIAL)] == [
        "/", "/netwerk", "/rollen", "/geldstromen", "/cluster", "/data"]
    assert layout.nav_items(COORDINATOR)[4].path == "/cluster/ZUID-2"
    for item in layout.nav_items(None):
        assert item.message in MESSAGES


@pytest.mark.parametrize(
    ("path", "pathname", "current"),
    [
        ("/", "/", True),
        ("/", "/netwerk", False),
        ("/", None, True),
        ("/cluster", "/cluster/NOORD", True),
        ("/cluster/NOORD", "/cluster/NOORD", True),
        ("/rollen", "/rollenspel", False),
    ],
)
def test_current_page(path, pathname, current):
    assert layout.NavItem("x", path, "nav.review").is_current(pathname) is current


def test_language_link_returns_to_the_same_page_and_query():
    assert layout.language_href("en", "/cluster/NOORD", "?a=1&b=2") == (
        "/taal/en?next=%2Fcluster%2FNOORD%3Fa%3D1%26b%3D2"
    )


def test_quarter_options_newest_first_in_words():
    assert layout.quarter_options(["2025-Q2", "2025-Q3"], "nl") == [
        {"label": "3e kwartaal 2025", "value": "2025-Q3"},
        {"label": "2e kwartaal 2025", "value": "2025-Q2"},
    ]


def _seed(db_url):
    engine = db.command_engine(db_url)
    with db.transaction(engine) as conn:
        conn.execute(s.municipality.insert(), {"municipality_id": 1, "name": "Veldhoven-Zuid",
                                               "inhabitants": 1})
        conn.execute(s.quarters.insert(), [{"quarter": "2025-Q2"}, {"quarter": "2025-Q3"}])
        db.bump_data_version(conn)
    engine.dispose()


def test_shell_shows_municipality_user_and_latest_quarter(app, db_url):
    _seed(db_url)
    with _request(app, "en"):
        from flask import g

        g.saniveld_principal = OFFICIAL
        tree = layout.shell()
    strings = texts(tree)
    assert "Municipality of Veldhoven-Zuid" in strings
    assert "Anna de Vries" in strings
    picker = next(c for c in walk(tree) if getattr(c, "id", None) == layout.QUARTER_PICKER)
    assert picker.value == "2025-Q3"
    assert [o["label"] for o in picker.options] == ["Q3 2025", "Q2 2025"]
    assert next(c for c in walk(tree) if isinstance(c, html.Main)).id == "main"
    skip = next(c for c in walk(tree) if isinstance(c, html.A))
    assert skip.href == "#main" and skip.children == "Skip to main content"


def test_shell_without_a_user_reads_no_data(app, db_url):
    _seed(db_url)
    with _request(app):
        tree = layout.shell()
    assert not any("Veldhoven" in t for t in texts(tree))
    picker = next(c for c in walk(tree) if getattr(c, "id", None) == layout.QUARTER_PICKER)
    assert picker.options == [] and picker.disabled is True
