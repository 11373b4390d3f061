"""Helpers for tests that talk HTTP to the app as a browser would (Flask's test client).

    client = signed_in_client(app, "anna", password)
    response = call_callback(client, app, "review-diagnostics-body.children",
                             inputs={"quarter-picker.value": "2025-Q3"})

Used by the web tests, the authorisation tests that walk every callback as every role, and the
benchmarks (bench/).
"""

from __future__ import annotations

import re

from saniveld.web import auth
from saniveld.web.i18n import LANGUAGE_COOKIE

_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_in(client, username: str, password: str) -> str:
    """Log in through the login form; returns the session's CSRF token (for callback headers)."""
    page = client.get("/login")
    token = _FORM_TOKEN.search(page.get_data(as_text=True)).group(1)
    response = client.post(
        "/login", data={"csrf_token": token, "username": username, "password": password}
    )
    if response.status_code != 302:
        raise AssertionError(f"login as {username!r} failed ({response.status_code})")
    cookie = client.get_cookie(auth.CSRF_COOKIE)
    return cookie.value


def signed_in_client(app, username: str, password: str, *, lang: str | None = None):
    """A fresh test client of `app`, signed in as `username` (with the language cookie set to
    `lang` first, when given)."""
    client = app.server.test_client()
    if lang:
        client.set_cookie(LANGUAGE_COOKIE, lang)
    sign_in(client, username, password)
    return client


def callback_body(app, output: str, inputs: dict | None = None, state: dict | None = None) -> dict:
    """The JSON Dash's renderer posts to ``/_dash-update-component`` for callback `output`.

    `inputs` and `state` map ``"component-id.property"`` to the value to send; any value may be
    forged, which is the point of the authorisation tests.
    """
    entry = app.callback_map[output]
    inputs = inputs or {}
    state = state or {}

    def listed(specs, values):
        return [
            {"id": s["id"], "property": s["property"], "value": values.get(f"{s['id']}.{s['property']}")}
            for s in specs
        ]

    outputs = [
        {"id": o.component_id, "property": o.component_property}
        for o in (entry["output"] if isinstance(entry["output"], list) else [entry["output"]])
    ]
    return {
        "output": output,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": listed(entry["inputs"], inputs),
        "state": listed(entry["state"], state),
        "changedPropIds": list(inputs),
    }


def call_callback(client, app, output: str, inputs=None, state=None, *, csrf: str | None = "cookie"):
    """POST a callback as the signed-in client; ``csrf=None`` leaves the CSRF header out."""
    headers = {}
    if csrf == "cookie":
        cookie = client.get_cookie(auth.CSRF_COOKIE)
        if cookie is not None:
            headers[auth.CSRF_HEADER] = cookie.value
    elif csrf is not None:
        headers[auth.CSRF_HEADER] = csrf
    return client.post(
        "/_dash-update-component", json=callback_body(app, output, inputs, state), headers=headers
    )
