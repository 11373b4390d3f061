"""The page for an address that does not exist (Dash pages use it by its module name)."""

from __future__ import annotations

import dash

from saniveld.web import components as c
from saniveld.web.i18n import current_language

dash.register_page(__name__, path="/niet-gevonden", title=c.page_title("notfound.title"))


def layout(**_query):
    return c.not_found(current_language())
