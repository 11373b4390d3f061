"""The diagnostic indicators and boundaries of a quarter, at network and cluster scope.

Definitions: issue 3 and docs/indicators.md. Values are ``Decimal`` (never float), unrounded;
a division by zero gives ``None`` (an empty value), never an error. A diagnostic result gives
value, the reference point in force at the quarter's end, the deviation and the movement since
the previous quarter; only boundaries say breached / not breached.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal, localcontext
from functools import cached_property, lru_cache

import pandas as pd
import sqlalchemy as sa

from saniveld.db.schema import DIMENSIONS
from saniveld.levers import facts as f
from saniveld.levers.definitions import IndicatorDef, indicator_definitions
from saniveld.overview import quarters_with_data
from saniveld.quarters import Quarter

HUNDRED = Decimal(100)
LN_SIX = Decimal(len(DIMENSIONS)).ln()


class UnknownCluster(LookupError):
    """The cluster code does not exist in the database."""


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator at one scope in one quarter."""

    code: str
    name_nl: str
    name_en: str
    unit: str
    lever: str  # diagnostic | boundary
    scope: str  # network | cluster
    scope_code: str | None  # the cluster code, None for the network
    quarter: str
    value: Decimal | None
    reference: Decimal | None = None  # diagnostic: the agreement in force at the quarter's end
    reference_agreed_on: dt.date | None = None
    reference_parties: tuple[str, ...] = ()
    deviation: Decimal | None = None  # value - reference
    previous: Decimal | None = None  # the value a quarter earlier
    movement: str | None = None  # up | down | level (None when either value is empty)
    limit: Decimal | None = None  # boundaries
    comparison: str | None = None  # lt | le | eq
    breached: bool | None = None  # boundaries; None when the value is empty

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl


def _ratio(numerator, denominator, factor: Decimal = Decimal(1)) -> Decimal | None:
    if not denominator:
        return None
    return Decimal(numerator) * factor / Decimal(denominator)


def _entropy_balance(by_dimension: dict) -> Decimal | None:
    """Shannon entropy over the six dimensions divided by ln 6 (None without experiences).

    H = −Σ p ln p with p = n / T is worked out as ln T − (Σ n ln n) / T: the logarithms are of
    whole counts, remembered (a national quarter's thousands of clusters share a few hundred
    counts, where the pairs (n, T) are tens of thousands: Decimal ln is slow). Their terms carry
    50 digits and are summed exactly, so the value is the same in whatever order the dimensions
    come (DuckDB, PostgreSQL) and correct to the last of its 28 digits.
    """
    counts = [n for n in by_dimension.values() if n]
    total = sum(counts)
    if not total:
        return None
    if len(counts) == 1:  # every experience in one dimension: p = 1, ln 1 = 0
        return Decimal(0)
    with localcontext() as exact:
        exact.prec = 80
        h = _ln(total) - sum((_n_ln_n(n) for n in counts), Decimal(0)) / total
    return (+h) / LN_SIX


@lru_cache(maxsize=1 << 16)
def _ln(n: int) -> Decimal:
    """ln n to 50 digits, remembered."""
    with localcontext() as ctx:
        ctx.prec = 50
        return Decimal(n).ln()


@lru_cache(maxsize=1 << 16)
def _n_ln_n(n: int) -> Decimal:
    """n · ln n to 50 digits, remembered."""
    with localcontext() as ctx:
        ctx.prec = 50
        return n * _ln(n)


