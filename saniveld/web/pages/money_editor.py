"""Geldstromen bewerken (`/geldstromen/bewerken`): the network manager's allocation editor.

The quarter's allocations (dash-ag-grid; paged from the server above 5,000 rows), a
reallocation form, the what-if before/after side by side, commit with the version the preview
was made on (a stale version gets a clear message and the fresh preview), the ledger history
with filters and undo, and the quarter lock. Every callback is guarded by MOVE_MONEY (the lock
by LOCK_QUARTER); other roles get a refusal page and a 403 on every callback.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import dash
import dash_ag_grid as dag
import flask
import sqlalchemy as sa
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html

from saniveld import access, cache, ledger
from saniveld.ledger import LedgerRefused, Move, VersionConflict, WhatIf
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.ledger.moves import describe, history_query, run
from saniveld.ledger.whatif import EVERY_SCOPE_UP_TO, FOCUS
from saniveld.quarters import is_quarter
from saniveld.web import auth, context, formatting
from saniveld.web import components as c
from saniveld.web.i18n import current_language, t
from saniveld.web.layout import QUARTER_PICKER

dash.register_page(__name__, path="/geldstromen/bewerken", title=c.page_title("editor.title"), order=90)

PAGE_SIZE_LIMIT = 5000  # above this many allocations the grid pages from the server
BLOCK_LIMIT = 500  # at most this many rows in one answer to the paged grid
SORTABLE = ("flow_code", "from_code", "to_code", "amount", "stream", "purpose")  # the grid's columns
ALL_CODES_UP_TO = 1000  # up to this many codes the dropdown gets them all, else it searches the server
# the what-if lists every cluster up to this many, else the changed ones (and the what-if
# itself then holds only the indicators of the clusters a move touches)
ALL_CLUSTERS_UP_TO = EVERY_SCOPE_UP_TO
SEARCH_LIMIT = 50  # at most this many matching codes per search
HISTORY_LIMIT = 5000  # the newest this many ledger entries in the history grid
_MAX_ROW = 10**9  # a start row beyond any quarter (keeps forged numbers inside BIGINT)
SOURCES = ("import", "move", "undo", "correction")
_AMOUNT_COLUMN = {
    "type": "rightAligned",
    "valueFormatter": {"function": "Number(params.value).toLocaleString('nl-NL', "
                                   "{style: 'currency', currency: 'EUR'})"},
    "comparator": {"function": "Number(valueA) - Number(valueB)"},
}


def _refusal(lang: str) -> html.Div:
    return html.Div([c.page_header(t("editor.refused.title", lang), t("editor.refused.body", lang))],
                    className="page page-refused")


def _field(component_id: str, label: str, control) -> html.Div:
    return html.Div([html.Label(label, htmlFor=component_id, id=c.label_id(component_id),
                                className="field-label"), control], className="field")


def _form(lang: str) -> html.Div:
    return html.Div(
        [
            _field("editor-from", t("editor.from", lang), dcc.Input(id="editor-from", type="text", debounce=True)),
            _field("editor-to", t("editor.to", lang), c.dropdown("editor-to", lang, options=[], searchable=True)),
            _field("editor-amount", t("editor.amount", lang),
                   dcc.Input(id="editor-amount", type="text", inputMode="decimal", debounce=True)),
            _field("editor-flow", t("editor.flow", lang), dcc.Input(id="editor-flow", type="text", debounce=True)),
            _field("editor-reason", t("editor.reason", lang), dcc.Textarea(id="editor-reason", rows=2)),
            html.Div([html.Button(t("editor.preview", lang), id="editor-preview", n_clicks=0, className="button"),
                      html.Button(t("editor.commit", lang), id="editor-commit", n_clicks=0,
                                  className="button button-primary")], className="buttons"),
            html.Div(id="editor-message", role="status", **{"aria-live": "polite"}),
        ],
        className="editor-form",
    )


def _history_filters(lang: str) -> html.Div:
    sources = [{"label": s, "value": s} for s in SOURCES]
    return html.Div(
        [
            c.labelled_dropdown("editor-history-source", t("editor.history.source", lang), options=sources,
                                clearable=True, placeholder=t("editor.history.all", lang), lang=lang),
            _field("editor-history-code", t("editor.history.code", lang),
                   dcc.Input(id="editor-history-code", type="text", debounce=True)),
        ],
        className="filters",
    )


def _history_columns(lang: str) -> list[dict]:
    return [
        {"field": "posted_at", "headerName": t("editor.col.when", lang)},
        {"field": "source", "headerName": t("editor.col.source", lang)},
        {"field": "posted_by", "headerName": t("editor.col.who", lang)},
        {"field": "reason", "headerName": t("editor.col.why", lang)},
        {"field": "entry_type", "headerName": t("editor.col.type", lang)},
        {"field": "flow_code", "headerName": t("editor.col.flow", lang)},
        {"field": "from_code", "headerName": t("editor.col.from", lang)},
        {"field": "to_code", "headerName": t("editor.col.to", lang)},
        {"field": "amount", "headerName": t("editor.col.amount", lang), **_AMOUNT_COLUMN},
        {"field": "posting_key", "headerName": t("editor.col.key", lang)},
        {"field": "undone_by", "headerName": t("editor.col.undone", lang)},
    ]


def _allocation_columns(lang: str) -> list[dict]:
    return [
        {"field": "flow_code", "headerName": t("editor.col.flow", lang)},
        {"field": "from_code", "headerName": t("editor.col.from", lang)},
        {"field": "to_code", "headerName": t("editor.col.to", lang)},
        {"field": "amount", "headerName": t("editor.col.amount", lang), **_AMOUNT_COLUMN},
        {"field": "stream", "headerName": t("editor.col.stream", lang)},
        {"field": "purpose", "headerName": t("editor.col.purpose", lang)},
    ]


def allocations_grid(rows: list[dict], lang: str, count: int | None = None) -> dag.AgGrid:
    """The allocations: in the browser up to 5,000 rows, else (`count`, default ``len(rows)``,
    above 5,000) paged from the server without rows of its own."""
    common = dict(id="editor-grid", columnDefs=_allocation_columns(lang),
                  defaultColDef={"sortable": True, "filter": True, "resizable": True},
                  dashGridOptions={"rowSelection": "single", "pagination": True, "paginationPageSize": 50},
                  className="ag-theme-alpine", style={"height": "420px"})
    if (len(rows) if count is None else count) > PAGE_SIZE_LIMIT:
        return dag.AgGrid(rowModelType="infinite", **{**common, "dashGridOptions": {
            "rowSelection": "single", "pagination": True, "paginationPageSize": 100, "cacheBlockSize": 100}})
    return dag.AgGrid(rowData=rows, **common)


def _shown_to_a_visitor() -> bool:
    """True when the page router asks for the layout (a callback request); False when Dash builds
    its validation layout (once, in whatever request comes first), which must hold every id."""
    return flask.has_request_context() and flask.request.path.endswith("/_dash-update-component")


def layout(**_query):
    lang = current_language()
    if _shown_to_a_visitor() and not auth.is_allowed(auth.current_principal(), auth.MOVE_MONEY):
        return _refusal(lang)
    return html.Div(
        [
            c.page_header(t("editor.title", lang), t("editor.intro", lang),
                          extra=html.Div([html.P(id="editor-state", className="editor-state"),
                                          html.Button(t("editor.lock", lang), id="editor-lock", n_clicks=0,
                                                      className="button"),
                                          dcc.ConfirmDialog(id="editor-lock-confirm"),
                                          html.Div(id="editor-lock-message", role="status")],
                                         className="filters")),
            dcc.Store(id="editor-pending"),  # the previewed move, its version and idempotency key
            dcc.Store(id="editor-refresh-move", data=0),
            dcc.Store(id="editor-refresh-undo", data=0),
            dcc.Store(id="editor-refresh-lock", data=0),
            # True while the recipient dropdown holds every code (the browser searches them)
            dcc.Store(id="editor-to-complete", data=False),
            dcc.Store(id="editor-to-search"),  # what the server is asked to search otherwise
            html.Div(
                [
                    c.section("editor-allocations", t("editor.allocations", lang),
                              [html.P(t("editor.allocations.hint", lang)),
                               c.loading("editor-grid-body", allocations_grid([], lang))]),
                    c.section("editor-move", t("editor.form", lang), _form(lang)),
                ],
                className="grid-main-side",
            ),
            c.section("editor-whatif", t("editor.whatif", lang),
                      html.Div(c.empty_state(t("editor.whatif.empty", lang)), id="editor-whatif-body",
                               **{"aria-live": "polite"}), wide=True),
            c.section("editor-history", t("editor.history", lang),
                      [_history_filters(lang),
                       c.loading("editor-history-body", dag.AgGrid(id="editor-history-grid", rowData=[],
                                                                   columnDefs=_history_columns(lang))),
                       _field("editor-undo-reason", t("editor.undo.reason", lang),
                              dcc.Input(id="editor-undo-reason", type="text")),
                       html.Button(t("editor.undo", lang), id="editor-undo", n_clicks=0, className="button"),
                       html.Div(id="editor-undo-message", role="status", **{"aria-live": "polite"})],
                      wide=True),
        ],
        className="page page-money-editor",
    )


# ---------------------------------------------------------------------------------------------
# Pure builders (tests call these without a browser)


def _text(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _code_selects(term: str | None = None) -> list[sa.Select]:
    """The codes money can go to, one SELECT per table (clusters, partners and the fund
    administrator, combos), each narrowed to codes containing `term` (case-insensitive)."""
    actor_types = ("organisation", "fund_administrator", "neighbourhood_initiative")
    columns = [(s.clusters.c.cluster_code, None), (s.actors.c.actor_code, s.actors.c.actor_type.in_(actor_types)),
               (s.combos.c.combo_code, None)]
    selects = []
    for column, condition in columns:
        query = sa.select(column.label("code"))
        if condition is not None:
            query = query.where(condition)
        if term:
            query = query.where(sa.func.lower(column).contains(term.lower(), autoescape=True))
        selects.append(query)
    return selects


def _code_count(conn) -> int:
    """How many codes the dropdown could offer (a code in two tables counts twice: an upper bound)."""
    return sum(conn.execute(sa.select(sa.func.count()).select_from(q.subquery())).scalar_one()
               for q in _code_selects())


def _few_codes(conn, engine: sa.Engine | None = None) -> bool:
    """Whether the dropdown gets every code (up to 1,000) rather than searching the server."""
    return cache.cached(engine or context.engine(), ("editor_code_count",), _code_count,
                        conn=conn) <= ALL_CODES_UP_TO


def _code_options(conn, search=None, selected=None, engine: sa.Engine | None = None,
                  few: bool | None = None) -> list[dict]:
    """The codes money can go to: all of them up to 1,000, else at most 50 containing `search`
    (case-insensitive, in code order) and the `selected` one; remembered per data version.
    `few`: :func:`_few_codes`, when the caller asked already."""
    engine = engine or context.engine()
    term, chosen = _text(search), _text(selected)
    if _few_codes(conn, engine) if few is None else few:
        term = chosen = None  # the same list whatever is searched
    return cache.cached(engine, ("editor_options", term and term.lower(), chosen),
                        lambda c: _find_codes(c, term, chosen, engine), conn=conn)


def _find_codes(conn, term: str | None, chosen: str | None, engine: sa.Engine | None = None) -> list[dict]:
    """_code_options without the cache."""
    if _few_codes(conn, engine):
        codes = set()
        for query in _code_selects():
            codes |= set(conn.execute(query).scalars())
        return [{"label": code, "value": code} for code in sorted(codes)]
    union = sa.union(*_code_selects(term)).subquery()
    codes = list(conn.execute(sa.select(union.c.code).order_by(union.c.code).limit(SEARCH_LIMIT)).scalars())
    if chosen and chosen not in codes:
        codes.insert(0, chosen)
    return [{"label": code, "value": code} for code in codes]


def _allocations(quarter: str):
    """The quarter's allocations as a subquery: their current positions (ledger.positions_query)."""
    return ledger.positions_query(quarter).where(s.money_flows.c.kind == "allocation").subquery("allocations")


