"""Corpora: segments, their file formats and the review project."""