class FactsLoader:
    """The aggregates of a set of quarters, each facet queried once for all of them when first needed.

    `scope`: the aggregates of every cluster (:data:`~saniveld.levers.facts.EVERY_CLUSTER`, the
    default: every scope's indicators), or of one scope alone — the network (None) or one
    cluster — whose indicators alone it can then give (the same values, from far fewer rows:
    the review page of one scope on an empty cache at L). The cluster list, inhabitants, roles
    and budget are always the whole network's.
    """

    def __init__(self, conn: sa.Connection, quarters: list[Quarter], scope=f.EVERY_CLUSTER):
        self.conn, self.quarters, self.scope = conn, sorted(set(quarters)), scope
        self._sums: dict[Quarter, dict] = {}  # per quarter: the network's sums (QuarterFacts.sums)

    def of(self, quarter: Quarter) -> "QuarterFacts":
        """The quarter's view; the network's sums of combos and experiences it works out are kept
        here for the next view of the quarter (and shared by a loader :meth:`with_money_added`)."""
        return QuarterFacts(self, quarter, self._sums.setdefault(quarter, {}))

    def covers(self, *quarters: Quarter, scope=f.EVERY_CLUSTER) -> bool:
        """True when every quarter given was loaded for `scope` (every cluster: the default;
        None: the network; a cluster code): its aggregates are known here."""
        return set(quarters) <= set(self.quarters) and self.scope in (f.EVERY_CLUSTER, scope)

    def load_all(self) -> "FactsLoader":
        """Query every aggregate now and let go of the connection (to keep the loader in a cache)."""
        for name in ("clusters", "inhabitants", "combos", "members", "experiences", "money",
                     "budget", "roles") + (("overallocation",) if self.scope is None else ()):
            getattr(self, name)
        self.conn = None
        return self

    def with_money_added(self, money: dict[str, "f.MoneyFacts"],
                         budget: dict[str, Decimal]) -> "FactsLoader":
        """A loader sharing every aggregate of this (loaded) one, with `money` and `budget` (per
        quarter: the sums of some more ledger entries) added to those quarters' money and budget.

        For a what-if: the sums of its planned entries alone (:func:`~saniveld.levers.facts.
        money_of_rows`) added to the precomputed sums make the sums after the moves, exactly
        (every money aggregate is a SUM of entries). This loader is not changed.
        """
        if self.conn is not None:
            raise ValueError("with_money_added needs a loaded FactsLoader (load_all)")
        if self.scope is not f.EVERY_CLUSTER:
            raise ValueError("with_money_added needs a FactsLoader of every cluster")
        fresh = FactsLoader(None, self.quarters)
        for name in ("clusters", "inhabitants", "combos", "members", "experiences", "roles"):
            fresh.__dict__[name] = getattr(self, name)
        fresh._sums = self._sums  # combos and experiences are the same: so are their sums
        fresh.__dict__["money"] = {**self.money, **{
            q: self.money.get(q, f.MoneyFacts()).plus(extra) for q, extra in money.items()}}
        fresh.__dict__["budget"] = {**self.budget, **{
            q: self.budget.get(q, f.ZERO) + extra for q, extra in budget.items()}}
        return fresh

    @cached_property
    def clusters(self) -> list[str]:
        return f.cluster_codes(self.conn)

    @cached_property
    def inhabitants(self) -> int | None:
        return f.inhabitants(self.conn)

    @cached_property
    def combos(self) -> dict:
        return f.combo_facet(self.conn, self.quarters, scope=self.scope)

    @cached_property
    def members(self) -> dict:
        return self.combos  # the combo facet counts the members too (one query)

    @cached_property
    def experiences(self) -> dict:
        return f.experience_facet(self.conn, self.quarters, scope=self.scope)

    @cached_property
    def money(self) -> dict:
        return f.money_facet(self.conn, self.quarters, scope=self.scope)

    @cached_property
    def budget(self) -> dict:
        return f.budget_year_to_date(self.conn, self.quarters)

    @cached_property
    def roles(self) -> dict:
        return f.role_facet(self.conn, self.quarters)

    @cached_property
    def overallocation(self) -> dict:
        """The network's cluster overallocation per quarter, summed in the database: what a
        network-scoped loader has instead of every cluster's allocations."""
        return f.overallocation_facet(self.conn, self.quarters)


