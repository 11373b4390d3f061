"""Building blocks every page uses, so that pages look alike and stay accessible.

- :func:`page_header` — the page's one ``h1`` and its introduction.
- :func:`section` — a titled landmark (``section`` labelled by its ``h2``).
- :func:`loading` — the loading state around whatever a slow callback fills.
- :func:`empty_state` — an explanation instead of an empty chart or table.
- :func:`labelled_dropdown` — a dropdown with a visible label bound to it.
"""

from __future__ import annotations

from dash import dcc, html

from saniveld.web.i18n import t


def page_header(title: str, intro: str | None = None, *, extra=None) -> html.Div:
    children = [html.H1(title, className="page-title")]
    if intro:
        children.append(html.P(intro, className="page-intro"))
    if extra is not None:
        children.append(extra)
    return html.Div(children, className="page-header")


def section(section_id: str, title: str, children, *, wide: bool = False) -> html.Section:
    """A titled part of a page; screen readers list it by its heading."""
    heading_id = f"{section_id}-heading"
    return html.Section(
        [html.H2(title, id=heading_id, className="section-title"), *_as_list(children)],
        id=section_id,
        className="panel panel-wide" if wide else "panel",
        **{"aria-labelledby": heading_id},
    )


def loading(component_id: str, children=None) -> dcc.Loading:
    """A spinner over `children` while a callback that writes into them is running.

    The spinner appears only after 300 ms, so fast answers do not flicker.
    """
    return dcc.Loading(
        html.Div(children, id=component_id, className="loading-target"),
        type="circle",
        delay_show=300,
        color="#1b4f72",
        parent_className="loading-wrapper",
    )


def empty_state(title: str, body: str | None = None) -> html.Div:
    """A calm explanation in place of missing content (never an error colour)."""
    children = [html.P(title, className="empty-title")]
    if body:
        children.append(html.P(body, className="empty-body"))
    return html.Div(children, className="empty-state")


def no_quarter_data(what: str, lang: str | None = None) -> html.Div:
    """The empty state for a part of a page that has no data for the chosen quarter."""
    return empty_state(t("empty.quarter.title", lang), t("empty.quarter.body", lang, what=what))


_DROPDOWN_LABELS = (
    "select_all",
    "deselect_all",
    "selected_count",
    "search",
    "clear_search",
    "clear_selection",
    "no_options_found",
)


def dropdown_labels(lang: str | None = None) -> dict[str, str]:
    """The texts inside a `dcc.Dropdown` (search box, clear buttons) in the page's language."""
    # selected_count keeps Dash's own {num_selected} placeholder for the browser to fill in.
    return {
        key: t(f"dropdown.{key}", lang, num_selected="{num_selected}")
        if key == "selected_count"
        else t(f"dropdown.{key}", lang)
        for key in _DROPDOWN_LABELS
    }


def label_id(component_id: str) -> str:
    """The id of a control's visible label; assets/a11y.js adds it to the control's name."""
    return f"{component_id}-label"


def dropdown(component_id: str, lang: str | None = None, **kwargs) -> dcc.Dropdown:
    """A `dcc.Dropdown` with its inner texts in the page's language."""
    return dcc.Dropdown(id=component_id, labels=dropdown_labels(lang), **kwargs)


def labelled_dropdown(
    component_id: str,
    label: str,
    *,
    options=None,
    value=None,
    clearable=False,
    lang: str | None = None,
    **kwargs,
) -> html.Div:
    """A dropdown with a visible ``label`` that is also its accessible name."""
    return html.Div(
        [
            html.Label(
                label, htmlFor=component_id, id=label_id(component_id), className="field-label"
            ),
            dropdown(
                component_id,
                lang,
                options=options or [],
                value=value,
                clearable=clearable,
                className="field-dropdown",
                **kwargs,
            ),
        ],
        className="field",
    )


def _as_list(children) -> list:
    if children is None:
        return []
    return list(children) if isinstance(children, (list, tuple)) else [children]


def page_title(message: str):
    """A title for `dash.register_page`, computed per request in the current language."""

    def title(**_path_variables) -> str:
        return t("page.title", page=t(message), app=t("app.name"))

    return title


def not_found(lang: str | None = None) -> html.Div:
    return html.Div(
        [page_header(t("notfound.title", lang), t("notfound.body", lang))],
        className="page page-not-found",
    )
