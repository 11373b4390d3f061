"""Chart images of a closed quarter's report, drawn once and kept (table ``rendered_figures``).

A report generated twice from the same closed quarter must be the same file. The figures of a
closed quarter come from its frozen snapshot, so their specifications do not change; but
Chromium does not promise to draw the same specification to the same bytes every time (fonts,
rasterisation, timing under load). So each image is kept under the SHA-256 of the figure's
specification and the drawing options, and drawn only when no image is kept for that key.

Only closed quarters keep their images: an open quarter's figures change with every write and
its report is a dated draft anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Sequence

import plotly.graph_objects as go
import sqlalchemy as sa
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy.dialects.postgresql import insert as pg_insert  # ON CONFLICT: DuckDB speaks it too

from saniveld import figures
from saniveld.db import schema


def figure_key(fig: go.Figure, fmt: str, width: int, scale: float) -> str:
    """The SHA-256 (hex) of the figure's specification and the options it is drawn with."""
    spec = json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=True)
    options = json.dumps({"format": fmt, "width": width, "scale": scale}, sort_keys=True)
    return hashlib.sha256(f"{spec}\n{options}".encode()).hexdigest()


def render_kept(conn: sa.Connection, figs: Sequence[go.Figure], fmt: str = "png", *,
                width: int = 900, scale: float = 2.0) -> list[bytes]:
    """Each figure's image: the kept one when there is one, else drawn now and kept.

    The new rows are written on `conn`, in the caller's transaction (the report's audit row is
    written in the same one)."""
    keys = [figure_key(f, fmt, width, scale) for f in figs]
    t = schema.rendered_figures
    kept: dict[str, bytes] = {}
    if keys:
        rows = conn.execute(sa.select(t.c.figure_key, t.c.image)
                            .where(t.c.figure_key.in_(sorted(set(keys))))).all()
        kept = {k: bytes(image) for k, image in rows}
    missing = [i for i, k in enumerate(keys) if k not in kept]
    if missing:
        drawn = figures.render([figs[i] for i in missing], fmt, width=width, scale=scale)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        new_rows = {}
        for i, image in zip(missing, drawn):
            if keys[i] not in kept:  # two equal figures in one report: draw once, keep once
                kept[keys[i]] = image
                new_rows[keys[i]] = {"figure_key": keys[i], "image_format": fmt, "image": image,
                                     "rendered_at": now}
        if new_rows:
            # Another server process may keep the same figure at the same moment: the first
            # one's image wins, and this report takes the image that was kept.
            conn.execute(pg_insert(t).on_conflict_do_nothing(index_elements=[t.c.figure_key]),
                         list(new_rows.values()))
            rows = conn.execute(sa.select(t.c.figure_key, t.c.image)
                                .where(t.c.figure_key.in_(sorted(new_rows)))).all()
            kept.update({k: bytes(image) for k, image in rows})
    return [kept[k] for k in keys]


__all__ = ["figure_key", "render_kept"]
