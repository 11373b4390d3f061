"""What a quarterly report holds, gathered from the domain layer for one reader.

:func:`gather` returns a :class:`ReportContent`: plain values (Decimals, DataFrames, the
Sankey) that :mod:`saniveld.reports.pdf` and :mod:`saniveld.reports.xlsx` lay out. Everything a
reader may not see is left out *here*, so neither layout can leak it:

- a **funder**'s report shows the flows of its own money in detail
  (:func:`saniveld.access.funder_flow_mask`) and everything else in aggregate;
- officials and coordinators see money in aggregate (combos folded per cluster);
- small counts of residents and experiences are shown as ``< 10`` to anyone outside the
  cluster (:mod:`saniveld.privacy`), whatever their role.

A closed quarter is reported from its frozen snapshot (``review_snapshots``): the values of
the quarter, and of every earlier closed quarter in the 8-quarter series, are the ones the
review saw, so a report generated twice is the same. The date on the report is then the day
the review was closed; for a quarter still in draft it is the day of generation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
import sqlalchemy as sa

from saniveld import access, privacy
from saniveld.db import schema as s
from saniveld.levers import review as rv
from saniveld.levers.definitions import Beliefs, indicator_definitions
from saniveld.levers.indicators import FactsLoader, available_quarters
from saniveld.quarters import Quarter, quarter_range

SERIES_LENGTH = 8
# A printed Sankey stays readable at any scale: each cluster's combos are one node ("Combi's
# (cluster)"); the Excel sheet Geldstromen has the detail the reader may see.
REPORT_COMBOS_PER_CLUSTER = 0
# Indicators that count residents: small values are suppressed outside the cluster.
RESIDENT_COUNTS = ("residents_supported",)
OVERHEAD_CODE = "overhead_share"
MISSING_SCOPE = ""
LANGUAGES = ("nl", "en")


class ReportError(ValueError):
    """The report cannot be made as asked (unknown quarter, cluster or funder); message nl / en."""


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator as the report shows it."""

    code: str
    name: str
    explanation: str
    unit: str
    lever: str  # diagnostic | boundary
    scope_code: str | None
    value: Decimal | None  # the reviewed (frozen) value for a closed quarter
    current_value: Decimal | None = None  # set only when later data changed a frozen value
    reference: Decimal | None = None
    reference_agreed_on: dt.date | None = None
    reference_parties: tuple[str, ...] = ()
    previous: Decimal | None = None
    movement: str | None = None
    limit: Decimal | None = None
    comparison: str | None = None
    breached: bool | None = None
    series: tuple[tuple[str, Decimal | None], ...] = ()
    suppressed: bool = False  # a small count hidden from this reader: show ``< 10``

    @property
    def deviation(self) -> Decimal | None:
        if self.value is None or self.reference is None:
            return None
        return self.value - self.reference


@dataclass(frozen=True)
class Overhead:
    """Overhead against its boundary (the shape :func:`saniveld.figures.overhead_figure` draws)."""

    share_percent: Decimal | None
    limit_percent: Decimal
    breached: bool | None


@dataclass
class ReportContent:
    municipality: str
    quarter: str
    report_date: dt.date
    closed: bool  # the review of the quarter is closed (frozen values)
    reader: access.Principal
    cluster: str | None = None
    cluster_name: str | None = None
    funder: str | None = None
    funder_name: str | None = None
    beliefs: Beliefs | None = None
    diagnostics: list[IndicatorLine] = field(default_factory=list)
    boundaries: list[IndicatorLine] = field(default_factory=list)
    overhead: Overhead | None = None
    overhead_series: tuple = ()
    sankeys: list[tuple[str, object]] = field(default_factory=list)  # (title, money.Sankey)
    money_flows: pd.DataFrame | None = None  # by quarter/kind/stream/purpose/from/to
    money_by_stream: pd.DataFrame | None = None  # the quarter's totals per stream
    combos: pd.DataFrame | None = None  # per cluster, counts (suppressed where small)
    roles: pd.DataFrame | None = None  # role × scope with carriers, vacancies marked
    notes: list = field(default_factory=list)
    initiatives: list = field(default_factory=list)
    definitions: list = field(default_factory=list)
    lang: str = "nl"  # the language of every visible text: nl or en

    @property
    def series_quarters(self) -> list[str]:
        return [q for q, _ in self.diagnostics[0].series] if self.diagnostics else []


