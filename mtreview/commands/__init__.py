"""Commands of the ``mtreview`` command line, one module per area."""