def count_allocations(conn, quarter: str) -> int:
    """How many allocations the quarter has (current positions)."""
    return conn.execute(sa.select(sa.func.count()).select_from(_allocations(quarter))).scalar_one()


def _cached_count(conn, quarter: str, engine: sa.Engine | None = None) -> int:
    """count_allocations, remembered until the data or the quarter's ledger changes (the paged
    grid asks for the count with every block of rows)."""
    return cache.cached(engine or context.engine(), ("editor_allocations", quarter),
                        lambda c: count_allocations(c, quarter), conn=conn)


def allocation_rows(conn, quarter: str, start: int = 0, end: int | None = None,
                    sort_by: str = "flow_code", descending: bool = False) -> list[dict]:
    """Rows `start` to `end` (exclusive; None: all) of the quarter's allocations sorted by
    `sort_by` (one of SORTABLE, else flow_code), ties in flow-code order; values as the grid shows them."""
    sub = _allocations(quarter)
    key = sub.c[sort_by if sort_by in SORTABLE else "flow_code"]
    ties = [sub.c[k] for k in ("flow_code", "from_code", "to_code", "stream", "purpose")]
    query = sa.select(*[sub.c[k] for k in SORTABLE]).order_by(key.desc() if descending else key.asc(), *ties)
    query = query.offset(start) if start else query
    if end is not None:
        query = query.limit(max(end - start, 0))
    return [_row({**r, "amount": Decimal(r["amount"]).quantize(Decimal("0.01"))})
            for r in conn.execute(query).mappings()]


