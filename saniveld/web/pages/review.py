"""Kwartaalreview (`/`): beliefs, the flywheel, boundaries, indicators and the review."""

from __future__ import annotations

import dash
from dash import html

from saniveld.web import components as c
from saniveld.web.i18n import current_language, t

dash.register_page(__name__, path="/", title=c.page_title("review.title"), order=0)


def _filters(lang: str) -> html.Div:
    return html.Div(
        [
            c.labelled_dropdown("review-compare", t("review.compare_with", lang), clearable=True,
                                placeholder=t("review.compare_previous", lang)),
            c.labelled_dropdown("review-cluster", t("common.cluster", lang), clearable=True,
                                placeholder=t("common.all_clusters", lang)),
        ],
        className="filters",
    )


def _part(section_id: str, title_key: str, what_key: str, lang: str, *, wide=False):
    return c.section(
        section_id,
        t(title_key, lang),
        c.loading(f"{section_id}-body", c.no_quarter_data(t(what_key, lang), lang)),
        wide=wide,
    )


def layout(**_query):
    lang = current_language()
    return html.Div(
        [
            c.page_header(t("review.title", lang), t("review.intro", lang), extra=_filters(lang)),
            _part("review-beliefs", "review.beliefs", "review.beliefs.what", lang, wide=True),
            html.Div(
                [
                    _part("review-flywheel", "review.flywheel", "review.flywheel.what", lang),
                    _part("review-boundaries", "review.boundaries", "review.boundaries.what", lang),
                ],
                className="grid-2",
            ),
            _part("review-diagnostics", "review.diagnostics", "review.diagnostics.what", lang,
                  wide=True),
            _part("review-dialogue", "review.dialogue", "review.dialogue.what", lang, wide=True),
        ],
        className="page page-review",
    )
