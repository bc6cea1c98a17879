"""Tests of models.attendance."""