def _row_number(value, default: int) -> int:
    """A row number from the browser's request, within 0..10**9 (anything else: `default`)."""
    try:
        number = int(value) if value is not None and not isinstance(value, bool) else default
    except (TypeError, ValueError, OverflowError):
        number = default
    return min(max(number, 0), _MAX_ROW)


def _row(values) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v.isoformat(sep=" ") if hasattr(v, "hour")
                else int(v) if k.endswith("entry_id") and v is not None else v) for k, v in values.items()}


def _shown(what: WhatIf) -> tuple[list, list, int]:
    """(the indicator rows, the balances, how many clusters are left out) the view lists:
    ``what.affected`` and every balance when there are up to ALL_CLUSTERS_UP_TO clusters, else
    only those of the network and of the clusters whose balance or an indicator the move changes
    (a national network has thousands of clusters; a move touches two or three). One pass over
    the indicators (tens of thousands at national scale)."""
    affected, changed_scopes = [], set()
    for i in what.indicators:  # what.affected, with the changed scopes on the way
        # identity first: an unchanged scope's before and after are the very same objects
        changed = ((i.before is not i.after and i.before != i.after)
                   or i.breached_before is not i.breached_after)  # bools and None: singletons
        if changed and i.scope_code is not None:
            changed_scopes.add(i.scope_code)
        if changed or i.code in FOCUS or i.lever == "boundary":
            affected.append(i)
    every = {b.cluster_code for b in what.balances} | {i.scope_code for i in affected if i.scope_code}
    if len(every) <= ALL_CLUSTERS_UP_TO:
        return affected, list(what.balances), 0
    shown = changed_scopes | {b.cluster_code for b in what.balances
                              if (b.received_before, b.allocated_before) != (b.received_after, b.allocated_after)}
    return ([i for i in affected if i.scope_code is None or i.scope_code in shown],
            [b for b in what.balances if b.cluster_code in shown], len(every - shown))


