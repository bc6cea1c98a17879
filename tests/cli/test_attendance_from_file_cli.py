"""taphuan-cli attendance --from FILE: counts as JSON, a bad file refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main

BUN = "012166565316"
CA = "012092282676"
ANH = "012161753304"  # enrolled in TTDN23-L02 only
KEYS = ("lines_read", "marked", "already", "not_enrolled", "unreadable")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _present(capsys: pytest.CaptureFixture[str], url: str, code: str = "TTDN23-L01") -> list[int]:
    status, out, _ = run(capsys, "--db", url, "attendance", "--activity", code, "--json")
    assert status == 0
    return [s["present"] for s in json.loads(out)["sessions"]]


def test_one_session_from_a_file(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "scan.txt"
    log.write_text(f"{BUN}|045|Lò Thị Bun|15041966|Nữ||\n\n{CA} 07:31\n{BUN}\n{ANH}\nxyz\n")
    code, out, err = run(
        capsys, "--db", demo_url, "attendance", "--activity", "TTDN23-L01", "--session", "2",
        "--from", str(log), "--json",
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert [doc[k] for k in KEYS] == [5, 2, 1, 1, 1]
    assert sum(doc[k] for k in KEYS[1:]) == doc["lines_read"]
    assert [p["line"] for p in doc["not_enrolled_lines"]] == [5]
    assert [p["line"] for p in doc["unreadable_lines"]] == [6]
    assert "dòng 5:" in err and "dòng 6:" in err
    assert _present(capsys, demo_url) == [0, 2, 0, 0]


def test_a_plan_in_one_command(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "scan.txt"
    log.write_text(f"2023-10-16 07:30\t{BUN}\n2023-10-17 13:30\t{CA}\n2023-10-20 08:00\t{ANH}\n")
    code, out, err = run(
        capsys, "--db", demo_url, "attendance", "--plan", "KH-TTDN-2023", "--from", str(log),
        "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["marked"] == 3
    assert _present(capsys, demo_url) == [1, 0, 0, 1]
    assert _present(capsys, demo_url, "TTDN23-L02") == [0, 0, 1, 0]


def test_a_bad_file_exits_with_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "diem-danh.pdf"
    bad.write_bytes(f"{BUN}\n".encode() + b"PK\x03\x04\x00\x00\x08")
    code, out, err = run(
        capsys, "--db", demo_url, "attendance", "--activity", "TTDN23-L01", "--session", "1",
        "--from", str(bad), "--json",
    )  # fmt: skip
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "diem-danh.pdf" in err and "dòng 2" in err
    assert _present(capsys, demo_url) == [0, 0, 0, 0]


def test_plan_needs_a_file(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    code, _out, err = run(capsys, "--db", demo_url, "attendance", "--plan", "KH-TTDN-2023")
    assert code != 0 and "--from" in err


def test_the_exported_grid_filled_in_comes_back(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    import openpyxl

    book = tmp_path / "diem-danh-L01.xlsx"
    code, _out, err = run(
        capsys, "--db", demo_url, "attendance", "--activity", "TTDN23-L01", "--export", str(book)
    )
    assert code == 0, err
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    assert ws is not None
    head = [c.value for c in ws[2]]
    assert head == [
        "STT", "Họ và tên", "Số CCCD",
        "Ngày 1 sáng 16/10/2023", "Ngày 1 chiều 16/10/2023",
        "Ngày 2 sáng 17/10/2023", "Ngày 2 chiều 17/10/2023",
    ]  # fmt: skip
    assert ws["C3"].value == BUN and ws["B3"].value == "Lò Thị Bun"
    ws["D3"], ws["E3"], ws["F3"] = "x", "V", "có phép"  # Bun: present, absent, excused
    ws["D4"] = "X"  # Cà present at buổi 1
    ws["D5"] = "??"  # a mark nobody knows: the row is unreadable, nothing of it written
    ws["C6"] = "12345"  # a CCCD that is not one
    ws.append([None, "Cầm Thị Ánh", ANH, "x"])  # not on this class's list
    ws.append([])
    wb.save(book)

    code, out, err = run(
        capsys, "--db", demo_url, "attendance", "--activity", "TTDN23-L01", "--from", str(book),
        "--json",
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert [doc[k] for k in KEYS] == [41, 2, 36, 1, 2]  # 36 rows left blank: as stored
    assert sum(doc[k] for k in KEYS[1:]) == doc["lines_read"]
    assert [p["line"] for p in doc["unreadable_lines"]] == [5, 6]
    assert [p["line"] for p in doc["not_enrolled_lines"]] == [43]
    code, out, _ = run(capsys, "--db", demo_url, "attendance", "--activity", "TTDN23-L01", "--json")
    people = {p["cccd"]: p["marks"] for p in json.loads(out)["people"]}
    assert people[BUN] == ["present", "absent", "excused", None]
    assert people[CA] == ["present", None, None, None]
    assert _present(capsys, demo_url) == [2, 0, 0, 0]


def test_a_grid_with_a_buoi_the_class_does_not_have_is_refused(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    import openpyxl

    book = tmp_path / "sai-lop.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STT", "Họ và tên", "Số CCCD", "Ngày 1 sáng 20/10/2023"])
    ws.append([1, "Lò Thị Bun", BUN, "x"])
    wb.save(book)
    code, out, err = run(
        capsys, "--db", demo_url, "attendance", "--activity", "TTDN23-L01", "--from", str(book),
    )  # fmt: skip
    assert code != 0 and out == "" and len(err.strip().splitlines()) == 1
    assert "dòng 2" in err and "20/10/2023" in err
    assert _present(capsys, demo_url) == [0, 0, 0, 0]
