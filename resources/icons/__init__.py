"""TapHuan's icon set (drawn by installer/make_icons.py; the project's own design), read with
importlib.resources."""
