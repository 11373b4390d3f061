"""The database as callbacks reach it, and the context every screen shows (municipality, quarters).

The context is kept in saniveld.cache (per database version: on the server's DuckDB engine a
repeat costs no query).

Callbacks never build engines or SQL: they take a connection from :func:`reading` (or a
transaction from :func:`writing`) and hand it to the domain layer.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

import flask
import sqlalchemy as sa

from saniveld import cache, overview, settings
from saniveld.db import engine as db


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


def _municipality_name(eng: sa.Engine) -> str | None:
    return cache.cached(eng, ("context", "municipality_name"), overview.municipality_name)


def _quarters(eng: sa.Engine) -> list[str]:
    return cache.quarters_with_data(eng)


def municipality_name() -> str:
    """The loaded municipality's name, else the fallback from settings."""
    return _municipality_name(engine()) or settings.settings()["municipality"]["fallback_name"]


def quarters() -> list[str]:
    """The quarters that hold data, oldest first (a new list: the cached one stays as it is)."""
    return list(_quarters(engine()))


@cache.add_warmer
def warm(eng: sa.Engine, _quarters_warmed: list[str]) -> None:
    """The header's municipality name and the quarter picker's quarters, ready for the first
    page (and the login page) after a start or a write."""
    _municipality_name(eng)
    _quarters(eng)
