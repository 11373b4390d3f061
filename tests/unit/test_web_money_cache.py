"""The Geldstromen page remembers its parts per (quarter, stream, language) until the next write.

On the small hand-made network (tests/unit/pages_fixture.py): 2025-Q2 has 1,500 coming in from
the funders and 120 of overhead (8.0 %); one more posting of 30 overhead makes it 150 (10.0 %).
"""

from __future__ import annotations

import json

import pytest

from pages_fixture import NOW, _entry, small_network_app
from saniveld.db import summary
from saniveld import cache
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.ledger import touch_quarters
from saniveld.web import auth
from saniveld.web.testing import call_callback, signed_in_client

PASSWORD = "pw-test-12345"
ANNA = auth.Principal("anna", "official", display_name="Anna de Vries")
MONEY = ("..money-sankey-body.children...money-overhead-body.children..."
         "money-by-cluster-body.children..")
TREND = "money-trend-body.children"
Q2 = {"quarter-picker.value": "2025-Q2", "money-stream.value": None}


@pytest.fixture
def app(db_url):
    cache.clear()
    yield small_network_app(db_url, [ANNA], PASSWORD)
    cache.clear()


def _call(client, app, output, inputs):
    response = call_callback(client, app, output, inputs)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def test_a_repeat_is_a_cache_hit_and_a_posting_shows_at_once(app):
    client = signed_in_client(app, "anna", PASSWORD)
    first = _call(client, app, MONEY, Q2)
    assert "8,0 % van € 1.500" in first
    hits = cache.stats["hits"]
    assert _call(client, app, MONEY, Q2) == first
    assert cache.stats["hits"] == hits + 1
    trend = _call(client, app, TREND, Q2)
    assert "1370" in trend and "1400" not in trend  # Q2 allocated onwards by FA

    engine = app.server.config["SANIVELD_ENGINE"]
    with db.transaction(engine) as conn:  # a posting as the ledger writes one (the fixture
        # numbers its entries itself, so the entry id is given here too)
        conn.execute(s.ledger_postings.insert(), {
            "posting_key": "more", "quarter": "2025-Q2", "posted_by": "test",
            "posted_at": NOW, "reason": "test", "source": "move"})
        conn.execute(s.money_flows.insert(), _entry(1000, "F30", "2025-Q2", "allocation", "FA",
                                                    "FA", "30.00", "wmo", "overhead", "post",
                                                    None) | {"posting_key": "more"})
        summary.rebuild(conn)  # written directly above, not through a write path
        touch_quarters(conn, ["2025-Q2"])
    after = _call(client, app, MONEY, Q2)
    assert "10,0 % van € 1.500" in after and "(€ 150)" in after
    assert "1400" in _call(client, app, TREND, Q2)  # 1370 + 30


def test_each_stream_is_remembered_apart(app):
    client = signed_in_client(app, "anna", PASSWORD)
    every = _call(client, app, MONEY, Q2)
    wlz = _call(client, app, MONEY, {**Q2, "money-stream.value": "wlz"})
    assert "8,0 % van € 1.500" in every
    assert "0,0 % van € 500" in wlz  # the Zorgkantoor's 500, no overhead in wlz
