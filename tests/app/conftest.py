"""Fixtures for the Pilot tests: the demo board, built once and copied for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from teamboard.demo import build_demo_board

from .helpers import NOW


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template") / "board"
    build_demo_board(root, now=NOW)
    return root


@pytest.fixture
def demo(tmp_path, _demo_template) -> Path:
    """A fresh copy of the demo board (built once per session, at NOW)."""
    root = tmp_path / "board"
    shutil.copytree(_demo_template, root)
    return root
