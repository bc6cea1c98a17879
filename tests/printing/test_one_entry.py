"""Adding a paper is one registry entry: a new entry (builder and writers in this module) is
offered by `taphuan-cli print`, written per activity, merged and to a folder, with its total."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cli.main import main
from models.lookup import activity_id, get_activity
from printing import registry
from printing.registry import Paper, PdfWriter
from tests.reports.helpers import pages, text_of


@dataclass(frozen=True)
class Card:
    title: str
    code: str
    total: int
    warnings: tuple[str, ...] = ()


def build_card(session: Any, activity: int, *, date: object = None) -> Card:
    a = get_activity(session, activity)
    return Card(f"Thẻ lớp {a.code}", a.code, total=1_000, warnings=("một lưu ý",))


def card_story(card: Card) -> list[Any]:
    from reportlab.platypus import Paragraph

    from reports.text import para, styles

    return [Paragraph(para(card.title), styles().body)]


def write_card(card: Card, path: Path) -> Path:
    from reports.pages import PORTRAIT, SectionStart, build_pdf

    return build_pdf(path, [SectionStart(), *card_story(card)], PORTRAIT, title=card.title)


CARD = Paper(
    key="class-card",
    title="Thẻ lớp",
    scopes=frozenset({"activity", "plan"}),
    per_activity=True,
    build=f"{__name__}:build_card",
    pdf=PdfWriter(f"{__name__}:write_card", f"{__name__}:card_story", "reports.pages:PORTRAIT"),
    stem="the-lop",
    total=lambda card: int(card.total),
)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_a_new_entry_is_a_cli_paper(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    monkeypatch.setattr(registry, "PAPERS", (*registry.PAPERS, CARD))
    code, doc, err = _cli(
        capsys,
        "--db",
        demo_url,
        "print",
        "class-card",
        "--plan",
        "KH-TTDN-2023",
        "--out",
        str(tmp_path / "the"),
        "--workers",
        "1",
    )  # fmt: skip (spawned workers would not see the patch)
    assert code == 0, err
    assert doc["paper"] == "class-card" and doc["sheets"] == 7 and doc["total"] == 7_000
    names = sorted(Path(f["path"]).name for f in doc["files"])
    assert names == [f"the-lop-ttdn23-l{n:02d}.pdf" for n in range(1, 8)]
    assert "Lưu ý: một lưu ý" in err and err.count("một lưu ý") == 1  # once, not 7 times
    code, doc, err = _cli(capsys, "--db", demo_url, "print", "class-card", "--plan",
                          "KH-TTDN-2023", "--out", str(tmp_path / "all.pdf"))  # fmt: skip
    assert code == 0, err
    texts = pages(tmp_path / "all.pdf")
    assert doc["pages"] == len(texts) == 7
    assert "Thẻ lớp TTDN23-L07" in texts[-1]
    code, doc, err = _cli(capsys, "--db", demo_url, "print", "class-card", "--activity",
                          "TTDN23-L02", "--out", str(tmp_path / "one.pdf"))  # fmt: skip
    assert code == 0 and doc["total"] == 1_000
    assert "Thẻ lớp TTDN23-L02" in text_of(tmp_path / "one.pdf")


def test_the_print_centre_lists_every_entry() -> None:
    from desktop.print_jobs import CHOICES

    assert [c.key for c in CHOICES] == [f"{p.key}.{f}" for p in registry.PAPERS for f in p.formats]


def test_scope_refusals(demo_db: Any) -> None:
    from models.errors import UserError
    from printing.output import produce, scope_of

    with demo_db.read() as s:
        aid = activity_id(s, "TTDN23-L01")
    one = scope_of(demo_db, activity_id=aid)
    with pytest.raises(UserError, match="cần --plan"):
        produce(demo_db, registry.paper("settlement"), "xlsx", one, file=Path("/nonexistent.xlsx"))
    with pytest.raises(UserError, match="không có dạng XLSX"):
        produce(demo_db, registry.paper("sign-in"), "xlsx", one, file=Path("/x.xlsx"))
