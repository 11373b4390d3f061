"""Authorisation over HTTP: login, logout, expiry, throttling, and every callback × every role
× forged inputs, against the real app on a real DuckDB file with the database user store."""

from __future__ import annotations

from datetime import datetime, timedelta

import dash
import pytest
from dash import Input, Output

from saniveld import access, audit, users
from saniveld.db import engine as db
from saniveld.web import auth, create_app
from saniveld.web.testing import call_callback, sign_in, signed_in_client
from tests.unit.access_fixtures import FLOW_ZORGKANTOOR, RESIDENT_ZUID, seed

PW = "een lang genoeg wachtwoord"
ACCOUNTS = {
    "official": ("anna", {}),
    "funder": ("fenna", {"funder_code": "FND-GEMEENTE"}),
    "network_manager": ("nina", {}),
    "coordinator": ("bram", {"cluster_code": "NOORD"}),
    "admin": ("ad", {}),
}


class Clock:
    def __init__(self):
        self.now = datetime(2026, 1, 5, 9, 0)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def seeded(engine):
    seed(engine)
    with db.transaction(engine) as conn:
        for role, (name, binding) in ACCOUNTS.items():
            users.add_user(conn, name, role, PW, **binding)
    return engine


def _app(db_url, seeded, clock):
    return create_app(db_url, config={"auth_backend": users.DatabaseAuthBackend(seeded, clock)})


@pytest.fixture
def app(db_url, seeded, clock):
    return _app(db_url, seeded, clock)


@pytest.fixture
def client(app):
    return app.server.test_client()


def _audit_rows(engine):
    with db.connect(engine) as conn:
        return [(e.username, e.action, e.object, e.outcome) for e in audit.entries(conn)]


def _login_page_token(client):
    page = client.get("/login").get_data(as_text=True)
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def _post_login(client, username, password):
    token = _login_page_token(client)
    return client.post("/login", data={"csrf_token": token, "username": username,
                                       "password": password})


# --- login, logout, expiry, throttling ------------------------------------------------------------


def test_login_sets_a_secure_session_cookie_and_is_audited(client, seeded):
    response = _post_login(client, "anna", PW)
    assert response.status_code == 302
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(auth.SESSION_COOKIE)][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/").status_code == 200
    assert ("anna", "login", "anna", "ok") in _audit_rows(seeded)


def test_session_cookie_is_secure_in_production(db_url, seeded, clock, monkeypatch):
    monkeypatch.setenv("SANIVELD_ENV", "production")
    monkeypatch.setenv("SANIVELD_SECRET_KEY", "k" * 40)
    client = _app(db_url, seeded, clock).server.test_client()
    response = _post_login(client, "anna", PW)
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(auth.SESSION_COOKIE)][0]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_unknown_user_and_wrong_password_get_the_same_answer(client, seeded):
    unknown = _post_login(client, "niemand", PW)
    wrong = _post_login(client, "anna", "verkeerd wachtwoord")
    assert unknown.status_code == wrong.status_code == 200
    strip = lambda r: r.get_data(as_text=True).replace("niemand", "").replace("anna", "")  # noqa: E731
    assert strip(unknown).split("<form")[0] == strip(wrong).split("<form")[0]
    rows = _audit_rows(seeded)
    assert ("niemand", "login", "niemand", "failed") in rows and ("anna", "login", "anna", "failed") in rows


def test_login_is_throttled_after_five_failures(client, seeded):
    for _ in range(5):
        assert _post_login(client, "anna", "verkeerd wachtwoord").status_code == 200
    response = _post_login(client, "anna", PW)  # even the right password, for now
    assert response.status_code == 429
    assert client.get("/").status_code == 302
    assert ("anna", "login", "anna", "refused") in _audit_rows(seeded)


def test_logout_ends_the_session_and_is_audited(client, seeded):
    csrf = sign_in(client, "anna", PW)
    session = client.get_cookie(auth.SESSION_COOKIE).value
    response = client.post("/logout", data={"csrf_token": csrf})
    assert response.status_code == 302
    client.set_cookie(auth.SESSION_COOKIE, session)  # replaying the old cookie does not work
    assert client.get("/_dash-layout").status_code == 401
    assert ("anna", "logout", None, "ok") in _audit_rows(seeded)


def test_session_expires_after_thirty_idle_minutes(client, clock):
    sign_in(client, "anna", PW)
    clock.now += timedelta(minutes=29)
    assert client.get("/_dash-layout").status_code == 200
    clock.now += timedelta(minutes=29)  # still alive: it was active 29 minutes ago
    assert client.get("/_dash-layout").status_code == 200
    clock.now += timedelta(minutes=31)
    assert client.get("/_dash-layout").status_code == 401


def test_a_disabled_user_is_signed_out(client, seeded):
    sign_in(client, "anna", PW)
    with db.transaction(seeded) as conn:
        users.disable_user(conn, "anna")
    assert client.get("/_dash-layout").status_code == 401


# --- every callback × every role × forged inputs ---------------------------------------------------

# Values a user could put in any input: another cluster, another funder, a combo of another
# cluster, a resident's code, nothing, and odd shapes.
FORGERIES = ["ZUID", "NOORD", "FND-ZORGKANTOOR", "C9", RESIDENT_ZUID, "2025-Q3", None,
             ["ZUID"], {"cluster": "ZUID"}, "'; DROP TABLE users; --"]


def _server_callbacks(app):
    return [(cid, entry) for cid, entry in app.callback_map.items() if entry.get("callback")]


def _action(entry):
    return getattr(entry["callback"], "saniveld_action", None)


