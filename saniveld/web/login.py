"""Login, logout and the language switch: plain Flask routes, plain HTML forms.

The login page is served without Dash (no script at all), so it works before anyone has a
session and under the strictest policy. Its form is protected against login CSRF with a
double-submit token: a random cookie and the same value in a hidden field.
"""

from __future__ import annotations

import hmac
import secrets

import flask

from saniveld.web import auth, context, i18n, security
from saniveld.web.i18n import t

LOGIN_CSRF_COOKIE = "saniveld_login_csrf"

blueprint = flask.Blueprint("saniveld_login", __name__, template_folder="templates")


def _render_login(error: str | None = None, notice: str | None = None, status: int = 200):
    lang = i18n.current_language()
    token = flask.request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    next_path = security.safe_next(flask.request.values.get("next"))
    html = flask.render_template(
        "login.html",
        lang=lang,
        t=lambda key, **p: t(key, lang, **p),
        municipality=context.municipality_name(),
        error=error,
        notice=notice,
        csrf_token=token,
        next_path=next_path,
        username=flask.request.form.get("username", ""),
        other_languages=[code for code in i18n.languages() if code != lang],
    )
    response = flask.make_response(html, status)
    security.set_cookie(response, LOGIN_CSRF_COOKIE, token, http_only=True)
    return response


@blueprint.get("/login")
def login():
    if auth.current_principal() is not None:
        return flask.redirect(security.safe_next(flask.request.args.get("next")))
    notice = t("login.logged_out") if flask.request.args.get("logged_out") else None
    return _render_login(notice=notice)


def _login_csrf_ok() -> bool:
    cookie = flask.request.cookies.get(LOGIN_CSRF_COOKIE, "")
    sent = flask.request.form.get(auth.CSRF_FORM_FIELD, "")
    return bool(cookie) and hmac.compare_digest(cookie, sent) and security.same_origin()


@blueprint.post("/login")
def login_submit():
    if not _login_csrf_ok():
        return _render_login(error=t("login.expired_form"), status=400)
    username = flask.request.form.get("username", "").strip()
    password = flask.request.form.get("password", "")
    if not username or not password:
        return _render_login(error=t("login.failed"))
    try:
        principal = auth.auth_backend().authenticate(
            username, password, flask.request.remote_addr or "-"
        )
    except auth.LoginThrottled:
        return _render_login(error=t("login.throttled"), status=429)
    if principal is None:
        return _render_login(error=t("login.failed"))
    previous = flask.request.cookies.get(auth.SESSION_COOKIE)
    if previous:
        auth.auth_backend().close_session(previous)
    token = auth.auth_backend().open_session(principal)  # a new token: no session fixation
    response = flask.redirect(security.safe_next(flask.request.form.get("next")))
    security.set_cookie(response, auth.SESSION_COOKIE, token, http_only=True)
    security.set_cookie(response, auth.CSRF_COOKIE, auth.csrf_token_for(token), http_only=False)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@blueprint.post("/logout")
def logout():
    token = flask.request.cookies.get(auth.SESSION_COOKIE)
    sent = flask.request.form.get(auth.CSRF_FORM_FIELD, "")
    if token:
        if not hmac.compare_digest(auth.csrf_token_for(token), sent):
            return flask.jsonify(error="csrf"), 403
        auth.audit(auth.current_principal(), "logout", None, "ok")
        auth.auth_backend().close_session(token)
    response = flask.redirect(flask.url_for("saniveld_login.login", logged_out=1))
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    response.delete_cookie(auth.CSRF_COOKIE, path="/")
    return response


@blueprint.get("/taal/<lang>")
def switch_language(lang: str):
    """Remember the chosen language and go back to where the user was."""
    response = flask.redirect(security.safe_next(flask.request.args.get("next")))
    security.set_cookie(
        response,
        i18n.LANGUAGE_COOKIE,
        i18n.normalise_language(lang),
        http_only=True,
        max_age=365 * 24 * 3600,
    )
    return response
