"""The gate, CSRF, cookies and headers, over HTTP against the real app on a real DuckDB file."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from urllib.parse import unquote

import pytest
from dash import Input, Output

from saniveld.web import ConfigurationError, auth, create_app, security
from saniveld.web.testing import call_callback, sign_in, signed_in_client

PAGES = ["/", "/netwerk", "/rollen", "/geldstromen", "/cluster", "/cluster/NOORD", "/data"]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def backend():
    return auth.MemoryAuthBackend.with_passwords(
        [
            (auth.Principal("anna", "official", display_name="Anna de Vries"), PASSWORD),
            (auth.Principal("bram", "coordinator", cluster_code="NOORD"), PASSWORD),
        ]
    )


@pytest.fixture
def app(db_url, backend):
    return create_app(db_url, config={"auth_backend": backend})


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def signed_in(client):
    sign_in(client, "anna", PASSWORD)
    return client


# --- unauthenticated ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES + ["/niet-bestaand"])
def test_unauthenticated_page_requests_go_to_login(client, path):
    response = client.get(path + "?kwartaal=2025-Q3")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/login?next=")
    assert security.safe_next(unquote(location.split("next=", 1)[1])) == path + "?kwartaal=2025-Q3"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/_dash-layout"),
        ("GET", "/_dash-dependencies"),
        ("POST", "/_dash-update-component"),
        ("GET", "/_reload-hash"),
        ("GET", "/download/export.zip"),
        ("GET", "/export"),
        ("POST", "/"),
    ],
)
def test_unauthenticated_data_requests_get_401(client, method, path):
    response = client.open(path, method=method, json={})
    assert response.status_code == 401
    assert response.get_json() == {"error": "unauthenticated"}


def test_forged_or_expired_session_cookie_is_not_a_session(client):
    client.set_cookie(auth.SESSION_COOKIE, "made-up-token")
    assert client.get("/_dash-layout").status_code == 401


@pytest.mark.parametrize("path", ["/assets/saniveld.css", "/login", "/_favicon.ico"])
def test_public_paths_need_no_session(client, path):
    assert client.get(path).status_code == 200


# --- login ---------------------------------------------------------------------------------------


def _login_form(client, **fields):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"csrf_token": token, **fields})


def test_login_sets_httponly_session_and_readable_csrf_cookies(client):
    response = _login_form(client, username="anna", password=PASSWORD, next="/rollen")
    assert response.status_code == 302 and response.headers["Location"] == "/rollen"
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    session = cookies[auth.SESSION_COOKIE]
    assert "HttpOnly" in session and "SameSite=Lax" in session and "Path=/" in session
    csrf = cookies[auth.CSRF_COOKIE]
    assert "HttpOnly" not in csrf and "SameSite=Strict" in csrf  # Dash's renderer reads it
    assert client.get("/rollen").status_code == 200


def test_cookies_are_secure_in_production(db_url, backend, monkeypatch):
    monkeypatch.setenv("SANIVELD_ENV", "production")
    monkeypatch.setenv("SANIVELD_SECRET_KEY", "x" * 40)
    client = create_app(db_url, config={"auth_backend": backend}).server.test_client()
    response = _login_form(client, username="anna", password=PASSWORD)
    assert all("Secure" in c for c in response.headers.getlist("Set-Cookie") if "=;" not in c)


def test_signing_in_again_replaces_the_session(app, client):
    sign_in(client, "anna", PASSWORD)
    first = client.get_cookie(auth.SESSION_COOKIE).value
    # A login form opened in another tab, submitted while the first session is still open.
    form_tab = app.server.test_client()
    page = form_tab.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.set_cookie("saniveld_login_csrf", form_tab.get_cookie("saniveld_login_csrf").value)
    response = client.post("/login", data={"csrf_token": token, "username": "bram",
                                           "password": PASSWORD})
    assert response.status_code == 302
    second = client.get_cookie(auth.SESSION_COOKIE).value
    assert first != second
    backend = app.server.config["SANIVELD_AUTH"]
    assert backend.principal_for_token(first) is None
    assert backend.principal_for_token(second).username == "bram"


def test_wrong_password_and_unknown_user_get_the_same_answer(client):
    wrong = _login_form(client, username="anna", password="wrong")
    unknown = _login_form(client, username="nobody", password="wrong")
    assert wrong.status_code == unknown.status_code == 200
    message = "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert auth.SESSION_COOKIE not in str(wrong.headers.getlist("Set-Cookie"))


def test_repeated_failures_are_throttled(client):
    for _ in range(5):  # [web] login_attempts = 5
        assert _login_form(client, username="anna", password="wrong").status_code == 200
    throttled = _login_form(client, username="anna", password=PASSWORD)
    assert throttled.status_code == 429
    assert "Te veel pogingen" in throttled.get_data(as_text=True)


def test_login_form_without_its_token_is_refused(client):
    client.get("/login")
    response = client.post("/login", data={"csrf_token": "forged", "username": "anna",
                                           "password": PASSWORD})
    assert response.status_code == 400
    assert auth.SESSION_COOKIE not in str(response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/rollen?x=1", "/rollen?x=1"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        (None, "/"),
    ],
)
def test_only_local_paths_are_followed_after_login(target, expected):
    assert security.safe_next(target) == expected


def test_language_switch_only_returns_to_local_paths(client):
    response = client.get("/taal/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    assert "saniveld_lang=en" in response.headers["Set-Cookie"]


# --- CSRF on callbacks, logout -------------------------------------------------------------------


def _menu_callback(app) -> str:
    """A callback any signed-in user may call (the menu's current item), whichever pages exist."""
    return next(k for k, v in app.callback_map.items()
                if [(i["id"], i["property"]) for i in v["inputs"]] == [("_pages_location", "pathname")])


def test_callback_without_csrf_header_is_refused(app, signed_in):
    output = _menu_callback(app)
    refused = call_callback(signed_in, app, output, {"_pages_location.pathname": "/"}, csrf=None)
    assert refused.status_code == 403 and refused.get_json() == {"error": "csrf"}
    forged = call_callback(signed_in, app, output, {"_pages_location.pathname": "/"}, csrf="0" * 64)
    assert forged.status_code == 403
    accepted = call_callback(signed_in, app, output, {"_pages_location.pathname": "/"})
    assert accepted.status_code == 200


def test_cross_site_origin_is_refused_even_with_the_token(app, signed_in):
    output = _menu_callback(app)
    token = signed_in.get_cookie(auth.CSRF_COOKIE).value
    response = signed_in.post(
        "/_dash-update-component",
        json={"output": output},
        headers={auth.CSRF_HEADER: token, "Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_csrf_token_of_one_session_does_not_work_for_another(app, client):
    other = signed_in_client(app, "bram", PASSWORD)
    sign_in(client, "anna", PASSWORD)
    output = _menu_callback(app)
    theirs = other.get_cookie(auth.CSRF_COOKIE).value
    response = call_callback(client, app, output, {"_pages_location.pathname": "/"}, csrf=theirs)
    assert response.status_code == 403


def test_logout_needs_the_token_and_ends_the_session(signed_in):
    assert signed_in.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    assert signed_in.get("/_dash-layout").status_code == 200
    token = signed_in.get_cookie(auth.CSRF_COOKIE).value
    session_token = signed_in.get_cookie(auth.SESSION_COOKIE).value
    response = signed_in.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/login?logged_out=1"
    assert signed_in.get("/_dash-layout").status_code == 401
    signed_in.set_cookie(auth.SESSION_COOKIE, session_token)  # the old token is dead server-side
    assert signed_in.get("/_dash-layout").status_code == 401


# --- headers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/login", "/assets/saniveld.css", "/_dash-layout", "/rollen"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "default-src 'self'" in csp
    assert "unsafe-eval" not in csp
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "http" not in script_src


def test_pages_and_data_are_never_cached_but_static_files_may_be(signed_in):
    assert signed_in.get("/rollen").headers["Cache-Control"] == "no-store"
    assert signed_in.get("/_dash-layout").headers["Cache-Control"] == "no-store"
    assert "no-store" not in signed_in.get("/assets/saniveld.css").headers.get("Cache-Control", "")


def test_csp_allows_exactly_the_inline_scripts_of_the_page(signed_in):
    response = signed_in.get("/netwerk")
    # Dash's "<!--[if IE]><script>…" sits in a comment: browsers never run it.
    page = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S)
    inline = [
        body
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
        if "src=" not in attrs and "application/json" not in attrs
    ]
    assert inline  # Dash's renderer bootstrap at least
    csp = response.headers["Content-Security-Policy"]
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert digest in allowed
    assert len(allowed) == len(set(inline))


def test_page_is_served_in_the_chosen_language(signed_in):
    assert '<html lang="nl">' in signed_in.get("/").get_data(as_text=True)
    signed_in.get("/taal/en?next=/")
    page = signed_in.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Loading the dashboard" in page


# --- guarded callbacks --------------------------------------------------------------------------


def test_every_callback_of_the_app_is_guarded(app):
    assert auth.unguarded_callbacks(app.callback_map) == []
    assert app.callback_map  # the walk saw callbacks


def test_an_unguarded_callback_stops_the_app_from_starting(db_url, backend):
    import dash

    @dash.callback(Output("header-user", "title"), Input("quarter-picker", "value"))
    def leaks(quarter):
        return quarter

    with pytest.raises(ConfigurationError, match="header-user.title"):
        create_app(db_url, config={"auth_backend": backend})


@pytest.mark.parametrize("option", [{"background": True}, {"api_endpoint": "/api/x"}])
def test_data_callbacks_cannot_escape_the_request(option):
    with pytest.raises(ValueError):
        auth.data_callback(Output("a", "children"), Input("b", "value"), action="x", **option)


@pytest.fixture
def probe_app(db_url, backend):
    """An app with one data callback that echoes who asked, guarded by VIEW_REVIEW."""

    @auth.data_callback(
        Output("header-user", "title"), Input("quarter-picker", "value"), action=auth.VIEW_REVIEW
    )
    def who_asks(principal, quarter):
        return f"{principal.username}/{principal.role}/{quarter}"

    return create_app(db_url, config={"auth_backend": backend})


def test_data_callback_gets_the_principal_from_the_session(probe_app):
    client = signed_in_client(probe_app, "bram", PASSWORD)
    response = call_callback(client, probe_app, "header-user.title",
                             {"quarter-picker.value": "2025-Q3"})
    assert response.status_code == 200
    assert response.get_json()["response"]["header-user"]["title"] == "bram/coordinator/2025-Q3"


def test_data_callback_refusal_is_403_and_audited(probe_app, monkeypatch, caplog):
    monkeypatch.setattr(auth, "is_allowed", lambda principal, action, target=None: action != auth.VIEW_REVIEW)
    client = signed_in_client(probe_app, "anna", PASSWORD)
    with caplog.at_level(logging.INFO, logger="saniveld.audit"):
        response = call_callback(client, probe_app, "header-user.title",
                                 {"quarter-picker.value": "2025-Q3"})
    assert response.status_code == 403 and response.get_json() == {"error": "forbidden"}
    assert any("user=anna" in r.message and "action=view_review" in r.message
               and "outcome=refused" in r.message for r in caplog.records)


def test_callback_for_an_unknown_output_does_not_run_anything(app, signed_in):
    token = signed_in.get_cookie(auth.CSRF_COOKIE).value
    response = signed_in.post("/_dash-update-component", json={"output": "nope.children",
                              "outputs": {"id": "nope", "property": "children"}, "inputs": [],
                              "changedPropIds": []}, headers={auth.CSRF_HEADER: token})
    assert response.status_code >= 400


# --- configuration -------------------------------------------------------------------------------


def test_production_without_secret_key_refuses_to_start(db_url, backend, monkeypatch):
    monkeypatch.setenv("SANIVELD_ENV", "production")
    with pytest.raises(ConfigurationError, match="SANIVELD_SECRET_KEY"):
        create_app(db_url, config={"auth_backend": backend})


def test_a_short_secret_key_is_refused(db_url, backend, monkeypatch):
    monkeypatch.setenv("SANIVELD_SECRET_KEY", "short")
    with pytest.raises(ConfigurationError, match="32"):
        create_app(db_url, config={"auth_backend": backend})


def test_the_default_user_store_is_the_database(db_url):
    from saniveld import users

    app = create_app(db_url)
    assert isinstance(app.server.config["SANIVELD_AUTH"], users.DatabaseAuthBackend)


def test_a_data_callback_needs_a_known_action():
    with pytest.raises(ValueError, match="action"):
        auth.data_callback(Output("a", "children"), Input("b", "value"), action="probe")


def _failed_login_from(client, address: str, username: str) -> int:
    page = client.get("/login", headers={"X-Forwarded-For": address}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", headers={"X-Forwarded-For": address},
                       data={"csrf_token": token, "username": username, "password": "wrong"}).status_code


def _attempt_addresses(app) -> list[str]:
    import sqlalchemy as sa

    from saniveld.db import schema

    with app.server.config["SANIVELD_ENGINE"].connect() as conn:
        return conn.execute(sa.select(schema.login_attempts.c.address)
                            .order_by(schema.login_attempts.c.attempt_id)).scalars().all()


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(db_url, monkeypatch):
    monkeypatch.delenv("SANIVELD_TRUSTED_PROXIES", raising=False)
    app = create_app(db_url)  # the database's users: failed attempts are kept with their address
    assert _failed_login_from(app.server.test_client(), "203.0.113.7", "iemand") == 200
    assert _attempt_addresses(app) == ["127.0.0.1"]  # the test client's own address


def test_behind_one_trusted_proxy_throttling_counts_per_client(db_url, monkeypatch):
    monkeypatch.setenv("SANIVELD_TRUSTED_PROXIES", "1")
    app = create_app(db_url)
    client = app.server.test_client()
    for i in range(5):  # [web] login_attempts = 5, each for another user name
        assert _failed_login_from(client, "203.0.113.7", f"gebruiker{i}") == 200
    assert _failed_login_from(client, "203.0.113.7", "nog-een") == 429
    # another resident behind the same proxy is not locked out by the first one's failures
    assert _failed_login_from(client, "198.51.100.20", "nog-een") == 200
    assert _attempt_addresses(app) == ["203.0.113.7"] * 5 + ["198.51.100.20"]


@pytest.mark.parametrize("value", ["twee", "-1", "9"])
def test_a_wrong_trusted_proxies_setting_stops_the_start(db_url, monkeypatch, value):
    monkeypatch.setenv("SANIVELD_TRUSTED_PROXIES", value)
    with pytest.raises(ValueError, match="SANIVELD_TRUSTED_PROXIES"):
        create_app(db_url)


@pytest.fixture
def switch_interval():
    """Python's switch interval as it was, restored after the test (it is the process's)."""
    import sys

    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # Python's own, so the app's setting shows
    yield sys
    sys.setswitchinterval(before)


def _settings_with(tmp_path, monkeypatch, line: str | None):
    import shutil
    from pathlib import Path

    from saniveld import settings

    folder = tmp_path / "config"
    shutil.copytree(Path(settings.PROJECT_ROOT) / "config", folder)
    text = (folder / "settings.toml").read_text(encoding="utf-8")
    assert "switch_interval_ms = 0.5\n" in text
    (folder / "settings.toml").write_text(text.replace("switch_interval_ms = 0.5\n", line or ""), encoding="utf-8")
    monkeypatch.setenv("SANIVELD_CONFIG_DIR", str(folder))


def test_the_app_lets_its_threads_take_turns_every_half_millisecond(db_url, backend, switch_interval):
    create_app(db_url, config={"auth_backend": backend})
    assert switch_interval.getswitchinterval() == pytest.approx(0.0005)


def test_the_switch_interval_comes_from_the_settings(db_url, backend, switch_interval, tmp_path, monkeypatch):
    _settings_with(tmp_path, monkeypatch, "switch_interval_ms = 2\n")
    create_app(db_url, config={"auth_backend": backend})
    assert switch_interval.getswitchinterval() == pytest.approx(0.002)


def test_without_the_setting_the_switch_interval_is_half_a_millisecond(db_url, backend, switch_interval,
                                                                        tmp_path, monkeypatch):
    _settings_with(tmp_path, monkeypatch, None)
    create_app(db_url, config={"auth_backend": backend})
    assert switch_interval.getswitchinterval() == pytest.approx(0.0005)


@pytest.mark.parametrize("value", ["0", "-1", "500", '"fast"', "true"])
def test_a_bad_switch_interval_is_refused_and_changes_nothing(db_url, backend, switch_interval,
                                                               tmp_path, monkeypatch, value):
    _settings_with(tmp_path, monkeypatch, f"switch_interval_ms = {value}\n")
    with pytest.raises(ConfigurationError, match=r"switch_interval_ms.*settings.toml.*between 0.05 and 100"):
        create_app(db_url, config={"auth_backend": backend})
    assert switch_interval.getswitchinterval() == pytest.approx(0.005)
