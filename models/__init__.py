"""Qt-free core: SQLAlchemy models, sessions, norms, budget and settlement rules, roster import."""
