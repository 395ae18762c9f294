"""Every test runs with its own config folder and no identity or board from the caller's
environment, so nothing reads or writes the real user's files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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
