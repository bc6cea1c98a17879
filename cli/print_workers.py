"""Sign-in sheets for a whole plan, rendered by worker processes that receive ids.

On Linux the CLI forks: children inherit the sheets already read (reports.signin). Where
processes are spawned (Windows, and a frozen app), pickling 17,000 people to every worker
cost more than it saved, so each worker opens the database once and is sent only the id of
the activity to render and the file to write. At most two workers by default, and one for a
small job: printing must leave the machine usable.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Final

from models.db import Database

DEFAULT_WORKERS: Final = min(2, os.cpu_count() or 1)
SMALL_JOB: Final = 4  # sheets below which one process does it all

_db: Database | None = None
_options: tuple[bool, object] = (False, None)


def workers_for(jobs: int, asked: int) -> int:
    """The processes to use: what was asked, at most one per sheet, one for a small job."""
    return 1 if jobs < SMALL_JOB else max(1, min(asked, jobs))


def _open(url: str, by_commune: bool, date: object) -> None:
    global _db, _options  # noqa: PLW0603 - one database per worker process
    from reports.processes import worker_start

    worker_start()  # dies with the CLI, fonts registered once
    _db = Database(url, migrate=False)
    _options = (by_commune, date)


def _render(activity_id: int, path: str) -> str:
    import datetime as dt

    from models.papers.sign_in import sign_in_sheet
    from reports.signin import write_sign_in

    assert _db is not None
    by_commune, date = _options
    with _db.read() as session:
        sheet = sign_in_sheet(
            session,
            activity_id,
            by_commune=by_commune,
            date=date if isinstance(date, dt.date) else None,
        )
    return str(write_sign_in(sheet, path))


def render_by_id(
    url: str,
    jobs: Sequence[tuple[int, Path]],
    *,
    workers: int,
    by_commune: bool = False,
    date: object = None,
) -> list[Path]:
    """Each (activity id, file) rendered by a spawned worker; paths in the order given."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_open, initargs=(url, by_commune, date)
    ) as pool:
        done = list(pool.map(_render, [a for a, _ in jobs], [str(p) for _, p in jobs]))
    return [Path(p) for p in done]
