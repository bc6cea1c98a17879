"""Shared fixtures: offscreen Qt, private data/config folders, and a demo database template."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Before anything imports Qt: no display in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.pg"]

# CI runs the same examples every time (a red run must be reproducible, and a landing must not
# depend on luck); developers' runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")  # pg_server / pg_url: a throw-away PostgreSQL server


@pytest.fixture(autouse=True)
def _private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's data, settings or TAPHUAN_DB."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TAPHUAN_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("TAPHUAN_CONFIG_DIR", str(base / "config"))
    monkeypatch.delenv("TAPHUAN_DB", raising=False)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scenario A loaded once per test session; tests get copies."""
    from models.db import Database
    from models.demo import scenarios as demo

    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    db = Database(f"sqlite:///{path}")
    with db.write() as s:
        demo.load_scenario_a(s)
    with db.engine.connect() as conn:  # fold the WAL back so a plain file copy is complete
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def demo_url(demo_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def demo_db(demo_url: str) -> Iterator[object]:
    from models.db import Database

    db = Database(demo_url)
    yield db
    db.close()


@pytest.fixture(scope="session")
def campaign_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scenario A and B (the Tuần Giáo campaign: 113 buổi) loaded once per test session."""
    from models.db import Database
    from models.demo import scenarios as demo

    path = tmp_path_factory.mktemp("campaign") / "campaign.sqlite3"
    shutil.copyfile(demo_template, path)
    db = Database(f"sqlite:///{path}")
    with db.write() as s:
        demo.load_scenario_b(s)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def campaign_url(campaign_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "campaign.sqlite3"
    shutil.copyfile(campaign_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def empty_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
