"""Fixtures for the Pilot tests: the demo board, built once and copied for each test."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import boards
import pytest

from teamboard.demo import build_demo_board
from teamboard.domain.events import utcnow

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


@pytest.fixture(scope="session")
def _demo_template_now(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template-now") / "board"
    build_demo_board(root, now=utcnow())
    boards.share_keys(tmp_path_factory.getbasetemp())
    return root


@pytest.fixture
def demo_now(tmp_path, _demo_template_now) -> Path:
    """A fresh copy of the demo board built at the real time (when first asked for in the
    session), for an app on the real clock beside a colleague who runs the real command
    line: that has no clock to set, so both keep the real time."""
    root = tmp_path / "board"
    shutil.copytree(_demo_template_now, root)
    return root


@pytest.fixture(autouse=True)
def _written_just_before_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Boards made and changes written by `boards` in these tests happen just before the
    app's fixed clock (NOW), a millisecond apart, as a colleague's would: never ahead,
    unless a test dates one ahead on purpose. (A colleague in a process of its own gets
    its clock on its command line: tests/app/test_live_reload.py.)"""
    ticks = itertools.count()
    start = NOW - timedelta(seconds=30)
    monkeypatch.setattr(boards, "clock", lambda: start + timedelta(milliseconds=next(ticks)))
