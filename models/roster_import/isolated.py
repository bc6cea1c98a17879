"""Reading a spreadsheet in a child process, so a malformed file cannot take the app down.

The binary and OpenDocument formats (.xls, .xlsb, .ods) cannot be checked cheaply before the
reader allocates its grid (models.roster_import.limits does that for .xlsx), and the reader
aborts the whole process when an allocation fails. So they are read by a spawned child whose
address space is capped at MEMORY_CEILING where the platform allows it (POSIX; on Windows the
child has no ceiling but its death is still only a message). The child sends the sheets back
through a pipe; if it dies instead, the import stops with one line naming the file.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Final

from models.roster_import.errors import RosterImportError
from models.roster_import.read import RawSheet

MEMORY_CEILING: Final = 2 * 1024 * 1024 * 1024  # bytes of address space for the child
ISOLATED_SUFFIXES: Final = frozenset({".xls", ".xlsb", ".ods"})

Reader = Callable[[Path, Sequence[str]], list[RawSheet]]


def _cap_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimit; a crash still stays in the child
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(conn: Connection, reader: Reader, path: Path, sheets: Sequence[str], limit: int) -> None:
    _cap_memory(limit)
    try:
        conn.send(("ok", reader(path, sheets)))
    except RosterImportError as exc:
        conn.send(("refused", str(exc)))
    except MemoryError:
        conn.send(("refused", f"không đọc được tệp {path.name}: tệp cần quá nhiều bộ nhớ"))
    finally:
        conn.close()


def read_isolated(
    reader: Reader, path: Path, sheets: Sequence[str] = (), *, limit: int = MEMORY_CEILING
) -> list[RawSheet]:
    """`reader(path, sheets)` run in a spawned child; its sheets, or one line if it dies."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(send, reader, path, tuple(sheets), limit), daemon=True
    )
    child.start()
    send.close()
    try:
        kind, payload = receive.recv()
    except EOFError:
        child.join()
        raise RosterImportError(
            f"không đọc được tệp {path.name}: trình đọc bảng tính dừng bất thường "
            f"(mã {child.exitcode}) — tệp hỏng hoặc quá lớn so với một danh sách"
        ) from None
    finally:
        receive.close()
    child.join()
    if kind == "refused":
        raise RosterImportError(str(payload))
    sheets_read: list[RawSheet] = payload
    return sheets_read
