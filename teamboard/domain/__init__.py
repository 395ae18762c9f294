"""The board's vocabulary, state, rules and fold: no I/O, no textual."""
