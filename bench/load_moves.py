"""Money moves for bench/load.py, made the way the network manager makes them in the browser:
the allocation editor's preview, then its commit with the version and idempotency key the
preview handed out (a version conflict shows a fresh preview; the user commits again).
"""

from __future__ import annotations

import random
from decimal import Decimal

import sqlalchemy as sa

from saniveld.db import engine as db
from saniveld.ledger import current_flows
from saniveld.web.testing import callback_body

MOVE = ("..editor-whatif-body.children...editor-message.children...editor-pending.data"
        "...editor-refresh-move.data..")
STATES = ("quarter-picker.value", "editor-from.value", "editor-to.value", "editor-amount.value",
          "editor-reason.value", "editor-flow.value", "editor-pending.data",
          "editor-refresh-move.data")


def move_pairs(url: str, quarter: str) -> list[tuple[str, str]]:
    """(from, to) pairs of combos funded by the same cluster in `quarter`: a move between them
    is a reallocation the editor accepts (as long as `from` still holds the amount)."""
    engine = db.command_engine(url)
    with db.connect(engine) as conn:
        flows = current_flows(conn, quarter)
        clusters = {c for (c,) in conn.execute(sa.text("SELECT cluster_code FROM clusters"))}
    engine.dispose()
    allocations = flows[(flows["kind"] == "allocation") & flows["from_code"].isin(clusters)]
    pairs = []
    for _, group in allocations.groupby("from_code"):
        combos = sorted(set(group["to_code"]))
        pairs += [(a, b) for a, b in zip(combos, combos[1:] + combos[:1]) if a != b]
    return pairs


def move_function(app, url: str, quarter: str):
    """A function (client, amount) -> posting key when the move was recorded, else None."""
    pairs = move_pairs(url, quarter)

    def post(client, trigger: str, values: dict):
        body = callback_body(app, MOVE, {"editor-preview.n_clicks": 1 if trigger == "preview" else 0,
                                         "editor-commit.n_clicks": 1 if trigger == "commit" else 0},
                             {k: values.get(k) for k in STATES})
        body["changedPropIds"] = [f"editor-{trigger}.n_clicks"]
        response = client.request(f"move {trigger}", "POST", "/_dash-update-component", json=body,
                                  headers=client.headers())
        if response is None or response.status_code != 200:
            return None
        return response.json()["response"]

    def move(client, amount: Decimal, rng: random.Random, double_click: bool) -> str | None:
        frm, to = rng.choice(pairs)
        values = {"quarter-picker.value": quarter, "editor-from.value": frm,
                  "editor-to.value": to, "editor-amount.value": f"{amount:.2f}",
                  "editor-reason.value": "belastingtest / load test", "editor-flow.value": None}
        out = post(client, "preview", values)
        for _attempt in range(3):
            pending = (out or {}).get("editor-pending", {}).get("data")
            if not pending:
                return None
            out = post(client, "commit", {**values, "editor-pending.data": pending})
            if double_click:  # the same commit again, as a double click sends it
                post(client, "commit", {**values, "editor-pending.data": pending})
            message = str((out or {}).get("editor-message", {}).get("children"))
            if "Vastgelegd" in message or "al vastgelegd" in message:
                return pending["key"]
            if "Iemand anders" not in message:  # refused for a reason the user must read
                return None
            # a version conflict: the answer holds a fresh preview with a new version; commit again
        return None

    return move
