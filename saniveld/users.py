"""Users, passwords, login throttling and server-side sessions, in the database.

- Passwords are hashed with argon2 (argon2-cffi); unknown user names are verified against a
  dummy hash, so a wrong name and a wrong password take the same time and give the same answer.
- :func:`authenticate` refuses (:class:`LoginThrottled`) after ``[web] login_attempts`` failed
  attempts for the user name or from the address within ``login_window_seconds``.
- Sessions: the cookie holds a random token, ``web_sessions`` only its SHA-256; a session
  ends after ``session_idle_minutes`` without a request, on logout, when its user is disabled
  or changes password. The web server takes a session found live as live for
  ``session_recheck_seconds`` (5) without asking the database again, unless it ended a session
  or changed a user itself meanwhile: a change made by another process (``saniveld users
  disable`` on PostgreSQL) reaches a running server within those seconds.
- Every login, failed login and change is written to the audit log in the same transaction.

:class:`DatabaseAuthBackend` is what the web app signs in against.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from datetime import UTC, datetime, timedelta
from typing import Callable

import pandas as pd
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from saniveld import audit, settings
from saniveld.access import ROLES, Principal
from saniveld.db import engine as db
from saniveld.db import schema as s

MIN_PASSWORD_LENGTH = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
DEMO_FUNDER = "FND-GEMEENTE"
DEMO_CLUSTER = "NOORD"
# One demo user per role: (username, role, display name).
DEMO_USERS = (
    ("demo-gemeente", "official", "Demo ambtenaar"),
    ("demo-financier", "funder", "Demo financier"),
    ("demo-netwerkmanager", "network_manager", "Demo netwerkmanager"),
    ("demo-coordinator", "coordinator", "Demo coördinator"),
    ("demo-beheerder", "admin", "Demo beheerder"),
)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password-" + secrets.token_hex(8))


class UserError(ValueError):
    """Invalid user input (role, binding, password, unknown user); nothing was changed."""


class LoginThrottled(Exception):
    """Too many failed attempts for this user name or address; try again later."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def token_hash(token: str) -> str:
    """What the store keeps of a session token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def generate_password() -> str:
    return secrets.token_urlsafe(15)  # 20 characters, ~120 bits


def _web_setting(name: str) -> int:
    return int(settings.settings()["web"][name])


# ---------------------------------------------------------------------------------------------
# Managing users


def _principal(row) -> Principal:
    return Principal(
        username=row.username,
        role=row.role,
        display_name=row.display_name,
        cluster_code=row.cluster_code,
        funder_code=row.funder_code,
        user_id=int(row.user_id),
    )


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UserError(
            f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben. "
            f"/ The password needs at least {MIN_PASSWORD_LENGTH} characters."
        )


def _check_binding(conn, role: str, cluster_code: str | None, funder_code: str | None) -> None:
    if role not in ROLES:
        raise UserError(f"Onbekende rol / unknown role {role!r}; kies uit / one of {', '.join(ROLES)}")
    if role == "coordinator":
        if not cluster_code:
            raise UserError("Een coördinator hoort bij één cluster: --cluster CODE "
                            "/ a coordinator needs --cluster CODE")
        found = conn.execute(
            sa.select(s.clusters.c.cluster_code).where(s.clusters.c.cluster_code == cluster_code)
        ).first()
        if found is None:
            raise UserError(f"Onbekend cluster / unknown cluster {cluster_code!r}")
    elif cluster_code:
        raise UserError("Alleen een coördinator hoort bij een cluster / only coordinators have --cluster")
    if role == "funder":
        if not funder_code:
            raise UserError("Een financier hoort bij één financier-actor: --funder CODE "
                            "/ a funder needs --funder CODE")
        if funder_code not in funder_codes(conn):
            raise UserError(f"Onbekende financier / unknown funder actor {funder_code!r}")
    elif funder_code:
        raise UserError("Alleen een financier hoort bij een financier-actor / only funders have --funder")


def funder_codes(conn: sa.Connection) -> set[str]:
    """The actor codes of every funder (for :func:`saniveld.access.funder_flow_mask`)."""
    rows = conn.execute(
        sa.select(s.actors.c.actor_code).where(s.actors.c.actor_type == "funder")
    ).scalars()
    return set(rows)


def _find(conn, username: str):
    return conn.execute(sa.select(*s.users.c).where(s.users.c.username == username)).first()


def _require_user(conn, username: str):
    row = _find(conn, username)
    if row is None:
        raise UserError(f"Onbekende gebruiker / unknown user {username!r}")
    return row


def add_user(
    conn: sa.Connection,
    username: str,
    role: str,
    password: str,
    *,
    cluster_code: str | None = None,
    funder_code: str | None = None,
    display_name: str | None = None,
    by: Principal | None = None,
) -> Principal:
    """Create a user (audited as `by`); raises :class:`UserError` on invalid input."""
    if not USERNAME.match(username or ""):
        raise UserError("Gebruikersnaam: 2–64 tekens a-z, 0-9, . _ - / username: 2–64 of a-z 0-9 . _ -")
    _check_binding(conn, role, cluster_code, funder_code)
    _check_password(password)
    if _find(conn, username) is not None:
        raise UserError(f"Gebruiker bestaat al / user already exists: {username!r}")
    now = _now()
    conn.execute(
        s.users.insert(),
        {
            "username": username,
            "display_name": display_name,
            "password_hash": _hasher.hash(password),
            "role": role,
            "cluster_code": cluster_code,
            "funder_code": funder_code,
            "disabled": False,
            "created_at": now,
            "password_changed_at": now,
        },
    )
    detail = f"role={role}" + (f" cluster={cluster_code}" if cluster_code else "") + (
        f" funder={funder_code}" if funder_code else ""
    )
    audit.record_for(conn, by, "user_add", username, "ok", detail)
    return _principal(_find(conn, username))


def list_users(conn: sa.Connection) -> pd.DataFrame:
    """Every user, without password hashes."""
    u = s.users.c
    rows = conn.execute(
        sa.select(u.username, u.display_name, u.role, u.cluster_code, u.funder_code, u.disabled,
                  u.created_at, u.password_changed_at).order_by(u.username)
    ).all()
    columns = ["username", "display_name", "role", "cluster_code", "funder_code", "disabled",
               "created_at", "password_changed_at"]
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def _end_sessions(conn, user_id: int) -> None:
    _sessions_changed(conn)
    conn.execute(s.web_sessions.delete().where(s.web_sessions.c.user_id == user_id))


def disable_user(conn: sa.Connection, username: str, *, by: Principal | None = None) -> None:
    """Disable a user and end their sessions."""
    row = _require_user(conn, username)
    _end_sessions(conn, row.user_id)  # first: DuckDB cannot update a row others reference
    conn.execute(s.users.update().where(s.users.c.user_id == row.user_id).values(disabled=True))
    audit.record_for(conn, by, "user_disable", username, "ok")


def set_password(
    conn: sa.Connection, username: str, password: str, *, by: Principal | None = None
) -> None:
    """Set a new password and end the user's sessions."""
    row = _require_user(conn, username)
    _check_password(password)
    _end_sessions(conn, row.user_id)  # first: DuckDB cannot update a row others reference
    conn.execute(
        s.users.update()
        .where(s.users.c.user_id == row.user_id)
        .values(password_hash=_hasher.hash(password), password_changed_at=_now())
    )
    audit.record_for(conn, by, "user_set_password", username, "ok")


