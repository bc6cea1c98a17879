"""Attendance (điểm danh): marks with their change log (`marks`) and check-in from a
CCCD QR code or number (`checkin`).

Every write passes models.guard (a locked activity refuses). May import: models.entities,
models.lookup, models.guard, models.text, models.budget.rules.

This __init__ imports nothing: import from the modules.
"""
