"""Allow ``python -m mtreview``."""

from __future__ import annotations

from mtreview.cli import main

main()
