"""The `cli` fixture: a board of three made with `teamboard init` and `join`."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import Cli

from teamboard.cli import main


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    root = tmp_path / "board"
    assert (
        main(["init", str(root), "--name", "Platform Team", "--as", "ana", "--my-name", "Ana"]) == 0
    )
    runner = Cli(root, capsys)
    runner.ok("join", "--name", "Ben Okafor", as_="ben")
    runner.ok("join", "--name", "Cara", as_="cara")
    capsys.readouterr()
    return runner
