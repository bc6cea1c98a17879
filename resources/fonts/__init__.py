"""Bundled fonts (Liberation Serif 2, SIL Open Font License), read with importlib.resources."""
