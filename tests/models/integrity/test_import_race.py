"""Two people import one roster at the same moment: one import lands, the other ends as one
sentence (no traceback, nobody stored twice) — on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from models.db import Database
from models.entities.tables import Person
from models.errors import UserError
from models.roster_import.apply import apply_import
from models.roster_import.plan import plan_import
from tests.models import roster_fixtures as fx

ROWS = [
    ["STT", "Họ và tên", "Năm sinh", "Dân tộc", "Số CCCD"],
    [1, "Lò Văn Ánh", 1970, "Thái", "011070000801"],
    [2, "Quàng Thị Én", 1985, "Thái", "011085000802"],
    [3, "Lường Văn Đức", 1979, "Thái", "011079000803"],
]


def test_two_imports_of_one_file_at_once(any_db: Database, tmp_path: Path) -> None:
    path = fx.write_xlsx(tmp_path / "ds.xlsx", {"DS": ROWS})
    first, second = any_db.sessions(), any_db.sessions()
    previews = [plan_import(s, path) for s in (first, second)]  # both analysed the empty base
    for s in (first, second):
        s.commit()  # the wizard holds no transaction while the user reads the preview
    apply_import(first, previews[0])  # written, not yet committed
    outcome: dict[str, object] = {}

    def other_user() -> None:
        try:
            apply_import(second, previews[1])
            second.commit()
            outcome["landed"] = True
        except UserError as exc:
            second.rollback()
            outcome["refused"] = str(exc)

    thread = threading.Thread(target=other_user)
    thread.start()
    time.sleep(0.3)  # the other import is waiting on the first one's rows
    first.commit()
    thread.join(30)
    first.close()
    second.close()
    assert "landed" not in outcome, "the same people imported twice"
    message = outcome["refused"]
    assert isinstance(message, str) and "\n" not in message
    assert "Lò Văn Ánh" not in message and "011070000801" not in message  # no personal data
    with any_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 3
