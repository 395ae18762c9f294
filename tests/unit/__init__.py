"""Unit tests of the domain (model and board): no textual here."""
