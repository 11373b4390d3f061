"""Mijn cluster (`/cluster/<code>`): a cluster's combos; `/cluster` to choose a cluster."""

from __future__ import annotations

import re

import dash
from dash import html

from saniveld.web import components as c
from saniveld.web.i18n import current_language, t

# The data package's code rule (DATA_PACKAGE.md): letters, digits, '-' and '_'.
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def is_cluster_code(text: str | None) -> bool:
    return bool(text) and bool(_CODE.match(text))


def _title(cluster_code: str | None = None, **_) -> str:
    if cluster_code is None:
        page = t("clusters.title")
    elif is_cluster_code(cluster_code):
        page = t("cluster.title", code=cluster_code)
    else:
        page = t("notfound.title")
    return t("page.title", page=page, app=t("app.name"))


# One module, two addresses: the template matches /cluster/<code>, the path matches /cluster.
dash.register_page(
    __name__,
    path="/cluster",
    path_template="/cluster/<cluster_code>",
    title=_title,
    order=4,
)


def _choose_cluster(lang: str) -> html.Div:
    return html.Div(
        [
            c.page_header(t("clusters.title", lang), t("clusters.intro", lang)),
            c.section(
                "clusters-list",
                t("clusters.list", lang),
                c.loading("clusters-list-body",
                          c.no_quarter_data(t("clusters.list.what", lang), lang)),
                wide=True,
            ),
        ],
        className="page page-clusters",
    )


def _cluster(code: str, lang: str) -> html.Div:
    return html.Div(
        [
            c.page_header(t("cluster.title", lang, code=code), t("cluster.intro", lang)),
            c.section(
                "cluster-combos",
                t("cluster.combos", lang),
                c.loading("cluster-combos-body",
                          c.no_quarter_data(t("cluster.combos.what", lang), lang)),
                wide=True,
            ),
            c.section(
                "cluster-detail",
                t("cluster.detail", lang),
                html.Div(
                    c.empty_state(t("empty.selection.title", lang), t("cluster.detail.body", lang)),
                    id="cluster-detail-body",
                    **{"aria-live": "polite"},
                ),
                wide=True,
            ),
        ],
        className="page page-cluster",
        **{"data-cluster": code},
    )


def layout(cluster_code: str | None = None, **_query):
    lang = current_language()
    if cluster_code is None:
        return _choose_cluster(lang)
    if not is_cluster_code(cluster_code):
        return c.not_found(lang)
    return _cluster(cluster_code, lang)
