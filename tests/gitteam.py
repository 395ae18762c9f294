"""Teams of computers sharing a board through git, for the tests: a bare repository standing
for the team's server, and clones of it in temp folders."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from teamboard.cli import main

REPO = Path(__file__).resolve().parents[1]


class Team:
    """A bare repository standing for the team's server, and one clone per computer.

    The commands run in this process, to keep the tests quick: git runs as processes of
    its own, and runs the merge driver as one. Syncs at the same time (`sync_at_once`)
    are processes of their own, as on computers of their own."""

    def __init__(self, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp = tmp
        gitconfig = tmp / "gitconfig"
        gitconfig.write_text("")  # nothing from this machine's own git settings
        for name, value in {
            "PYTHONPATH": str(REPO),
            "GIT_CONFIG_GLOBAL": str(gitconfig),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Team",
            "GIT_AUTHOR_EMAIL": "team@example.org",
            "GIT_COMMITTER_NAME": "Team",
            "GIT_COMMITTER_EMAIL": "team@example.org",
            "GIT_EDITOR": "true",
        }.items():
            monkeypatch.setenv(name, value)
        self.env = dict(os.environ)
        self.remote = tmp / "remote.git"
        self.git(tmp, "init", "-q", "--bare", "-b", "main", str(self.remote))

    def git(self, where: Path, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=where, env=self.env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def clone(self, name: str) -> Path:
        self.git(self.tmp, "clone", "-q", str(self.remote), name)
        return self.tmp / name

    def argv(self, clone: Path, who: str, *args: str) -> list[str]:
        return [sys.executable, "-m", "teamboard", *args, "--board", str(clone), "--as", who]

    def run(self, clone: Path, who: str, *args: str) -> subprocess.CompletedProcess[str]:
        argv = self.argv(clone, who, *args)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv[3:])
        return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())

    def ok(self, clone: Path, who: str, *args: str) -> str:
        done = self.run(clone, who, *args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def refused(self, clone: Path, who: str, *args: str) -> str:
        """A command that must fail: exit 2 and one line on stderr."""
        done = self.run(clone, who, *args)
        assert done.returncode == 2, (done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("teamboard: error: "), done.stderr
        return lines[0].removeprefix("teamboard: error: ")

    def add(self, clone: Path, who: str, title: str) -> str:
        """A new experiment; its short id."""
        match = re.search(r"Added experiment (\w+) ", self.ok(clone, who, "add", title))
        assert match, title
        return match.group(1)

    def sync_at_once(self, *computers: tuple[Path, str]) -> list[str]:
        procs = [
            subprocess.Popen(
                self.argv(clone, who, "sync"),
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for clone, who in computers
        ]
        outputs = []
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
            outputs.append(out)
        return outputs

    def push_by_hand(self, clone: Path, message: str) -> None:
        """What a teammate does with plain git: commit everything, push."""
        self.git(clone, "add", "-A")
        self.git(clone, "commit", "-qm", message)
        self.git(clone, "push", "-q")

    def head(self, clone: Path) -> str:
        return self.git(clone, "rev-parse", "HEAD")

    def remote_head(self) -> str:
        return self.git(self.remote, "rev-parse", "main")

    def found(self, who: str = "ana") -> Path:
        """`who`'s clone with a new board made in git by `init --git`, pushed by a sync."""
        clone = self.clone(who)
        out = self.ok(clone, who, "init", str(clone), "--name", "Platform Team", "--git")
        assert f"Committed .gitattributes, .gitignore, board.json, people/{who}.json." in out
        assert self.ok(clone, who, "sync").splitlines()[-1] == "Pushed to origin/main."
        return clone

    def join(self, who: str, computer: str | None = None) -> Path:
        """A clone for `who` (on their computer named `computer`), joined and synced."""
        clone = self.clone(computer or who)
        if not (clone / "people" / f"{who}.json").exists():
            self.ok(clone, who, "join", "--name", who.title())
        self.ok(clone, who, "sync")
        return clone

    def hook(self, git_dir: Path, name: str, script: str) -> Path:
        """A git hook (a shell script) in a repository's hooks folder."""
        hook = git_dir / "hooks" / name
        hook.write_text(f"#!/bin/sh\n{script}")
        hook.chmod(0o755)
        return hook