# ---------------------------------------------------------------------------------------------
# Names


def municipality_name(conn: sa.Connection) -> str:
    from saniveld import settings

    name = conn.execute(sa.select(s.municipality.c.name).limit(1)).scalar_one_or_none()
    return name or settings.settings().get("municipality", {}).get("fallback_name", "Saniveld")


def _cluster_names(conn: sa.Connection) -> dict[str, str]:
    return dict(conn.execute(sa.select(s.clusters.c.cluster_code, s.clusters.c.name)).all())


def _funders(conn: sa.Connection) -> dict[str, str]:
    a = s.actors
    return dict(conn.execute(sa.select(a.c.actor_code, a.c.name).where(a.c.actor_type == "funder")).all())


# ---------------------------------------------------------------------------------------------
# Indicators


def _frozen_values(conn: sa.Connection, quarters: list[str], scope_code: str | None) -> dict:
    """(quarter, code) → frozen value, for every closed quarter among `quarters`."""
    r, snap = s.reviews, s.review_snapshots
    rows = conn.execute(
        sa.select(snap.c.quarter, snap.c.indicator_code, snap.c.value)
        .join(r, r.c.quarter == snap.c.quarter)
        .where(r.c.status == "closed", snap.c.quarter.in_(quarters),
               snap.c.scope_code == (scope_code or MISSING_SCOPE))
    )
    return {(q, code): (None if v is None else Decimal(v)) for q, code, v in rows}


def series_window(conn: sa.Connection, quarter: Quarter) -> list[Quarter]:
    """The quarter and up to seven before it, from the first quarter with data on."""
    first = available_quarters(conn)
    start = quarter
    for _ in range(SERIES_LENGTH - 1):
        start = start.previous()
    if first:
        start = max(start, Quarter.parse(first[0]))
    return quarter_range(min(start, quarter), quarter)


def _series(conn, window: list[Quarter], codes: list[str], cluster: str | None) -> dict:
    """code → ((quarter, value), …): frozen values for closed quarters, computed otherwise."""
    keys = [str(q) for q in window]
    frozen = _frozen_values(conn, keys, cluster)
    loader = FactsLoader(conn, window)
    out = {}
    for code in codes:
        values = []
        for q in window:
            key = str(q)
            if (key, code) in frozen:
                values.append((key, frozen[(key, code)]))
            else:
                values.append((key, loader.of(q).value(code, cluster)))
        out[code] = tuple(values)
    return out


def _line(reviewed: rv.ReviewedIndicator, definition, series, lang: str, hide_small: bool) -> IndicatorLine:
    r = reviewed.current
    value = reviewed.shown_value
    reference = reviewed.frozen_reference if reviewed.is_frozen else r.reference
    suppressed = hide_small and r.code in RESIDENT_COUNTS and privacy.is_small(value)
    if suppressed:
        series = tuple((q, None) for q, _ in series)
    return IndicatorLine(
        code=r.code,
        name=r.name(lang),
        explanation=definition.explanation(lang),
        unit=r.unit,
        lever=r.lever,
        scope_code=r.scope_code,
        value=None if suppressed else value,
        current_value=r.value if reviewed.restated and not suppressed else None,
        reference=reference,
        reference_agreed_on=r.reference_agreed_on,
        reference_parties=r.reference_parties,
        previous=None if suppressed else r.previous,
        movement=None if suppressed else _movement(value, r.previous),
        limit=r.limit,
        comparison=r.comparison,
        breached=definition.is_breached(value) if r.lever == "boundary" else None,
        series=series,
        suppressed=suppressed,
    )


def _movement(value, previous) -> str | None:
    if value is None or previous is None:
        return None
    return "up" if value > previous else "down" if value < previous else "level"


# ---------------------------------------------------------------------------------------------
# Money


def _group_of(code: str, who, cluster_names: dict[str, str], lang: str,
              reader: access.Principal | None = None) -> str:
    """Where a party belongs when flows are shown in aggregate (a funder's report names no
    other funder)."""
    kind = who.kind(code)
    if kind == "funder" and reader is not None and reader.role == "funder" and code != reader.funder_code:
        return "Andere financiers" if lang != "en" else "Other funders"
    if kind == "combo":
        cluster = who.combo_cluster[code]
        return (f"Combi's in {cluster_names.get(cluster, cluster)}" if lang != "en"
                else f"Combos in {cluster_names.get(cluster, cluster)}")
    if kind == "partner":
        return "Netwerkpartners" if lang != "en" else "Network partners"
    return who.names.get(code, code)


FLOW_COLUMNS = ["quarter", "kind", "stream", "purpose", "from_name", "to_name", "in_detail", "amount"]


def money_table(conn: sa.Connection, reader: access.Principal, quarters: list[str],
                lang: str = "nl") -> pd.DataFrame:
    """Money flows of `quarters` by quarter, kind, stream, purpose, payer and receiver.

    Rows `reader` may see in detail name the parties; the rest is summed with parties replaced
    by their group (combos by cluster, partners together). Amounts are Decimals."""
    from saniveld import money

    who = money.parties(conn)
    flows = pd.concat([money.current_flows(conn, q) for q in quarters], ignore_index=True)
    if flows.empty:
        return pd.DataFrame(columns=FLOW_COLUMNS)
    detail = access.funder_flow_mask(reader, flows, who.funders)
    names = _cluster_names(conn)
    flows = flows.assign(
        in_detail=detail.to_numpy(),
        from_name=[who.names.get(c, c) if d else _group_of(c, who, names, lang, reader)
                   for c, d in zip(flows["from_code"], detail)],
        to_name=[who.names.get(c, c) if d else _group_of(c, who, names, lang, reader)
                 for c, d in zip(flows["to_code"], detail)],
    )
    keys = FLOW_COLUMNS[:-1]
    grouped = flows.groupby(keys, sort=True)["amount"].apply(lambda v: sum(v, Decimal("0.00")))
    return grouped.reset_index()[FLOW_COLUMNS]


def _sankeys(conn: sa.Connection, reader: access.Principal, quarter: str, lang: str) -> list:
    """(title, Sankey): a funder's own streams one by one; for everyone else the whole quarter."""
    from saniveld import money

    title = "Geldstromen" if lang != "en" else "Money flows"
    combos = "Combi's" if lang != "en" else "Combos"
    options = dict(combos_per_cluster=REPORT_COMBOS_PER_CLUSTER, other_label=combos)
    if lang == "en":  # money.sankey's other labels are Dutch by default
        options.update(overhead_label="Steering and overhead", other_clusters_label="Other clusters",
                       other_partners_label="Other partners")
    if reader.role == "funder":
        flows = money.current_flows(conn, quarter)
        out = []
        for stream in sorted(access.funder_streams(flows, reader.funder_code)):
            sankey = _short_combo_labels(money.sankey(conn, quarter, stream, **options), combos)
            _fold_other_funders(sankey, reader.funder_code, lang)
            out.append((f"{title}: {stream_label(stream, lang)}", sankey))
        return out
    return [(title, _short_combo_labels(money.sankey(conn, quarter, **options), combos))]


def _short_combo_labels(sankey, label: str):
    """"Combi's" beside its cluster: the cluster's name is on the node the flow comes from
    (and the longer label would overlap it on paper)."""
    for i, kind in enumerate(sankey.node_kinds):
        if kind == "combo_other":
            sankey.node_labels[i] = label
    return sankey


def _fold_other_funders(sankey, own: str, lang: str) -> None:
    """Another funder paying into the same stream is named only in aggregate."""
    label = "Andere financiers" if lang != "en" else "Other funders"
    for i, (code, kind) in enumerate(zip(sankey.node_codes, sankey.node_kinds)):
        if kind == "funder" and code != own:
            sankey.node_labels[i] = label


STREAMS = {"wmo": "Wmo", "wlz": "Wlz", "zvw": "Zvw", "jeugdwet": "Jeugdwet", "other": "Overig"}
PURPOSES = {"nl": {"care": "zorg", "overhead": "aansturing en overhead", "innovation": "innovatie"},
            "en": {"care": "care", "overhead": "steering and overhead", "innovation": "innovation"}}
