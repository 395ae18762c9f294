"""Running the CLI in-process as a person types it: `Cli` and a file snapshot to show
that a refused command wrote nothing. The `cli` fixture (tests/cli/conftest.py) makes a
board of three: Ana (the founder), Ben and Cara."""

from __future__ import annotations

from pathlib import Path

import pytest

from teamboard.cli import main
from teamboard.store.folder import BoardFolder


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the board but lock files, by path, with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


class Cli:
    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys

    def __call__(self, *args: str, as_: str | None = "ana") -> tuple[int, str, str]:
        argv = [*args, "--board", str(self.root)]
        if as_:
            argv += ["--as", as_]
        code = main(argv)
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str, as_: str | None = "ana") -> str:
        code, out, err = self(*args, as_=as_)
        assert code == 0, err
        return out

    def refused(self, *args: str, as_: str | None = "ana") -> str:
        """Run a command that must fail: exit 2, one line on stderr, no file changed."""
        before = snapshot(self.root)
        code, out, err = self(*args, as_=as_)
        assert code == 2, (out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("teamboard: error: ")
        assert snapshot(self.root) == before
        return lines[0]

    def state(self):
        return BoardFolder.open(self.root).load().state

    def only_experiment(self, owner: str = "ben"):
        (experiment,) = [e for e in self.state().experiments.values() if e.owner == owner]
        return experiment
