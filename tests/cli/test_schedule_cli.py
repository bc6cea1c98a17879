"""taphuan-cli import-schedule: JSON that reconciles, dry runs, one-line errors that write
nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from models.db import Database
from tests.models.planning.schedule_fixtures import PLAN, SHEET, campaign_plan, messy_schedule


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def url(empty_url: str) -> str:
    db = Database(empty_url)
    with db.write() as s:
        campaign_plan(s)
    db.close()
    return empty_url


def _sessions(capsys: pytest.CaptureFixture[str], url: str) -> int:
    code, out, _err = run(capsys, "--db", url, "plans", "--json")
    assert code == 0
    return sum(len(p["activities"]) for p in json.loads(out))


def test_import_schedule_json(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path) -> None:
    path = messy_schedule(tmp_path / "lich.xlsx")
    code, out, err = run(
        capsys, "--db", url, "import-schedule", str(path), "--plan", PLAN, "--json"
    )
    assert code == 0, err
    doc = json.loads(out)  # one JSON document on stdout
    assert list(doc) == ["rows_read", "sessions", "venues_created", "skipped", "rejected",
                         "rejections"]  # fmt: skip
    assert doc["rows_read"] == doc["sessions"] + len(doc["skipped"]) + doc["rejected"] == 13
    assert (doc["sessions"], doc["venues_created"], doc["rejected"]) == (3, 2, 3)
    assert {"sheet": SHEET, "row": 13, "kind": "total", "text": "Tổng cộng | 755"} in doc["skipped"]
    assert doc["rejections"][0] == {
        "sheet": SHEET, "row": 10, "column": "B", "reason": "ngày «31/02/2023» không có thật"
    }  # fmt: skip
    assert "cảnh báo:" in err and "Nguyễn Văn Lạ" in err  # warnings on stderr
    assert _sessions(capsys, url) == 3


def test_dry_run_writes_nothing_and_text_output(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = messy_schedule(tmp_path / "lich.xlsx")
    code, out, _err = run(capsys, "--db", url, "import-schedule", str(path), "--plan", PLAN,
                          "--dry-run")  # fmt: skip
    assert code == 0
    assert "3 buổi truyền thông, 7 dòng bỏ qua, 3 dòng bị từ chối; địa điểm mới: 2" in out
    assert f"từ chối: «{SHEET}» dòng 11, cột C: «Tối» không phải buổi" in out
    assert "chạy thử" in out
    assert _sessions(capsys, url) == 0


@pytest.mark.parametrize(
    ("make", "plan", "said"),
    [
        (lambda p: p / "missing.xlsx", PLAN, "không tìm thấy tệp missing.xlsx"),
        (lambda p: (p / "hong.xlsx").write_bytes(b"not a zip") and p / "hong.xlsx", PLAN,
         "không đọc được tệp hong.xlsx"),
        (lambda p: messy_schedule(p / "lich.xlsx"), "KH-KHONG-CO", "không có kế hoạch mã"),
    ],
)  # fmt: skip
def test_bad_input_one_line_nothing_written(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path, make: object, plan: str,
    said: str,
) -> None:  # fmt: skip
    path = make(tmp_path)  # type: ignore[operator]
    code, out, err = run(capsys, "--db", url, "import-schedule", str(path), "--plan", plan,
                         "--json")  # fmt: skip
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and said in err, err
    assert _sessions(capsys, url) == 0


def test_generate_sessions_from_places_and_a_date_range(
    capsys: pytest.CaptureFixture[str], empty_url: str
) -> None:
    from cli.main import main as cli_main
    from models.planning.setup import PlanInput, create_plan

    with Database(empty_url).write() as s:
        create_plan(s, PlanInput(code="CDTT", title="Truyền thông"))
    argv = ["--db", empty_url, "generate-sessions", "--plan", "CDTT", "--from", "2023-10-02",
            "--to", "2023-10-03", "--place", "Nhà văn hóa bản Na;Xã Quài Tở;Bản Na;120",
            "--place", "Nhà văn hóa bản Lồng;Xã Quài Tở;Bản Lồng;95",
            "--place", ";Xã Quài Tở;;10", "--json"]  # fmt: skip
    code = cli_main(argv)
    out, _err = capsys.readouterr()
    doc = json.loads(out)
    assert code == 0 and (doc["sessions"], doc["rejected"], doc["rows_read"]) == (2, 1, 3)
    assert doc["rejections"][0]["reason"] == "thiếu tên địa điểm"
    code = cli_main([*argv[:7], "--to", "2023-10-02", "--place", "A;B;C;1", "--place",
                     "D;E;F;2", "--place", "G;H;I;3", "--per-day", "1"])  # fmt: skip
    assert code == 1 and "chỉ có 1 buổi cho 3 địa điểm" in capsys.readouterr().err