def whatif_view(what: WhatIf, lang: str) -> html.Div:
    """Before and after side by side: the verdict, problems, indicators and boundaries, balances."""
    def value(i, v):
        if v is None:
            return formatting.MISSING
        if i.unit == "eur":
            return formatting.money(Decimal(v), lang)
        if i.unit == "percent":
            return formatting.percent(v, lang)
        return formatting.number(v, lang, 2)

    def verdict(flag):
        return "" if flag is None else t("editor.breached" if flag else "editor.within", lang)

    affected, balances, hidden = _shown(what)
    head = html.Tr([html.Th(t("editor.indicator", lang)), html.Th(t("editor.scope", lang)),
                    html.Th(t("editor.before", lang)), html.Th(t("editor.after", lang))])
    rows = [
        html.Tr([html.Td(i.name(lang)), html.Td(i.scope_code or t("editor.network", lang)),
                 html.Td(f"{value(i, i.before)} {verdict(i.breached_before)}".strip()),
                 html.Td(f"{value(i, i.after)} {verdict(i.breached_after)}".strip(),
                         className="changed" if i.changed else None)])
        for i in affected
    ]
    bal_head = html.Tr([html.Th(t("common.cluster", lang)), html.Th(t("editor.received", lang)),
                        html.Th(f"{t('editor.balance', lang)} – {t('editor.before', lang)}"),
                        html.Th(f"{t('editor.balance', lang)} – {t('editor.after', lang)}")])
    bal_rows = [
        html.Tr([html.Td(b.cluster_code),
                 html.Td(f"{formatting.money(b.received_before, lang)} → {formatting.money(b.received_after, lang)}"),
                 html.Td(formatting.money(b.balance_before, lang)), html.Td(formatting.money(b.balance_after, lang))])
        for b in balances
    ]
    ok = t("editor.whatif.ok" if what.ok else "editor.whatif.not_ok", lang)
    return html.Div(
        [
            html.P(ok, className="verdict ok" if what.ok else "verdict not-ok"),
            html.Ul([html.Li(p) for p in what.problems], className="problems") if what.problems else None,
            html.P(t("editor.whatif.unchanged", lang, n=hidden), className="hint") if hidden else None,
            html.Div(
                [html.Table([html.Thead(head), html.Tbody(rows)], className="table whatif-indicators"),
                 html.Div([html.H3(t("editor.balances", lang)),
                           html.Table([html.Thead(bal_head), html.Tbody(bal_rows)], className="table")])],
                className="grid-2",
            ),
        ]
    )


