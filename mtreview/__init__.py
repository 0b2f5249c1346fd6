"""mtreview: review machine translation against a term glossary, in the terminal."""

from __future__ import annotations

__version__ = "0.1.0"