class QuarterFacts:
    """The aggregates of one quarter (a view on a :class:`FactsLoader`) and the indicator formulas."""

    def __init__(self, loader: FactsLoader, quarter: Quarter, sums: dict | None = None):
        self.loader, self.quarter, self.key = loader, quarter, str(quarter)
        self.sums = {} if sums is None else sums  # the network's sums of combos and experiences

    @property
    def clusters(self) -> list[str]:
        return self.loader.clusters

    @property
    def inhabitants(self) -> int | None:
        return self.loader.inhabitants

    # the loader's facets never change once loaded: each view is looked up once per quarter
    @cached_property
    def combos(self) -> dict[str, f.ComboCounts]:
        return self.loader.combos.get(self.key, {})

    @cached_property
    def members(self) -> dict[str, f.ComboCounts]:
        return self.loader.members.get(self.key, {})

    @cached_property
    def experiences(self) -> dict[str, f.ExperienceCounts]:
        return self.loader.experiences.get(self.key, {})

    @cached_property
    def money(self) -> f.MoneyFacts:
        return self.loader.money.get(self.key) or f.MoneyFacts()

    @property
    def budget(self) -> Decimal:
        return self.loader.budget[self.key]

    @property
    def roles(self) -> f.RoleFacts:
        return self.loader.roles[self.key]

    # -- sums over a scope (cluster=None: the network) ------------------------------------------
    def combo_count(self, attr: str, cluster: str | None) -> int:
        source = self.combos if attr in ("active", "new", "residents") else self.members
        if cluster is not None:
            entry = source.get(cluster)
            return getattr(entry, attr) if entry else 0
        key = ("combos" if source is self.combos else "members", attr)
        if key not in self.sums:
            self.sums[key] = sum(getattr(entry, attr) for entry in source.values())
        return self.sums[key]

    def experience_counts(self, cluster: str | None) -> Counter:
        """Experiences of the scope per dimension (``sum(….values())``: how many)."""
        return self._experience_facts(cluster).by_dimension

    def _experience_facts(self, cluster: str | None) -> f.ExperienceCounts:
        if cluster is not None:
            return self.experiences.get(cluster) or f.ExperienceCounts()
        return self._network_experiences

    @property
    def _network_experiences(self) -> f.ExperienceCounts:
        if "experiences" not in self.sums:
            total = f.ExperienceCounts()
            for counts in self.experiences.values():
                total.by_dimension.update(counts.by_dimension)
                total.own += counts.own
            self.sums["experiences"] = total
        return self.sums["experiences"]

    @staticmethod
    def _money(per_cluster: dict[str, Decimal], cluster: str | None) -> Decimal:
        if cluster is not None:
            return per_cluster.get(cluster, f.ZERO)
        return sum(per_cluster.values(), f.ZERO)

    # -- the indicators -------------------------------------------------------------------------
    def value(self, code: str, cluster: str | None) -> Decimal | None:
        """The value of indicator `code` for the network (cluster None) or one cluster."""
        self._check_scope(cluster)
        return getattr(self, f"_{code}")(cluster)

    def values(self, code: str, clusters: list[str]) -> list[Decimal | None]:
        """The value of indicator `code` for each of `clusters` (the formula looked up once)."""
        if self.loader.scope is not f.EVERY_CLUSTER:
            for cluster in clusters:
                self._check_scope(cluster)
        formula = getattr(self, f"_{code}")
        return [formula(cluster) for cluster in clusters]

    def _check_scope(self, cluster: str | None) -> None:
        if self.loader.scope is not f.EVERY_CLUSTER and self.loader.scope != cluster:
            raise ValueError(f"these aggregates are of scope {self.loader.scope!r}, not {cluster!r}")

    def _experiences_per_1000_inhabitants(self, cluster):
        n = sum(self.experience_counts(cluster).values())
        return _ratio(n, self.inhabitants, Decimal(1000))

    def _experiences_per_100_residents(self, cluster):
        n = sum(self.experience_counts(cluster).values())
        return _ratio(n, self.combo_count("residents", cluster), HUNDRED)

    def _self_or_network_share(self, cluster):
        counts = self._experience_facts(cluster)
        return _ratio(counts.own, counts.total, HUNDRED)

    def _combos_active(self, cluster):
        return Decimal(self.combo_count("active", cluster))

    def _new_combos(self, cluster):
        return Decimal(self.combo_count("new", cluster))

    def _residents_supported(self, cluster):
        return Decimal(self.combo_count("residents", cluster))

    def _informal_member_share(self, cluster):
        return _ratio(self.combo_count("informal", cluster), self.combo_count("active", cluster), HUNDRED)

    def _experience_expert_share(self, cluster):
        return _ratio(self.combo_count("expert", cluster), self.combo_count("active", cluster), HUNDRED)

    def _resource_group_share(self, cluster):
        return _ratio(
            self.combo_count("resource_group", cluster), self.combo_count("active", cluster), HUNDRED
        )

    def _dimension_balance(self, cluster):
        counts = self.experience_counts(cluster)
        return _entropy_balance({d: counts[d] for d in sorted(counts)})  # one order: one value

    def _role_coverage(self, cluster):
        return _ratio(self.roles.filled_slots, self.roles.required_slots, HUNDRED)

    def _role_concentration(self, cluster):
        return _ratio(self.roles.multiple_holders, self.roles.holders, HUNDRED)

    def _spending_rate(self, cluster):
        m = self.money
        if cluster is None:
            spent = m.spending_all
            allocated = self._money(m.alloc_to_combos, None) + m.alloc_to_organisations
        else:
            spent = self._money(m.spending_by_combos, cluster)
            allocated = self._money(m.alloc_to_combos, cluster)
        return _ratio(spent, allocated, HUNDRED)

    def _cost_per_resident(self, cluster):
        care = self._money(self.money.care_spending_by_combos, cluster)
        return _ratio(care, self.combo_count("residents", cluster))

    def _innovation_share(self, cluster):
        m = self.money
        return _ratio(m.alloc_by_purpose.get("innovation", f.ZERO), m.alloc_from_funders, HUNDRED)

    def _overhead_share(self, cluster):
        m = self.money
        return _ratio(m.alloc_by_purpose.get("overhead", f.ZERO), m.alloc_from_funders, HUNDRED)

    def _budget_envelope(self, cluster):
        return self.budget

    def _funds_to_ended_combos(self, cluster):
        m = self.money
        if cluster is None:
            return m.to_inactive_network
        return m.to_inactive_combos.get(cluster, f.ZERO)

    def _clusters_without_coordinator(self, cluster):
        return Decimal(self.roles.missing_coordinator)

    def _cluster_overallocation(self, cluster):
        if self.loader.scope is None:  # the network alone: no sums per cluster were read
            return self.loader.overallocation.get(self.key, f.ZERO)
        m = self.money
        return sum(
            (max(f.ZERO, m.alloc_by_cluster.get(c, f.ZERO) - m.alloc_to_cluster.get(c, f.ZERO))
             for c in set(self.clusters) | set(m.alloc_by_cluster)),
            f.ZERO,
        )


