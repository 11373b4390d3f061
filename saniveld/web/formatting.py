"""Formatting for the screens: the pure functions live in :mod:`saniveld.formatting` (shared
with the reports, which must not import Dash); this module keeps the web's import path."""

from saniveld.formatting import (  # noqa: F401
    MISSING,
    _locale,
    _pattern,
    _plain_spaces,
    _rounded,
    change,
    count,
    date,
    money,
    number,
    percent,
    quarter_label,
)
