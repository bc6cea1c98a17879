"""Print worker processes die with their parent, even when it is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

# Runs write_sign_in_parallel with a job that never ends, then waits to be killed.
FORKED = """
import os, sys, time
import reports.signin as s
out = sys.argv[1]
def hold(index, path):
    open(os.path.join(out, f"{os.getpid()}.pid"), "w").close()
    time.sleep(600)
    return path
s._write_inherited = hold
s._unique_names = lambda sheets: [f"{i}.pdf" for i in range(len(sheets))]
s._start_method = lambda: "fork"
s.write_sign_in_parallel([object()] * 4, out, workers=2)
"""

# The spawn path's initializer, as the window uses it (a process with threads).
SPAWNED = """
import os, sys, time
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from reports.signin import _start_spawned_worker
from tests.reports.test_worker_lifetime import hold
out = sys.argv[1]
pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"),
                           initializer=_start_spawned_worker, initargs=(os.getpid(),))
futures = [pool.submit(hold, out) for _ in range(2)]
time.sleep(600)
"""


def hold(out: str) -> None:
    Path(out, f"{os.getpid()}.pid").touch()
    time.sleep(600)


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return fields[0] != "Z"  # a zombie has exited; only its reaping is pending


def _wait(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return bool(condition())  # type: ignore[operator]


@pytest.mark.parametrize("script", [FORKED, SPAWNED], ids=["fork", "spawn"])
def test_workers_die_when_the_parent_is_killed(tmp_path: Path, script: str) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    parent = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], env=env, cwd=root)
    try:
        assert _wait(lambda: len(list(tmp_path.glob("*.pid"))) >= 2, 60), "workers never started"
        children = [int(p.stem) for p in tmp_path.glob("*.pid")]
        assert all(_alive(pid) for pid in children)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert _wait(lambda: not any(_alive(pid) for pid in children), 30), (
            f"print workers outlived their parent: {[p for p in children if _alive(p)]}"
        )
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for p in tmp_path.glob("*.pid"):
            if _alive(int(p.stem)):
                os.kill(int(p.stem), signal.SIGKILL)
