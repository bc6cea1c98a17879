"""taphuan-cli print … / export …: files written, JSON summary, one-line errors, no part files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cli.main import main
from models.demo import scenarios as demo
from models.entities.tables import Plan
from models.lookup import activity_id, plan_id
from models.text.words import amount_in_words
from tests.reports.helpers import pages, text_of


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


@pytest.fixture
def url(demo_url: str) -> str:
    """Scenario A with a petrol price, a hired hall and everyone present in class 1."""
    from sqlalchemy import select

    from models.attendance.marks import set_all_present
    from models.db import Database
    from models.entities.tables import Venue

    db = Database(demo_url)
    with db.write() as s:
        s.get(Plan, plan_id(s, demo.PLAN_A)).petrol_price = 23_450
        for venue in s.scalars(select(Venue)):  # hired: its actual amount is still to enter
            venue.organiser_owned = False
        set_all_present(s, activity_id(s, "TTDN23-L01"), by="test")
    db.close()
    return demo_url


def test_print_sign_in(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "l01.pdf"
    code, doc, err = _run(capsys, "--db", url, "print", "sign-in", "--activity",
                          "TTDN23-L01", "--out", str(out))  # fmt: skip
    assert code == 0, err
    n = len(pages(out))  # read back with pypdf
    assert doc == {
        "paper": "sign-in", "files": [{"path": str(out), "pages": n}], "sheets": 1,
        "pages": n, "people": 40,
    }  # fmt: skip
    text = text_of(out)
    assert "DANH SÁCH HỌC VIÊN KÝ ĐIỂM DANH" in text and "Tổng số: 40 người" in text
    # A plan into a folder (created), one file per class, drawn by two processes.
    folder = tmp_path / "diem-danh"
    code, doc, err = _run(capsys, "--db", url, "print", "sign-in", "--plan", demo.PLAN_A,
                          "--out", str(folder), "--workers", "2")  # fmt: skip
    assert code == 0, err
    assert doc["sheets"] == 7 and doc["people"] == 290
    assert sorted(p.name for p in folder.iterdir()) == [
        f"diem-danh-ttdn23-l{n:02d}.pdf" for n in range(1, 8)
    ]
    # A plan into one .pdf: every class, each from a new page.
    combined = tmp_path / "all.pdf"
    code, doc, _ = _run(capsys, "--db", url, "print", "sign-in", "--plan", demo.PLAN_A,
                        "--out", str(combined), "--by-commune", "--date", "2023-10-16")  # fmt: skip
    assert code == 0 and [f["path"] for f in doc["files"]] == [str(combined)]
    texts = pages(combined)
    assert doc["files"][0]["pages"] == doc["pages"] == len(texts)
    assert sum("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in t for t in texts) == 7
    assert "Lai Châu, ngày 16 tháng 10 năm 2023" in text_of(combined)


def test_print_money_papers(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "chi-tien.pdf"
    code, doc, err = _run(capsys, "--db", url, "print", "payout", "--activity", "TTDN23-L01",
                          "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert doc["total"] > 0
    text = text_of(out)
    assert "BẢNG KÊ CHI TIỀN CHO NGƯỜI THAM DỰ TẬP HUẤN" in text
    assert f"{doc['total']:,} đồng".replace(",", ".") in text
    assert "Lưu ý:" in err  # the settlement's warnings go to stderr
    code, doc, _ = _run(capsys, "--db", url, "print", "lecturers", "--activity", "TTDN23-L01",
                        "--out", str(tmp_path / "gv.pdf"))  # fmt: skip
    assert code == 0 and doc["total"] > 5_000_000  # the fees, then travel, lodging, per-diem
    words = f"Số tiền bằng chữ: {amount_in_words(doc['total'])}."
    assert words in text_of(tmp_path / "gv.pdf")
    code, doc, _ = _run(capsys, "--db", url, "print", "budget", "--plan", demo.PLAN_A,
                        "--out", str(tmp_path / "du-toan.pdf"))  # fmt: skip
    assert code == 0 and doc["ceiling"] == 2_053_000_000
    assert "Kinh phí được giao: 2.053.000.000 đồng" in text_of(tmp_path / "du-toan.pdf")
    folder = tmp_path / "bang-ke"
    code, doc, _ = _run(capsys, "--db", url, "print", "payout", "--plan", demo.PLAN_A,
                        "--out", str(folder))  # fmt: skip
    runs = [
        _run(capsys, "--db", url, "print", "payout", "--activity", f"TTDN23-L{n:02d}",
             "--out", str(tmp_path / f"l{n}.pdf"))
        for n in range(1, 8)
    ]  # fmt: skip
    paid = [r for r in runs if r[0] == 0]  # a class nobody is paid in makes no empty list
    assert code == 0 and len(doc["files"]) == len(paid) >= 1
    assert doc["total"] == sum(r[1]["total"] for r in paid)  # the plan's total: its lists'
    assert all("không có ai được chi tiền" in r[2] for r in runs if r[0] != 0)
    for f in doc["files"]:
        assert f["pages"] == len(pages(Path(f["path"])))


def test_a_plan_where_nobody_is_paid_writes_nothing_and_says_why(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No attendance yet: every class's payout list is empty, so no file, exit 1, a reason."""
    for out in (tmp_path / "bang-ke", tmp_path / "bang-ke.pdf"):
        code, doc, err = _run(capsys, "--db", demo_url, "print", "payout", "--plan",
                              demo.PLAN_A, "--out", str(out))  # fmt: skip
        assert code == 1 and doc is None
        assert f"không ghi tệp nào: {demo.PLAN_A}" in err and "lỗi không mong đợi" not in err
        assert err.count("không có ai được chi tiền") == 7  # each class named in a warning
        assert not out.exists()  # not even the folder it would have written into


