"""How many processes the CLI draws a plan's papers with (printing.parallel draws them).

At most two by default, and one for a small job: printing must leave the machine usable.
"""

from __future__ import annotations

import os
from typing import Final

DEFAULT_WORKERS: Final = min(2, os.cpu_count() or 1)
SMALL_JOB: Final = 4  # documents below which one process does it all


def workers_for(jobs: int, asked: int) -> int:
    """The processes to use: what was asked, at most one per document, one for a small job."""
    return 1 if jobs < SMALL_JOB else max(1, min(asked, jobs))
