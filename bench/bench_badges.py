"""Badges at campaign size (scenario B: 113 classes, 17,269 learners), beside the sign-in sheets.

Both in this one process, read from SQLite and drawn to PDF, best of REPEAT runs:
  * sign-in sheets: the 113 sheets (models.papers.sign_in, reports.signin), one file each;
  * badges: one card per learner with their check-in QR code, 10 to an A4 sheet, one file.
  * certificates: everyone marked present (setup), then the plan's certificates numbered in the
    register (a re-print after the first run) and drawn one to a page, one file.
Goal: badges and certificates each ≤ the sign-in sheets' time.

    python -m bench badges
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.bench_papers import _peak_mb, _timed

REPEAT = 3


def main() -> None:
    import resource

    from pypdf import PdfReader

    from models.db import Database
    from models.demo import scenarios as demo
    from models.papers.badges import build_badges
    from models.papers.certificates import build_certificates
    from models.papers.sign_in import sign_in_sheets_for_plan
    from reports.badges import write_badges_pdf
    from reports.certificates import write_certificates_pdf
    from reports.signin import write_sign_in

    print(f"Scenario B: {demo.CAMPAIGN_SESSIONS} sessions, {demo.CAMPAIGN_PEOPLE:,} people")
    with tempfile.TemporaryDirectory(prefix="bench-badges-") as tmp:
        folder = Path(tmp)
        db = Database(f"sqlite:///{folder / 'b.sqlite3'}")

        def load() -> int:
            with db.write() as s:
                return demo.load_scenario_b(s).id

        pid, _ = _timed("load scenario B into SQLite (setup, not a goal)", load)
        signin = folder / "signin"
        signin.mkdir()

        def sign_in() -> int:
            with db.read() as s:
                sheets = sign_in_sheets_for_plan(s, pid)
            for n, sheet in enumerate(sheets):
                write_sign_in(sheet, signin / f"{n:03d}.pdf")
            return len(sheets)

        def badges() -> Any:
            with db.read() as s:
                sheet = build_badges(s, plan_id=pid)
            return write_badges_pdf(sheet, folder / "the.pdf"), len(sheet.badges)

        count, t_sign = _timed("sign-in sheets: read + draw, one process", sign_in, REPEAT)
        (path, cards), t_badges = _timed("badges: read + draw, one process", badges, REPEAT)

        def mark() -> None:
            from models.attendance.marks import set_all_present
            from models.lookup import plan_activity_ids

            with db.write() as s:
                for aid in plan_activity_ids(s, pid):
                    set_all_present(s, aid, by="bench")

        _timed("mark everyone present (setup, not a goal)", mark)

        def certificates() -> Any:
            with db.write() as s:
                sheet = build_certificates(s, plan_id=pid)
            return write_certificates_pdf(sheet, folder / "gcn.pdf"), len(sheet.entries)

        (cert_path, certs), t_cert = _timed("certificates: number + draw", certificates, REPEAT)
        pages = len(PdfReader(path).pages)
        print(f"  {count} sign-in files; {cards:,} badges on {pages:,} pages, "
              f"{path.stat().st_size / 1e6:.1f} MB")  # fmt: skip
        print(f"  {certs:,} certificates, {cert_path.stat().st_size / 1e6:.1f} MB")
        print(f"  ratio badges / sign-in sheets: {t_badges / t_sign:.2f} (goal ≤ 1.00)")
        print(f"  ratio certificates / sign-in sheets: {t_cert / t_sign:.2f} (goal ≤ 1.00)")
        db.close()
    print(f"  peak resident set, this process: {_peak_mb(resource.RUSAGE_SELF):6.0f} MB")


if __name__ == "__main__":
    main()
