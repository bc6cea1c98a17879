"""reports.files.atomic_output: a locked target is one line, and nothing is left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reports.files import FileBusyError, atomic_output


def test_a_target_held_by_another_program_is_one_line_and_no_temp_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bang-ke.pdf"
    target.write_bytes(b"the old paper")
    real_replace = os.replace

    def locked(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == target:  # what Windows says while Acrobat has the file open
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileBusyError, match=r"bang-ke\.pdf: tệp đang được mở .* đóng tệp đó"):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"the new paper")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bang-ke.pdf"]
    assert target.read_bytes() == b"the old paper"


def test_the_cli_says_it_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    demo_url: str,
) -> None:
    from cli.main import main

    out = tmp_path / "giang-vien.pdf"
    real_replace = os.replace

    def locked(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == out:  # only the paper: the daily backup must still be written
            raise PermissionError(13, "busy", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    code = main(
        ["--db", demo_url, "print", "lecturers", "--activity", "TTDN23-L01", "--out", str(out)]
    )
    _out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if line.startswith("taphuan-cli: lỗi")]
    assert code == 1 and len(errors) == 1  # warnings about the class may come before it
    assert "giang-vien.pdf" in errors[0] and "đóng tệp" in errors[0]
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.part"))
