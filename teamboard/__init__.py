"""teamboard: a team's learning experiments, visible after training."""

__version__ = "0.1.0"
