"""A plan's documents drawn by worker processes, for any paper of the registry.

On Linux, from a process with a single OS thread (the CLI, the benchmark), the workers fork
and inherit the documents already read: pickling 17,000 people to every worker costs more
than it saves. Elsewhere (Windows, a frozen app, a process with Qt's threads, where forking
can deadlock) they are spawned: each opens the database once and is sent only the id of the
activity to read and the file to write. Workers die with their parent
(reports.processes.worker_start), so a killed job stops writing at once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import Any

from printing.registry import Paper, load, paper

__all__ = ["start_method", "write_parallel"]


def _single_os_thread(grace: float = 0.2) -> bool:
    """True when this process runs one OS thread. A process pool that just finished leaves a
    helper thread exiting for a few milliseconds; wait for it (Python sees only the main
    thread then), but not for threads Python does not know about (Qt's)."""
    deadline = time.monotonic() + grace
    while True:
        if len(os.listdir("/proc/self/task")) == 1:
            return True
        if threading.active_count() > 1 or time.monotonic() > deadline:
            return False
        time.sleep(0.005)


def start_method() -> str:
    """ "fork" only where it is safe: Linux and a process with a single OS thread.
    TAPHUAN_WORKERS_START=spawn forces spawning (the installer's smoke test on Linux)."""
    if os.environ.get("TAPHUAN_WORKERS_START") == "spawn":
        return "spawn"
    if sys.platform == "linux":
        with suppress(OSError):
            if _single_os_thread():
                return "fork"
    return "spawn"


# Forked workers find the paper's writer and its documents here, inherited from the parent.
_INHERITED: tuple[str, Sequence[Any]] = ("", ())


def _write_inherited(index: int, path: str) -> str:
    key, documents = _INHERITED
    write = load(paper(key).pdf.write)  # type: ignore[union-attr]
    return str(write(documents[index], path))


# Spawned workers: one database per process, the options for every document.
_SPAWNED: dict[str, Any] = {}


def _open(url: str, key: str, options: dict[str, object]) -> None:
    from models.db import Database
    from reports.processes import worker_start

    worker_start()  # dies with the parent, fonts registered once
    _SPAWNED.update(db=Database(url, migrate=False), key=key, options=options)


def _render(activity_id: int, path: str) -> str:
    entry = paper(_SPAWNED["key"])
    assert entry.pdf is not None
    with _SPAWNED["db"].read() as session:
        data = load(entry.build)(session, activity_id, **_SPAWNED["options"])
    return str(load(entry.pdf.write)(data, path))


def write_parallel(
    entry: Paper,
    documents: Sequence[Any],
    paths: Sequence[Path],
    *,
    workers: int,
    reread: tuple[str, Sequence[int], dict[str, object]] | None = None,
) -> list[Path]:
    """documents[i] written to paths[i] by `workers` processes; paths in the order given.

    `reread` (database URL, activity ids, builder options) lets spawned workers read their
    own document instead of receiving it pickled."""
    global _INHERITED  # noqa: PLW0603 - read by forked children, reset below
    assert entry.pdf is not None
    targets = [str(p) for p in paths]
    workers = max(1, min(workers, len(targets)))
    if workers == 1:
        write = load(entry.pdf.write)
        return [Path(write(d, p)) for d, p in zip(documents, targets, strict=True)]
    method = start_method()
    context = multiprocessing.get_context(method)
    chunk = max(1, len(targets) // (workers * 4))
    if method != "fork":
        if reread is not None:
            url, ids, options = reread
            with ProcessPoolExecutor(
                workers, mp_context=context, initializer=_open, initargs=(url, entry.key, options)
            ) as pool:
                done = list(pool.map(_render, ids, targets, chunksize=chunk))
        else:
            from reports.processes import worker_start

            write = load(entry.pdf.write)
            with ProcessPoolExecutor(workers, mp_context=context, initializer=worker_start) as pool:
                done = [str(p) for p in pool.map(write, documents, targets, chunksize=chunk)]
        return [Path(p) for p in done]
    from reports.fonts import register_fonts
    from reports.processes import die_with_parent

    register_fonts()  # once, inherited by every child
    _INHERITED = (entry.key, documents)
    gc.freeze()  # children inherit the heap; frozen objects are skipped by their collector
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent) as pool:
            done = list(pool.map(_write_inherited, range(len(targets)), targets, chunksize=chunk))
    finally:
        gc.unfreeze()
        _INHERITED = ("", ())
    return [Path(p) for p in done]