def test_every_callback_refuses_anonymous_requests(app, client):
    for output, _ in _server_callbacks(app):
        assert call_callback(client, app, output, csrf=None).status_code == 401, output


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_every_callback_as_every_role_with_forged_inputs(app, client, seeded, role):
    name, _ = ACCOUNTS[role]
    sign_in(client, name, PW)
    with db.connect(seeded) as conn:
        principal = users.get_user(conn, name)
    walked = 0
    for output, entry in _server_callbacks(app):
        keys = [f"{i['id']}.{i['property']}" for i in entry["inputs"]]
        states = [f"{s['id']}.{s['property']}" for s in entry["state"]]
        action = _action(entry)
        for forged in FORGERIES:
            response = call_callback(client, app, output, {k: forged for k in keys},
                                     {k: forged for k in states})
            walked += 1
            body = response.get_data(as_text=True)
            if action is not None and not access.allowed(principal, action, access.ANY):
                assert response.status_code == 403, (output, role)
                continue
            # Dash's own page router answers a forged path with 500 (no detail): not a leak.
            assert response.status_code in (200, 204, 400, 403, 500), (output, role, forged)
            assert "Traceback" not in body and 'File "' not in body, (output, role, forged)
            # Nothing outside the role's scope in the answer, whatever was asked for.
            # (A forged resident code may come back as typed, e.g. in a link: not a leak.)
            if not access.inside_cluster(principal, "ZUID") and forged != RESIDENT_ZUID:
                assert RESIDENT_ZUID not in body, (output, role)
            if not access.sees_funder_detail(principal, "FND-ZORGKANTOOR"):
                assert FLOW_ZORGKANTOOR not in body, (output, role)
    assert walked == len(_server_callbacks(app)) * len(FORGERIES)
    refused = [r for r in _audit_rows(seeded) if r[0] == name and r[3] == "refused"]
    expected = sum(
        len(FORGERIES) for _, e in _server_callbacks(app)
        if _action(e) is not None and not access.allowed(principal, _action(e), access.ANY)
    )
    assert len(refused) >= expected


# --- probes: target checks inside callbacks, as pages do them ---------------------------------------


@pytest.fixture
def probe_app(db_url, seeded, clock):
    """Callbacks like the pages will have: an action, and a target taken from an input."""

    @auth.data_callback(Output("header-user", "title"), Input("quarter-picker", "value"),
                        action=auth.MOVE_MONEY)
    def move(principal, value):
        return f"moved by {principal.username}"

    @auth.data_callback(Output("header-user", "children"), Input("_pages_location", "search"),
                        action=auth.VIEW_CLUSTER)
    def cluster_detail(principal, cluster):
        auth.require(principal, auth.VIEW_CLUSTER_DETAIL, cluster)
        return f"detail of {cluster}"

    @auth.data_callback(Output("header-municipality", "children"), Input("_pages_location", "hash"),
                        action=auth.VIEW_REVIEW)
    def combo_note(principal, combo):
        auth.require(principal, auth.EDIT_COMBO_NOTES, combo)
        return f"note on {combo}"

    @auth.data_callback(Output("header-municipality", "title"), Input("_pages_location", "href"),
                        action=auth.VIEW_MONEY)
    def funder_export(principal, funder):
        auth.require(principal, auth.VIEW_FUNDER_DETAIL, funder)
        return f"export of {funder}"

    return _app(db_url, seeded, clock)


def _ask(app, role, output, key, value):
    client = signed_in_client(app, ACCOUNTS[role][0], PW)
    return call_callback(client, app, output, {key: value})


@pytest.mark.parametrize(
    ("role", "output", "key", "value", "allowed"),
    [
        ("official", "header-user.title", "quarter-picker.value", "2025-Q3", False),
        ("network_manager", "header-user.title", "quarter-picker.value", "2025-Q3", True),
        ("coordinator", "header-user.children", "_pages_location.search", "ZUID", False),
        ("coordinator", "header-user.children", "_pages_location.search", "NOORD", True),
        ("official", "header-user.children", "_pages_location.search", "NOORD", False),
        ("coordinator", "header-user.children", "_pages_location.search", None, False),
        ("coordinator", "header-user.children", "_pages_location.search", ["NOORD"], False),
        ("coordinator", "header-municipality.children", "_pages_location.hash", "C9", False),
        ("coordinator", "header-municipality.children", "_pages_location.hash", "C1", True),
        ("coordinator", "header-municipality.children", "_pages_location.hash", "GEEN", False),
        ("network_manager", "header-municipality.children", "_pages_location.hash", "C1", False),
        ("funder", "header-municipality.title", "_pages_location.href", "FND-ZORGKANTOOR", False),
        ("funder", "header-municipality.title", "_pages_location.href", "FND-GEMEENTE", True),
        ("funder", "header-municipality.title", "_pages_location.href", None, False),
        ("official", "header-municipality.title", "_pages_location.href", "FND-GEMEENTE", False),
    ],
)
def test_forged_targets_are_refused_and_audited(probe_app, seeded, role, output, key, value, allowed):
    response = _ask(probe_app, role, output, key, value)
    if allowed:
        assert response.status_code == 200, _audit_rows(seeded)[-3:]
        return
    assert response.status_code == 403 and response.get_json() == {"error": "forbidden"}
    name = ACCOUNTS[role][0]
    assert any(r[0] == name and r[3] == "refused" for r in _audit_rows(seeded))
    assert audit_ok(seeded)


def audit_ok(engine):
    with db.connect(engine) as conn:
        return audit.verify(conn) == []


def test_callbacks_registered_here_are_cleaned_up():
    # The probe callbacks went onto probe_app only; nothing is left in Dash's global map.
    assert not dash._callback.GLOBAL_CALLBACK_MAP
