"""The rules of DATA_PACKAGE.md as SQL over the workspace: every error, with file, line and column.

Each rule is one query that returns the offending lines; at most :data:`CAP` lines per rule per
file and column are listed, followed by a "... and N more" line.
"""

from __future__ import annotations

from saniveld import settings
from saniveld.db import schema as s
from saniveld.package.errors import PackageError, message
from saniveld.package.reader import Workspace
from saniveld.package.spec import FILES, FILES_BY_NAME

CAP = 100
MAX_TEXT = 200
MAX_AMOUNT_DIGITS = 12  # NUMERIC(14,2)

# The type of every column: "code", "text", "int", "bigint", "date", "quarter", "amount",
# "bool", or a tuple of allowed values.
TYPES: dict[str, dict[str, object]] = {
    "municipality": {"name": "text", "inhabitants": "bigint", "general_practitioners": "int"},
    "clusters": {"cluster_code": "code", "name": "text"},
    "actors": {
        "actor_code": "code",
        "name": "text",
        "actor_type": s.ACTOR_TYPES,
        "function": "text",
        "organisation_code": "code",
    },
    "combos": {
        "combo_code": "code",
        "name": "text",
        "cluster_code": "code",
        "combo_type": s.COMBO_TYPES,
        "started_on": "date",
        "ended_on": "date",
        "residents": "int",
    },
    "combo_members": {
        "combo_code": "code",
        "actor_code": "code",
        "member_type": s.MEMBER_TYPES,
        "resource_group": "bool",
    },
    "role_assignments": {
        "actor_code": "code",
        "role_code": "code",
        "scope": s.SCOPES,
        "scope_code": "code",
        "started_on": "date",
        "ended_on": "date",
    },
    "money_flows": {
        "flow_code": "code",
        "quarter": "quarter",
        "kind": s.FLOW_KINDS,
        "from_code": "code",
        "to_code": "code",
        "amount": "amount",
        "stream": s.STREAMS,
        "purpose": s.PURPOSES,
    },
    "experiences": {
        "experience_code": "code",
        "combo_code": "code",
        "occurred_on": "date",
        "dimension": s.DIMENSIONS,
        "organised_by": s.ORGANISED_BY,
    },
}

_MACROS = (
    "CREATE OR REPLACE MACRO elfproef(d) AS (9*CAST(d[1] AS INT) + 8*CAST(d[2] AS INT)"
    " + 7*CAST(d[3] AS INT) + 6*CAST(d[4] AS INT) + 5*CAST(d[5] AS INT) + 4*CAST(d[6] AS INT)"
    " + 3*CAST(d[7] AS INT) + 2*CAST(d[8] AS INT) - CAST(d[9] AS INT)) % 11 = 0",
    "CREATE OR REPLACE MACRO has_bsn(v) AS regexp_matches(v, '[0-9]{9}') AND len(list_filter("
    "regexp_extract_all(v, '[0-9]+'), lambda x: CASE WHEN length(x) = 9 THEN elfproef(x) ELSE false END)) > 0",
    "CREATE OR REPLACE MACRO is_date(v) AS regexp_full_match(v, '[0-9]{4}-[0-9]{2}-[0-9]{2}')"
    " AND TRY_CAST(v AS DATE) IS NOT NULL",
)

_AMOUNT_PROBLEM = f"""CASE
    WHEN regexp_full_match(v, '[0-9]+(\\.[0-9]{{1,2}})?') THEN
        CASE WHEN length(split_part(v, '.', 1)) > {MAX_AMOUNT_DIGITS} THEN 'amount_large'
             WHEN CAST(v AS DECIMAL(38, 2)) = 0 THEN 'amount_positive' END
    WHEN regexp_full_match(v, '-\\s*[0-9][0-9.,]*') THEN 'amount_positive'
    WHEN regexp_full_match(v, '[0-9]{{1,3}}(\\.[0-9]{{3}})*,[0-9]+') THEN 'amount_dutch'
    WHEN regexp_full_match(v, '[0-9]+,[0-9]+') THEN 'amount_dutch'
    WHEN regexp_full_match(v, '[0-9]{{1,3}}(\\.[0-9]{{3}}){{2,}}') THEN 'amount_dutch'
    WHEN regexp_full_match(v, '[0-9]+\\.[0-9]{{3,}}') THEN 'amount_decimals'
    ELSE 'amount_number' END"""


