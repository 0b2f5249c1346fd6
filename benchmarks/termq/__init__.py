"""Term-check quality measurement on real parallel text (see ``benchmarks/term_quality.py``)."""
