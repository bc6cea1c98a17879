"""The budget estimate (dự toán) and the rules it shares with the settlement.

`rules`: participant categories, supports, the norm items each rule is checked against and how
quantities are counted; `entitlements`: quantities per person and per lecturer from what they
attended; `generate`: lines from roster, buổi, venue and lecturers; `estimate`: the checked
estimate of an activity and of a plan; `edit`: manual lines, overrides, plan settings.

May import: models.entities, models.lookup, models.guard, models.text, models.norms.files.

This __init__ imports nothing: import from the modules.
"""