def get_user(conn: sa.Connection, username: str) -> Principal | None:
    """The enabled user of that name, else None."""
    row = _find(conn, username)
    return None if row is None or row.disabled else _principal(row)


# ---------------------------------------------------------------------------------------------
# Logging in


def _recent_failures(conn, username: str, address: str, now: datetime) -> int:
    a = s.login_attempts.c
    since = now - timedelta(seconds=_web_setting("login_window_seconds"))
    return conn.execute(
        sa.select(sa.func.count())
        .select_from(s.login_attempts)
        .where(a.attempted_at >= since, a.succeeded == sa.false(),
               sa.or_(a.username == username, a.address == address))
    ).scalar_one()


def authenticate(
    conn: sa.Connection, username: str, password: str, address: str, now: datetime | None = None
) -> Principal | None:
    """The principal for correct credentials of an enabled user, else None (audited).

    Raises :class:`LoginThrottled` when too many attempts failed recently; the same None
    answers an unknown name, a wrong password and a disabled user.
    """
    now = now or _now()
    username = (username or "")[:64]
    address = (address or "-")[:64]
    if _recent_failures(conn, username, address, now) >= _web_setting("login_attempts"):
        audit.record(conn, username, None, "login", username, "refused", "throttled")
        raise LoginThrottled(username)
    row = _find(conn, username)
    try:
        _hasher.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
        ok = row is not None and not row.disabled
    except (VerificationError, InvalidHashError):
        ok = False
    conn.execute(
        s.login_attempts.insert(),
        {"attempted_at": now, "username": username, "address": address, "succeeded": ok},
    )
    if not ok:
        audit.record(conn, username, None, "login", username, "failed", f"address={address}")
        return None
    audit.record(conn, username, row.role, "login", username, "ok", f"address={address}")
    return _principal(row)


