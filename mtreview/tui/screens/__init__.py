"""The screens of the review TUI."""
