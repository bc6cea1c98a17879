"""taphuan-cli check, split, rollup, activity copy: the planning side in batch."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from cli.main import main
from models.db import Database
from models.entities.tables import Activity, Enrollment
from models.planning.setup import ActivityInput, create_activity
from tests.models.planning.planning_fixtures import plan_with_one_class, pool


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_scenario_a_from_one_class_split_and_checked(
    capsys: pytest.CaptureFixture[str], empty_url: str
) -> None:
    db = Database(empty_url)
    with db.write() as s:
        plan_with_one_class(s)
        pool(s)
    db.close()
    argv = ("--db", empty_url, "split", "--plan", "KH-A", "--classes", "6", "--max", "40")
    code, out, err = run(capsys, *argv, "--by", "district", "--json")
    assert code == 0 and "chưa ghi gì" in err
    preview = json.loads(out)
    assert preview["applied"] is False and preview["pooled"] == 240
    assert [c["people"] for c in preview["classes"]] == [40] * 6
    assert preview["unplaced"] == [] and preview["split_groups"] == 2
    assert all(len(c["groups"]) == 2 for c in preview["classes"])
    with Database(empty_url).read() as s:
        assert s.scalar(select(func.count()).select_from(Enrollment)) == 0

    code, out, err = run(capsys, *argv, "--by", "district", "--apply", "--json")
    assert code == 0 and json.loads(out)["applied"] is True
    with Database(empty_url).read() as s:
        assert s.scalar(select(func.count()).select_from(Enrollment)) == 240
        assert s.scalar(select(func.count()).select_from(Activity)) == 6

    code, out, _err = run(capsys, "--db", empty_url, "check", "--plan", "KH-A", "--json")
    assert code == 0 and json.loads(out) == {"plan": "KH-A", "clashes": []}

    # A class typed on L01's days in L01's hall: the check names it, exit status still 0.
    with Database(empty_url).write() as s:
        l01 = s.scalar(select(Activity).where(Activity.code == "KH-A-L01"))
        assert l01 is not None
        create_activity(
            s, ActivityInput(l01.plan_id, "KH-A-X", "Lớp thêm", l01.start_date, l01.end_date,
                             venue_id=l01.venue_id),
        )  # fmt: skip
    code, out, _err = run(capsys, "--db", empty_url, "check", "--plan", "KH-A", "--json")
    clashes = json.loads(out)["clashes"]
    assert code == 0 and {c["kind"] for c in clashes} == {"venue", "no_lecturer"}
    venue = next(c for c in clashes if c["kind"] == "venue")
    assert set(venue) == {"kind", "activities", "date", "buoi", "people", "message"}
    assert venue["activities"] == ["KH-A-L01", "KH-A-X"] and venue["buoi"] == "sáng"


def test_copy_and_rollup(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    code, out, _err = run(capsys, "--db", demo_url, "activity", "copy", "TTDN23-L06", "--json")
    copy = json.loads(out)
    assert code == 0 and copy["code"] == "TTDN23-L08"
    assert copy["title"].startswith("Lớp 8:")  # after Lớp 1 … Lớp 7 (the leaders)
    code, out, _err = run(capsys, "--db", demo_url, "check", "--plan", "KH-TTDN-2023", "--json")
    assert code == 0 and json.loads(out)["clashes"] == []  # free dates: nothing clashes

    code, out, _err = run(
        capsys, "--db", demo_url, "rollup", "--plan", "KH-TTDN-2023", "--by", "month", "--json"
    )
    doc = json.loads(out)
    assert code == 0 and doc["by"] == "month"
    assert set(doc["rows"][0]) == {"key", "activities", "sessions", "expected", "present", "cost"}
    assert sum(r["sessions"] for r in doc["rows"]) == doc["total"]["sessions"] == 32


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "--plan", "KHONG-CO"),
        ("split", "--plan", "KHONG-CO", "--classes", "2", "--max", "40"),
        ("rollup", "--plan", "KHONG-CO"),
        ("activity", "copy", "KHONG-CO"),
    ],
)
def test_unknown_codes_are_one_line(
    capsys: pytest.CaptureFixture[str], demo_url: str, argv: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "--db", demo_url, *argv)
    assert code == 1 and out == "" and err.count("\n") == 1 and "KHONG-CO" in err