def _move_from(quarter, frm, to, amount, reason, flow) -> Move:
    return Move(_text(frm) or "", _text(to) or "", amount if isinstance(amount, str) else "",
                _text(reason) or "", _text(flow))


def _form_problem(m: Move, lang: str, *, need_reason: bool) -> str | None:
    if not m.from_code:
        return t("editor.need.from", lang)
    if not m.to_code:
        return t("editor.need.to", lang)
    try:
        ledger.parse_amount(m.amount)
    except LedgerRefused as exc:
        return str(exc).split(" / ")[0 if lang == "nl" else -1]
    if need_reason and not m.reason:
        return t("editor.need.reason", lang)
    return None


def _pending(quarter: str, m: Move, version: int) -> dict:
    return {"quarter": quarter, "from": m.from_code, "to": m.to_code, "amount": str(ledger.parse_amount(m.amount)),
            "flow": m.flow_code, "version": version, "key": f"web:{uuid.uuid4().hex}"}


def _same(pending, quarter: str, m: Move) -> bool:
    try:
        return (isinstance(pending, dict) and pending.get("quarter") == quarter
                and pending.get("from") == m.from_code and pending.get("to") == m.to_code
                and pending.get("amount") == str(ledger.parse_amount(m.amount))
                and pending.get("flow") == m.flow_code)
    except LedgerRefused:
        return False


def _message(text: str, kind: str = "info") -> html.P:
    return html.P(text, className=f"message message-{kind}")


def _next(refresh) -> int:
    return refresh + 1 if isinstance(refresh, int) and not isinstance(refresh, bool) else 1


def _lang_part(text: str, lang: str) -> str:
    return text.split(" / ")[0 if lang == "nl" else -1]


# ---------------------------------------------------------------------------------------------
# Callbacks


@auth.data_callback(Output("editor-grid-body", "children"), Output("editor-to", "options"),
                    Output("editor-to-complete", "data"), Output("editor-state", "children"),
                    Input(QUARTER_PICKER, "value"), Input("editor-refresh-move", "data"),
                    Input("editor-refresh-undo", "data"), Input("editor-refresh-lock", "data"),
                    action=auth.MOVE_MONEY)
