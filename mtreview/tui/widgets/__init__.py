"""The widgets of the review TUI."""
