"""Glossaries: terms, their files, and where they occur in source and target."""
