"""Settlement (quyết toán): payouts computed from attendance (`compute`), as plain
data with its JSON snapshot (`data`), and locking or reopening an activity (`locking`).

May import: models.entities, models.lookup, models.guard, models.budget, models.text,
models.papers.data (the payout columns).

This __init__ imports nothing: import from the modules.
"""