class Validator:
    """Runs every rule over a workspace and collects the errors."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.db = ws.db
        self.errors: list[PackageError] = []
        for sql in _MACROS:
            self.db.execute(sql)

    # -- plumbing ------------------------------------------------------------------------------
    def ok(self, *names: str) -> bool:
        return all(n in self.ws.loaded for n in names)

    def complete(self, *names: str) -> bool:
        """Loaded without unreadable lines: safe to check references against (no false alarms)."""
        return self.ok(*names) and not any(n in self.ws.partial for n in names)

    def emit(self, file: str, column: str, sql: str, key: str | None = None, **params) -> None:
        """Report the rows of ``sql`` (``_line, value`` and optionally ``extra``, ``key``).

        At most CAP rows per message kind; then one "... and N more" line.
        """
        names = [d[0] for d in self.db.execute(f"SELECT * FROM ({sql}) q LIMIT 0").description]
        extra = "extra" if "extra" in names else "NULL"
        k = "key" if key is None else f"'{key}'"
        query = f"""SELECT _line, value, extra, k, n, rn FROM (
              SELECT _line, value, extra, k, count(*) OVER (PARTITION BY k) AS n,
                     row_number() OVER (PARTITION BY k ORDER BY _line) AS rn
              FROM (SELECT _line, value, {extra} AS extra, {k} AS k FROM ({sql}) q) x
              WHERE k IS NOT NULL) y
            WHERE rn <= {CAP + 1} ORDER BY k, _line"""
        label = self.ws.labels[file]
        extra_name = params.pop("extra_name", "extra")
        for line, value, extra_value, kind, n, rn in self.db.execute(query).fetchall():
            if rn > CAP:
                text = message("more", self.ws.lang, count=n - CAP)
            else:
                values = {"value": value, **params}
                if extra_value is not None:
                    values[extra_name] = extra_value
                text = message(kind, self.ws.lang, **values)
            self.errors.append(PackageError(label, line, column, text))

    # -- rules ---------------------------------------------------------------------------------
    def run(self) -> list[PackageError]:
        for spec in FILES:
            if self.ok(spec.name):
                self.columns(spec.name)
                self.bsn(spec.name)
                self.duplicates(spec.name)
        self.references()
        self.periods()
        self.counts()
        order = {spec.name: i for i, spec in enumerate(FILES)}
        by_label = {self.ws.labels[n]: i for n, i in order.items()}
        everything = self.ws.errors + self.errors
        return sorted(everything, key=lambda e: (by_label.get(e.file, -1), e.line))

    def columns(self, name: str) -> None:
        spec = FILES_BY_NAME[name]
        table = f"pkg_{name}"
        for column in spec.columns:
            col = f'"{column.name}"'
            if column.required:
                self.emit(name, column.name, f"SELECT _line, NULL AS value FROM {table} WHERE {col} IS NULL", "required")
            kind = TYPES[name][column.name]
            base = f"SELECT _line, {col} AS value FROM {table} WHERE {col} IS NOT NULL AND "
            if kind == "code":
                self.emit(name, column.name, base + f"NOT regexp_full_match({col}, '[A-Za-z0-9_-]{{1,64}}')", "code")
            elif kind == "text":
                self.emit(name, column.name, base + f"length({col}) > {MAX_TEXT}", "too_long", max=MAX_TEXT)
            elif kind in ("int", "bigint"):
                digits = 9 if kind == "int" else 18
                self.emit(name, column.name, base + f"NOT regexp_full_match({col}, '[0-9]{{1,{digits}}}')", "integer")
            elif kind == "date":
                self.emit(name, column.name, base + f"NOT is_date({col})", "date")
            elif kind == "quarter":
                self.emit(name, column.name, base + f"NOT regexp_full_match({col}, '[0-9]{{4}}-Q[1-4]')", "quarter")
            elif kind == "bool":
                self.emit(name, column.name, base + f"{col} NOT IN ('true', 'false')", "boolean")
            elif kind == "amount":
                self.emit(
                    name,
                    column.name,
                    f"SELECT _line, value, {_AMOUNT_PROBLEM} AS key FROM "
                    f"(SELECT _line, {col} AS value, {col} AS v FROM {table} WHERE {col} IS NOT NULL)",
                )
            elif isinstance(kind, tuple):
                listed = ", ".join(f"'{v}'" for v in kind)
                self.emit(name, column.name, base + f"{col} NOT IN ({listed})", "enum", allowed=", ".join(kind))
        if name == "role_assignments":
            codes = [r.code for r in settings.roles()]
            listed = ", ".join(f"'{c}'" for c in codes)
            self.emit(
                name,
                "role_code",
                f"SELECT _line, role_code AS value FROM {table} WHERE role_code IS NOT NULL "
                f"AND regexp_full_match(role_code, '[A-Za-z0-9_-]{{1,64}}') AND role_code NOT IN ({listed})",
                "unknown_role",
                allowed=", ".join(codes),
            )

    def bsn(self, name: str) -> None:
        for column in FILES_BY_NAME[name].column_names:
            col = f'"{column}"'
            self.emit(name, column, f"SELECT _line, NULL AS value FROM pkg_{name} WHERE has_bsn({col})", "bsn")

    def duplicates(self, name: str) -> None:
        if name == "municipality":  # one row; counted in counts()
            return
        spec = FILES_BY_NAME[name]
        keys = [f"COALESCE(\"{k}\", '')" for k in spec.key]
        shown = " || ' / ' || ".join(keys)
        required = " AND ".join(
            f'"{c.name}" IS NOT NULL' for c in spec.columns if c.name in spec.key and c.required
        )
        key = "duplicate" if len(spec.key) == 1 else "duplicate_key"
        self.emit(
            name,
            spec.key[0] if len(spec.key) == 1 else "-",
            f"SELECT _line, value, first AS extra FROM (SELECT _line, {shown} AS value, "
            f"min(_line) OVER (PARTITION BY {', '.join(keys)}) AS first FROM pkg_{name} WHERE {required}) "
            "WHERE _line > first",
            key,
            extra_name="first",
        )

    def _ref(self, name: str, column: str, target: str, target_column: str, where: str = "") -> None:
        if not (self.ok(name) and self.complete(target)):
            return
        self.emit(
            name,
            column,
            f"SELECT _line, \"{column}\" AS value FROM pkg_{name} t WHERE \"{column}\" IS NOT NULL {where} "
            f"AND NOT EXISTS (SELECT 1 FROM pkg_{target} p WHERE p.\"{target_column}\" = t.\"{column}\")",
            "unknown_ref",
            target=self.ws.labels[target],
        )

    def references(self) -> None:
        self._ref("combos", "cluster_code", "clusters", "cluster_code")
        self._ref("actors", "organisation_code", "actors", "actor_code")
        if self.ok("actors"):
            self.emit(
                "actors",
                "organisation_code",
                "SELECT t._line, t.organisation_code AS value FROM pkg_actors t JOIN pkg_actors o "
                "ON o.actor_code = t.organisation_code WHERE o.actor_type IS DISTINCT FROM 'organisation'",
                "not_organisation",
            )
        self._ref("combo_members", "combo_code", "combos", "combo_code")
        self._ref("combo_members", "actor_code", "actors", "actor_code")
        if self.ok("combo_members") and self.complete("actors"):
            self.emit(
                "combo_members",
                "actor_code",
                "SELECT m._line, m.actor_code AS value FROM pkg_combo_members m JOIN pkg_actors a "
                "ON a.actor_code = m.actor_code WHERE m.member_type = 'resident' "
                "AND a.actor_type IS DISTINCT FROM 'person'",
                "not_person",
            )
        self._ref("role_assignments", "actor_code", "actors", "actor_code")
        if self.ok("role_assignments"):
            self.emit(
                "role_assignments",
                "scope_code",
                "SELECT _line, scope_code AS value FROM pkg_role_assignments "
                "WHERE scope = 'network' AND scope_code IS NOT NULL",
                "scope_code_network",
            )
            for scope in ("cluster", "combo"):
                self.emit(
                    "role_assignments",
                    "scope_code",
                    "SELECT _line, NULL AS value FROM pkg_role_assignments "
                    f"WHERE scope = '{scope}' AND scope_code IS NULL",
                    "scope_code_missing",
                    scope=scope,
                )
        self._ref("role_assignments", "scope_code", "clusters", "cluster_code", "AND scope = 'cluster'")
        self._ref("role_assignments", "scope_code", "combos", "combo_code", "AND scope = 'combo'")
        if self.ok("money_flows") and self.complete("actors", "clusters", "combos"):
            for column in ("from_code", "to_code"):
                self.emit(
                    "money_flows",
                    column,
                    f"SELECT _line, {column} AS value FROM pkg_money_flows f WHERE {column} IS NOT NULL "
                    f"AND {column} NOT IN (SELECT actor_code FROM pkg_actors WHERE actor_code IS NOT NULL "
                    "UNION ALL SELECT cluster_code FROM pkg_clusters WHERE cluster_code IS NOT NULL "
                    "UNION ALL SELECT combo_code FROM pkg_combos WHERE combo_code IS NOT NULL)",
                    "flow_party",
                )
        self._ref("experiences", "combo_code", "combos", "combo_code")

    def periods(self) -> None:
        for name in ("combos", "role_assignments"):
            if self.ok(name):
                self.emit(
                    name,
                    "ended_on",
                    f"SELECT _line, ended_on AS value, started_on AS extra FROM pkg_{name} "
                    "WHERE is_date(ended_on) AND is_date(started_on) "
                    "AND CAST(ended_on AS DATE) < CAST(started_on AS DATE)",
                    "period",
                    extra_name="start",
                )

    def counts(self) -> None:
        if self.ok("municipality"):
            lines = [r[0] for r in self.db.execute("SELECT _line FROM pkg_municipality ORDER BY _line").fetchall()]
            if len(lines) != 1:
                line = lines[1] if len(lines) > 1 else 1
                self.errors.append(
                    PackageError(self.ws.labels["municipality"], line, "-", message("one_municipality", self.ws.lang, count=len(lines)))
                )
        if self.ok("actors"):
            lines = [
                r[0]
                for r in self.db.execute(
                    "SELECT _line FROM pkg_actors WHERE actor_type = 'fund_administrator' ORDER BY _line"
                ).fetchall()
            ]
            if len(lines) != 1:
                for line in lines[1:] or [1]:
                    self.errors.append(
                        PackageError(
                            self.ws.labels["actors"],
                            line,
                            "actor_type",
                            message("one_fund_administrator", self.ws.lang, count=len(lines)),
                        )
                    )


def validate(ws: Workspace) -> list[PackageError]:
    """Every error in the package (file problems found while reading, then the rules)."""
    return Validator(ws).run()
