"""taphuan-cli plan edit --payer/--category-travel/--lodging-by-invoice, lecturer add|edit|list
and agency-paid: the money rules of issue 10 in batch, as the window sets them."""

from __future__ import annotations

import json

import pytest

from cli.main import main

PLAN, CODE = "KH-TTDN-2023", "TTDN23-L01"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _keys(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, dict[str, object]]:
    code, out, _ = run(capsys, "--db", url, "budget", "--activity", CODE, "--json")
    assert code == 0
    document = json.loads(out)
    activity = document["activities"][0] if "activities" in document else document
    return {line["key"]: line for line in activity["lines"] if line.get("key")}


def test_payer_and_travel_per_category(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    db = ("--db", demo_url)
    code, out, _ = run(
        capsys, *db, "plan", "edit", PLAN, "--payer", "learner_unsalaried=agency",
        "--category-travel", "lecturer=actual", "--json",
    )  # fmt: skip
    assert code == 0
    rows = {c["category"]: c for c in json.loads(out)["categories"]}
    assert rows["learner_unsalaried"]["payer"] == "agency"
    assert rows["learner_unsalaried"]["supports"] == ["drinks"]
    assert rows["lecturer"]["travel_method"] == "actual"
    keys = _keys(capsys, demo_url)
    assert "meal" not in keys and "travel" not in keys and keys["drinks"]["quantity"] == 80
    assert keys["lecturer_travel_ticket"]["unit"] == "lượt"

    with pytest.raises(SystemExit) as exit_:
        run(capsys, *db, "plan", "edit", PLAN, "--payer", "learner=class")
    assert exit_.value.code == 2 and "NHÓM=class|agency" in capsys.readouterr().err


def test_lecturer_tier_from_the_catalogue(
    capsys: pytest.CaptureFixture[str], demo_url: str
) -> None:
    db = ("--db", demo_url)
    code, out, err = run(
        capsys, *db, "lecturer", "add", "Nguyễn Văn Bình", "--title", "Phó Cục trưởng",
        "--distance", "300", "--leader", "có", "--json",
    )  # fmt: skip
    added = json.loads(out)
    assert code == 0 and added["tier"] == 3 and "TT 36/2018" in err  # not tier 2
    assert added["leader"] is True and added["travel_method"] is None
    code, out, _ = run(capsys, *db, "lecturer", "edit", "Nguyễn Văn Bình", "--travel", "actual",
                       "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["travel_method"] == "actual"
    assert json.loads(out)["leader"] is True  # what was not named is kept
    code, _, err = run(capsys, *db, "lecturer", "add", "Nguyễn Văn Bình")
    assert code == 1 and "đã có giảng viên" in err


def test_agency_paid_person(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    db = ("--db", demo_url)
    code, out, _ = run(capsys, *db, "settlement", "--activity", CODE, "--json")
    document = json.loads(out)
    activity = document["activities"][0] if "activities" in document else document
    cccd = activity["people"][0]["cccd"]
    code, _, err = run(capsys, *db, "agency-paid", "--activity", CODE, "--cccd", cccd,
                       "--cccd", "000000000000")  # fmt: skip
    assert code == 1 and "000000000000" in err  # nothing marked: one CCCD is not on the list
    before = _keys(capsys, demo_url)["meal"]["quantity"]
    code, out, _ = run(capsys, *db, "agency-paid", "--activity", CODE, "--cccd", cccd, "--json")
    assert code == 0 and json.loads(out)["agency_paid"] is True
    assert _keys(capsys, demo_url)["meal"]["quantity"] == before - 2  # two days fewer
