"""Reference catalogues shipped as data (the lecturer tiers by position), read with
importlib.resources."""
