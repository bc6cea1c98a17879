"""taphuan-cli norms, budget, attendance, settlement."""

from __future__ import annotations

import json

import pytest

from cli.main import main

BUN = "012166565316"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_norms_json(capsys: pytest.CaptureFixture[str], empty_url: str) -> None:
    code, out, err = run(capsys, "--db", empty_url, "norms", "--json")
    assert code == 0 and err == ""
    before, national = json.loads(out)
    assert (before["code"], national["code"]) == ("TT15-2022-QG", "TT55-2023-QG")
    items = {i["code"]: i for i in national["items"]}
    assert items["MEAL_LEARNER"]["cap"] == 200_000
    assert items["MEAL_LEARNER"]["source"] == "TT 55/2023/TT-BTC, Điều 4, khoản 1"
    assert items["DRINKS"]["needs_verification"] is True
    code, out, _err = run(capsys, "--db", empty_url, "norms")
    assert code == 0 and "[cần kiểm tra]" in out and "200.000 đồng/người/ngày" in out


def test_budget_of_an_activity(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    code, out, err = run(capsys, "--db", demo_url, "budget", "--activity", "TTDN23-L07", "--json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["activity"] == "TTDN23-L07"
    first = doc["lines"][0]
    assert set(first) >= {
        "activity", "item", "norm_code", "source", "quantity", "unit", "rate", "cap", "amount",
        "status",
    }  # fmt: skip
    assert first == {
        **first,
        "activity": "TTDN23-L07",
        "norm_code": "DRINKS",
        "quantity": 100,
        "rate": 40_000,
        "cap": 40_000,
        "amount": 4_000_000,
        "status": "within_cap",
    }
    # drinks 4.000.000 + fees 5.000.000 + the far lecturer's trip 4.890.000 (the Sở's own hall)
    assert doc["total"] == sum(line["amount"] for line in doc["lines"]) == 13_890_000
    assert doc["errors"] == 0


def test_budget_of_the_plan(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    code, out, err = run(capsys, "--db", demo_url, "budget", "--plan", "KH-TTDN-2023", "--json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["ceiling"] == 2_053_000_000
    assert doc["total"] == sum(line["amount"] for line in doc["lines"])
    assert doc["remaining"] == doc["ceiling"] - doc["total"]
    classes = {f"TTDN23-L0{n}" for n in range(1, 8)}
    assert {line["activity"] for line in doc["lines"]} == classes | {None}  # None: the plan's
    assert not any("giá xăng" in w for w in doc["warnings"])  # the demo plan has a petrol price
    code, out, err = run(capsys, "--db", demo_url, "budget", "--plan", "KH-TTDN-2023")
    assert code == 0 and "Kinh phí được giao: 2.053.000.000 đồng" in out


def test_attendance_then_settlement(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    db = ("--db", demo_url)
    code, _out, err = run(capsys, *db, "attendance", "--activity", "TTDN23-L01", "--all-present")
    assert code == 0 and "Đã ghi 160 lượt" in err
    code, _out, err = run(
        capsys, *db, "attendance", "--activity", "TTDN23-L01", "--session", "3", "--absent", BUN
    )
    assert code == 0 and "Đã ghi 1 lượt" in err
    code, out, _err = run(capsys, *db, "attendance", "--activity", "TTDN23-L01", "--json")
    grid = json.loads(out)
    assert [s["present"] for s in grid["sessions"]] == [40, 40, 39, 40]
    assert grid["people"][0] == {
        "cccd": BUN,
        "name": "Lò Thị Bun",
        "marks": ["present", "present", "absent", "present"],
    }
    code, out, err = run(capsys, *db, "settlement", "--activity", "TTDN23-L01", "--json")
    assert code == 0
    doc = json.loads(out)
    bun = doc["people"][0]
    assert {k: bun[k] for k in ("cccd", "name", "days", "meal", "lodging", "travel", "total")} == {
        "cccd": BUN,
        "name": "Lò Thị Bun",
        "days": "1,5",
        "meal": 300_000,
        "lodging": 700_000,
        "travel": 588_800,  # 64 km × 2 × (0,2 l × 23.000 đ/l = 4.600 đ/km)
        "total": 1_588_800,
    }
    line = next(li for li in doc["lines"] if li["key"] == "meal")
    assert (line["estimate"], line["actual"], line["variance"]) == (
        16_000_000,
        15_800_000,
        -200_000,
    )
    assert doc["total"] == sum(li["actual"] for li in doc["lines"])
    assert doc["total_in_words"].endswith("đồng")
    code, out, _err = run(capsys, *db, "settlement", "--plan", "KH-TTDN-2023", "--json")
    plan = json.loads(out)
    assert plan["remaining"] == 2_053_000_000 - plan["total"]
    code, out, _err = run(capsys, *db, "settlement", "--activity", "TTDN23-L01")
    assert code == 0 and "Số tiền bằng chữ:" in out and "Lò Thị Bun" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("budget", "--activity", "KHONG-CO"), "KHONG-CO"),
        (("budget", "--plan", "KH-KHONG-CO"), "KH-KHONG-CO"),
        (("settlement", "--activity", "KHONG-CO", "--json"), "KHONG-CO"),
        (("attendance", "--activity", "TTDN23-L01", "--absent", BUN, "012999999999"),
         "012999999999"),
        (("attendance", "--activity", "TTDN23-L01", "--session", "9", "--all-present"), "buổi 9"),
    ],
)  # fmt: skip
def test_errors_are_one_line_and_change_nothing(
    capsys: pytest.CaptureFixture[str], demo_url: str, argv: tuple[str, ...], needle: str
) -> None:
    code, out, err = run(capsys, "--db", demo_url, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and needle in err
    _code, out, _err = run(capsys, "--db", demo_url, "attendance", "--activity", "TTDN23-L01",
                           "--json")  # fmt: skip
    assert json.loads(out)["unmarked"] == 160


def test_a_locked_activity_is_refused(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    from models.db import Database
    from models.lookup import activity_by_code
    from models.settlement.locking import lock_activity

    db = Database(demo_url)
    with db.write() as s:
        lock_activity(s, activity_by_code(s, "TTDN23-L02").id, by="Kế toán trưởng")
    db.close()
    code, out, err = run(
        capsys, "--db", demo_url, "attendance", "--activity", "TTDN23-L02", "--all-present"
    )
    assert code == 1 and out == "" and "TTDN23-L02 đã khóa quyết toán" in err
    assert err.count("\n") == 1
    code, out, _err = run(capsys, "--db", demo_url, "settlement", "--activity", "TTDN23-L02",
                          "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["locked"] is True


def test_budget_lines_carry_their_norm_set_source_and_classification(
    capsys: pytest.CaptureFixture[str], demo_url: str
) -> None:
    code = main(["--db", demo_url, "plan", "edit", "KH-TTDN-2023", "--chapter", "412",
                 "--sector", "340-341", "--programme-code", "0310"])  # fmt: skip
    assert code == 0
    capsys.readouterr()
    assert main(["--db", demo_url, "budget", "--activity", "TTDN23-L01", "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)["lines"]
    meal = next(line for line in lines if line["norm_code"] == "MEAL_LEARNER")
    assert meal["norm_set"] == "TT55-2023-QG"
    assert meal["source"] == "TT 55/2023/TT-BTC, Điều 4, khoản 1"
    assert meal["classification"] == {
        "chapter": "412", "sector": "340-341", "sub_item": "6658", "programme": "0310",
    }  # fmt: skip


def test_norms_import_shows_the_differences_then_applies(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: object
) -> None:
    from pathlib import Path

    from tests.models.norms.test_importing import _edited

    path = str(_edited(Path(str(tmp_path))))
    assert main(["--db", demo_url, "norms", "--import", path, "--json"]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert doc["applied"] is False and "chưa ghi gì" in err
    assert {"code": "MEAL_LEARNER", "name": "Hỗ trợ tiền ăn cho học viên", "field": "cap",
            "old": "200.000", "new": "230.000"} in doc["changes"]  # fmt: skip
    assert main(["--db", demo_url, "norms", "--import", path, "--apply", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["applied"] is True
    assert main(["--db", demo_url, "norms", "--import", path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == []
