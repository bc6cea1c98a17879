"""Tests of models.planning."""
