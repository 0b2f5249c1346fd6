"""CLI commands, one module per area, registered at the end of :mod:`mtreview.cli`."""
