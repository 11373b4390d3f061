"""Users in the database: passwords, throttling, no enumeration, sessions, demo users."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from saniveld import audit, users
from saniveld.db import engine as db
from saniveld.db import schema as s
from tests.unit.access_fixtures import seed

PW = "een lang genoeg wachtwoord"
T0 = datetime(2026, 1, 5, 9, 0, 0)


@pytest.fixture
def conn(engine):
    seed(engine)
    with db.transaction(engine) as connection:
        yield connection


def test_add_and_list_users(conn):
    users.add_user(conn, "anna", "official", PW, display_name="Anna")
    users.add_user(conn, "bram", "coordinator", PW, cluster_code="NOORD")
    users.add_user(conn, "fenna", "funder", PW, funder_code="FND-GEMEENTE")
    listed = users.list_users(conn)
    assert listed["username"].tolist() == ["anna", "bram", "fenna"]
    assert listed["cluster_code"].tolist()[1] == "NOORD"
    assert "password_hash" not in listed.columns
    stored = conn.execute(sa.select(s.users.c.password_hash)).scalars().all()
    assert all(h.startswith("$argon2id$") and PW not in h for h in stored)


@pytest.mark.parametrize(
    ("role", "kwargs", "message"),
    [
        ("superuser", {}, "role"),
        ("coordinator", {}, "cluster"),
        ("coordinator", {"cluster_code": "WEST"}, "WEST"),
        ("funder", {}, "funder"),
        ("funder", {"funder_code": "FONDS"}, "FONDS"),  # the fund administrator is no funder
        ("official", {"cluster_code": "NOORD"}, "cluster"),
        ("admin", {"funder_code": "FND-GEMEENTE"}, "funder"),
    ],
)
def test_invalid_users_are_refused_and_nothing_is_added(conn, role, kwargs, message):
    with pytest.raises(users.UserError, match=message):
        users.add_user(conn, "x1", role, PW, **kwargs)
    assert users.list_users(conn).empty


def test_short_password_and_duplicate_name_are_refused(conn):
    with pytest.raises(users.UserError, match="12"):
        users.add_user(conn, "anna", "official", "kort")
    users.add_user(conn, "anna", "official", PW)
    with pytest.raises(users.UserError, match="bestaat"):
        users.add_user(conn, "anna", "admin", PW)


def test_authenticate(conn):
    users.add_user(conn, "anna", "official", PW)
    principal = users.authenticate(conn, "anna", PW, "10.0.0.1", T0)
    assert principal.username == "anna" and principal.role == "official" and principal.user_id
    assert users.authenticate(conn, "anna", "fout wachtwoord!", "10.0.0.1", T0) is None


def test_unknown_user_wrong_password_and_disabled_user_look_the_same(conn):
    users.add_user(conn, "anna", "official", PW)
    users.add_user(conn, "otto", "official", PW)
    users.disable_user(conn, "otto")
    answers = [
        users.authenticate(conn, "niemand", PW, "a", T0),
        users.authenticate(conn, "anna", "wrong password", "b", T0),
        users.authenticate(conn, "otto", PW, "c", T0),
    ]
    assert answers == [None, None, None]


def test_throttled_after_five_failures_for_a_name_within_the_window(conn):
    users.add_user(conn, "anna", "official", PW)
    for i in range(5):
        assert users.authenticate(conn, "anna", "wrong", f"10.0.0.{i}", T0 + timedelta(seconds=i)) is None
    with pytest.raises(users.LoginThrottled):
        users.authenticate(conn, "anna", PW, "10.0.0.99", T0 + timedelta(seconds=10))
    # After the window (300 s) the right password works again.
    assert users.authenticate(conn, "anna", PW, "10.0.0.99", T0 + timedelta(seconds=305)).username == "anna"


def test_throttled_for_an_address_trying_many_names(conn):
    for i in range(5):
        users.authenticate(conn, f"naam{i}", "wrong", "6.6.6.6", T0)
    with pytest.raises(users.LoginThrottled):
        users.authenticate(conn, "anna", PW, "6.6.6.6", T0)


def test_sessions_store_only_a_hash_and_expire_after_inactivity(conn):
    anna = users.add_user(conn, "anna", "official", PW)
    token = users.open_session(conn, anna, T0)
    stored = conn.execute(sa.select(s.web_sessions.c.session_hash)).scalars().all()
    assert stored == [users.token_hash(token)] and token not in stored
    # Active at 29 minutes (and marked active), so still alive 29 minutes after that.
    assert users.session_principal(conn, token, T0 + timedelta(minutes=29)).username == "anna"
    assert users.session_principal(conn, token, T0 + timedelta(minutes=58)).username == "anna"
    # 31 minutes of silence: gone, and removed.
    assert users.session_principal(conn, token, T0 + timedelta(minutes=89, seconds=1)) is None
    assert conn.execute(sa.select(sa.func.count()).select_from(s.web_sessions)).scalar() == 0


def test_disable_and_new_password_end_sessions(conn):
    anna = users.add_user(conn, "anna", "official", PW)
    t1 = users.open_session(conn, anna, T0)
    users.set_password(conn, "anna", "nog een lang wachtwoord")
    assert users.session_principal(conn, t1, T0) is None
    assert users.authenticate(conn, "anna", PW, "a", T0) is None
    assert users.authenticate(conn, "anna", "nog een lang wachtwoord", "a", T0)
    t2 = users.open_session(conn, anna, T0)
    users.disable_user(conn, "anna")
    assert users.session_principal(conn, t2, T0) is None


def test_logout_closes_the_session(conn):
    anna = users.add_user(conn, "anna", "official", PW)
    token = users.open_session(conn, anna, T0)
    users.close_session(conn, token)
    assert users.session_principal(conn, token, T0) is None


def test_logins_and_changes_are_audited(conn):
    users.add_user(conn, "anna", "official", PW)
    users.authenticate(conn, "anna", PW, "1.2.3.4", T0)
    users.authenticate(conn, "anna", "wrong", "1.2.3.4", T0)
    rows = [(e.username, e.action, e.object, e.outcome) for e in audit.entries(conn)]
    assert rows == [
        (None, "user_add", "anna", "ok"),
        ("anna", "login", "anna", "ok"),
        ("anna", "login", "anna", "failed"),
    ]
    assert audit.verify(conn) == []


def test_demo_users_one_per_role_bound_and_only_once(conn):
    created = users.create_demo_users(conn)
    assert [(u, r) for u, r, _ in created] == [
        ("demo-gemeente", "official"),
        ("demo-financier", "funder"),
        ("demo-netwerkmanager", "network_manager"),
        ("demo-coordinator", "coordinator"),
        ("demo-beheerder", "admin"),
    ]
    listed = users.list_users(conn).set_index("username")
    assert listed.loc["demo-financier", "funder_code"] == "FND-GEMEENTE"
    assert listed.loc["demo-coordinator", "cluster_code"] == "NOORD"
    for username, _, password in created:
        assert len(password) >= 16
        assert users.authenticate(conn, username, password, "x", T0).username == username
    assert users.create_demo_users(conn) == []


def test_demo_users_without_clusters_or_funders_skip_those_roles(engine):
    created = users.create_demo_users(engine)
    assert [r for _, r, _ in created] == ["official", "network_manager", "admin"]


def test_concurrent_logins_keep_the_audit_chain_whole(engine):
    import threading

    seed(engine)
    with db.transaction(engine) as conn:
        users.add_user(conn, "anna", "official", PW)
    backend = users.DatabaseAuthBackend(engine)
    results = []

    def attempt(i):
        results.append(backend.authenticate("anna" if i % 2 else f"x{i}", PW, f"10.1.0.{i}"))

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8
    with db.connect(engine) as conn:
        logins = [e for e in audit.entries(conn) if e.action == "login"]
        assert len(logins) == 8 and audit.verify(conn) == []


def test_concurrent_requests_of_one_session_all_find_it(engine):
    import threading

    seed(engine)
    with db.transaction(engine) as conn:
        anna = users.add_user(conn, "anna", "official", PW)
    clock_at = [T0]
    backend = users.DatabaseAuthBackend(engine, lambda: clock_at[0])
    token = backend.open_session(anna)
    clock_at[0] = T0 + timedelta(minutes=5)  # every lookup now wants to mark the session active
    found = []
    threads = [threading.Thread(target=lambda: found.append(backend.principal_for_token(token)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.username for p in found] == ["anna"] * 8


# -- the web server's memory of live sessions -------------------------------------------------


def _backend_with_anna(engine, clock_at, **kwargs):
    seed(engine)
    with db.transaction(engine) as conn:
        anna = users.add_user(conn, "anna", "official", PW)
    backend = users.DatabaseAuthBackend(engine, lambda: clock_at[0], **kwargs)
    return backend, backend.open_session(anna)


def _delete_sessions_behind_its_back(engine):
    """What another process (the CLI on PostgreSQL) does: no call into this process."""
    with db.transaction(engine) as conn:
        conn.execute(s.web_sessions.delete())


def test_a_live_session_is_taken_as_live_for_the_recheck_seconds(engine):
    clock_at = [T0]
    backend, token = _backend_with_anna(engine, clock_at)
    assert backend._recheck == timedelta(seconds=5)  # config/settings.toml
    assert backend.principal_for_token(token).username == "anna"
    queries = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    _delete_sessions_behind_its_back(engine)
    queries.clear()
    clock_at[0] = T0 + timedelta(seconds=4)
    assert backend.principal_for_token(token).username == "anna"  # within 5 s: not asked again
    assert queries == []
    clock_at[0] = T0 + timedelta(seconds=5)
    assert backend.principal_for_token(token) is None  # asked again: the session is gone
    assert len(queries) >= 1


def test_logout_and_disabling_in_this_process_count_at_once(engine):
    clock_at = [T0]
    backend, token = _backend_with_anna(engine, clock_at)
    assert backend.principal_for_token(token) is not None
    backend.close_session(token)
    assert backend.principal_for_token(token) is None

    with db.connect(engine) as conn:
        token = backend.open_session(users.get_user(conn, "anna"))
    assert backend.principal_for_token(token) is not None
    with db.transaction(engine) as conn:
        users.disable_user(conn, "anna")
    assert backend.principal_for_token(token) is None


def test_a_lookup_while_the_disabling_is_not_yet_committed_is_not_remembered_past_the_commit(engine):
    clock_at = [T0]
    backend, token = _backend_with_anna(engine, clock_at)
    with db.transaction(engine) as conn:
        users.disable_user(conn, "anna")
        # another request, before the commit: the database still says the session is live
        assert backend.principal_for_token(token).username == "anna"
    assert backend.principal_for_token(token) is None  # committed: asked again at once


def test_after_commit_hooks_run_after_a_commit_only(engine):
    ran = []
    with db.transaction(engine) as conn:
        assert db.after_commit(conn, lambda: ran.append("first"))
        conn.execute(sa.text("select 1"))
        assert ran == []  # not before the commit
    assert ran == ["first"]
    with pytest.raises(RuntimeError):
        with db.transaction(engine) as conn:
            db.after_commit(conn, lambda: ran.append("second"))
            raise RuntimeError("rolled back")
    assert ran == ["first"]  # a rolled-back transaction runs no hook
    with db.connect(engine) as conn:
        assert not db.after_commit(conn, lambda: ran.append("third"))  # not in transaction()
    with db.transaction(engine) as conn:
        pass
    assert ran == ["first"]  # the next transaction on the pooled connection has no old hooks


def test_a_new_password_in_this_process_ends_remembered_sessions_at_once(engine):
    clock_at = [T0]
    backend, token = _backend_with_anna(engine, clock_at)
    assert backend.principal_for_token(token) is not None
    with db.transaction(engine) as conn:
        users.set_password(conn, "anna", PW + " nieuw")
    assert backend.principal_for_token(token) is None


def test_recheck_zero_asks_the_database_every_time(engine):
    clock_at = [T0]
    backend, token = _backend_with_anna(engine, clock_at, recheck_seconds=0)
    assert backend.principal_for_token(token) is not None
    _delete_sessions_behind_its_back(engine)
    assert backend.principal_for_token(token) is None
