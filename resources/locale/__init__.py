"""Translations: the English catalogue of the interface and Vietnamese for Qt's own dialogs."""