def show_allocations(principal, quarter, *_refresh):
    """The quarter's allocations: rows in the grid up to 5,000, else an empty grid that pages from
    the server (page_allocations); the recipient codes (all of them, up to 1,000) and whether
    those are all; and the quarter's version and lock state."""
    lang = current_language()
    if not isinstance(quarter, str) or not is_quarter(quarter):
        return allocations_grid([], lang), [], False, t("editor.no_quarter", lang)
    # no connection of our own: the cache opens one only for what it has to compute
    few = _few_codes(None)
    options = _code_options(None, few=few)  # with the rows, so the form is ready when they show
    count, rows, state = _cached_grid_data(None, quarter)
    status = (t("editor.state.locked", lang, who=state.locked_by or "?") if state.locked
              else t("editor.state.open", lang))
    return (allocations_grid(rows, lang, count), options, few,
            t("editor.state", lang, version=state.version, status=status))


def _cached_grid_data(conn, quarter: str, engine: sa.Engine | None = None):
    """_grid_data, remembered per (quarter, data version)."""
    engine = engine or context.engine()
    return cache.cached(engine, ("editor_grid", quarter), lambda c: _grid_data(c, quarter, engine), conn=conn)


def _grid_data(conn, quarter: str, engine: sa.Engine | None = None) -> tuple[int, list[dict], ledger.QuarterState]:
    """(how many allocations, their rows up to 5,000 else none, the quarter's version and lock)."""
    count = _cached_count(conn, quarter, engine)
    rows = allocation_rows(conn, quarter) if count <= PAGE_SIZE_LIMIT else []
    return count, rows, ledger.quarter_state(conn, quarter)


# What the user types in the recipient dropdown goes to the server only when the dropdown does not
# hold every code (above 1,000): a short list the browser searches itself, so a keystroke there
# needs no request (the server would answer "no update" anyway).
dash.clientside_callback(
    ClientsideFunction(namespace="saniveld", function_name="serverSearch"),
    Output("editor-to-search", "data"),
    Input("editor-to", "search_value"),
    State("editor-to-complete", "data"),
    prevent_initial_call=True,
)


@auth.data_callback(Output("editor-to", "options", allow_duplicate=True), Input("editor-to-search", "data"),
                    State("editor-to", "value"), action=auth.MOVE_MONEY, prevent_initial_call=True)
def code_options(principal, search, selected):
    """The recipient dropdown's options: every code (up to 1,000: sent once with the grid, the
    browser searches them itself; replacing them while the user types would lose the highlighted
    option), else those matching the search (typed in the dropdown, passed on by serverSearch)."""
    few = _few_codes(None)  # the cache opens a connection only when it has to compute
    if _text(search) and few:
        return dash.no_update
    return _code_options(None, search if isinstance(search, str) else None,
                         selected if isinstance(selected, str) else None, few=few)


@auth.data_callback(Output("editor-grid", "getRowsResponse"), Input("editor-grid", "getRowsRequest"),
                    State(QUARTER_PICKER, "value"), action=auth.MOVE_MONEY, prevent_initial_call=True)
def page_allocations(principal, request, quarter):
    """Server-side paging of a quarter with more than 5,000 allocations (sorting by one column),
    at most 500 rows per request, counted and sliced in the database."""
    if not isinstance(request, dict) or not isinstance(quarter, str) or not is_quarter(quarter):
        return {"rowData": [], "rowCount": 0}
    start = _row_number(request.get("startRow"), 0)
    end = _row_number(request.get("endRow"), start + 100)
    end = max(start, min(end, start + BLOCK_LIMIT))
    sort = request.get("sortModel")
    first = sort[0] if isinstance(sort, list) and sort and isinstance(sort[0], dict) else {}
    column = first.get("colId") if first.get("colId") in SORTABLE else "flow_code"
    descending = first.get("sort") == "desc"
    count = _cached_count(None, quarter)  # the cache opens a connection only to compute
    if start >= count:
        rows = []
    else:  # each block remembered per (quarter, data version): the first on every visit and sort
        rows = cache.cached(context.engine(), ("editor_block", quarter, start, end, column, descending),
                            lambda c: allocation_rows(c, quarter, start, end, column, descending))
    return {"rowData": rows, "rowCount": count}


