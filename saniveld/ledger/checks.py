"""Planning a reallocation as ledger entries, and the invariants every write to a quarter keeps.

A *move* takes ``amount`` of the allocations a recipient (``from_code``) received in a quarter
and gives it to another recipient (``to_code``): each allocation it draws on is reduced (an
adjustment, or a reversal when it is used up) and the same sender allocates the same amount,
in the same stream and for the same purpose, to ``to_code`` (an adjustment of the existing
flow between them, else a new flow). So no sender's total changes and the quarter's total
stays the same: money is redirected, never created.

The invariants (:meth:`QuarterBook.check`), on the positions after the entries:

- no sender allocates more in the quarter than it received (funders excepted) — checked for
  every code the entries touch, and refused only when they make it worse (an inconsistency
  that came with an import does not block unrelated moves);
- no flow's position goes below zero;
- no money to a combo that is not active in the quarter (ended before it, or not yet started),
  nor to a code that is no actor, cluster or combo;
- (elsewhere) amounts positive with at most two decimals, a reason, the quarter not locked.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from operator import itemgetter

import sqlalchemy as sa

from saniveld.db import schema as s
from saniveld.ledger import LedgerEntry, LedgerRefused, positions_query
from saniveld.levers.facts import CodeEnd
from saniveld.quarters import Quarter, is_quarter

CENT = Decimal("0.01")
ZERO = Decimal("0")


def eur(amount: Decimal) -> str:
    """€ 1.234,56 (Dutch notation, for messages)."""
    text = f"{Decimal(amount):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


@dataclass(frozen=True)
class Move:
    """One proposed reallocation: ``amount`` of what ``from_code`` received goes to ``to_code``.

    ``flow_code`` limits the move to one allocation received by ``from_code``; without it the
    largest allocations are drawn on first (then by flow code).
    """

    from_code: str
    to_code: str
    amount: Decimal
    reason: str = ""
    flow_code: str | None = None


def parse_amount(value) -> Decimal:
    """An amount typed by a person: ``1234.56``, ``1234,56`` or ``1.234,56`` (Dutch).

    Raises :class:`LedgerRefused` (Dutch and English) unless it is a number > 0 with at most two
    decimals.
    """
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, str) and value.strip():
        text = value.strip().replace("€", "").replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise LedgerRefused(f"'{value}' is geen bedrag. / '{value}' is not an amount.") from None
    else:
        raise LedgerRefused("Vul een bedrag in. / Enter an amount.")
    if not number.is_finite():
        raise LedgerRefused(f"'{value}' is geen bedrag. / '{value}' is not an amount.")
    if number <= 0:
        raise LedgerRefused("Het bedrag moet groter dan nul zijn. / The amount must be greater than zero.")
    if number != number.quantize(CENT):
        raise LedgerRefused(
            "Het bedrag mag hoogstens twee decimalen hebben. / The amount may have at most two decimals."
        )
    return number.quantize(CENT)


def check_move(quarter: str, move: Move, *, need_reason: bool = True) -> Move:
    """The move with its amount normalised; :class:`LedgerRefused` on malformed input."""
    if not isinstance(quarter, str) or not is_quarter(quarter):
        raise LedgerRefused(f"'{quarter}' is geen kwartaal (YYYY-Qn). / '{quarter}' is not a quarter.")
    from_code, to_code = (move.from_code or "").strip(), (move.to_code or "").strip()
    if not from_code:
        raise LedgerRefused("Kies van wie het geld komt. / Choose where the money comes from.")
    if not to_code:
        raise LedgerRefused("Kies naar wie het geld gaat. / Choose where the money goes.")
    if from_code == to_code:
        raise LedgerRefused(f"Van en naar zijn gelijk ({from_code}). / From and to are the same.")
    if need_reason and not (move.reason or "").strip():
        raise LedgerRefused("Een reden is verplicht. / A reason is required.")
    return replace(move, from_code=from_code, to_code=to_code, amount=parse_amount(move.amount),
                   reason=(move.reason or "").strip(), flow_code=(move.flow_code or "").strip() or None)


# The columns of _positions_of_codes that make a Position, in its fields' order.
_POSITION_FIELDS = ("flow_code", "from_code", "to_code", "stream", "purpose", "amount", "first_entry_id")


@dataclass
class Position:
    """One allocation flow of the quarter and its current amount."""

    flow_code: str
    from_code: str
    to_code: str
    stream: str
    purpose: str
    amount: Decimal
    first_entry_id: int

    @property
    def key(self) -> tuple:
        return (self.flow_code, self.from_code, self.to_code, self.stream, self.purpose)


def flow_code_for(posting_key: str, quarter: str, number: int) -> str:
    """A new flow's code, derived from the posting (so a replayed posting names it the same)."""
    digest = hashlib.sha256(posting_key.encode()).hexdigest()[:10].upper()
    return f"MV-{quarter.replace('-', '')}-{digest}-{number}"


