"""Simons' levers of control: beliefs, boundaries, diagnostic indicators and the quarterly review.

No Dash here: every function takes a SQLAlchemy connection and returns dataclasses or DataFrames.
"""

from saniveld.levers.definitions import (  # noqa: F401
    Beliefs,
    ConfigError,
    IndicatorDef,
    ReferencePoint,
    beliefs,
    indicator_definition,
    indicator_definitions,
)
from saniveld.levers.flows import current_flows_subquery  # noqa: F401
from saniveld.levers.indicators import (  # noqa: F401
    FactsLoader,
    IndicatorResult,
    UnknownCluster,
    all_indicator_series,
    available_quarters,
    compute_all_indicators,
    compute_indicators,
    indicator_series,
    indicator_series_all,
    recompute_scopes,
    results_frame,
    series_loader,
)
