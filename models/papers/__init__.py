"""The papers' plain data: frozen dataclasses without SQLAlchemy (`data`, which reports/
reads) and the builders that fill them from the database (the other modules).

May import: models.entities, models.lookup, models.settlement, models.budget, models.text.

This __init__ imports nothing: import from the modules.
"""
