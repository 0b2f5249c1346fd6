"""Allow ``python -m mtreview``."""

from __future__ import annotations

from mtreview.cli import main

if __name__ == "__main__":  # a worker started afresh imports the main module again
    main()