def _movement(value: Decimal | None, previous: Decimal | None) -> str | None:
    if value is None or previous is None:
        return None
    return "up" if value > previous else "down" if value < previous else "level"


def _maker(d: IndicatorDef, quarter: Quarter, scope: str):
    """make(cluster, value, previous) -> IndicatorResult of `d` in `quarter` at `scope`.

    What is the same for every cluster (names, the reference point in force at the quarter's
    end, the limit) is looked up once here, not once per cluster.
    """
    q = str(quarter)
    if d.lever == "boundary":
        def make(cluster, value, previous):
            return IndicatorResult(d.code, d.name_nl, d.name_en, d.unit, d.lever, scope, cluster, q,
                                   value, None, None, (), None, previous, _movement(value, previous),
                                   d.limit, d.comparison, d.is_breached(value))
        return make
    reference = _reference_at(d, quarter.last_day, scope)
    if reference is None:
        def make(cluster, value, previous):
            return IndicatorResult(d.code, d.name_nl, d.name_en, d.unit, d.lever, scope, cluster, q,
                                   value, None, None, (), None, previous, _movement(value, previous))
        return make
    ref, agreed_on, parties = reference.value, reference.agreed_on, reference.parties

    def make(cluster, value, previous):
        return IndicatorResult(d.code, d.name_nl, d.name_en, d.unit, d.lever, scope, cluster, q,
                               value, ref, agreed_on, parties, None if value is None else value - ref,
                               previous, _movement(value, previous))
    return make


@lru_cache(maxsize=4096)
def _reference_at(definition: IndicatorDef, day: dt.date, scope: str):
    """definition.reference_at, remembered (the same for every cluster of a quarter)."""
    return definition.reference_at(day, scope)


def _parse(quarter: str | Quarter) -> Quarter:
    return quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)


