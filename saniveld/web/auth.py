"""Who is asking, and may they: the seams between the web layer and the access domain.

- :func:`current_principal` — the signed-in user of this request, looked up on the server
  from the random token in the session cookie (never from anything the browser says).
- :func:`is_allowed` / :func:`require` — the permission question. A stub today (deny without
  a principal); the decisions move to ``saniveld.access`` when it lands.
- :func:`data_callback` — the only way a page registers a callback that reads or writes data:
  it resolves the principal, asks :func:`is_allowed` for the callback's action, and passes the
  principal as the first argument. :func:`ui_callback` marks callbacks that touch no data.
  ``create_app`` refuses to start when a callback is neither (see :func:`unguarded_callbacks`).
- :class:`AuthBackend` — where users and sessions live. :class:`MemoryAuthBackend` stands in
  until ``saniveld.users`` provides the database-backed one; swapping is the one line in
  :func:`default_auth_backend`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

import dash
import flask
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from werkzeug.exceptions import Forbidden, Unauthorized

from saniveld import settings

SESSION_COOKIE = "saniveld_session"
# Dash's renderer copies this cookie into the X-CSRFToken header of every callback request
# (dash.Dash(csrf_token_name=..., csrf_header_name=...)); the cookie is therefore readable
# by the page's own script, and its value is bound to the session (see csrf_token_for).
CSRF_COOKIE = "_csrf_token"
CSRF_HEADER = "X-CSRFToken"
CSRF_FORM_FIELD = "csrf_token"

# The actions pages ask about. saniveld.access decides them; this list is the vocabulary.
VIEW_OVERVIEW = "view_overview"  # header context: municipality, quarters
VIEW_REVIEW = "view_review"
EDIT_REVIEW = "edit_review"  # notes, decisions
EDIT_INITIATIVES = "edit_initiatives"
VIEW_NETWORK = "view_network"
VIEW_ROLES = "view_roles"
VIEW_MONEY = "view_money"
MOVE_MONEY = "move_money"
LOCK_QUARTER = "lock_quarter"
VIEW_CLUSTER = "view_cluster"  # target: the cluster code
EDIT_COMBO_NOTES = "edit_combo_notes"  # target: the combo code
IMPORT_PACKAGE = "import_package"
EXPORT_PACKAGE = "export_package"
MANAGE_USERS = "manage_users"

_log = logging.getLogger(__name__)
_audit_log = logging.getLogger("saniveld.audit")


@dataclass(frozen=True)
class Principal:
    """A signed-in user as the web layer needs them (mirrors the ``users`` table)."""

    username: str
    role: str  # official | funder | network_manager | coordinator | admin
    display_name: str | None = None
    cluster_code: str | None = None  # coordinators: their one cluster
    funder_code: str | None = None  # funders: their funder actor
    user_id: int | None = None

    @property
    def label(self) -> str:
        return self.display_name or self.username


class ConfigurationError(RuntimeError):
    """The app cannot start safely with this configuration."""


class LoginThrottled(Exception):
    """Too many failed attempts for this user name or address; try again later."""


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


DEVELOPMENT_USERNAME = "ontwikkelaar"


def development_backend() -> tuple[MemoryAuthBackend, str]:
    """One admin user with a fresh random password (returned, to be shown once)."""
    if settings.environment() == "production":
        raise ConfigurationError(
            "SANIVELD_ENV=production needs the database user store; the temporary in-memory "
            "user is for development only."
        )
    password = secrets.token_urlsafe(12)
    principal = Principal(DEVELOPMENT_USERNAME, "admin", display_name="Ontwikkelaar")
    return MemoryAuthBackend.with_passwords([(principal, password)]), password


def default_auth_backend(engine) -> AuthBackend:
    """The user store the app signs in against.

    The one line to change when ``saniveld.users`` lands:
    ``return users.DatabaseAuthBackend(engine)``.
    """
    backend, password = development_backend()
    _log.warning(
        "Tijdelijke gebruiker / temporary user: %s, wachtwoord / password: %s",
        DEVELOPMENT_USERNAME,
        password,
    )
    return backend


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


def is_allowed(principal: Principal | None, action: str, target: object | None = None) -> bool:
    """May `principal` do `action` (on `target`)?

    Stub until ``saniveld.access`` lands: nobody without a principal; every signed-in user
    otherwise. Replace the body with ``return access.is_allowed(principal, action, target)``.
    """
    return principal is not None


def audit(
    principal: Principal | None,
    action: str,
    obj: str | None,
    outcome: str,
    detail: str | None = None,
) -> None:
    """Record who did what to which object, and how it ended (ok, refused, failed).

    Writes to the ``saniveld.audit`` logger until the hash-chained audit log of
    ``saniveld.access`` lands; then this calls it.
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


class CallbackRefused(Forbidden):
    """A callback (or download) asked for something its user may not see or change: HTTP 403."""

    description = "Geen toegang / Not allowed."


def require(principal: Principal | None, action: str, target: object | None = None) -> None:
    """Refuse (403, audited) unless `principal` may do `action` on `target`."""
    if principal is None:
        raise Unauthorized()
    if not is_allowed(principal, action, target):
        audit(principal, action, None if target is None else str(target), "refused")
        raise CallbackRefused()


# ---------------------------------------------------------------------------------------------
# Callbacks


def _guarded(func: Callable, action: str) -> Callable:
    def guarded(*args, **kwargs):
        principal = current_principal()
        require(principal, action)
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
    if not action:
        raise ValueError("data_callback needs an action")

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
