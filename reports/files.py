"""Writing output files safely, and naming them.

`atomic_output` gives a temporary name beside the target (created exclusively, with the
permissions of a normally written file) and renames it over the target only when the writer
finished; on any failure the temporary file is removed and the old target stays as it was.
Every PDF and workbook writer goes through it. `slug` makes file names ASCII and readable
(printing.output names a batch with it).
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from models.errors import UserError

# --- text ---------------------------------------------------------------------------------


class FileBusyError(UserError):
    """The target file cannot be replaced: another program holds it."""


@contextmanager
def atomic_output(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to `target`; on success it replaces `target`, on any
    failure it is removed. A missing directory fails at once, before anything is written."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    # O_EXCL: never clobber someone else's file; mode 0o666 lets the umask decide, unlike
    # mkstemp's 0o600, so the final PDF has the permissions of a normally written file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            # Windows: the old file is open in Acrobat or Excel, or held by OneDrive or an
            # antivirus scan; say which file and what to do, in one line.
            raise FileBusyError(
                f"không ghi được {target}: tệp đang được mở hoặc bị khóa bởi chương trình "
                "khác (Acrobat, Excel, OneDrive, phần mềm diệt virus) — đóng tệp đó rồi thử lại"
            ) from exc
    except BaseException:
        with suppress(FileNotFoundError):
            tmp.unlink()
        raise


def slug(text: str) -> str:
    """ASCII file-name slug: "Lớp 1 - Đạo" -> "lop-1-dao"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
