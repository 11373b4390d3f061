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
from dash import Input, Output, State, ctx, dcc, html

from saniveld import access, ledger
from saniveld.ledger import LedgerRefused, Move, VersionConflict, WhatIf
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.ledger.moves import describe, run
from saniveld.quarters import is_quarter
from saniveld.web import auth, context, formatting
from saniveld.web import components as c
from saniveld.web.i18n import current_language, t
from saniveld.web.layout import QUARTER_PICKER

dash.register_page(__name__, path="/geldstromen/bewerken", title=c.page_title("editor.title"), order=90)

PAGE_SIZE_LIMIT = 5000  # above this many allocations the grid pages from the server
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


def allocations_grid(rows: list[dict], lang: str) -> dag.AgGrid:
    """The allocations: in the browser up to 5,000 rows, else paged from the server."""
    common = dict(id="editor-grid", columnDefs=_allocation_columns(lang),
                  defaultColDef={"sortable": True, "filter": True, "resizable": True},
                  dashGridOptions={"rowSelection": "single", "pagination": True, "paginationPageSize": 50},
                  className="ag-theme-alpine", style={"height": "420px"})
    if len(rows) > PAGE_SIZE_LIMIT:
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


def _code_options(conn) -> list[dict]:
    """Every code money can go to: clusters, combos, partners, the fund administrator."""
    codes = set(conn.execute(sa.select(s.clusters.c.cluster_code)).scalars())
    codes |= set(conn.execute(sa.select(s.actors.c.actor_code)
                              .where(s.actors.c.actor_type.in_(("organisation", "fund_administrator",
                                                                 "neighbourhood_initiative")))).scalars())
    codes |= set(conn.execute(sa.select(s.combos.c.combo_code)).scalars())
    return [{"label": code, "value": code} for code in sorted(codes)]


def _row(values) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v.isoformat(sep=" ") if hasattr(v, "hour")
                else int(v) if k.endswith("entry_id") and v is not None else v) for k, v in values.items()}


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

    head = html.Tr([html.Th(t("editor.indicator", lang)), html.Th(t("editor.scope", lang)),
                    html.Th(t("editor.before", lang)), html.Th(t("editor.after", lang))])
    rows = [
        html.Tr([html.Td(i.name(lang)), html.Td(i.scope_code or t("editor.network", lang)),
                 html.Td(f"{value(i, i.before)} {verdict(i.breached_before)}".strip()),
                 html.Td(f"{value(i, i.after)} {verdict(i.breached_after)}".strip(),
                         className="changed" if i.changed else None)])
        for i in what.affected
    ]
    bal_head = html.Tr([html.Th(t("common.cluster", lang)), html.Th(t("editor.received", lang)),
                        html.Th(f"{t('editor.balance', lang)} – {t('editor.before', lang)}"),
                        html.Th(f"{t('editor.balance', lang)} – {t('editor.after', lang)}")])
    bal_rows = [
        html.Tr([html.Td(b.cluster_code),
                 html.Td(f"{formatting.money(b.received_before, lang)} → {formatting.money(b.received_after, lang)}"),
                 html.Td(formatting.money(b.balance_before, lang)), html.Td(formatting.money(b.balance_after, lang))])
        for b in what.balances
    ]
    ok = t("editor.whatif.ok" if what.ok else "editor.whatif.not_ok", lang)
    return html.Div(
        [
            html.P(ok, className="verdict ok" if what.ok else "verdict not-ok"),
            html.Ul([html.Li(p) for p in what.problems], className="problems") if what.problems else None,
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
                    Output("editor-state", "children"),
                    Input(QUARTER_PICKER, "value"), Input("editor-refresh-move", "data"),
                    Input("editor-refresh-undo", "data"), Input("editor-refresh-lock", "data"),
                    action=auth.MOVE_MONEY)
def show_allocations(principal, quarter, *_refresh):
    lang = current_language()
    if not isinstance(quarter, str) or not is_quarter(quarter):
        return allocations_grid([], lang), [], t("editor.no_quarter", lang)
    with context.reading() as conn:
        flows = ledger.current_flows(conn, quarter)
        options = _code_options(conn)
        state = ledger.quarter_state(conn, quarter)
    rows = [] if flows.empty else [
        _row({k: r[k] for k in ("flow_code", "from_code", "to_code", "amount", "stream", "purpose")})
        for r in flows[flows["kind"] == "allocation"].to_dict("records")
    ]
    status = (t("editor.state.locked", lang, who=state.locked_by or "?") if state.locked
              else t("editor.state.open", lang))
    return allocations_grid(rows, lang), options, t("editor.state", lang, version=state.version, status=status)


@auth.data_callback(Output("editor-grid", "getRowsResponse"), Input("editor-grid", "getRowsRequest"),
                    State(QUARTER_PICKER, "value"), action=auth.MOVE_MONEY, prevent_initial_call=True)
def page_allocations(principal, request, quarter):
    """Server-side paging of a quarter with more than 5,000 allocations (sorting by one column)."""
    if not isinstance(request, dict) or not isinstance(quarter, str) or not is_quarter(quarter):
        return {"rowData": [], "rowCount": 0}
    start, end = int(request.get("startRow") or 0), int(request.get("endRow") or 100)
    end = max(start, min(end, start + 500))
    with context.reading() as conn:
        flows = ledger.current_flows(conn, quarter)
    flows = flows[flows["kind"] == "allocation"] if not flows.empty else flows
    sort = request.get("sortModel") or []
    if sort and isinstance(sort[0], dict) and sort[0].get("colId") in getattr(flows, "columns", []):
        flows = flows.sort_values(sort[0]["colId"], ascending=sort[0].get("sort") != "desc", kind="stable")
    page = flows.iloc[start:end]
    rows = [_row({k: r[k] for k in ("flow_code", "from_code", "to_code", "amount", "stream", "purpose")})
            for r in page.to_dict("records")]
    return {"rowData": rows, "rowCount": len(flows)}


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
    with context.reading() as conn:
        frame = ledger.history(conn, quarter, source=source, code=_text(code), limit=5000)
    return [_row(r) for r in frame.to_dict("records")]


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
    return _message(t("editor.locked", lang, quarter=quarter), "ok"), _next(refresh)