@lru_cache(maxsize=1)
def _positions_of_codes() -> sa.Select:
    """The positions of quarter ``:quarter`` in which any of ``:codes`` gives or receives, in
    flow-code order (as current_flows_query), each with its first entry id; built once (the
    statement cache then compiles it once too).

    Two scans, each on one column, instead of one on `from OR to` (ten times faster on DuckDB at
    national scale); every entry of a position has its from and to, so each position comes whole
    from one part."""
    mf = s.money_flows
    codes = sa.bindparam("codes", expanding=True)

    def part(condition):
        return (positions_query(None)
                .add_columns(sa.func.min(mf.c.entry_id).label("first_entry_id"))
                .where(mf.c.quarter == sa.bindparam("quarter"), mf.c.kind == "allocation", condition))

    both = sa.union_all(part(mf.c.from_code.in_(codes)),
                        part(sa.and_(mf.c.to_code.in_(codes), mf.c.from_code.not_in(codes)))).subquery()
    return sa.select(both).order_by(*(both.c[k] for k in ("flow_code", "quarter", "kind", "from_code", "to_code")))


@lru_cache(maxsize=1)
def _kinds_of_codes() -> sa.CompoundSelect:
    """(tag, code, actor type, combo start, combo end, combo cluster) of each of ``:codes`` in
    the actors, combos and clusters; built once."""
    a, c, cl = s.actors, s.combos, s.clusters
    none, codes = sa.null(), sa.bindparam("codes", expanding=True)
    return sa.union_all(
        sa.select(sa.literal("actor").label("tag"), a.c.actor_code.label("code"), a.c.actor_type.label("kind"),
                  sa.cast(none, sa.Date).label("started"), sa.cast(none, sa.Date).label("ended"),
                  sa.cast(none, c.c.cluster_code.type).label("cluster"))
        .where(a.c.actor_code.in_(codes)),
        sa.select(sa.literal("combo"), c.c.combo_code, sa.cast(none, a.c.actor_type.type), c.c.started_on,
                  c.c.ended_on, c.c.cluster_code).where(c.c.combo_code.in_(codes)),
        sa.select(sa.literal("cluster"), cl.c.cluster_code, sa.cast(none, a.c.actor_type.type),
                  sa.cast(none, sa.Date), sa.cast(none, sa.Date), sa.cast(none, c.c.cluster_code.type))
        .where(cl.c.cluster_code.in_(codes)),
    )


