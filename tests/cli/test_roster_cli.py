"""taphuan-cli import-roster: JSON that reconciles, decisions, dry runs, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from cli.main import main
from tests.models import roster_fixtures as fx


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_json(capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    rejects = tmp_path / "loi.xlsx"
    code, out, err = run(
        capsys, "--db", demo_url, "import-roster", str(path), "--activity", "TTDN23-L01",
        "--rejects", str(rejects), "--json",
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) >= {
        "rows_read", "person_rows", "imported", "duplicates", "possible_duplicates", "rejected",
        "skipped", "repaired", "warnings", "rejections",
    }  # fmt: skip
    assert (doc["imported"], doc["duplicates"], doc["possible_duplicates"], doc["rejected"]) == (
        10,
        1,
        1,
        3,
    )
    assert doc["person_rows"] == 15 and doc["reconciled"] is True and doc["enrolled"] == 10
    assert doc["repaired"]["tcvn3"] == 14 and doc["repaired"]["cccd_leading_zero"] == 2
    assert {"sheet": fx.QUAI_TO, "row": 21, "kind": "total", "text": "Tổng cộng: 10 người"} in (
        doc["skipped"]
    )
    assert doc["rejections"][0] == {
        "sheet": fx.QUAI_TO, "row": 15, "column": "B", "reason": "thiếu họ và tên"
    }  # fmt: skip
    book = openpyxl.load_workbook(rejects)
    statuses = [c.value for c in book[fx.QUAI_TO]["A"]][1:]
    assert [v for v in statuses if v != "bỏ qua"] == [
        "bị từ chối", "bị từ chối", "cần xác nhận", "bị từ chối"
    ]  # fmt: skip
    assert "bỏ qua" in statuses  # the skipped rows are listed after, with their kind
    code, out, _err = run(capsys, "--db", demo_url, "plans", "--json")
    first = json.loads(out)[0]["activities"][0]
    assert first["code"] == "TTDN23-L01" and first["enrolled"] == 50


def test_possible_duplicates_merge_and_text_output(
    capsys: pytest.CaptureFixture[str], empty_url: str, tmp_path: Path
) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    code, out, _err = run(
        capsys, "--db", empty_url, "import-roster", str(path), "--possible-duplicates", "merge"
    )
    assert code == 0
    assert "nhập mới 10, trùng (gộp) 2, có thể trùng (cần xác nhận) 0, bị từ chối 3" in out
    assert "từ chối: «Xã Quài Tở» dòng 16, cột I: số CCCD «12345» có 5 chữ số, cần 12" in out


def test_dry_run_writes_nothing(
    capsys: pytest.CaptureFixture[str], empty_url: str, tmp_path: Path
) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    code, out, _err = run(
        capsys, "--db", empty_url, "import-roster", str(path), "--dry-run", "--json"
    )
    assert code == 0 and json.loads(out)["imported"] == 10 and json.loads(out)["dry_run"]
    code, out, _err = run(capsys, "--db", empty_url, "import-roster", str(path), "--json")
    assert json.loads(out)["imported"] == 10  # nothing was written the first time


def test_sheet_and_map_options(
    capsys: pytest.CaptureFixture[str], empty_url: str, tmp_path: Path
) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    code, out, err = run(
        capsys, "--db", empty_url, "import-roster", str(path), "--sheet", fx.QUAI_NUA,
        "--map", "note=G", "--json",
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert [s["name"] for s in doc["sheets"]] == [fx.QUAI_NUA]
    assert doc["sheets"][0]["columns"]["note"] == "G" and "cccd" not in doc["sheets"][0]["columns"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--activity", "KHONG-CO"], "không có hoạt động mã KHONG-CO"),
        (["--sheet", "Xã Khác"], "không có trang tính «Xã Khác»"),
        (["--map", "quê=C"], "trường «quê» không có"),
        (["--map", "khong-dau-bang"], "--map cần dạng TRƯỜNG=CỘT"),
        (["--rejects", "/khong/co/thu/muc/loi.xlsx"], "thư mục không tồn tại"),
    ],
)
def test_errors_are_one_line(
    capsys: pytest.CaptureFixture[str],
    demo_url: str,
    tmp_path: Path,
    extra: list[str],
    message: str,
) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    code, out, err = run(capsys, "--db", demo_url, "import-roster", str(path), *extra)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err


def test_missing_file_is_one_line(capsys: pytest.CaptureFixture[str], empty_url: str) -> None:
    code, out, err = run(capsys, "--db", empty_url, "import-roster", "khong-co.xlsx")
    assert code == 1 and out == "" and err == "taphuan-cli: lỗi: không tìm thấy tệp khong-co.xlsx\n"
