"""The dashboard's pages, one module each, registered with `dash.register_page`.

How a page is built (see `network.py` for a real one)::

    import dash
    from dash import Input, Output, html
    from saniveld import network                      # the domain layer: no SQL here
    from saniveld.web import auth, components as c, context, formatting
    from saniveld.web.i18n import current_language, t
    from saniveld.web.layout import QUARTER_PICKER

    dash.register_page(__name__, path="/netwerk", title=c.page_title("network.title"))

    def layout(**_query):                             # runs per visit; reads no data
        lang = current_language()
        return html.Div([c.page_header(t("network.title", lang)),
                         c.section("network-graph", t("network.graph", lang),
                                   c.loading("network-graph-body"))])

    @auth.data_callback(Output("network-graph-body", "children"),
                        Input(QUARTER_PICKER, "value"), action=auth.VIEW_NETWORK)
    def show_graph(principal, quarter):               # the principal comes from the session
        with context.reading() as conn:
            data = network.graph(conn, quarter, viewer=principal)
        return figures.network_graph(data, current_language())

Rules:
- Every server callback is an `auth.data_callback` (reads or writes data; gets the principal,
  checked against its action) or an `auth.ui_callback` (touches no data). `create_app`
  refuses to start otherwise. Inputs are untrusted: a target taken from an input (a cluster,
  a combo) is checked with `auth.require(principal, action, target)` inside the callback.
- Scoped actions (VIEW_CLUSTER, VIEW_CLUSTER_DETAIL, VIEW_PERSONS, VIEW_FUNDER_DETAIL,
  EDIT_COMBO_NOTES) pass the gate "for some target" only: ask again with the real target
  (`auth.require(principal, auth.VIEW_CLUSTER_DETAIL, cluster)`); an empty target is refused.
  What to show in detail: `saniveld.access` (`sees_cluster_detail`, `inside_cluster`,
  `flows_in_detail`); counts of residents or experiences go through `saniveld.privacy`
  (`for_viewer`, `suppress_value`) before they reach a figure, table or download.
- Person-level reads and exports are audited: `auth.audit(principal, action, object, "ok")`;
  changes record `saniveld.audit.record_for(conn, principal, …)` in their own transaction.
- Callbacks are registered in the page module itself (re-run for every app) — not in a helper
  module imported once per process.
- Texts come from `saniveld.web.messages` through `t`; numbers, money and dates through
  `saniveld.web.formatting`, in `current_language()`.
- Figures are built by pure functions (data in, figure out) that tests call without a browser.
"""
