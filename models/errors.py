"""The core's errors meant for the user: one base type, so front ends know what to show.

Every error whose message is a sentence for the user derives from `UserError` (a ValueError,
as the domain errors always were); the window and the CLI show its text, and anything else is a
bug to be logged with its traceback.
"""

from __future__ import annotations


class UserError(ValueError):
    """Bad input or a refused action; the message is Vietnamese and names what is wrong.

    Nothing has been changed when it is raised (the caller's transaction rolls back).
    """


class NotFoundError(UserError, LookupError):
    """An id or a code that names no plan, activity, person or unit."""


class MoneyError(UserError):
    """Bad input for a norm, a budget line, attendance or a settlement; the message is
    Vietnamese and names the thing that is wrong. Nothing has been changed when it is raised."""


class LockedError(MoneyError):
    """A write into an activity whose settlement is locked (models.guard)."""


def file_error_reason(exc: OSError) -> str:
    """Why a file could not be written, in Vietnamese (a full disk says so plainly)."""
    import errno

    reasons = {
        errno.ENOSPC: "ổ đĩa đã đầy",
        errno.EDQUOT: "đã hết hạn mức dung lượng",
        errno.EACCES: "không có quyền ghi",
        errno.EPERM: "không có quyền ghi",
        errno.EROFS: "ổ đĩa chỉ đọc",
        errno.ENOENT: "thư mục không tồn tại",
        errno.EIO: "lỗi đọc/ghi ổ đĩa",
    }
    if exc.errno in reasons:
        return reasons[exc.errno]
    return str(exc.strerror or exc).splitlines()[0]


class StaleEditError(UserError):
    """A save over someone else's change (the row's version moved since it was read): nothing
    was written; the user reloads and applies their input again."""


class ConflictError(UserError):
    """Two users wrote the same unique thing at once (a mark, a CCCD): nothing was written."""


class BusyError(UserError):
    """SQLite stayed locked by another writer longer than the stated wait."""


class TamperedError(UserError):
    """A locked settlement's snapshot no longer matches its checksum: changed outside TapHuan."""
