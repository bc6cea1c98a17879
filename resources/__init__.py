"""Data files: fonts, norm sets, translations, icons. Read with importlib.resources."""