@auth.ui_callback(Output("editor-from", "value"), Output("editor-flow", "value"),
                  Input("editor-grid", "selectedRows"), prevent_initial_call=True)
def use_selected_allocation(selected):
    """A chosen allocation becomes the move's source (its recipient and flow code)."""
    if not isinstance(selected, list) or not selected or not isinstance(selected[0], dict):
        return dash.no_update, dash.no_update
    return selected[0].get("to_code"), selected[0].get("flow_code")


@auth.data_callback(Output("editor-whatif-body", "children"), Output("editor-message", "children"),
                    Output("editor-pending", "data"), Output("editor-refresh-move", "data"),
                    Input("editor-preview", "n_clicks"), Input("editor-commit", "n_clicks"),
                    State(QUARTER_PICKER, "value"), State("editor-from", "value"), State("editor-to", "value"),
                    State("editor-amount", "value"), State("editor-reason", "value"),
                    State("editor-flow", "value"), State("editor-pending", "data"),
                    State("editor-refresh-move", "data"),
                    action=auth.MOVE_MONEY, prevent_initial_call=True)
def preview_or_commit(principal, _preview, _commit, quarter, frm, to, amount, reason, flow, pending, refresh):
    lang = current_language()
    no = dash.no_update
    if not isinstance(quarter, str) or not is_quarter(quarter):
        return no, _message(t("editor.no_quarter", lang), "error"), no, no
    m = _move_from(quarter, frm, to, amount, reason, flow)
    committing = ctx.triggered_id == "editor-commit"
    problem = _form_problem(m, lang, need_reason=committing)
    if problem:
        return no, _message(problem, "error"), no, no
    engine = context.engine()
    if not committing:
        try:
            what = ledger.preview(engine, quarter, [m])
        except db.DatabaseBusy as exc:
            return no, _message(_lang_part(str(exc), lang), "error"), no, no
        return whatif_view(what, lang), None, _pending(quarter, m, what.version), no
    if not _same(pending, quarter, m):
        text = t("editor.changed" if pending else "editor.need.preview", lang)
        return no, _message(text, "error"), no, no
    try:
        result = ledger.commit_move(engine, quarter, m, principal, expect_version=int(pending["version"]),
                                    posting_key=str(pending["key"]))
    except VersionConflict as exc:
        fresh = exc.preview or ledger.preview(engine, quarter, [m])
        return (whatif_view(fresh, lang), _message(t("editor.conflict", lang, version=fresh.version), "error"),
                _pending(quarter, m, fresh.version), no)
    except (LedgerRefused, access.Forbidden, db.DatabaseBusy) as exc:
        return no, _message(_lang_part(str(exc), lang), "error"), no, no
    if result.replayed:
        return no, _message(t("editor.replayed", lang)), None, no
    cache.warm_soon(engine)  # the next preview of this quarter finds its figures ready
    what = describe(Move(m.from_code, m.to_code, ledger.parse_amount(m.amount)))
    done = t("editor.committed", lang, what=what, version=result.version)
    return no, _message(done, "ok"), None, _next(refresh)


@auth.data_callback(Output("editor-history-grid", "rowData"),
                    Input(QUARTER_PICKER, "value"), Input("editor-history-source", "value"),
                    Input("editor-history-code", "value"), Input("editor-refresh-move", "data"),
                    Input("editor-refresh-undo", "data"), Input("editor-refresh-lock", "data"),
                    action=auth.MOVE_MONEY)
def show_history(principal, quarter, source, code, *_refresh):
    if not isinstance(quarter, str) or not is_quarter(quarter):
        return []
    source = source if source in SOURCES else None
    return _cached_history(None, quarter, source, _text(code))  # a connection only to compute


def _cached_history(conn, quarter: str, source: str | None = None, code: str | None = None,
                    engine: sa.Engine | None = None) -> list[dict]:
    """history_rows, remembered per (quarter, filters, data version)."""
    return cache.cached(engine or context.engine(), ("editor_history", quarter, source, code),
                        lambda c: history_rows(c, quarter, source, code), conn=conn)


