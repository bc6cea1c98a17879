"""Norm sets (định mức chi) shipped as TOML data files, read with importlib.resources."""
