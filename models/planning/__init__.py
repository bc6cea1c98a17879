"""Planning: organising units, funding sources, plans, venues, lecturers, activities and
their buổi (`setup`), read-only summaries of them (`catalog`), the plan dashboard's figures
(`dashboard`), the plan check (`clashes`), a plan's month as a calendar (`calendar`).

May import: models.entities, models.lookup, models.guard, models.text, models.budget (the
dashboard sums the estimate).

This __init__ imports nothing: import from the modules.
"""