# ---------------------------------------------------------------------------------------------
# Sessions


def open_session(conn: sa.Connection, principal: Principal, now: datetime | None = None) -> str:
    """A new random session token (the cookie value); the table keeps only its hash."""
    if principal.user_id is None:
        raise UserError("Sessions are for database users")
    token = secrets.token_urlsafe(32)
    now = now or _now()
    conn.execute(
        s.web_sessions.insert(),
        {"session_hash": token_hash(token), "user_id": principal.user_id,
         "created_at": now, "last_seen_at": now, "revoked": False},
    )
    return token


# Writing last_seen_at on every request would make every read a write; a minute is precise enough.
_TOUCH_AFTER = timedelta(seconds=60)

# Moves whenever this process ends a session or changes a user (logout, disable, new password):
# the sessions DatabaseAuthBackend remembers are then looked up again at once.
_session_generation = 0


def _sessions_changed(conn: sa.Connection | None = None) -> None:
    """Forget the remembered sessions now, and once more after `conn`'s transaction commits: a
    lookup between now and the commit still reads the old rows (the change is not visible yet)
    and would otherwise be remembered as live for another session_recheck_seconds."""
    global _session_generation
    _session_generation += 1
    if conn is not None:
        db.after_commit(conn, _sessions_changed)


def _session_row(conn: sa.Connection, key: str):
    return conn.execute(
        sa.select(s.web_sessions.c.last_seen_at, s.web_sessions.c.revoked, *s.users.c)
        .join(s.users, s.users.c.user_id == s.web_sessions.c.user_id)
        .where(s.web_sessions.c.session_hash == key)
    ).first()


def _session_live(row, now: datetime) -> bool:
    """Not revoked, the user not disabled, and active within the idle limit."""
    idle = timedelta(minutes=_web_setting("session_idle_minutes"))
    return not (row.revoked or row.disabled or now - row.last_seen_at > idle)


def session_principal(conn: sa.Connection, token: str, now: datetime | None = None) -> Principal | None:
    """The principal of a live session (marked active), else None; expired sessions are removed."""
    now = now or _now()
    key = token_hash(token)
    row = _session_row(conn, key)
    if row is None:
        return None
    if not _session_live(row, now):
        conn.execute(s.web_sessions.delete().where(s.web_sessions.c.session_hash == key))
        return None
    if now - row.last_seen_at >= _TOUCH_AFTER:
        conn.execute(s.web_sessions.update().where(s.web_sessions.c.session_hash == key)
                     .values(last_seen_at=now))
    return _principal(row)


def close_session(conn: sa.Connection, token: str) -> None:
    _sessions_changed(conn)
    conn.execute(s.web_sessions.delete().where(s.web_sessions.c.session_hash == token_hash(token)))


# Seconds a session found live is taken as live without asking the database again (a page's
# callbacks arrive together); ``[web] session_recheck_seconds`` overrides, 0 asks every time.
DEFAULT_RECHECK_SECONDS = 5
_MAX_REMEMBERED = 10_000


