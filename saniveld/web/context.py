"""The database as callbacks reach it, and the context every screen shows (municipality, quarters).

Callbacks never build engines or SQL: they take a connection from :func:`reading` (or a
transaction from :func:`writing`) and hand it to the domain layer.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Iterator

import flask
import sqlalchemy as sa

from saniveld import overview, settings
from saniveld.db import engine as db

_cache_lock = threading.Lock()


def engine() -> sa.Engine:
    return flask.current_app.config["SANIVELD_ENGINE"]


@contextlib.contextmanager
def reading() -> Iterator[sa.Connection]:
    """A connection for reads."""
    with db.connect(engine()) as conn:
        yield conn


@contextlib.contextmanager
def writing() -> Iterator[sa.Connection]:
    """One transaction: committed at the end of the block, rolled back on any error."""
    with db.transaction(engine()) as conn:
        yield conn


def _cached(conn: sa.Connection, name: str, compute):
    """`compute(conn)`, remembered until the data version changes (any import or posting)."""
    cache = flask.current_app.config.setdefault("SANIVELD_CONTEXT_CACHE", {})
    version = db.data_version(conn)
    with _cache_lock:
        hit = cache.get(name)
        if hit is not None and hit[0] == version:
            return hit[1]
    value = compute(conn)
    with _cache_lock:
        cache[name] = (version, value)
    return value


def municipality_name() -> str:
    """The loaded municipality's name, else the fallback from settings."""
    with reading() as conn:
        name = _cached(conn, "municipality_name", overview.municipality_name)
    return name or settings.settings()["municipality"]["fallback_name"]


def quarters() -> list[str]:
    """The quarters that hold data, oldest first."""
    with reading() as conn:
        return _cached(conn, "quarters", overview.quarters_with_data)
