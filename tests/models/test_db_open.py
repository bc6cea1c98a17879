"""Opening a database: a SQLite file on a network share and a missing driver are one line each."""

from __future__ import annotations

import pytest

from models.db import Database, DatabaseOpenError, on_network_share


@pytest.mark.parametrize(
    ("path", "remote"),
    [
        ("//may-chu/chia-se/taphuan.sqlite3", True),
        ("\\\\may-chu\\chia-se\\taphuan.sqlite3", True),
        ("\\\\?\\C:\\TapHuan\\taphuan.sqlite3", False),  # a long local path, not a share
        ("/tmp/taphuan.sqlite3", False),
    ],
)
def test_network_locations_are_recognised(path: str, remote: bool) -> None:
    assert on_network_share(path) is remote


def test_opening_one_is_refused_before_anything_is_touched() -> None:
    with pytest.raises(DatabaseOpenError, match=r"trên ổ mạng .* PostgreSQL"):
        Database("sqlite:///\\\\may-chu\\chia-se\\taphuan.sqlite3")  # sqlite:///\\server\share


def test_a_missing_driver_is_one_line() -> None:
    with pytest.raises(DatabaseOpenError, match="thiếu trình điều khiển cho postgresql"):
        Database("postgresql+khongco://taphuan@localhost/taphuan")
