"""Fixtures for the Pilot tests: the demo board, built once and copied for each test."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import boards
import pytest

from .helpers import NOW


@pytest.fixture(scope="session")
def _demo_template(demo_board_at: Callable[[datetime], Path]) -> Path:
    return demo_board_at(NOW)


@pytest.fixture
def demo(tmp_path, _demo_template) -> Path:
    """A fresh copy of the demo board (built once per session, at NOW)."""
    root = tmp_path / "board"
    shutil.copytree(_demo_template, root)
    return root


@pytest.fixture(autouse=True)
def _written_just_before_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Boards made and changes written "elsewhere" in these tests happen just before the
    app's fixed clock (NOW), a millisecond apart, as a colleague's would: never ahead."""
    ticks = itertools.count()
    start = NOW - timedelta(seconds=30)
    monkeypatch.setattr(boards, "clock", lambda: start + timedelta(milliseconds=next(ticks)))
