"""Translations (Qt Linguist .ts sources; .qm files are built)."""
