"""The gate in front of every request, and the headers on every response.

- Unauthenticated: a page request is redirected to ``/login``; everything else (Dash's
  ``/_dash-*`` endpoints, downloads, exports, any other route) gets 401. Only the login page,
  the language switch and static files are public: what is not listed here needs a session.
- State-changing requests (POST, PUT, PATCH, DELETE) carry the session's CSRF token in the
  ``X-CSRFToken`` header (Dash's renderer sends it from the ``_csrf_token`` cookie) or in a
  ``csrf_token`` form field, and a cross-site ``Origin`` is refused.
- Every response carries the security headers; the Content-Security-Policy allows scripts
  only from this server plus the SHA-256 hashes of Dash's own inline scripts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Callable, Iterable
from urllib.parse import urlsplit

import flask

from saniveld import settings
from saniveld.web import auth

PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
PUBLIC_PATHS = ("/login", "/logout", "/_favicon.ico")
PUBLIC_PREFIXES_EXACT = ("/taal/",)
# Requests a browser does not navigate to: answered with 401 instead of a redirect.
API_PREFIXES = ("/_", "/download", "/export", "/api")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")


def is_public(path: str) -> bool:
    return (
        path in PUBLIC_PATHS
        or path.startswith(PUBLIC_PREFIXES)
        or path.startswith(PUBLIC_PREFIXES_EXACT)
    )


def is_api(path: str) -> bool:
    return path.startswith(API_PREFIXES)


def safe_next(target: str | None) -> str:
    """A local path to return to after login; anything else (another site) becomes ``/``."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def is_secure_request() -> bool:
    return flask.request.is_secure or settings.environment() == "production"


def same_origin() -> bool:
    origin = flask.request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None
    return origin.rstrip("/") == flask.request.host_url.rstrip("/")


def _csrf_ok() -> bool:
    expected = auth.current_csrf_token()
    sent = flask.request.headers.get(auth.CSRF_HEADER) or flask.request.form.get(
        auth.CSRF_FORM_FIELD
    )
    return bool(expected and sent) and hmac.compare_digest(expected, sent)


def _unauthenticated():
    path = flask.request.path
    if flask.request.method in ("GET", "HEAD") and not is_api(path):
        full = flask.request.full_path.rstrip("?")
        return flask.redirect(flask.url_for("saniveld_login.login", next=full))
    return flask.jsonify(error="unauthenticated"), 401


def gate():
    """Flask before_request: authentication first, then CSRF for state-changing requests."""
    path = flask.request.path
    if is_public(path):
        return None
    if auth.current_principal() is None:
        return _unauthenticated()
    if flask.request.method not in SAFE_METHODS and not (same_origin() and _csrf_ok()):
        auth.audit(auth.current_principal(), "csrf", path, "refused")
        return flask.jsonify(error="csrf"), 403
    return None


# ---------------------------------------------------------------------------------------------
# Response headers


def script_hash(source: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def content_security_policy(inline_scripts: Iterable[str] = ()) -> str:
    """The policy: this origin only; inline scripts only by hash; no frames, no plugins."""
    hashes = sorted({script_hash(s) for s in inline_scripts})
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *hashes],
        # Dash's component bundles inject their CSS as <style> elements at runtime and Plotly
        # writes style attributes: styles may be inline, scripts may not.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def secure_headers_hook(inline_scripts: Callable[[], Iterable[str]]):
    """Flask after_request: the security headers of every response."""

    def add_headers(response: flask.Response) -> flask.Response:
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(inline_scripts())
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if flask.request.is_secure:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if not flask.request.path.startswith(STATIC_PREFIXES):
            # Pages and callback answers hold data about people and money: never cache them.
            headers["Cache-Control"] = "no-store"
        return response

    return add_headers


def set_cookie(
    response: flask.Response, name: str, value: str, *, http_only: bool, max_age: int | None = None
) -> None:
    """A cookie with the attributes every cookie of this app has (a browser-session cookie
    unless `max_age` says otherwise)."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=http_only,
        secure=is_secure_request(),
        samesite="Lax" if http_only else "Strict",
        path="/",
    )


def refresh_csrf_cookie(response: flask.Response) -> flask.Response:
    """Flask after_request: keep the session's CSRF cookie present for Dash's renderer."""
    token = auth.current_csrf_token()
    if (
        token
        and auth.current_principal() is not None
        and flask.request.cookies.get(auth.CSRF_COOKIE) != token
        and not flask.request.path.startswith(STATIC_PREFIXES)
    ):
        set_cookie(response, auth.CSRF_COOKIE, token, http_only=False)
    return response


def install(server: flask.Flask, inline_scripts: Callable[[], Iterable[str]]) -> None:
    """Register the gate and the header hooks; call before Dash adds its own hooks."""
    server.before_request(gate)
    server.after_request(refresh_csrf_cookie)
    server.after_request(secure_headers_hook(inline_scripts))
    server.errorhandler(auth.CallbackRefused)(
        lambda exc: (flask.jsonify(error="forbidden"), 403)
    )
