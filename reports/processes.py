"""Worker processes that never outlive the program that started them.

A print job renders on worker processes; if the window or the CLI is killed (kill -9, the task
manager), Linux would leave them running and writing. Each worker asks the kernel to end it
when its parent dies. (On Windows the pool's workers notice the broken pipe and exit.)
"""

from __future__ import annotations

import ctypes
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Call first thing in a worker: the kernel sends SIGTERM when the parent goes."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the worker ends when its queue breaks
        return


def worker_start() -> None:
    """The print pools' initializer: die with the parent, fonts registered once."""
    from reports.fonts import register_fonts

    die_with_parent()
    register_fonts()