class DatabaseAuthBackend:
    """The web app's user store (implements ``saniveld.web.auth.AuthBackend``)."""

    def __init__(self, engine: sa.Engine, clock: Callable[[], datetime] = _now,
                 recheck_seconds: float | None = None):
        self.engine = engine
        self.clock = clock
        # Dash fires several callbacks at once: their lookups touch the same session row, which
        # concurrent transactions would conflict on. One at a time per process (they are short).
        self._sessions_lock = threading.Lock()
        # token hash -> (principal, when the database last said the session is live, generation)
        self._recent: dict[str, tuple[Principal, datetime, int]] = {}
        self._recent_lock = threading.Lock()
        if recheck_seconds is None:
            recheck_seconds = settings.settings()["web"].get("session_recheck_seconds",
                                                             DEFAULT_RECHECK_SECONDS)
        self._recheck = timedelta(seconds=float(recheck_seconds))

    def authenticate(self, username: str, password: str, address: str) -> Principal | None:
        # Throttling must persist even though the login is refused: commit, then raise.
        throttled = None
        with audit.chain_lock, db.transaction(self.engine) as conn:
            try:
                return authenticate(conn, username, password, address, self.clock())
            except LoginThrottled as exc:
                throttled = exc
        raise throttled

    def open_session(self, principal: Principal) -> str:
        with self._sessions_lock, db.transaction(self.engine) as conn:
            return open_session(conn, principal, self.clock())

    def principal_for_token(self, token: str) -> Principal | None:
        now = self.clock()
        key = token_hash(token)
        # A page opens with several callbacks at once, each asking the same: the database's
        # answer of the last few seconds (session_recheck_seconds) stands, unless this process
        # has ended a session or changed a user since.
        generation = _session_generation
        recent = self._recent.get(key)
        if (recent is not None and recent[2] == generation
                and timedelta(0) <= now - recent[1] < self._recheck):
            return recent[0]
        principal = self._look_up(token, key, now)
        if principal is None:
            self._recent.pop(key, None)
        elif self._recheck:
            self._remember(key, (principal, now, generation), now)
        return principal

    def _look_up(self, token: str, key: str, now: datetime) -> Principal | None:
        # Most requests only read: a live session touched within the last minute. They need
        # neither the lock nor a write transaction (Dash fires several callbacks at once).
        with db.connect(self.engine) as conn:
            row = _session_row(conn, key)
        if row is not None and _session_live(row, now) and now - row.last_seen_at < _TOUCH_AFTER:
            return _principal(row)
        with self._sessions_lock, db.transaction(self.engine) as conn:
            return session_principal(conn, token, now)

    def _remember(self, key: str, entry: tuple, now: datetime) -> None:
        with self._recent_lock:
            if len(self._recent) >= _MAX_REMEMBERED:  # forget the answers that no longer count
                for old in [k for k, v in self._recent.items() if not now - v[1] < self._recheck]:
                    del self._recent[old]
            self._recent[key] = entry

    def close_session(self, token: str) -> None:
        self._recent.pop(token_hash(token), None)
        with self._sessions_lock, db.transaction(self.engine) as conn:
            close_session(conn, token)


# ---------------------------------------------------------------------------------------------
# The demo users


def _first(conn, query):
    return conn.execute(query.limit(1)).scalar()


def create_demo_users(conn_or_engine, *, by: Principal | None = None) -> list[tuple[str, str, str]]:
    """One demo user per role with a random password: [(username, role, password)].

    The passwords are returned to be shown once and are stored nowhere else. Users that
    exist already are skipped. The funder is bound to FND-GEMEENTE and the coordinator to
    NOORD when the database has them (else the first funder actor / cluster; the role is
    skipped when there is none).
    """
    if isinstance(conn_or_engine, sa.Engine):
        with db.transaction(conn_or_engine) as conn:
            return create_demo_users(conn, by=by)
    conn = conn_or_engine
    funders = funder_codes(conn)
    funder = DEMO_FUNDER if DEMO_FUNDER in funders else (min(funders) if funders else None)
    cluster = _first(conn, sa.select(s.clusters.c.cluster_code)
                     .order_by((s.clusters.c.cluster_code != DEMO_CLUSTER), s.clusters.c.cluster_code))
    created = []
    for username, role, display in DEMO_USERS:
        if _find(conn, username) is not None:
            continue
        if (role == "funder" and funder is None) or (role == "coordinator" and cluster is None):
            continue
        password = generate_password()
        add_user(conn, username, role, password, display_name=display,
                 cluster_code=cluster if role == "coordinator" else None,
                 funder_code=funder if role == "funder" else None, by=by)
        created.append((username, role, password))
    return created
