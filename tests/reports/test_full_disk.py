"""A full disk while writing any paper, workbook or report: one line, no file, no .part left."""

from __future__ import annotations

import builtins
import errno
import gc
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli.main import main
from models.demo import scenarios as demo
from reports.rejects import write_rejects
from tests.reports.test_rejects import _report

# After a failed save, openpyxl's half-written archive and sheet generators still try to write
# from their finalizers; that noise is the library's, collected inside each test (gc below).
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


class _FullFile:
    """A file opened for writing on a full disk: the first write fails with ENOSPC. (Later
    ones are swallowed, so a writer's clean-up in a finalizer does not raise in __del__.)"""

    def __init__(self, real: Any) -> None:
        self._real = real
        self._failed = False

    def write(self, data: Any) -> int:
        if not self._failed:
            self._failed = True
            self._real.close()  # the test's own handle; the writer may never close it
            raise OSError(errno.ENOSPC, "No space left on device")
        return len(data)

    def close(self) -> None:
        self._real.close()

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._real.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Writes under tmp_path/out fail as on a full disk (reading still works)."""
    out = tmp_path / "out"
    out.mkdir()
    real_open = builtins.open

    def open_on_full_disk(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        writing = any(flag in mode for flag in "wax+")
        if writing and isinstance(file, (str, Path)) and out in Path(file).parents:
            return _FullFile(handle)
        return handle

    monkeypatch.setattr(builtins, "open", open_on_full_disk)
    monkeypatch.setattr(io, "open", open_on_full_disk)
    yield out
    gc.collect()


def test_the_rejection_report_leaves_nothing(full_disk: Path) -> None:
    with pytest.raises(OSError) as caught:
        write_rejects(_report(), full_disk / "loi.xlsx")
    assert caught.value.errno == errno.ENOSPC
    assert list(full_disk.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["print", "sign-in", "--activity", "TTDN23-L01", "--out", "{out}/l01.pdf"],
        ["print", "sign-in", "--plan", demo.PLAN_A, "--out", "{out}/ds", "--workers", "1"],
        ["print", "budget", "--plan", demo.PLAN_A, "--out", "{out}/du-toan.pdf"],
        ["export", "roster", "--out", "{out}/ds.xlsx"],
        ["export", "settlement", "--plan", demo.PLAN_A, "--out", "{out}/qt.xlsx"],
        ["backup", "--out", "{out}/sao-luu.sqlite3"],
    ],
    ids=["pdf", "pdf-folder", "budget-pdf", "roster-xlsx", "settlement-xlsx", "backup"],
)
def test_a_full_disk_ends_the_command_with_one_line_and_no_leftovers(
    demo_url: str,
    full_disk: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if argv[0] == "backup":  # SQLite writes through its own C code: fail its rename instead
        import models.backup

        def full(*_a: Any) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(models.backup.os, "replace", full)
    code = main(["--db", demo_url, *(a.format(out=full_disk) for a in argv)])
    _out, err = capsys.readouterr()
    assert code == 1
    lines = [line for line in err.strip().splitlines() if not line.startswith("Lưu ý:")]
    assert len(lines) == 1 and lines[0].startswith("taphuan-cli: lỗi:"), err
    assert "ổ đĩa đã đầy" in lines[0]
    leftovers = [p.name for p in full_disk.rglob("*") if p.is_file()]
    assert leftovers == []
