"""Who is asking, and may they: the seams between the web layer and the access domain.

- :func:`current_principal` — the signed-in user of this request, looked up on the server
  from the random token in the session cookie (never from anything the browser says).
- :func:`is_allowed` / :func:`require` — the permission question, decided by
  :func:`saniveld.access.allowed` (the one module deciding every permission).
- :func:`data_callback` — the only way a page registers a callback that reads or writes data:
  it resolves the principal, asks :func:`is_allowed` for the callback's action, and passes the
  principal as the first argument. :func:`ui_callback` marks callbacks that touch no data.
  ``create_app`` refuses to start when a callback is neither (see :func:`unguarded_callbacks`).
- :class:`AuthBackend` — where users and sessions live: :class:`saniveld.users.DatabaseAuthBackend`
  (:func:`default_auth_backend`); :class:`MemoryAuthBackend` for tests.
- :func:`audit` — the hash-chained audit log (:mod:`saniveld.audit`) of the app's database.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from typing import Callable, Iterable, Protocol

import dash
import flask
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from werkzeug.exceptions import Forbidden, Unauthorized

from saniveld import access, settings, users
from saniveld import audit as audit_log
from saniveld.access import Action
from saniveld.db import engine as db
from saniveld.db import schema

SESSION_COOKIE = "saniveld_session"
# Dash's renderer copies this cookie into the X-CSRFToken header of every callback request
# (dash.Dash(csrf_token_name=..., csrf_header_name=...)); the cookie is therefore readable
# by the page's own script, and its value is bound to the session (see csrf_token_for).
CSRF_COOKIE = "_csrf_token"
CSRF_HEADER = "X-CSRFToken"
CSRF_FORM_FIELD = "csrf_token"

# The actions pages ask about: aliases of saniveld.access.Action (a StrEnum, so each equals its
# string). saniveld.access decides them; this list is the vocabulary pages import.
VIEW_OVERVIEW = Action.VIEW_OVERVIEW  # header context: municipality, quarters
VIEW_REVIEW = Action.VIEW_REVIEW
EDIT_REVIEW = Action.EDIT_REVIEW  # notes, decisions
EDIT_INITIATIVES = Action.EDIT_INITIATIVES
VIEW_NETWORK = Action.VIEW_NETWORK
VIEW_ROLES = Action.VIEW_ROLES
VIEW_MONEY = Action.VIEW_MONEY
MOVE_MONEY = Action.MOVE_MONEY
LOCK_QUARTER = Action.LOCK_QUARTER
REOPEN_QUARTER = Action.REOPEN_QUARTER
VIEW_CLUSTER = Action.VIEW_CLUSTER  # target: the cluster code
VIEW_CLUSTER_DETAIL = Action.VIEW_CLUSTER_DETAIL  # target: the cluster code
VIEW_PERSONS = Action.VIEW_PERSONS  # target: the cluster code (residents' actor codes)
VIEW_FUNDER_DETAIL = Action.VIEW_FUNDER_DETAIL  # target: the funder actor code
EDIT_COMBO_NOTES = Action.EDIT_COMBO_NOTES  # target: the combo code (or an access.Combo)
IMPORT_PACKAGE = Action.IMPORT_PACKAGE
EXPORT_PACKAGE = Action.EXPORT_PACKAGE
EXPORT_REPORT = Action.EXPORT_REPORT
MANAGE_USERS = Action.MANAGE_USERS
EDIT_SETTINGS = Action.EDIT_SETTINGS

_log = logging.getLogger(__name__)
_audit_log = logging.getLogger("saniveld.audit")


# The principal and the throttle error are the domain's own (one definition each).
Principal = access.Principal

class ConfigurationError(RuntimeError):
    """The app cannot start safely with this configuration."""


LoginThrottled = users.LoginThrottled


class AuthBackend(Protocol):
    """Users and server-side sessions. Implementations audit logins and throttle attempts."""

    def authenticate(self, username: str, password: str, address: str) -> Principal | None:
        """The principal for correct credentials, else None; raises LoginThrottled."""

    def open_session(self, principal: Principal) -> str:
        """A new random session token for this principal (the cookie value)."""

    def principal_for_token(self, token: str) -> Principal | None:
        """The principal of a live session (and mark it active), else None (expired, revoked)."""

    def close_session(self, token: str) -> None:
        """End the session (logout)."""


# ---------------------------------------------------------------------------------------------
# A stand-in backend, in process memory


def token_hash(token: str) -> str:
    """What a store keeps of a session token: its SHA-256, so a leaked store leaks no sessions."""
    return hashlib.sha256(token.encode()).hexdigest()


class MemoryAuthBackend:
    """Users with argon2 hashes and sessions in a dict; one process only (development, tests)."""

    _DUMMY_HASH = PasswordHasher().hash("not-a-real-password")

    def __init__(self, users: dict[str, tuple[str, Principal]]):
        self._users = users  # username -> (argon2 hash, principal)
        self._sessions: dict[str, tuple[Principal, float]] = {}
        self._failures: list[tuple[float, str, str]] = []
        self._lock = threading.Lock()
        self._hasher = PasswordHasher()
        web = settings.settings()["web"]
        self._idle_seconds = 60 * int(web["session_idle_minutes"])
        self._max_failures = int(web["login_attempts"])
        self._window = int(web["login_window_seconds"])

    @classmethod
    def with_passwords(cls, users: Iterable[tuple[Principal, str]]) -> "MemoryAuthBackend":
        hasher = PasswordHasher()
        return cls({p.username: (hasher.hash(pw), p) for p, pw in users})

    def authenticate(self, username: str, password: str, address: str) -> Principal | None:
        now = time.monotonic()
        with self._lock:
            self._failures = [f for f in self._failures if now - f[0] < self._window]
            recent = sum(1 for _, u, a in self._failures if u == username or a == address)
            if recent >= self._max_failures:
                audit(None, "login", username, "refused", "throttled")
                raise LoginThrottled(username)
        stored = self._users.get(username)
        try:
            # Verify against a dummy hash for unknown names too: the same work either way.
            self._hasher.verify(stored[0] if stored else self._DUMMY_HASH, password)
            ok = stored is not None
        except VerificationError:
            ok = False
        if not ok:
            with self._lock:
                self._failures.append((now, username, address))
            audit(None, "login", username, "failed")
            return None
        audit(stored[1], "login", username, "ok")
        return stored[1]

    def open_session(self, principal: Principal) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token_hash(token)] = (principal, time.monotonic())
        return token

    def principal_for_token(self, token: str) -> Principal | None:
        key = token_hash(token)
        now = time.monotonic()
        with self._lock:
            found = self._sessions.get(key)
            if found is None:
                return None
            principal, last_seen = found
            if now - last_seen > self._idle_seconds:
                del self._sessions[key]
                return None
            self._sessions[key] = (principal, now)
            return principal

    def close_session(self, token: str) -> None:
        with self._lock:
            self._sessions.pop(token_hash(token), None)


def default_auth_backend(engine) -> AuthBackend:
    """The user store the app signs in against: the ``users`` table of its database."""
    with db.connect(engine) as conn:
        if users.list_users(conn).empty:
            _log.warning(
                "Er zijn nog geen gebruikers: maak er een met `saniveld users add NAAM --role admin`. "
                "/ No users yet: create one with `saniveld users add NAME --role admin`."
            )
    return users.DatabaseAuthBackend(engine)


# ---------------------------------------------------------------------------------------------
# The current request


def auth_backend() -> AuthBackend:
    return flask.current_app.config["SANIVELD_AUTH"]


def current_principal() -> Principal | None:
    """The signed-in user of this request, from the server-side session (cached per request)."""
    if not flask.has_request_context():
        return None
    if "saniveld_principal" not in flask.g:
        token = flask.request.cookies.get(SESSION_COOKIE)
        flask.g.saniveld_principal = auth_backend().principal_for_token(token) if token else None
    return flask.g.saniveld_principal


def csrf_token_for(session_token: str) -> str:
    """The CSRF token of a session: an HMAC of its token, so it needs no storage of its own."""
    key = flask.current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()


def current_csrf_token() -> str | None:
    token = flask.request.cookies.get(SESSION_COOKIE) if flask.has_request_context() else None
    return csrf_token_for(token) if token else None


# ---------------------------------------------------------------------------------------------
# Permissions and audit (seams for saniveld.access)


def _resolve_target(action: str, target: object | None) -> object | None:
    """A combo code given to a combo-scoped action becomes an access.Combo (with its cluster)."""
    if action == Action.EDIT_COMBO_NOTES and isinstance(target, str):
        engine = flask.current_app.config.get("SANIVELD_ENGINE") if flask.has_app_context() else None
        if engine is None:
            return access.Combo(target, "")  # no cluster known: refused
        with db.connect(engine) as conn:
            cluster = conn.execute(
                sa.select(schema.combos.c.cluster_code).where(schema.combos.c.combo_code == target)
            ).scalar()
        return access.Combo(target, cluster or "")  # an unknown combo is in no cluster: refused
    return target


def is_allowed(principal: Principal | None, action: str, target: object | None = None) -> bool:
    """May `principal` do `action` (on `target`)? Decided by :func:`saniveld.access.allowed`."""
    return access.allowed(principal, action, _resolve_target(action, target))


def audit(
    principal: Principal | None,
    action: str,
    obj: str | None,
    outcome: str,
    detail: str | None = None,
) -> None:
    """Record who did what to which object, and how it ended (ok, refused, failed).

    Written to the hash-chained audit log of the app's database (:mod:`saniveld.audit`) and
    to the ``saniveld.audit`` logger.
    """
    _audit_log.info(
        "user=%s role=%s action=%s object=%s outcome=%s detail=%s",
        principal.username if principal else None,
        principal.role if principal else None,
        action,
        obj,
        outcome,
        detail,
    )
    engine = flask.current_app.config.get("SANIVELD_ENGINE") if flask.has_app_context() else None
    if engine is not None:
        with audit_log.chain_lock, db.transaction(engine) as conn:
            audit_log.record_for(conn, principal, str(action), obj, outcome, detail)


class CallbackRefused(Forbidden):
    """A callback (or download) asked for something its user may not see or change: HTTP 403."""

    description = "Geen toegang / Not allowed."


def require(principal: Principal | None, action: str, target: object | None = None) -> None:
    """Refuse (403, audited) unless `principal` may do `action` on `target`."""
    if principal is None:
        raise Unauthorized()
    if not is_allowed(principal, action, target):
        shown = None if target is None or target is access.ANY else str(target)
        audit(principal, action, shown, "refused")
        raise CallbackRefused()


# ---------------------------------------------------------------------------------------------
# Callbacks


def _guarded(func: Callable, action: str) -> Callable:
    def guarded(*args, **kwargs):
        principal = current_principal()
        require(principal, action, access.ANY)
        return func(principal, *args, **kwargs)

    # Not functools.wraps: no __wrapped__, so nothing can reach `func` without the guard.
    guarded.__name__ = func.__name__
    guarded.__qualname__ = func.__qualname__
    guarded.__module__ = func.__module__
    guarded.__doc__ = func.__doc__
    guarded.saniveld_action = action
    return guarded


_FORBIDDEN_CALLBACK_OPTIONS = ("api_endpoint", "background", "mcp_enabled", "websocket")


def data_callback(*args, action: str, **kwargs) -> Callable[[Callable], Callable]:
    """Register a Dash callback that reads or writes data, guarded by `action`.

    The function receives the principal first, then the callback's inputs and states::

        @data_callback(Output("x", "children"), Input("quarter-picker", "value"),
                       action=auth.VIEW_REVIEW)
        def show_indicators(principal, quarter): ...

    Decisions that depend on the inputs (a cluster code, a combo) call :func:`require`
    inside with that target. Returns the undecorated function, so tests call it directly.
    """
    for option in _FORBIDDEN_CALLBACK_OPTIONS:
        if kwargs.get(option):
            raise ValueError(
                f"data_callback does not support {option}=: it would run outside the request "
                "that resolves the principal, or expose the function on another route."
            )
    if action not in set(Action):
        raise ValueError(f"data_callback needs an action of saniveld.access.Action, not {action!r}")

    def register(func: Callable) -> Callable:
        dash.callback(*args, **kwargs)(_guarded(func, action))
        return func

    return register


def ui_callback(*args, **kwargs) -> Callable[[Callable], Callable]:
    """Register a callback that reads no data (navigation state, UI toggles)."""
    for option in _FORBIDDEN_CALLBACK_OPTIONS:
        if kwargs.get(option):
            raise ValueError(f"ui_callback does not support {option}=")

    def register(func: Callable) -> Callable:
        func.saniveld_ui_only = True
        dash.callback(*args, **kwargs)(func)
        return func

    return register


# Dash's own callbacks: the pages router (returns a page layout, which holds no data).
_DASH_INTERNAL_OUTPUTS = ("_pages_content.children",)


def unguarded_callbacks(callback_map: dict) -> list[str]:
    """The server callbacks registered without data_callback or ui_callback."""
    missing = []
    for callback_id, entry in callback_map.items():
        func = entry.get("callback")
        if func is None:  # a clientside callback: runs in the browser, reads no server data
            continue
        if any(callback_id.startswith(f"..{o}") or callback_id.startswith(o) for o in _DASH_INTERNAL_OUTPUTS):
            continue
        inner = getattr(func, "__wrapped__", func)
        if not (getattr(inner, "saniveld_action", None) or getattr(inner, "saniveld_ui_only", False)):
            missing.append(callback_id)
    return missing
