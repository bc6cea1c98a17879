"""Planning: organising units, funding sources, plans, venues, lecturers, activities and
their buổi (`setup`), read-only summaries of them (`catalog`), the plan dashboard's figures
(`dashboard`), the plan check (`clashes`), a plan's month as a calendar (`calendar`),
campaign schedules read from a file or generated into outreach sessions (`schedule_read`,
`schedule`); editing (`editing`), removing (`removal`) and undoable actions (`undo`). The
seat rule lives below, in models.capacity (people and roster imports use it too).

May import: models.entities, models.lookup, models.guard, models.text, models.budget (the
dashboard sums the estimate), models.roster_import (a schedule file is read as a roster is),
models.concurrency (row versions), models.people (undoing enrolments and person edits).

This __init__ imports nothing: import from the modules.
"""
