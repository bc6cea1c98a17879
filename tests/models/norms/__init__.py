"""Tests of models.norms."""
