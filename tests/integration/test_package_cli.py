"""`saniveld import` and `saniveld export`: exit codes, errors on stderr, database untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

import saniveld.cli  # noqa: F401  (registers the commands)
from saniveld.cli.app import app
from saniveld.package.sample import write_package


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_import_then_export(tmp_path):
    package = write_package(tmp_path / "pkg")
    database = str(tmp_path / "cli.duckdb")
    result = run("import", str(package), "--db", database)
    assert result.exit_code == 0, result.output
    assert "dataversie 1" in result.output
    result = run("export", str(tmp_path / "out"), "--db", database)
    assert result.exit_code == 0
    assert (tmp_path / "out" / "money_flows.csv").read_bytes() == (package / "money_flows.csv").read_bytes()
    # Both are in the audit log, as the operator at the command line (an administrator).
    import sqlalchemy as sa

    from saniveld import audit
    from saniveld.db import engine as db
    from saniveld.db import schema

    eng = db.command_engine(f"duckdb:///{database}")
    with eng.connect() as conn:
        rows = conn.execute(sa.select(schema.audit_log.c.username, schema.audit_log.c.user_role,
                                      schema.audit_log.c.action, schema.audit_log.c.outcome)
                            .order_by(schema.audit_log.c.entry_id)).all()
        assert audit.verify(conn) == []
    eng.dispose()
    assert [(r.user_role, r.action, r.outcome) for r in rows] == [
        ("admin", "import_package", "ok"), ("admin", "export_package", "ok")]
    assert all(r.username.startswith("cli:") for r in rows)


def test_bad_package_exits_2_with_every_error_on_stderr_and_the_database_untouched(tmp_path):
    package = write_package(tmp_path / "pkg")
    database = tmp_path / "cli.duckdb"
    assert run("import", str(package), "--db", str(database)).exit_code == 0
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    flows = package / "money_flows.csv"
    flows.write_text(flows.read_text().replace("1234.56", "-1").replace("2025-Q2,spending", "2025-Q7,spending"))
    (package / "clusters.csv").write_text("cluster_code,name\nNOORD,Noord\nZUID,Zuid\nNOORD,Weer noord\n")
    result = run("import", str(package), "--db", str(database), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "The data package has 3 error(s); nothing was changed.",
        "clusters.csv:4: cluster_code: 'NOORD' already appears on line 2; each code may appear only once",
        "money_flows.csv:6: quarter: '2025-Q7' is not a valid quarter; write YYYY-Qn, for example 2025-Q3",
        "money_flows.csv:6: amount: the amount must be more than 0 (now '-1')",
    ]
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_import_of_a_path_that_does_not_exist_exits_2(tmp_path):
    result = run("import", str(tmp_path / "nergens"), "--db", str(tmp_path / "x.duckdb"))
    assert result.exit_code == 2
    assert not Path(tmp_path / "x.duckdb").exists()