def _makers(definitions, quarter: Quarter, scope: str) -> list:
    return [(d.code, _maker(d, quarter, scope)) for d in definitions if scope in d.scopes]


def _scope_results(makers, now: QuarterFacts, before: QuarterFacts, cluster: str | None):
    return [make(cluster, now.value(code, cluster), before.value(code, cluster)) for code, make in makers]


def compute_indicators(conn: sa.Connection | None, quarter: str | Quarter,
                       cluster: str | None = None,
                       loader: FactsLoader | None = None) -> list[IndicatorResult]:
    """Every indicator of one scope (the network, or the cluster `cluster`) for a quarter.

    The aggregates of that scope alone are queried (a scoped :class:`FactsLoader`), unless
    `loader` (loaded earlier) holds the quarter and the one before for it.
    """
    q = _parse(quarter)
    if loader is None or not loader.covers(q, q.previous(), scope=cluster):
        loader = FactsLoader(conn, [q, q.previous()], scope=cluster)
    now, before = loader.of(q), loader.of(q.previous())
    if cluster is not None and cluster not in now.clusters:
        raise UnknownCluster(f"cluster '{cluster}' bestaat niet / does not exist")
    makers = _makers(indicator_definitions(), q, "network" if cluster is None else "cluster")
    return _scope_results(makers, now, before, cluster)


def compute_all_indicators(conn: sa.Connection | None, quarter: str | Quarter,
                           loader: FactsLoader | None = None) -> list[IndicatorResult]:
    """The network and every cluster for a quarter (each aggregate queried once per quarter).

    `loader`: aggregates loaded earlier (:meth:`FactsLoader.load_all`); used when it holds the
    quarter and the one before, otherwise the database is asked.
    """
    q = _parse(quarter)
    if loader is None or not loader.covers(q, q.previous()):
        loader = FactsLoader(conn, [q, q.previous()])
    now, before = loader.of(q), loader.of(q.previous())
    definitions = indicator_definitions()
    results = _scope_results(_makers(definitions, q, "network"), now, before, None)
    clusters = now.clusters
    # one indicator at a time over every cluster, then laid out cluster by cluster
    columns = [(make, now.values(code, clusters), before.values(code, clusters))
               for code, make in _makers(definitions, q, "cluster")]
    for i, cluster in enumerate(clusters):
        results += [make(cluster, values[i], previous[i]) for make, values, previous in columns]
    return results


def recompute_scopes(before: list[IndicatorResult], quarter: str | Quarter, loader: FactsLoader,
                     clusters: Iterable[str] | None) -> list[IndicatorResult]:
    """`before` (:func:`compute_all_indicators` of `quarter`) with the network and `clusters`
    computed again from `loader` (None: every cluster); the other clusters' results are kept.

    For a change that touches only some clusters' aggregates (a what-if of a move): the untouched
    clusters would compute to the very same values, so they are not computed at all.
    """
    q = _parse(quarter)
    if loader.scope is not f.EVERY_CLUSTER:
        raise ValueError("recompute_scopes needs a FactsLoader of every cluster")
    if clusters is None:
        return compute_all_indicators(None, q, loader=loader)
    wanted = set(clusters) & set(loader.clusters)
    redone = {(r.code, r.scope_code): r for r in compute_scopes(q, loader, wanted)}
    return [redone.get((r.code, r.scope_code), r) if r.scope_code is None or r.scope_code in wanted else r
            for r in before]


def compute_scopes(quarter: str | Quarter, loader: FactsLoader, clusters: Iterable[str],
                   network: bool = True) -> list[IndicatorResult]:
    """The network's indicators (unless `network` is false) and those of `clusters` (those that
    exist, in code order) for `quarter`, from a loaded `loader` of every cluster covering it and
    the quarter before: the same results as :func:`compute_all_indicators` gives those scopes,
    without the others."""
    q = _parse(quarter)
    if not loader.covers(q, q.previous()):
        raise ValueError(f"the loader does not hold every cluster's aggregates of {q} and {q.previous()}")
    now, previous = loader.of(q), loader.of(q.previous())
    definitions = indicator_definitions()
    results = _scope_results(_makers(definitions, q, "network"), now, previous, None) if network else []
    per_cluster = _makers(definitions, q, "cluster")
    for cluster in sorted(set(clusters) & set(now.clusters)):
        results += _scope_results(per_cluster, now, previous, cluster)
    return results