KINDS = {"nl": {"allocation": "toewijzing", "spending": "besteding"},
         "en": {"allocation": "allocation", "spending": "spending"}}


def stream_label(stream: str, lang: str = "nl") -> str:
    return "Other" if lang == "en" and stream == "other" else STREAMS.get(stream, stream)


# ---------------------------------------------------------------------------------------------
# Combos per cluster and roles


COMBO_COLUMNS = ["cluster_code", "cluster", "combos_active", "new_combos", "with_resource_group",
                 "residents", "experiences"]


def combos_per_cluster(conn: sa.Connection, reader: access.Principal, quarter: Quarter,
                       lang: str = "nl") -> pd.DataFrame:
    """Per cluster: active and new combos, combos with a resource group, residents supported
    and experiences; residents and experiences suppressed for readers outside the cluster
    (``< 10``, or ``x`` where hidden to protect another count), with a total row."""
    names = _cluster_names(conn)
    facts = FactsLoader(conn, [quarter]).of(quarter)
    codes = sorted(names)
    rows = [{
        "cluster_code": c, "cluster": names[c],
        "combos_active": facts.combo_count("active", c),
        "new_combos": facts.combo_count("new", c),
        "with_resource_group": facts.combo_count("resource_group", c),
        "residents": facts.combo_count("residents", c),
        "experiences": sum(facts.experience_counts(c).values()),
    } for c in codes]
    frame = pd.DataFrame(rows, columns=COMBO_COLUMNS).set_index("cluster_code")
    total = {"cluster": "Total" if lang == "en" else "Totaal", **{k: int(frame[k].sum()) for k in COMBO_COLUMNS[2:]}}
    clusters = pd.Series(codes, index=codes)
    shown = frame.astype(object)
    shown.loc["", :] = pd.Series(total, dtype=object)
    for column in ("residents", "experiences"):
        table = privacy.for_viewer(reader, frame[[column]], clusters)
        display = table.display(total_label="")
        shown[column] = display[column].tolist()
    return shown.reset_index()


ROLE_COLUMNS = ["role", "scope", "required", "carriers", "vacant"]


def roles_table(conn: sa.Connection, quarter: str, lang: str = "nl") -> pd.DataFrame:
    """Every role × scope at the quarter's end: who carries it, and whether it is vacant."""
    from saniveld import roles as roles_domain

    matrix = roles_domain.role_matrix(conn, quarter, "Netwerk" if lang != "en" else "Network")
    scope_names = dict(matrix.scopes)
    rows = []
    for role in matrix.roles:
        for scope, _ in matrix.scopes:
            cell = matrix.cell(role.code, scope)
            if not cell.required and not cell.carriers:
                continue
            rows.append({
                "role": role.name(lang),
                "scope": scope_names[scope],
                "required": cell.required,
                "carriers": ", ".join(c.name for c in cell.carriers),
                "vacant": cell.vacant,
            })
    return pd.DataFrame(rows, columns=ROLE_COLUMNS)


# ---------------------------------------------------------------------------------------------
# The report


def reader_for(principal: access.Principal, funder: str | None, cluster: str | None) -> access.Principal:
    """Whom the report is written for: a funder's report is the funder's view, whoever asks.

    Refused (:class:`saniveld.access.Forbidden`) unless the principal may see that funder's
    detail (the funder itself, network manager, admin) and that cluster."""
    access.authorise(principal, access.Action.EXPORT_REPORT)
    if cluster is not None:
        access.authorise(principal, access.Action.VIEW_CLUSTER, cluster)
    if funder is None:
        return principal
    access.authorise(principal, access.Action.VIEW_FUNDER_DETAIL, funder)
    if principal.role == "funder":
        return principal
    return access.Principal(username=principal.username, role="funder", funder_code=funder,
                            display_name=principal.display_name)


