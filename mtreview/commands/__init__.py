"""CLI commands beyond ``check``, one module per area, registered at the end of ``cli.py``."""
