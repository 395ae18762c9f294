"""The demo team, one module per person: what each of them wrote over four months."""
