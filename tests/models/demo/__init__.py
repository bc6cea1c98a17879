"""Tests of models.demo."""
