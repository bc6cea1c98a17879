"""Where TapHuan keeps things: the user's data folder and the migration scripts.

Plain places and names, below every other module: models.db opens databases with them and
models.backup copies into them, without either importing the other for it.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

if TYPE_CHECKING:  # imported by the window before SQLAlchemy loads (desktop/app.py)
    from sqlalchemy.engine import Engine

APP_NAME = "TapHuan"
DB_ENV = "TAPHUAN_DB"  # a database URL that overrides the default file


def data_dir() -> Path:
    """The user's data directory (created on demand); TAPHUAN_DATA_DIR overrides it."""
    override = os.environ.get("TAPHUAN_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def alembic_config(engine: Engine | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("models") / "migrations"))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


@cache  # the migration scripts do not change while TapHuan runs
def known_revisions() -> frozenset[str]:
    """Every migration revision this version of TapHuan knows."""
    from alembic.script import ScriptDirectory

    return frozenset(
        s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    )


@cache
def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    head: str | None = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return head
