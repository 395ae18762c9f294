"""The app's screens: they show the state and send actions; they never write files."""
