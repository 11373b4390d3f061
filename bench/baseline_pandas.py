"""The baseline: the same indicators as an analyst would compute them in a pandas notebook.

Read the tables into DataFrames with ``pd.read_sql``, turn money into floats, then filter,
group and merge per quarter. No cleverness on purpose: this is what the dashboard has to beat
(issue 8), and it must give the same values as :mod:`saniveld.levers` (checked by
:func:`compare`, rounded to each indicator's sensible precision; money to the cent).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd
import sqlalchemy as sa

from saniveld import settings
from saniveld.levers.definitions import indicator_definitions
from saniveld.quarters import Quarter

# Decimal places at which ours and the baseline must agree, per unit.
PLACES = {"count": 0, "eur": 2, "percent": 4, "ratio": 6, "per_1000_inhabitants": 4,
          "per_100_residents": 4}


@dataclass
class Tables:
    """The tables an analyst loads into the notebook."""

    municipality: pd.DataFrame
    clusters: pd.DataFrame
    actors: pd.DataFrame
    combos: pd.DataFrame
    members: pd.DataFrame
    experiences: pd.DataFrame
    flows: pd.DataFrame
    assignments: pd.DataFrame


def load(engine: sa.Engine) -> Tables:
    """``pd.read_sql`` of every table the indicators use (money as float, dates as datetime)."""
    with engine.connect() as conn:
        def read(sql: str, dates=()):
            frame = pd.read_sql(sa.text(sql), conn)
            for column in dates:
                frame[column] = pd.to_datetime(frame[column])
            return frame

        flows = read("SELECT quarter, kind, from_code, to_code, amount, purpose FROM money_flows")
        flows["amount"] = flows["amount"].astype(float)
        return Tables(
            municipality=read("SELECT * FROM municipality"),
            clusters=read("SELECT cluster_code FROM clusters"),
            actors=read("SELECT actor_code, actor_type FROM actors"),
            combos=read("SELECT combo_code, cluster_code, started_on, ended_on, residents FROM combos",
                        ("started_on", "ended_on")),
            members=read("SELECT combo_code, member_type, resource_group FROM combo_members"),
            experiences=read("SELECT combo_code, occurred_on, dimension, organised_by FROM experiences",
                             ("occurred_on",)),
            flows=flows,
            assignments=read("SELECT actor_code, role_code, scope, scope_code, started_on, ended_on "
                             "FROM role_assignments", ("started_on", "ended_on")),
        )


def _div(a, b, factor=1.0):
    return None if not b else a * factor / b


def quarter_values(t: Tables, quarter: str, scopes: str = "all") -> dict[tuple[str, str | None], float | None]:
    """{(indicator code, cluster or None): value} for one quarter; scopes 'all' or 'network'."""
    q = Quarter.parse(quarter)
    first, last = pd.Timestamp(q.first_day), pd.Timestamp(q.last_day)
    clusters = sorted(t.clusters["cluster_code"])

    # combos active in the quarter, and what their members are
    c = t.combos
    active = c[(c.started_on <= last) & (c.ended_on.isna() | (c.ended_on >= first))].copy()
    active["new"] = active.started_on >= first
    m = t.members.assign(
        informal=t.members.member_type.isin(["informal_carer", "volunteer"]),
        expert=t.members.member_type == "experience_expert",
        rg=t.members.resource_group.astype(bool),
    ).groupby("combo_code")[["informal", "expert", "rg"]].max().reset_index()
    active = active.merge(m, on="combo_code", how="left").fillna({"informal": False, "expert": False, "rg": False})
    per_cluster = active.groupby("cluster_code").agg(
        active=("combo_code", "count"), new=("new", "sum"), residents=("residents", "sum"),
        informal=("informal", "sum"), expert=("expert", "sum"), rg=("rg", "sum"),
    )

    # experiences in the quarter, with their combo's cluster
    e = t.experiences
    e = e[(e.occurred_on >= first) & (e.occurred_on <= last)].merge(
        c[["combo_code", "cluster_code"]], on="combo_code")

    # money: the quarter's ledger entries, each end looked up as combo, actor and cluster
    f = t.flows[t.flows.quarter == quarter]
    combo_ends = c[["combo_code", "cluster_code", "started_on", "ended_on"]]
    f = f.merge(combo_ends.add_prefix("from_"), left_on="from_code", right_on="from_combo_code", how="left")
    f = f.merge(combo_ends.add_prefix("to_"), left_on="to_code", right_on="to_combo_code", how="left")
    f = f.merge(t.actors.add_prefix("from_"), left_on="from_code", right_on="from_actor_code", how="left")
    f = f.merge(t.actors.add_prefix("to_"), left_on="to_code", right_on="to_actor_code", how="left")
    f["from_is_cluster"] = f.from_code.isin(clusters)
    f["to_is_cluster"] = f.to_code.isin(clusters)
    for end in ("from", "to"):
        known = f[f"{end}_combo_code"].notna()
        running = (f[f"{end}_started_on"] <= last) & (
            f[f"{end}_ended_on"].isna() | (f[f"{end}_ended_on"] >= first))
        f[f"{end}_inactive"] = known & ~running
    spend = f[f.kind == "spending"].copy()
    spend["spender"] = spend.to_cluster_code.fillna(spend.from_cluster_code)
    alloc = f[f.kind == "allocation"]
    funders = alloc[alloc.from_actor_type == "funder"]
    inactive_any = f[f.from_inactive | f.to_inactive]
    from_part = f[f.from_inactive][["from_cluster_code", "amount"]].rename(columns={"from_cluster_code": "cl"})
    to_only = f[f.to_inactive & ~(f.from_inactive & (f.from_cluster_code == f.to_cluster_code))]
    to_part = to_only[["to_cluster_code", "amount"]].rename(columns={"to_cluster_code": "cl"})
    to_inactive_by_cluster = pd.concat([from_part, to_part]).groupby("cl")["amount"].sum()
    by_cluster_out = alloc[alloc.from_is_cluster].groupby("from_code")["amount"].sum()
    by_cluster_in = alloc[alloc.to_is_cluster].groupby("to_code")["amount"].sum()
    overallocation = sum(
        max(0.0, by_cluster_out.get(k, 0.0) - by_cluster_in.get(k, 0.0))
        for k in set(clusters) | set(by_cluster_out.index)
    )
    year_flows = t.flows[(t.flows.kind == "allocation") & (t.flows.quarter >= str(q.year_start))
                         & (t.flows.quarter <= quarter)]
    year_flows = year_flows.merge(t.actors, left_on="from_code", right_on="actor_code")
    budget = year_flows[year_flows.actor_type == "funder"]["amount"].sum()

    # roles held at the end of the quarter
    ra = t.assignments
    held = ra[(ra.started_on <= last) & (ra.ended_on.isna() | (ra.ended_on >= last))]
    slots = {(role, scope, None if pd.isna(code) else code) for role, scope, code in
             held[held.scope.isin(["network", "cluster"])][["role_code", "scope", "scope_code"]]
             .itertuples(index=False, name=None)}
    required = filled = 0
    for role in settings.roles():
        if role.required_at == "network":
            required += 1
            filled += (role.code, "network", None) in slots
        else:
            required += len(clusters)
            filled += sum((role.code, "cluster", k) in slots for k in clusters)
    coordinator = settings.coordinator_role_code()
    missing = sum((coordinator, "cluster", k) not in slots for k in clusters)
    persons = held.merge(t.actors, on="actor_code")
    per_person = persons[persons.actor_type == "person"].groupby("actor_code").size()
    inhabitants = int(t.municipality["inhabitants"].iloc[0]) if len(t.municipality) else None

    # per cluster, grouped once (the network is the whole frame)
    exp_n = e.groupby("cluster_code").size()
    exp_own = e[e.organised_by.isin(["self", "network"])].groupby("cluster_code").size()
    dims = e.groupby(["cluster_code", "dimension"]).size().unstack(fill_value=0)
    p = dims.div(dims.sum(axis=1), axis=0)
    balance_by = -(p * np.log(p.where(p > 0, 1))).sum(axis=1) / math.log(6)
    spent_by = spend.groupby("spender")["amount"].sum()
    care_by = spend[spend.purpose == "care"].groupby("spender")["amount"].sum()
    alloc_by = alloc.groupby("to_cluster_code")["amount"].sum()
    shared = {  # the same at every scope
        "role_coverage": _div(filled, required, 100),
        "role_concentration": _div((per_person >= 2).sum(), len(per_person), 100),
        "innovation_share": _div(alloc[alloc.purpose == "innovation"].amount.sum(), funders.amount.sum(), 100),
        "overhead_share": _div(alloc[alloc.purpose == "overhead"].amount.sum(), funders.amount.sum(), 100),
        "budget_envelope": float(budget),
        "clusters_without_coordinator": float(missing),
        "cluster_overallocation": float(overallocation),
    }

    def scope_values(cluster: str | None) -> dict[str, float | None]:
        if cluster is None:
            pc = per_cluster.sum()
            n_exp, own = len(e), int(e.organised_by.isin(["self", "network"]).sum())
            by_dim = e.groupby("dimension").size()
            balance = None
            if n_exp:
                q_ = by_dim / n_exp
                balance = float(-(q_ * np.log(q_)).sum() / math.log(6))
            spent = spend.amount.sum()
            allocated = alloc[alloc.to_cluster_code.notna()].amount.sum() + \
                alloc[alloc.to_actor_type == "organisation"].amount.sum()
            care = spend[spend.spender.notna() & (spend.purpose == "care")].amount.sum()
            ended = inactive_any.amount.sum()
        else:
            pc = per_cluster.loc[cluster] if cluster in per_cluster.index else per_cluster.sum() * 0
            n_exp, own = int(exp_n.get(cluster, 0)), int(exp_own.get(cluster, 0))
            balance = float(balance_by[cluster]) if n_exp else None
            spent, care = spent_by.get(cluster, 0.0), care_by.get(cluster, 0.0)
            allocated = alloc_by.get(cluster, 0.0)
            ended = to_inactive_by_cluster.get(cluster, 0.0)
        residents, n_active = pc["residents"], pc["active"]
        return {
            "experiences_per_1000_inhabitants": _div(n_exp, inhabitants, 1000),
            "experiences_per_100_residents": _div(n_exp, residents, 100),
            "self_or_network_share": _div(own, n_exp, 100),
            "combos_active": float(n_active),
            "new_combos": float(pc["new"]),
            "residents_supported": float(residents),
            "informal_member_share": _div(pc["informal"], n_active, 100),
            "experience_expert_share": _div(pc["expert"], n_active, 100),
            "resource_group_share": _div(pc["rg"], n_active, 100),
            "dimension_balance": balance,
            "spending_rate": _div(spent, allocated, 100),
            "cost_per_resident": _div(care, residents),
            "funds_to_ended_combos": float(ended),
            **shared,
        }

    definitions = indicator_definitions()
    out: dict[tuple[str, str | None], float | None] = {}
    for cluster in [None] + ([] if scopes == "network" else clusters):
        scope = "network" if cluster is None else "cluster"
        values = scope_values(cluster)
        for d in definitions:
            if scope in d.scopes:
                out[(d.code, cluster)] = values[d.code]
    return out


def all_indicators(engine: sa.Engine, quarter: str, t: Tables | None = None) -> dict:
    """The notebook for one quarter: load, then the quarter and the one before (for movement)."""
    t = t or load(engine)
    previous = str(Quarter.parse(quarter).previous())
    return {"now": quarter_values(t, quarter), "before": quarter_values(t, previous)}


def series(engine: sa.Engine, quarters: list[str],
           t: Tables | None = None) -> dict[str, list[tuple[str, float | None]]]:
    """The notebook for the trends: load once, every network indicator in every quarter."""
    t = t or load(engine)
    per_quarter = {q: quarter_values(t, q, scopes="network") for q in quarters}
    codes = [d.code for d in indicator_definitions() if "network" in d.scopes]
    return {code: [(q, per_quarter[q][(code, None)]) for q in quarters] for code in codes}


def same(ours: Decimal | None, theirs: float | None, unit: str) -> bool:
    """Equal when rounded to the unit's precision (a tolerance of half its last place)."""
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return abs(float(ours) - theirs) <= 0.5 * 10 ** -PLACES[unit] + 1e-9 * abs(theirs)


def compare_quarter(results, baseline: dict) -> list[str]:
    """Differences between compute_all_indicators results and :func:`all_indicators` (empty: equal)."""
    problems = []
    seen = set()
    for r in results:
        key = (r.code, r.scope_code)
        seen.add(key)
        for label, ours, theirs in (("value", r.value, baseline["now"].get(key)),
                                    ("previous", r.previous, baseline["before"].get(key))):
            if key not in baseline["now"] or not same(ours, theirs, r.unit):
                problems.append(f"{r.quarter} {key} {label}: ours {ours} baseline {theirs}")
    missing = set(baseline["now"]) - seen
    problems += [f"{key}: only in the baseline" for key in sorted(missing, key=str)]
    return problems


def compare_series(ours: dict[str, list], baseline: dict[str, list]) -> list[str]:
    units = {d.code: d.unit for d in indicator_definitions()}
    problems = []
    for code, points in ours.items():
        theirs = dict(baseline.get(code, []))
        for quarter, value in points:
            if quarter not in theirs or not same(value, theirs[quarter], units[code]):
                problems.append(f"series {code} {quarter}: ours {value} baseline {theirs.get(quarter)}")
    return problems
