"""Tests of models.settlement."""
