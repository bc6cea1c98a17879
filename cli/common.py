"""What every command shares: the open database, JSON output, messages and safe file writes."""

from __future__ import annotations

import json
import sys
from typing import Any

from models.db import Database
from models.errors import UserError


class CliError(UserError):
    """A bad input: printed as one line, exit status 1, nothing changed."""


class Context:
    """Opens the database lazily, so `--help` and argument errors never touch it."""

    def __init__(self, db_url: str | None) -> None:
        self.db_url = db_url
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database(self.db_url, daily_backup=True)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def emit_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def say(message: str) -> None:
    print(message, file=sys.stderr)
