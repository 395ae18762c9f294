"""Insights per lever: the formulas, the twelve weeks, signals, advice, the report."""