class QuarterBook:
    """The allocations of one quarter as positions, and what the codes in them are.

    Positions are read on demand: those in which a code gives or receives, the first time the
    book needs that code (a move touches a few codes; a quarter at national scale has hundreds of
    thousands of allocations). Every question the book answers is about the codes it has read.
    """

    def __init__(self, conn: sa.Connection, quarter: str):
        self.conn, self.quarter = conn, quarter
        self.positions: dict[tuple, Position] = {}
        self._read: set[str] = set()
        self._kinds: dict[str, tuple[str, object]] = {}
        self._ends: dict[str, CodeEnd] = {}

    def read(self, codes) -> None:
        """Read the positions in which any of `codes` gives or receives (once per code); positions
        already in the book (taken in by :meth:`apply`) stay as they are."""
        new = sorted({c for c in codes if c} - self._read)
        if not new:
            return
        result = self.conn.execute(_positions_of_codes(), {"quarter": self.quarter, "codes": new})
        names = list(result.keys())
        fields = itemgetter(*(names.index(n) for n in _POSITION_FIELDS))
        # all rows in one fetch: a national fund administrator is in some 23,000 positions, and
        # fetching them one by one took 0.4 s of a what-if
        for flow_code, from_code, to_code, stream, purpose, amount, first in map(fields, result.all()):
            p = Position(flow_code, from_code, to_code, stream, purpose, Decimal(amount), int(first))
            self.positions.setdefault(p.key, p)
        self._read.update(new)

    # -- what a code is --------------------------------------------------------------------
    def learn_kinds(self, codes) -> None:
        """What each of `codes` is (:meth:`kind_of`, :meth:`end_of`), asked in one query for all."""
        new = sorted({c for c in codes if c} - set(self._kinds))
        if not new:
            return
        found: dict[str, dict[str, tuple]] = {code: {} for code in new}
        for tag, code, kind, started, ended, cluster in self.conn.execute(_kinds_of_codes(), {"codes": new}):
            found[code][tag] = (kind, started, ended, cluster)
        for code, tags in found.items():  # a combo first, then a cluster, then an actor
            if "combo" in tags:
                self._kinds[code] = ("combo", tags["combo"][1:3])
            elif "cluster" in tags:
                self._kinds[code] = ("cluster", None)
            elif "actor" in tags:
                self._kinds[code] = (tags["actor"][0], None)
            else:
                self._kinds[code] = ("unknown", None)
            combo = tags.get("combo")
            self._ends[code] = CodeEnd(
                combo_cluster=combo[3] if combo else None, combo_started=combo[1] if combo else None,
                combo_ended=combo[2] if combo else None,
                actor_type=tags["actor"][0] if "actor" in tags else None, cluster="cluster" in tags)

    def end_of(self, code: str) -> CodeEnd:
        """What `code` is as an end of a ledger entry (every table it is in), for the money facts
        of entries held in memory (:func:`saniveld.levers.facts.money_row`)."""
        if code not in self._ends:
            self._kinds.pop(code, None)  # learnt one at a time by kind_of: ask again, fully
            self.learn_kinds([code])
        return self._ends[code]

    def kind_of(self, code: str) -> tuple[str, object]:
        """('funder'|actor type, None) | ('cluster', None) | ('combo', (started, ended)) | ('unknown', None)."""
        if code not in self._kinds:
            a, c = s.actors, s.combos
            actor = self.conn.execute(sa.select(a.c.actor_type).where(a.c.actor_code == code)).scalar()
            combo = self.conn.execute(
                sa.select(c.c.started_on, c.c.ended_on).where(c.c.combo_code == code)
            ).first()
            cluster = self.conn.execute(
                sa.select(s.clusters.c.cluster_code).where(s.clusters.c.cluster_code == code)
            ).scalar()
            if combo is not None:
                self._kinds[code] = ("combo", (combo.started_on, combo.ended_on))
            elif cluster is not None:
                self._kinds[code] = ("cluster", None)
            elif actor is not None:
                self._kinds[code] = (actor, None)
            else:
                self._kinds[code] = ("unknown", None)
        return self._kinds[code]

    # -- planning --------------------------------------------------------------------------
    def received(self, code: str, flow_code: str | None = None) -> list[Position]:
        """The allocations `code` received (optionally one flow), largest first, then by code."""
        self.read([code])
        found = [p for p in self.positions.values()
                 if p.to_code == code and p.amount > 0 and (flow_code is None or p.flow_code == flow_code)]
        return sorted(found, key=lambda p: (-p.amount, p.flow_code))

    def plan(self, move: Move, posting_key: str) -> list[LedgerEntry]:
        """The entries that carry out `move` (checked with :meth:`check` by the caller)."""
        self.read([move.from_code, move.to_code])
        sources = self.received(move.from_code, move.flow_code)
        available = sum((p.amount for p in sources), ZERO)
        if move.flow_code and not sources:
            raise LedgerRefused(
                f"{move.from_code} ontving in {self.quarter} geen toewijzing {move.flow_code}. / "
                f"{move.from_code} received no allocation {move.flow_code} in {self.quarter}."
            )
        if available < move.amount:
            raise LedgerRefused(
                f"{move.from_code} ontving in {self.quarter} {eur(available)} aan toewijzingen"
                f"{' in ' + move.flow_code if move.flow_code else ''}; er kan geen {eur(move.amount)} "
                f"worden verschoven. / {move.from_code} received only {available} in allocations in "
                f"{self.quarter}; {move.amount} cannot be moved."
            )
        entries: list[LedgerEntry] = []
        remaining, new_flows = move.amount, 0
        for source in sources:
            if remaining <= 0:
                break
            take = min(remaining, source.amount)
            remaining -= take
            entries.append(self._entry(source, -take, "reversal" if take == source.amount else "adjustment"))
            target = next((p for p in self.positions.values()
                           if p.from_code == source.from_code and p.to_code == move.to_code
                           and p.stream == source.stream and p.purpose == source.purpose and p.amount > 0),
                          None)
            if target is not None:
                entries.append(self._entry(target, take, "adjustment"))
            else:
                new_flows += 1
                entries.append(LedgerEntry(flow_code_for(posting_key, self.quarter, new_flows), self.quarter,
                                           "allocation", source.from_code, move.to_code, take,
                                           source.stream, source.purpose))
        return entries

    def _entry(self, p: Position, amount: Decimal, entry_type: str) -> LedgerEntry:
        return LedgerEntry(p.flow_code, self.quarter, "allocation", p.from_code, p.to_code, amount,
                           p.stream, p.purpose, entry_type, p.first_entry_id)

    # -- invariants ------------------------------------------------------------------------
    def _after(self, entries: list[LedgerEntry]) -> dict[tuple, Decimal]:
        after = {k: p.amount for k, p in self.positions.items()}
        for e in entries:
            if e.kind != "allocation":
                continue
            key = (e.flow_code, e.from_code, e.to_code, e.stream, e.purpose)
            after[key] = after.get(key, ZERO) + Decimal(e.amount)
        return after

    @staticmethod
    def _excess(amounts: dict[tuple, Decimal], codes: set[str]) -> dict[str, Decimal]:
        received, allocated = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
        for (_, frm, to, _, _), amount in amounts.items():
            if frm in codes:
                allocated[frm] += amount
            if to in codes:
                received[to] += amount
        return {c: allocated[c] - received[c] for c in codes}

    def _active(self, started, ended) -> bool:
        q = Quarter.parse(self.quarter)
        return started <= q.last_day and (ended is None or ended >= q.first_day)

    def check(self, entries: list[LedgerEntry]) -> None:
        """Raise :class:`LedgerRefused` when the entries would break an invariant.

        Reads only what the answer depends on: every position of a code the entries make allocate
        more than it receives (only such a code can be refused: for any other its excess after
        the entries is at most the one before), and each touched flow's position (reading either
        of its ends brings it). A move's sender, which only redirects what it allocates, is not
        read at all (at national scale a cluster has thousands of allocations)."""
        change: dict[str, Decimal] = defaultdict(lambda: ZERO)  # allocated minus received, added
        for e in entries:
            if e.kind == "allocation":
                change[e.from_code] += Decimal(e.amount)
                change[e.to_code] -= Decimal(e.amount)
        worse = {code for code, amount in change.items() if amount > 0}
        self.read(worse | {e.to_code for e in entries
                           if e.kind == "allocation" and e.from_code not in self._read and e.to_code not in self._read})
        self.learn_kinds({e.from_code for e in entries} | {e.to_code for e in entries})
        after = self._after(entries)
        touched_flows = {(e.flow_code, e.from_code, e.to_code, e.stream, e.purpose) for e in entries}
        for key in sorted(touched_flows):
            if after.get(key, ZERO) < 0:
                raise LedgerRefused(
                    f"Stroom {key[0]} zou negatief worden ({eur(after[key])}). / "
                    f"Flow {key[0]} would become negative ({after[key]})."
                )
        for e in entries:
            if Decimal(e.amount) <= 0:
                continue
            kind, period = self.kind_of(e.to_code)
            if kind == "unknown":
                raise LedgerRefused(
                    f"Onbekende ontvanger '{e.to_code}': geen actor, cluster of combi. / "
                    f"Unknown recipient '{e.to_code}': no actor, cluster or combo."
                )
            if kind == "combo" and not self._active(*period):
                started, ended = period
                when = f"beëindigd op {ended:%d-%m-%Y}" if ended else f"start pas op {started:%d-%m-%Y}"
                raise LedgerRefused(
                    f"Combi {e.to_code} is niet actief in {self.quarter} ({when}); er mag geen geld "
                    f"naartoe. / Combo {e.to_code} is not active in {self.quarter}: no money may go to it."
                )
        codes = {c for c in worse if self.kind_of(c)[0] != "funder"}
        before_excess = self._excess({k: p.amount for k, p in self.positions.items()}, codes)
        after_excess = self._excess(after, codes)
        for code in sorted(codes):
            if after_excess[code] > 0 and after_excess[code] > before_excess[code]:
                allocated = self._total(after, code, "from")
                received = self._total(after, code, "to")
                raise LedgerRefused(
                    f"{code} zou in {self.quarter} {eur(allocated)} toewijzen terwijl het maar "
                    f"{eur(received)} ontving. / {code} would allocate {allocated} in {self.quarter} "
                    f"but received only {received}."
                )

    @staticmethod
    def _total(amounts: dict[tuple, Decimal], code: str, side: str) -> Decimal:
        index = 1 if side == "from" else 2
        return sum((v for k, v in amounts.items() if k[index] == code), ZERO)

    def apply(self, entries: list[LedgerEntry], ids: list[int]) -> None:
        """Take entries into the positions (for the next move of a batch): written ones with their
        entry ids, or planned ones held in memory (a what-if) with made-up (negative) ids."""
        for e, entry_id in zip(entries, ids):
            key = (e.flow_code, e.from_code, e.to_code, e.stream, e.purpose)
            p = self.positions.get(key)
            if p is None:
                self.positions[key] = Position(e.flow_code, e.from_code, e.to_code, e.stream, e.purpose,
                                               Decimal(e.amount), entry_id)
            else:
                p.amount += Decimal(e.amount)