def test_exports(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "quyet-toan.xlsx"
    code, doc, err = _run(capsys, "--db", url, "export", "settlement", "--plan", demo.PLAN_A,
                          "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert doc["activities"] == 7 and doc["actual"] > 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Tổng hợp" and len(wb.sheetnames) == 8
    code, doc, _ = _run(capsys, "--db", url, "export", "budget", "--activity", "TTDN23-L01",
                        "--out", str(tmp_path / "du-toan.xlsx"))  # fmt: skip
    assert code == 0 and doc["ceiling"] is None
    code, doc, _ = _run(capsys, "--db", url, "export", "roster", "--out",
                        str(tmp_path / "ds.xlsx"))  # fmt: skip
    assert code == 0 and doc["people"] == 290
    ws = openpyxl.load_workbook(tmp_path / "ds.xlsx").active
    assert ws.max_row == 6 + 290


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["print", "sign-in", "--activity", "NOPE", "--out", "{tmp}/x.pdf"], "không có hoạt động"),
        (["print", "payout", "--plan", "NOPE", "--out", "{tmp}/x.pdf"], "không có kế hoạch"),
        (["print", "sign-in", "--activity", "TTDN23-L01", "--out", "{tmp}/no/x.pdf"],
         "thư mục không tồn tại"),
        (["print", "sign-in", "--activity", "TTDN23-L01", "--out", "{tmp}/x.txt"], "đuôi .pdf"),
        (["print", "sign-in", "--activity", "TTDN23-L01", "--out", "{tmp}"], "đuôi .pdf"),
        (["print", "sign-in", "--plan", demo.PLAN_A, "--out", "{tmp}/no/dir"],
         "thư mục không tồn tại"),
        (["export", "roster", "--out", "{tmp}/x.pdf"], "đuôi .xlsx"),
        (["export", "settlement", "--activity", "TTDN23-L01", "--out", "{tmp}/x.xlsx"],
         "cần --plan"),
        (["export", "budget", "--out", "{tmp}/x.xlsx"], "cần --activity hoặc --plan"),
        (["print", "sign-in", "--plan", demo.PLAN_A, "--out", "{tmp}/d", "--workers", "0"],
         "--workers"),
    ],
)  # fmt: skip
def test_errors_are_one_line_and_leave_nothing(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    args = [a.replace("{tmp}", str(work)) for a in argv]
    code, doc, err = _run(capsys, "--db", url, *args)
    assert code == 1 and doc is None
    assert err.count("\n") == 1 and err.startswith("taphuan-cli: lỗi:"), err
    assert message in err
    assert list(work.iterdir()) == []


def test_unwritable_target_fails_cleanly(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, _, err = _run(capsys, "--db", url, "export", "roster", "--out",
                            str(folder / "ds.xlsx"))  # fmt: skip
    finally:
        folder.chmod(0o700)
    if code == 0:  # running as root: permissions do not apply
        assert (folder / "ds.xlsx").exists()
        return
    assert code == 1 and "không ghi được tệp" in err
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("key", "figure"),
    [
        ("payment-request", "total"), ("advance-request", "total"), ("contract", "total"),
        ("acceptance", "total"), ("summary", "total"), ("attendance-summary", "pages"),
        ("certificates", "certificates"), ("badges", "cards"), ("desk-cards", "cards"),
    ],
)  # fmt: skip
def test_the_new_papers_from_the_command_line(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, figure: str
) -> None:
    """Issue 11: each paper of the registry prints for --activity with its files, page
    counts and, for money papers, the total; certificates and cards count themselves."""
    out = tmp_path / f"{key}.pdf"
    code, doc, err = _run(capsys, "--db", url, "print", key, "--activity", "TTDN23-L01",
                          "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert doc["files"][0]["pages"] == len(pages(out)) > 0
    assert doc[figure] > 0
    if key == "certificates":  # class 1 attended in full: 40 certificates, stable numbers
        again = _run(capsys, "--db", url, "print", key, "--activity", "TTDN23-L01",
                     "--out", str(tmp_path / "again.pdf"))[1]  # fmt: skip
        assert doc["certificates"] == again["certificates"] == 40
        assert text_of(out) == text_of(tmp_path / "again.pdf")
