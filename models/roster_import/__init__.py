"""Roster import: commune spreadsheets (.xlsx .xls .ods .csv) into people, never losing a row.

Import from the submodules (this package imports nothing, so `report_data` stays usable
without SQLAlchemy):

- `read`: files -> `RawSheet`s of original cell values with spreadsheet coordinates;
- `headers`: finds the header row (one or two rows, Nam/Nữ sub-columns, TCVN3 headings) and
  maps columns to `Field`s, with user overrides;
- `rows`: classifies rows (person or a known non-person row), repairs and validates cells;
- `dedupe`: same CCCD = same person; same name + birth year + commune = possible duplicate;
- `service`: `plan_import` (analysis, no writes) and `apply_import` (writes);
- `report_data`: plain data for the rejection report (`reports.rejects.write_rejects`).
"""
