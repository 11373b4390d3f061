"""The frame around every page: skip link, header (municipality, user, language, quarter),
navigation, main landmark, footer.

:func:`shell` is Dash's layout function: it runs on the server for every page load, in the
language of the request, for the signed-in user. Pages read the chosen quarter from
``Input(QUARTER_PICKER, "value")``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import dash
from dash import Input, Output, dcc, html

from saniveld.web import auth, components, context, formatting, i18n
from saniveld.web.auth import Principal
from saniveld.web.i18n import t

QUARTER_PICKER = "quarter-picker"
LOCATION = "_pages_location"  # the dcc.Location inside dash.page_container


@dataclass(frozen=True)
class NavItem:
    key: str  # the page's short name: nav-<key> is the link id
    path: str
    message: str

    def is_current(self, pathname: str | None) -> bool:
        pathname = pathname or "/"
        if self.path == "/":
            return pathname == "/"
        return pathname == self.path or pathname.startswith(self.path.rstrip("/") + "/")


def nav_items(principal: Principal | None) -> list[NavItem]:
    """The six pages; "Mijn cluster" leads a coordinator straight to their own cluster."""
    cluster_path = (
        f"/cluster/{quote(principal.cluster_code)}"
        if principal is not None and principal.cluster_code
        else "/cluster"
    )
    return [
        NavItem("review", "/", "nav.review"),
        NavItem("network", "/netwerk", "nav.network"),
        NavItem("roles", "/rollen", "nav.roles"),
        NavItem("money", "/geldstromen", "nav.money"),
        NavItem("cluster", cluster_path, "nav.cluster"),
        NavItem("data", "/data", "nav.data"),
    ]


NAV_KEYS = [item.key for item in nav_items(None)]


def language_href(lang: str, pathname: str | None, search: str | None) -> str:
    """The switch's link: set the language, then come back to the same page and query."""
    here = (pathname or "/") + (search or "")
    return f"/taal/{lang}?next={quote(here, safe='')}"


def quarter_options(quarters: list[str], lang: str) -> list[dict]:
    """Newest first, labelled as people say it (``3e kwartaal 2025``)."""
    return [{"label": formatting.quarter_label(q, lang), "value": q} for q in reversed(quarters)]


# ---------------------------------------------------------------------------------------------
# The frame


def _brand(lang: str, municipality: str) -> html.Div:
    return html.Div(
        [
            html.Span(className="brand-mark", **{"aria-hidden": "true"}),
            html.Div(
                [
                    html.Span(
                        t("app.municipality", lang, name=municipality),
                        id="header-municipality",
                        className="brand-municipality",
                    ),
                    html.Span(t("app.name", lang), className="brand-app"),
                ],
                className="brand-text",
            ),
        ],
        className="brand",
    )


def _language_switch(lang: str) -> html.Div:
    links = []
    for code in i18n.languages():
        extra = {"aria-current": "true"} if code == lang else {}
        links.append(
            html.A(
                t(f"header.language_{code}", lang),
                id=f"language-{code}",
                href=language_href(code, "/", ""),
                lang=code,
                hrefLang=code,
                className="language-link is-current" if code == lang else "language-link",
                **extra,
            )
        )
    return html.Div(
        links,
        className="language-switch",
        role="group",
        **{"aria-label": t("header.language", lang)},
    )


def _user_box(lang: str, principal: Principal | None) -> html.Div:
    if principal is None:
        return html.Div(className="user-box")
    return html.Div(
        [
            html.Span(
                [
                    html.Span(t("header.signed_in_as", lang) + " ", className="user-intro"),
                    html.Strong(principal.label, id="header-user"),
                    html.Span(f" · {t('role.' + principal.role, lang)}", className="user-role"),
                ],
                className="user-name",
            ),
            html.Form(
                [
                    dcc.Input(
                        type="hidden",
                        name=auth.CSRF_FORM_FIELD,
                        value=auth.current_csrf_token() or "",
                    ),
                    html.Button(t("header.logout", lang), type="submit", className="button-link"),
                ],
                method="post",
                action="/logout",
                className="logout-form",
            ),
        ],
        className="user-box",
    )


