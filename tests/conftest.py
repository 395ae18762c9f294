"""Every test runs with its own config folder and no identity or board from the caller's
environment, so nothing reads or writes the real user's files."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

# Times on screen and in the digest are in the computer's time zone ("since the last
# stand-up (Wed 09:00)"); the texts and snapshots the tests expect are written in UTC.
os.environ["TZ"] = "UTC"
time.tzset()

# Helpers shared by every folder of tests (boards.py) import as top-level modules.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("TEAMBOARD_USER", raising=False)
    monkeypatch.delenv("TEAMBOARD_DIR", raising=False)
