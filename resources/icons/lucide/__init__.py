"""Lucide icons (lucide-static 1.62.0, ISC licence: LICENSE beside them), only those used."""
