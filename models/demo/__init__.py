"""Demo data, generated deterministically: scenario A (the Lai Châu classes) and B (the Tuần
Giáo campaign) in `scenarios`, the invented population they enrol in `population`.

May import: models.entities, models.people. This __init__ imports nothing: import from the
modules.
"""
