"""Tests of installer/: the NSIS script, the frozen entry points, the resources."""
