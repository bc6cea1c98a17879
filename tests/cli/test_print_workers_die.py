"""Print workers never outlive the CLI: kill -9 the program mid-job, its workers are gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.db import Database
from models.demo import scenarios as demo


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.add(int(entry.name))
    return found


def _worker(pid: int) -> bool:
    """A pool worker (not multiprocessing's resource tracker, which is no printer)."""
    try:
        return b"resource_tracker" not in (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signal is Linux's")
@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_workers_die_with_a_killed_cli(tmp_path: Path, start: str) -> None:
    url = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    with Database(url).write() as s:
        demo.load_scenario_b(s)  # 113 sheets: long enough to kill the job in the middle
    env = {**os.environ, "TAPHUAN_WORKERS_START": "spawn" if start == "spawn" else ""}
    cli = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--db", url, "print", "sign-in", "--plan",
         demo.PLAN_B, "--workers", "2", "--out", str(tmp_path / "out")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    out = tmp_path / "out"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and cli.poll() is None:  # mid-job: some sheets written
        if out.is_dir() and len(list(out.glob("*.pdf"))) >= 2:
            break
        time.sleep(0.05)
    workers = {p for p in _children(cli.pid) if _alive(p) and _worker(p)}
    assert len(workers) >= 2 and cli.poll() is None, "the job was not caught in the middle"
    cli.send_signal(signal.SIGKILL)
    cli.wait()
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers), "a worker outlived the killed CLI"