def gather(conn: sa.Connection, principal: access.Principal, quarter: str, *,
           cluster: str | None = None, funder: str | None = None, lang: str = "nl",
           today: dt.date | None = None) -> ReportContent:
    """Everything the report of `quarter` holds for `principal` (see the module doc), with
    names and labels in `lang` (nl or en)."""
    if lang not in LANGUAGES:
        raise ReportError(f"Onbekende taal '{lang}'; kies nl of en / unknown language")
    try:
        q = Quarter.parse(quarter)
    except ValueError as exc:
        raise ReportError(f"Ongeldig kwartaal / invalid quarter: {exc}") from None
    if str(q) not in available_quarters(conn):
        raise ReportError(f"Geen gegevens voor kwartaal {q} / no data for quarter {q}")
    clusters = _cluster_names(conn)
    if cluster is not None and cluster not in clusters:
        raise ReportError(f"Cluster '{cluster}' bestaat niet / does not exist")
    funders = _funders(conn)
    if funder is None and principal.role == "funder":
        funder = principal.funder_code
    if funder is not None and funder not in funders:
        raise ReportError(f"Financier '{funder}' bestaat niet / funder does not exist")
    reader = reader_for(principal, funder, cluster)

    report = rv.review_report(conn, str(q))
    closed = report.review is not None and report.review.status == "closed"
    report_date = report.review.closed_at.date() if closed else (today or dt.date.today())
    definitions = {d.code: d for d in indicator_definitions()}
    hide_small = cluster is None or not access.inside_cluster(reader, cluster)

    window = series_window(conn, q)
    mine = [ri for ri in report.indicators if ri.current.scope_code == cluster]
    network = [ri for ri in report.indicators if ri.current.scope_code is None]
    boundaries = [ri for ri in network if ri.current.lever == "boundary"]
    if cluster is not None:
        boundaries += [ri for ri in mine if ri.current.lever == "boundary"]
    diagnostics = [ri for ri in mine if ri.current.lever == "diagnostic"]
    series = _series(conn, window, [ri.current.code for ri in diagnostics], cluster)
    net_series = _series(conn, window, [OVERHEAD_CODE], None)

    content = ReportContent(
        municipality=municipality_name(conn),
        quarter=str(q),
        report_date=report_date,
        closed=closed,
        reader=reader,
        cluster=cluster,
        cluster_name=clusters.get(cluster) if cluster else None,
        funder=funder,
        funder_name=funders.get(funder) if funder else None,
        beliefs=report.beliefs,
        notes=report.notes,
        initiatives=report.initiatives,
        definitions=list(definitions.values()),
        lang=lang,
    )
    content.diagnostics = [
        _line(ri, definitions[ri.current.code], series[ri.current.code], lang, hide_small)
        for ri in diagnostics
    ]
    content.boundaries = [
        _line(ri, definitions[ri.current.code], (), lang, hide_small) for ri in boundaries
    ]
    overhead = next((b for b in content.boundaries if b.code == OVERHEAD_CODE and b.scope_code is None), None)
    if overhead is not None:
        content.overhead = Overhead(overhead.value, overhead.limit, overhead.breached)
        content.overhead_series = net_series[OVERHEAD_CODE]
    content.sankeys = _sankeys(conn, reader, str(q), lang)
    content.money_flows = money_table(conn, reader, [str(w) for w in window], lang)
    content.money_by_stream = _by_stream(conn, str(q))
    content.combos = combos_per_cluster(conn, reader, q, lang)
    content.roles = roles_table(conn, str(q), lang)
    return content


def _by_stream(conn: sa.Connection, quarter: str) -> pd.DataFrame:
    """The quarter's money per stream: received from funders, and spent (aggregate totals)."""
    from saniveld import money

    who = money.parties(conn)
    flows = money.current_flows(conn, quarter)
    out = []
    for stream in sorted(set(flows["stream"])):
        part = flows[flows["stream"] == stream]
        incoming = part[(part["kind"] == "allocation") & part["from_code"].isin(who.funders)]
        out.append({
            "stream": stream,
            "received": sum(incoming["amount"], Decimal("0.00")),
            "spent": sum(part.loc[part["kind"] == "spending", "amount"], Decimal("0.00")),
        })
    return pd.DataFrame(out, columns=["stream", "received", "spent"])


__all__ = ["ReportContent", "ReportError", "IndicatorLine", "gather"]
