"""A throw-away PostgreSQL server for the tests that ask for one.

Started from the local PostgreSQL binaries (dev.sh installs Debian's `postgresql`) on a Unix
socket in a temporary folder, so nothing listens on the network; skipped where none is found.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_owner(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; Debian's package brings a "postgres" user.
    if _root():
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _root() -> bool:
    return os.name == "posix" and os.geteuid() == 0


def _locale() -> str:
    # The en_US collation ignores punctuation and case at first level: the harder case for a
    # stored sort key. Fall back to C.UTF-8 where it is not generated.
    if os.name == "nt":  # Windows: no "locale -a"; initdb takes the system's UTF-8 default
        return "C"
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout
    names = {n.lower().replace("-", "") for n in listed.split()}
    return "en_US.UTF-8" if "en_us.utf8" in names else "C.UTF-8"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries not found (dev.sh installs them)")
    # Not under pytest's tmp folder: that one is private to the user, and the server runs as
    # "postgres" when the tests run as root.
    base = Path(tempfile.mkdtemp(prefix="taphuan-pg-"))
    base.chmod(0o755)
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    sock.chmod(0o777)
    if _root():
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    subprocess.run(
        _as_owner([initdb, "-D", str(data), "-A", "trust", "-U", "taphuan", "--no-sync",
                   "-E", "UTF8", f"--locale={_locale()}"]),
        check=True, capture_output=True,
    )  # fmt: skip
    port = "54329"
    if os.name == "nt":  # no Unix sockets for psycopg there: loopback TCP only
        options = f"-p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
        host = "127.0.0.1"
    else:
        options = f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off"
        host = str(sock)
    subprocess.run(
        _as_owner([pg_ctl, "-D", str(data), "-o", options, "-w", "-l", str(base / "log"), "start"]),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://taphuan@/{{db}}?host={host}&port={port}"
    finally:
        subprocess.run(
            _as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database on the shared server for one test."""
    import psycopg

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50].lower()
    admin = pg_server.format(db="postgres").replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_server.format(db=name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_available() -> bool:
    return _bin("initdb") is not None