def history_rows(conn, quarter: str, source: str | None = None, code: str | None = None) -> list[dict]:
    """The newest 5,000 ledger entries of the quarter (ledger.history's columns and filters), as
    the grid shows them: straight from the query, without a DataFrame."""
    query = history_query(quarter, source=source, code=code, limit=HISTORY_LIMIT)
    return [_row({**r, "amount": Decimal(r["amount"]).quantize(Decimal("0.01"))})
            for r in conn.execute(query).mappings()]


@auth.data_callback(Output("editor-undo-message", "children"), Output("editor-refresh-undo", "data"),
                    Input("editor-undo", "n_clicks"), State("editor-history-grid", "selectedRows"),
                    State("editor-undo-reason", "value"), State("editor-refresh-undo", "data"),
                    action=auth.MOVE_MONEY, prevent_initial_call=True)
def undo_selected(principal, _clicks, selected, reason, refresh):
    lang = current_language()
    key = selected[0].get("posting_key") if isinstance(selected, list) and selected and isinstance(
        selected[0], dict) else None
    if not isinstance(key, str) or not key:
        return _message(t("editor.undo.select", lang), "error"), dash.no_update
    if not _text(reason):
        return _message(t("editor.need.reason", lang), "error"), dash.no_update
    try:
        result = run(context.engine(), "undo_posting", key, principal,
                     lambda conn: ledger.undo(conn, key, _text(reason), principal))
    except (LedgerRefused, VersionConflict, access.Forbidden, db.DatabaseBusy) as exc:
        return _message(_lang_part(str(exc), lang), "error"), dash.no_update
    cache.warm_soon(context.engine())
    return (_message(t("editor.undone", lang, posting=result.posting_key), "ok"),
            _next(refresh))


@auth.ui_callback(Output("editor-lock-confirm", "displayed"), Output("editor-lock-confirm", "message"),
                  Input("editor-lock", "n_clicks"), State(QUARTER_PICKER, "value"), prevent_initial_call=True)
def ask_to_lock(_clicks, quarter):
    return True, t("editor.lock.confirm", current_language(), quarter=quarter if isinstance(quarter, str) else "")


@auth.data_callback(Output("editor-lock-message", "children"), Output("editor-refresh-lock", "data"),
                    Input("editor-lock-confirm", "submit_n_clicks"), State(QUARTER_PICKER, "value"),
                    State("editor-refresh-lock", "data"), action=auth.LOCK_QUARTER, prevent_initial_call=True)
def lock(principal, _submitted, quarter, refresh):
    lang = current_language()
    if not isinstance(quarter, str) or not is_quarter(quarter):
        return _message(t("editor.no_quarter", lang), "error"), dash.no_update
    try:
        run(context.engine(), "lock_quarter", quarter, principal,
            lambda conn: ledger.lock_quarter(conn, quarter, principal))
    except (LedgerRefused, VersionConflict, access.Forbidden, db.DatabaseBusy) as exc:
        return _message(_lang_part(str(exc), lang), "error"), dash.no_update
    cache.warm_soon(context.engine())
    return _message(t("editor.locked", lang, quarter=quarter), "ok"), _next(refresh)


@cache.add_warmer
def warm(engine: sa.Engine, quarters: list[str]) -> None:
    """What the editor shows first for each of `quarters` (the latest ones, when the cache is
    warmed at server start or after a write): the what-if's "before", the grid's data, the first
    block of a paged grid, the history and the recipients; a first visit then computes nothing."""
    from saniveld.ledger import whatif

    whatif.warm(engine, quarters)
    with db.connect(engine) as conn:
        _code_options(conn, engine=engine)
        for quarter in quarters:
            count, _rows, _state = _cached_grid_data(conn, quarter, engine)
            _cached_history(conn, quarter, engine=engine)
            if count > PAGE_SIZE_LIMIT:  # the block the paged grid asks for first
                cache.cached(engine, ("editor_block", quarter, 0, 100, "flow_code", False),
                             lambda c, q=quarter: allocation_rows(c, q, 0, 100, "flow_code", False), conn=conn)
