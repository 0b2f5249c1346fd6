"""The Textual review TUI: it reaches the core only through :mod:`mtreview.review`."""
