"""The core's errors meant for the user: one base type, so front ends know what to show.

Every error whose message is a sentence for the user derives from `UserError` (a ValueError,
as the domain errors always were); the window and the CLI show its text, and anything else is a
bug to be logged with its traceback.
"""

from __future__ import annotations

from collections.abc import Callable


class UserError(ValueError):
    """Bad input or a refused action; the message is Vietnamese and names what is wrong.

    Nothing has been changed when it is raised (the caller's transaction rolls back).

    Raised either with a finished sentence (`UserError(f"…")`, as older code does) or with a
    template marked for translation and its arguments:
    `LockedError(N_("Lớp {code} đã khóa sổ"), code=code)`. `str(exc)` is always the Vietnamese
    text; a front end shows `translated(exc.template).format(**exc.params)` instead.
    """

    def __init__(self, template: str = "", /, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(self.text())

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        """The message, its template first passed through `translate` (gettext)."""
        template = translate(self.template) if translate is not None else self.template
        if not self.params:
            return template
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
            return self.template.format(**self.params)


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
