"""Every test runs with its own config folder and no identity or board from the caller's
environment, so nothing reads or writes the real user's files."""

from __future__ import annotations

import compileall
import os
import shutil
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import settings

import teamboard

# Times on screen and in the digest are in the computer's time zone ("since the last
# stand-up (Wed 09:00)"); the texts and snapshots the tests expect are written in UTC.
os.environ["TZ"] = "UTC"
time.tzset()

# In CI (CI set), Hypothesis would replay the same examples on every run (its own "ci"
# profile derandomizes): here every property explores a new seed each run and prints how
# to replay a failure (@reproduce_failure), so CI finds what one fixed seed never shows.
# A test that keeps to fixed examples says so in its own settings (tests/unit/test_text.py).
settings.register_profile(
    "teamboard-ci", derandomize=False, database=None, deadline=None, print_blob=True
)
if os.environ.get("CI"):
    settings.load_profile("teamboard-ci")

# Helpers shared by every folder of tests (boards.py) import as top-level modules.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import boards  # noqa: E402  (found through the path above)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    # The keys of demo boards built once and copied by many tests (boards.share_keys).
    shared = boards.shared_keys(tmp_path_factory.getbasetemp())
    if shared.is_dir():
        shutil.copytree(shared, home / "config" / "teamboard" / "keys")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("TEAMBOARD_USER", raising=False)
    monkeypatch.delenv("TEAMBOARD_DIR", raising=False)


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # once, in the process that starts the workers
        # The package's bytecode, written once: the suite starts the `teamboard` command,
        # the merge driver and the fold in another process a few hundred times, and where
        # PYTHONDONTWRITEBYTECODE is set (as in some containers) each would compile every
        # module again. compileall writes regardless, and only what changed.
        compileall.compile_dir(Path(teamboard.__file__).parent, quiet=1)
    config.addinivalue_line(
        "markers",
        "needs_program(found, reason): the test runs a program that may not be installed; "
        "skipped where it is missing, except in CI (CI set), where .ci/run installs it",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test whose program is missing is skipped on a developer's machine, saying why, and
    fails in CI: there .ci/run installs the program, so a missing one is a broken install,
    not a reason to pass."""
    for mark in item.iter_markers("needs_program"):
        found, reason = mark.args
        if found is None:
            if os.environ.get("CI"):
                pytest.fail(f"{reason} (CI installs it in .ci/run: the install failed)", False)
            pytest.skip(reason)


@pytest.fixture(scope="session")
def demo_board_at(tmp_path_factory) -> Callable[[datetime], Path]:
    """The demo board built at a given time, once per session (per worker) for each time:
    a test copies it (`shutil.copytree`) rather than building its own, which takes about as
    long as a short Pilot test."""
    from teamboard.demo import build_demo_board

    built: dict[datetime, Path] = {}

    def at(now: datetime) -> Path:
        if now not in built:
            root = tmp_path_factory.mktemp("demo-template") / "board"
            build_demo_board(root, now=now)
            boards.share_keys(tmp_path_factory.getbasetemp())
            built[now] = root
        return built[now]

    return at
