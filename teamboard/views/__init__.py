"""Read models over a state and a clock: feed, cards, stand-up, check-up, people, insights."""
