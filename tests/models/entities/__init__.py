"""Tests of models.entities."""
