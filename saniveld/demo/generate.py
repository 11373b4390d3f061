"""Write a demo data package: the plan in memory, the bulky files streamed."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import date
from pathlib import Path

from saniveld.demo import experiences, money, people, plan as planning
from saniveld.demo import vocab as v
from saniveld.demo.scales import DemoError, Scale, resolve
from saniveld.demo.writer import PartFile, SortedFile, merge_into
from saniveld.package.spec import FILES, format_value

ALLOWED_EXTRA = {"README.md"}


def package_files() -> list[str]:
    """The file names a demo package consists of."""
    return [f.filename for f in FILES]


def _check_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise DemoError(f"{out} exists and is not a folder")
    if out.is_dir():
        ours = set(package_files()) | ALLOWED_EXTRA
        strangers = sorted(p.name for p in out.iterdir() if p.name not in ours and not p.name.endswith(".part"))
        if strangers:
            raise DemoError(
                f"{out} already holds other files ({', '.join(strangers[:5])}); choose an empty folder"
            )


def generate(out: Path, scale: str | Scale = "S", seed: int = 2024, progress: bool = False) -> dict[str, int]:
    """Write the demo package of ``scale`` into folder ``out``; returns the rows written per file."""
    sc = resolve(scale)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise DemoError(f"seed must be a whole number ≥ 0, not {seed!r}")
    out = Path(out)
    _check_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    plan = planning.build(sc, seed)
    counts: dict[str, int] = {}
    bar = _progress(progress, sc, plan)
    try:
        _small_files(out, plan, counts)
        _people(out, plan, counts, bar)
        _money(out, plan, counts, bar)
        _experiences(out, plan, counts, bar)
    finally:
        if bar is not None:
            bar.close()
    return {f.name: counts[f.name] for f in FILES}


def _progress(enabled: bool, scale: Scale, plan: planning.Plan):
    if not enabled:
        return None
    from tqdm import tqdm

    steps = len(plan.clusters) * (1 + 2 * len(v.QUARTERS))
    return tqdm(total=steps, desc=f"demo {scale.code}", unit="stap", file=None, mininterval=0.5)


def _tick(bar, desc: str) -> None:
    if bar is not None:
        if bar.desc != desc:
            bar.set_description(desc, refresh=False)
        bar.update(1)


def _write_all(out: Path, name: str, rows: list[tuple], counts: dict[str, int]) -> None:
    f = SortedFile(out, name)
    try:
        key_cols = [f.spec.column_names.index(c) for c in f.spec.key]
        f.write(sorted(rows, key=lambda r: tuple(format_value(r[i]) for i in key_cols)))
    finally:
        f.close()
    counts[name] = f.rows


def _small_files(out: Path, plan: planning.Plan, counts: dict[str, int]) -> None:
    sc = plan.scale
    _write_all(out, "municipality", [(sc.municipality, sc.inhabitants, sc.gps)], counts)
    _write_all(out, "clusters", [(c.code, c.name) for c in plan.clusters], counts)
    combos = SortedFile(out, "combos")
    try:
        for c in plan.clusters:
            rows = []
            for i in range(len(c.types)):
                ctype = planning.TYPE_ORDER[int(c.types[i])]
                ended = None if c.ended[i] == planning.OPEN_END else _date(int(c.ended[i]))
                name = f"{v.COMBO_TYPES[ctype]['name']} {c.name.split('-')[-1]} {i + 1}"
                rows.append((c.combo_code(i), name, c.code, ctype, _date(int(c.started[i])), ended, int(c.residents[i])))
            combos.write(rows)
    finally:
        combos.close()
    counts["combos"] = combos.rows


def _date(ordinal: int) -> date:
    return date.fromordinal(ordinal)


def _people(out: Path, plan: planning.Plan, counts: dict[str, int], bar) -> None:
    counter = people.ResidentCounter(plan.scale.inhabitants)
    roles = people.network_roles()
    with ExitStack() as stack:
        members = SortedFile(out, "combo_members")
        stack.callback(members.close)
        persons = PartFile(out, "actors", "persons")
        residents = PartFile(out, "actors", "residents")
        stack.callback(persons.close)
        stack.callback(residents.close)
        for c in plan.clusters:
            got = people.cluster_people(plan, c, counter)
            persons.write(got.persons)
            residents.write(got.residents)
            members.write(got.members)
            roles += got.roles
            _tick(bar, f"demo {plan.scale.code}: leden")
        counts["combo_members"] = members.rows
    if counter.next - 1 > plan.scale.inhabitants:
        raise DemoError("more resident members than inhabitants")
    if bar is not None:  # the merge has no steps of its own; name the phase while it runs
        bar.set_description(f"demo {plan.scale.code}: actoren samenvoegen", refresh=True)
    actors = SortedFile(out, "actors")
    try:
        merge_into(actors, people.network_actors(plan), [persons, residents])
    finally:
        actors.close()
    counts["actors"] = actors.rows
    _write_all(out, "role_assignments", roles, counts)


def _money(out: Path, plan: planning.Plan, counts: dict[str, int], bar) -> None:
    flows = SortedFile(out, "money_flows")
    try:
        for qi, q in enumerate(v.QUARTERS):
            codes = money.FlowCodes(q)
            rows, budgets = money.network_flows(plan, qi, codes)
            flows.write(rows)
            for c in plan.clusters:
                flows.write(money.cluster_flows(plan, qi, c, budgets, codes))
                _tick(bar, f"demo {plan.scale.code}: geldstromen {q}")
            if codes.n >= 10**7:
                raise DemoError(f"{q}: more money flows than flow codes (7 digits)")
    finally:
        flows.close()
    counts["money_flows"] = flows.rows


def _experiences(out: Path, plan: planning.Plan, counts: dict[str, int], bar) -> None:
    f = SortedFile(out, "experiences")
    codes = experiences.ExperienceCodes()
    try:
        for qi, q in enumerate(v.QUARTERS):
            for c in plan.clusters:
                f.write(experiences.cluster_experiences(plan, qi, c, codes))
                _tick(bar, f"demo {plan.scale.code}: ervaringen {q}")
    finally:
        f.close()
    counts["experiences"] = f.rows
