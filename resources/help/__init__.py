"""The user guide (Vietnamese and English HTML) and its pictures, read with importlib.resources."""
