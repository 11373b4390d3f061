"""Checks every demo package must pass, whatever its scale (shared by the test_demo_* files).

They read the CSV files back independently of the generator: plain csv + Decimal.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from saniveld import settings
from saniveld.package.spec import FILES
from saniveld.quarters import Quarter

NINE_DIGITS = re.compile(r"(?<![0-9])[0-9]{9}(?![0-9])")
CODE = re.compile(r"^[A-Za-z0-9_-]+$")
AMOUNT = re.compile(r"^[0-9]+\.[0-9]{2}$")


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def hashes(folder: Path) -> dict[str, str]:
    return {f.filename: hashlib.sha256((folder / f.filename).read_bytes()).hexdigest() for f in FILES}


def nine_digit_values(folder: Path) -> list[str]:
    """Every `file:line: value` holding a run of exactly nine digits."""
    found = []
    for f in FILES:
        with open(folder / f.filename, encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if NINE_DIGITS.search(line):
                    found.append(f"{f.filename}:{n}: {line.strip()}")
    return found


def active_in(combo: dict[str, str], q: Quarter) -> bool:
    started = date.fromisoformat(combo["started_on"])
    ended = date.fromisoformat(combo["ended_on"]) if combo["ended_on"] else None
    return started <= q.last_day and (ended is None or ended >= q.first_day)


def check_form(folder: Path) -> None:
    """Headers, canonical bytes (UTF-8, \\n), rows sorted by key, codes and amounts well formed."""
    for f in FILES:
        raw = (folder / f.filename).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n"), f.filename
        with open(folder / f.filename, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert tuple(rows[0]) == f.column_names, f.filename
        idx = [f.column_names.index(c) for c in f.key]
        keys = [tuple(r[i] for i in idx) for r in rows[1:]]
        assert keys == sorted(keys) and len(set(keys)) == len(keys), f"{f.filename} not sorted/unique by key"
        for r in rows[1:]:
            assert len(r) == len(f.column_names)
            for col, value in zip(f.column_names, r):
                if col.endswith("_code") and value:
                    assert CODE.match(value), (f.filename, col, value)
    for r in read(folder, "money_flows"):
        assert AMOUNT.match(r["amount"]) and Decimal(r["amount"]) > 0, r
    assert nine_digit_values(folder) == []


def check_references(folder: Path) -> None:
    actors = {r["actor_code"]: r for r in read(folder, "actors")}
    clusters = {r["cluster_code"] for r in read(folder, "clusters")}
    combos = {r["combo_code"]: r for r in read(folder, "combos")}
    assert [a["actor_type"] for a in actors.values()].count("fund_administrator") == 1
    for a in actors.values():
        if a["organisation_code"]:
            assert actors[a["organisation_code"]]["actor_type"] == "organisation", a
    for c in combos.values():
        assert c["cluster_code"] in clusters
        assert not c["ended_on"] or c["ended_on"] >= c["started_on"]
        assert int(c["residents"]) >= 0
    for m in read(folder, "combo_members"):
        assert m["combo_code"] in combos and m["actor_code"] in actors
        assert m["resource_group"] in ("true", "false")
        if m["member_type"] == "resident":
            assert actors[m["actor_code"]]["actor_type"] == "person"
    role_codes = {r.code for r in settings.roles()}
    for r in read(folder, "role_assignments"):
        assert r["actor_code"] in actors and r["role_code"] in role_codes
        assert (r["scope"] == "network") == (r["scope_code"] == "")
        if r["scope"] == "cluster":
            assert r["scope_code"] in clusters
        if r["scope"] == "combo":
            assert r["scope_code"] in combos
    known = set(actors) | clusters | set(combos)
    for f in read(folder, "money_flows"):
        assert f["from_code"] in known and f["to_code"] in known, f
    for e in read(folder, "experiences"):
        combo = combos[e["combo_code"]]
        assert combo["started_on"] <= e["occurred_on"]
        assert not combo["ended_on"] or e["occurred_on"] <= combo["ended_on"]


def check_money(folder: Path) -> dict[str, dict[str, Decimal]]:
    """The money rules; returns per quarter the funding, overhead and spending figures."""
    actors = {r["actor_code"]: r for r in read(folder, "actors")}
    combos = {r["combo_code"]: r for r in read(folder, "combos")}
    received: dict[tuple, Decimal] = defaultdict(Decimal)
    sent: dict[tuple, Decimal] = defaultdict(Decimal)
    allocated_pair: dict[tuple, Decimal] = defaultdict(Decimal)
    spent_pair: dict[tuple, Decimal] = defaultdict(Decimal)
    per_quarter: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for f in read(folder, "money_flows"):
        a = Decimal(f["amount"])
        q = f["quarter"]
        pair = (q, f["from_code"], f["to_code"], f["stream"], f["purpose"])
        for code in (f["from_code"], f["to_code"]):
            if code in combos:  # boundary: no money to or by a combo that is not active
                assert active_in(combos[code], Quarter.parse(q)), f
        if f["kind"] == "allocation":
            received[(q, f["to_code"])] += a
            sent[(q, f["from_code"])] += a
            allocated_pair[pair] += a
            if actors.get(f["from_code"], {}).get("actor_type") == "funder":
                per_quarter[q]["funding"] += a
            if f["purpose"] == "overhead":
                per_quarter[q]["overhead"] += a
            if f["to_code"] in combos or actors.get(f["to_code"], {}).get("actor_type") == "organisation":
                per_quarter[q]["to_combos_and_organisations"] += a
        else:
            spent_pair[pair] += a
            per_quarter[q]["spending"] += a
    for (q, sender), amount in sent.items():
        if actors.get(sender, {}).get("actor_type") == "funder":
            continue
        assert amount <= received[(q, sender)], f"{sender} allocates {amount} in {q}, received {received[(q, sender)]}"
    for pair, amount in spent_pair.items():
        assert amount <= allocated_pair[pair], pair
    return per_quarter
