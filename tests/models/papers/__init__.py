"""Tests of models.papers."""
