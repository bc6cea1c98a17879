"""Tests of models.people."""