def _navigation(lang: str, principal: Principal | None) -> html.Nav:
    items = [
        html.Li(
            dcc.Link(t(item.message, lang), href=item.path, id=f"nav-{item.key}", className="nav-link"),
            className="nav-item",
        )
        for item in nav_items(principal)
    ]
    return html.Nav(
        html.Ul(items, className="nav-list container"),
        className="main-nav",
        **{"aria-label": t("nav.label", lang)},
    )


def _context_bar(lang: str, quarters: list[str]) -> html.Div:
    options = quarter_options(quarters, lang)
    return html.Div(
        html.Div(
            [
                html.Label(
                    t("header.quarter", lang),
                    htmlFor=QUARTER_PICKER,
                    id=components.label_id(QUARTER_PICKER),
                    className="field-label",
                ),
                components.dropdown(
                    QUARTER_PICKER,
                    lang,
                    options=options,
                    value=options[0]["value"] if options else None,
                    clearable=False,
                    searchable=False,
                    placeholder=t("header.no_quarters", lang),
                    disabled=not options,
                    persistence=True,
                    persistence_type="session",
                    className="quarter-dropdown",
                ),
            ],
            className="context-field",
        ),
        className="context-bar container",
    )


def shell():
    """Dash's layout: the frame with `dash.page_container` in the main landmark."""
    lang = i18n.current_language()
    principal = auth.current_principal()
    # The frame is also built once without a request user, to validate callbacks: no data then.
    signed_in = principal is not None and auth.is_allowed(principal, auth.VIEW_OVERVIEW)
    municipality = context.municipality_name() if signed_in else ""
    quarters = context.quarters() if signed_in else []
    return html.Div(
        [
            html.A(t("app.skip_to_content", lang), href="#main", className="skip-link"),
            html.Header(
                [
                    html.Div(
                        [
                            _brand(lang, municipality),
                            html.Div(
                                [_language_switch(lang), _user_box(lang, principal)],
                                className="header-tools",
                            ),
                        ],
                        className="header-top container",
                    ),
                    _navigation(lang, principal),
                ],
                className="site-header",
            ),
            _context_bar(lang, quarters),
            html.Main(
                dash.page_container,
                id="main",
                tabIndex="-1",
                className="site-main container",
            ),
            html.Footer(
                html.Div(html.P(t("app.footer", lang, name=municipality)), className="container"),
                className="site-footer",
            ),
        ],
        className="app",
        lang=lang,
    )


# ---------------------------------------------------------------------------------------------
# Callbacks of the frame (registered per app by create_app)


def register_callbacks() -> None:
    @auth.ui_callback(
        [Output(f"nav-{key}", "className") for key in NAV_KEYS]
        + [Output(f"nav-{key}", "children") for key in NAV_KEYS],
        Input(LOCATION, "pathname"),
    )
    def mark_current_page(pathname):
        """Highlight the current page in the menu, and say so to screen readers."""
        pathname = pathname if isinstance(pathname, str) else "/"  # inputs are untrusted
        lang = i18n.current_language()
        items = nav_items(auth.current_principal())
        classes, labels = [], []
        for item in items:
            label = t(item.message, lang)
            if item.is_current(pathname):
                classes.append("nav-link is-current")
                labels.append([label, html.Span(" " + t("nav.current", lang), className="visually-hidden")])
            else:
                classes.append("nav-link")
                labels.append(label)
        return [*classes, *labels]

    @auth.ui_callback(
        [Output(f"language-{code}", "href") for code in i18n.languages()],
        Input(LOCATION, "pathname"),
        Input(LOCATION, "search"),
    )
    def point_language_links_here(pathname, search):
        """The language switch returns to the page the user is on."""
        pathname = pathname if isinstance(pathname, str) else "/"  # inputs are untrusted
        search = search if isinstance(search, str) else ""
        return [language_href(code, pathname, search) for code in i18n.languages()]
