"""kill -9 at random moments: the CLI killed during a first `init`, a migration and an
`import-roster`; the database always opens afterwards, all or nothing.

The kill points are drawn from a seeded generator (reproducible in CI) over the span of an
uncut run of the same command; nothing asserts on a duration, only on what is stored.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from models.db import Database, make_engine, probe_sqlite
from models.locations import alembic_config, head_revision
from tests.models import roster_fixtures as fx

KILLS_PER_SCENARIO = 8  # × 3 scenarios = 24 kills
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def _start(url: str, *argv: str, data: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TAPHUAN_DATA_DIR": str(data)}
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--db", url, *argv],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _uncut(url: str, *argv: str, data: Path) -> float:
    began = time.monotonic()
    assert _start(url, *argv, data=data).wait() == 0
    return time.monotonic() - began


def _kill_at(url: str, argv: tuple[str, ...], data: Path, delay: float) -> None:
    proc = _start(url, *argv, data=data)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def _state(path: Path) -> tuple[set[str], str | None]:
    return probe_sqlite(path)


def _rows(path: Path, sql: str) -> list[Any]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _opens(url: str) -> None:
    Database(url).close()  # and migrates to head if the kill left the old revision


def test_kill9_during_first_init_migration_and_import(tmp_path: Path) -> None:
    rng = random.Random(20261204)
    head = head_revision()
    data = tmp_path / "data"
    data.mkdir()

    # 1. first init of a new file
    span = _uncut(f"sqlite:///{tmp_path / 'span.sqlite3'}", "init", data=data)
    for i in range(KILLS_PER_SCENARIO):
        path = tmp_path / f"init{i}.sqlite3"
        # Most of an init is Python starting up: aim at its end, where the schema is built.
        _kill_at(f"sqlite:///{path}", ("init",), data, rng.uniform(0.6, 1.05) * span)
        if path.exists():
            tables, revision = _state(path)
            assert not tables or revision == head, (tables, revision)
        _opens(f"sqlite:///{path}")

    # 2. a migration of a database with data, from the first revision
    template = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{template}")
    from models.demo import scenarios as demo

    with db.write() as s:
        demo.load_scenario_a(s)
    db.close()
    engine = make_engine(f"sqlite:///{template}")
    command.downgrade(alembic_config(engine), "0001_initial")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    old_schema = _rows(template, "SELECT name, sql FROM sqlite_master ORDER BY name")
    people = _rows(template, "SELECT id, full_name FROM person ORDER BY id")
    assert people
    copy = tmp_path / "span-mig.sqlite3"
    shutil.copyfile(template, copy)
    span = _uncut(f"sqlite:///{copy}", "init", data=data)
    for i in range(KILLS_PER_SCENARIO):
        path = tmp_path / f"mig{i}.sqlite3"
        shutil.copyfile(template, path)
        _kill_at(f"sqlite:///{path}", ("init",), data, rng.uniform(0.2, 1.1) * span)
        _tables, revision = _state(path)
        assert revision in ("0001_initial", head)
        if revision == "0001_initial":
            assert _rows(path, "SELECT name, sql FROM sqlite_master ORDER BY name") == old_schema
        assert _rows(path, "SELECT id, full_name FROM person ORDER BY id") == people
        _opens(f"sqlite:///{path}")

    # 3. an import: the whole file or none of it
    roster = tmp_path / "ds.csv"
    rows = [fx.SIMPLE_ROWS[1]] + [
        [str(n), f"Lò Văn Thử {n:03d}", "1980", "Nam", "Thái", "", "Bản Lồng", "Xã Mường Thín",
         f"0110800{n:05d}", ""]
        for n in range(1, 301)
    ]  # fmt: skip
    fx.write_csv(roster, rows)
    base = tmp_path / "base.sqlite3"
    Database(f"sqlite:///{base}").close()
    copy = tmp_path / "span-imp.sqlite3"
    shutil.copyfile(base, copy)
    span = _uncut(f"sqlite:///{copy}", "import-roster", str(roster), data=data)
    assert _rows(copy, "SELECT count(*) FROM person") == [(300,)]
    for i in range(KILLS_PER_SCENARIO):
        path = tmp_path / f"imp{i}.sqlite3"
        shutil.copyfile(base, path)
        argv = ("import-roster", str(roster))
        _kill_at(f"sqlite:///{path}", argv, data, rng.uniform(0.2, 1.1) * span)
        assert _rows(path, "SELECT count(*) FROM person") in ([(0,)], [(300,)])
        _opens(f"sqlite:///{path}")
