"""Small reusable widgets the screens draw with."""