def available_quarters(conn: sa.Connection) -> list[str]:
    """Every quarter from the first to the last with money flows or experiences, oldest first."""
    return quarters_with_data(conn)


def indicator_series(conn: sa.Connection, code: str,
                     cluster: str | None = None) -> list[tuple[str, Decimal | None]]:
    """(quarter, value) for every available quarter, oldest first (for trends).

    Only the aggregates this indicator needs are queried, each once for all quarters.
    """
    definition = next((d for d in indicator_definitions() if d.code == code), None)
    if definition is None:
        raise LookupError(f"indicator '{code}' bestaat niet / does not exist")
    scope = "network" if cluster is None else "cluster"
    if scope not in definition.scopes:
        raise ValueError(f"indicator '{code}' has no {scope} scope")
    return all_indicator_series(conn, cluster, codes=[code])[code]


def series_loader(conn: sa.Connection, scope=f.EVERY_CLUSTER,
                  quarters: list[str] | None = None) -> FactsLoader:
    """A loader over every available quarter (its aggregates queried when first needed), of
    every cluster or of one scope alone (see :class:`FactsLoader`). `quarters`: the available
    quarters when the caller has them already (:func:`available_quarters` of this database)."""
    quarters = available_quarters(conn) if quarters is None else quarters
    return FactsLoader(conn, [Quarter.parse(q) for q in quarters], scope=scope)


def all_indicator_series(conn: sa.Connection | None, cluster: str | None = None,
                         codes: list[str] | None = None,
                         loader: FactsLoader | None = None) -> dict[str, list[tuple[str, Decimal | None]]]:
    """{code: [(quarter, value), …]} for every indicator of the scope (or `codes`), oldest first.

    The aggregates are queried once for all quarters and shared by all the indicators, so the
    whole set costs little more than one series. `loader`: a :func:`series_loader` loaded
    earlier (then no query at all); else the aggregates of this scope alone are queried.
    """
    scope = "network" if cluster is None else "cluster"
    if codes is None:
        codes = [d.code for d in indicator_definitions() if scope in d.scopes]
    if loader is not None and loader.scope not in (f.EVERY_CLUSTER, cluster):
        raise ValueError(f"the loader holds the aggregates of scope {loader.scope!r}, not {cluster!r}")
    loader = loader or series_loader(conn, scope=cluster)
    if cluster is not None and cluster not in loader.clusters:
        raise UnknownCluster(f"cluster '{cluster}' bestaat niet / does not exist")
    quarters = [str(q) for q in loader.quarters]
    if not quarters:
        return {code: [] for code in codes}
    facts = [(q, loader.of(Quarter.parse(q))) for q in quarters]
    return {code: [(q, fq.value(code, cluster)) for q, fq in facts] for code in codes}


def indicator_series_all(conn: sa.Connection, cluster: str | None = None,
                         codes: list[str] | None = None) -> dict[str, list[tuple[str, Decimal | None]]]:
    """code → [(quarter, value)] over every available quarter (oldest first), for one scope.

    Every indicator of the scope (or just `codes`) from one :class:`FactsLoader`: each aggregate
    is queried once for all quarters and all indicators (the review page's sparklines).
    """
    scope = "network" if cluster is None else "cluster"
    wanted = [d.code for d in indicator_definitions() if scope in d.scopes
              and (codes is None or d.code in codes)]
    return all_indicator_series(conn, cluster, codes=wanted)


RESULT_COLUMNS = [
    "quarter", "code", "name_nl", "name_en", "lever", "scope", "scope_code", "unit", "value",
    "reference", "reference_agreed_on", "reference_parties", "deviation", "previous", "movement",
    "limit", "comparison", "breached",
]


def results_frame(results: list[IndicatorResult]) -> pd.DataFrame:
    """The results as a DataFrame (one row per indicator and scope; Decimals kept as objects)."""
    rows = []
    for r in results:
        row = asdict(r)
        row["reference_parties"] = ", ".join(r.reference_parties)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS, dtype=object)
    return frame.where(frame.notna(), None)  # empty values stay None, not NaN
