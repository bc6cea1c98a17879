"""Norm sets (định mức chi): TOML files read and validated into plain data (`files`) and
the sets kept in the database, derived per province and edited with their source (`store`).

Caps are data, never literals in code. May import: models.entities, models.budget.rules,
models.concurrency (row versions).

This __init__ imports nothing: import from the modules.
"""
