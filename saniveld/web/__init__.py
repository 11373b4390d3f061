"""The Saniveld steering dashboard: a Dash app (pages in `pages/`) served by Flask.

``create_app(db_url)`` builds one app: the database engine on ``app.server.config
["SANIVELD_ENGINE"]`` (schema created), the security gate and headers, the login routes, the
shared frame and the pages. ``app.server`` is the WSGI application.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dash
import flask
from dash import _callback
from markupsafe import escape

from saniveld import settings
from saniveld.db import engine as db
from saniveld.web import auth, i18n, layout, login, responses, security
from saniveld.web.auth import ConfigurationError

__all__ = ["ConfigurationError", "create_app"]

HERE = Path(__file__).resolve().parent
# Uploads arrive base64-encoded inside a callback's JSON body (one third larger than the file).
MAX_REQUEST_BYTES = 200 * 1024 * 1024


class SaniveldDash(dash.Dash):
    """Dash with the page language on ``<html lang>`` and Dutch text while loading."""

    def interpolate_index(self, **kwargs) -> str:
        lang = i18n.current_language()
        kwargs["title"] = escape(i18n.t("app.name", lang))
        kwargs["app_entry"] = kwargs["app_entry"].replace(
            "Loading...", str(escape(i18n.t("app.loading", lang)))
        )
        page = super().interpolate_index(**kwargs)
        return page.replace("<html>", f'<html lang="{lang}">', 1)

    def inline_scripts(self) -> list[str]:
        """Every inline script Dash puts in the page: the CSP allows exactly these by hash."""
        return [self.renderer, *self._inline_scripts]


def secret_key() -> str:
    """SANIVELD_SECRET_KEY; in development a random one per process (sessions end on restart)."""
    key = os.environ.get("SANIVELD_SECRET_KEY", "")
    if key:
        if len(key) < 32:
            raise ConfigurationError("SANIVELD_SECRET_KEY must be at least 32 characters long.")
        return key
    if settings.environment() == "production":
        raise ConfigurationError(
            "SANIVELD_ENV=production needs SANIVELD_SECRET_KEY (a long random string); "
            "the dashboard does not start without it."
        )
    return secrets.token_hex(32)


def _claim_registered_callbacks(app: dash.Dash) -> None:
    """Move the callbacks the pages just registered with `dash.callback` onto this app.

    Dash copies them at the first request; doing it now keeps two apps in one process (tests)
    apart, and lets create_app check every callback before serving anything.
    """
    for callback_id in list(_callback.GLOBAL_CALLBACK_MAP):
        if callback_id in app.callback_map:
            raise dash.exceptions.DuplicateCallback(callback_id)
        app.callback_map[callback_id] = _callback.GLOBAL_CALLBACK_MAP.pop(callback_id)
    app._callback_list.extend(_callback.GLOBAL_CALLBACK_LIST)
    _callback.GLOBAL_CALLBACK_LIST.clear()
    app._inline_scripts.extend(_callback.GLOBAL_INLINE_SCRIPTS)
    _callback.GLOBAL_INLINE_SCRIPTS.clear()
    if _callback.GLOBAL_API_PATHS or app.callback_api_paths:
        raise ConfigurationError("Callbacks may not be exposed as API endpoints.")


def _make_server() -> flask.Flask:
    server = flask.Flask("saniveld.web", root_path=str(HERE), static_folder=None)
    server.config.update(
        SECRET_KEY=secret_key(),
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.environment() == "production",
    )
    proxies = settings.trusted_proxies()
    if proxies:  # the client's address and scheme as the proxy saw them (throttling, audit)
        from werkzeug.middleware.proxy_fix import ProxyFix

        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return server


def _share_the_interpreter() -> None:
    """Let the server's threads take turns at Python every ``[web] switch_interval_ms``
    (:func:`saniveld.settings.switch_interval_ms`; for the whole process, which serves the app)."""
    try:
        sys.setswitchinterval(settings.switch_interval_ms() / 1000)
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from exc


def create_app(db_url: str | None = None, *, config: dict | None = None) -> dash.Dash:
    """The dashboard on the database at `db_url` (default: settings.db_url()).

    `config` may hold ``auth_backend`` (an :class:`auth.AuthBackend`; default
    :func:`auth.default_auth_backend`) and Flask settings (upper-case keys).
    """
    config = dict(config or {})
    _share_the_interpreter()
    responses.install()  # callback responses through orjson (the same JSON as Dash's encoder)
    server = _make_server()
    server.config.update({k: v for k, v in config.items() if k.isupper()})

    engine = db.server_engine(db_url)
    db.create_schema(engine)
    server.config["SANIVELD_ENGINE"] = engine
    server.config["SANIVELD_AUTH"] = config.get("auth_backend") or auth.default_auth_backend(engine)

    holder: dict[str, SaniveldDash] = {}
    # The gate is registered before Dash adds its own request hooks, so it runs first.
    security.install(server, lambda: holder["app"].inline_scripts())
    server.register_blueprint(login.blueprint)

    app = SaniveldDash(
        "saniveld.web",
        server=server,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="Saniveld",
        update_title=None,
        serve_locally=True,
        compress=False,
        include_pages_meta=False,
        # Every page registers callbacks whose components exist only while that page is shown
        # (their Input may be the quarter picker in the frame): the renderer would log each
        # other page's callbacks as errors. Callbacks are checked here instead (guards above).
        suppress_callback_exceptions=True,
        enable_mcp=False,
        websocket_callbacks=False,
        csrf_token_name=auth.CSRF_COOKIE,
        csrf_header_name=auth.CSRF_HEADER,
    )
    holder["app"] = app
    app.layout = layout.shell
    layout.register_callbacks()
    _claim_registered_callbacks(app)
    unguarded = auth.unguarded_callbacks(app.callback_map)
    if unguarded:
        raise ConfigurationError(
            "Every callback must be registered with auth.data_callback or auth.ui_callback; "
            f"not: {', '.join(unguarded)}"
        )
    return app
